"""How easy a text is to read: sentence and word measures, and hints an official can act on.

For English, the Flesch reading ease and Flesch-Kincaid grade (with a simple syllable
counter). For every language: sentence count, average sentence length and long words.
The editor's panel posts here as the official types (htmx); without JavaScript the same
panel is computed when the editor is shown, checked or saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, request
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectField, TextAreaField

from engage.forms import Form, at_most
from engage.htmx import render
from engage.permissions import can_act_officially
from engage.text import plain_text

bp = Blueprint("readability", __name__)

LONG_SENTENCE = 25  # words; easy-read text asks for 15
EASY_READ_SENTENCE = 15
LONG_WORD = 7  # letters: the usual cut-off for "long word" in any alphabet (LIX uses >6)
MAX_TEXT = 50_000

# Addresses written out in the text are not words a reader reads.
_URL = re.compile(r"https?://\S+")
# A sentence ends at . ! ? … (and Arabic ؟ and Spanish ¿¡ don't end anything), or at a
# line break: headings, list items and paragraphs are separate sentences to a reader.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")

# Everyday alternatives for words that often make public-sector English hard to read.
SIMPLER = {
    "approximately": "about",
    "assistance": "help",
    "commence": "start",
    "consequently": "so",
    "demonstrate": "show",
    "facilitate": "help",
    "implement": "do, carry out",
    "implementation": "doing, carrying out",
    "in order to": "to",
    "individuals": "people",
    "initiate": "start",
    "necessitate": "need",
    "numerous": "many",
    "objective": "aim",
    "obtain": "get",
    "prior to": "before",
    "purchase": "buy",
    "regarding": "about",
    "require": "need",
    "sufficient": "enough",
    "terminate": "end",
    "utilise": "use",
    "utilize": "use",
    "subsequently": "later",
    "additional": "more",
    "endeavour": "try",
}


@dataclass
class Report:
    language: str
    sentences: int = 0
    words: int = 0
    long_words: int = 0
    average_sentence: float = 0.0
    long_sentences: int = 0
    sentence_limit: int = LONG_SENTENCE
    reading_ease: float | None = None
    grade: float | None = None
    hard_words: list[str] = field(default_factory=list)
    swaps: list[tuple[str, str]] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.words == 0


def sentences_of(text: str) -> list[list[str]]:
    """Each sentence as its list of words; pieces with no words are not sentences."""
    found = []
    for piece in _SENTENCE_END.split(_URL.sub(" ", plain_text(text))):
        words = _WORD.findall(piece)
        if words:
            found.append(words)
    return found


def syllables(word: str) -> int:
    """English syllables, roughly: vowel groups, less a silent final e; at least one."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 1
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m[0][0], word)
    word = re.sub(r"^y", "", word)
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def analyse(text: str, language: str = "en", sentence_limit: int = LONG_SENTENCE) -> Report:
    report = Report(language=language, sentence_limit=sentence_limit)
    found = sentences_of(text)
    words = [w for sentence in found for w in sentence]
    if not words:
        return report
    report.sentences = len(found)
    report.words = len(words)
    report.average_sentence = round(len(words) / len(found), 1)
    report.long_sentences = sum(len(s) > sentence_limit for s in found)
    long_words = [w for w in words if _letters(w) >= LONG_WORD]
    report.long_words = len(long_words)
    if language == "en":
        counted = [w for w in words if not w[0].isdigit()]
        total = sum(syllables(w) for w in counted) or 1
        per_word = total / max(1, len(counted))
        per_sentence = len(words) / len(found)
        # Shown within the scales' usual ranges: 0-100 for ease, no grade below 0.
        ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
        report.reading_ease = round(min(100.0, max(0.0, ease)), 1)
        report.grade = round(max(0.0, 0.39 * per_sentence + 11.8 * per_word - 15.59), 1)
        lowered = " ".join(w.lower() for w in words)
        report.swaps = [
            (hard, easy)
            for hard, easy in SIMPLER.items()
            if re.search(rf"\b{re.escape(hard)}\b", lowered)
        ][:3]
        hard = [w for w in long_words if syllables(w) >= 4]
    else:
        hard = [w for w in long_words if _letters(w) >= 10]
    swapped = {h for h, _easy in report.swaps}
    report.hard_words = _unique([w for w in hard if w.lower() not in swapped])[:3]
    report.hints = _hints(report)
    return report


