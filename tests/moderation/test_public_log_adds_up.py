"""The public log is complete and its figures add up: the statistics shown are the ones
counted from the rows it lists, with manual and automatic hides, holds decided either
way, dismissals, approvals and restores (directly and on appeal)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from engage.extensions import db
from engage.moderation import intake
from engage.moderation.appeals import service as appeals
from engage.moderation.decisions import service as actions
from tests.moderation.decisions import appealed, hidden_by, reported_comment


class Tables(HTMLParser):
    """Every table's caption and the texts of its body's cells, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.dd: list[tuple[str, str]] = []
        self._caption = self._cell = self._term = None
        self._rows: list[list[str]] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = ""
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = ""
        elif tag in ("dt", "dd"):
            self._term = (tag, "")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._name, self._caption = self._caption.strip(), None
        elif tag == "td" and self._cell is not None:
            self._rows[-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self.tables[self._name] = self._rows
        elif tag in ("dt", "dd") and self._term:
            self.dd.append((tag, " ".join(self._term[1].split())))
            self._term = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        if self._cell is not None:
            self._cell += data
        if self._term is not None:
            self._term = (self._term[0], self._term[1] + data)


def _read(page: str) -> Tables:
    tables = Tables()
    tables.feed(page)
    return tables


def _mix(factories) -> None:
    moderator, second = factories.user("moderator"), factories.user("moderator")
    hidden_by(factories, moderator)  # 3 reports hide it, then a moderator hides it
    reported_comment(factories, reporters=3)  # hidden automatically, still waiting
    restored = hidden_by(factories, moderator)
    actions.undo(second, restored, "A public office's address.")
    appeal = appealed(factories, moderator)
    appeals.decide(second, appeal, "overturned", "Fine after all.")
    upheld = appealed(factories, moderator)
    appeals.decide(second, upheld, "upheld", "It stays hidden.")
    _comment, case = reported_comment(factories, reporters=1, reason="spam")
    actions.act(moderator, case, "dismiss")
    # Held for review: one approved, one hidden.
    consultation = factories.consultation(review_before_publishing=True)
    for verdict in ("approve", "hide"):
        held = factories.comment(consultation, author=factories.user())
        assert held.status == "pending"
        kwargs = {"rule_number": 1, "note": "Insults."} if verdict == "hide" else {}
        actions.act(moderator, intake.open_case_for("comment", held.id), verdict, **kwargs)
    db.session.commit()


def test_the_statistics_are_the_ones_counted_from_the_listed_rows(client, factories):
    _mix(factories)

    page = _read(client.get("/moderation/log").get_data(as_text=True))

    rows = page.tables["Decisions, newest first"]
    actions_in_rows = [row[1] for row in rows]
    # Complete: the automatic hides are listed, saying how many reports hid them.
    assert actions_in_rows.count("Hidden automatically after 3 reports") == 5
    assert actions_in_rows.count("Hidden by a moderator") == 5
    # A restore says it overturned, and cites no rule of its own.
    restores = [row for row in rows if row[1].startswith("Restored")]
    assert len(restores) == 2
    for row in restores:
        assert "overturned" in row[1]
        assert row[2] == "No rule: an earlier decision was overturned"

    terms = [text for tag, text in page.dd if tag == "dt"]
    values = [text for tag, text in page.dd if tag == "dd"]
    shown = dict(zip(terms, values, strict=True))
    assert int(shown["Entries in the log"]) == len(rows) == 14

    by_action = {label: int(count) for label, count in page.tables["Entries by action"]}
    counted = Counter(
        max((label for label in by_action if text.startswith(label)), key=len)
        for text in actions_in_rows
    )
    assert by_action == dict(counted)
    assert sum(by_action.values()) == len(rows)

    by_rule = {label: int(count) for label, count in page.tables["Entries by rule"]}
    counted_rules = Counter(re.sub(r"\s+", " ", row[2]) for row in rows)
    assert by_rule == dict(counted_rules)
    assert by_rule["Rule 3: Personal information"] == 4

    appeals_in_rows = [row[5] for row in rows if row[5].startswith("Appeal decided")]
    assert int(shown["Appeals decided"]) == len(appeals_in_rows) == 2
