"""The demo county's publications (事后公开): what a clerk would have done by ``today``.

Every decision the demo cases made already has its Disclosure (the engine creates it). Here
the clerk publishes most of them on time (some a few days late), leaves the newest pending
(some of those past their 7-working-day deadline), withdraws one revoked decision, takes
one down early after 信用修复, and lets the blocked ones (minors, secrets) stay off the
portal — all through ``sanxiang.disclosure.actions``, deterministically.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from sanxiang.core import clock
from sanxiang.disclosure import actions
from sanxiang.disclosure.models import Disclosure
from sanxiang.org.roles import Role


def load(*, today: date) -> dict[str, int]:
    counts = {"published": 0, "pending": 0, "withdrawn": 0, "removed": 0}
    clerks = {u.body_id: u for u in get_user_model().objects.filter(groups__name=Role.CLERK.label)}
    rows = list(Disclosure.objects.filter(state=Disclosure.State.PENDING)
                .select_related("body").order_by("decided_on", "id"))
    for index, disclosure in enumerate(rows):
        age = (today - disclosure.decided_on).days
        if age < 6 or index % 11 == 5:
            counts["pending"] += 1  # still with the clerk; the older ones are overdue
            continue
        late = index % 13 == 7  # a few published after their deadline
        on = disclosure.due_on + timedelta(days=3) if late else disclosure.decided_on + \
            timedelta(days=2 + index % 4)
        on = min(on, today)
        clerk = clerks.get(disclosure.body_id)
        with clock.replaying(on):  # the platform's clock of that day stamps the date
            actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)
        counts["published"] += 1
    published = list(Disclosure.objects.filter(state=Disclosure.State.PUBLISHED)
                     .order_by("published_on", "id"))
    if published:
        # One decision revoked on administrative reconsideration: down within 3 working days.
        target = published[len(published) // 2]
        on = max(target.published_on + timedelta(days=20), target.published_on)
        on = min(on, today)
        actions.mark_withdrawal_needed(case=target.case, grounds="revoked", on=on)
        with clock.replaying(on):
            actions.withdraw(acting_user=clerks.get(target.body_id), disclosure=target,
                             grounds="revoked",
                             reason="该处罚决定已被行政复议机关撤销（复议决定书见本机关公告）。")
        counts["withdrawn"] += 1
    for candidate in published[:10]:
        candidate.refresh_from_db()
        if (candidate.state == Disclosure.State.PUBLISHED and candidate.removable_from
                and candidate.removable_from <= today):
            with clock.replaying(today):
                actions.early_removal(
                    acting_user=clerks.get(candidate.body_id), disclosure=candidate,
                    performed=True,
                    commitment="当事人已履行处罚决定并提交信用承诺书，承诺依法经营。")
            counts["removed"] += 1
            break
    return counts
