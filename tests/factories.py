"""Factories: objects made in the database with sensible defaults, one call each."""

from __future__ import annotations

import itertools
import re
import time
from datetime import UTC, datetime, timedelta

import pyotp

from engage.accounts.models import User, UserRole
from engage.accounts.passwords import hash_password
from engage.consultations.models import Consultation, Topic
from engage.database import utcnow
from engage.extensions import db
from engage.permissions import RESIDENT

PASSWORD = "correct horse battery staple"
# Every staff account the factories make signs in with codes from this key.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - test data
_counter = itertools.count(1)


class Factories:
    def user(
        self,
        *roles: str,
        verified: bool = True,
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
        locale: str = "en",
        second_factor: bool | None = None,
    ) -> User:
        """A person with these roles; staff get a second factor (TOTP_SECRET) unless told not."""
        n = next(_counter)
        if second_factor is None:
            second_factor = bool(set(roles) - {RESIDENT})
        user = User(
            totp_secret=TOTP_SECRET if second_factor else None,
            totp_enrolled_at=utcnow() if second_factor else None,
            email=email or f"person{n}@example.org",
            display_name=name or f"Person {n}",
            password_hash=hash_password(password),
            locale=locale,
            email_verified_at=utcnow() if verified else None,
            roles=[UserRole(role=r) for r in sorted(set(roles) | {RESIDENT})],
        )
        db.session.add(user)
        db.session.commit()
        return user

    def consultation(
        self,
        status: str = "open",
        official: User | None = None,
        topic_slug: str = "ai-and-algorithms",
        **fields,
    ) -> Consultation:
        """A consultation whose dates put it in ``status`` (draft/upcoming/open/closed/outcome)."""
        n = next(_counter)
        now = utcnow()
        opens_at, closes_at = {
            "upcoming": (now + timedelta(days=5), now + timedelta(days=35)),
            "closed": (now - timedelta(days=40), now - timedelta(days=10)),
            "outcome": (now - timedelta(days=40), now - timedelta(days=10)),
        }.get(status, (now - timedelta(days=10), now + timedelta(days=20)))
        topic = db.session.execute(db.select(Topic).filter_by(slug=topic_slug)).scalar_one()
        values = {
            "title": f"Consultation {n}",
            "slug": f"consultation-{n}",
            "topic": topic,
            "official": official,
            "summary": f"Summary of consultation {n}.",
            "easy_read_summary": "This is about a new rule. Tell us what you think.",
            "body": "## Background\n\nSome *context*.",
            "commitment": "We will read every proposal and answer those that reach the threshold.",
            "opens_at": opens_at,
            "closes_at": closes_at,
            "support_threshold": 25,
            "response_window_days": 30,
            "published_at": None if status == "draft" else now - timedelta(days=11),
            "outcome_published_at": now - timedelta(days=1) if status == "outcome" else None,
            "created_by_id": official.id if official else None,
        }
        values.update(fields)
        consultation = Consultation(**values)
        db.session.add(consultation)
        db.session.commit()
        return consultation

    def proposal(
        self, consultation: Consultation | None = None, author: User | None = None, **fields
    ):
        """A published proposal; counters on the consultation are kept in step."""
        from engage.proposals.models import Proposal

        n = next(_counter)
        consultation = consultation or self.consultation()
        author = author or self.user()
        values = {"title": f"Proposal {n}", "body": f"The body of proposal {n}."}
        values.update(fields)
        proposal = Proposal(consultation=consultation, author=author, **values)
        db.session.add(proposal)
        consultation.proposal_count = (consultation.proposal_count or 0) + 1
        db.session.commit()
        return proposal

    def proposal_version(self, proposal=None, number: int = 1, **fields):
        """An earlier wording of a proposal (as if edited after people reacted)."""
        from engage.proposals.models import ProposalVersion

        proposal = proposal or self.proposal()
        values = {"title": f"Earlier {proposal.title}", "body": f"Earlier {proposal.body}"}
        values.update(fields)
        version = ProposalVersion(
            proposal_id=proposal.id, number=number, editor_id=proposal.author_id, **values
        )
        proposal.version_count = max(proposal.version_count, number + 1)
        db.session.add(version)
        db.session.commit()
        return version

    def support(self, proposal, user: User | None = None):
        """One support row, with the proposal's counter kept in step (no threshold logic)."""
        from engage.proposals.models import Support

        user = user or self.user()
        db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
        proposal.support_count += 1
        db.session.commit()
        return user

    def coauthor_invitation(self, user: User, proposal=None, status: str = "invited"):
        """An invitation for ``user`` to co-author ``proposal`` (default: someone else's)."""
        from engage.coauthors.models import CoauthorStatus, ProposalCoauthor

        proposal = proposal or self.proposal()
        invitation = ProposalCoauthor(
            proposal_id=proposal.id,
            user_id=user.id,
            status=status,
            invited_by_id=proposal.author_id,
        )
        if status == CoauthorStatus.ACCEPTED:
            invitation.responded_at = utcnow()
            proposal.coauthor_count += 1
        db.session.add(invitation)
        db.session.commit()
        return invitation

    def comment(
        self,
        on=None,
        author: User | None = None,
        parent=None,
        body: str | None = None,
        stance: str | None = None,
        **fields,
    ):
        """A comment on ``on`` (a consultation or proposal; default a new open consultation),
        or a reply to ``parent``, posted through the service so counters stay in step."""
        from engage.comments.service import post_comment
        from engage.comments.targets import Target

        if on is None:
            on = self._comment_target(parent) if parent is not None else self.consultation()
        kind = {"Proposal": "proposal", "Clause": "clause", "Amendment": "amendment"}.get(
            type(on).__name__, "consultation"
        )
        consultation = {
            "proposal": lambda: on.consultation,
            "clause": lambda: on.draft.consultation,
            "amendment": lambda: on.clause.draft.consultation,
            "consultation": lambda: on,
        }[kind]()
        comment = post_comment(
            author or self.user(),
            Target(kind=kind, obj=on, consultation=consultation),
            body or f"Comment number {next(_counter)}.",
            stance=stance,
            parent=parent,
        )
        for name, value in fields.items():
            setattr(comment, name, value)
        db.session.commit()
        return comment

    def draft(
        self,
        consultation: Consultation | None = None,
        markdown: str | None = None,
        versions: int = 1,
        official: User | None = None,
    ):
        """A draft imported from Markdown (default: two sections, four clauses) and
        published ``versions`` times (each later version changes clause 1)."""
        from engage.drafts import service

        official = official or self.user("official")
        consultation = consultation or self.consultation(official=official)
        markdown = markdown or (
            "# Scope\n\nThis policy covers cameras.\n\nIt applies to the police.\n\n"
            "# Limits\n\nNo live matching in public.\n\nEvery search is logged."
        )
        draft = service.create_draft(consultation, official, f"Draft for {consultation.title}")
        service.import_markdown(draft, official, markdown)
        for n in range(versions):
            if n:
                from engage.drafts.queries import clause_by_number

                clause = clause_by_number(draft, 1)
                service.edit_clause(clause, official, f"{clause.text} Revision {n + 1}.")
            service.publish_version(draft, official, f"Version {n + 1}")
        db.session.commit()
        return draft

    def amendment(
        self,
        clause=None,
        author: User | None = None,
        kind: str = "replace",
        text: str | None = None,
        rationale: str = "Reads better.",
        **fields,
    ):
        """An amendment to ``clause`` (default: clause 1 of a new published draft), made
        through the service so counters stay in step; ``fields`` set afterwards (status…)."""
        from engage.amendments import service as amendments
        from engage.drafts.queries import clause_by_number

        clause = clause or clause_by_number(self.draft(), 1)
        amendment = amendments.create(
            author or self.user(),
            clause,
            kind,
            text if text is not None else f"{clause.text} Amended.",
            rationale,
        )
        for name, value in fields.items():
            setattr(amendment, name, value)
        db.session.commit()
        return amendment

    def _comment_target(self, comment):
        from engage.comments.targets import find_target

        return find_target(comment.target_type, comment.target_id).obj


