"""The draw as a pure function (R-INS-03): recomputable, and bound to its inputs."""

import copy
import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.inspections import drawing


def lists_of(n_objects=40, n_inspectors=6, take=5, per_object=2, conflicts=(),
             algorithm="sm3", strata=None):
    objects = [f"T{i:05d}" for i in range(n_objects)]
    return {
        "format": drawing.FORMAT, "algorithm": algorithm,
        "task": {"number": "长安区应急抽查〔2026〕1号", "title": "测试", "body": "长安区应急管理局",
                 "partners": [], "items": ["AQ-SJ-001"], "period": ["2026-01-01", "2026-03-01"]},
        "fixed_on": "2026-01-01", "seed_source": "见证人摇号", "per_object": per_object,
        "strata": strata or [{"key": "ALL", "ratio": "10", "take": take, "objects": objects}],
        "inspectors": [f"C{i:03d}" for i in range(n_inspectors)],
        "conflicts": [list(p) for p in conflicts],
    }


def test_same_lists_and_seed_give_the_same_draw_R_INS_03():
    lists = lists_of()
    first = drawing.draw(lists, "12 34 56")
    assert first == drawing.draw(copy.deepcopy(lists), "12  34 56 ")  # spaces normalised
    assert len(first["selected"]) == 5
    assert len({s["object"] for s in first["selected"]}) == 5
    for selected in first["selected"]:
        assert len(set(selected["inspectors"])) == 2


def test_known_answer_is_stable_R_INS_03():
    """A fixed vector: the algorithm may never change silently (the ADR quotes it)."""
    result = drawing.draw(lists_of(n_objects=10, n_inspectors=4, take=3), "20260101")
    assert drawing.digest("sm3", lists_of(n_objects=10, n_inspectors=4, take=3)) == \
        result["lists_digest"]
    assert [(s["object"], s["inspectors"]) for s in result["selected"]] == KNOWN_ANSWER


KNOWN_ANSWER = [("T00003", ["C003", "C001"]), ("T00007", ["C000", "C002"]),
                ("T00008", ["C003", "C001"])]


def test_workloads_stay_even_R_INS_03():
    result = drawing.draw(lists_of(n_objects=100, n_inspectors=10, take=50), "7")
    counts = {}
    for selected in result["selected"]:
        for number in selected["inspectors"]:
            counts[number] = counts.get(number, 0) + 1
    assert max(counts.values()) - min(counts.values()) <= 1


def test_stratified_draw_takes_each_stratum_R_INS_02():
    strata = [{"key": "A", "ratio": "5", "take": 1, "objects": [f"A{i}" for i in range(20)]},
              {"key": "D", "ratio": "80", "take": 8, "objects": [f"D{i}" for i in range(10)]}]
    result = drawing.draw(lists_of(strata=strata), "99")
    keys = [s["stratum"] for s in result["selected"]]
    assert keys.count("A") == 1 and keys.count("D") == 8
    assert all(s["object"].startswith(s["stratum"]) for s in result["selected"])


directories = st.integers(min_value=1, max_value=60).flatmap(lambda n: st.tuples(
    st.just(n),
    st.integers(min_value=2, max_value=8),  # inspectors
    st.integers(min_value=0, max_value=n),  # take
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 7)), max_size=30),
    st.text(alphabet="0123456789 ", min_size=1, max_size=12).filter(str.strip),
))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(directories)
def test_conflicted_inspectors_are_never_drawn_R_INS_02(case):
    n, m, take, pairs, seed = case
    conflicts = sorted({(f"T{o:05d}", f"C{i:03d}") for o, i in pairs if i < m})
    # Objects left with fewer than two free inspectors are removed before the lists are
    # fixed (inspections.candidates); here: keep only those that still can be staffed.
    lists = lists_of(n_objects=n, n_inspectors=m, take=take, conflicts=conflicts)
    blocked = {}
    for o, _i in conflicts:
        blocked[o] = blocked.get(o, 0) + 1
    lists["strata"][0]["objects"] = [o for o in lists["strata"][0]["objects"]
                                     if m - blocked.get(o, 0) >= 2]
    lists["strata"][0]["take"] = min(take, len(lists["strata"][0]["objects"]))
    result = drawing.draw(lists, seed)
    chosen = {s["object"] for s in result["selected"]}
    assert chosen <= set(lists["strata"][0]["objects"])
    assert len(chosen) == lists["strata"][0]["take"]
    for selected in result["selected"]:
        for number in selected["inspectors"]:
            assert (selected["object"], number) not in set(conflicts)
    # Anyone recomputes the same draw from the published data.
    published = {"lists": lists, "lists_digest": drawing.digest("sm3", lists), "seed": seed,
                 "result": result, "result_digest": drawing.digest("sm3", result)}
    assert drawing.verify(json.loads(json.dumps(published))) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=39), st.text(min_size=1, max_size=8).filter(str.strip))
