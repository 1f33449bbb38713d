"""Demo content for trying Engage locally. Idempotent."""

from __future__ import annotations

from engage.accounts.models import find_user_by_email
from engage.accounts.service import create_user
from engage.cli import DEMO_ACCOUNTS, DEMO_PASSWORD


def seed() -> int:
    created = 0
    for email, name, roles in DEMO_ACCOUNTS:
        if find_user_by_email(email) is None:
            create_user(email, name, DEMO_PASSWORD, roles)
            created += 1
    return created
