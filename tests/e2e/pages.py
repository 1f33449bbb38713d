"""Every GET page, and who can see it: the list the accessibility sweep walks.

A new page? Add a ``SweepPage`` to ``PAGES``. ``values`` builds the URL arguments
from the sweep's ``World`` (add what your page needs to ``World`` and ``make_world``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engage.accounts import service as accounts_service
from engage.accounts.tokens import make_reset_token
from engage.extensions import db
from engage.moderation.models import Visibility

ANONYMOUS = "anonymous"
UNCONFIRMED = "unconfirmed resident"  # signed in, email not confirmed yet
RESIDENT = "resident"
MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
ROLES = (ANONYMOUS, UNCONFIRMED, RESIDENT, MODERATOR, OFFICIAL, ADMIN)

# An unconfirmed resident sees a resident's pages plus one notice, the same on every
# page; sweeping it everywhere would double-check that notice, so it is only swept on
# pages that list it by name (axe runs are most of the sweep's time).
EVERYONE = frozenset(ROLES) - {UNCONFIRMED}
SIGNED_IN = EVERYONE - {ANONYMOUS}
NOT_ADMIN = SIGNED_IN - {ADMIN}


@dataclass
class World:
    """What the pages show: one account per role, and a person the admin has changed."""

    users: dict = field(default_factory=dict)
    target: object = None
    # Comments by name, see _comment_content().
    comments: dict = field(default_factory=dict)
    reset_token: str = ""
    # Consultations and proposals by name, see _consultation_content().
    c: dict = field(default_factory=dict)
    # Amendments by state, see tests/amendments/sweep.py.
    amendments: dict = field(default_factory=dict)
    # Moderation cases, decisions and appeals, see tests/moderation/sweep.py.
    moderation: dict = field(default_factory=dict)
    # A statement the sweep's resident voted on, see tests/opinion_map/sweep.py.
    opinion_statement: object = None
    # A survey, one still being built and a quick poll, see tests/surveys/sweep.py.
    survey: object = None
    survey_draft: object = None
    poll: object = None


@dataclass(frozen=True)
class SweepPage:
    name: str
    endpoint: str | None  # or give ``path`` for addresses with no endpoint
    seen_by: frozenset[str]
    values: Callable[[World], dict] = lambda world: {}
    path: str | None = None
    status: int = 200
    # Where the page ends up after redirects, when that is the point (e.g. "sign in first").
    lands_on: str | None = None


PAGES = [
    SweepPage("home", "main.home", EVERYONE | {UNCONFIRMED}),
    SweepPage("sign in", "accounts.login", frozenset({ANONYMOUS})),
    SweepPage("register", "accounts.register", frozenset({ANONYMOUS})),
    SweepPage("forgot password", "accounts.forgot_password", EVERYONE),
    SweepPage(
        "check email (registration)",
        "accounts.check_email",
        EVERYONE,
        values=lambda w: {"email": "someone@example.org"},
    ),
    SweepPage(
        "check email (password reset)",
        "accounts.check_email",
        frozenset({ANONYMOUS}),
        values=lambda w: {"email": "someone@example.org", "reset": 1},
    ),
    SweepPage(
        "choose a new password",
        "accounts.reset_password",
        frozenset({ANONYMOUS}),
        values=lambda w: {"token": w.reset_token},
    ),
    SweepPage(
        "broken email link",
        "accounts.verify_email",
        EVERYONE,
        values=lambda w: {"token": "not-a-real-token"},
        status=400,
    ),
    SweepPage("profile", "accounts.profile", SIGNED_IN | {UNCONFIRMED}),
    SweepPage("change password", "accounts.change_password", SIGNED_IN),
    SweepPage("security events", "accounts.security_events", SIGNED_IN | {UNCONFIRMED}),
    SweepPage("download your data", "privacy.download_data", SIGNED_IN),
    SweepPage("delete your account", "privacy.delete_account", SIGNED_IN),
    SweepPage("about you (optional)", "demographics.about_you", SIGNED_IN),
    SweepPage(
        "broken unlock link",
        "accounts.unlock",
        EVERYONE,
        values=lambda w: {"token": "not-a-real-token"},
        status=400,
    ),
    # Residents have no second factor (the setup page, QR code); staff have one (its state).
    SweepPage("two-factor: set up", "two_factor.setup", frozenset({RESIDENT})),
    SweepPage("two-factor: manage", "two_factor.setup", frozenset({MODERATOR, OFFICIAL, ADMIN})),
    SweepPage("admin: people", "admin.users", frozenset({ADMIN})),
    SweepPage(
        "admin: person",
        "admin.user_detail",
        frozenset({ADMIN}),
        values=lambda w: {"user_id": w.target.id},
    ),
    SweepPage("admin: audit log", "admin.audit_log", frozenset({ADMIN})),
    SweepPage("admin: optional questions", "demographics.configure", frozenset({ADMIN})),
    SweepPage("search", "search.search", EVERYONE),
    SweepPage(
        "search results",
        "search.search",
        EVERYONE,
        values=lambda w: {"q": "facial recognition"},
    ),
    SweepPage("accessibility statement", "main.accessibility_statement", EVERYONE),
    SweepPage("privacy notice", "main.privacy_notice", EVERYONE),
    SweepPage("display settings", "preferences.edit_display", EVERYONE),
    SweepPage("not found (404)", None, EVERYONE, path="/no-such-page", status=404),
    SweepPage("forbidden (403)", "admin.users", NOT_ADMIN, status=403),
    SweepPage(
        "sign in first",
        "admin.users",
        frozenset({ANONYMOUS}),
        lands_on="/account/login",
    ),
]

# Consultations and proposals.
MANAGERS = frozenset({OFFICIAL, ADMIN})
PARTICIPANTS = SIGNED_IN - {UNCONFIRMED}


def _slug(name):
    return lambda w: {"slug": w.c[name].slug}


def _proposal(name):
    return lambda w: {"proposal_id": w.c[name].id}


PAGES += [
    SweepPage("consultations", "consultations.list_consultations", EVERYONE),
    SweepPage(
        "consultations: filtered",
        "consultations.list_consultations",
        EVERYONE,
        values=lambda w: {"topic": "ai-and-algorithms", "status": "closed", "sort": "newest"},
    ),
    SweepPage("consultation: open", "consultations.view_consultation", EVERYONE, _slug("open")),
    SweepPage(
        "consultation: upcoming", "consultations.view_consultation", EVERYONE, _slug("upcoming")
    ),
    SweepPage("consultation: closed", "consultations.view_consultation", EVERYONE, _slug("closed")),
    # The consultation's hub (issue 22): its proposals and its discussion, pages of their own.
    SweepPage("consultation: proposals", "consultations.view_proposals", EVERYONE, _slug("open")),
    SweepPage(
        "consultation: discussion",
        "consultations.view_discussion",
        EVERYONE,
        lambda w: {"slug": w.comments["consultation"].slug},
    ),
    SweepPage(
        "consultation: discussion (closed)",
        "consultations.view_discussion",
        EVERYONE,
        _slug("closed"),
    ),
    SweepPage(
        "consultation: draft preview",
        "consultations.preview_consultation",
        MANAGERS,
        _slug("draft"),
    ),
    SweepPage("consultation: new", "consultations.new_consultation", MANAGERS),
    SweepPage("consultation: edit", "consultations.edit_consultation", MANAGERS, _slug("open")),
    SweepPage("topics", "consultations.manage_topics", frozenset({ADMIN})),
    SweepPage("proposal: new", "proposals.new_proposal", PARTICIPANTS, _slug("open")),
    SweepPage(
        "proposal: new (unconfirmed)",
        "proposals.new_proposal",
        frozenset({UNCONFIRMED}),
        _slug("open"),
        status=403,
    ),
    SweepPage("proposal", "proposals.view_proposal", EVERYONE, _proposal("popular")),
    SweepPage("proposal: withdrawn", "proposals.view_proposal", EVERYONE, _proposal("withdrawn")),
    SweepPage("proposal: versions", "proposals.proposal_versions", EVERYONE, _proposal("popular")),
    SweepPage(
        "proposal: one version",
        "proposals.proposal_version",
        EVERYONE,
        lambda w: {"proposal_id": w.c["popular"].id, "number": 1},
    ),
    SweepPage("proposal: edit", "proposals.edit_proposal", frozenset({RESIDENT}), _proposal("own")),
    SweepPage(
        "proposal: withdraw", "proposals.withdraw_proposal", frozenset({RESIDENT}), _proposal("own")
    ),
]

# Translations, assisted input and the readability check: officials' pages.
PAGES += [
    SweepPage("consultation: translations", "consultations.translations", MANAGERS, _slug("open")),
    SweepPage(
        "consultation: Spanish translation",
        "consultations.edit_translation",
        MANAGERS,
        lambda w: {"slug": w.c["open"].slug, "locale": "es"},
    ),
    SweepPage(
        "consultation: Arabic translation",
        "consultations.edit_translation",
        MANAGERS,
        lambda w: {"slug": w.c["open"].slug, "locale": "ar"},
    ),
    SweepPage("assisted: record input", "assisted.record_input", MANAGERS, _slug("open")),
    SweepPage(
        "assisted: record input (closed long ago)",
        "assisted.record_input",
        MANAGERS,
        _slug("closed long ago"),
        status=403,
    ),
    SweepPage("assisted: import", "assisted.import_submissions", MANAGERS, _slug("open")),
    SweepPage("who took part", "demographics.representativeness", MANAGERS, _slug("open")),
    SweepPage("readability check", "readability.check", MANAGERS),
]

# Open data: the download pages (the downloads themselves are tested in tests/opendata).
PAGES += [
    SweepPage("open data", "opendata.index", EVERYONE),
    SweepPage("open data: consultation", "opendata.consultation_index", EVERYONE, _slug("open")),
]

# The public record (issue 19): how it works and its signed heads, the receipt check, a
# resident's contributions and a receipt (their edited comment, logged twice).
PAGES += [
    SweepPage("public record", "transparency.index", EVERYONE),
    SweepPage("public record: check a receipt", "transparency.verify", EVERYONE),
    SweepPage("your contributions", "transparency.contributions", SIGNED_IN),
    SweepPage(
        "your contributions: receipt",
        "transparency.receipt",
        frozenset({RESIDENT}),
        lambda w: {"kind": "comment", "item_id": w.comments["edited"].id},
    ),
]

# Comments: the thread pages, one comment in context, its history, reply and edit forms.


def _comment(name):
    return lambda w: {"comment_id": w.comments[name].id}


def _thread_of(name):
    def values(w):
        target = w.comments[name]
        return {"target_type": target.__class__.__name__.lower(), "target_id": target.id}

    return values


PAGES += [
    SweepPage("comments: consultation", "comments.thread", EVERYONE, _thread_of("consultation")),
    SweepPage("comments: proposal", "comments.thread", EVERYONE, _thread_of("proposal")),
    SweepPage("comment: in context", "comments.show", EVERYONE, _comment("deep")),
    SweepPage("comment: history", "comments.history", EVERYONE, _comment("edited")),
    SweepPage("comment: deleted history", "comments.history", EVERYONE, _comment("deleted")),
    SweepPage("comment: reply", "comments.reply", EVERYONE, _comment("other")),
    SweepPage("comment: edit", "comments.edit", frozenset({RESIDENT}), _comment("edited")),
]

# Drafts: the published text, versions, diffs, a clause with comments; officials' editor.


def _draft(**extra):
    return lambda w: {"slug": w.c["open"].slug, **extra}


PAGES += [
    SweepPage("draft", "drafts.view_draft", EVERYONE, _draft()),
    SweepPage("draft: version 1", "drafts.view_version", EVERYONE, _draft(number=1)),
    SweepPage(
        "draft: changes", "drafts.compare_versions", EVERYONE, _draft(**{"from": 1, "to": 2})
    ),
    SweepPage(
        "draft: whole document diff",
        "drafts.compare_versions",
        EVERYONE,
        _draft(view="all", **{"from": 1, "to": 2}),
    ),
    SweepPage("draft: clause", "drafts.view_clause", EVERYONE, _draft(number=1)),
    SweepPage("draft: printable", "drafts.print_version", EVERYONE, _draft(version=1)),
    SweepPage("draft: editor", "drafts.edit_draft", MANAGERS, _draft()),
    SweepPage("draft: import", "drafts.edit_draft", MANAGERS, _slug("upcoming")),
    SweepPage(
        "draft: edit a clause",
        "drafts.edit_part",
        MANAGERS,
        lambda w: {"slug": w.c["open"].slug, "part_id": w.c["clause 1"].id},
    ),
    SweepPage(
        "draft: add a clause",
        "drafts.add_part",
        MANAGERS,
        lambda w: {"slug": w.c["open"].slug, "after": w.c["clause 1"].id},
    ),
]

# Amendments (every state, one out of date) and co-authors.


def _amendment(name):
    return lambda w: {"amendment_id": w.amendments[name].id}


def _amend_draft(**extra):
    return lambda w: {"slug": w.c["amend"].slug, **extra}


PAGES += [
    SweepPage("amendments: draft with credit", "drafts.view_draft", EVERYONE, _amend_draft()),
    SweepPage("amendments: clause", "drafts.view_clause", EVERYONE, _amend_draft(number=2)),
    SweepPage("amendments", "amendments.list_amendments", EVERYONE, _amend_draft()),
    SweepPage(
        "amendments: rejected",
        "amendments.list_amendments",
        EVERYONE,
        _amend_draft(status="rejected"),
    ),
    SweepPage("amendment: new", "amendments.new_amendment", PARTICIPANTS, _amend_draft(number=3)),
    SweepPage(
        "amendment: new (unconfirmed)",
        "amendments.new_amendment",
        frozenset({UNCONFIRMED}),
        _amend_draft(number=3),
        status=403,
    ),
    SweepPage("amendment: open", "amendments.view_amendment", EVERYONE, _amendment("open")),
    SweepPage(
        "amendment: out of date", "amendments.view_amendment", EVERYONE, _amendment("out of date")
    ),
    SweepPage("amendment: accepted", "amendments.view_amendment", EVERYONE, _amendment("accepted")),
    SweepPage("amendment: rejected", "amendments.view_amendment", EVERYONE, _amendment("rejected")),
    SweepPage(
        "amendment: withdrawn", "amendments.view_amendment", EVERYONE, _amendment("withdrawn")
    ),
    SweepPage(
        "amendment: withdraw",
        "amendments.withdraw_amendment",
        frozenset({RESIDENT}),
        _amendment("own"),
    ),
    SweepPage("amendment: decide", "amendments.decide_amendment", MANAGERS, _amendment("open")),
    SweepPage(
        "amendment: decide (out of date)",
        "amendments.decide_amendment",
        MANAGERS,
        _amendment("out of date"),
    ),
    SweepPage("co-authors", "coauthors.manage", frozenset({RESIDENT}), _proposal("own")),
    SweepPage(
        "co-author invitation", "coauthors.invitation", frozenset({RESIDENT}), _proposal("popular")
    ),
]

# Guidelines, the moderation queue, decisions, appeals and the public log.
from tests.moderation.sweep import decision_pages  # noqa: E402

PAGES += decision_pages(SweepPage, {"EVERYONE": EVERYONE, "SIGNED_IN": SIGNED_IN})

# Official responses, outcome reports, commitments and the accountability dashboard.
from tests.outcomes.sweep import outcome_pages  # noqa: E402

PAGES += outcome_pages(SweepPage, {"EVERYONE": EVERYONE, "MANAGERS": MANAGERS})

# The opinion map (issue 16): voting, what I voted, adding a statement, set-up, results.
from tests.opinion_map.sweep import opinion_map_pages  # noqa: E402

PAGES += opinion_map_pages(
    SweepPage, {"EVERYONE": EVERYONE, "MANAGERS": MANAGERS, "PARTICIPANTS": PARTICIPANTS}
)

# Surveys and polls (issue 17): the editor, the form, the results and the poll.
from tests.surveys.sweep import survey_pages  # noqa: E402

PAGES += survey_pages(
    SweepPage, {"EVERYONE": EVERYONE, "MANAGERS": MANAGERS, "MODERATORS": frozenset({MODERATOR})}
)

# Notices, email settings (with what you follow) and unsubscribe links.
from tests.notifications.sweep import notification_pages  # noqa: E402

PAGES += notification_pages(SweepPage, {"SIGNED_IN": SIGNED_IN, "EVERYONE": EVERYONE})

# Reports: the form for someone else's comment and for a person; the thread and the
# consultation page show held and hidden content (see _held_content).
PAGES += [
    SweepPage(
        "report: comment",
        "moderation.report",
        PARTICIPANTS,
        lambda w: {"target_type": "comment", "target_id": w.comments["other"].id},
    ),
    SweepPage(
        "report: person",
        "moderation.report",
        PARTICIPANTS,
        lambda w: {"target_type": "user", "target_id": w.target.id},
    ),
    SweepPage(
        "report: unconfirmed",
        "moderation.report",
        frozenset({UNCONFIRMED}),
        lambda w: {"target_type": "comment", "target_id": w.comments["other"].id},
        status=403,
    ),
    SweepPage(
        "report: own comment",
        "moderation.report",
        frozenset({RESIDENT}),
        lambda w: {"target_type": "comment", "target_id": w.comments["edited"].id},
        status=403,
    ),
    SweepPage("proposal: hidden", "proposals.view_proposal", EVERYONE, _proposal("hidden")),
    SweepPage(
        "comment: held for review",
        "comments.show",
        frozenset({RESIDENT, MODERATOR}),
        _comment("held"),
    ),
]

# Staff worklists and tools (issue 22).
from tests.e2e.staff_pages import staff_pages  # noqa: E402

PAGES += staff_pages(SweepPage, {"MANAGERS": MANAGERS, "MODERATORS": frozenset({MODERATOR})})

# The pattern page (development and tests only): every component in every state; signed
# out and as a resident (who sees the comment controls' buttons).
PAGES += [SweepPage("patterns", "patterns.index", frozenset({ANONYMOUS, RESIDENT}))]

# Checked at 320 CSS pixels wide too: no sideways scrolling (WCAG 1.4.10 Reflow).
NARROW = {"home", "sign in", "register", "profile", "admin: people", "admin: person"}
NARROW |= {"search results"}
NARROW |= {"comments: consultation", "comment: in context"}
NARROW |= {"consultations", "consultation: open", "proposal", "consultation: new"}
NARROW |= {"consultation: proposals", "consultation: discussion"}
NARROW |= {"assisted: record input", "assisted: import", "consultation: Arabic translation"}
NARROW |= {"notifications", "email settings"}
NARROW |= {"draft", "draft: changes", "draft: editor"}
NARROW |= {"report: comment"}
NARROW |= {"amendment: out of date", "amendment: decide (out of date)"}
NARROW |= {"moderation: queue", "moderation: public log"}
NARROW |= {"opinion map: vote", "opinion map: results"}
NARROW |= {"survey: page 1", "survey: results", "survey: editor"}
NARROW |= {"outcome", "accountability", "commitment"}
NARROW |= {"two-factor: set up", "two-factor: manage"}
NARROW |= {"staff: what needs you today"}
NARROW |= {"patterns"}


def make_world(factories) -> World:
    world = World()
    for role in ROLES[1:]:
        roles = () if role in (RESIDENT, UNCONFIRMED) else (role,)
        # One public name for all: pages that differ only by role are then identical
        # HTML when the role changes nothing, and axe checks them once (see axe.py).
        world.users[role] = factories.user(*roles, verified=role != UNCONFIRMED, name="Sam Sweep")
    # Made a moderator below, and acts as one: has a second factor (its reset form shows).
    world.target = factories.user(name="Riley Resident", second_factor=True)
    accounts_service.change_roles(
        world.users[ADMIN], world.target, {MODERATOR}, "Helps moderate the sensors consultation."
    )
    db.session.commit()
    world.reset_token = make_reset_token(world.target)
    _searchable_content(factories)
    _comment_content(factories, world)
    _consultation_content(factories, world)
    _held_content(factories, world)
    _security_content(world)
    _demographics_content(world)
    _ledger_content()
    return world


def page_paths(app, world: World) -> dict[str, str]:
    """Each page's address in this world, by the page's name."""
    from flask import url_for

    with app.test_request_context():
        return {p.name: p.path or url_for(p.endpoint, **p.values(world)) for p in PAGES}


def client_as(app, world: World, role: str):
    """A test client signed in as ``role``'s account (none for ANONYMOUS)."""
    from engage.extensions import limiter
    from tests.factories import login

    limiter.reset()
    client = app.test_client()
    if role != ANONYMOUS:
        login(client, world.users[role])
    return client


