"""The 裁量基准 beside the amount an officer types (ADR 0083): written as the workbench
writes amounts (ADR 0073), 500元至1000元, not a document's 1,000.00元."""

import re

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case
from django.urls import reverse

from .helpers import ITEM, publish_lists

pytestmark = pytest.mark.django_db


def test_the_benchmark_beside_the_fine_reads_as_officials_write_amounts_R_AST_01(
    body_a, officer_a1, officer_a2, officer_user_a, client_for
):
    """The head's 决定 form read “裁量基准：一般：10,000.00元至30,000.00元”."""
    publish_lists(body_a)
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=60, item_code=ITEM)
    step(case, "open", on=ago(60))
    step(
        case,
        "investigate",
        on=ago(55),
        to="investigation_report",
        data={"summary": "现场检查发现未设置安全警示标志。"},
    )
    page = client_for(officer_user_a).get(reverse("cases:detail", args=[case.pk]))
    text = page.content.decode()
    hint = re.search(r"裁量基准：[^<]*", text)
    assert hint, "no benchmark beside the proposed fine"
    assert "500元至1000元" in hint.group() and "2000元至3000元" in hint.group(), hint.group()
    assert ".00" not in hint.group() and "," not in hint.group()
