"""The layering of the apps: no import circle between ``cases``, ``review``, ``records``,
``discretion`` and ``assist``, and one SM3 in JavaScript.

``review`` builds on ``cases`` (a review round belongs to a case) and ``records`` reads
both; the other way round, ``cases`` asks only ``cases.review_policy`` and
``review.time_limit``, and ``review`` makes its case-file findings with ``records.findings``.
The graph is read from the source — imports inside functions included, since a deferred
import only hides a circle — so a new circle fails here, not as an ImportError that depends
on which module happens to be imported first.
"""

import ast
import functools
import importlib
from pathlib import Path

import pytest

import sanxiang

SOURCE = Path(sanxiang.__file__).parent
LAYERED = ("cases", "review", "records", "discretion", "assist")


def _modules() -> dict[str, Path]:
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


def _import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the sanxiang modules it imports anywhere in its text."""

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets.update(resolve(f"{node.module}.{alias.name}") for alias in node.names)
            elif isinstance(node, ast.Import):
                targets.update(resolve(alias.name) for alias in node.names)
        graph[name] = {t for t in targets if t and t != name and t.startswith("sanxiang.")}
    return graph


@functools.cache
def _source_graph() -> dict[str, set[str]]:
    """The source's import graph, parsed once for the tests below (parsing every module was
    most of each test's time); they only read it."""
    return _import_graph(_modules())


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _app(module: str) -> str:
    return [*module.split("."), ""][1]


def test_no_import_circle_between_cases_review_and_records():
    graph = _source_graph()
    assert "sanxiang.cases.review_policy" in graph["sanxiang.cases.guards"]  # the graph is read
    across = [sorted(c) for c in _circles(graph)
              if len({_app(m) for m in c} & set(LAYERED)) > 1]
    assert across == []


def test_the_two_former_circles_stay_broken():
    """cases.guards ↔ review.rules (the review-required predicate) and records.casefile ↔
    review.completeness (the case file's findings)."""
    graph = _source_graph()
    for one, other in (("sanxiang.cases.guards", "sanxiang.review.rules"),
                       ("sanxiang.records.casefile", "sanxiang.review.completeness")):
        circle = next((c for c in _circles(graph) if one in c), set())
        assert other not in circle, (one, other, sorted(circle))


def test_cases_reaches_assistance_only_through_hooks():
    """The case engine calls the 裁量基准 gate, the decision's 裁量说明, the step form's
    suggested range and the similar-case index through the hook points of ``cases.hooks``,
    registered by the apps' ready(); no module of ``cases`` imports either app."""
    graph = _source_graph()
    reaching = {module: sorted(t for t in targets if _app(t) in {"assist", "discretion"})
                for module, targets in graph.items() if _app(module) == "cases"}
    reaching = {module: targets for module, targets in reaching.items() if targets}
    assert reaching == {}


def test_the_assistance_apps_register_their_hooks():
    from sanxiang.assist.similar import index_on_change
    from sanxiang.cases import hooks
    from sanxiang.discretion import statement
    from sanxiang.discretion.benchmarks import suggestion_for_form
    from sanxiang.discretion.gate import before_step_completed

    assert before_step_completed in hooks.handlers(hooks.BEFORE_STEP_COMPLETED)
    assert index_on_change in hooks.handlers(hooks.CASE_CHANGED)
    assert suggestion_for_form in hooks.handlers(hooks.FINE_ADVICE)
    assert statement.document_content in hooks.handlers(hooks.DOCUMENT_CONTENT)
    assert statement.document_elements in hooks.handlers(hooks.DOCUMENT_ELEMENTS)


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


@pytest.mark.parametrize("app", LAYERED)
def test_every_module_of_the_layered_apps_imports(app):
    for name in sorted(_modules()):
        if name.startswith(f"sanxiang.{app}."):
            importlib.import_module(name)


def test_sm3_in_javascript_is_written_once():
    """One SM3 for the browser (sanxiang/sm3.js), loaded by the decision's and the draw's
    verification pages before their own scripts."""
    iv = "0x7380166f"
    holders = sorted(str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.js")
                     if iv in p.read_text(encoding="utf-8"))
    assert holders == ["static/sanxiang/sm3.js"]
    for template in ("disclosure/templates/disclosure/public_decision.html",
                     "inspections/templates/inspections/public_draw.html"):
        text = (SOURCE / template).read_text(encoding="utf-8")
        own = "disclosure/verify.js" if "disclosure" in template else "inspections/draw.js"
        assert -1 < text.find("sanxiang/sm3.js") < text.find(own), template
