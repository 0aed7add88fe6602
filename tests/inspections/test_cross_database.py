"""The same directory, task and seed give the same lists and the same draw on SQLite and on
PostgreSQL (this test runs on both; the digests are constants) and in the standalone
verifier (R-INS-03)."""

from datetime import date

from sanxiang.inspections import candidates, drawing

DAY = date(2026, 3, 2)
# Recorded once; the same on every database the suite runs on.
LISTS_DIGEST = "sm3:66193166cb7688b3f9a78a9dcbc793e2cfa17ff3e40cc8a8b0534e74f154ad0e"
RESULT_DIGEST = "sm3:d557ee02292c0b293f894ef8d3864c1c210affdcfa8ddb4f186d18cb081b8e75"


def test_same_draw_on_every_database_R_INS_03(make_task, directory, inspectors_a):
    task = make_task(ratio=20, starts_on=DAY, ends_on=date(2026, 4, 30),
                     class_ratios={"A": 5, "B": 20, "C": 40, "D": 80})
    lists, excluded = candidates.build(task, DAY)
    lists["excluded"] = excluded
    digest = drawing.digest("sm3", lists)
    result = drawing.draw(lists, "1 2 3 4 5")
    assert digest == LISTS_DIGEST
    assert drawing.digest("sm3", result) == RESULT_DIGEST
    published = {"lists": lists, "lists_digest": digest, "seed": "1 2 3 4 5",
                 "result": result, "result_digest": drawing.digest("sm3", result)}
    assert drawing.verify(published) == []
