"""Optional questions: asked once on the account page, never required, kept apart from
the profile, with consent recorded under the privacy notice's version."""

from __future__ import annotations

from engage.audit.models import AuditEntry
from engage.demographics import service
from engage.demographics.models import DemographicAnswer
from engage.extensions import db
from engage.privacy.models import ConsentRecord
from tests.demographics.helpers import turn_on
from tests.factories import login, post_form

PAGE = "/account/about-you"


def _answers(user) -> dict[str, str]:
    rows = db.session.scalars(
        db.select(DemographicAnswer).where(DemographicAnswer.user_id == user.id)
    )
    return {row.question_key: row.answer for row in rows}


def _consents(user) -> list[tuple[str, bool, str]]:
    rows = db.session.scalars(
        db.select(ConsentRecord).where(ConsentRecord.user_id == user.id).order_by(ConsentRecord.id)
    )
    return [(row.purpose, row.given, row.notice_version) for row in rows]


def test_nothing_is_asked_until_an_admin_turns_a_question_on(client, factories):
    login(client, factories.user())
    assert "About you (optional)" not in client.get("/account/profile").get_data(as_text=True)
    assert client.get(PAGE).status_code == 404


def test_the_account_page_asks_once_and_answers_are_saved_with_consent(client, factories, app):
    turn_on("age_band", "home_language")
    user = factories.user()
    login(client, user)
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "Answer the optional questions" in profile

    page = client.get(PAGE).get_data(as_text=True)
    assert "Your age" in page and "The main language spoken at home" in page
    assert page.count(">Prefer not to say<") == 2
    assert "Your gender" not in page  # not turned on

    # Answers without the consent box: nothing is kept, the choices come back.
    response = post_form(client, PAGE, {"q_age_band": "25_34", "save": ""})
    assert response.status_code == 422
    assert '<input checked id="q_age_band-2"' in response.get_data(as_text=True)
    assert _answers(user) == {}

    response = post_form(
        client, PAGE, {"q_age_band": "25_34", "q_home_language": "Español", "consent": "y"}
    )
    assert response.status_code == 303
    assert _answers(user) == {"age_band": "25_34", "home_language": "Español"}
    version = app.config["PRIVACY_NOTICE_VERSION"]
    assert _consents(user) == [("demographics", True, version)]
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "Answer the optional questions" not in profile
    assert "Change or delete your answers about you" in profile


def test_prefer_not_to_say_and_leaving_questions_blank_are_fine(client, factories):
    turn_on("age_band", "gender")
    user = factories.user()
    login(client, user)
    response = post_form(client, PAGE, {"q_gender": "prefer_not_to_say", "consent": "y"})
    assert response.status_code == 303
    assert _answers(user) == {"gender": "prefer_not_to_say"}


def test_an_answer_not_offered_is_refused(client, factories):
    turn_on("age_band")
    user = factories.user()
    login(client, user)
    response = post_form(client, PAGE, {"q_age_band": "200_plus", "consent": "y"})
    assert response.status_code == 422
    assert _answers(user) == {}


def test_no_thanks_is_remembered_and_not_asked_again(client, factories, app):
    turn_on("age_band")
    user = factories.user()
    login(client, user)
    response = post_form(client, PAGE, {"q_age_band": "25_34", "decline": ""})
    assert response.status_code == 303
    assert _answers(user) == {}
    assert _consents(user) == [("demographics", False, app.config["PRIVACY_NOTICE_VERSION"])]
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "You chose not to answer the optional questions." in profile
    assert "Answer the optional questions" not in profile


def test_deleting_answers_withdraws_consent(client, factories):
    turn_on("age_band")
    user = factories.user()
    login(client, user)
    post_form(client, PAGE, {"q_age_band": "25_34", "consent": "y"})
    response = post_form(client, "/account/about-you/remove", {}, form_url=PAGE)
    assert response.status_code == 303
    assert _answers(user) == {}
    assert [given for _p, given, _v in _consents(user)] == [True, False]


def test_admin_turns_questions_on_sets_local_options_and_shares_audited(client, factories):
    admin = factories.user("admin")
    login(client, admin)
    response = post_form(
        client,
        "/admin/demographics",
        {
            "area_enabled": "y",
            "area_options": "North\n  South \n\nNorth\nEast",
            "area_share_0": "40",
        },
    )
    assert response.status_code == 303
    page = client.get("/admin/demographics").get_data(as_text=True)
    assert "North\nSouth\nEast" in page
    # Shares follow the options saved before: North is the first.
    post_form(
        client,
        "/admin/demographics",
        {
            "area_enabled": "y",
            "area_options": "North\nSouth\nEast",
            "area_share_0": "40",
            "area_share_1": "35.5",
        },
    )
    assert service.references() == {"area": {"North": 40.0, "South": 35.5}}
    for junk in ("101", "nan", "-1", "1e999"):
        response = post_form(
            client,
            "/admin/demographics",
            {"area_enabled": "y", "area_options": "North\nSouth\nEast", "area_share_1": junk},
        )
        assert response.status_code == 422, junk
    assert service.references() == {"area": {"North": 40.0, "South": 35.5}}
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert "demographics.question_changed" in actions
    assert "demographics.reference_changed" in actions


def test_residents_may_not_configure(client, factories):
    login(client, factories.user())
    assert client.get("/admin/demographics").status_code == 403


def test_answers_and_consent_are_in_the_download_and_gone_after_deletion(client, factories):
    import io
    import json
    import zipfile

    from engage.privacy import deletion, export
    from engage.privacy.models import DeletionChoice
    from tests.demographics.helpers import answer

    turn_on("age_band", "disability")
    user = factories.user()
    answer(user, age_band="65_74", disability="yes")
    archive = zipfile.ZipFile(io.BytesIO(export.build_zip(user)))
    rows = json.loads(archive.read("demographic_answers.json"))
    assert sorted(row["answer"] for row in rows) == ["65_74", "yes"]
    assert json.loads(archive.read("consent_records.json"))[0]["purpose"] == "demographics"

    user_id = user.id
    deletion.delete_account(user, DeletionChoice.KEEP)
    db.session.commit()
    for model in (DemographicAnswer, ConsentRecord):
        left = db.session.scalar(db.select(db.func.count()).where(model.user_id == user_id))
        assert left == 0, model.__tablename__


def test_answers_can_be_deleted_after_the_questions_are_turned_off(client, factories):
    from engage.demographics import service as demographics

    turn_on("age_band")
    user = factories.user()
    login(client, user)
    post_form(client, PAGE, {"q_age_band": "25_34", "consent": "y"})
    demographics.configure(None, "age_band", False, "")
    db.session.commit()
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "Change or delete your answers about you" in profile
    page = client.get(PAGE).get_data(as_text=True)
    assert "These questions are no longer asked." in page
    assert post_form(client, "/account/about-you/remove", {}, form_url=PAGE).status_code == 303
    assert _answers(user) == {}
    assert client.get(PAGE).status_code == 404
