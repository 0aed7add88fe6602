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

    # 900–999: the ledger itself
    CHECKPOINT_SIGNED = 901
