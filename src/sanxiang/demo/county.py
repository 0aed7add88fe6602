"""Load the demo county (滹阳县) into the database, through the register's actions.

``load()`` is what ``sanxiang demo`` calls. The county is built as pure data first
(``sanxiang.demo.plan``) and then written action by action, so every row has its ledger
event exactly as if an administrator had typed it in. The whole load is one transaction:
a failure leaves nothing half-loaded.

``load(workers=N)`` (what ``sanxiang demo`` does on a machine with several cores) commits
the register first, then carries the cases out in N processes, each act in its own
transaction as officers would (``sanxiang.demo.cases``), then writes the rest in one more
transaction (ADR 0030). A failure then leaves a partial county; ``sanxiang demo`` marks the
data directory until the load has finished and refuses to use a partial one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from sanxiang.demo import cases as demo_cases
from sanxiang.demo import catalogues, inspections, publications, supervision
from sanxiang.demo import second_factor as demo_second_factor
from sanxiang.demo.bodies import MARKER_BODY
from sanxiang.demo.plan import ACCOUNT_ORDER, CountyPlan, build_plan
from sanxiang.ledger import checkpoints
from sanxiang.org import actions, validity
from sanxiang.org.models import Body, EnforcementField, User
from sanxiang.org.roles import Role
from sanxiang.org.search_index import officers_batched

NO_BODY = "—"


@dataclass(frozen=True)
class DemoResult:
    # (role label, username, password, full name, body name), one per role.
    accounts: list[tuple[str, str, str, str, str]]
    created: bool
    # What the case loader did, on the load that created the county.
    cases: demo_cases.LoadResult | None = None


def load(*, seed: int = 2026, today: date | None = None, cases: int | None = None,
         workers: int = 1) -> DemoResult:
    """Load the demo county unless it is there already; return its demo accounts.

    ``today`` places the certificate dates (it must not be after the real date: the
    register refuses certificates issued in the future). The same seed and ``today``
    always load the same county. ``workers`` above 1: the cases in that many processes
    (see the module's docstring); it needs no transaction open around the call.
    """
    real_today = timezone.localdate()
    today = today or real_today
    if today > real_today:
        raise ValueError(f"the demo cannot be loaded as of {today}, which is in the future")
    plan = build_plan(seed=seed, today=today)
    with _password_hashed_once(plan.password):
        return _load(plan, cases=cases, workers=workers)


def _load(plan: CountyPlan, *, cases: int | None, workers: int) -> DemoResult:
    with transaction.atomic():
        if Body.objects.filter(name=MARKER_BODY).exists():
            # A demo loaded before the second factor existed gets its authenticators now.
            demo_second_factor.enrol(User.objects.filter(
                username__in=[name for _, name in ACCOUNT_ORDER]))
            return DemoResult(accounts=_existing_accounts(plan.password), created=False)
        if workers <= 1:
            loaded = _write(plan, cases=cases)
            return DemoResult(accounts=_existing_accounts(plan.password), created=True,
                              cases=loaded)
        bodies, officers = _write_register(plan)
    loaded = demo_cases.load(bodies=bodies, officers=officers, today=plan.today,
                             seed=plan.seed, count=cases, workers=workers)
    with transaction.atomic():
        _write_after_cases(plan, bodies)
        return DemoResult(accounts=_existing_accounts(plan.password), created=True,
                          cases=loaded)


@contextmanager
def _password_hashed_once(password: str) -> Iterator[None]:
    """Every demo account has the printed password; its hash (the configured hasher, PBKDF2
    with its full iterations in the demo) is computed once, on the first account, and given
    to the others, instead of a quarter of a second of CPU per account (the six accounts,
    and the reviewers' accounts the case loaders make, forked processes included). Any other
    password is hashed as always; nothing changes after the load."""
    from django.contrib.auth import base_user

    original = base_user.make_password
    hashed: list[str] = []

    def make_password(raw, salt=None, hasher="default"):
        if raw != password or salt is not None or hasher != "default":
            return original(raw, salt, hasher)
        if not hashed:
            hashed.append(original(raw))
        return hashed[0]

    base_user.make_password = make_password  # what AbstractBaseUser.set_password calls
    try:
        yield
    finally:
        base_user.make_password = original


def _existing_accounts(password: str) -> list[tuple[str, str, str, str, str]]:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[name for _, name in ACCOUNT_ORDER])
        .select_related("body")
    }
    accounts = []
    for role, username in ACCOUNT_ORDER:
        user = users.get(username)
        if user is None:
            continue
        accounts.append((
            Role(role).label, username, password, user.get_full_name() or username,
            user.body.name if user.body_id else NO_BODY,
        ))
    return accounts


def _field_codes(plan: CountyPlan) -> dict[str, str]:
    """Map the plan's category codes to the register's, reusing categories that exist."""
    existing = list(EnforcementField.objects.all())
    by_name = {f.name: f.code for f in existing}
    by_code = {f.code: f.code for f in existing}
    mapping = {}
    for code, name in plan.fields:
        found = by_name.get(name) or by_code.get(code)
        if found is None:
            found = actions.create_enforcement_field(acting_user=None, code=code, name=name).code
        mapping[code] = found
    return mapping


def _write(plan: CountyPlan, *, cases: int | None = None) -> demo_cases.LoadResult:
    bodies, officers = _write_register(plan)
    # Cases run through the engine's actions: documents rendered, recordings stored.
    loaded = demo_cases.load(bodies=bodies, officers=officers, today=plan.today,
                             seed=plan.seed, count=cases)
    _write_after_cases(plan, bodies)
    return loaded


def _write_register(plan: CountyPlan) -> tuple[dict[str, Body], dict]:
    """The bodies, officers, accounts and catalogues: (bodies, officers) by the plan's keys."""
    # One search-index pass over the officers at the commit, and one validity refresh for
    # all of them at the end (instead of one per certificate, inspection and leaving).
    with officers_batched(), validity.batched():
        return _write_register_rows(plan)


def _write_register_rows(plan: CountyPlan) -> tuple[dict[str, Body], dict]:
    field_codes = _field_codes(plan)
    bodies: dict[str, Body] = {}
    # The body table lists entrusting bodies before the bodies they entrust.
    for body in plan.bodies:
        bodies[body.key] = actions.create_body(
            acting_user=None,
            name=body.name,
            credit_code=body.credit_code,
            nature=body.nature,
            subject_kind=body.subject_kind,
            funding=body.funding,
            legal_representative=body.legal_representative,
            address=body.address,
            complaint_phone=body.complaint_phone,
            region_code=body.region_code,
            short_name=body.short_name,
            staffing=body.staffing,
            duties=body.duties,
            supervising_body=body.supervising_body,
            entrusting_body=bodies[body.entrusting_key] if body.entrusting_key else None,
            entrustment_agreement=body.entrustment_agreement,
        )

    officers = {}
    for person in plan.officers:
        officer = actions.create_officer(
            acting_user=None,
            body=bodies[person.body_key],
            name=person.name,
            post=person.post,
            field_codes=[field_codes[c] for c in person.field_codes],
            areas=person.areas,
            legal_qualification=person.legal_qualification,
            is_reviewer=person.is_reviewer,
            phone=person.phone,
        )
        certificate = actions.issue_certificate(
            officer=officer,
            acting_user=None,
            number=person.certificate_number,
            issued_by=plan.certificate_issuer,
            issued_on=person.issued_on,
            expires_on=person.expires_on,
        )
        for inspection in person.inspections:
            actions.record_annual_inspection(
                certificate=certificate,
                acting_user=None,
                year=inspection.year,
                result=inspection.result,
                inspected_on=inspection.inspected_on,
                note=inspection.note,
            )
        if person.left_on is not None:
            # Cancels the certificate too (R-ORG-02).
            actions.officer_leaves(officer=officer, acting_user=None, on=person.left_on,
                                   reason=person.left_reason)
        officers[person.key] = officer

    accounts = []
    for account in plan.accounts:
        accounts.append(actions.create_user(
            acting_user=None,
            username=account.username,
            password=plan.password,
            full_name=account.full_name,
            roles=[account.role],
            body=bodies[account.body_key] if account.body_key else None,
            officer=officers[account.officer_key] if account.officer_key else None,
            jurisdiction=account.jurisdiction,
        ))
    # The privileged demo accounts come with an authenticator of a known secret.
    demo_second_factor.enrol(accounts)

    catalogues.load(bodies=bodies, today=plan.today)
    return bodies, officers


def _write_after_cases(plan: CountyPlan, bodies: dict[str, Body]) -> None:
    publications.load(today=plan.today)
    inspections.load(bodies=bodies, today=plan.today, seed=plan.seed)
    supervision.load(bodies=bodies, today=plan.today, seed=plan.seed)
    # The portal publishes the ledger's state from the first page view on (R-REC-09).
    checkpoints.sign_checkpoint(acting_user=None)
