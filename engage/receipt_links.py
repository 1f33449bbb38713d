"""After a submission, the link to its receipt in the public record (issue 19): "after
each submission, the resident can download a receipt". The receipt page (engage.transparency)
says when the next signed head is due if none includes the entry yet.

Features name the receipt page by its endpoint only, so none of them imports the public
record."""

from __future__ import annotations

from flask import flash, url_for
from flask_babel import gettext as _
from markupsafe import Markup


def receipt_url(kind: str, item_id: int) -> str:
    return url_for("transparency.receipt", kind=kind, item_id=item_id)


def receipt_link(kind: str, item_id: int) -> Markup:
    return Markup('<a href="{}">{}</a>').format(receipt_url(kind, item_id), _("Get your receipt"))


def flash_with_receipt(message: str, kind: str, item_id: int) -> None:
    """A success message followed by the link to the submission's receipt."""
    flash(Markup("{} {}").format(message, receipt_link(kind, item_id)), "success")
