"""Every consultation page on ``bp``: the consultations themselves, their topics editor and
their translations. Importing this package attaches them all."""

from engage.consultations import bp
from engage.consultations.routes import consultations, topics, translations  # noqa: F401

__all__ = ["bp"]
