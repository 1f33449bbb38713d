from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db
from engage.permissions import ROLES

_ROLE_CHECK = "role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so that uniqueness ignores case on both engines.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on every password change (sessions themselves live in user_sessions).
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Officials belong to the public body they answer for.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    # Shown in the header on every page, so kept here (engage.notifications keeps it in step).
    unread_notices: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set by a moderator's suspension (engage.moderation): no taking part until then.
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Second factor (engage.two_factor): the TOTP secret, when it was set up, and the last
    # time step accepted, so a code works once.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None]

    # Loaded with the signed-in person's session (engage.accounts.sessions.load_user), and
    # by lists that show them; not with every author, official or moderator a page names
    # (a query of their own on most pages until issue 23).
    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="select"
    )

    # The sign-in session this object was loaded for (engage.accounts.sessions); its token
    # is what the session and remember-me cookies carry, so ending the row ends both.
    login_session = None
    _session_token = ""

    def attach_session(self, row, token: str) -> None:
        self.login_session = row
        self._session_token = token

    def get_id(self) -> str:
        if not self._session_token:
            # login_user() without a session would write a cookie that names none.
            raise RuntimeError(
                "no sign-in session: call engage.accounts.service.sign_in(user) "
                "before login_user(user)"
            )
        return f"{self.id}:{self._session_token}"

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(_ROLE_CHECK, name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()
