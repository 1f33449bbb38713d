from __future__ import annotations

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from engage.forms import Form
from engage.notifications import kinds


def settings_form(current: dict[str, str]) -> Form:
    """One radio group per kind of event, filled with the person's choices."""

    class EmailSettingsForm(Form):
        pass

    for group, (label, _default) in kinds.GROUPS.items():
        field = RadioField(
            label,
            choices=[SelectChoice(f, kinds.frequency_label(f)) for f in kinds.Frequency],
            default=current[group],
        )
        setattr(EmailSettingsForm, group, field)
    return EmailSettingsForm()