def _unique(words: list[str]) -> list[str]:
    seen, kept = set(), []
    for word in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            kept.append(word)
    return kept


def _quoted(words) -> str:
    return ", ".join(f"‘{w}’" for w in words)


def _hints(report: Report) -> list[str]:
    hints = []
    if report.long_sentences:
        hints.append(
            ngettext(
                "%(num)d sentence is longer than %(limit)d words — split it.",
                "%(num)d sentences are longer than %(limit)d words — split them.",
                report.long_sentences,
                limit=report.sentence_limit,
            )
        )
    elif report.average_sentence > report.sentence_limit * 0.8:
        hints.append(
            _(
                "Sentences are %(avg)s words long on average. Shorter ones are easier.",
                avg=format_decimal(report.average_sentence),
            )
        )
    for hard, easy in report.swaps:
        hints.append(_("Try ‘%(easy)s’ instead of ‘%(hard)s’.", easy=easy, hard=hard))
    if report.hard_words:
        hints.append(_("Words like %(words)s could be simpler.", words=_quoted(report.hard_words)))
    if report.words and report.long_words / report.words > 0.3:
        hints.append(
            _(
                "Many words are long (%(percent)d%%). Use everyday words where you can.",
                percent=round(100 * report.long_words / report.words),
            )
        )
    if report.grade is not None and report.grade > 9 and not report.long_sentences:
        hints.append(_("Aim for a grade of 9 or lower so most adults can read it easily."))
    return hints


def ease_label(score: float | None) -> str:
    """The Flesch bands in words, so the number is not the only signal."""
    if score is None:
        return ""
    for floor, label in (
        (80, _l("easy")),
        (60, _l("fairly easy to plain")),
        (50, _l("fairly hard")),
        (30, _l("hard")),
    ):
        if score >= floor:
            return str(label)
    return str(_("very hard"))


# The page and the htmx endpoint ------------------------------------------------------------


class ReadabilityForm(Form):
    text = TextAreaField(
        _l("Text to check"),
        validators=[at_most(MAX_TEXT)],
        render_kw={"rows": "10"},
    )
    language = SelectField(_l("Language of the text"), validate_choice=False)


# Fields of other forms whose text the editor's panels send, by name.
FIELDS = ("text", "summary", "easy_read_summary", "body", "commitment")


def report_for(text: str, language: str, easy_read: bool = False) -> Report:
    limit = EASY_READ_SENTENCE if easy_read else LONG_SENTENCE
    return analyse(text[:MAX_TEXT], language, sentence_limit=limit)


@bp.app_template_global()
def readability(text: str | None, language: str = "en", easy_read: bool = False) -> Report:
    return report_for(text or "", language, easy_read)


@bp.app_template_filter("decimal")
def decimal(value: float) -> str:
    """A number with the reader's decimal separator: 14.5 in English, 14,5 in Spanish."""
    return format_decimal(value)


@bp.app_template_global()
def readability_ease_label(score: float | None) -> str:
    return ease_label(score)


@bp.route("/readability", methods=["GET", "POST"])
@login_required
def check():
    """A readability check: the editor's live panel (htmx) or a page with its own form."""
    if not can_act_officially(current_user):
        abort(403)
    languages = current_app.config["LANGUAGES"]
    language = request.values.get("language") or request.args.get("lang") or "en"
    language = language if language in languages else "en"
    name = request.args.get("field", "text")
    name = name if name in FIELDS else "text"
    easy_read = name == "easy_read_summary" or request.values.get("easy_read") == "1"
    text = request.form.get(name, "") if request.method == "POST" else ""
    form = ReadabilityForm(data={"text": text, "language": language})
    form.language.choices = list(languages.items())
    report = report_for(text, language, easy_read)
    return render(
        "readability/page.html",
        fragment="readability/_panel.html",
        form=form,
        report=report,
        checked=request.method == "POST",
    )
