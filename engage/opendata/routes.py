"""The download page and the downloads: site-wide, and per consultation."""

from __future__ import annotations

from flask import Response, abort, current_app, stream_with_context, url_for

from engage.consultations import queries as consultation_queries
from engage.consultations.models import Consultation
from engage.extensions import limiter
from engage.htmx import render
from engage.opendata import SCHEMA_VERSION, bp, formats, registry
from engage.opendata.fields import Dataset
from engage.opendata.schema import schema_text


def _dataset(name: str, fmt: str | None = None) -> Dataset:
    dataset = registry.get(name)
    if dataset is None or (fmt is not None and fmt not in formats.FORMATS):
        abort(404)
    return dataset


def _public_consultation(slug: str) -> Consultation:
    """Open data is the public record: a draft has none, whoever asks."""
    consultation = consultation_queries.by_slug(slug)
    if consultation is None or not consultation.is_published:
        abort(404)
    return consultation


def _stream(dataset: Dataset, fmt: str, filename: str, consultation_id: int | None = None):
    body = stream_with_context(formats.chunks(dataset, fmt, consultation_id))
    response = Response(body, mimetype=formats.MEDIA_TYPES[fmt].split(";")[0])
    if fmt == "csv":
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/open-data")
def index():
    """Every dataset, site-wide, in both formats."""
    return render(
        "opendata/index.html",
        datasets=registry.all_datasets(),
        schema_version=SCHEMA_VERSION,
        consultation=None,
    )


# Per address: a whole-site file reads every row of a table, so a loop asking for them
# again and again would keep the database busy. The budget is shared by every dataset
# and format; per-consultation files and the API have their own.
@bp.get("/open-data/<name>.<fmt>")
@limiter.limit(lambda: current_app.config["RATELIMIT_OPEN_DATA"])
def download(name: str, fmt: str):
    dataset = _dataset(name, fmt)
    return _stream(dataset, fmt, f"engage-{dataset.name}")


@bp.get("/open-data/schemas/<name>.schema.json")
def dataset_schema(name: str):
    response = current_app.response_class(schema_text(_dataset(name)), mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/consultations/<slug>/open-data")
def consultation_index(slug: str):
    consultation = _public_consultation(slug)
    datasets = [d for d in registry.all_datasets() if d.per_consultation]
    return render(
        "opendata/index.html",
        datasets=datasets,
        schema_version=SCHEMA_VERSION,
        consultation=consultation,
    )


@bp.get("/consultations/<slug>/open-data/<name>.<fmt>")
def consultation_download(slug: str, name: str, fmt: str):
    consultation = _public_consultation(slug)
    dataset = _dataset(name, fmt)
    if not dataset.per_consultation:
        abort(404)
    return _stream(dataset, fmt, f"engage-{consultation.slug}-{dataset.name}", consultation.id)


def download_url(dataset: Dataset, fmt: str, consultation: Consultation | None) -> str:
    if consultation is None:
        return url_for("opendata.download", name=dataset.name, fmt=fmt)
    return url_for(
        "opendata.consultation_download", slug=consultation.slug, name=dataset.name, fmt=fmt
    )


@bp.app_template_global()
def open_data_url(dataset: Dataset, fmt: str, consultation: Consultation | None = None) -> str:
    return download_url(dataset, fmt, consultation)
