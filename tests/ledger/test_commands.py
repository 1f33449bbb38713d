"""flask ledger sign-head, verify, new-key; and where the signing key comes from."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import text

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from engage.extensions import db
from engage.ledger import merkle, service, signing
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.ledger.helpers import content_of, log_comment, receipt


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_sign_head_signs_a_new_head_only_when_the_log_grew(app):
    log_comment(0)
    db.session.commit()
    first = run(app, "ledger", "sign-head")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Signed head: 1 entries, root ")
    assert run(app, "ledger", "sign-head").exit_code == 0
    assert len(service.heads()) == 1
    log_comment(1)
    db.session.commit()
    run(app, "ledger", "sign-head")
    assert [h.tree_size for h in service.heads()] == [1, 2]


def test_verify_checks_the_whole_log(app, factories):
    for n in range(3):
        factories.comment(body=f"Comment {n}.")
    db.session.commit()
    service.sign_head()
    db.session.commit()
    size = service.tree_size()
    result = run(app, "ledger", "verify")
    assert result.exit_code == 0, result.output
    assert result.output == f"The log holds: {size} entries and 1 signed heads check out.\n"

    log_comment(99)  # an entry no row stands behind
    db.session.commit()
    result = run(app, "ledger", "verify")
    assert result.exit_code == 1
    assert f"comment 99 (leaf {size}): the row is gone or no longer public" in result.output


def test_verify_checks_a_receipt_against_the_latest_head(app, tmp_path):
    leaves = [log_comment(n) for n in range(3)]
    issued = receipt(leaves[1], service.sign_head(), content_of(1))
    log_comment(3)
    service.sign_head()
    db.session.commit()
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(issued), encoding="utf-8")
    result = run(app, "ledger", "verify", "--receipt", str(path))
    assert result.exit_code == 0, result.output
    assert "entry 1 is included in the latest signed head (4 entries)" in result.output

    issued["leaf"]["entry"] = issued["leaf"]["entry"].replace("p-0123", "p-9999")
    path.write_text(json.dumps(issued), encoding="utf-8")
    result = run(app, "ledger", "verify", "--receipt", str(path))
    assert result.exit_code == 1
    assert result.output == (
        "Not valid, because the entry's text does not give the leaf hash: the entry was altered.\n"
    )
    path.write_text("[", encoding="utf-8")
    result = run(app, "ledger", "verify", "--receipt", str(path))
    assert result.exit_code == 1 and "the receipt is not JSON" in result.output


def test_new_key_prints_a_key_the_site_accepts(app):
    result = run(app, "ledger", "new-key")
    key = signing.parse_private_key(result.output)
    assert result.output.startswith("-----BEGIN PRIVATE KEY-----")
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    again = signing.parse_private_key(base64.b64encode(seed).decode())
    assert again.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()


def test_the_key_comes_from_configuration_never_the_database(tmp_path):
    pem = signing.new_key_pem()
    expected = signing.parse_private_key(pem).public_key().public_bytes_raw()
    with separate_app(TestingConfig, tmp_path, LEDGER_SIGNING_KEY=pem) as app, app.app_context():
        assert signing.public_key_bytes() == expected
    key_file = tmp_path / "ledger.pem"
    key_file.write_text(pem, encoding="utf-8")
    settings = {"LEDGER_SIGNING_KEY_FILE": str(key_file)}
    with separate_app(TestingConfig, tmp_path, **settings) as app, app.app_context():
        assert signing.public_key_bytes() == expected


def test_development_keeps_one_key_in_the_instance_folder(tmp_path):
    keys = []
    for _ in range(2):
        with separate_app(DevelopmentConfig, tmp_path) as app:
            app.instance_path = str(tmp_path / "instance")
            with app.app_context():
                keys.append(signing.public_key_bytes())
    assert keys[0] == keys[1]
    assert (tmp_path / "instance" / signing.DEV_KEY_FILE).stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("bad", ["not a key", base64.b64encode(b"short").decode()])
def test_a_bad_key_is_refused_with_the_reason(bad):
    with pytest.raises(signing.SigningKeyError, match="LEDGER_SIGNING_KEY must be"):
        signing.parse_private_key(bad)


def test_production_without_a_key_cannot_sign_but_still_serves(tmp_path):
    site = "https://engage.example.gov"
    settings = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "BASE_URL": site}
    with separate_app(ProductionConfig, tmp_path, **settings) as app, app.app_context():
        db.create_all()
        result = run(app, "ledger", "sign-head")
        assert result.exit_code == 1
        assert "No ledger signing key: set LEDGER_SIGNING_KEY" in result.output
        response = app.test_client().get("/api/v1/ledger/heads", base_url=site)
        assert response.status_code == 200, response.data
        assert response.get_json()["public_key"] is None


def test_the_signature_covers_rfc_9162_tree_head_data():
    root = bytes(range(32))
    message = merkle.head_message(5, 1_700_000_000_000, root)
    assert message == (
        (1_700_000_000_000).to_bytes(8, "big") + (5).to_bytes(8, "big") + b"\x20" + root + b"\0\0"
    )


def test_verify_names_a_logged_comment_edited_directly_in_the_database(app, factories):
    kept = factories.comment(body="Left alone.")
    tampered = factories.comment(body="The original words.")
    db.session.commit()
    assert run(app, "ledger", "sign-head").exit_code == 0
    assert run(app, "ledger", "verify").exit_code == 0
    leaf = service.leaf_for("comment", str(tampered.id))
    db.session.execute(
        text("UPDATE comments SET body = :body WHERE id = :id"),
        {"body": "Words nobody wrote.", "id": tampered.id},
    )
    db.session.commit()
    db.session.expire_all()

    result = run(app, "ledger", "verify")

    assert result.exit_code == 1
    assert result.output == (
        f"Not valid: comment {tampered.id} (leaf {leaf.index}) changed after it was logged: "
        "content_sha256\n"
    )
    assert f"comment {kept.id} " not in result.output


def test_catch_up_logs_what_a_crash_left_out_and_is_idempotent(app, factories):
    factories.consultation()  # written without its service's signal, as if the job was lost
    db.session.commit()
    first = run(app, "ledger", "catch-up")
    assert first.exit_code == 0, first.output
    assert first.output == f"1 entry added; the log has {service.tree_size()}.\n"
    again = run(app, "ledger", "catch-up")
    assert again.output == f"0 entries added; the log has {service.tree_size()}.\n"