def get_page(client, path: str):
    """A page as a reader gets it: redirects followed, the rate limiter out of the way."""
    from engage.extensions import limiter

    limiter.reset()
    return client.get(path, follow_redirects=True)


def served_pages(app, world: World):
    """Every page of the catalogue as the Flask test client gets it, for every role that
    sees it (signed in once per role; the rate limiter reset before each request):
    ``(role, page, response)``, in catalogue order, role by role."""
    paths = page_paths(app, world)
    for role in ROLES:
        client = client_as(app, world, role)
        for item in PAGES:
            if role in item.seen_by:
                yield role, item, get_page(client, paths[item.name])


def _demographics_content(world: World) -> None:
    """Every optional question asked, with areas and shares; the resident answered."""
    from engage.demographics import service
    from engage.demographics.questions import CATALOGUE
    from tests.demographics.helpers import answer, turn_on

    turn_on(*(q.key for q in CATALOGUE), options={"area": "Northfield\nRiverside\nOld Town"})
    service.set_reference(None, "area", {"Northfield": 40.0, "Riverside": 35.0, "Old Town": 25.0})
    answer(world.users[RESIDENT], age_band="25_34", area="Riverside")


def _ledger_content() -> None:
    """A signed head over everything above, so receipts carry their proof."""
    from engage.ledger import service

    service.sign_head()
    db.session.commit()


