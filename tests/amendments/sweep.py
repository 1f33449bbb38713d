"""The accessibility sweep's amendments and co-authors (see tests/e2e/pages.py)."""

from __future__ import annotations

MARKDOWN = (
    "# Purpose\n\nThis policy sets rules for facial recognition by the police.\n\n"
    "# Limits\n\nLive facial recognition is not used in public places.\n\n"
    "Every search is logged and reviewed each month.\n\n"
    "Images of people who are not suspects are deleted within 24 hours."
)


def amendment_content(factories, world) -> None:
    """A consultation whose draft has amendments in every state (one out of date), and
    co-author invitations: one accepted, one waiting for the sweep's resident."""
    from engage.amendments import service as amendments
    from engage.drafts.queries import clause_by_number
    from engage.extensions import db

    c, users = world.c, world.users
    official, resident = users["official"], users["resident"]
    c["amend"] = factories.consultation("open", title="Facial recognition rules", official=official)
    draft = factories.draft(c["amend"], MARKDOWN, official=official)
    limits, logged = clause_by_number(draft, 2), clause_by_number(draft, 3)
    others = [factories.user(name=name) for name in ("Ada Lovelace", "Kwame Mensah")]
    a = world.amendments
    a["accepted"] = factories.amendment(
        limits,
        author=others[0],
        text="Live facial recognition is never used.",
        rationale="Public places are not the only places that matter.",
    )
    a["out of date"] = factories.amendment(
        limits,
        author=others[1],
        text="Live facial recognition is not used in public places or at protests.",
        rationale="Protests need **special** protection.",
    )
    a["open"] = factories.amendment(
        logged,
        author=others[1],
        kind="insert_after",
        text="The log is published every quarter.",
        rationale="Transparency.",
    )
    amendments.support(resident, a["open"])
    factories.comment(a["open"], author=others[0], body="Quarterly is too rare.")
    a["rejected"] = factories.amendment(
        clause_by_number(draft, 4), author=others[0], kind="delete", rationale="Keep everything."
    )
    amendments.reject(official, a["rejected"], "Keeping images breaks data protection law.")
    a["withdrawn"] = factories.amendment(
        logged, author=others[0], text="Every search is logged.", rationale="Shorter."
    )
    amendments.withdraw(others[0], a["withdrawn"])
    a["own"] = factories.amendment(
        clause_by_number(draft, 1),
        author=resident,
        text="This policy sets strict rules for facial recognition.",
        rationale="Say it is strict.",
    )
    amendments.accept(official, a["accepted"], "Accepted after the public meeting.")
    db.session.commit()
    factories.coauthor_invitation(others[0], c["popular"], status="accepted")
    factories.coauthor_invitation(resident, c["popular"])
