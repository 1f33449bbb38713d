"""Receipts: listed under "Your contributions", downloadable as JSON and printable, with
the signed head and inclusion proof once a head includes the leaf; checked on
/transparency/verify (with and without a file), never a 500 on a bad receipt."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from sqlalchemy import select

from engage.comments.models import Comment
from engage.extensions import db
from engage.ledger import receipts, service
from engage.ledger.kinds import digest
from tests.comments.helpers import post_comment, token
from tests.factories import login
from tests.moderation.decisions import reported_comment


def sign_head():
    head = service.sign_head()
    db.session.commit()
    return head


def my_comment(client, factories, resident, body="Please publish the audits."):
    consultation = factories.consultation()
    login(client, resident)
    assert post_comment(client, consultation, body).status_code == 303
    return db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()


def receipt_of(client, comment) -> dict:
    response = client.get(f"/account/contributions/comment/{comment.id}/receipt.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    return json.loads(response.get_data(as_text=True))


def verify(client, text: str) -> tuple[int, str]:
    response = client.post(
        "/transparency/verify", data={"csrf_token": token(client), "receipt": text}
    )
    return response.status_code, response.get_data(as_text=True)


def test_contributions_list_links_each_receipt_and_before_a_head_the_receipt_says_so(
    client, factories
):
    resident = factories.user()
    comment = my_comment(client, factories, resident)

    page = client.get("/account/contributions").get_data(as_text=True)
    assert f"/account/contributions/comment/{comment.id}/receipt" in page
    assert "Please publish the audits." in page
    assert "/account/contributions" in client.get("/account/profile").get_data(as_text=True)

    receipt = receipt_of(client, comment)
    assert receipt["head"] is None and receipt["inclusion_proof"] == []
    assert receipt["next_head_due"]
    assert receipt["leaf"]["kind"] == "comment"
    assert receipt["content"]["body"] == "Please publish the audits."
    entry = json.loads(receipt["leaf"]["entry"])
    assert entry["content"]["content_sha256"] == digest(receipt["content"])
    printable = client.get(f"/account/contributions/comment/{comment.id}/receipt")
    assert "No signed state of the log includes your entry yet" in printable.get_data(as_text=True)
    # Valid already: the entry is in the log, waiting for a head.
    status, html = verify(client, json.dumps(receipt))
    assert status == 200 and "Valid receipt" in html and "no signed state includes it" in html


def test_after_fifty_more_submissions_the_receipt_is_in_the_latest_signed_head(client, factories):
    resident = factories.user()
    comment = my_comment(client, factories, resident)
    first = sign_head()
    receipt = receipt_of(client, comment)
    assert receipt["tree_size"] == first.tree_size
    assert receipt["head"]["root_hash"] == first.root_hash.hex()
    page = client.get(f"/account/contributions/comment/{comment.id}/receipt")
    assert "Included in the signed state of the log" in page.get_data(as_text=True)

    consultation = factories.consultation()
    for n in range(50):
        factories.comment(on=consultation, body=f"Another view, number {n}.")
    latest = sign_head()
    assert latest.tree_size >= first.tree_size + 50

    status, html = verify(client, json.dumps(receipt))
    assert status == 200
    assert "included in the latest signed head" in html
    assert f"{latest.tree_size:,}" in html
    # The same from the file, and signed out.
    client.post("/account/logout", data={"csrf_token": token(client)})
    response = client.post(
        "/transparency/verify",
        data={
            "csrf_token": token(client, "/transparency/verify"),
            "file": (io.BytesIO(receipts.to_json(receipt).encode()), "receipt.json"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "included in the latest signed head" in response.get_data(as_text=True)


def test_a_receipt_stays_valid_after_moderation_hides_the_comment(client, factories):
    resident = factories.user()
    login(client, resident)
    comment, case = reported_comment(factories, author=resident)
    from engage.moderation.decisions import service as actions

    actions.act(factories.user("moderator"), case, "hide", rule_number=3, note="Address.")
    db.session.commit()
    sign_head()

    page = client.get("/account/contributions").get_data(as_text=True)
    assert "hidden by moderation" in page
    receipt = receipt_of(client, comment)
    assert receipt["content"]["body"].startswith("Call him")
    status, html = verify(client, json.dumps(receipt))
    assert "included in the latest signed head" in html


def test_someone_elses_receipt_is_not_found(client, factories):
    author, other = factories.user(), factories.user()
    comment = factories.comment(author=author)
    login(client, other)
    assert client.get(f"/account/contributions/comment/{comment.id}/receipt").status_code == 404
    assert (
        client.get(f"/account/contributions/comment/{comment.id}/receipt.json").status_code == 404
    )
    assert client.get(f"/account/contributions/poll/{comment.id}/receipt").status_code == 404


def _valid_receipt(client, factories) -> dict:
    comment = my_comment(client, factories, factories.user())
    factories.comment(body="One more, so the proof has a step.")
    sign_head()
    return receipt_of(client, comment)


def _not_valid(client, receipt_text: str) -> str:
    status, html = verify(client, receipt_text)
    assert status == 200, html[:500]
    assert "Not valid" in html
    return html.split("This receipt is not valid, because", 1)[1].split("</p>", 1)[0]


def test_bad_receipts_say_why_they_are_not_valid(client, factories):
    receipt = _valid_receipt(client, factories)

    assert "not JSON" in _not_valid(client, "{not json")
    assert "not an Engage receipt" in _not_valid(client, "[1, 2]")

    forged = json.loads(json.dumps(receipt))
    forged["head"]["signature"] = "00" * 64
    assert "signature is not this site" in _not_valid(client, json.dumps(forged))

    other_tree = json.loads(json.dumps(receipt))
    other_tree["inclusion_proof"] = ["11" * 32 for _ in receipt["inclusion_proof"]] or ["11" * 32]
    assert "another tree" in _not_valid(client, json.dumps(other_tree))

    changed = json.loads(json.dumps(receipt))
    changed["leaf"]["entry"] = changed["leaf"]["entry"].replace('"comment"', '"proposal"', 1)
    assert "the entry was changed" in _not_valid(client, json.dumps(changed))

    rewritten = json.loads(json.dumps(receipt))
    rewritten["content"]["body"] = "Something I never wrote."
    assert "not the text whose hash was logged" in _not_valid(client, json.dumps(rewritten))


def test_numbers_beyond_any_database_integer_are_not_valid(client, factories):
    receipt = _valid_receipt(client, factories)
    receipt["head"] = None
    receipt["leaf"]["index"] = 2**70
    assert "not a whole number" in _not_valid(client, json.dumps(receipt))


def test_an_empty_form_comes_back_with_an_error(client):
    status, html = verify(client, "   ")
    assert status == 422
    assert "Paste a receipt or choose its file." in html


@pytest.mark.parametrize("seed", range(6))
def test_mangled_receipts_never_give_a_server_error(client, factories, seed):
    receipt = _valid_receipt(client, factories)
    rng = random.Random(seed)
    junk = [None, 0, -1, 2**70, True, "", "zz", [], {}, "ab" * 40, 1.5]

    def mangle(value):
        if isinstance(value, dict) and value:
            key = rng.choice(list(value))
            value[key] = mangle(value[key]) if rng.random() < 0.6 else rng.choice(junk)
            return value
        if isinstance(value, list) and value:
            value[rng.randrange(len(value))] = rng.choice(junk)
            return value
        return rng.choice(junk)

    for _ in range(15):
        status, html = verify(client, json.dumps(mangle(json.loads(json.dumps(receipt)))))
        assert status == 200, html[:300]
        assert "Valid receipt" in html or "Not valid" in html


def test_transparency_page_shows_heads_the_key_and_offers_the_checker(client, factories):
    factories.comment()
    head = sign_head()

    page = client.get("/transparency").get_data(as_text=True)
    assert head.root_hash.hex() in page
    assert "BEGIN PUBLIC KEY" in page
    assert "/transparency/verify_receipt.py" in page
    script = client.get("/transparency/verify_receipt.py")
    assert script.status_code == 200
    assert b"import engage" not in script.data and b"from engage" not in script.data
    assert script.data == Path(receipts.__file__).with_name("verify_receipt.py").read_bytes()