def _security_content(world: World) -> None:
    """Each account also signed in on a phone, and has more security events than fit."""
    from datetime import timedelta

    from engage.accounts.events import record_security_event
    from engage.accounts.sessions import UserSession
    from engage.database import utcnow

    for n, user in enumerate(world.users.values()):
        seen = utcnow() - timedelta(days=2)
        db.session.add(
            UserSession(
                user_id=user.id,
                token_hash=f"{n:064d}",
                created_at=seen,
                last_seen_at=seen,
                browser="Firefox",
                system="Android",
            )
        )
        for kind in ("sign_in_failed", "locked", "unlocked", "password_changed"):
            record_security_event(user, kind)
        record_security_event(user, "session_ended", browser="Chrome", system="Windows")
        record_security_event(user, "signed_out_everywhere")
    db.session.commit()


def _consultation_content(factories, world: World) -> None:
    """One consultation in each state, and proposals with supports, versions, withdrawal."""
    from datetime import timedelta

    from engage.database import utcnow
    from engage.proposals import service as proposals

    c = world.c
    for status in ("open", "upcoming", "closed", "draft"):
        c[status] = factories.consultation(
            status,
            title=f"Smart streetlight sensors ({status})",
            easy_read_summary="New street lights can count people.\n\nTell us what you think.",
            body="## Why\n\nSensors can help.\n\n## The plan\n\n- count bikes\n- measure noise",
            support_threshold=3,
        )
    c["popular"] = factories.proposal(c["open"], title="Count bikes, not faces")
    for _ in range(3):
        proposals.support(factories.user(), c["popular"])
    proposals.edit(c["popular"].author, c["popular"], "Count bikes only", "Bikes, not faces.")
    c["popular"].response_due_at = utcnow() - timedelta(days=2)  # overdue
    c["own"] = factories.proposal(c["open"], author=world.users[RESIDENT], title="Dim at night")
    c["withdrawn"] = factories.proposal(c["open"], title="Sensors everywhere")
    proposals.withdraw(c["withdrawn"].author, c["withdrawn"], "Changed my mind.")
    factories.proposal(c["closed"], title="Publish the sensor data")
    _assisted_content(factories, world)
    from tests.amendments.sweep import amendment_content

    amendment_content(factories, world)
    _draft_content(factories, world)
    from tests.moderation.sweep import decision_content

    decision_content(factories, world)
    from tests.outcomes.sweep import outcome_content

    outcome_content(factories, world)
    from tests.opinion_map.sweep import opinion_map_content

    opinion_map_content(factories, world)
    from tests.surveys.sweep import survey_content

    survey_content(factories, world)
    db.session.commit()


