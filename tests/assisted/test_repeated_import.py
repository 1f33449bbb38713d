"""Importing the same CSV twice (issue 22, defect 16): a repeated file (by the hash of its
bytes) and repeated rows (same person, channel and words as input already recorded) are
shown before anything is added, and left out unless the official chooses otherwise."""

from __future__ import annotations

import base64
import hashlib
import io
import re

from sqlalchemy import func, select

from engage.assisted.models import CsvImport
from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.consultations.helpers import post, text
from tests.factories import login

CSV = (
    "kind,title,body,name,channel\r\n"
    "proposal,Benches at bus stops,Older people need to sit.,Maria G.,paper\r\n"  # 2
    "comment,,Keep cameras away from the school.,,phone\r\n"  # 3
    "comment,,,,\r\n"  # 4: a bad row
)


def _official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def _upload(client, consultation, content: str, filename: str = "paper.csv"):
    return post(
        client,
        f"/consultations/{consultation.slug}/import",
        {"file": (io.BytesIO(content.encode()), filename)},
        content_type="multipart/form-data",
    )


def _confirm(client, consultation, page: str, choice: str):
    """Press one of the check page's buttons: the file comes back from its hidden field."""
    content = re.search(r'name="content" value="([^"]*)"', page).group(1)
    filename = re.search(r'name="filename" value="([^"]*)"', page).group(1)
    assert f'name="repeats" value="{choice}"' in page
    return post(
        client,
        f"/consultations/{consultation.slug}/import",
        {"content": content, "filename": filename, "repeats": choice},
        content_type="multipart/form-data",
    )


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Proposal.id))),
        db.session.scalar(select(func.count(Comment.id))),
    )


def test_the_same_file_twice_is_shown_and_nothing_is_added_until_chosen(client, factories):
    _official(client, factories)
    consultation = factories.consultation("open")
    first = text(_upload(client, consultation, CSV))
    assert "2 rows imported" in first and _counts() == (1, 1)
    kept = db.session.scalar(select(CsvImport))
    assert kept.sha256 == hashlib.sha256(CSV.encode()).hexdigest()
    assert kept.consultation_id == consultation.id and kept.imported == 2

    again = _upload(client, consultation, CSV, filename="paper (copy).csv")
    page = text(again)
    assert again.status_code == 200
    assert _counts() == (1, 1), "nothing is added before the official chooses"
    assert "Check before importing" in page and "Nothing has been imported yet." in page
    assert "This file was imported before" in page and "Olu Official" in page
    assert "2 rows of this file are already recorded." in page
    proposal = db.session.scalar(select(Proposal))
    comment = db.session.scalar(select(Comment))
    assert f'href="/proposals/{proposal.id}"' in page
    assert f'href="/comments/{comment.id}"' in page
    assert "Line 4: body is empty." in page, "row errors are still named"
    assert 'value="skip"' not in page, "no new rows: only the explicit choice to repeat"

    # Cancelling is a link: nothing was added. Choosing to repeat adds them again.
    result = text(_confirm(client, consultation, page, "include"))
    assert "2 rows imported" in result and _counts() == (2, 2)
    entry = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "assisted.csv_imported")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry.after["repeated_file"] is True
    assert entry.after["repeated_lines_imported"] == [2, 3]


def test_repeated_rows_in_a_new_file_are_left_out_unless_confirmed(client, factories):
    _official(client, factories)
    consultation = factories.consultation("open")
    _upload(client, consultation, CSV)
    proposal = db.session.scalar(select(Proposal))
    # A new file: one row recorded already, one new, one the same as an earlier line, and
    # one with the same words from another person (not a repeat).
    newer = (
        "kind,title,body,name,channel\r\n"
        "proposal,Benches (again),Older people need to sit.,Maria G.,paper\r\n"  # 2: repeat
        "comment,,More buses at night.,Sam T.,event\r\n"  # 3: new
        "comment,,More buses at night.,Sam T.,event\r\n"  # 4: same as line 3
        "comment,,Keep cameras away from the school.,Ana,phone\r\n"  # 5: another person
        "comment,,Keep cameras away from the school.,,paper\r\n"  # 6: another channel
    )
    page = text(_upload(client, consultation, newer, filename="march.csv"))
    assert _counts() == (1, 1)
    assert "This file was imported before" not in page
    assert "2 rows of this file are already recorded." in page
    assert "3 new rows can be imported." in page
    assert re.search(rf"Line 2:.*Already recorded as proposal {proposal.id}", page, re.S)
    assert "Same as line 3 of this file." in page
    assert "Line 5:" not in page and "Line 6:" not in page

    result = text(_confirm(client, consultation, page, "skip"))
    assert "3 rows imported" in result and "2 repeated rows left out" in result
    assert _counts() == (1, 1 + 3)
    bodies = sorted(
        (c.submitted_for_name or "", c.channel)
        for c in db.session.scalars(select(Comment).where(Comment.body.like("%buses%")))
    )
    assert bodies == [("Sam T.", "event")]


def test_a_file_without_repeats_is_imported_at_once(client, factories):
    """The check only stops an upload that repeats something."""
    _official(client, factories)
    consultation = factories.consultation("open")
    other = factories.consultation("open")
    _upload(client, other, CSV)
    page = text(_upload(client, consultation, CSV))
    assert "Check before importing" not in page and "2 rows imported" in page


def test_a_forged_carried_file_is_refused_with_the_form(client, factories):
    _official(client, factories)
    consultation = factories.consultation("open")
    response = post(
        client,
        f"/consultations/{consultation.slug}/import",
        {"content": "not base64!", "filename": "x.csv", "repeats": "include"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "Choose a CSV file to import." in text(response)
    encoded = base64.b64encode(b"kind,body\r\ncomment,Hello\r\n").decode()
    response = post(
        client,
        f"/consultations/{consultation.slug}/import",
        {"content": encoded, "filename": "x.csv", "repeats": "skip"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and _counts() == (0, 1)


def test_identical_anonymous_rows_in_one_file_are_separate_postcards(client, factories):
    """Within a file only a named person repeats; anonymous rows already recorded do."""
    _official(client, factories)
    consultation = factories.consultation("open")
    campaign = "kind,body\r\n" + "comment,Save the park.\r\n" * 3
    assert "3 rows imported" in text(_upload(client, consultation, campaign))
    page = text(_upload(client, consultation, campaign + "comment,Plant trees.\r\n"))
    assert "3 rows of this file are already recorded." in page and _counts() == (0, 3)
