"""A bare Flask route for comparison (issue 23): one page of about 10 KB rendered from a
Jinja template, nothing else (no sessions, no database, no hooks). benchmarks/run.py
serves it with gunicorn the same way as Engage and measures it in the same run as
Engage's ``/_ceiling``, so the two show what Engage's own per-request work costs.
"""

from __future__ import annotations

from flask import Flask, render_template_string

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{% for n in range(rows) %}<p class="row">Paragraph {{ n }}: {{ text }}</p>
{% endfor %}</main></body></html>"""
TEXT = "A bare page of about ten kilobytes, rendered by Jinja on every request."


@app.get("/_bare")
def bare() -> str:
    return render_template_string(PAGE, title="Bare", rows=95, text=TEXT)


@app.get("/healthz")
def healthz() -> str:
    return "ok"