def _draft_content(factories, world: World) -> None:
    """A published draft (two versions, a clause comment) with an unpublished edit."""
    from engage.drafts import queries as drafts
    from engage.drafts import service as drafting

    c, official = world.c, world.users[OFFICIAL]
    draft = factories.draft(c["open"], official=official, versions=2)
    c["clause 1"] = drafts.clause_by_number(draft, 1)
    drafting.add_clause(
        draft, official, "clause", "Sensors are switched off at night.", after=c["clause 1"]
    )
    factories.comment(c["clause 1"], author=world.users[RESIDENT], body="Which sensors?")


def _assisted_content(factories, world: World) -> None:
    """Input recorded by an official (named on paper, anonymous by phone), a Spanish
    translation, and a consultation closed too long ago to record input for."""
    from datetime import timedelta

    from engage.assisted import service as assisted
    from engage.consultations.models import ConsultationTranslation
    from engage.database import utcnow

    c, official = world.c, world.users[OFFICIAL]
    paper = assisted.Received(
        "proposal", "Benches", "Older people need to sit.", "paper", "Maria G."
    )
    c["paper"] = assisted.record_input(official, c["open"], paper)
    phone = assisted.Received("comment", "", "Not near schools.", "phone", proposal=c["paper"])
    assisted.record_input(official, c["open"], phone)
    db.session.add(
        ConsultationTranslation(
            consultation_id=c["open"].id,
            locale="es",
            title="Sensores en las farolas",
            summary="Las farolas nuevas pueden contar personas.",
            easy_read_summary="",
            body="",
            commitment="",
        )
    )
    c["closed long ago"] = factories.consultation(
        "closed",
        title="Old sensors",
        opens_at=utcnow() - timedelta(days=90),
        closes_at=utcnow() - timedelta(days=60),
    )


