"""Forms for writing consultations and managing topics."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from engage.concurrency import VersionField
from engage.consultations.translations import topic_name, translation_locales
from engage.dates import local_to_utc, utc_to_local
from engage.forms import Form, NotBlank, at_most, strip
from engage.i18n import text_direction

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Paths under /consultations/ that a slug must not shadow.
RESERVED_SLUGS = {"new", "topics"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _text(label, limit, required=None, description=None, **kwargs):
    validators = [at_most(limit)]
    if required:
        validators = [InputRequired(required), NotBlank(required), *validators]
    return TextAreaField(
        label, description=description, filters=[strip], validators=validators, **kwargs
    )


def _when(label, required):
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMATS,
        validators=[InputRequired(required)],
        render_kw={"step": "60"},
    )


class ConsultationForm(Form):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a title.")),
            NotBlank(_l("Enter a title.")),
            at_most(200),
        ],
    )
    slug = StringField(
        _l("Web address"),
        description=_l(
            "The end of the page's address, like facial-recognition-rules. Leave it empty "
            "to make it from the title. It can't change after publishing."
        ),
        filters=[strip, _lower],
        validators=[Optional(), at_most(120)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    topic = SelectField(_l("Topic"), coerce=int, validate_choice=True)
    department = SelectField(_l("Responsible department"), coerce=int, validate_choice=True)
    official = SelectField(_l("Responsible official"), coerce=int, validate_choice=True)
    contact = StringField(
        _l("Contact"),
        description=_l("How people can reach the team: an email address or phone number."),
        filters=[strip],
        validators=[at_most(200)],
    )
    summary = _text(
        _l("Summary"),
        1000,
        required=_l("Write a short summary."),
        description=_l("Two or three sentences shown in lists and at the top of the page."),
    )
    easy_read_summary = _text(
        _l("Easy-read summary"),
        2000,
        description=_l(
            "Short sentences and everyday words, for people who find reading hard. "
            "Needed before publishing."
        ),
    )
    body = _text(
        _l("Full text"),
        50000,
        description=_l("Markdown: ## for headings, - for lists, [text](https://…) for links."),
        render_kw={"rows": "16"},
    )
    commitment = _text(
        _l("How people's input will be used"),
        3000,
        description=_l("What you promise to do with proposals and comments, and by when."),
    )
    opens_at = _when(_l("Opens at"), _l("Enter the date and time it opens."))
    closes_at = _when(_l("Closes at"), _l("Enter the date and time it closes."))
    support_threshold = IntegerField(
        _l("Supports needed for an official response"),
        validators=[
            InputRequired(_l("Enter a number of supports.")),
            NumberRange(1, 1_000_000, _l("Enter a number between 1 and 1,000,000.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    response_window_days = IntegerField(
        _l("Days to respond once a proposal reaches that number"),
        validators=[
            InputRequired(_l("Enter a number of days.")),
            NumberRange(1, 365, _l("Enter a number of days between 1 and 365.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    review_before_publishing = BooleanField(
        _l("Review before publishing"),
        description=_l(
            "New proposals and comments wait until a moderator has read them. Their authors "
            "see them marked as awaiting review."
        ),
    )
    lock_version = VersionField()

    def __init__(self, *args, topics=(), departments=(), officials=(), zone="UTC", **kwargs):
        super().__init__(*args, **kwargs)
        none = [(0, _l("Not set"))]
        self.topic.choices = [(t.id, topic_name(t)) for t in topics]
        self.department.choices = none + [(d.id, d.name) for d in departments]
        self.official.choices = none + [(u.id, u.display_name) for u in officials]
        for field in (self.opens_at, self.closes_at):
            field.description = _l("Day and time in the %(zone)s timezone.", zone=zone)

    def validate_slug(self, field):
        if field.data and (not SLUG_PATTERN.match(field.data) or field.data in RESERVED_SLUGS):
            raise ValidationError(
                _l("Use lower-case letters, numbers and single hyphens, like rules-for-cameras.")
            )

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be after the opening time."))


class CloseForm(Form):
    reason = TextAreaField(
        _l("Why are you closing it early?"),
        description=_l("Recorded in the audit log with your name."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why you are closing it now.")),
            NotBlank(_l("Say why you are closing it now.")),
            at_most(1000),
        ],
        render_kw={"rows": "4"},
    )


class TopicForm(Form):
    name = StringField(
        _l("Topic name"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a topic name.")),
            NotBlank(_l("Enter a topic name.")),
            at_most(120),
        ],
    )


def topic_form(prefix: str, **data) -> TopicForm:
    """The topic form with a field for the name in each other language (``name_es``…),
    like a consultation's translations: empty shows the original name there."""

    class LocalizedTopicForm(TopicForm):
        pass

    for code, language in translation_locales().items():
        field = StringField(
            _l("Name in %(language)s (optional)", language=language),
            filters=[strip],
            validators=[at_most(120)],
            render_kw={"lang": code, "dir": text_direction(code)},
        )
        setattr(LocalizedTopicForm, f"name_{code}", field)
    return LocalizedTopicForm(prefix=prefix, **data)


def topic_names_given(form: TopicForm) -> dict[str, str]:
    return {code: form[f"name_{code}"].data or "" for code in translation_locales()}


def consultation_values(form: ConsultationForm) -> dict:
    """The form's answers as model values: ids, UTC times, empty text for empty fields."""
    return {
        "title": form.title.data,
        "slug": form.slug.data or "",
        "topic_id": form.topic.data,
        "department_id": form.department.data or None,
        "official_id": form.official.data or None,
        "contact": form.contact.data or "",
        "summary": form.summary.data,
        "easy_read_summary": form.easy_read_summary.data or "",
        "body": form.body.data or "",
        "commitment": form.commitment.data or "",
        "opens_at": local_to_utc(form.opens_at.data),
        "closes_at": local_to_utc(form.closes_at.data),
        "support_threshold": form.support_threshold.data,
        "response_window_days": form.response_window_days.data,
        "review_before_publishing": bool(form.review_before_publishing.data),
    }


def fill_from(form: ConsultationForm, consultation) -> None:
    """Show a saved consultation in the form, times in the site's timezone."""
    for name in (
        "title",
        "slug",
        "contact",
        "summary",
        "easy_read_summary",
        "body",
        "commitment",
        "support_threshold",
        "response_window_days",
        "review_before_publishing",
    ):
        getattr(form, name).data = getattr(consultation, name)
    form.topic.data = consultation.topic_id
    form.lock_version.data = consultation.lock_version
    form.department.data = consultation.department_id or 0
    form.official.data = consultation.official_id or 0
    form.opens_at.data = utc_to_local(consultation.opens_at)
    form.closes_at.data = utc_to_local(consultation.closes_at)
