from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from engage.accounts.passwords import MAX_LENGTH, password_problem
from engage.forms import Form, at_most, strip


def _email_field():
    return EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter your email address.")),
            at_most(254),
            Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _display_name_field():
    return StringField(
        _l("Public name"),
        description=_l(
            "Shown next to what you write. You can use a pseudonym instead of your real name."
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a public name.")),
            Length(min=2, max=60, message=_l("Use between 2 and 60 characters.")),
        ],
        render_kw={"autocomplete": "nickname"},
    )


def _new_password_field(label):
    return PasswordField(
        label,
        description=_l("At least 10 characters. Avoid common passwords."),
        validators=[InputRequired(_l("Enter a password.")), at_most(MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )


class NewPasswordMixin:
    def validate_password(self, field):
        email = getattr(self, "email", None)
        name = getattr(self, "display_name", None)
        problem = password_problem(
            field.data or "",
            email=email.data if email else self._account_email(),
            display_name=name.data if name else "",
        )
        if problem:
            raise ValidationError(problem)

    def _account_email(self) -> str:
        return getattr(self, "account_email", "") or ""


class RegisterForm(NewPasswordMixin, Form):
    email = _email_field()
    display_name = _display_name_field()
    password = _new_password_field(_l("Password"))


class LoginForm(Form):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(Form):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, Form):
    password = _new_password_field(_l("New password"))


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field(_l("New password"))


class ProfileForm(Form):
    display_name = _display_name_field()
    locale = SelectField(_l("Language"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = list(current_app.config["LANGUAGES"].items())
