"""Every moderation page on ``bp``, one routes module per subpackage. Importing this
module attaches them all."""

from engage.moderation import bp
from engage.moderation.appeals import routes as appeals  # noqa: F401
from engage.moderation.decisions import routes as decisions  # noqa: F401
from engage.moderation.public_log import routes as public_log  # noqa: F401
from engage.moderation.queue import routes as queue  # noqa: F401
from engage.moderation.reports import routes as reports  # noqa: F401

__all__ = ["bp"]
