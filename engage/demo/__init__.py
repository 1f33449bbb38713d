"""Demo content for trying Engage locally. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.accounts.models import find_user_by_email
from engage.accounts.service import create_user
from engage.cli import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from engage.consultations import demo_content as content
from engage.consultations.models import Consultation, Department, Topic
from engage.consultations.service import index_for_search as index_consultation
from engage.consultations.translations import save_topic_translations, topic_translations
from engage.database import utcnow
from engage.extensions import db
from engage.proposals import service as proposals
from engage.proposals.models import Proposal
from engage.two_factor.service import enrol_for_demo


def seed() -> int:
    """Accounts, departments, four consultations and their proposals; returns new accounts."""
    created = 0
    for email, name, roles in DEMO_ACCOUNTS:
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, roles)
            created += 1
        if roles - {"resident"} and not user.has_second_factor:
            enrol_for_demo(user, DEMO_TOTP_SECRET)
    residents = []
    for n, name in enumerate(content.RESIDENT_NAMES, start=1):
        email = f"demo-resident-{n}@example.org"
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, name, DEMO_PASSWORD, set())
            created += 1
        residents.append(user)

    _topic_names(find_user_by_email("admin@example.org"))
    departments = {slug: _department(slug, name) for slug, name in content.DEPARTMENTS}
    official = find_user_by_email("official@example.org")
    if official.department_id is None:
        official.department_id = departments["police"].id

    main = _consultation(content.FACIAL_RECOGNITION, departments, official)
    _consultation(content.STREETLIGHTS, departments, official)
    closed = _consultation(content.CHILD_WELFARE, departments, official)
    _consultation(content.LICENCE_PLATES, departments, official, draft=True)

    main_proposals = _proposals(main, content.FACIAL_RECOGNITION_PROPOSALS, residents)
    _proposals(closed, content.CHILD_WELFARE_PROPOSALS, residents)
    db.session.flush()

    from engage.comments.demo import seed_comments

    seed_comments(main, main_proposals, residents)

    from engage.drafts.demo import seed_draft

    seed_draft(main, official, residents)

    from engage.amendments.demo import seed_amendments

    seed_amendments(main, official, residents)

    from engage.moderation.actions_demo import seed_decisions

    seed_decisions(main, residents)

    from engage.moderation.intake_demo import seed_intake

    seed_intake(main, residents)

    from engage.outcomes.demo import seed_outcomes

    seed_outcomes(main, closed, official, find_user_by_email("admin@example.org"))

    # Last: it also keeps the emails the seeding above queued from going out.
    from engage.notifications.demo import seed_notifications

    seed_notifications(main, residents)
    return created


def _topic_names(admin) -> None:
    """The default topics' names in Spanish and Arabic, where an admin hasn't given one."""
    for topic in db.session.scalars(select(Topic)):
        given = topic_translations(topic)
        names = content.TOPIC_NAMES.get(topic.slug, {})
        wanted = {locale: given[locale] or names.get(locale, "") for locale in given}
        save_topic_translations(admin, topic, wanted)


def _department(slug: str, name: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.slug == slug))
    if department is None:
        department = Department(slug=slug, name=name)
        db.session.add(department)
        db.session.flush()
    return department


def _consultation(data: dict, departments: dict, official, draft: bool = False) -> Consultation:
    existing = db.session.scalar(select(Consultation).where(Consultation.slug == data["slug"]))
    if existing is not None:
        return existing
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    opens_at = now + timedelta(days=data["opens_in_days"])
    department = departments[data["department"]]
    consultation = Consultation(
        slug=data["slug"],
        title=data["title"],
        topic=db.session.scalar(select(Topic).where(Topic.slug == data["topic"])),
        department_id=department.id,
        official_id=official.id if data["department"] == "police" else None,
        contact=data["contact"],
        summary=data["summary"],
        easy_read_summary=data["easy_read_summary"],
        body=data["body"],
        commitment=data["commitment"],
        opens_at=opens_at,
        closes_at=now + timedelta(days=data["closes_in_days"]),
        support_threshold=data["support_threshold"],
        response_window_days=data["response_window_days"],
        published_at=None if draft else min(opens_at, now) - timedelta(days=3),
        created_by_id=official.id,
    )
    db.session.add(consultation)
    db.session.flush()
    index_consultation(consultation)
    return consultation


def _proposals(consultation: Consultation, items: list, residents: list) -> list[Proposal]:
    """Proposals with their supports, added through the service so counts and the
    threshold are kept the way the app keeps them."""
    made = []
    for title, author_index, days_ago, supports, body in items:
        query = select(Proposal).where(
            Proposal.consultation_id == consultation.id, Proposal.title == title
        )
        proposal = db.session.scalar(query)
        if proposal is None:
            author = residents[author_index]
            proposal = proposals.create(author, consultation, title, body)
            proposal.created_at = proposal.updated_at = utcnow() - timedelta(days=days_ago)
            supporters = [r for r in residents if r.id != author.id][:supports]
            for supporter in supporters:
                proposals.support(supporter, proposal)
            if proposal.threshold_reached_at is not None:
                # Reached a few days ago, so the page shows a due date with days left.
                reached = utcnow() - timedelta(days=min(days_ago, 4))
                proposal.threshold_reached_at = reached
                proposal.response_due_at = reached + consultation.response_window
        made.append(proposal)
    return made
