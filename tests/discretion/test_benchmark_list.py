"""The computable 裁量基准 is a versioned list like the others (R-AST-02, R-PUB-02): its
factors and mode survive the Excel round trip, bad factors are refused by row in Chinese,
and entries published before the factors existed keep their digests."""

import io
from datetime import date

import pytest
from catalog.samples import SAMPLES
from openpyxl import load_workbook

from sanxiang.catalog import actions, queries, spreadsheets, values
from sanxiang.catalog.models import DiscretionBenchmark
from sanxiang.core.errors import RuleViolation

pytestmark = pytest.mark.django_db
WEIGHTED = ("危害后果（40%）：轻微=20，一般=60，严重=100；持续时间（30%）：一个月以内=20，"
            "三个月以上=100；主观过错（30%）：过失=40，故意=100")


def publish(body, kind, rows, on=date(2026, 1, 1)):
    catalogue = actions.get_or_create_catalogue(body=body, kind=kind, acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None, effective_from=on,
                            note="首次公布", add=rows)
    return catalogue


@pytest.fixture
def benchmarks(body_a, fields):
    publish(body_a, "items", SAMPLES["items"])
    computable = {**SAMPLES["benchmarks"][0], "level": "一般", "mode": "weighted",
                  "factors": WEIGHTED, "fine_min": "20000",
                  "fine_max": "200000", "violation": "排放大气污染物未取得许可"}
    return publish(body_a, "benchmarks", [*SAMPLES["benchmarks"], computable])


def test_factors_survive_the_excel_round_trip_R_AST_02(benchmarks):
    version = queries.latest_version(benchmarks)
    entry = DiscretionBenchmark.objects.get(catalogue=benchmarks, mode="weighted")
    assert entry.factors[0] == {"name": "危害后果", "weight": "40", "levels": [
        {"name": "轻微", "score": "20"}, {"name": "一般", "score": "60"},
        {"name": "严重", "score": "100"}]}
    exported = spreadsheets.export_xlsx(benchmarks, version)
    rows = list(load_workbook(io.BytesIO(exported)).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert WEIGHTED in rows[3][header.index(values.label(DiscretionBenchmark, "factors"))]
    report = spreadsheets.import_file(benchmarks, exported, acting_user=None,
                                      effective_from=date(2026, 2, 1), note="导入")
    assert report.ok, report.lines()
    assert (report.unchanged, report.changed) == (3, [])


def test_bad_factors_are_refused_in_chinese_R_AST_02(benchmarks):
    entry = DiscretionBenchmark.objects.get(catalogue=benchmarks, mode="weighted")
    for text in ("危害后果：轻微", "初次/再次：初次=从轻，再次=100", "危害后果（40%）：轻微=从轻"):
        with pytest.raises(RuleViolation) as refused:
            actions.publish_version(catalogue=benchmarks, acting_user=None,
                                    effective_from=date(2026, 3, 1), note="改",
                                    change={entry.pk: {"factors": text}})
        assert refused.value.code == "R-PUB-01"
    with pytest.raises(RuleViolation):  # the weighted mode needs scores
        actions.publish_version(catalogue=benchmarks, acting_user=None,
                                effective_from=date(2026, 3, 1), note="改",
                                change={entry.pk: {"factors": "初次/再次：初次=从轻"}})


def test_entries_without_factors_keep_their_digest_R_PUB_02(benchmarks):
    plain = DiscretionBenchmark.objects.filter(catalogue=benchmarks, mode="").first()
    before = {name: getattr(plain, name) for name in plain.content_fields
              if name not in DiscretionBenchmark.digest_optional}
    assert actions.entry_digest(DiscretionBenchmark, before) == plain.digest
