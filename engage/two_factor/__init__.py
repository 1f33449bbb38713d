"""Two-factor sign-in: a code from an authenticator app (TOTP) or a recovery code.

Staff roles (moderator, official, admin) only count once the account has a second factor
(``engage.permissions.has_role``); until then the person is a resident, and a staff page
sends them to set one up (``staff_gate``).
"""

from __future__ import annotations

from flask import Blueprint, Flask

from engage.two_factor.service import needs_second_factor

bp = Blueprint("two_factor", __name__)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["needs_second_factor"] = needs_second_factor
