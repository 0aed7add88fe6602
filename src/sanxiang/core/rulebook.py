"""Numbers that vary by province or sector: national defaults, overridable per body.

Code never writes these numbers as literals; it asks ``rulebook.get(key, body=…, on=…)``.
"""

from datetime import date

from django.utils import timezone

from sanxiang.core.models import RulebookEntry

# key: (default value, what it is — shown to administrators)
DEFAULTS: dict[str, tuple[object, str]] = {
    "org.reviewer_ratio_min": (0.05, "法制审核人员占执法人员的最低比例（R-ORG-05）"),
    "org.reviewer_count_min": (1, "法制审核人员最少人数（R-ORG-05）"),
    "org.min_officers_per_act": (2, "执法行为最少执法人员数（R-ORG-04）"),
    "org.annual_inspection_grace_days": (
        90,
        "证件年度审验宽限天数：上一年度审验结果在本年度前若干天内仍可沿用（R-ORG-03）",
    ),
}


def get(key: str, *, body=None, on: date | None = None):
    if key not in DEFAULTS:
        raise KeyError(f"unknown rulebook key {key!r}")
    on = on or timezone.localdate()
    rows = RulebookEntry.objects.filter(key=key, effective_from__lte=on)
    entry = None
    if body is not None:
        entry = rows.filter(body=body).order_by("-effective_from", "-id").first()
    if entry is None:
        entry = rows.filter(body__isnull=True).order_by("-effective_from", "-id").first()
    return entry.value if entry is not None else DEFAULTS[key][0]
