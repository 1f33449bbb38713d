"""Forms for proposing, withdrawing and deciding amendments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from engage.amendments.models import AmendmentKind
from engage.forms import Form, NotBlank, at_most, strip

TEXT_MAX = 5000
RATIONALE_MAX = 3000
REASON_MAX = 2000


class AmendmentForm(Form):
    kind = RadioField(
        _l("What do you propose?"),
        choices=[
            SelectChoice(AmendmentKind.REPLACE, _l("Replace the clause's text with mine")),
            SelectChoice(AmendmentKind.INSERT_AFTER, _l("Insert a new clause after it")),
            SelectChoice(AmendmentKind.DELETE, _l("Delete the clause")),
        ],
        default=AmendmentKind.REPLACE,
        validators=[InputRequired(_l("Choose what you propose."))],
    )
    text = TextAreaField(
        _l("Your wording"),
        description=_l(
            "The whole new text of the clause, or of the new clause. Leave it empty to delete. "
            "At most %(max)d characters.",
            max=TEXT_MAX,
        ),
        filters=[strip],
        validators=[at_most(TEXT_MAX)],
        render_kw={"rows": "8"},
    )
    rationale = TextAreaField(
        _l("Why?"),
        description=_l(
            "Explain what the change achieves. Shown with your amendment. At most %(max)d "
            "characters. Markdown works.",
            max=RATIONALE_MAX,
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why you propose this.")),
            NotBlank(_l("Say why you propose this.")),
            at_most(RATIONALE_MAX),
        ],
        render_kw={"rows": "6"},
    )

    def __init__(self, *args, current_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_text = current_text

    def validate_text(self, field):
        if self.kind.data == AmendmentKind.DELETE:
            return
        if not field.data:
            raise ValidationError(_l("Write the wording you propose."))
        if self.kind.data == AmendmentKind.REPLACE and field.data == self.current_text.strip():
            raise ValidationError(_l("This is the clause's current text: change some words."))


class AcceptForm(Form):
    text = TextAreaField(
        _l("Text to publish"),
        description=_l(
            "Starts as the amendment's wording. Change it to merge it with the current text."
        ),
        filters=[strip],
        validators=[at_most(TEXT_MAX)],
        render_kw={"rows": "8"},
    )
    confirm = BooleanField(
        _l("I compared this with the current text, and this is the text to publish.")
    )
    note = TextAreaField(
        _l("Note for the new version (optional)"),
        description=_l("Shown with the version and on the amendment."),
        filters=[strip],
        validators=[at_most(REASON_MAX)],
        render_kw={"rows": "3"},
    )


class RejectForm(Form):
    reason = TextAreaField(
        _l("Why is it rejected?"),
        description=_l("Required. Shown publicly on the amendment."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why it is rejected.")),
            NotBlank(_l("Say why it is rejected.")),
            at_most(REASON_MAX),
        ],
        render_kw={"rows": "4"},
    )
