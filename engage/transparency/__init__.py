"""The public record's pages: what is logged and signed, how to check it, a receipt
check that works without JavaScript, and a resident's own contributions with receipts."""

from flask import Blueprint

bp = Blueprint("transparency", __name__)
