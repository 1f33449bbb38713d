"""Reading a CSV of paper submissions: every row checked, every problem named by its line.

Nothing is silently dropped: a row is either imported or listed with the reason it was
not (an empty row too). Problems with the file as a whole (too big, not UTF-8, not CSV,
unknown columns) stop the import before any row is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from engage import csv_safe
from engage.assisted.permissions import received_on_problem
from engage.channels import ASSISTED_CHANNELS, Channel
from engage.comments.forms import MAX_LENGTH as COMMENT_MAX
from engage.params import MAX_INT
from engage.proposals.forms import BODY_MAX, TITLE_MAX
from engage.text import has_control_characters

COLUMNS = ("kind", "title", "body", "name", "received_on", "channel", "proposal_id")
REQUIRED_COLUMNS = ("kind", "body")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
NAME_MAX = 120
MAX_ID = MAX_INT

TEMPLATE_ROWS = [
    COLUMNS,
    (
        "proposal",
        "Benches at every bus stop",
        "Older people need to sit while they wait.",
        "Maria G.",
        "2026-03-14",
        "paper",
        "",
    ),
    ("comment", "", "Please keep the cameras away from the school.", "", "2026-03-15", "phone", ""),
    ("comment", "", "I agree with this proposal.", "Sam T.", "", "event", "12"),
]


def NOT_UTF8() -> str:  # noqa: N802 - reads as the message it is
    return _(
        "The file is not in UTF-8, so letters like é or ع would be lost. In your "
        "spreadsheet, choose “Save as” and “CSV UTF-8”, then upload it again."
    )


class ImportFileError(Exception):
    """The file can't be read as a whole; nothing was imported."""


@dataclass
class Row:
    line: int
    kind: str
    title: str
    body: str
    name: str
    received_on: date | None
    channel: str
    proposal_id: int | None


@dataclass
class Rejection:
    line: int
    reason: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(reason)s", line=self.line, reason=self.reason)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def decode(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 1 MB. Split it into smaller files."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as "Unicode text" saves
        raise ImportFileError(NOT_UTF8())
    if not filename.lower().endswith(".csv") or b"\x00" in data:
        raise ImportFileError(
            _("This is not a CSV file. In your spreadsheet, choose “Save as” and “CSV UTF-8”.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(NOT_UTF8()) from None


def _header(names: list[str]) -> list[str]:
    header = [n.strip().lower() for n in names]
    unknown = [n for n in header if n and n not in COLUMNS]
    missing = [n for n in REQUIRED_COLUMNS if n not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise ImportFileError(
            _(
                "The first line must name the columns: %(columns)s (kind and body are needed; "
                "the others may be left out). Found: %(found)s. Download the template to start.",
                columns=", ".join(COLUMNS),
                found=", ".join(header) or "—",
            )
        )
    return header


def parse(text: str, consultation: Any, find_proposal: Callable[[int], Any]) -> Parsed:
    """Check every row against the consultation; ``find_proposal(id)`` gives one of its
    proposals, or None."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = _header(next(reader))
    except (StopIteration, csv.Error):
        raise ImportFileError(_("The file has no header line.")) from None
    parsed = Parsed()
    for line, cells in read_rows(reader):
        result = _row(line, header, cells, consultation, find_proposal)
        (parsed.rows if isinstance(result, Row) else parsed.rejected).append(result)
    return parsed


def read_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """The rows of a csv.reader past its header, each with the line it starts on (a cell
    may span lines); a row that isn't CSV, or one past MAX_ROWS, raises ImportFileError.
    Shared by every CSV import, so they count lines and limits alike."""
    read = 0
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                _(
                    "Line %(line)d can't be read as CSV (%(error)s). Nothing was imported.",
                    line=line,
                    error=str(error),
                )
            ) from None
        if read >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows. Split it into smaller files.", max=MAX_ROWS)
            )
        yield line, cells
        read += 1
        line = reader.line_num + 1


def _row(line: int, header: list[str], cells: list[str], consultation, find_proposal):
    def reject(reason: str) -> Rejection:
        return Rejection(line, reason)

    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        return reject(_("it has more cells than the header line has columns."))
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
    if not any(values.values()):
        return reject(_("the row is empty."))
    kind = values.get("kind", "").lower()
    if not kind:
        return reject(_("kind is empty (write proposal or comment)."))
    if kind not in ("proposal", "comment"):
        return reject(_("kind '%(kind)s' is not proposal or comment.", kind=values["kind"]))
    title, body = values.get("title", ""), values.get("body", "")
    if kind == "proposal" and not title:
        return reject(_("title is empty; a proposal needs one."))
    if kind == "comment" and title:
        return reject(_("a comment has no title; leave title empty or make it a proposal."))
    if len(title) > TITLE_MAX:
        return reject(_("title is longer than %(max)d characters.", max=TITLE_MAX))
    if has_control_characters(title):
        return reject(_("title must be on one line, without line breaks or tabs."))
    if not body:
        return reject(_("body is empty."))
    limit = BODY_MAX if kind == "proposal" else COMMENT_MAX
    if len(body) > limit:
        return reject(_("body is longer than %(max)d characters.", max=limit))
    name = values.get("name", "")
    if len(name) > NAME_MAX:
        return reject(_("name is longer than %(max)d characters.", max=NAME_MAX))
    if has_control_characters(name):
        return reject(_("name must be on one line, without line breaks or tabs."))
    channel = (values.get("channel") or Channel.PAPER).lower()
    if channel not in ASSISTED_CHANNELS:
        return reject(
            _("channel '%(channel)s' is not paper, phone or event.", channel=values["channel"])
        )
    raw_date = values.get("received_on", "")
    received_on = None
    if raw_date:
        try:
            received_on = date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            received_on = None
        if received_on is None:
            return reject(
                _(
                    "received_on '%(value)s' is not a date (write it as YYYY-MM-DD, "
                    "like 2026-03-14).",
                    value=raw_date,
                )
            )
    problem = received_on_problem(consultation, received_on)
    if problem:
        return reject(_("received_on: %(problem)s", problem=problem))
    proposal_id = None
    raw_id = values.get("proposal_id", "").lstrip("#")
    if raw_id:
        if kind == "proposal":
            return reject(_("proposal_id is only for comments; leave it empty for a proposal."))
        if not (raw_id.isascii() and raw_id.isdigit()):
            return reject(_("proposal_id '%(value)s' is not a number.", value=raw_id))
        proposal_id = int(raw_id)
        # Ids beyond the database's integer range exist nowhere (and overflow its queries).
        proposal = find_proposal(proposal_id) if proposal_id <= MAX_ID else None
        if proposal is None:
            return reject(_("there is no proposal %(id)d in this consultation.", id=proposal_id))
        if proposal.is_withdrawn:
            return reject(
                _("proposal %(id)d was withdrawn, so it takes no comments.", id=proposal_id)
            )
    return Row(
        line=line,
        kind=kind,
        title=title,
        body=body,
        name=name,
        received_on=received_on,
        channel=channel,
        proposal_id=proposal_id,
    )


def template_csv() -> str:
    out = io.StringIO()
    csv_safe.writer(out, lineterminator="\r\n").writerows(TEMPLATE_ROWS)
    return out.getvalue()
