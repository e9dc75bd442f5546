"""An administrator signed in through the real sign-in form."""

import pytest

from app.models import AccountRole


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin@example.org", role=AccountRole.ADMIN))
