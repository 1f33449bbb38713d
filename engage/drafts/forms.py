"""Forms for officials' drafting: import, clause text, new clause, publish."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from engage.concurrency import VersionField
from engage.forms import Form, NotBlank, at_most, strip

TITLE_MAX = 200
CLAUSE_MAX = 5000
DOCUMENT_MAX = 200_000
NOTE_MAX = 1000


class ImportForm(Form):
    title = StringField(
        _l("Title of the draft"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a title.")),
            NotBlank(_l("Enter a title.")),
            at_most(TITLE_MAX),
        ],
    )
    markdown = TextAreaField(
        _l("The draft, in Markdown"),
        description=_l(
            "Each heading (a line starting with #) becomes a section; each paragraph after "
            "it becomes a numbered clause. Separate paragraphs with an empty line."
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Paste the text of the draft.")),
            NotBlank(_l("Paste the text of the draft.")),
            at_most(DOCUMENT_MAX),
        ],
    )


class ClauseForm(Form):
    text = TextAreaField(
        _l("Text"),
        description=_l("Markdown works: - for lists, **bold**, [text](https://…) for links."),
        filters=[strip],
        validators=[
            InputRequired(_l("Write the text.")),
            NotBlank(_l("Write the text.")),
            at_most(CLAUSE_MAX),
        ],
    )


class ClauseEditForm(ClauseForm):
    lock_version = VersionField()


class NewClauseForm(ClauseForm):
    kind = RadioField(
        _l("Kind"),
        default="clause",
        validators=[InputRequired(_l("Choose clause or section heading."))],
    )
    after = HiddenField(validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not in the field: WTForms 3.3 deprecates tuple choices given to a field.
        self.kind.choices = [("clause", _l("Clause")), ("section", _l("Section heading"))]


class PublishForm(Form):
    note = TextAreaField(
        _l("What changed (shown with the version)"),
        filters=[strip],
        validators=[
            InputRequired(_l("Say in a few words what changed.")),
            NotBlank(_l("Say in a few words what changed.")),
            at_most(NOTE_MAX),
        ],
    )
