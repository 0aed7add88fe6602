"""The document-number pattern is a small template language, not a Python format string
(R-REC-08). Attack from the review: attribute access ({prefix.__class__}) and giant widths
({serial:99999999}) in a pattern an administrator may enter."""

import pytest

from sanxiang.cases import actions, numbering
from sanxiang.cases.models import DocumentNumbering
from sanxiang.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


def fmt(pattern, serial=7):
    return numbering.format_number(pattern, prefix="冀应急", type_char="罚", year=2026,
                                   serial=serial)


def test_placeholders_and_padded_serial_R_REC_08():
    assert fmt(numbering.DEFAULT_PATTERN) == "冀应急罚〔2026〕7号"
    assert fmt("{prefix}{type}字〔{year}〕第{serial:4}号") == "冀应急罚字〔2026〕第0007号"
    assert fmt("{serial:2}", serial=12345) == "12345"  # a width pads, never truncates


@pytest.mark.parametrize("pattern", [
    "{prefix.__class__}{year}{serial}",
    "{prefix.__class__.__mro__}{year}{serial}",
    "{year}{serial:99999999}",
    "{year}{serial:9}",
    "{year}{serial:04d}",
    "{year}{serial!r}",
    "{year}{serial}{0}",
    "{year}{serial}{}",
    "{year}{serial}{settings}",
    "{year:9999}{serial}",
    "{year}{serial}}",
    "{{year}{serial}",
    "x" * 81 + "{year}{serial}",
])
def test_unsafe_pattern_refused_on_entry_R_REC_08(body_a, admin_user, pattern):
    with pytest.raises(numbering.PatternError):
        fmt(pattern)
    with pytest.raises(RuleViolation) as caught:
        actions.set_document_numbering(acting_user=admin_user, body=body_a, doc_type="",
                                       prefix="冀应急", pattern=pattern)
    assert caught.value.code == "R-REC-08"
    assert "{serial:N}" in caught.value.message or "不得" in caught.value.message \
        or "必须" in caught.value.message
    assert not DocumentNumbering.objects.filter(body=body_a).exists()


def test_safe_pattern_accepted_and_year_serial_required_R_REC_08(body_a, admin_user):
    row = actions.set_document_numbering(acting_user=admin_user, body=body_a, doc_type="",
                                         prefix="冀应急", pattern="{prefix}〔{year}〕{serial:3}号")
    assert row.pattern == "{prefix}〔{year}〕{serial:3}号"
    with pytest.raises(RuleViolation):
        actions.set_document_numbering(acting_user=admin_user, body=body_a, doc_type="",
                                       prefix="冀应急", pattern="{prefix}{serial:3}号")


def test_stored_python_widths_migrated():
    from importlib import import_module

    migration = import_module("sanxiang.cases.migrations.0003_number_pattern_template")
    assert migration.convert("{prefix}〔{year}〕{serial:04d}号") == "{prefix}〔{year}〕{serial:4}号"
    assert migration.convert("{prefix}〔{year}〕{serial:12d}号") == "{prefix}〔{year}〕{serial:8}号"
    assert migration.convert(numbering.DEFAULT_PATTERN) == numbering.DEFAULT_PATTERN
    numbering.parse_pattern(migration.convert("{prefix}{year}{serial:06d}"))  # now valid
