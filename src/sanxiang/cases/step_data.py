"""What each step records: its fields (as data, like the workflows), their checks, and the
case facts and dated milestones they set.

The workbench renders a step's form from ``FIELDS``; the API accepts the same names; the
engine cleans them here before any guard reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.models import DiscretionBenchmark, PenaltyKind
from sanxiang.core.errors import RuleViolation
from sanxiang.org.models import Officer

DATE, DATETIME, TEXT, LONGTEXT, BOOL, MONEY, KINDS, OFFICER, CHOICE = (
    "date", "datetime", "text", "longtext", "bool", "money", "kinds", "officer", "choice")
# A legal provision (《法》第N条第M款第K项, sanxiang.catalog.legal); an enforcement item of the
# body's published 执法事项清单 (its code); documents of the case (their ids).
PROVISION, ITEM, DOCS = "provision", "item", "docs"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: Promise
    required: bool = False
    choices: tuple[tuple[str, Promise], ...] = ()
    help: Promise | str = ""
    stamped: bool = False  # set by the platform from the act (who, when), never typed
    future: bool = False  # a date that may lie ahead (a time limit set for the party)


SERVICE_METHODS = (
    ("direct", pgettext_lazy("service", "in person")),
    ("leaving", pgettext_lazy("service", "left at the residence (留置送达)")),
    ("post", pgettext_lazy("service", "by post")),
    ("entrusted", pgettext_lazy("service", "entrusted service")),
    ("announcement", pgettext_lazy("service", "public announcement (公告送达)")),
    ("electronic", pgettext_lazy("service", "electronic service")),
)
LENIENCY_BASES = (
    ("first_violation", _("first violation, promptly corrected, little harm")),
    ("minor", _("minor violation, promptly corrected, no harm")),
    ("no_fault", _("no subjective fault proven")),
    ("other", _("other ground set by law")),
)
# 许可类别 of the 双公示 standard (R-PUB-08).
LICENCE_CATEGORIES = (
    ("general", pgettext_lazy("licence", "general")),
    ("special", pgettext_lazy("licence", "special")),
    ("recognition", pgettext_lazy("licence", "recognition")),
    ("approval", pgettext_lazy("licence", "approval")),
    ("registration", pgettext_lazy("licence", "registration")),
    ("other", pgettext_lazy("licence", "other")),
)
REVIEW_OUTCOMES = (
    ("passed", pgettext_lazy("review", "approved")),
    ("revise", pgettext_lazy("review", "revise and resubmit")),
    ("rejected", pgettext_lazy("review", "not approved")),
)

REVIEW_ANSWERS = (
    ("accepted", pgettext_lazy("review", "accepted by the handling unit")),
    ("disagreed", pgettext_lazy("review", "disputed by the handling unit")),
)

PAYMENT_CHANNELS = (
    ("bank", _("designated bank")),
    ("electronic", _("electronic payment channel")),
    ("on_spot", _("collected on the spot by the officer")),
)
ON_SPOT_GROUNDS = (
    ("small_amount", _("fine of a small amount set by law")),
    ("hard_to_pay", _("remote, water or traffic area where paying at a bank is truly hard")),
)
# 罚缴分离 (R-CASE-14, 处罚法 67-71): where and how a fine was paid.
_PAYMENT_FIELDS = (
    Field("payment_channel", CHOICE, _("Paid through"), choices=PAYMENT_CHANNELS),
    Field("collected_by", TEXT, _("Collecting bank or channel")),
    Field("receipt_number", TEXT, _("Payment receipt number")),
    Field("on_spot_ground", CHOICE, _("Ground for collecting on the spot"),
          choices=ON_SPOT_GROUNDS),
    Field("on_spot_reason", LONGTEXT, _("Why paying later would be truly hard")),
    Field("bill_number", TEXT, _("Number of the official fine receipt")),
    Field("handed_in_on", DATE, _("Money handed in to the body on")),
)
# 强制法 28 and 33: the circumstances in which a seizure or a freezing is lifted, in the
# order of the article's items (the decision cites the item: ``documents.release_ground``).
RELEASE_GROUNDS = (
    ("no_violation", _("the party has committed no violation")),
    ("unrelated", _("the premises, facilities or property sealed up or seized are unrelated "
                    "to the violation")),
    ("handled", _("the body has decided on the violation and the seizure is no longer "
                  "needed")),
    ("expired", _("the period of the seizure has expired")),
    ("other", _("the seizure is otherwise no longer needed")),
)
UNFREEZE_GROUNDS = (
    ("no_violation", _("the party has committed no violation")),
    ("unrelated", _("the deposits or remittances frozen are unrelated to the violation")),
    ("handled", _("the body has decided on the violation and the freezing is no longer "
                  "needed")),
    ("expired", _("the period of the freezing has expired")),
    ("other", _("the freezing is otherwise no longer needed")),
)
_summary = Field("summary", LONGTEXT, _("Summary"))
# The legal_review step is recorded by sanxiang.review.actions from a decided review round
# (the guard refuses it otherwise): the round's id, its outcome and opinion, and the handling
# unit's answer to a refusal.
_REVIEW_FIELDS = (
    Field("review_outcome", CHOICE, _("Review outcome"), required=True,
          choices=REVIEW_OUTCOMES),
    Field("opinion", LONGTEXT, _("Review opinion"), required=True),
    Field("submission", TEXT, _("Review round (record number)")),
    Field("answer", CHOICE, _("Answer of the handling unit"), choices=REVIEW_ANSWERS),
    # Shown on the 法制审核意见书 (generic document template), filled by record_review.
    Field("round", TEXT, _("Review round")),
    Field("reviewer", TEXT, _("Reviewer")),
    Field("findings", LONGTEXT, _("Findings on the review items")),
)
_served = Field("served_on", DATE, _("Served on"), required=True)
_obligation = Field("obligation", LONGTEXT, _("Obligation to be performed"), required=True,
                    help=_("What the administrative decision requires the party to do, "
                           "with the decision's name and number"))

# The head's approval on the 立案审批表 and the 内部审批表 (处罚法 54, 57), recorded by the head.
APPROVAL_FIELDS = ("approval_opinion", "approved_by", "approved_on")
_APPROVAL = (
    Field("approval_opinion", LONGTEXT, _("Approval opinion of the head")),
    Field("approved_by", TEXT, _("Head who approved")),
    Field("approved_on", DATE, _("Approved on")),
)
# The legal basis, chosen from the body's 执法事项清单, and the 裁量基准 level (R-AST-01).
_BASIS = (
    Field("item", ITEM, _("Enforcement item (from the body's list)")),
    Field("violated_provision", PROVISION, _("Provision violated"),
          help=_("For example 《中华人民共和国安全生产法》第二十四条第一款")),
    Field("penalty_provision", PROVISION, _("Penalty provision"),
          help=_("Taken from the enforcement item when left empty")),
    Field("circumstance_level", CHOICE, _("Circumstance level (discretion benchmark)"),
          choices=tuple(DiscretionBenchmark.Level.choices)),
    # R-AST-02: required by the engine (sanxiang.discretion.gate) when the penalty departs
    # from the benchmark's suggestion.
    Field("discretion_reason", LONGTEXT, _("Reason for departing from the benchmark"),
          help=_("Required when the fine is outside the suggested range or the level is not "
                 "the one the recorded factors support.")),
)
_PAYMENT = (
    Field("payment_manner", TEXT, _("Manner of payment"),
          help=_("For example: pay at the bank designated by this body")),
)

FIELDS: dict[tuple[str, str], tuple[Field, ...]] = {
    # 立案审批 (R-CASE-13): the head's opinion; who approved and when are the act's own.
    ("penalty_general", "open"): (
        Field("approval_opinion", LONGTEXT, _("Approval opinion of the head"), required=True),
        Field("approved_by", TEXT, _("Approved by"), stamped=True),
        Field("approved_on", DATE, _("Approved on"), stamped=True),),
    ("penalty_general", "investigate"): (
        Field("summary", LONGTEXT, _("Facts established and evidence collected"),
              required=True),),
    ("penalty_general", "investigation_report"): (
        *_BASIS,
        Field("proposed_kinds", KINDS, _("Penalty proposed")),
        Field("proposed_fine", MONEY, _("Fine proposed (yuan)")),
        Field("proposed_gains", MONEY, _("Illegal gains to be confiscated (yuan)")),
        Field("summary", LONGTEXT, _("Proposed handling and reasons"), required=True),),
    ("penalty_general", "notify"): (
        *_BASIS,
        Field("notified_kinds", KINDS, _("Penalty notified"), required=True),
        Field("notified_fine", MONEY, _("Fine notified (yuan)")),
        Field("notified_gains", MONEY, _("Illegal gains to be confiscated (yuan)")),
        Field("notified_property", LONGTEXT, _("Illegal property to be confiscated")),
        Field("notified_property_value", MONEY, _("Value of the property to be confiscated "
                                                   "(yuan)")),
        Field("served_on", DATE, _("Prior notice served on"), required=True),),
    ("penalty_general", "statement"): (
        Field("statement_made", BOOL, _("The party made a statement or defence")),
        Field("waived", BOOL, _("The party expressly waived the right to make a statement")),
        _summary,),
    ("penalty_general", "hearing_offer"): (
        Field("served_on", DATE, _("Hearing notification served on"), required=True),
        Field("waived_in_writing", BOOL, _("The party waived the hearing in writing")),
        Field("waived_on", DATE, _("Written waiver dated")),),
    ("penalty_general", "hearing_request"): (
        Field("requested_on", DATE, _("Hearing requested on"), required=True),),
    ("penalty_general", "hearing_notice"): (
        Field("served_on", DATE, _("Hearing notice served on"), required=True),
        Field("hearing_on", DATE, _("Date of the hearing"), required=True),
        Field("chair", OFFICER, _("Chair of the hearing"), required=True),),
    ("penalty_general", "hearing"): (
        Field("chair", OFFICER, _("Chair of the hearing"), required=True),
        Field("summary", LONGTEXT, _("Course of the hearing"), required=True),),
    ("penalty_general", "hearing_report"): (_summary,),
    ("penalty_general", "legal_review"): _REVIEW_FIELDS,
    ("penalty_general", "collective_discussion"): (
        Field("discussion", TEXT, _("Discussion record")),
        Field("attendees", TEXT, _("Attendees"), required=True),
        Field("conclusion", LONGTEXT, _("Conclusion"), required=True),),
    ("penalty_general", "decide"): (
        *_BASIS,
        Field("decided_kinds", KINDS, _("Penalty decided"), required=True),
        Field("decided_fine", MONEY, _("Fine decided (yuan)")),
        Field("confiscated", MONEY, _("Illegal gains confiscated (yuan)")),
        Field("confiscated_property", LONGTEXT, _("Illegal property confiscated")),
        Field("confiscated_property_value", MONEY, _("Value of the property confiscated "
                                                      "(yuan)")),
        *_PAYMENT, *_APPROVAL,),
    ("penalty_general", "serve"): (
        _served,
        Field("method", CHOICE, _("Manner of service"), required=True,
              choices=SERVICE_METHODS),),
    ("penalty_general", "execute"): (
        Field("paid_on", DATE, _("Paid on")),
        Field("paid_amount", MONEY, _("Amount paid (yuan)")),
        *_PAYMENT_FIELDS,
        Field("enforcement_applied", BOOL, _("Compulsory enforcement applied for")),),
    ("penalty_general", "close"): (_summary,),
    ("penalty_general", "no_penalty"): (
        Field("basis", CHOICE, _("Ground for not penalising"), required=True,
              choices=LENIENCY_BASES),
        Field("education", LONGTEXT, _("Education given"), required=True),
        *_APPROVAL,),
    ("penalty_general", "transfer"): (
        Field("receiver", TEXT, _("Authority the case is transferred to"), required=True),
        Field("reason", LONGTEXT, _("Reason for the transfer"), required=True),
        *_APPROVAL,),
    ("penalty_general", "cancel"): (
        Field("reason", LONGTEXT, _("Reason for cancelling the case"), required=True),
        *_APPROVAL,),
    ("penalty_simple", "decide_on_spot"): (
        Field("facts", LONGTEXT, _("Facts of the violation"), required=True),
        *_BASIS,
        # 处罚法 51: on the spot only a warning or a fine; nothing else is offered.
        Field("decided_kinds", KINDS, _("Penalty decided"), required=True,
              choices=tuple((k.value, k.label) for k in (PenaltyKind.WARNING,
                                                         PenaltyKind.FINE))),
        Field("decided_fine", MONEY, _("Fine decided (yuan)")),
        Field("place", TEXT, _("Place"), required=True),
        *_PAYMENT,),
    ("penalty_simple", "deliver"): (_served,),
    ("penalty_simple", "execute"): (
        Field("paid_on", DATE, _("Paid on")),
        Field("paid_amount", MONEY, _("Amount paid (yuan)")),
        *_PAYMENT_FIELDS,),
    ("inspection", "prepare"): (Field("plan", LONGTEXT, _("Inspection plan"), required=True),),
    ("inspection", "inspect"): (
        Field("findings", LONGTEXT, _("Findings"), required=True),),
    ("inspection", "result"): (_summary,),
    ("inspection", "recheck"): (
        Field("findings", LONGTEXT, _("Findings"), required=True),),
    ("coercion", "approve"): (
        Field("measure", LONGTEXT, _("Measure approved and its reasons"), required=True),
        *_APPROVAL,),
    ("coercion", "seize"): (
        Field("items", LONGTEXT, _("Property sealed up or seized"), required=True),
        Field("place", TEXT, _("Place"), required=True),),
    ("coercion", "serve_seizure"): (_served,),
    ("coercion", "freeze"): (
        Field("items", LONGTEXT, _("Deposits or remittances frozen"), required=True),
        Field("institution", TEXT, _("Financial institution"), required=True),),
    ("coercion", "serve_freezing"): (_served,),
    # 强制法 27, 28, 33: lifting is the body's decision, on the head's approval of the
    # lifting itself (recorded at this step); the decision states the ground and the day.
    ("coercion", "unfreeze"): (
        Field("unfreeze_ground", CHOICE, _("Ground for lifting the freezing"),
              choices=UNFREEZE_GROUNDS),
        Field("released_on", DATE, _("Lifted with effect from")),
        _summary, *_APPROVAL,),
    ("coercion", "release"): (
        Field("release_ground", CHOICE, _("Ground for lifting the seizure"),
              choices=RELEASE_GROUNDS),
        Field("released_on", DATE, _("Lifted with effect from")),
        _summary, *_APPROVAL,),
    # 强制法 35, 37: the demand and the enforcement decision state the obligation the party
    # must perform, as the case records it (the decision's form starts from the demand's).
    ("coercion", "demand"): (_obligation, _served),
    ("coercion", "enforcement_statement"): (_summary,),
    ("coercion", "enforcement_decision"): (_obligation, _served, *_APPROVAL),
    ("coercion", "extend"): _APPROVAL,
    ("coercion", "enforce"): (
        Field("started_at", DATETIME, _("Enforcement started at"), required=True),
        Field("urgent", BOOL, _("Urgent (at night or on a holiday)")),
        Field("urgent_reason", LONGTEXT, _("Reason for the urgency")),),
    ("coercion", "apply_to_court"): (
        Field("court", TEXT, _("Court applied to"), required=True),),
    ("licence", "apply"): (
        Field("matter", TEXT, _("Licence applied for"), required=True),),
    ("licence", "accept"): (
        Field("missing", LONGTEXT, _("Materials to supplement (all of them, at once)")),),
    ("licence", "examine"): (
        Field("on_site", BOOL, _("Verified on site")),
        _summary,),
    ("licence", "legal_review"): _REVIEW_FIELDS,
    ("licence", "decide"): (
        Field("licence_category", CHOICE, _("Kind of licence"), choices=LICENCE_CATEGORIES),
        # 许可法 38: the decision states its reasons; a grant or refusal printed 摘要.
        Field("summary", LONGTEXT, _("Decision and its reasons")),),
    ("licence", "issue_certificate"): (
        Field("certificate_name", TEXT, _("Name of the licence certificate")),
        Field("certificate_number", TEXT, _("Licence number"), required=True),
        Field("valid_from", DATE, _("Valid from")),
        Field("valid_to", TEXT, _("Valid until (a date, or 长期)")),),
    ("licence", "serve"): (_served,),
}

# (procedure, step) → the milestone (workflows.EVENTS) a field's date, or the act's date
# (None), sets.
MILESTONES: dict[tuple[str, str], tuple[tuple[str, str | None], ...]] = {
    ("penalty_general", "notify"): (("prior_notice_served", "served_on"),),
    ("penalty_general", "hearing_offer"): (("hearing_offer_served", "served_on"),),
    ("penalty_general", "hearing_notice"): (("hearing_notice_served", "served_on"),),
    ("penalty_general", "decide"): (("decided", None),),
    ("penalty_general", "no_penalty"): (("decided", None),),
    ("penalty_general", "serve"): (("decision_served", "served_on"),),
    ("penalty_simple", "decide_on_spot"): (("decided", None),),
    ("penalty_simple", "deliver"): (("decision_served", "served_on"),),
    ("coercion", "seize"): (("seizure_started", None),),
    ("coercion", "freeze"): (("freezing_started", None),),
    ("licence", "apply"): (("application_received", None),),
    ("licence", "decide"): (("licence_decided", None),),
}


def fields_for(procedure: str, step: str) -> tuple[Field, ...]:
    return FIELDS.get((procedure, step), ())


def clean(procedure: str, step: str, data: dict, *, case=None) -> dict:
    """Typed values of the step's fields; a missing or wrong value is a RuleViolation."""
    return clean_fields(fields_for(procedure, step), data, case=case)


