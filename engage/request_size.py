"""How much a request may send: MAX_CONTENT_LENGTH for every route, more only for the
routes marked with ``accepts_uploads`` (the CSV import).

Werkzeug refuses a body over the limit with 413 before reading it, so a 20 MB form field
costs nothing: the CSRF check, the first thing to read the form, gets the 413.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

from engage.params import EngageRequest

UPLOAD_LIMIT = "_engage_accepts_uploads"


def accepts_uploads(view: Callable) -> Callable:
    """Let this view's requests be as large as MAX_UPLOAD_LENGTH (a file upload)."""
    setattr(view, UPLOAD_LIMIT, True)
    return view


class Request(EngageRequest):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return None
        view = current_app.view_functions.get(self.endpoint or "")
        if getattr(view, UPLOAD_LIMIT, False):
            return current_app.config["MAX_UPLOAD_LENGTH"]
        return current_app.config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        """An upload view may also take its file back as a form field (the CSV import's
        check page carries the file, base64-encoded, so it need not be chosen again)."""
        if self._max_form_memory_size is not None:
            return self._max_form_memory_size
        if current_app and getattr(
            current_app.view_functions.get(self.endpoint or ""), UPLOAD_LIMIT, False
        ):
            return current_app.config["MAX_UPLOAD_LENGTH"]
        return super().max_form_memory_size

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value


def init_app(app: Flask) -> None:
    app.request_class = Request
