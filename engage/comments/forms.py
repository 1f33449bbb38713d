from __future__ import annotations

from flask import request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length

from engage.comments.models import Stance
from engage.forms import Form, NotBlank, strip

MAX_LENGTH = 5000
NO_STANCE = ""

STANCE_LABELS = {
    Stance.IN_FAVOUR: _l("In favour"),
    Stance.AGAINST: _l("Against"),
    Stance.NEUTRAL: _l("Neutral"),
}


def _normalise(value):
    """Browsers send line breaks as CRLF; count and store them as one character."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")
    return strip(value)


class CommentForm(Form):
    body = TextAreaField(
        _l("Your comment"),
        filters=[_normalise],
        validators=[
            NotBlank(_l("Write your comment before posting it.")),
            Length(
                max=MAX_LENGTH,
                message=_l("Your comment is too long: keep it to 5,000 characters or fewer."),
            ),
        ],
        description=_l(
            "Up to 5,000 characters. You can use Markdown: **bold**, *italic*, lists and links."
        ),
    )
    stance = RadioField(_l("Your view on this proposal"), default=NO_STANCE)

    def __init__(
        self,
        *args,
        takes_stance: bool = False,
        id_prefix: str = "comment-",
        body_label: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.takes_stance = takes_stance
        # Several of these forms can share a page (new comment, replies, edits): unique ids.
        for f in self:
            f.id = f"{id_prefix}{f.name}"
            f.label.field_id = f.id
        if body_label:
            self.body.label.text = body_label
        if not takes_stance:
            del self.stance
            return
        # Set here, not in the field: WTForms 3.3 deprecates tuple choices given to a field.
        self.stance.choices = [*STANCE_LABELS.items(), (NO_STANCE, _l("No stance"))]
        if self.stance.data is None:
            self.stance.data = NO_STANCE

    @property
    def stance_value(self) -> str | None:
        return (self.stance.data or None) if self.takes_stance else None


class VoteForm(Form):
    value = StringField(validators=[AnyOf(["up", "down"])])


def reply_form(parent, **kwargs) -> CommentForm:
    """Replies take no stance: the stance belongs to a top-level comment on a proposal."""
    name = gettext("a deleted comment") if parent.is_deleted else parent.author.display_name
    label = gettext("Your reply to %(name)s", name=name)
    return CommentForm(id_prefix=f"reply-{parent.id}-", body_label=label, **kwargs)


def edit_form(comment, takes_stance: bool, **kwargs) -> CommentForm:
    """Filled from the comment when first shown; a POST counts only what was sent."""
    obj = comment if request.method != "POST" else None
    return CommentForm(
        obj=obj,
        takes_stance=takes_stance,
        id_prefix=f"edit-{comment.id}-",
        body_label=gettext("Your comment"),
        **kwargs,
    )