def csrf_token_from(html: str) -> str:
    """A form's token, or the one a signed-in person's pages give htmx (a page may have no
    form)."""
    match = (
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        or re.search(r'name="csrf_token" value="([^"]+)"', html)
        or re.search(r'data-csrf-token="([^"]+)"', html)
    )
    assert match, "no CSRF token in page"
    return match.group(1)


def token_for(client) -> str:
    """A valid CSRF token for this browser: from any page when signed in, from the sign-in
    form otherwise (pages for readers who are not signed in carry none: engage.http_cache)."""
    html = client.get("/").get_data(as_text=True)
    if "csrf" not in html:
        html = client.get("/account/login").get_data(as_text=True)
    return csrf_token_from(html)


def post_form(client, url: str, data: dict, **kwargs):
    """GET the page for its CSRF token, then POST the form, as a browser would. A page with
    no token (a reader's page, when not signed in) sends for one as token_for does."""
    page = client.get(kwargs.pop("form_url", url)).get_data(as_text=True)
    try:
        token = csrf_token_from(page)
    except AssertionError:
        token = token_for(client)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def login(client, user: User, password: str = PASSWORD):
    """Sign in, with the second step's code when the account has a second factor."""
    response = post_form(client, "/account/login", {"email": user.email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    if response.headers["Location"].endswith(TWO_FACTOR_STEP):
        response = post_form(client, TWO_FACTOR_STEP, {"code": next_totp_code(user.email)})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


TWO_FACTOR_STEP = "/account/two-factor/verify"


def next_totp_code(email: str) -> str:
    """A code the site accepts now for this account: each code works once, so a second
    sign-in within the same 30 seconds takes the next step's code (the site allows one
    step of clock drift), and waits when that is used too."""
    row = db.session.execute(
        db.select(User.totp_secret, User.totp_last_step).where(User.email == email.lower())
    ).one()
    totp = pyotp.TOTP(row.totp_secret)
    now = totp.timecode(datetime.now(UTC))
    last = row.totp_last_step
    step = now if last is None or last < now else last + 1
    if step > now + 1:
        time.sleep((step - 1) * totp.interval - time.time() + 0.1)
    return totp.generate_otp(step)
