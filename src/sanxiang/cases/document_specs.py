"""What each document type (文书) records itself, what it must state and who issues it.

Data beside the workflow tables (DESIGN.md, "Documents come from facts"): the workflow says
at which steps a type is produced (``Step.documents`` and ``optional_documents``); this
module says

- ``OWN_FIELDS``: the facts a document records itself, beyond its step's facts — an inquiry
  record's questions and answers, a proof of service's documents, manner and recipient —
  cleaned like step facts (``step_data``) and entered on the step form next to the button
  that issues it;
- ``REQUIRED``: the elements the document states; the issue action refuses a document whose
  element is empty, naming it (``sanxiang.cases.documents.missing_elements``);
- ``ISSUERS``: the roles that may issue it. A decision (决定书) is the body's: its head
  issues it, or an officer on the case once the head's approval is recorded on the 内部审批表
  (处罚法 57); approval forms carry the head's opinion, which only the head records.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.cases.step_data import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    DOCS,
    LONGTEXT,
    SERVICE_METHODS,
    TEXT,
    Field,
)
from sanxiang.org.roles import Role

# --------------------------------------------------------------------------------------
# Who issues

OFFICERS = frozenset({Role.OFFICER, Role.HEAD})
HEAD = frozenset({Role.HEAD})
REVIEWERS = frozenset({Role.REVIEWER})

# Decisions of the body: the head, or an officer with the head's recorded approval.
HEAD_DECISIONS = frozenset({
    "penalty_decision", "no_penalty_decision", "transfer_letter", "seizure_decision",
    "seizure_extension_decision", "seizure_release_decision", "freezing_decision",
    "freezing_extension_decision", "freezing_release_decision", "enforcement_decision",
    "licence_grant_decision", "licence_refusal_decision", "non_acceptance_decision",
    "enforcement_application",
})
# Decisions that tell the party where and within what time to challenge them: a seizure or
# freezing and its extension (强制法 24, 31), an enforcement decision (强制法 37), a refusal
# to accept or to grant a licence (许可法 32, 38).
STATES_REMEDIES = frozenset({
    "seizure_decision", "seizure_extension_decision", "freezing_decision",
    "freezing_extension_decision", "enforcement_decision", "non_acceptance_decision",
    "licence_refusal_decision",
})
# Approval forms: an officer drafts them, the head's opinion must be recorded by the head.
APPROVAL_FORMS = frozenset({"case_opening_form", "internal_approval_form",
                            "case_cancellation_form"})


# Where the head's approval of a decision is recorded, when not at the decision's own step:
# a seizure is decided on the approval of the measure (强制法 18), so is a freezing (强制法 30).
APPROVAL_STEPS = {
    "seizure_decision": ("approve",),
    "freezing_decision": ("approve",),
}
# Lifting a seizure or a freezing is a decision of its own (强制法 27, 28, 33): approving the
# measure did not approve lifting it, so the head approves the lifting at its own step.
RELEASE_DECISIONS = frozenset({"seizure_release_decision", "freezing_release_decision"})


# Documents only their action issues, never the document form or the API: the review
# opinion records a round of review (R-REV-03 … R-REV-06), the discussion record a
# discussion (R-REV-08); issued alone, it would state an opinion no review gave.
ISSUED_BY_ACTION = {
    "legal_review_opinion": _("The legal review opinion is issued by recording the review "
                              "of a submitted round (R-REV-06), not on its own."),
    "collective_discussion_record": _("The record of a collective discussion is issued by "
                                      "recording the discussion, not on its own."),
}


def issuers(doc_type: str) -> frozenset:
    if doc_type == "legal_review_opinion":
        return REVIEWERS
    return OFFICERS


# --------------------------------------------------------------------------------------
# What a document records itself

_SIGNATURE = (
    Field("signed", BOOL, _("The person signed the record")),
    Field("unsigned_reason", TEXT, _("Why there is no signature")),
)
# 强制法 18(五)(六), 24; 处罚法 64(八): the party signs the record of a compulsory measure, the
# list of the property sealed up or seized and the hearing record; when the party refuses
# (or is absent), the officers note it with a witness or the audio-video recording. The
# record states which (``documents.party_signature``); neither recorded, it is refused.
_PARTY_SIGNATURE = (
    Field("party_signed", BOOL, _("The party (or its agent) signed the record")),
    Field("signer", TEXT, _("Who signed for the party (name)"),
          help=_("The party's name when left empty")),
    Field("refusal", TEXT, _("If not signed: what happened (e.g. the party refused to "
                             "sign, or was absent)")),
    Field("witness", TEXT, _("If not signed: the witness, or the audio-video recording "
                             "that shows it")),
)
PARTY_SIGNATURE_FIELDS = frozenset(spec.name for spec in _PARTY_SIGNATURE)
# The records the party signs (R-AST-03: the signature or the noted refusal is an element).
PARTY_SIGNED = frozenset({"on_site_record", "seizure_list", "hearing_record"})
_ITEMS = Field("goods", LONGTEXT, _("Articles (name, specification, quantity)"))
_PLACE = Field("doc_place", TEXT, _("Place"))

OWN_FIELDS: dict[str, tuple[Field, ...]] = {
    "inquiry_record": (
        Field("interviewee", TEXT, _("Person questioned (name, position or relation)")),
        Field("asked_at", DATETIME, _("Time of the inquiry")),
        _PLACE,
        Field("qa", LONGTEXT, _("Questions and answers"),
              help=_("One line per question and per answer, each starting with 问： or "
                      "答：")),
        *_SIGNATURE,
    ),
    "site_inspection_record": (
        Field("inspected_at", DATETIME, _("Time of the inspection")),
        _PLACE,
        Field("present", TEXT, _("Party or witness present")),
        Field("findings", LONGTEXT, _("What was found on site")),
        *_SIGNATURE,
    ),
    "sampling_notice": (_PLACE, _ITEMS),
    "evidence_preservation_notice": (_PLACE, _ITEMS),
    "goods_disposal_notice": (
        _ITEMS, Field("disposal", LONGTEXT, _("How the articles are disposed of"))),
    "correction_order": (
        Field("correction", LONGTEXT, _("What the party must correct")),
        Field("correct_by", DATE, _("Correct by"), future=True),
    ),
    "hearing_notice": (_PLACE,),
    "hearing_record": _PARTY_SIGNATURE,
    "seizure_list": _PARTY_SIGNATURE,
    "enforcement_application": (Field("court", TEXT, _("Court applied to")),),
    "on_site_record": (_PLACE, Field("record", LONGTEXT, _("What was done on site")),
                       *_PARTY_SIGNATURE),
    "internal_approval_form": (
        Field("proposal", LONGTEXT, _("Matter for approval and the officers' proposal")),),
    # The obligation is a fact of the demand step (step_data), stated by both documents.
    "enforcement_demand": (Field("perform_by", DATE, _("Perform by"), future=True),),
    "service_receipt": (
        Field("served_documents", DOCS, _("Documents served")),
        Field("method", CHOICE, _("Manner of service"), choices=SERVICE_METHODS),
        Field("recipient", TEXT, _("Recipient")),
        Field("served_on", DATE, _("Served on")),
        Field("served_place", TEXT, _("Place of service")),
        Field("signed", BOOL, _("The recipient signed")),
        Field("witnesses", TEXT, _("Witnesses (service by leaving)")),
        Field("leaving_reason", TEXT, _("Why the documents were left (the recipient "
                                         "refused to sign)")),
        Field("method_detail", TEXT, _("Postal tracking number, electronic address or "
                                        "announcement medium")),
    ),
}


# Documents that go to the party and are served with a proof of service.
SERVED_TYPES = frozenset({
    "penalty_prior_notice", "hearing_offer", "hearing_notice", "penalty_decision",
    "on_spot_penalty_decision", "no_penalty_decision", "correction_order", "sampling_notice",
    "evidence_preservation_notice", "goods_disposal_notice", "seizure_decision",
    "seizure_list", "seizure_extension_decision", "seizure_release_decision",
    "freezing_decision", "freezing_extension_decision", "freezing_release_decision",
    "enforcement_demand", "enforcement_decision", "acceptance_notice",
    "correction_materials_notice", "non_acceptance_decision", "licence_grant_decision",
    "licence_refusal_decision",
})


def own_fields(doc_type: str) -> tuple[Field, ...]:
    return OWN_FIELDS.get(doc_type, ())


# --------------------------------------------------------------------------------------
# What a document must state: element keys of ``documents.elements``

_PARTY = ("party",)
_PENALTY_BASIS = ("facts", "violated_provision", "penalty_provision")
_APPROVAL = ("approval_opinion", "approved_by", "approved_on")

REQUIRED: dict[str, tuple[str, ...]] = {
    "case_opening_form": (*_PARTY, "facts", "source", *_APPROVAL),
    "inquiry_record": ("interviewee", "asked_at", "doc_place", "qa", "signature"),
    "site_inspection_record": ("inspected_at", "doc_place", "present", "findings",
                               "signature"),
    "sampling_notice": (*_PARTY, "doc_place", "goods"),
    "evidence_preservation_notice": (*_PARTY, "doc_place", "goods"),
    "goods_disposal_notice": (*_PARTY, "goods", "disposal"),
    "penalty_prior_notice": (*_PARTY, *_PENALTY_BASIS, "proposed_penalty"),
    "statement_record": ("statement",),
    "hearing_offer": (*_PARTY, *_PENALTY_BASIS, "proposed_penalty"),
    "hearing_notice": (*_PARTY, "hearing_on", "doc_place", "chair"),
    "hearing_record": ("chair", "hearing_on", "summary", "party_signature"),
    "hearing_report": ("chair", "summary"),
    # The report may propose no penalty (处罚法 33) or a transfer: the penalty is not required.
    "investigation_report": (*_PARTY, "facts", "violated_provision", "summary"),
    "legal_review_opinion": ("review_outcome", "opinion", "reviewer"),
    # R-REV-08: who presided, who attended, what each said, the conclusion, who kept the
    # record and the attendees' signatures.
    "collective_discussion_record": ("presided_by", "attendees", "discussion_opinions",
                                     "conclusion", "recorder", "attendee_signatures"),
    "internal_approval_form": (*_PARTY, "matter", *_APPROVAL),
    "penalty_decision": (*_PARTY, *_PENALTY_BASIS, "evidence", "penalty", "performance"),
    "on_spot_penalty_decision": (*_PARTY, *_PENALTY_BASIS, "place", "penalty",
                                 "performance"),
    "correction_order": (*_PARTY, "facts", "correction", "correct_by"),
    "service_receipt": ("served_documents", "method", "recipient", "served_on",
                        "receipt_proof"),
    "closing_report": ("summary",),
    "transfer_letter": (*_PARTY, "receiver", "reason"),
    "enforcement_application": (*_PARTY, "court"),
    "case_file_cover": ("case_documents",),
    "case_file_index": ("case_documents",),
    "no_penalty_decision": (*_PARTY, "facts", "leniency_basis", "education"),
    "case_cancellation_form": (*_PARTY, "reason", *_APPROVAL),
    "on_site_record": ("doc_place_or_place", "summary_or_items", "party_signature"),
    # 强制法 24(二), 31(三): a seizure or freezing decision states its period.
    "seizure_decision": (*_PARTY, "measure", "seized_items", "measure_period"),
    "seizure_list": ("seized_items", "party_signature"),
    # 强制法 25, 32: an extension states the days added, from which day to which, and why.
    "seizure_extension_decision": (*_PARTY, "measure", "extension_period", "extension_reason"),
    # 强制法 28: a lifting states what is released, from which measure, on which ground and
    # from which day.
    "seizure_release_decision": (*_PARTY, "measure_began", "seized_items", "release_ground",
                                 "released_on"),
    # 强制法 31: the freezing decision names the deposits frozen; 32-33 its extension, lifting.
    "freezing_decision": (*_PARTY, "measure", "frozen_items", "measure_period"),
    "freezing_extension_decision": (*_PARTY, "measure", "extension_period",
                                    "extension_reason"),
    "freezing_release_decision": (*_PARTY, "measure_began", "frozen_items", "release_ground",
                                  "released_on"),
    "enforcement_demand": (*_PARTY, "obligation", "perform_by"),
    "enforcement_decision": (*_PARTY, "obligation"),
    "acceptance_notice": (*_PARTY, "matter_applied"),
    "correction_materials_notice": (*_PARTY, "matter_applied", "missing"),
    "non_acceptance_decision": (*_PARTY, "matter_applied"),
    "licence_grant_decision": (*_PARTY, "matter_applied", "summary"),
    "licence_refusal_decision": (*_PARTY, "matter_applied", "summary"),
}

ELEMENT_LABELS = {
    "party": _("the party"),
    "facts": _("the facts"),
    "source": _("the source of the case"),
    "approval_opinion": _("the head's approval opinion"),
    "approved_by": _("the name of the approving head"),
    "approved_on": _("the date of the approval"),
    "interviewee": _("the person questioned"),
    "asked_at": _("the time of the inquiry"),
    "inspected_at": _("the time of the inspection"),
    "doc_place": _("the place where it happened"),
    "place": _("the place where it happened"),
    "qa": _("the questions and answers"),
    "signature": _("the signature or the reason it is missing"),
    "party_signature": _("the party's signature, or its refusal with the witness"),
    "present": _("the party or witness present"),
    "findings": _("what was found"),
    "goods": _("the articles"),
    "disposal": _("how the articles are disposed of"),
    "violated_provision": _("the provision violated"),
    "penalty_provision": _("the penalty provision"),
    "proposed_penalty": _("the proposed penalty"),
    "penalty": _("the penalty decided"),
    "performance": _("the manner and time limit of payment"),
    "evidence": _("the evidence"),
    "statement": _("the statement and defence, or its waiver"),
    "hearing_on": _("the date of the hearing"),
    "chair": _("the chair of the hearing"),
    "summary": _("the summary"),
    "review_outcome": _("the review outcome"),
    "opinion": _("the review opinion"),
    "reviewer": _("the reviewer"),
    "attendees": _("the attendees"),
    "conclusion": _("the conclusion"),
    "presided_by": _("who presided over the discussion"),
    "discussion_opinions": _("each attendee's opinion"),
    "recorder": _("who kept the record"),
    "attendee_signatures": _("the signatures of the attendees"),
    "matter": _("the matter for approval"),
    "correction": _("what must be corrected"),
    "correct_by": _("the time limit for the correction"),
    "served_documents": _("the documents served"),
    "method": _("the manner of service"),
    "recipient": _("the recipient"),
    "served_on": _("the date of service"),
    "receipt_proof": _("the recipient's signature, or the witnesses and the reason for "
                        "leaving the documents"),
    "receiver": _("the authority the case is transferred to"),
    "reason": _("the reason"),
    "court": _("the court"),
    "case_documents": _("the documents of the case"),
    "leniency_basis": _("the ground for not penalising"),
    "education": _("the education given"),
    "doc_place_or_place": _("the place where it happened"),
    "summary_or_items": _("what was done"),
    "measure": _("the measure and its reasons"),
    "seized_items": _("the property sealed up or seized"),
    "measure_period": _("the period of the measure"),
    "frozen_items": _("the deposits or remittances frozen"),
    "extension_period": _("the period of the extension"),
    "extension_reason": _("the reason for the extension"),
    "measure_began": _("the day the measure began"),
    "release_ground": _("the ground for lifting the measure"),
    "released_on": _("the day the measure is lifted"),
    "matter_applied": _("the licence applied for"),
    "missing": _("the materials to supplement"),
    "obligation": _("the obligation to be performed"),
    "perform_by": _("the time limit for performance"),
}
