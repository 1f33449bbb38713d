"""Every survey page on ``bp``: answering, the officials' editor and translations.
Importing this package attaches them all."""

from engage.surveys import bp
from engage.surveys.routes import answering, editor, paper, results, translating  # noqa: F401

__all__ = ["bp"]
