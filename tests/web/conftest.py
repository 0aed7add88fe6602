import pytest

from sanxiang.org import actions
from sanxiang.org.roles import Role

# The password the web tests type into the login form.
TYPED_PASSWORD = "Typed-Password-2026!"


@pytest.fixture
def account_for():
    """``account_for(officer)`` → an officer's account whose password is ``TYPED_PASSWORD``."""

    def make(officer, username):
        return actions.create_user(acting_user=None, username=username, password=TYPED_PASSWORD,
                                   full_name=officer.name, roles=[Role.OFFICER], officer=officer)

    return make
