"""Flask commands: create-user and seed-demo."""

from __future__ import annotations

import pyotp

from config import ProductionConfig
from engage.accounts.models import User, find_user_by_email
from engage.accounts.passwords import verify_password
from engage.audit.models import AuditEntry
from engage.cli import DEMO_TOTP_SECRET
from engage.extensions import db
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.factories import login

STRONG = "long admin passphrase"


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_create_user_makes_a_verified_admin(app, client):
    result = run(
        app, "create-user", "Boss@Example.org", "--role", "admin", input=f"{STRONG}\n{STRONG}\n"
    )

    assert result.exit_code == 0, result.output
    assert "Created boss@example.org with roles: admin, resident" in result.output
    assert STRONG not in result.output
    user = find_user_by_email("boss@example.org")
    assert user.role_names == {"resident", "admin"}
    assert user.is_verified
    assert user.display_name == "Boss"
    assert verify_password(user.password_hash, STRONG)
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.target_id) == ("user.created", None, user.id)
    login(client, user, STRONG)
    # A new admin sets up two-factor sign-in before any admin page opens (tests/two_factor).
    response = client.get("/admin/users")
    assert response.headers["Location"] == "/account/two-factor?next=/admin/users"


def test_create_user_with_name_and_several_roles(app):
    result = run(
        app,
        "create-user",
        "mod@example.org",
        "--name",
        "Mo Derator",
        "--role",
        "moderator",
        "--role",
        "official",
        input=f"{STRONG}\n{STRONG}\n",
    )
    assert result.exit_code == 0, result.output
    user = find_user_by_email("mod@example.org")
    assert user.display_name == "Mo Derator"
    assert user.role_names == {"resident", "moderator", "official"}


def test_create_user_refuses_a_weak_password(app):
    result = run(app, "create-user", "weak@example.org", input="password123\npassword123\n")
    assert result.exit_code != 0
    assert "too common" in result.output
    assert find_user_by_email("weak@example.org") is None


def test_create_user_refuses_mismatched_confirmation(app):
    result = run(app, "create-user", "typo@example.org", input=f"{STRONG}\n{STRONG}x\n")
    assert result.exit_code != 0
    assert find_user_by_email("typo@example.org") is None


def test_create_user_refuses_a_duplicate(app, factories):
    factories.user(email="taken@example.org", name="First")
    result = run(app, "create-user", "TAKEN@example.org", input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code != 0
    assert "An account with that email already exists." in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_create_user_refuses_an_unknown_role(app):
    result = run(
        app, "create-user", "x@example.org", "--role", "king", input=f"{STRONG}\n{STRONG}\n"
    )
    assert result.exit_code == 2
    assert find_user_by_email("x@example.org") is None


def user_count() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)))


DEMO = {
    "resident@example.org": {"resident"},
    "moderator@example.org": {"resident", "moderator"},
    "official@example.org": {"resident", "official"},
    "admin@example.org": {"resident", "admin"},
}


def test_seed_demo_creates_the_four_demo_accounts(app, client):
    result = run(app, "seed-demo")

    assert result.exit_code == 0, result.output
    assert f"({user_count()} new accounts)" in result.output
    assert "Password for all: engage-demo" in result.output
    for email, roles in DEMO.items():
        user = find_user_by_email(email)
        assert user is not None, email
        assert user.role_names == roles
        assert user.is_verified
        assert verify_password(user.password_hash, "engage-demo")
    login(client, find_user_by_email("admin@example.org"), "engage-demo")


def test_seed_demo_enrols_the_staff_accounts_with_the_published_key(app, client):
    result = run(app, "seed-demo")

    assert f"add the key {DEMO_TOTP_SECRET} to an authenticator app" in result.output
    for email, roles in DEMO.items():
        user = find_user_by_email(email)
        assert user.has_second_factor == (roles != {"resident"}), email
        if user.has_second_factor:
            assert user.totp_secret == DEMO_TOTP_SECRET
    # The code from the key printed (and in the README) signs the demo admin in.
    login(client, find_user_by_email("admin@example.org"), "engage-demo")
    assert client.get("/admin/users").status_code == 200
    # Seeding again doesn't change the key (nor add audit entries).
    entries = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    run(app, "seed-demo")
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == entries


def test_totp_code_prints_the_current_code(app):
    run(app, "seed-demo")
    result = run(app, "totp-code", "moderator@example.org")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == pyotp.TOTP(DEMO_TOTP_SECRET).now()
    missing = run(app, "totp-code", "resident@example.org")
    assert missing.exit_code != 0 and "has no account with two-factor sign-in" in missing.output


def test_totp_code_refuses_in_production(tmp_path):
    with (
        separate_app(ProductionConfig, tmp_path, SECRET_KEY=PRODUCTION_SECRET_KEY) as prod,
        prod.app_context(),
    ):
        db.create_all()
        result = prod.test_cli_runner().invoke(args=["totp-code", "admin@example.org"])
        assert result.exit_code != 0
        assert "refuses to run in production" in result.output


def test_seed_demo_is_idempotent(app):
    assert run(app, "seed-demo").exit_code == 0
    seeded = user_count()
    result = run(app, "seed-demo")
    assert result.exit_code == 0, result.output
    assert "(0 new accounts)" in result.output
    assert user_count() == seeded


def test_seed_demo_refuses_in_production(tmp_path):
    with (
        separate_app(ProductionConfig, tmp_path, SECRET_KEY=PRODUCTION_SECRET_KEY) as prod,
        prod.app_context(),
    ):
        db.create_all()
        result = prod.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code != 0
        assert "refuses to run in production" in result.output
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
