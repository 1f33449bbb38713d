"""The receipt check: paste the receipt, or choose the file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from engage.forms import Form, at_most
from engage.ledger.receipts import MAX_RECEIPT_BYTES

RECEIPT_MAX = 100_000  # characters pasted; a receipt is a few kilobytes


class VerifyForm(Form):
    receipt = TextAreaField(
        _l("Paste the receipt"),
        description=_l("The whole text of the receipt file, from { to }."),
        validators=[at_most(RECEIPT_MAX)],
    )
    file = FileField(
        _l("Or choose the receipt file"),
        description=_l("The .json file you downloaded."),
        render_kw={"accept": ".json,application/json"},
    )

    def validate_receipt(self, field):
        if not (field.data or "").strip() and not self.file.data:
            raise ValidationError(_l("Paste a receipt or choose its file."))

    def receipt_text(self) -> str | bytes:
        """The file when one was chosen (at most MAX_RECEIPT_BYTES + 1 read), else the text."""
        if self.file.data:
            return self.file.data.read(MAX_RECEIPT_BYTES + 1)
        return self.receipt.data or ""
