"""Reference datasets: the topics, and the consultations themselves."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.consultations.models import Consultation, ConsultationStatus, Topic
from engage.opendata.core import keyset_source, published, with_person
from engage.opendata.fields import (
    DATETIME,
    INTEGER,
    STRING,
    Dataset,
    Field,
    person,
    public_name,
    through,
)

# Topics -------------------------------------------------------------------------------


TOPICS = Dataset(
    name="topics",
    title=_l("Topics"),
    summary=_l("The policy areas consultations belong to."),
    fields=(
        Field("id", INTEGER, "Topic id."),
        Field("slug", STRING, "Short name used in addresses."),
        Field("name", STRING, "Name shown on the site (in English)."),
        Field("position", INTEGER, "Order on the site, lowest first."),
    ),
    source=keyset_source(lambda: select(Topic), Topic.id, None),
    per_consultation=False,
)


# Consultations ------------------------------------------------------------------------


def _consultations():
    return select(Consultation).where(published()).options(with_person(Consultation.official))


CONSULTATIONS = Dataset(
    name="consultations",
    title=_l("Consultations"),
    summary=_l("Each published consultation: its question, dates, commitment and counts."),
    fields=(
        Field("id", INTEGER, "Consultation id."),
        Field("slug", STRING, "Short name used in its address."),
        Field("title", STRING, "Title."),
        Field(
            "status", STRING, "Where it stands when exported.", enum=tuple(ConsultationStatus)[1:]
        ),
        Field("topic", STRING, "Slug of its topic (see topics).", value=lambda c: c.topic.slug),
        Field(
            "department",
            STRING,
            "Public body responsible.",
            nullable=True,
            value=through("department.name"),
        ),
        person("official_id", "Pseudonymous id of the official in charge.", nullable=True),
        public_name("official_name", "Public name of that official.", "official"),
        Field("summary", STRING, "Summary (Markdown)."),
        Field("easy_read_summary", STRING, "Easy-read summary (Markdown); may be empty."),
        Field("body", STRING, "Background (Markdown); may be empty."),
        Field("commitment", STRING, "What the public body promised to do with the input."),
        Field("opens_at", DATETIME, "When it opens for input (UTC)."),
        Field("closes_at", DATETIME, "When it closes (UTC)."),
        Field("published_at", DATETIME, "When it was published (UTC)."),
        Field("outcome_published_at", DATETIME, "When its outcome was published.", nullable=True),
        Field("support_threshold", INTEGER, "Supports that oblige an official answer."),
        Field("response_window_days", INTEGER, "Days officials have to answer."),
        Field("proposal_count", INTEGER, "Proposals, as the consultation page counts them."),
        Field("comment_count", INTEGER, "Comments on the consultation itself, as its page counts."),
        Field(
            "url",
            STRING,
            "Its page.",
            value=lambda c: url_for("consultations.view_consultation", slug=c.slug, _external=True),
        ),
    ),
    source=keyset_source(_consultations, Consultation.id, Consultation.id),
)


REFERENCE = (TOPICS, CONSULTATIONS)
