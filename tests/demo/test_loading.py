"""A demo load that fails leaves nothing behind: it needs an empty database, so it loads on
its own, outside the shared county of ``tests/demo/county/``."""

import pytest

from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.demo import county
from sanxiang.org.actions import create_user
from sanxiang.org.models import Body, Officer
from sanxiang.org.roles import Role

pytestmark = pytest.mark.django_db


def test_a_failed_load_leaves_nothing_behind():
    # An account name the demo needs is taken: the last write of the load fails.
    create_user(acting_user=None, username="admin", password="another-long-secret",
                full_name="已有管理员", roles=[Role.ADMIN])
    events = LedgerEvent.objects.count()
    with pytest.raises(RuleViolation):
        county.load()
    assert not Body.objects.exists() and not Officer.objects.exists()
    assert LedgerEvent.objects.count() == events
