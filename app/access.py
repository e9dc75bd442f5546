"""Access rules for views. Every view declares one, so no route exists without a decision."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user
from flask_login import login_required as flask_login_required

from app.models import AccountRole


def _mark(view: Callable, level: str) -> Callable:
    view.access_level = level
    return view


def public(view: Callable) -> Callable:
    """Anyone may see this view, signed in or not."""
    return _mark(view, "public")


def login_required(view: Callable) -> Callable:
    """Any signed-in account may see this view."""
    return _mark(flask_login_required(view), AccountRole.LEARNER.value)


def role_required(role: AccountRole) -> Callable[[Callable], Callable]:
    """Only accounts with `role` may see this view; others get 403, visitors sign in first."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return _mark(flask_login_required(guarded), role.value)

    return decorator
