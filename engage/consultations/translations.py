"""A consultation's texts in the reader's language, or the original with a note saying so.

Officials write consultations in the site's default language (the original) and may add
translations. Pages get a ``LocalizedConsultation``: the consultation as before, with its
texts in the reader's language where a translation has them, and ``lang_attr(name)`` for
the texts shown in the original, so screen readers pronounce them in the right language.
Lists load the translations of every consultation shown in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app, g
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from engage.audit.service import record
from engage.consultations.models import (
    Consultation,
    ConsultationTranslation,
    Topic,
    TopicTranslation,
)
from engage.extensions import db

TRANSLATED_FIELDS = ("title", "summary", "easy_read_summary", "body", "commitment")


def original_locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translation_locales() -> dict[str, str]:
    """The languages a consultation can be translated into, by code, with their own names."""
    original = original_locale()
    return {
        code: name for code, name in current_app.config["LANGUAGES"].items() if code != original
    }


class LocalizedConsultation:
    """The consultation, with its texts in the reader's language where translated."""

    def __init__(
        self, consultation: Consultation, translation: ConsultationTranslation | None, locale: str
    ) -> None:
        self._consultation = consultation
        self._translation = translation
        self.locale = locale
        self.original_locale = original_locale()

    def __getattr__(self, name: str) -> Any:
        if name in TRANSLATED_FIELDS:
            translated = getattr(self._translation, name, "") if self._translation else ""
            return translated or getattr(self._consultation, name)
        return getattr(self._consultation, name)

    @property
    def consultation(self) -> Consultation:
        return self._consultation

    @property
    def needs_translation(self) -> bool:
        return self.locale != self.original_locale

    def in_original(self, name: str) -> bool:
        """True when this text is shown in the original language, not the reader's."""
        if not self.needs_translation:
            return False
        return not (self._translation and getattr(self._translation, name))

    @property
    def untranslated(self) -> bool:
        """Nothing is translated: the whole page is in the original language."""
        return self.needs_translation and all(self.in_original(n) for n in TRANSLATED_FIELDS)

    @property
    def partly_translated(self) -> bool:
        present = [n for n in TRANSLATED_FIELDS if getattr(self._consultation, n)]
        missing = [n for n in present if self.in_original(n)]
        return self.needs_translation and bool(missing) and len(missing) < len(present)

    @property
    def language_name(self) -> str:
        return current_app.config["LANGUAGES"].get(self.locale, self.locale)

    def lang_attr(self, name: str) -> Markup:
        """` lang="en"` on an element whose text is in the original language, else nothing."""
        if self.in_original(name):
            return Markup(' lang="%s"') % self.original_locale
        return Markup("")


def _reader_locale() -> str:
    return str(get_locale() or original_locale())


def localize_all(consultations: Iterable[Consultation], locale: str | None = None) -> list:
    """Every consultation in the reader's language, with one query for all their translations."""
    consultations = list(consultations)
    locale = locale or _reader_locale()
    found: dict[int, ConsultationTranslation] = {}
    if consultations and locale != original_locale():
        query = select(ConsultationTranslation).where(
            ConsultationTranslation.locale == locale,
            ConsultationTranslation.consultation_id.in_([c.id for c in consultations]),
        )
        found = {t.consultation_id: t for t in db.session.scalars(query)}
    return [LocalizedConsultation(c, found.get(c.id), locale) for c in consultations]


def localize(consultation: Consultation, locale: str | None = None) -> LocalizedConsultation:
    return localize_all([consultation], locale)[0]


def translation(consultation: Consultation, locale: str) -> ConsultationTranslation | None:
    query = select(ConsultationTranslation).where(
        ConsultationTranslation.consultation_id == consultation.id,
        ConsultationTranslation.locale == locale,
    )
    return db.session.scalar(query)


