"""The enforcement procedures as data (DESIGN.md, "Workflows are data"; ADR 0003).

Each procedure is a table of steps: what may follow, which documents (文书) the step
produces, whether audio-video is required (R-REC-03), which rules guard it, and which
deadlines run from it. The case engine, the case-file completeness check and the public
flowchart (执法流程图) all read these tables; none of them has a per-procedure code path.

Amounts of time and money are never written here: deadlines and limits name rulebook keys
(``sanxiang.core.rulebook.DEFAULTS``), so a province or sector can change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.calendar.workdays import Unit
from sanxiang.core.rulebook import DEFAULTS as RULEBOOK_DEFAULTS


class StepKind(StrEnum):
    START = "start"
    NORMAL = "normal"
    DECISION = "decision"  # more than one way on: every branch names its condition
    END = "end"


class Recording(StrEnum):
    """Audio-video recording a step needs by default (R-REC-03); a body's 音像记录事项清单
    may require more, never less."""

    NONE = "none"
    REQUIRED = "required"
    UNINTERRUPTED = "uninterrupted"  # 全程: no gap without a recorded explanation (R-REC-04)


RECORDING_LABELS: dict[Recording, Promise] = {
    Recording.NONE: _("No audio-video recording required"),
    Recording.REQUIRED: _("Audio-video recording required"),
    Recording.UNINTERRUPTED: _("Uninterrupted audio-video recording"),
}


class DeadlineKind(StrEnum):
    WITHIN = "within"  # the act must happen no later than start + amount
    NOT_BEFORE = "not_before"  # the act may not happen before start + amount (notice ahead)


# 文书: the standard set of REQUIREMENTS.md §6 (standard=True) plus the documents of the
# coercion, inspection and licence procedures. code → (Chinese name, part of §6).
DOCUMENT_TYPES: dict[str, tuple[Promise, bool]] = {
    "case_opening_form": (_("Case opening approval form"), True),
    "inquiry_record": (_("Inquiry record"), True),
    "site_inspection_record": (_("On-site inspection (survey) record"), True),
    "sampling_notice": (_("Sampling evidence notice"), True),
    "evidence_preservation_notice": (_("Notice of registering and preserving evidence"), True),
    "goods_disposal_notice": (_("Notice of disposal of articles"), True),
    "penalty_prior_notice": (_("Prior notice of administrative penalty"), True),
    "statement_record": (_("Statement and defence record"), True),
    "hearing_offer": (_("Hearing notification"), True),
    "hearing_notice": (_("Hearing notice"), True),
    "hearing_record": (_("Hearing record"), True),
    "hearing_report": (_("Hearing report"), True),
    "investigation_report": (_("Investigation conclusion report"), True),
    "legal_review_opinion": (_("Legal review opinion"), True),
    "collective_discussion_record": (_("Collective discussion record"), True),
    "internal_approval_form": (_("Internal approval form"), True),
    "penalty_decision": (_("Administrative penalty decision"), True),
    "correction_order": (_("Order to correct"), True),
    "service_receipt": (_("Proof of service"), True),
    "closing_report": (_("Case closing report"), True),
    "on_spot_penalty_decision": (_("On-the-spot penalty decision"), True),
    "transfer_letter": (_("Transfer letter"), True),
    "enforcement_application": (_("Application for compulsory enforcement"), True),
    "case_file_cover": (_("Case file cover"), True),
    "case_file_index": (_("Case file table of contents"), True),
    "no_penalty_decision": (_("Decision not to impose a penalty"), False),
    "case_cancellation_form": (_("Case cancellation approval form"), False),
    "on_site_record": (_("On-site record of a compulsory measure"), False),
    "seizure_decision": (_("Seizure decision"), False),
    "seizure_list": (_("List of sealed or seized property"), False),
    "seizure_extension_decision": (_("Decision to extend a seizure"), False),
    "seizure_release_decision": (_("Decision to lift a seizure"), False),
    "freezing_decision": (_("Freezing decision"), False),
    "freezing_extension_decision": (_("Decision to extend a freezing"), False),
    "freezing_release_decision": (_("Decision to lift a freezing"), False),
    "enforcement_demand": (_("Demand for performance"), False),
    "enforcement_decision": (_("Compulsory enforcement decision"), False),
    "acceptance_notice": (_("Notice of acceptance"), False),
    "correction_materials_notice": (_("Notice to supplement materials"), False),
    "non_acceptance_decision": (_("Decision not to accept an application"), False),
    "licence_grant_decision": (_("Decision to grant a licence"), False),
    "licence_refusal_decision": (_("Decision to refuse a licence"), False),
}

# The rules a step's guards check, by their REQUIREMENTS.md IDs. The engine implements one
# check per ID; the flowchart and the case page show the description.
RULES: dict[str, Promise] = {
    "R-ORG-03": _("Every officer taking part holds a valid certificate covering this act"),
    "R-ORG-04": _("At least two qualified officers carry out the act"),
    "R-CASE-01": _("Simple procedure only for a warning or a fine within the on-the-spot "
                   "limits; the decision is filed"),
    "R-CASE-03": _("Prior notice served and the statement period closed or waived; the "
                   "penalty is not heavier than notified"),
    "R-CASE-04": _("Hearing offered where eligible, requested in time, noticed in advance, "
                   "chaired by someone who did not investigate"),
    "R-CASE-05": _("Decision within the time limit counted from the opening of the case"),
    "R-CASE-06": _("Service within the time limit; electronic service only with the "
                   "party's signed consent"),
    "R-CASE-07": _("The violation is within the limitation period"),
    "R-CASE-08": _("First or minor violations corrected in time are not punished; the "
                   "education given is recorded"),
    "R-CASE-09": _("Officers with an interest in the case withdraw"),
    "R-CASE-10": _("Seizure within its time limit, extended at most once with approval; no "
                   "compulsory execution at night or on holidays unless urgent"),
    "R-CASE-11": _("Licence time limits: supplement notice, decision and certificate"),
    "R-CASE-12": _("Payment within the time limit; late-payment surcharge capped at the fine"),
    "R-CASE-13": _("The case is opened with the head's approval, within the period from "
                   "discovery"),
    "R-CASE-14": _("Fines are paid to the designated bank or channel; on-the-spot collection "
                   "only where the law allows, with the official receipt, handed in in time"),
    "R-CASE-15": _("Dates are facts: no act before what it depends on, before the opening of "
                   "the case, or after today"),
    "R-CASE-16": _("Extensions approved in time and excluded periods backed by their cause; "
                   "licence acceptance recorded or deemed"),
    "R-CASE-17": _("Collective discussion where the body's criteria list requires it"),
    "R-REV-02": _("A major decision waits until its legal review has passed"),
    "R-REV-03": _("The reviewer is not an officer on the case"),
    "R-REV-08": _("Complex or serious cases are discussed collectively before the decision"),
    "R-REC-03": _("Audio-video recording where the recording item list requires it"),
    "R-REV-07": _("Legal review within its time limit, extended at most once"),
    "R-CASE-02": _("General procedure steps in their statutory order"),
}

# Branch conditions: the engine evaluates each by name; the flowchart prints the label.
CONDITIONS: dict[str, Promise] = {
    "penalty_proposed": _("penalty proposed"),
    "no_penalty": _("no penalty under the law"),
    "transfer_required": _("to be transferred"),
    "case_unfounded": _("case not founded"),
    "hearing_eligible": _("hearing eligible"),
    "hearing_not_eligible": _("no hearing eligible"),
    "hearing_requested": _("hearing requested"),
    "hearing_waived": _("no hearing requested"),
    "review_required": _("legal review required"),
    "discussion_required": _("collective discussion required"),
    "no_review_required": _("no legal review or discussion required"),
    "no_discussion_required": _("no collective discussion required"),
    "review_returned": _("returned for further investigation"),
    "execution_required": _("to be performed"),
    "nothing_to_execute": _("nothing to perform"),
    "correction_ordered": _("correction ordered"),
    "no_violation": _("no violation found"),
    "violation_found": _("violation to be investigated"),
    "corrected": _("corrected"),
    "not_corrected": _("not corrected"),
    "measure_seizure": _("sealing or seizure"),
    "measure_enforcement": _("compulsory enforcement"),
    "extension_needed": _("extension approved"),
    "no_extension": _("no extension"),
    "performed": _("obligation performed"),
    "not_performed": _("not performed after the demand"),
    "court_enforcement": _("no power of enforcement: apply to the court"),
    "materials_incomplete": _("materials incomplete"),
    "materials_complete": _("application accepted"),
    "not_accepted": _("application not accepted"),
    "licence_granted": _("licence granted"),
    "licence_refused": _("licence refused"),
    "leaving_or_public_service": _("service by leaving or public announcement"),
    "on_site_verification": _("on-site verification"),
    "opening_approved": _("opening approved"),
    "discussion_concluded": _("the heads conclude"),
    "new_review_round": _("the heads send the case to a new legal review round"),
    "opening_refused": _("opening refused"),
    "measure_freezing": _("freezing"),
    "freezing_extension_needed": _("extension approved"),
    "no_freezing_extension": _("no extension"),
}

# Where the way on is not chosen, the engine takes the branch with this condition (the
# usual outcome, which the guards still check).
DEFAULT_CONDITIONS = frozenset({"opening_approved", "discussion_concluded"})

# The recorded facts deadlines count from.
EVENTS: dict[str, Promise] = {
    "case_opened": _("from the day the case is opened"),
    "prior_notice_served": _("from service of the prior notice"),
    "hearing_offer_served": _("from service of the hearing notification"),
    "hearing_notice_served": _("after service of the hearing notice"),
    "review_received": _("from receipt of the review submission"),
    "decided": _("from the day of the decision"),
    "decision_served": _("from service of the decision"),
    "seizure_started": _("from the day of the seizure"),
    "seizure_period_ended": _("after the first seizure period"),
    "freezing_started": _("from the day of the freezing"),
    "freezing_period_ended": _("after the first freezing period"),
    "application_received": _("from receipt of the application"),
    "application_accepted": _("from acceptance of the application"),
    "licence_decided": _("from the licence decision"),
}

# Periods that do not count towards a deadline (R-CASE-05, R-CASE-11, R-CAL-02).
EXCLUDED_PERIODS: dict[str, Promise] = {
    "hearing": _("hearing"),
    "testing": _("testing or inspection"),
    "expert_review": _("expert review"),
    "suspension": _("suspension"),
}


@dataclass(frozen=True)
class Transition:
    to: str
    condition: str | None = None

    @property
    def condition_label(self) -> Promise | None:
        return CONDITIONS[self.condition] if self.condition else None


@dataclass(frozen=True)
class DeadlineRule:
    """A period the engine computes with ``sanxiang.calendar.workdays`` (R-CAL-01/02)."""

    rule: str  # REQUIREMENTS.md ID
    basis: Promise  # legal basis, e.g. 《行政处罚法》第六十条
    unit: Unit
    amount_key: str  # rulebook key holding the number
    start_event: str  # key of EVENTS
    kind: DeadlineKind = DeadlineKind.WITHIN
    extension_key: str | None = None  # rulebook key of an approved extension, if any
    excluded: tuple[str, ...] = ()  # keys of EXCLUDED_PERIODS

    def default_amount(self) -> int:
        return RULEBOOK_DEFAULTS[self.amount_key][0]


@dataclass(frozen=True)
class Step:
    code: str
    name: Promise
    kind: StepKind = StepKind.NORMAL
    next: tuple[Transition, ...] = ()
    documents: tuple[str, ...] = ()  # required for the step to be complete
    optional_documents: tuple[str, ...] = ()  # produced here when the case needs them
    recording: Recording = Recording.NONE
    recording_condition: str | None = None  # recording needed only when this condition holds
    guards: tuple[str, ...] = ()  # RULES IDs checked before the step completes
    deadlines: tuple[DeadlineRule, ...] = ()
    rulebook_keys: tuple[str, ...] = ()  # other settings the guards read (limits, thresholds)
    optional: bool = False  # taken only where the law requires it ("where required")

    @property
    def guard_descriptions(self) -> list[tuple[str, Promise]]:
        return [(rule, RULES[rule]) for rule in self.guards]


@dataclass(frozen=True)
class Procedure:
    code: str
    name: Promise
    basis: Promise
    rule: str
    steps: tuple[Step, ...]
    _index: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {step.code: step for step in self.steps})

    def step(self, code: str) -> Step:
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(f"procedure {self.code!r} has no step {code!r}") from None

    @property
    def start(self) -> Step:
        return next(step for step in self.steps if step.kind == StepKind.START)

    def next_steps(self, step_code: str) -> tuple[Transition, ...]:
        return self.step(step_code).next

    def required_documents(self, step_code: str) -> tuple[str, ...]:
        return self.step(step_code).documents

    def recording_requirement(self, step_code: str) -> Recording:
        return self.step(step_code).recording

    def main_path(self) -> list[str]:
        """The usual way through: from the start, always the first listed next step."""
        path, code = [], self.start.code
        while code not in path:
            path.append(code)
            step = self.step(code)
            if not step.next:
                break
            code = step.next[0].to
        return path


def _t(to: str, condition: str | None = None) -> Transition:
    return Transition(to, condition)


def _within(rule, basis, unit, key, start, **kwargs) -> DeadlineRule:
    return DeadlineRule(rule=rule, basis=basis, unit=unit, amount_key=key, start_event=start,
                        **kwargs)


W, D = Unit.WORKDAYS, Unit.DAYS
REQ, FULL = Recording.REQUIRED, Recording.UNINTERRUPTED
S, N, DEC, E = StepKind.START, StepKind.NORMAL, StepKind.DECISION, StepKind.END

_DECISION_DEADLINE = _within(
    "R-CASE-05", _("Administrative Penalty Law, art. 60"), D, "case.decision_days",
    "case_opened", extension_key="case.decision_extension_days",
    excluded=("hearing", "testing", "expert_review", "suspension"))
_SERVICE_DEADLINE = _within("R-CASE-06", _("Administrative Penalty Law, art. 61"), W,
                            "case.service_workdays", "decided")
_PAYMENT_DEADLINE = _within("R-CASE-12", _("Administrative Penalty Law, art. 67"), D,
                            "case.payment_days", "decision_served")
_REVIEW_DEADLINE = _within("R-REV-07", _("Guideline of the State Council Office No. 118 "
                                         "(2018)"), W, "review.workdays", "review_received",
                           extension_key="review.extension_workdays")

PENALTY_GENERAL = Procedure(
    code="penalty_general",
    name=_("Administrative penalty: general procedure"),
    basis=_("Administrative Penalty Law, arts. 54-65"),
    rule="R-CASE-02",
    steps=(
        # 立案: an officer proposes on the 立案审批表, the head approves or refuses (处罚法 54).
        Step("open", _("Open the case"), S,
             (_t("investigate", "opening_approved"), _t("not_opened", "opening_refused")),
             documents=("case_opening_form",),
             guards=("R-CASE-07", "R-CASE-09", "R-CASE-13", "R-ORG-03"),
             rulebook_keys=("case.opening_days",)),
        Step("investigate", _("Investigate and collect evidence"), DEC,
             (_t("investigation_report", "penalty_proposed"),
              _t("transfer", "transfer_required"), _t("cancel", "case_unfounded")),
             optional_documents=("inquiry_record", "site_inspection_record", "sampling_notice",
                                 "evidence_preservation_notice", "goods_disposal_notice",
                                 "correction_order"),
             recording=REQ, guards=("R-ORG-03", "R-ORG-04", "R-CASE-09", "R-REC-03")),
        Step("investigation_report", _("Review and proposed handling"), DEC,
             (_t("notify", "penalty_proposed"), _t("no_penalty", "no_penalty"),
              _t("transfer", "transfer_required")),
             documents=("investigation_report",)),
        Step("notify", _("Prior notice"), DEC,
             (_t("statement", "hearing_not_eligible"), _t("hearing_offer", "hearing_eligible")),
             documents=("penalty_prior_notice", "service_receipt"), guards=("R-CASE-03",),
             rulebook_keys=("case.hearing_fine_person", "case.hearing_fine_org")),
        Step("statement", _("Statement and defence"), DEC,
             (_t("decide", "no_review_required"), _t("legal_review", "review_required"),
              _t("collective_discussion", "discussion_required")),
             optional_documents=("statement_record",),
             deadlines=(_within("R-CASE-03", _("Administrative Penalty Law, arts. 44-45"), W,
                                "case.statement_workdays", "prior_notice_served"),)),
        Step("hearing_offer", _("Offer a hearing"), DEC,
             (_t("hearing_request", "hearing_requested"), _t("statement", "hearing_waived")),
             documents=("hearing_offer", "service_receipt"), guards=("R-CASE-04",),
             optional=True),
        Step("hearing_request", _("Hearing request"), N, (_t("hearing_notice"),),
             guards=("R-CASE-04",), optional=True,
             deadlines=(_within("R-CASE-04", _("Administrative Penalty Law, art. 64"), W,
                                "case.hearing_request_workdays", "hearing_offer_served"),)),
        Step("hearing_notice", _("Give notice of the hearing"), N, (_t("hearing"),),
             documents=("hearing_notice", "service_receipt"), optional=True,
             guards=("R-CASE-04",),
             deadlines=(_within("R-CASE-04", _("Administrative Penalty Law, art. 64"), W,
                                "case.hearing_notice_workdays", "hearing_notice_served",
                                kind=DeadlineKind.NOT_BEFORE),)),
        # Hearings are held in the hearing room: uninterrupted recording (R-REC-03).
        Step("hearing", _("Hearing"), N, (_t("hearing_report"),),
             documents=("hearing_record",), recording=FULL,
             guards=("R-CASE-04", "R-CASE-09", "R-REC-03"), optional=True),
        Step("hearing_report", _("Report on the hearing"), DEC,
             (_t("legal_review", "review_required"),
              _t("collective_discussion", "discussion_required"),
              _t("decide", "no_review_required")),
             documents=("hearing_report",), optional=True),
        Step("legal_review", _("Legal review"), DEC,
             (_t("decide", "no_discussion_required"),
              _t("collective_discussion", "discussion_required"),
              _t("investigate", "review_returned")),
             documents=("legal_review_opinion",), guards=("R-REV-03",),
             deadlines=(_REVIEW_DEADLINE,), optional=True),
        # The heads may send the case to a new review round (after a disputed refusal).
        Step("collective_discussion", _("Collective discussion"), DEC,
             (_t("decide", "discussion_concluded"), _t("legal_review", "new_review_round")),
             documents=("collective_discussion_record",), optional=True),
        Step("decide", _("Decision"), N, (_t("serve"),),
             documents=("internal_approval_form", "penalty_decision"),
             guards=("R-CASE-03", "R-CASE-04", "R-CASE-05", "R-REV-02", "R-REV-08",
                     "R-ORG-03"),
             deadlines=(_DECISION_DEADLINE,)),
        Step("serve", _("Service"), DEC,
             (_t("execute", "execution_required"), _t("close", "nothing_to_execute")),
             documents=("service_receipt",), recording=REQ,
             recording_condition="leaving_or_public_service", guards=("R-CASE-06",),
             deadlines=(_SERVICE_DEADLINE,)),
        Step("execute", _("Execution"), N, (_t("close"),),
             optional_documents=("enforcement_application",), guards=("R-CASE-12", "R-CASE-14"),
             deadlines=(_PAYMENT_DEADLINE,)),
        Step("close", _("Close the case"), N, (_t("archive"),), documents=("closing_report",)),
        Step("archive", _("Archive"), E, documents=("case_file_cover", "case_file_index")),
        Step("no_penalty", _("Decision not to penalise"), N, (_t("serve"),),
             documents=("internal_approval_form", "no_penalty_decision"),
             optional_documents=("correction_order",), guards=("R-CASE-08",)),
        Step("transfer", _("Transfer"), N, (_t("archive"),),
             documents=("internal_approval_form", "transfer_letter")),
        Step("cancel", _("Cancel the case"), N, (_t("archive"),),
             documents=("case_cancellation_form",)),
        Step("not_opened", _("Not opened"), E, optional=True),
    ),
)

PENALTY_SIMPLE = Procedure(
    code="penalty_simple",
    name=_("Administrative penalty: simple procedure"),
    basis=_("Administrative Penalty Law, arts. 51-52"),
    rule="R-CASE-01",
    steps=(
        Step("decide_on_spot", _("On-the-spot decision"), S, (_t("deliver"),),
             documents=("on_spot_penalty_decision",), recording=REQ,
             guards=("R-CASE-01", "R-ORG-03", "R-REC-03"),
             rulebook_keys=("simple.fine_limit_person", "simple.fine_limit_org")),
        Step("deliver", _("Deliver on the spot"), N, (_t("execute"),),
             documents=("service_receipt",), recording=REQ, guards=("R-REC-03",)),
        Step("execute", _("Execution"), N, (_t("file"),), guards=("R-CASE-12", "R-CASE-14"),
             deadlines=(_PAYMENT_DEADLINE,),
             rulebook_keys=("case.on_spot_collection_limit", "case.hand_in_days")),
        Step("file", _("File with the body"), E, guards=("R-CASE-01",)),
    ),
)

INSPECTION = Procedure(
    code="inspection",
    name=_("Administrative inspection"),
    basis=_("Administrative Penalty Law, arts. 54-55"),
    rule="R-ORG-04",
    steps=(
        Step("prepare", _("Prepare the inspection"), S, (_t("inspect"),),
             guards=("R-ORG-03", "R-CASE-09")),
        Step("inspect", _("On-site inspection"), N, (_t("result"),),
             documents=("site_inspection_record",), recording=REQ,
             guards=("R-ORG-03", "R-ORG-04", "R-REC-03")),
        Step("result", _("Inspection result"), DEC,
             (_t("finish", "no_violation"), _t("recheck", "correction_ordered"),
              _t("to_case", "violation_found")),
             optional_documents=("correction_order",)),
        Step("recheck", _("Follow-up inspection"), DEC,
             (_t("finish", "corrected"), _t("to_case", "not_corrected")),
             documents=("site_inspection_record",), recording=REQ,
             guards=("R-ORG-03", "R-ORG-04", "R-REC-03")),
        Step("finish", _("Inspection closed"), E),
        Step("to_case", _("Open a penalty case"), E),
    ),
)

COERCION = Procedure(
    code="coercion",
    name=_("Administrative compulsion"),
    basis=_("Administrative Compulsion Law, arts. 18-45"),
    rule="R-CASE-10",
    steps=(
        Step("approve", _("Approval"), S,
             (_t("seize", "measure_seizure"), _t("freeze", "measure_freezing"),
              _t("demand", "measure_enforcement")),
             documents=("internal_approval_form",), guards=("R-ORG-03",)),
        Step("seize", _("Seal up or seize"), N, (_t("serve_seizure"),),
             documents=("on_site_record",), recording=FULL,
             guards=("R-ORG-03", "R-ORG-04", "R-CASE-09", "R-REC-03")),
        Step("serve_seizure", _("Serve the seizure decision"), DEC,
             (_t("release", "no_extension"), _t("extend", "extension_needed")),
             documents=("seizure_decision", "seizure_list", "service_receipt"),
             guards=("R-CASE-10",),
             deadlines=(_within("R-CASE-10", _("Administrative Compulsion Law, art. 25"), D,
                                "coercion.seizure_days", "seizure_started",
                                excluded=("testing", "expert_review")),)),
        Step("extend", _("Extend the seizure"), N, (_t("release"),),
             documents=("internal_approval_form", "seizure_extension_decision",
                        "service_receipt"),
             guards=("R-CASE-10",),
             deadlines=(_within("R-CASE-10", _("Administrative Compulsion Law, art. 25"), D,
                                "coercion.seizure_extension_days", "seizure_period_ended"),),
             optional=True),
        Step("release", _("Lift or dispose"), N, (_t("close"),),
             optional_documents=("internal_approval_form", "seizure_release_decision",
                                 "goods_disposal_notice"),
             recording=REQ, guards=("R-CASE-10", "R-REC-03")),
        # 冻结 (强制法 29-33): the decision reaches the party within 3 days, 30 days, one
        # extension of at most 30 days with approval.
        Step("freeze", _("Freeze deposits or remittances"), N, (_t("serve_freezing"),),
             guards=("R-ORG-03", "R-ORG-04", "R-CASE-09"), optional=True),
        Step("serve_freezing", _("Serve the freezing decision"), DEC,
             (_t("unfreeze", "no_freezing_extension"),
              _t("extend_freezing", "freezing_extension_needed")),
             documents=("freezing_decision", "service_receipt"), guards=("R-CASE-10",),
             optional=True,
             deadlines=(_within("R-CASE-10", _("Administrative Compulsion Law, art. 31"), D,
                                "coercion.freezing_notice_days", "freezing_started"),)),
        Step("extend_freezing", _("Extend the freezing"), N, (_t("unfreeze"),),
             documents=("internal_approval_form", "freezing_extension_decision",
                        "service_receipt"),
             guards=("R-CASE-10",), optional=True,
             deadlines=(_within("R-CASE-10", _("Administrative Compulsion Law, art. 32"), D,
                                "coercion.freezing_extension_days", "freezing_period_ended"),)),
        Step("unfreeze", _("Lift the freezing"), N, (_t("close"),),
             optional_documents=("internal_approval_form", "freezing_release_decision"),
             guards=("R-CASE-10",),
             optional=True, rulebook_keys=("coercion.freezing_days",)),
        Step("close", _("Close"), E, optional_documents=("closing_report",)),
        Step("demand", _("Demand for performance"), DEC,
             (_t("enforcement_statement", "not_performed"), _t("close", "performed"),
              _t("apply_to_court", "court_enforcement")),
             documents=("enforcement_demand", "service_receipt")),
        Step("enforcement_statement", _("Statement and defence"), N,
             (_t("enforcement_decision"),), optional_documents=("statement_record",)),
        Step("enforcement_decision", _("Compulsory enforcement decision"), N,
             (_t("enforce"),),
             documents=("internal_approval_form", "enforcement_decision", "service_receipt")),
        Step("enforce", _("Compulsory enforcement"), N, (_t("close"),),
             documents=("on_site_record",), recording=FULL,
             guards=("R-CASE-10", "R-ORG-03", "R-ORG-04", "R-REC-03")),
        Step("apply_to_court", _("Apply to the court"), N, (_t("close"),),
             documents=("enforcement_application",), optional=True),
    ),
)

LICENCE = Procedure(
    code="licence",
    name=_("Administrative licensing"),
    basis=_("Administrative Licensing Law, arts. 29-50"),
    rule="R-CASE-11",
    steps=(
        Step("apply", _("Application"), S, (_t("accept"),)),
        Step("accept", _("Acceptance or supplement notice"), DEC,
             (_t("examine", "materials_complete"), _t("supplement", "materials_incomplete"),
              _t("reject_application", "not_accepted")),
             optional_documents=("acceptance_notice", "correction_materials_notice",
                                 "non_acceptance_decision"),
             guards=("R-CASE-11",),
             deadlines=(_within("R-CASE-11", _("Administrative Licensing Law, art. 32"), W,
                                "licence.correction_notice_workdays",
                                "application_received"),)),
        Step("supplement", _("Supplement materials"), N, (_t("accept"),), optional=True),
        Step("examine", _("Examination"), DEC,
             (_t("decide", "no_review_required"), _t("legal_review", "review_required")),
             recording=REQ, recording_condition="on_site_verification",
             guards=("R-ORG-03",)),
        Step("legal_review", _("Legal review"), N, (_t("decide"),),
             documents=("legal_review_opinion",), guards=("R-REV-03",),
             deadlines=(_REVIEW_DEADLINE,), optional=True),
        Step("decide", _("Decision"), DEC,
             (_t("issue_certificate", "licence_granted"), _t("serve", "licence_refused")),
             optional_documents=("licence_grant_decision", "licence_refusal_decision"),
             guards=("R-CASE-11", "R-REV-02"),
             deadlines=(_within("R-CASE-11", _("Administrative Licensing Law, art. 42"), W,
                                "licence.decision_workdays", "application_accepted",
                                extension_key="licence.decision_extension_workdays",
                                excluded=("hearing", "testing", "expert_review")),)),
        Step("issue_certificate", _("Issue the certificate"), N, (_t("serve"),),
             guards=("R-CASE-11",),
             deadlines=(_within("R-CASE-11", _("Administrative Licensing Law, art. 44"), W,
                                "licence.certificate_workdays", "licence_decided"),)),
        Step("serve", _("Service"), E, documents=("service_receipt",)),
        Step("reject_application", _("Decision not to accept"), N, (_t("serve"),),
             documents=("non_acceptance_decision",), optional=True),
    ),
)

PROCEDURES: dict[str, Procedure] = {
    p.code: p for p in (PENALTY_GENERAL, PENALTY_SIMPLE, INSPECTION, COERCION, LICENCE)
}


def procedure(code: str) -> Procedure:
    try:
        return PROCEDURES[code]
    except KeyError:
        raise KeyError(f"unknown procedure {code!r}") from None


def document_name(code: str) -> Promise:
    return DOCUMENT_TYPES[code][0]


def check_definitions(procedures: dict[str, Procedure] | None = None) -> list[str]:
    """Every structural mistake in the definitions, as English lines for developers."""
    problems: list[str] = []
    for proc in (PROCEDURES if procedures is None else procedures).values():
        problems += _check_procedure(proc)
    return problems


def _check_procedure(proc: Procedure) -> list[str]:
    where = proc.code
    problems = []
    codes = [step.code for step in proc.steps]
    if len(set(codes)) != len(codes):
        problems.append(f"{where}: duplicate step codes")
    starts = [s.code for s in proc.steps if s.kind == StepKind.START]
    if len(starts) != 1:
        return [*problems, f"{where}: {len(starts)} start steps, expected exactly one"]
    if proc.rule not in RULES:
        problems.append(f"{where}: unknown rule {proc.rule}")
    for step in proc.steps:
        at = f"{where}.{step.code}"
        for t in step.next:
            if t.to not in proc._index:
                problems.append(f"{at}: next step {t.to!r} does not exist")
            if t.condition is not None and t.condition not in CONDITIONS:
                problems.append(f"{at}: unknown condition {t.condition!r}")
        if step.kind == StepKind.END and step.next:
            problems.append(f"{at}: an end step has next steps")
        if step.kind != StepKind.END and not step.next:
            problems.append(f"{at}: no next step and not an end step")
        if len(step.next) > 1 and any(t.condition is None for t in step.next):
            problems.append(f"{at}: a branch without a condition")
        if len(step.next) > 1 and step.kind not in (StepKind.DECISION, StepKind.START):
            problems.append(f"{at}: branches but is not a decision step")
        for doc in step.documents + step.optional_documents:
            if doc not in DOCUMENT_TYPES:
                problems.append(f"{at}: unknown document type {doc!r}")
        for rule in step.guards:
            if rule not in RULES:
                problems.append(f"{at}: unknown guard rule {rule!r}")
        if step.recording_condition and step.recording_condition not in CONDITIONS:
            problems.append(f"{at}: unknown condition {step.recording_condition!r}")
        for key in step.rulebook_keys:
            if key not in RULEBOOK_DEFAULTS:
                problems.append(f"{at}: unknown rulebook key {key!r}")
        for rule in step.deadlines:
            for key in filter(None, (rule.amount_key, rule.extension_key)):
                if key not in RULEBOOK_DEFAULTS:
                    problems.append(f"{at}: unknown rulebook key {key!r}")
            if rule.start_event not in EVENTS:
                problems.append(f"{at}: unknown event {rule.start_event!r}")
            if rule.rule not in RULES:
                problems.append(f"{at}: unknown deadline rule {rule.rule!r}")
            problems += [f"{at}: unknown excluded period {p!r}" for p in rule.excluded
                         if p not in EXCLUDED_PERIODS]
    if problems:
        return problems
    reachable = _closure(starts[0], lambda c: [t.to for t in proc.step(c).next])
    problems += [f"{where}.{c}: not reachable from the start" for c in codes
                 if c not in reachable]
    ends = {s.code for s in proc.steps if s.kind == StepKind.END}
    backwards: dict[str, list[str]] = {c: [] for c in codes}
    for step in proc.steps:
        for t in step.next:
            backwards[t.to].append(step.code)
    leads_to_end: set[str] = set()
    for end in ends:
        leads_to_end |= _closure(end, lambda c: backwards[c])
    problems += [f"{where}.{c}: no way to an end step" for c in codes if c not in leads_to_end]
    return problems


def _closure(first: str, neighbours) -> set[str]:
    seen, todo = {first}, [first]
    while todo:
        for other in neighbours(todo.pop()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
