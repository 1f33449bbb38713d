"""CSV import of paper submissions: good rows imported and labelled, every bad row named
with its line and reason, nothing silently dropped; file-level problems refuse the file."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from engage.assisted import csv_import
from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.consultations.helpers import post, text
from tests.factories import login


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def _upload(client, consultation, content: str | bytes, filename: str = "paper.csv"):
    data = content.encode() if isinstance(content, str) else content
    return post(
        client,
        f"/consultations/{consultation.slug}/import",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_rows_are_imported_as_paper_and_each_bad_row_is_named(client, official, factories):
    consultation = factories.consultation("open")
    proposal = factories.proposal(consultation)
    withdrawn = factories.proposal(consultation, status="withdrawn")
    today = date.today().isoformat()
    csv = (
        "kind,title,body,name,received_on,channel,proposal_id\r\n"
        f"proposal,Benches at bus stops,Older people need to sit.,Maria G.,{today},,\r\n"  # 2
        f"comment,,Keep cameras away from the school.,,{today},phone,\r\n"  # 3
        f"comment,,I agree.,Sam T.,,event,{proposal.id}\r\n"  # 4
        "proposal,,No title here.,,,,\r\n"  # 5
        ",,,,,,\r\n"  # 6
        "comment,,,,,,\r\n"  # 7
        'proposal,"A title, with a comma","Two\nlines",,,paper,\r\n'  # 8-9
        "comment,,A date that does not exist.,,31/02/2026,,\r\n"  # 10
        "comment,,Wrong channel.,,,online,\r\n"  # 11
        "comment,,On a missing proposal.,,,,99999\r\n"  # 12
        f"comment,,On a withdrawn proposal.,,,,{withdrawn.id}\r\n"  # 13
        "letter,,What kind?,,,,\r\n"  # 14
    )
    response = _upload(client, consultation, csv)
    page = text(response)
    assert response.status_code == 200

    assert _count(Proposal) == 2 + 2 and _count(Comment) == 2
    imported = db.session.scalars(select(Proposal).where(Proposal.channel != "online")).all()
    assert sorted(p.channel for p in imported) == ["paper", "paper"]
    benches = next(p for p in imported if p.title == "Benches at bus stops")
    assert benches.submitted_for_name == "Maria G." and benches.author_id == official.id
    assert benches.received_on == date.today()
    two_lines = next(p for p in imported if p.title == "A title, with a comma")
    assert two_lines.body == "Two\nlines" and two_lines.submitted_for_name is None
    on_proposal = db.session.scalar(select(Comment).where(Comment.target_type == "proposal"))
    assert (on_proposal.channel, on_proposal.target_id) == ("event", proposal.id)

    assert "4 rows imported" in page and "8 rows not imported" in page
    for line in [
        "Line 5: title is empty; a proposal needs one.",
        "Line 6: the row is empty.",
        "Line 7: body is empty.",
        "Line 10: received_on '31/02/2026' is not a date (write it as YYYY-MM-DD, "
        "like 2026-03-14).",
        "Line 11: channel 'online' is not paper, phone or event.",
        "Line 12: there is no proposal 99999 in this consultation.",
        f"Line 13: proposal {withdrawn.id} was withdrawn, so it takes no comments.",
        "Line 14: kind 'letter' is not proposal or comment.",
    ]:
        assert line in page, line
    assert "Line 2: proposal" in page and "Line 8: proposal" in page

    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "assisted.csv_imported")
    )
    assert entry.actor_id == official.id and entry.target_id == consultation.id
    assert entry.after["imported"] == 4 and entry.after["rejected"] == 8
    assert entry.after["rejected_lines"] == [5, 6, 7, 10, 11, 12, 13, 14]
    assert entry.after["by_channel"] == {"paper": 2, "phone": 1, "event": 1}

    # The proposals' list is the consultation's proposals page (the hub); the counts by
    # channel stay in the consultation's details.
    listing = text(client.get(f"/consultations/{consultation.slug}/proposals"))
    assert "Submitted on paper by Maria G., recorded by Olu Official" in listing
    assert "2 on paper" in text(client.get(f"/consultations/{consultation.slug}"))


def test_the_acceptance_file_labels_good_rows_paper(client, official, factories):
    """The issue's example: a CSV with good and bad rows."""
    consultation = factories.consultation("open")
    csv = (
        "kind,title,body,name\n"
        "proposal,Light the underpass,It is dark at night.,Ana\n"
        "comment,,,Bea\n"
        "comment,,More buses please.,\n"
    )
    page = text(_upload(client, consultation, csv))
    assert {p.channel for p in db.session.scalars(select(Proposal))} == {"paper"}
    assert {c.channel for c in db.session.scalars(select(Comment))} == {"paper"}
    assert "Line 3: body is empty." in page and "2 rows imported" in page


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("kind,body\nproposal,x\n".encode("utf-16"), "paper.csv", "is not in UTF-8"),
        ("kind;body\ncomment;x\n".encode("latin-1"), "paper.csv", "The first line must name"),
        (b"kind,body\ncomment,Caf\xe9\n", "paper.csv", "is not in UTF-8"),
        (b"%PDF-1.4 \x00\x01", "paper.pdf", "This is not a CSV file"),
        (b"kind,body,colour\ncomment,x,red\n", "paper.csv", "Found: kind, body, colour"),
        (b"", "paper.csv", "The file is empty."),
    ],
)
def test_files_that_cannot_be_read_import_nothing(
    client, official, factories, content, filename, message
):
    consultation = factories.consultation("open")
    response = _upload(client, consultation, content, filename)
    assert response.status_code == 422
    assert message in text(response)
    assert _count(Proposal) == 0 and _count(Comment) == 0


