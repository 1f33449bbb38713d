"""Survey and poll pages for the accessibility sweep and the Nu check (tests/e2e/pages.py):
the officials' list, the editor (open and frozen), the preview, the paper form and the
translations; the questionnaire, its pages and its results (with a breakdown); text
answers waiting for moderation; the quick poll on the consultation's page and its results."""

from __future__ import annotations

from engage.extensions import db


def survey_content(factories, world) -> None:
    """A published survey with live results, answered on paper twelve times and by the
    sweep's resident (first page saved, so their second visit continues there); a survey
    still being built; a quick poll the resident answered."""
    from engage.channels import Channel
    from engage.surveys import service
    from engage.surveys.answers import check
    from tests.surveys.helpers import survey

    c, official, resident = world.c, world.users["official"], world.users["resident"]
    consultation = factories.consultation("open", title="Camera rules", official=official)
    c["surveys"] = consultation
    answered = survey(factories, consultation=consultation, official=official)
    q = answered.questionnaire
    q.results_live = True
    questions = [
        answered.single,
        answered.multiple,
        answered.ranking,
        answered.scale,
        answered.number,
        answered.short,
        answered.long,
        answered.conditional,
    ]
    for n in range(12):
        single = answered.single.options[n % 2]
        form = {
            f"q-{answered.single.id}": str(single.id),
            f"q-{answered.multiple.id}": [str(answered.multiple.options[n % 4].id)],
            f"q-{answered.scale.id}": str(1 + n % 5),
            f"q-{answered.number.id}": str(20 + n),
            f"q-{answered.short.id}": "Old Town",
            f"q-{answered.long.id}": "Please publish how often it is wrong.",
        }
        for position, option in enumerate(answered.ranking.options, start=1):
            form[f"q-{answered.ranking.id}-rank-{option.id}"] = str(position)
        service.record_paper(official, q, Channel.PAPER, None, questions, check(questions, form))
    first_page = questions[:4]
    mine = {f"q-{answered.single.id}": str(answered.single.options[0].id)}
    service.save_page(resident, q, 1, first_page, check(first_page, mine, required=False))
    world.survey = answered

    building = service.create_questionnaire(official, consultation, "Street lights survey")
    service.add_question(
        official,
        building.sections[0],
        "single",
        "Brighter or dimmer?",
        options=["Brighter", "Dimmer"],
    )
    world.survey_draft = building

    poll = service.create_questionnaire(official, consultation, "Quick poll", is_poll=True)
    question = service.add_question(
        official,
        poll.sections[0],
        "single",
        "Should cameras record sound?",
        required=True,
        options=["Yes", "No", "Not sure"],
    )
    service.publish_questionnaire(official, poll, results_live=True)
    service.save_page(
        resident,
        poll,
        1,
        [question],
        check([question], {f"q-{question.id}": str(question.options[1].id)}),
    )
    service.submit(resident, poll)
    world.poll = poll
    db.session.commit()


def survey_pages(SweepPage, roles):  # noqa: N803 - the class is passed in
    everyone, managers = roles["EVERYONE"], roles["MANAGERS"]
    moderators = roles["MODERATORS"]

    def slug(w):
        return {"slug": w.c["surveys"].slug}

    def survey(w, **extra):
        return {**slug(w), "questionnaire_id": w.survey.questionnaire.id, **extra}

    def draft(w):
        return {**slug(w), "questionnaire_id": w.survey_draft.id}

    def poll(w):
        return {**slug(w), "questionnaire_id": w.poll.id}

    return [
        SweepPage("surveys: manage", "surveys.manage_questionnaires", managers, slug),
        SweepPage("survey: editor", "surveys.edit_questionnaire", managers, draft),
        SweepPage("survey: editor (answered)", "surveys.edit_questionnaire", managers, survey),
        SweepPage("survey: preview", "surveys.preview_questionnaire", managers, survey),
        SweepPage("survey: paper answer", "surveys.record_paper", managers, survey),
        SweepPage("survey: import paper answers", "surveys.import_paper", managers, survey),
        SweepPage(
            "survey: translations",
            "surveys.translate_questionnaire",
            managers,
            lambda w: survey(w, locale="ar"),
        ),
        SweepPage("survey", "surveys.view_questionnaire", everyone, survey),
        SweepPage("survey: page 1", "surveys.answer_page", everyone, lambda w: survey(w, page=1)),
        SweepPage("survey: page 2", "surveys.answer_page", everyone, lambda w: survey(w, page=2)),
        SweepPage("survey: results", "surveys.view_results", everyone, survey),
        SweepPage(
            "survey: results by an answer",
            "surveys.view_results",
            everyone,
            lambda w: survey(w, by=w.survey.single.id),
        ),
        SweepPage("survey: text answers", "surveys.moderate_texts", moderators | managers, survey),
        SweepPage("poll: on the consultation", "consultations.view_consultation", everyone, slug),
        SweepPage("poll: results", "surveys.view_results", everyone, poll),
    ]
