"""Every outcome page on ``bp``: answers and the outcome report, and the implementation
tracker with the accountability dashboard. Importing this package attaches them all."""

from engage.outcomes import bp
from engage.outcomes.routes import outcomes, tracker  # noqa: F401

__all__ = ["bp"]
