"""A consultation with everything open data must show, hide or reduce to a placeholder.

Secret markers sit in every text the public must not read (held, hidden, deleted, drafts),
so a test can search whole downloads for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.comments import service as comments_service
from engage.extensions import db
from engage.ledger import service as ledger
from engage.moderation import content
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote

SECRETS = {
    "pending proposal": "SECRET-PENDING-PROPOSAL",
    "hidden proposal": "SECRET-HIDDEN-PROPOSAL",
    "pending comment": "SECRET-PENDING-COMMENT",
    "hidden comment": "SECRET-HIDDEN-COMMENT",
    "deleted comment": "SECRET-DELETED-COMMENT",
    "draft consultation": "SECRET-DRAFT-CONSULTATION",
    "draft proposal": "SECRET-DRAFT-PROPOSAL",
    "comment on hidden proposal": "SECRET-UNDER-HIDDEN-PROPOSAL",
    "hidden amendment": "SECRET-HIDDEN-AMENDMENT",
    "pending amendment": "SECRET-PENDING-AMENDMENT",
    "unpublished outcome": "SECRET-UNPUBLISHED-OUTCOME",
    "commitment of an unpublished outcome": "SECRET-UNPUBLISHED-COMMITMENT",
    "moderator's note": "SECRET-MODERATOR-NOTE",
    "appeal statement": "SECRET-APPEAL-STATEMENT",
    "hidden opinion statement": "SECRET-HIDDEN-OPINION-STATEMENT",
    "pending opinion statement": "SECRET-PENDING-OPINION-STATEMENT",
    "held survey text": "SECRET-HELD-SURVEY-TEXT",
    "unpublished survey question": "SECRET-UNPUBLISHED-SURVEY-QUESTION",
    "survey text before its results are public": "SECRET-SURVEY-RESULTS-NOT-PUBLIC",
}


@dataclass
class World:
    consultation: object = None
    other: object = None
    draft: object = None
    people: list = field(default_factory=list)
    proposals: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    amendments: dict = field(default_factory=dict)
    statements: dict = field(default_factory=dict)
    official: object = None
    survey: object = None  # the questionnaire with live results


def make_world(f) -> World:
    w = World()
    w.people = [f.user(name=f"Resident {n}", email=f"resident{n}@example.org") for n in range(4)]
    official = f.user("official", name="Olu Official", email="olu@example.org")
    w.consultation = f.consultation("open", official=official)
    w.other = f.consultation("closed")
    w.draft = f.consultation("draft", title=SECRETS["draft consultation"])
    a, b, c, d = w.people
    p = w.proposals
    p["popular"] = f.proposal(w.consultation, author=a, title="Cameras off at protests")
    p["withdrawn"] = f.proposal(
        w.consultation,
        author=b,
        title="Withdrawn idea",
        status="withdrawn",
        withdrawal_reason="Merged with another",
    )
    p["formula"] = f.proposal(w.consultation, author=c, title="=HYPERLINK(1)", body="-1 +1")
    p["hidden"] = f.proposal(
        w.consultation, author=d, title=SECRETS["hidden proposal"], body=SECRETS["hidden proposal"]
    )
    p["pending"] = f.proposal(
        w.consultation,
        author=d,
        title=SECRETS["pending proposal"],
        body=SECRETS["pending proposal"],
    )
    p["elsewhere"] = f.proposal(w.other, author=a, title="In the closed consultation")
    p["draft"] = f.proposal(w.draft, author=a, title=SECRETS["draft proposal"])
    for supporter in (b, c, d):
        f.support(p["popular"], supporter)
    f.support(p["formula"], a)
    m = w.comments
    m["top"] = f.comment(w.consultation, author=a, body="Please publish the error rates.")
    m["reply"] = f.comment(w.consultation, author=b, parent=m["top"], body="Agreed, yearly.")
    m["on proposal"] = f.comment(p["popular"], author=c, body="Yes.", stance="in_favour")
    m["deleted"] = f.comment(w.consultation, author=c, body=SECRETS["deleted comment"])
    m["hidden"] = f.comment(w.consultation, author=d, body=SECRETS["hidden comment"])
    m["pending"] = f.comment(w.consultation, author=d, body=SECRETS["pending comment"])
    m["under hidden"] = f.comment(p["hidden"], author=a, body=SECRETS["comment on hidden proposal"])
    m["elsewhere"] = f.comment(w.other, author=a, body="Closed consultation comment.")
    m["draft"] = f.comment(w.draft, author=a, body=SECRETS["draft consultation"])
    comments_service.vote(b, m["top"], 1)
    comments_service.vote(c, m["top"], 1)
    comments_service.vote(d, m["top"], -1)
    comments_service.vote(a, m["reply"], -1)
    comments_service.delete_comment(m["deleted"])
    content.set_visibility(m["hidden"], "hidden")
    content.set_visibility(m["pending"], "pending")
    content.set_visibility(p["hidden"], "hidden")
    content.set_visibility(p["pending"], "pending")
    db.session.commit()
    w.official = official
    add_codrafting(w)
    add_outcomes(w)
    add_moderation(w)
    add_opinion_map(w)
    add_surveys(w)
    db.session.commit()
    ledger.sign_head()  # the public record's leaves are appended after each commit
    db.session.commit()
    return w


def add_opinion_map(w: World) -> None:
    """Statements (visible, hidden, held) and votes on them, from three people."""
    db.session.add(OpinionMap(consultation_id=w.consultation.id))
    texts = {
        "visible": "Cameras in parks need a warrant",
        "second": "-1 camera per street is enough",  # starts like a formula
        "hidden": SECRETS["hidden opinion statement"],
        "pending": SECRETS["pending opinion statement"],
    }
    for name, text in texts.items():
        w.statements[name] = OpinionStatement(
            consultation_id=w.consultation.id,
            text=text,
            normalized_text=text.lower(),
            visibility=name if name in ("hidden", "pending") else "visible",
        )
    db.session.add_all(w.statements.values())
    db.session.flush()
    votes = ((1, 0, 1, 1), (-1, 1, 1, -1), (1, -1, 0, 0))
    for person, values in zip(w.people[:3], votes, strict=True):
        for statement, value in zip(w.statements.values(), values, strict=True):
            db.session.add(
                OpinionVote(
                    consultation_id=w.consultation.id,
                    statement_id=statement.id,
                    user_id=person.id,
                    value=value,
                )
            )
            counter = {1: "agree_count", -1: "disagree_count", 0: "pass_count"}[value]
            setattr(statement, counter, getattr(statement, counter) + 1)


def add_surveys(w: World) -> None:
    """A survey with live results answered online and on paper (a text published, one
    held); a survey whose results wait for the close; one not published."""
    from engage.surveys import service
    from engage.surveys.answers import check
    from engage.surveys.models import TextStatus

    official = w.official
    live = service.create_questionnaire(official, w.consultation, "Cameras survey")
    choice = service.add_question(
        official, live.sections[0], "single", "Which retention period?", options=["7", "30"]
    )
    words = service.add_question(official, live.sections[0], "short_text", "Anything else?")
    service.publish_questionnaire(official, live, results_live=True)
    w.survey = live
    questions = [choice, words]
    answers = [
        (w.people[0], 0, "=Publish the rate"),  # starts like a formula
        (w.people[1], 1, SECRETS["held survey text"]),
        (None, 1, ""),
    ]
    for person, option, text in answers:
        form = {f"q-{choice.id}": str(choice.options[option].id), f"q-{words.id}": text}
        checked = check(questions, form)
        if person is None:
            service.record_paper(official, live, "paper", None, questions, checked)
        else:
            service.save_page(person, live, 1, questions, checked)
            service.submit(person, live)
    db.session.flush()
    for answer in _all_texts(live):
        if answer.text.startswith("="):
            service.moderate_text(official, answer, True)
    assert {a.text_status for a in _all_texts(live)} == {TextStatus.PUBLISHED, TextStatus.HELD}

    later = service.create_questionnaire(official, w.consultation, "Results at the close")
    secret = service.add_question(official, later.sections[0], "short_text", "Why?")
    service.publish_questionnaire(official, later)
    text = SECRETS["survey text before its results are public"]
    service.record_paper(
        official, later, "paper", None, [secret], check([secret], {f"q-{secret.id}": text})
    )
    for answer in _all_texts(later):
        service.moderate_text(official, answer, True)

    hidden = service.create_questionnaire(official, w.consultation, "Not published")
    service.add_question(
        official, hidden.sections[0], "short_text", SECRETS["unpublished survey question"]
    )


def _all_texts(questionnaire):
    from engage.surveys.models import Answer, Question

    return db.session.scalars(
        db.select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.questionnaire_id == questionnaire.id, Answer.text.is_not(None))
    ).all()


def add_codrafting(w: World) -> None:
    """A draft with one published version of two clauses, and three amendments."""
    from engage.amendments.models import Amendment
    from engage.drafts.models import Clause, ClauseVersion, Draft, DraftVersion

    draft = Draft(consultation_id=w.consultation.id, title="Rules", current_version_number=1)
    db.session.add(draft)
    db.session.flush()
    clauses = [
        Clause(draft_id=draft.id, number=n, kind="clause", position=n, text=f"Clause {n} text.")
        for n in (1, 2)
    ]
    db.session.add_all(clauses)
    db.session.flush()
    version = DraftVersion(
        draft_id=draft.id,
        number=1,
        title="Rules",
        note="First version",
        published_by_id=w.official.id,
        clause_count=2,
    )
    db.session.add(version)
    db.session.flush()
    db.session.add_all(
        [
            ClauseVersion(
                draft_version_id=version.id,
                clause_id=c.id,
                number=c.number,
                kind=c.kind,
                position=c.position,
                text=c.text,
            )
            for c in clauses
        ]
    )
    a, b, c, d = w.people
    for name, author, visibility, text in (
        ("visible", a, "visible", "Say 'never' instead of 'rarely'."),
        ("hidden", d, "hidden", SECRETS["hidden amendment"]),
        ("pending", d, "pending", SECRETS["pending amendment"]),
    ):
        amendment = Amendment(
            draft_id=draft.id,
            clause_id=clauses[0].id,
            consultation_id=w.consultation.id,
            author_id=author.id,
            kind="replace",
            text=text,
            rationale=text,
            based_on_version_number=1,
            based_on_text=clauses[0].text,
            visibility=visibility,
        )
        db.session.add(amendment)
        w.amendments[name] = amendment
    db.session.flush()


def add_outcomes(w: World) -> None:
    """Answers to proposals; a published outcome with a commitment (closed consultation),
    and an unpublished one (open consultation)."""
    from engage.database import utcnow
    from engage.outcomes.models import (
        Commitment,
        CommitmentSource,
        CommitmentUpdate,
        OfficialResponse,
        Outcome,
    )

    for status in ("under_consideration", "accepted"):
        db.session.add(
            OfficialResponse(
                target_type="proposal",
                target_id=w.proposals["popular"].id,
                consultation_id=w.consultation.id,
                official_id=w.official.id,
                status=status,
                reason=f"Reason: {status}.",
            )
        )
    published = Outcome(
        consultation_id=w.other.id,
        heard="We heard you.",
        decided="We decided.",
        published_at=utcnow(),
        published_by_id=w.official.id,
        commitment_count=1,
    )
    unpublished = Outcome(
        consultation_id=w.consultation.id,
        heard=SECRETS["unpublished outcome"],
        decided=SECRETS["unpublished outcome"],
        commitment_count=1,
    )
    db.session.add_all([published, unpublished])
    db.session.flush()
    kept = Commitment(
        outcome_id=published.id,
        consultation_id=w.other.id,
        title="Publish error rates yearly",
        status="in_progress",
        percent_done=40,
    )
    secret = Commitment(
        outcome_id=unpublished.id,
        consultation_id=w.consultation.id,
        title=SECRETS["commitment of an unpublished outcome"],
    )
    db.session.add_all([kept, secret])
    db.session.flush()
    db.session.add(
        CommitmentSource(
            commitment_id=kept.id, target_type="proposal", target_id=w.proposals["elsewhere"].id
        )
    )
    db.session.add(
        CommitmentUpdate(
            commitment_id=kept.id,
            author_id=w.official.id,
            body="Tender published.",
            status="in_progress",
            percent_done=40,
        )
    )
    db.session.add(
        CommitmentUpdate(
            commitment_id=secret.id,
            author_id=w.official.id,
            body=SECRETS["commitment of an unpublished outcome"],
            status="not_started",
            percent_done=0,
        )
    )


def add_moderation(w: World) -> None:
    """The decisions that hid the hidden comment and proposal, one of them appealed."""
    from engage.moderation.decision_models import Appeal, ModerationAction

    moderator = w.people[1]
    actions = [
        ModerationAction(
            target_type=kind,
            target_id=item.id,
            consultation_id=w.consultation.id,
            author_id=item.author_id,
            moderator_id=moderator.id,
            action="hide",
            rule_number=3,
            note=SECRETS["moderator's note"],
            public_ref=ref,
        )
        for kind, item, ref in (
            ("comment", w.comments["hidden"], "c0ffee01"),
            ("proposal", w.proposals["hidden"], "c0ffee02"),
        )
    ]
    db.session.add_all(actions)
    db.session.flush()
    db.session.add(
        Appeal(
            action_id=actions[0].id,
            appellant_id=actions[0].author_id,
            statement=SECRETS["appeal statement"],
        )
    )