def clean_fields(specs, data: dict, *, case=None, partial: bool = False) -> dict:
    """Typed values of ``specs`` from ``data``; ``partial``: a required field may be empty
    (a document checks its own elements)."""
    result = {}
    for spec in specs:
        raw = data.get(spec.name)
        value = _convert(spec, raw, case)
        if (spec.required and not partial and value in (None, "", [], False)
                and spec.kind != BOOL):
            raise RuleViolation("DATA", gettext("“%(field)s” is required.") % {"field": spec.label},
                                field=spec.name)
        result[spec.name] = value
    if result.get("item") and not result.get("penalty_provision") and "penalty_provision" in {
            s.name for s in specs}:
        # The penalty provision is the enforcement item's legal basis (执法事项清单).
        result["penalty_provision"] = item_basis(case, result["item"])
    return result


def enforcement_item(case, code: str):
    """The body's current 执法事项清单 entry ``code`` (None when the body lists none)."""
    if case is None or not code:
        return None
    from sanxiang.catalog.models import Catalogue
    from sanxiang.catalog.queries import current_version, entries_of

    catalogue = Catalogue.objects.filter(body_id=case.body_id,
                                         kind=Catalogue.Kind.ITEMS).first()
    version = current_version(catalogue) if catalogue is not None else None
    return entries_of(version).filter(code=code).first() if version is not None else None