def _comment_content(factories, world: World) -> None:
    """A thread with every kind of comment: stances, votes, deep replies, an edit, a deletion."""
    from engage.comments import service as comments

    n = world.comments
    consultation = factories.consultation(title="Smart streetlight sensors: comments")
    proposal = factories.proposal(consultation, title="Count bikes, not faces")
    n["consultation"], n["proposal"] = consultation, proposal
    amina, dev = factories.user(name="Amina K."), factories.user(name="Dev P.")
    n["other"] = factories.comment(consultation, author=amina, body="Who **reads** the data?")
    n["edited"] = factories.comment(consultation, author=world.users[RESIDENT], body="First go.")
    comments.edit_comment(n["edited"], "Second go, with a [link](https://example.org).")
    reply = n["other"]
    for depth in range(5):  # deeper than the four levels shown
        reply = factories.comment(
            parent=reply, author=(dev, amina)[depth % 2], body=f"A reply at depth {depth + 1}."
        )
    n["deep"] = reply
    n["deleted"] = factories.comment(consultation, author=dev, body="Never mind.")
    factories.comment(parent=n["deleted"], author=amina, body="A reply that stays.")
    comments.delete_comment(n["deleted"])
    for stance in ("in_favour", "against", "neutral", None):
        factories.comment(proposal, author=amina, stance=stance, body=f"My view: {stance}.")
    comments.vote(world.users[RESIDENT], n["other"], 1)
    comments.vote(dev, n["other"], -1)
    db.session.commit()