def translations_of(consultation: Consultation) -> dict[str, ConsultationTranslation]:
    query = select(ConsultationTranslation).where(
        ConsultationTranslation.consultation_id == consultation.id
    )
    return {t.locale: t for t in db.session.scalars(query)}


def save_translation(
    actor: Any, consultation: Consultation, locale: str, values: dict[str, str]
) -> str:
    """Add, change or (all fields empty) remove one language's texts; audit-logged.

    Returns what happened: "added", "edited", "removed" or "unchanged".
    """
    values = {name: (values.get(name) or "").strip() for name in TRANSLATED_FIELDS}
    existing = translation(consultation, locale)
    before = {n: getattr(existing, n) for n in TRANSLATED_FIELDS} if existing else {}
    if not any(values.values()):
        if existing is None:
            return "unchanged"
        db.session.delete(existing)
        done, old, new = "removed", before, None
    elif existing is None:
        db.session.add(
            ConsultationTranslation(
                consultation_id=consultation.id, locale=locale, updated_by_id=actor.id, **values
            )
        )
        done, old, new = "added", None, values
    else:
        changed = {n: v for n, v in values.items() if before[n] != v}
        if not changed:
            return "unchanged"
        for name, value in changed.items():
            setattr(existing, name, value)
        existing.updated_by_id = actor.id
        done, old, new = "edited", {n: before[n] for n in changed}, changed
    db.session.flush()
    record(
        actor,
        f"consultation.translation_{done}",
        "consultation",
        consultation.id,
        before=None if old is None else {"locale": locale, **old},
        after=None if new is None else {"locale": locale, **new},
    )
    return done


# Topics: a name per language, like a consultation's texts ---------------------------------


def topic_names(locale: str | None = None) -> dict[int, str]:
    """Every topic's name in the reader's language where one is given: one small query per
    request, none in the original language."""
    locale = locale or _reader_locale()
    if locale == original_locale():
        return {}
    cache = g.setdefault("topic_names", {})
    if locale not in cache:
        query = select(TopicTranslation.topic_id, TopicTranslation.name).where(
            TopicTranslation.locale == locale
        )
        cache[locale] = {key: value for key, value in db.session.execute(query)}
    return cache[locale]


def topic_name(topic: Topic) -> str:
    return topic_names().get(topic.id) or topic.name


def topic_lang(topic: Topic) -> Markup:
    """` lang="en"` when the topic's name shows in the original language, else nothing."""
    if _reader_locale() == original_locale() or topic.id in topic_names():
        return Markup("")
    return Markup(' lang="%s"') % original_locale()


def topic_label(topic: Topic) -> Markup:
    """The name to put inside a sentence: marked with its language when not translated."""
    lang = topic_lang(topic)
    if not lang:
        return Markup.escape(topic_name(topic))
    return Markup("<span%s>%s</span>") % (lang, topic.name)


def topic_translations(topic: Topic) -> dict[str, str]:
    """The topic's name in every translation language ("" where not given)."""
    query = select(TopicTranslation.locale, TopicTranslation.name).where(
        TopicTranslation.topic_id == topic.id
    )
    given = {key: value for key, value in db.session.execute(query)}
    return {locale: given.get(locale, "") for locale in translation_locales()}


def save_topic_translations(actor: Any, topic: Topic, names: dict[str, str]) -> bool:
    """Set the topic's name per language (empty: show the original); audit-logged.
    False when nothing changed."""
    before = topic_translations(topic)
    after = {locale: (names.get(locale) or "").strip() for locale in before}
    if after == before:
        return False
    existing = {
        t.locale: t
        for t in db.session.scalars(
            select(TopicTranslation).where(TopicTranslation.topic_id == topic.id)
        )
    }
    for locale, name in after.items():
        row = existing.get(locale)
        if not name:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(TopicTranslation(topic_id=topic.id, locale=locale, name=name))
        else:
            row.name = name
    record(actor, "topic.translated", "topic", topic.id, before=before, after=after)
    g.pop("topic_names", None)
    return True
