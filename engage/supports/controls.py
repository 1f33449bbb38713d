"""The support button, the same for everything that can be supported: the route's steps
(check the form and the rule, change, answer htmx with the region or a plain post with a
redirect) and what the page region (templates/supports/) shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user, login_required

from engage.extensions import per_person_limit
from engage.forms import ActionForm
from engage.htmx import wants_fragment
from engage.supports import service
from engage.supports.models import SupportMixin


@dataclass(frozen=True)
class Supportable:
    """How one kind of thing is supported, and the words its page uses for it.

    Its routes follow one pattern: ``<blueprint>.view_<kind>``, ``.support_<kind>`` and
    ``.unsupport_<kind>`` (see ``add_routes``), each taking ``<kind>_id``.
    """

    kind: str
    blueprint: str
    table: type[SupportMixin]
    # Why this person can't support or take support back now (None: they can): the same
    # rule the page names with why_not() to show the button or the reason.
    refusal: Callable[[Any, Any], str | None]
    support: Callable[[Any, Any], bool]
    unsupport: Callable[[Any, Any], bool]
    # Whether it takes supports at all now: only then is a visitor invited to sign in.
    is_open: Callable[[Any], bool]
    # The page: page(target, status=…, message=…), full or its support region for htmx.
    page: Callable[..., Any]
    # Lazy-translated words: "You support this …", "You no longer support this …",
    # "Support this …", "Sign in to support this …".
    supported_text: Any
    unsupported_text: Any
    button_text: Any
    sign_in_text: Any
    # A template shown under the count (a proposal's threshold), or None.
    extra: str | None = None

    def url(self, verb: str, target: Any, **options) -> str:
        endpoint = f"{self.blueprint}.{verb}_{self.kind}"
        return url_for(endpoint, **{f"{self.kind}_id": target.id}, **options)

    def region(self, target: Any, message: str | None = None) -> Region:
        return Region(
            self,
            target,
            supported=service.has_supported(current_user, target, self.table),
            message=message,
        )

    def add_routes(self, bp: Blueprint, rule: str, load: Callable[[int], Any]) -> None:
        """POST ``<rule>/support`` and ``<rule>/unsupport`` (endpoints ``support_<kind>`` and
        ``unsupport_<kind>``) for signed-in people; ``load`` finds the thing by its id, or
        aborts. Per person, not per address, the two share one budget of clicks."""
        clicks = per_person_limit("RATELIMIT_SUPPORT", f"{self.kind}-support")
        for verb in ("support", "unsupport"):
            view = login_required(clicks(self._view(verb, load, bp.import_name)))
            bp.add_url_rule(f"{rule}/{verb}", view.__name__, view, methods=["POST"])

    def _view(self, verb: str, load: Callable[[int], Any], module: str) -> Callable:
        adding = verb == "support"

        def view(**args):
            return self.change(load(args[f"{self.kind}_id"]), adding)

        # Named as the endpoint: the rate limiter tells views apart by name.
        view.__name__ = view.__qualname__ = f"{verb}_{self.kind}"
        view.__module__ = module
        return view

    def change(self, target: Any, adding: bool):
        """A click on the button. htmx gets the support region back; a plain form post goes
        back to the page's support region."""
        if not ActionForm().validate_on_submit():
            abort(400)
        refusal = self.refusal(current_user, target)
        if refusal:
            return self.page(target, status=403, message=refusal)
        (self.support if adding else self.unsupport)(current_user, target)
        if wants_fragment():
            done = self.supported_text if adding else self.unsupported_text
            return self.page(target, message=str(done))
        return redirect(self.url("view", target, _anchor="support"), 303)


@dataclass(frozen=True)
class Region:
    """What templates/supports/ read, as ``support``."""

    of: Supportable
    target: Any
    supported: bool
    message: str | None

    @property
    def count(self) -> int:
        return self.target.support_count

    @property
    def action_url(self) -> str:
        return self.of.url("unsupport" if self.supported else "support", self.target)

    @property
    def sign_in_url(self) -> str | None:
        """For a visitor, while signing in would let them support it."""
        if current_user.is_authenticated or not self.of.is_open(self.target):
            return None
        return url_for("accounts.login", next=self.of.url("view", self.target))