def test_a_file_over_the_size_limit_imports_nothing(client, official, factories, monkeypatch):
    # A smaller limit than the real 1 MB: the test client leaks the temporary file it
    # spools large uploads to, which pytest reports as an error.
    monkeypatch.setattr(csv_import, "MAX_BYTES", 100)
    consultation = factories.consultation("open")
    response = _upload(client, consultation, b"kind,body\ncomment," + b"x" * 200 + b"\n")
    assert response.status_code == 422
    assert "The file is larger than 1 MB." in text(response)
    assert _count(Comment) == 0


def test_a_utf8_file_with_a_byte_order_mark_and_accents(client, official, factories):
    consultation = factories.consultation("open")
    csv = "\ufeffkind,body,name\ncomment,Más autobuses,José\ncomment,مزيد من الحافلات,\n"
    response = _upload(client, consultation, csv.encode("utf-8"))
    assert response.status_code == 200
    assert {c.body for c in db.session.scalars(select(Comment))} == {
        "Más autobuses",
        "مزيد من الحافلات",
    }


def test_no_file_chosen(client, official, factories):
    consultation = factories.consultation("open")
    response = post(client, f"/consultations/{consultation.slug}/import", {})
    assert response.status_code == 422 and "Choose a CSV file to import." in text(response)


def test_the_template_is_a_csv_with_the_columns(client, official):
    response = client.get("/assisted/paper-submissions-template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    first = response.get_data(as_text=True).splitlines()[0]
    assert first == "kind,title,body,name,received_on,channel,proposal_id"


def test_residents_cannot_import(client, factories):
    login(client, factories.user())
    consultation = factories.consultation("open")
    response = _upload(client, consultation, "kind,body\ncomment,x\n")
    assert response.status_code == 403 and _count(Comment) == 0
    assert client.get("/assisted/paper-submissions-template.csv").status_code == 403


def test_titles_and_names_on_one_line_and_odd_proposal_ids_are_named(client, official, factories):
    """Security findings 2 and 5 in the CSV import: a title or name with a line break is a
    bad row (named with its line), and a proposal id that is not a plain small number is
    too, instead of a 500."""
    consultation = factories.consultation("open")
    csv = (
        "kind,title,body,name,proposal_id\r\n"
        'proposal,"Two\nline title",Body.,,\r\n'  # 2-3
        'comment,,Body.,"Maria\rG.",\r\n'  # 4-5
        "comment,,Body.,,²\r\n"  # 6
        "comment,,Body.,,99999999999999999999999\r\n"  # 7
        "proposal,Good title,Good body.,Tab-free name,\r\n"  # 8
    )
    response = _upload(client, consultation, csv)
    assert response.status_code == 200
    page = text(response)
    assert "Line 2: title must be on one line" in page
    assert "Line 4: name must be on one line" in page
    assert "Line 6: proposal_id '²' is not a number." in page
    assert "Line 7: there is no proposal 99999999999999999999999 in this consultation." in page
    assert _count(Proposal) == 1 and _count(Comment) == 0


def _rows_after_header(content: str):
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    next(reader)
    return csv_import.read_rows(reader)


def test_rows_are_read_with_the_line_they_start_on_up_to_the_limit(monkeypatch):
    # Both imports (proposals here, paper answers in surveys) read their rows this way.
    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    content = 'kind,body\ncomment,"two\nlines"\n\ncomment,x\n'
    assert list(_rows_after_header(content)) == [
        (2, ["comment", "two\nlines"]),
        (4, []),
        (5, ["comment", "x"]),
    ]
    with pytest.raises(csv_import.ImportFileError) as error:
        list(_rows_after_header(content + "comment,y\n"))
    assert str(error.value) == "The file has more than 3 rows. Split it into smaller files."


def test_a_row_that_is_not_csv_stops_the_import_with_its_line():
    rows = _rows_after_header('kind,body\ncomment,x\ncomment,"y"z\n')
    with pytest.raises(csv_import.ImportFileError) as error:
        list(rows)
    assert str(error.value).startswith("Line 3 can't be read as CSV (")
    assert str(error.value).endswith("). Nothing was imported.")
