"""Demo accounts: the four published ones (README) and the residents who take part."""

from __future__ import annotations

from engage.accounts.models import User, find_user_by_email
from engage.accounts.service import create_user
from engage.two_factor.service import enrol_for_demo

DEMO_PASSWORD = "engage-demo"  # noqa: S105 - published in the README on purpose
# Every demo staff account signs in with this authenticator key (README). Development only.
DEMO_TOTP_SECRET = "ENGAGEDEMOTOTPKEYFORDEVELOPMENT2"  # noqa: S105 - published on purpose
DEMO_ACCOUNTS = [
    ("resident@example.org", "Sam Resident", {"resident"}),
    ("moderator@example.org", "Morgan Moderator", {"moderator"}),
    ("official@example.org", "Olu Official", {"official"}),
    ("admin@example.org", "Ada Admin", {"admin"}),
]

RESIDENT_NAMES = [
    "Amina K.",
    "riverside_dad",
    "J. Okafor",
    "Marta Lindqvist",
    "tenants_union_sec",
    "Dev P.",
    "Grace O'Neill",
    "cyclist_on_5th",
    "Hoang Minh",
    "Ruth B.",
    "night_shift_nurse",
    "Tomás R.",
    "Lena W.",
    "Sam Q.",
    "k.fischer",
    "Yusuf A.",
    "Priya N.",
    "oldtown_resident",
    "B. Mensah",
    "Carla D.",
    "pat_the_librarian",
    "Ivo S.",
    "Nadia H.",
    "m.costa",
    "Femi A.",
    "Wen L.",
    "Ali R.",
    "Jo T.",
]


def seed_accounts() -> tuple[int, list[User]]:
    """The demo accounts (staff enrolled with the published key) and the residents;
    returns how many accounts are new, and the residents."""
    created = 0
    for email, name, roles in DEMO_ACCOUNTS:
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, roles)
            created += 1
        if roles - {"resident"} and not user.has_second_factor:
            enrol_for_demo(user, DEMO_TOTP_SECRET)
    residents = []
    for n, name in enumerate(RESIDENT_NAMES, start=1):
        email = f"demo-resident-{n}@example.org"
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, set())
            created += 1
        residents.append(user)
    return created, residents