def _held_content(factories, world: World) -> None:
    """Moderation: a comment hidden after reports and one of the resident's held for
    review (in the comments thread), a proposal hidden after reports (in the open list)."""
    from engage.moderation import content, intake

    n, c = world.comments, world.c
    n["hidden"] = factories.comment(n["consultation"], body="Call him at 555-0100.")
    n["held"] = factories.comment(
        n["consultation"], author=world.users[RESIDENT], body="Waiting for a moderator."
    )
    content.set_visibility(n["held"], Visibility.PENDING)
    intake.open_case(n["held"], "new_account", public_reason=intake.AWAITING_REVIEW)
    c["hidden"] = factories.proposal(c["open"], title="Buy cheap sensors here")
    for _ in range(3):
        reporter = factories.user()
        intake.report(reporter, n["hidden"], "personal_information")
        intake.report(reporter, c["hidden"], "spam")
    db.session.commit()


def _searchable_content(factories) -> None:
    """Something for the search pages to find, indexed as the services would."""
    from engage.search.service import reindex_all

    consultation = factories.consultation(
        title="Rules for police use of facial recognition",
        summary="When may the police use **facial recognition** cameras?",
    )
    factories.proposal(
        consultation,
        title="Ban live facial recognition in public spaces",
        body="No <em>live</em> scanning of crowds.",
    )
    reindex_all()
    db.session.commit()
