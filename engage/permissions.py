"""The shared vocabulary of access rules: roles, signed in, verified, suspended; and the
role × route table, what each role gets from each endpoint.

Each feature's own rules live in ``engage/<feature>/permissions.py`` and are built from
these. Routes use the rules to refuse (403), templates (through ``can`` and ``why_not``,
engage.templating) to hide a control or say why it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from flask_babel import gettext as _

from engage.dates import when

if TYPE_CHECKING:
    from flask_login import AnonymousUserMixin

    from engage.accounts.models import User

RESIDENT = "resident"
MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
ROLES = (RESIDENT, MODERATOR, OFFICIAL, ADMIN)

# Whoever is asking: a signed-in account, or Flask-Login's anonymous visitor.
Person: TypeAlias = "User | AnonymousUserMixin"


def signed_in(user: Person | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def has_role(user: Person | None, role: str) -> bool:
    """Staff roles count only once the account has a second factor (engage.two_factor)."""
    if not (signed_in(user) and role in user.role_names):
        return False
    return role == RESIDENT or user.has_second_factor


def can_admin(user: Person | None) -> bool:
    return has_role(user, ADMIN)


def can_moderate(user: Person | None) -> bool:
    return has_role(user, MODERATOR) or can_admin(user)


def can_act_officially(user: Person | None) -> bool:
    return has_role(user, OFFICIAL) or can_admin(user)


def can_participate(user: Person | None) -> bool:
    """Comment, vote, support, propose: a signed-in person with a confirmed email."""
    return signed_in(user) and user.is_verified


def suspension_refusal(user: Person | None) -> str | None:
    """Why a suspended person can't take part (None when they aren't suspended)."""
    if not (signed_in(user) and user.is_suspended):
        return None
    return _("A moderator suspended your account until %(date)s.", date=when(user.suspended_until))


# The names templates use for these (engage.templating gathers every feature's).
PREDICATES = {
    "admin": can_admin,
    "participate": can_participate,
    "moderate": can_moderate,
    "act_officially": can_act_officially,
}


# The role × route table ---------------------------------------------------------------
# For every endpoint the app registers, what a GET and a POST (a valid CSRF token and an
# otherwise empty form, so allowed roles mostly get 422 or 303) answer to each role, each
# signed in with what the role needs: a status, or LOGIN (sent to the sign-in page).
# tests/test_access.py tries every row for every role; a new endpoint needs a row here.
ACCESS_ROLES = ("anonymous", RESIDENT, MODERATOR, OFFICIAL, ADMIN)
LOGIN = "login"
Answers: TypeAlias = dict[str, int | str]


def by_role(anonymous, resident, moderator, official, admin) -> Answers:
    return dict(zip(ACCESS_ROLES, (anonymous, resident, moderator, official, admin), strict=True))


def for_everyone(status: int) -> Answers:
    return by_role(status, status, status, status, status)


def for_signed_in(status: int = 200) -> Answers:
    return by_role(LOGIN, status, status, status, status)


def for_guests(status: int = 200, signed_in_status: int = 302) -> Answers:
    return by_role(status, signed_in_status, signed_in_status, signed_in_status, signed_in_status)


def for_admins(status: int = 200) -> Answers:
    return by_role(LOGIN, 403, 403, 403, status)


ROUTE_ACCESS: dict[str, dict[str, Answers]] = {
    # Site-wide
    "main.home": {"GET": for_everyone(200)},
    "main.health": {"GET": for_everyone(200)},
    "main.set_language": {"POST": for_everyone(303)},
    "main.choose_language": {"GET": for_everyone(303)},
    "main.brand_stylesheet": {"GET": for_everyone(404)},  # 404 while BRAND_COLOUR is unset
    "patterns.index": {"GET": for_everyone(200)},  # tests and development; 404 in production
    "main.accessibility_statement": {"GET": for_everyone(200)},
    "main.privacy_notice": {"GET": for_everyone(200)},
    "preferences.edit_display": {"GET": for_everyone(200), "POST": for_everyone(303)},
    # Search
    "search.search": {"GET": for_everyone(200)},
    # Accounts
    "accounts.register": {"GET": for_guests(), "POST": for_guests(422)},
    "accounts.check_email": {"GET": for_everyone(200)},
    "accounts.verify_email": {"GET": for_everyone(303)},
    "accounts.resend_verification": {"POST": for_signed_in(303)},
    "accounts.login": {"GET": for_guests(), "POST": for_guests(422)},
    "accounts.logout": {"POST": for_everyone(303)},
    "accounts.forgot_password": {"GET": for_everyone(200), "POST": for_everyone(422)},
    "accounts.reset_password": {"GET": for_everyone(200), "POST": for_everyone(422)},
    "accounts.change_password": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "accounts.profile": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "accounts.security_events": {"GET": for_signed_in(200)},
    "accounts.sign_out_everywhere": {"POST": for_signed_in(303)},
    # Someone else's session: nobody but its owner may end it.
    "accounts.end_session": {"POST": by_role(LOGIN, 404, 404, 404, 404)},
    "accounts.unlock": {"GET": for_everyone(303)},
    # Data rights (engage.privacy): one's own data only; a download link is its owner's.
    "privacy.download_data": {"GET": for_signed_in(200), "POST": for_signed_in(200)},
    "privacy.fetch_export": {"GET": for_signed_in(404)},
    "privacy.delete_account": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    # Optional questions about you (engage.demographics): one's own answers; admins set
    # the questions. An empty form answers nothing: 422.
    "demographics.about_you": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "demographics.remove_answers": {"POST": for_signed_in(303)},
    "demographics.configure": {"GET": for_admins(200), "POST": for_admins(303)},
    # Two-factor sign-in: the code step needs a right password first (else back to sign-in);
    # staff (factories) have a second factor, residents don't.
    "two_factor.verify": {
        "GET": by_role(303, 302, 302, 302, 302),
        "POST": by_role(303, 302, 302, 302, 302),
    },
    "two_factor.setup": {"GET": for_signed_in(200), "POST": by_role(LOGIN, 422, 303, 303, 303)},
    "two_factor.new_recovery_codes": {"POST": by_role(LOGIN, 303, 422, 422, 422)},
    "two_factor.replace": {"POST": by_role(LOGIN, 303, 422, 422, 422)},
    "two_factor.cancel_replace": {"POST": for_signed_in(303)},
    "admin.reset_second_factor": {"POST": by_role(LOGIN, 403, 403, 403, 422)},
    # Administration
    "admin.users": {"GET": for_admins(200)},
    "admin.user_detail": {"GET": for_admins(200), "POST": for_admins(422)},
    "admin.audit_log": {"GET": for_admins(200)},
    # Consultations: drafts are 404 for those who may not manage them.
    "consultations.list_consultations": {"GET": for_everyone(200)},
    "consultations.view_consultation": {"GET": for_everyone(200)},
    "consultations.view_proposals": {"GET": for_everyone(200)},
    "consultations.view_discussion": {"GET": for_everyone(200)},
    "consultations.preview_consultation": {"GET": by_role(LOGIN, 404, 404, 200, 200)},
    "consultations.new_consultation": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "consultations.edit_consultation": {
        "GET": by_role(LOGIN, 404, 404, 200, 200),
        "POST": by_role(LOGIN, 404, 404, 422, 422),
    },
    "consultations.publish_consultation": {"POST": by_role(LOGIN, 404, 404, 303, 303)},
    "consultations.close_consultation": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    # Translations: the officials who manage the consultation. An empty form changes nothing.
    "consultations.translations": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "consultations.edit_translation": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 303, 303),
    },
    "consultations.manage_topics": {"GET": for_admins(200), "POST": for_admins(422)},
    "consultations.rename_topic": {"POST": for_admins(422)},
    "consultations.move_topic": {"POST": for_admins(303)},
    # Proposals: only the author edits or withdraws; anyone signed in and verified supports.
    "proposals.new_proposal": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "proposals.view_proposal": {"GET": for_everyone(200)},
    "proposals.edit_proposal": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 422, 403, 403, 403),
    },
    "proposals.withdraw_proposal": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 303, 403, 403, 403),
    },
    "proposals.support_proposal": {"POST": for_signed_in(303)},
    "proposals.unsupport_proposal": {"POST": for_signed_in(303)},
    "proposals.proposal_versions": {"GET": for_everyone(200)},
    "proposals.proposal_version": {"GET": for_everyone(200)},
    # Co-authors: the author invites; only the invited person answers (the resident here).
    "coauthors.manage": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 422, 403, 403, 403),
    },
    "coauthors.invitation": {"GET": by_role(LOGIN, 200, 403, 403, 403)},
    "coauthors.respond": {"POST": by_role(LOGIN, 303, 403, 403, 403)},
    # Amendments: reading is public; proposing and supporting need a verified account;
    # only the author withdraws; officials who manage the consultation decide.
    "amendments.new_amendment": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "amendments.view_amendment": {"GET": for_everyone(200)},
    "amendments.list_amendments": {"GET": for_everyone(200)},
    "amendments.support_amendment": {"POST": for_signed_in(303)},
    "amendments.unsupport_amendment": {"POST": for_signed_in(303)},
    "amendments.withdraw_amendment": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 303, 403, 403, 403),
    },
    "amendments.decide_amendment": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    # Out of date, so an empty form (no confirmed text) publishes nothing: 422.
    "amendments.accept_amendment": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "amendments.reject_amendment": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    # Assisted input and the readability check: officials and admins only.
    "assisted.record_input": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "assisted.import_submissions": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "assisted.import_template": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    # Who took part (engage.demographics): the officials who manage the consultation.
    "demographics.representativeness": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "demographics.representativeness_csv": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "readability.check": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 200, 200),
    },
    # Drafts: published versions are public; the officials who manage the consultation
    # import, edit and publish (an empty form: 422; removing or restoring: 303).
    "drafts.view_draft": {"GET": for_everyone(200)},
    "drafts.view_version": {"GET": for_everyone(200)},
    "drafts.compare_versions": {"GET": for_everyone(200)},
    "drafts.view_clause": {"GET": for_everyone(200)},
    "drafts.export_markdown": {"GET": for_everyone(200)},
    "drafts.print_version": {"GET": for_everyone(200)},
    "drafts.edit_draft": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "drafts.import_draft": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "drafts.edit_part": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "drafts.remove_part": {"POST": by_role(LOGIN, 403, 403, 303, 303)},
    "drafts.restore_part": {"POST": by_role(LOGIN, 403, 403, 303, 303)},
    "drafts.add_part": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "drafts.publish_draft": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    # Comments: reading is public; posting and voting need a verified account; only the
    # author edits or deletes. An empty POST names no target (404) or no vote (400).
    "comments.create": {"POST": by_role(LOGIN, 404, 404, 404, 404)},
    "comments.thread": {"GET": for_everyone(200)},
    "comments.show": {"GET": for_everyone(200)},
    "comments.reply": {"GET": for_everyone(200)},
    "comments.history": {"GET": for_everyone(200)},
    "comments.edit": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 422, 403, 403, 403),
    },
    "comments.delete": {"POST": by_role(LOGIN, 303, 403, 403, 403)},
    "comments.vote": {"POST": for_signed_in(400)},
    # Outcomes: officials answer and report; the report, tracker and dashboard are public
    # once published (an unpublished report is 404 for the public). Empty forms: 422.
    "outcomes.answer_proposals": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "outcomes.answer_proposal": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "outcomes.view_outcome": {"GET": for_everyone(200)},
    "outcomes.edit_outcome": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "outcomes.publish_outcome": {"POST": by_role(LOGIN, 403, 403, 303, 303)},
    "outcomes.list_commitments": {"GET": for_everyone(200)},
    "outcomes.new_commitment": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "outcomes.view_commitment": {"GET": for_everyone(200)},
    "outcomes.update_commitment": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "outcomes.add_milestone": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "outcomes.reach_milestone": {"POST": by_role(LOGIN, 403, 403, 303, 303)},
    "outcomes.accountability": {"GET": for_everyone(200)},
    # Opinion map (issue 16): an empty vote is a bad request; an empty statement comes back.
    "opinion_map.vote_page": {"GET": for_everyone(200)},
    "opinion_map.vote": {"POST": for_signed_in(400)},
    "opinion_map.my_votes": {"GET": for_signed_in(200)},
    "opinion_map.new_statement": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "opinion_map.view_results": {"GET": for_everyone(200)},
    "opinion_map.set_up": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 303, 303),
    },
    # Open data and the API: public, read-only; drafts have no open data (404 for everyone).
    "opendata.index": {"GET": for_everyone(200)},
    "opendata.download": {"GET": for_everyone(200)},
    "opendata.dataset_schema": {"GET": for_everyone(200)},
    "opendata.consultation_index": {"GET": for_everyone(200)},
    "opendata.consultation_download": {"GET": for_everyone(404)},
    "api.index": {"GET": for_everyone(200)},
    "api.openapi": {"GET": for_everyone(200)},
    "api.list_rows": {"GET": for_everyone(200)},
    "api.get_row": {"GET": for_everyone(200)},
    "api.ledger_heads": {"GET": for_everyone(200)},
    "api.ledger_inclusion_proof": {"GET": for_everyone(200)},
    "api.ledger_consistency_proof": {"GET": for_everyone(200)},
    # Notifications: your own notices and settings; following needs an account. The
    # unsubscribe link works signed in or not (the signed token is the proof).
    "notifications.list_notices": {"GET": for_signed_in(200)},
    "notifications.mark_read": {"POST": by_role(LOGIN, 303, 404, 404, 404)},
    "notifications.mark_all_read": {"POST": for_signed_in(303)},
    # A setting left out of the form keeps its current value, so an empty form saves.
    "notifications.settings": {"GET": for_signed_in(200), "POST": for_signed_in(303)},
    "notifications.follow": {"POST": for_signed_in(303)},
    "notifications.unfollow": {"POST": for_signed_in(303)},
    "notifications.unsubscribe": {"GET": for_everyone(200), "POST": for_everyone(303)},
    # Moderation decisions: moderators and admins only (residents and officials 403), except
    # the public log and guidelines (everyone) and the author's own decisions and appeals.
    "moderation.queue": {"GET": by_role(LOGIN, 403, 200, 403, 200)},
    "staff.today": {"GET": by_role(LOGIN, 403, 200, 200, 200)},
    "moderation.view_case": {"GET": by_role(LOGIN, 403, 200, 403, 200)},
    "moderation.claim_case": {"POST": by_role(LOGIN, 403, 303, 403, 303)},
    "moderation.release_case": {"POST": by_role(LOGIN, 403, 303, 403, 303)},
    "moderation.decide_case": {"POST": by_role(LOGIN, 403, 422, 403, 422)},
    "moderation.bulk_decide": {"POST": by_role(LOGIN, 403, 422, 403, 422)},
    "moderation.my_decisions": {"GET": for_signed_in(200)},
    "moderation.appeal_decision": {
        "GET": by_role(LOGIN, 200, 403, 403, 403),
        "POST": by_role(LOGIN, 422, 403, 403, 403),
    },
    "moderation.restore_decision": {"POST": by_role(LOGIN, 403, 303, 403, 303)},
    "moderation.appeals": {"GET": by_role(LOGIN, 403, 200, 403, 200)},
    "moderation.decide_appeal": {
        "GET": by_role(LOGIN, 403, 200, 403, 200),
        "POST": by_role(LOGIN, 403, 422, 403, 422),
    },
    # The public record (issue 19): receipts only for their author (404 for anyone else).
    "transparency.index": {"GET": for_everyone(200)},
    "transparency.verifier_script": {"GET": for_everyone(200)},
    "transparency.verify": {"GET": for_everyone(200), "POST": for_everyone(422)},
    "transparency.contributions": {"GET": for_signed_in(200)},
    "transparency.receipt": {"GET": by_role(LOGIN, 200, 404, 404, 404)},
    "transparency.receipt_json": {"GET": by_role(LOGIN, 200, 404, 404, 404)},
    "moderation.public_log": {"GET": for_everyone(200)},
    "moderation.public_log_csv": {"GET": for_everyone(200)},
    # Reports: any signed-in person, about someone else's contribution (an empty form: 422).
    "moderation.report": {"GET": for_signed_in(200), "POST": for_signed_in(422)},
    "guidelines.show_guidelines": {"GET": for_everyone(200)},
    "guidelines.show_version": {"GET": for_everyone(200)},
    "guidelines.edit_rule": {"GET": for_admins(200), "POST": for_admins(422)},
    "guidelines.new_rule": {"GET": for_admins(200), "POST": for_admins(422)},
    # Surveys: a published questionnaire is public to read; answering needs a verified
    # account (others see why, and a POST is refused). An empty form skips required
    # questions: 422.
    "surveys.view_questionnaire": {"GET": for_everyone(200)},
    "surveys.answer_page": {"GET": for_everyone(200), "POST": by_role(403, 422, 422, 422, 422)},
    # The editor: the officials who manage the consultation (an empty form: 422; a button
    # that needs nothing more: 303).
    "surveys.manage_questionnaires": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "surveys.new_questionnaire": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "surveys.edit_questionnaire": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "surveys.add_section": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "surveys.add_question": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    # The same question for every role: the official's request removes it, so the
    # admin's finds nothing left to remove.
    "surveys.remove_question": {"POST": by_role(LOGIN, 403, 403, 303, 404)},
    "surveys.correct_option": {"POST": by_role(LOGIN, 403, 403, 422, 422)},
    "surveys.publish_questionnaire": {"POST": by_role(LOGIN, 403, 403, 303, 303)},
    "surveys.preview_questionnaire": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "surveys.record_paper": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "surveys.import_paper": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 422, 422),
    },
    "surveys.paper_import_template": {"GET": by_role(LOGIN, 403, 403, 200, 200)},
    "surveys.view_results": {"GET": for_everyone(200)},  # says when they are published
    # Text answers: moderators and the officials who manage the consultation.
    "surveys.moderate_texts": {
        "GET": by_role(LOGIN, 403, 200, 200, 200),
        "POST": by_role(LOGIN, 403, 422, 422, 422),
    },
    "surveys.translate_questionnaire": {
        "GET": by_role(LOGIN, 403, 403, 200, 200),
        "POST": by_role(LOGIN, 403, 403, 303, 303),
    },
}
