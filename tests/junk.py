"""The junk-input sweep's parts: junk values, a request that records what a route reads,
the forms on a page, and requests whose server errors are written down (security finding 5)."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from flask import url_for
from werkzeug.routing.converters import AnyConverter, NumberConverter

import engage
from engage.extensions import db
from tests.factories import login, token_for
from tests.test_access import LOGIN

_random = random.Random(15)
LONG = "".join(_random.choices(string.ascii_letters + string.digits + " ", k=10_240))


@dataclass(frozen=True)
class Junk:
    name: str
    raw: bytes  # as it goes in a form body or an uploaded file, invalid UTF-8 and all
    inside: bool = False  # in a form, put it inside the field's sensible value

    @property
    def escaped(self) -> str:
        """As it goes in a URL, a path segment or a query value."""
        return quote(self.raw, safe="")

    def in_field(self, value: str) -> bytes:
        """The junk for a form field: inside its value, so that only the junk is wrong."""
        if not self.inside or not value:
            return self.raw
        middle = len(value) // 2
        return value[:middle].encode() + self.raw + value[middle:].encode()


JUNK = (
    Junk("huge", b"99999999999999999999999"),  # past SQLite's 64-bit integers
    Junk("past-int4", b"3000000000"),  # past PostgreSQL's integer
    Junk("negative", b"-1"),
    Junk("nul", b"\x00", inside=True),
    Junk("bad-utf8", b"\xc0\x80\xff", inside=True),  # an overlong NUL, and a byte UTF-8 lacks
    Junk("10kb", LONG.encode()),
)
PATH_MARKER_INT = 1_987_654_321
PATH_MARKER_TEXT = "junk-path-marker"
ROLES = ("anonymous", "resident", "admin")
REFUSED = (LOGIN, 403)

# --- what the app reads ---------------------------------------------------------------

_READS = re.compile(
    r"""(?:args|values|form|files)\.get(?:list)?\(\s*["']([A-Za-z_][\w-]*)["']"""
    r"""|(?:arg_int|_number|_param)\(\s*["']([A-Za-z_]\w*)["']"""
)


def names_read_in_source() -> list[str]:
    """Every request argument name written in the app's code."""
    found = set()
    for path in Path(engage.__file__).parent.rglob("*.py"):
        for match in _READS.finditer(path.read_text()):
            found.add(match.group(1) or match.group(2))
    return sorted(found)


class _Recorder:
    """Names a request asked its query arguments, form or files for, present or not."""

    names: set[str] = set()


def recording(request_class: type) -> type:
    """The app's own request class, whose arguments and form also note each name asked
    for: the sweep learns what a route reads without a list kept by hand."""

    class RecordingMultiDict(request_class.parameter_storage_class):
        def _seen(self, key):
            if isinstance(key, str):
                _Recorder.names.add(key)
            return key

        def __contains__(self, key):
            return super().__contains__(self._seen(key))

        def __getitem__(self, key):
            return super().__getitem__(self._seen(key))

        def get(self, key, default=None, type=None):  # noqa: A002 - MultiDict's signature
            return super().get(self._seen(key), default, type)

        def getlist(self, key, type=None):  # noqa: A002
            return super().getlist(self._seen(key), type)

    return type(
        "RecordingRequest", (request_class,), {"parameter_storage_class": RecordingMultiDict}
    )


# --- forms on pages -------------------------------------------------------------------


@dataclass
class FormSeen:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    kinds: dict[str, str] = field(default_factory=dict)

    def filled(self) -> dict[str, str]:
        """The form's values, with empty fields filled in as a person might, so that the
        junk in one field is what the route has to deal with."""
        return {
            name: value if value.strip() else _plausible(self.kinds.get(name, "hidden"), value)
            for name, value in self.fields.items()
        }


PLAUSIBLE = {
    "email": "sweep@example.org",
    "password": "a sweep password, long enough",
    "date": "2030-01-15",
    "datetime-local": "2030-01-15T12:00",
    "number": "3",
    "text": "A plain title, long enough",
    "search": "sensors",
    "textarea": "A plain sentence, long enough for any minimum length a text has here.",
}


def _plausible(kind: str, value: str) -> str:
    return PLAUSIBLE.get(kind, value)


class _Forms(HTMLParser):
    """The POST forms of a page, each with its fields' names and first values."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FormSeen] = []
        self._form: FormSeen | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = FormSeen(urlsplit(a.get("action") or self.page_url).path)
                self.forms.append(self._form)
            return
        if tag == "option" and self._form is not None and self._select:
            if self._select not in self._form.fields or "selected" in a:
                self._form.fields[self._select] = a.get("value", "")
            return
        name = a.get("name")
        if self._form is None or not name:
            return
        fields = self._form.fields
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.add(name)
            elif kind in ("checkbox", "radio"):
                if name not in fields or "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                fields.setdefault(name, a.get("value", ""))
                self._form.kinds.setdefault(name, kind)
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, "")
            self._form.kinds.setdefault(name, "textarea")
        elif tag == "select":
            self._select = name
        elif tag == "button" and a.get("value") is not None:
            fields.setdefault(name, a["value"])

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[FormSeen]:
    parser = _Forms(page_url)
    parser.feed(html)
    return parser.forms


# --- requests -------------------------------------------------------------------------


@dataclass
class Sweep:
    app: Any
    endpoint: str
    failures: list[str] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)  # roles the route didn't refuse
    requests: int = 0

    def send(self, client, role: str, method: str, url: str, what: str = "", **kwargs):
        """One request; a 5xx or an error escaping the app is written down, not raised."""
        self.requests += 1
        request = f"{role} {method} {url[:200]}{' with ' + what if what else ''}"
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - the app let it escape: that's the finding
            db.session.rollback()
            self.failures.append(f"{request} -> {error!r}"[:600])
            return None
        try:
            response.get_data()  # a streamed body (CSV) runs its query only now
        except Exception as error:  # noqa: BLE001
            db.session.rollback()
            self.failures.append(f"{request} -> {error!r} in the body"[:600])
        finally:
            response.close()
        if response.status_code >= 500:
            self.failures.append(f"{request} -> {response.status_code}")
        return response


def client_for(app, user):
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


def searcher(roles: list[str], expected: dict[str, Any]) -> str:
    """Who looks for the route's form on the pages: the last of the roles it is for."""
    allowed = [r for r in roles if expected[r] not in (*REFUSED, 302)]
    return (allowed or roles)[-1]


def sweep_roles(expected: dict[str, Any]) -> list[str]:
    """Anonymous, a resident and an admin; and the staff role the route is for, if it is
    for none of those."""
    roles = list(ROLES)
    if all(expected[r] in REFUSED for r in ("resident", "admin")):
        roles += [r for r in ("moderator", "official") if expected[r] not in REFUSED][:1]
    return roles


def path_variants(app, endpoint: str, args: dict, numbers: bool) -> list[str]:
    """The route's URL with each path argument in turn replaced by each junk value: its
    numbers (refused by the URL map before any view runs) or its words."""
    rule = next(r for r in app.url_map.iter_rules(endpoint))
    variants = []
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            continue  # a fixed list of words: anything else matches no route
        number = isinstance(converter, NumberConverter)
        if number != numbers:
            continue
        marker = PATH_MARKER_INT if number else PATH_MARKER_TEXT
        with app.test_request_context():
            template = url_for(endpoint, **{**args, name: marker})
        for junk in JUNK:
            variants.append(template.replace(str(marker), junk.escaped, 1))
    return variants


def build_url(app, endpoint: str, args: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **args)


def with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def send_recording(sweep: Sweep, client, role: str, method: str, url: str, **kwargs) -> set:
    """Send a plain request; the names it asked for, and whether the role got past the
    route's sign-in and permission checks."""
    _Recorder.names = set()
    response = sweep.send(client, role, method, url, **kwargs)
    refused = response is not None and (
        response.status_code == 403
        or response.headers.get("Location", "").startswith("/account/login?next=")
    )
    if response is not None and not refused:
        sweep.reached.add(role)
    return set(_Recorder.names)


def csrf_token(client) -> str:

    return token_for(client)


def form_body(values: dict[str, str], junk_field: str | None = None, junk: Junk | None = None):
    """A urlencoded body; the junk goes in as raw bytes, invalid UTF-8 and all."""
    pairs = [(k.encode(), v.encode()) for k, v in values.items() if k != junk_field]
    if junk_field is not None and junk is not None:
        pairs.append((junk_field.encode(), junk.in_field(values.get(junk_field, ""))))
    return urlencode(pairs).encode()


def post_endpoint(app, path: str) -> str | None:
    from werkzeug.exceptions import HTTPException

    try:
        endpoint, _args = app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        return None
    return endpoint


def world_args(factories) -> dict[str, Any]:
    """Ids of a small open consultation: a draft, a proposal, a comment, an amendment,
    for routes whose own row builds no page that shows their form."""
    amendment = factories.amendment()
    consultation = amendment.clause.draft.consultation
    proposal = factories.proposal(consultation)
    comment = factories.comment(on=proposal)
    return {
        "slug": consultation.slug,
        "proposal_id": proposal.id,
        "comment_id": comment.id,
        "amendment_id": amendment.id,
        "number": amendment.clause.number,
    }


def form_pages(app, endpoint: str, args: dict[str, Any]) -> list[str]:
    """GET pages buildable from these arguments, the route's own URL first."""
    urls = []
    for rule in app.url_map.iter_rules():
        own = rule.endpoint == endpoint
        if "GET" not in rule.methods or not rule.arguments <= set(args):
            continue
        if not (own or rule.arguments) or rule.endpoint.startswith(("static", "opendata.", "api.")):
            continue
        url = build_url(app, rule.endpoint, {k: args[k] for k in rule.arguments})
        urls.insert(0, url) if own else urls.append(url)
    return urls


def find_form(app, client, endpoint: str, pages: list[str]) -> tuple[FormSeen | None, str]:
    """The first form for this endpoint on these pages, and the page it is on."""
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        for form in forms_on(response.get_data(as_text=True), page):
            if post_endpoint(app, form.action) == endpoint:
                return form, page
    return None, ""


FORM = "application/x-www-form-urlencoded"
SOURCE_NAMES = names_read_in_source()
