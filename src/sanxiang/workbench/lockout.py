"""django-axes with two limits: per account whatever the address, and per address.

axes compares one failure count with one limit, the worst over its lockout parameters
(``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``). Here each parameter has its own
limit: ``AXES_FAILURE_LIMIT`` for an account — failures from any number of addresses add
up, so spraying one account from many addresses is stopped — and the larger
``SANXIANG_LOGIN_IP_FAILURE_LIMIT`` for an address — one address trying many accounts is
stopped too, while a whole office behind one address is not locked out by a few typos.
The address count is scaled onto the account limit so axes' own comparison applies.

A successful login clears the account's failures only: logging into an account one holds
must not wipe an address's record of failures on other accounts.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressLockout(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.SANXIANG_LOGIN_IP_FAILURE_LIMIT
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials),
                                       strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter == "ip_address":
                # failures * limit // address_limit >= limit  ⇔  failures >= address_limit
                failures = failures * limit // address_limit
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _detail = AccessAttempt.objects.filter(username=username).delete()
        return count