def test_any_change_to_lists_or_seed_is_detected_R_INS_03(index, other_seed):
    lists = lists_of()
    result = drawing.draw(lists, "31415")
    published = {"lists": lists, "lists_digest": drawing.digest("sm3", lists), "seed": "31415",
                 "result": result, "result_digest": drawing.digest("sm3", result)}
    assert drawing.verify(copy.deepcopy(published)) == []
    # One object of the list swapped for another: the lists' digest no longer matches.
    changed = copy.deepcopy(published)
    changed["lists"]["strata"][0]["objects"][index] = "X99999"
    assert drawing.verify(changed)
    assert drawing.digest("sm3", changed["lists"]) != published["lists_digest"]
    # Another seed: a different draw, so the published result no longer matches.
    if drawing.normalise_seed(other_seed) != "31415":
        reseeded = copy.deepcopy(published)
        reseeded["seed"] = other_seed
        assert drawing.verify(reseeded)


def test_sha256_lists_are_drawn_too_R_INS_03():
    lists = lists_of(algorithm="sha256")
    result = drawing.draw(lists, "1")
    assert result["lists_digest"].startswith("sha256:")
    assert result != drawing.draw(lists_of(), "1")


def test_standalone_verifier_without_django_R_INS_03(tmp_path):
    lists = lists_of()
    result = drawing.draw(lists, "2718")
    published = {"lists": lists, "lists_digest": drawing.digest("sm3", lists), "seed": "2718",
                 "result": result, "result_digest": drawing.digest("sm3", result)}
    good = tmp_path / "draw.json"
    good.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sanxiang.inspections.verify", str(good)],
                         capture_output=True, text=True, env={"PYTHONPATH": "src"}, check=False)
    assert run.returncode == 0, run.stderr
    assert "一致" in run.stdout
    published["result"]["selected"][0]["inspectors"].reverse()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sanxiang.inspections.verify", str(bad)],
                         capture_output=True, text=True, env={"PYTHONPATH": "src"}, check=False)
    assert run.returncode == 1
    assert "第 1 个抽中对象不符" in run.stdout


NODE_RUNNER = """
global.window = global;
global.document = {readyState: "complete", getElementById: () => null};
require(process.argv[2]);  // sanxiang/sm3.js, loaded first as on the page
require(process.argv[3]);
const cases = JSON.parse(require("fs").readFileSync(process.argv[4], "utf8"));
const d = window.sanxiangDraw;
console.log(JSON.stringify(cases.map(([lists, seed]) => {
  const digest = lists.algorithm + ":" +
    d.hex(d.sm3(new TextEncoder().encode(d.canonical(lists))));
  return {lists_digest: digest, selected: d.draw(lists, seed, digest)};
})));
"""


def test_browser_code_draws_as_the_python_definition_R_INS_03(tmp_path):
    """draw.js (the portal's 验证) and drawing.py agree on varied inputs, byte for byte."""
    import random
    import shutil
    from pathlib import Path

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; the browser test covers draw.js")
    rng = random.Random(13)
    cases = []
    for index in range(12):
        n, m = rng.randint(1, 80), rng.randint(2, 9)
        conflicts = sorted({(f"T{rng.randrange(n):05d}", f"C{rng.randrange(m):03d}")
                            for _ in range(rng.randint(0, 5))})
        lists = lists_of(n_objects=n, n_inspectors=m, take=rng.randint(0, n),
                         conflicts=conflicts)
        lists["task"]["title"] = f"第{index}次\u001f“引号”\\ \n测试"
        blocked = {}
        for o, _i in conflicts:
            blocked[o] = blocked.get(o, 0) + 1
        stratum = lists["strata"][0]
        stratum["objects"] = [o for o in stratum["objects"] if m - blocked.get(o, 0) >= 2]
        stratum["take"] = min(stratum["take"], len(stratum["objects"]))
        if index % 3 == 0 and not conflicts:  # a joint task: one inspector of each body
            lists["each_group"] = True
            lists["groups"] = {name: ("甲局", "乙局")[j % 2]
                               for j, name in enumerate(lists["inspectors"])}
        cases.append((lists, f" {rng.randrange(10**6)}  {index} "))
    (tmp_path / "cases.json").write_text(json.dumps(cases, ensure_ascii=False),
                                         encoding="utf-8")
    (tmp_path / "run.js").write_text(NODE_RUNNER, encoding="utf-8")
    script = Path(drawing.__file__).parent / "static" / "inspections" / "draw.js"
    sm3 = Path(drawing.__file__).parent.parent / "static" / "sanxiang" / "sm3.js"
    run = subprocess.run([node, str(tmp_path / "run.js"), str(sm3), str(script),
                          str(tmp_path / "cases.json")], capture_output=True, text=True,
                         check=True)
    ours = json.loads(run.stdout)
    for (lists, seed), theirs in zip(cases, ours, strict=True):
        expected = drawing.draw(lists, seed)
        assert theirs["lists_digest"] == expected["lists_digest"]
        assert theirs["selected"] == expected["selected"]
