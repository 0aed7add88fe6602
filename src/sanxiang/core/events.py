"""Ledger event kinds: a numbered, never-reused enum in blocks per domain.

A number, once used, keeps its meaning forever: old ledger entries are read with it.
"""

from enum import IntEnum


class EventKind(IntEnum):
    # 100–199: bodies and officers
    BODY_CREATED = 101
    BODY_UPDATED = 102
    OFFICER_CREATED = 111
    OFFICER_UPDATED = 112
    OFFICER_LEFT = 113
    CERTIFICATE_ISSUED = 121
    CERTIFICATE_CANCELLED = 122
    ANNUAL_INSPECTION_RECORDED = 123
    IMPORT_COMPLETED = 131
    ENFORCEMENT_FIELD_CREATED = 141

    # 200–299: accounts and roles
    USER_CREATED = 201
    USER_ROLES_CHANGED = 202
    USER_DEACTIVATED = 203
    USER_PASSWORD_SET = 204
    USER_UPDATED = 205

    # 300–399: calendar and rulebook
    CALENDAR_YEAR_LOADED = 301
    RULEBOOK_CHANGED = 311

    # 400–499: catalogues (lists published before enforcement, R-PUB-01/02)
    CATALOGUE_CREATED = 401
    CATALOGUE_VERSION_PUBLISHED = 411

    # 500–599: cases (R-REC-01, R-CASE-…)
    CASE_OPENED = 501
    CASE_STEP_COMPLETED = 502
    CASE_OFFICERS_CHANGED = 503
    CASE_DETAILS_CHANGED = 504
    RECUSAL_APPLIED = 511
    RECUSAL_DECIDED = 512
    EXCLUDED_PERIOD_STARTED = 521
    EXCLUDED_PERIOD_ENDED = 522
    EXTENSION_APPROVED = 523
    DOCUMENT_ISSUED = 531
    DOCUMENT_CORRECTED = 532
    NUMBERING_CHANGED = 541

    # 600–699: evidence, audio-video, custody (R-REC-02 … R-REC-09)
    EVIDENCE_STORED = 601
    RECORDING_EXCEPTION_REQUESTED = 611
    RECORDING_EXCEPTION_DECIDED = 612
    COPY_REQUESTED = 621
    COPY_DECIDED = 622
    ORIGINAL_COPIED = 623
    CASE_FILE_EXPORTED = 631

    # 900–999: the ledger itself
    CHECKPOINT_SIGNED = 901