def item_basis(case, code: str) -> str:
    from sanxiang.catalog.legal import format_bases

    item = enforcement_item(case, code)
    return format_bases(item.legal_bases) if item is not None else ""


def _convert(spec: Field, raw, case):
    if raw is None or raw == "" or raw == []:
        return [] if spec.kind in (KINDS, DOCS) else (False if spec.kind == BOOL else None)
    try:
        if spec.kind == DATE:
            value = raw if isinstance(raw, date) else parse_date(str(raw))
            if value is None:
                raise ValueError
            if value > timezone.localdate() and not spec.future:
                raise RuleViolation("DATE", gettext("“%(field)s” cannot be in the future.")
                                    % {"field": spec.label}, field=spec.name)
            return value
        if spec.kind == DATETIME:
            value = raw if isinstance(raw, datetime) else parse_datetime(str(raw))
            if value is None:
                raise ValueError
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            return value
        if spec.kind in (TEXT, LONGTEXT):
            return str(raw).strip()
        if spec.kind == BOOL:
            return raw in (True, "true", "on", "1", 1, "True")
        if spec.kind == MONEY:
            value = Decimal(str(raw).replace(",", "").strip()).quantize(Decimal("0.01"))
            if value < 0:
                raise ValueError
            return value
        if spec.kind == KINDS:
            kinds = [raw] if isinstance(raw, str) else list(raw)
            unknown = [k for k in kinds if k not in PenaltyKind.values]
            if unknown:
                raise ValueError
            return sorted(set(kinds))
        if spec.kind == CHOICE:
            if str(raw) not in {c for c, _label in spec.choices}:
                raise ValueError
            return str(raw)
        if spec.kind == PROVISION:
            from sanxiang.catalog.legal import BasisError, format_bases, parse

            try:
                references = parse(str(raw))
            except BasisError as error:
                raise RuleViolation("DATA", gettext("“%(field)s”: %(error)s") % {
                    "field": spec.label, "error": error}, field=spec.name) from None
            if not references:
                raise ValueError
            return format_bases(references)
        if spec.kind == ITEM:
            if case is not None and enforcement_item(case, str(raw)) is None:
                raise RuleViolation("DATA", gettext("“%(code)s” is not an item of the body's "
                                              "published list of enforcement items.")
                                    % {"code": raw}, field=spec.name)
            return str(raw)
        if spec.kind == DOCS:
            ids = [int(v) for v in ([raw] if isinstance(raw, int | str) else raw)]
            if case is not None:
                found = set(case.documents.filter(pk__in=ids).values_list("pk", flat=True))
                if found != set(ids):
                    raise ValueError
            return sorted(set(ids))
        if spec.kind == OFFICER:
            officer = raw if isinstance(raw, Officer) else Officer.objects.filter(
                pk=int(raw)).first()
            if officer is None or (case is not None and officer.body_id != case.body_id):
                raise ValueError
            return officer
    except RuleViolation:
        raise
    except (ValueError, TypeError, InvalidOperation):
        pass
    raise RuleViolation("DATA", gettext("“%(field)s” is not valid.") % {"field": spec.label},
                        field=spec.name)


def as_json(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, Officer):
            out[name] = value.pk
        elif isinstance(value, (datetime, date)):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def milestones(procedure: str, step: str, values: dict, *, done_on: date):
    for event, field_name in MILESTONES.get((procedure, step), ()):
        on = values.get(field_name) if field_name else done_on
        if on is not None:
            yield event, on


def case_changes(procedure: str, step: str, values: dict, *, done_on: date) -> dict:
    """Facts a step writes onto the case row (the case page and the gates read them)."""
    if step == "notify":
        return {"notified_kinds": values["notified_kinds"],
                "notified_fine": values.get("notified_fine")}
    if step in ("decide", "decide_on_spot") and procedure != "licence":
        return {"decided_kinds": values["decided_kinds"],
                "decided_fine": values.get("decided_fine"),
                "confiscated": values.get("confiscated"), "decided_on": done_on}
    if step == "no_penalty" or (procedure == "licence" and step == "decide"):
        return {"decided_on": done_on}
    if step == "hearing":
        return {"hearing_held": True}
    return {}
