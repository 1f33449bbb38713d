"""Configuration from environment variables, with safe development defaults.

``ENGAGE_ENV`` picks the mode: ``development`` (default), ``production`` or
``testing``. Production refuses to start without a real ``SECRET_KEY``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ENGAGE_INSTANCE_PATH", BASE_DIR / "instance"))
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production


def _normalise_db_url(url: str) -> str:
    """Point bare postgres URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _host_list(name: str) -> list[str]:
    return [host.strip() for host in os.environ.get(name, "").split(",") if host.strip()]


def production_trusted_hosts(base_url: str) -> list[str]:
    """TRUSTED_HOSTS (comma-separated), or else the host of BASE_URL alone."""
    return _host_list("TRUSTED_HOSTS") or [urlsplit(base_url).hostname or "localhost"]


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _normalise_db_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'engage.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    MAIL_URL = os.environ.get("MAIL_URL", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Engage <no-reply@engage.localhost>")
    MAIL_OUTBOX = Path(os.environ.get("MAIL_OUTBOX", INSTANCE_DIR / "outbox"))
    # Seconds to wait for the SMTP server; failed sends are retried later (engage.notifications).
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # The RQ queue background jobs go to when REDIS_URL is set (flask worker reads it).
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "engage")
    MAIL_TO_CONSOLE = True
    SITE_NAME = os.environ.get("SITE_NAME", "Engage")
    # The header's branding (engage.branding): a logo beside the name (an address on this
    # site, or an https address whose host the Content-Security-Policy then allows), and
    # the header's colour as #rrggbb; its text is black or white, whichever reads better.
    SITE_LOGO_URL = os.environ.get("SITE_LOGO_URL", "").strip()
    BRAND_COLOUR = os.environ.get("BRAND_COLOUR", "").strip()
    # The phase banner under the header: "alpha", "beta" or "" (none). FEEDBACK_URL, when
    # set, is where its "feedback" link goes (a form, or mailto:).
    PHASE_BANNER = os.environ.get("PHASE_BANNER", "beta").strip().lower()
    FEEDBACK_URL = os.environ.get("FEEDBACK_URL", "").strip()
    # /patterns, every component in every state (engage.patterns): development and tests.
    PATTERNS = _bool("ENGAGE_PATTERNS", False)
    # Rendered fragments (comments, clauses, report rows, results) and pages for readers who
    # are not signed in, kept per process up to this many megabytes (engage.fragments).
    FRAGMENT_CACHE_MB = float(os.environ.get("FRAGMENT_CACHE_MB", "32"))
    # How long the header's staff counts (moderation cases, tasks) are kept per session.
    STAFF_COUNTS_SECONDS = int(os.environ.get("STAFF_COUNTS_SECONDS", "60"))
    # How long a shared cache (nginx, a CDN) may serve a page to readers who are not
    # signed in (engage.http_cache); 0 makes every page private.
    PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
    # Seconds a consultation page's content is kept for readers who are not signed in
    # (engage.fragments.reader_page_key); 0 = always rendered. Production default: 10.
    READER_PAGE_SECONDS = int(os.environ.get("READER_PAGE_SECONDS", "0"))
    # Seconds the accountability dashboard's figures are kept per process, for everyone
    # (they are the same for every reader, and "overdue" moves with the clock anyway);
    # the page says as of when. 0 = worked out for every view. Production default: 60.
    ACCOUNTABILITY_SECONDS = int(os.environ.get("ACCOUNTABILITY_SECONDS", "0"))
    # An opinion map is recomputed at most once in this many seconds per consultation
    # (engage.opinion_map.recompute); votes in between wait for the next run.
    OPINION_MAP_RECOMPUTE_SECONDS = int(os.environ.get("OPINION_MAP_RECOMPUTE_SECONDS", "30"))
    # Seconds each process keeps a map's statement counts for choosing the next statement
    # to vote on (engage.opinion_map.queries); 0 = read them on every view.
    OPINION_ROUTING_SECONDS = int(os.environ.get("OPINION_ROUTING_SECONDS", "5"))
    # Shown on the accessibility statement and privacy notice: set real mailboxes.
    ACCESSIBILITY_CONTACT = os.environ.get(
        "ACCESSIBILITY_CONTACT", "accessibility@engage.localhost"
    )
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "privacy@engage.localhost")
    # The privacy notice's version: every consent record names the one the person read.
    # Change it whenever the notice's content changes.
    PRIVACY_NOTICE_VERSION = "2026-12-03"
    # Who is missing: a group is flagged when its share of a consultation's participants
    # is below its share of the population by more than this many percentage points.
    REPRESENTATION_MARGIN_POINTS = float(os.environ.get("REPRESENTATION_MARGIN_POINTS", "5"))
    # The site's public address: every link in every email is built on it, never on the
    # Host header of the request that sent the email (engage.mail.site_url).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Flask answers 400 to a request for any other host. Unset in development: any host
    # (localhost, 127.0.0.1, a LAN address); unset in production: BASE_URL's host only
    # (create_app fills it in).
    TRUSTED_HOSTS = _host_list("TRUSTED_HOSTS") or None

    # Request size, in bytes: a larger request gets 413 before it is read. 2 MiB carries the
    # longest form (a 200,000-character draft document, in any script); one text field of a
    # multipart form may take 1 MiB; the CSV import (engage.request_size) takes 4 MiB, so
    # a file a little over its 1 MB gets the form's own message.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024)))
    MAX_FORM_MEMORY_SIZE = int(os.environ.get("MAX_FORM_MEMORY_SIZE", str(1024 * 1024)))
    MAX_UPLOAD_LENGTH = int(os.environ.get("MAX_UPLOAD_LENGTH", str(4 * 1024 * 1024)))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    # A sign-in session's "last seen" is written at most this often (engage.accounts.sessions).
    SESSION_TOUCH_SECONDS = int(os.environ.get("SESSION_TOUCH_SECONDS", "300"))
    # Security events on the account page are deleted after this many days (the privacy
    # notice says so); `flask purge-expired` deletes them.
    SECURITY_EVENT_RETENTION_DAYS = 90
    # Data rights (engage.privacy): a download with more rows than this is built in the
    # background and emailed as a link that works for PRIVACY_EXPORT_LINK_HOURS; a deleted
    # account is final after ACCOUNT_DELETION_GRACE_DAYS (`flask delete-accounts`).
    PRIVACY_EXPORT_INLINE_ROWS = int(os.environ.get("PRIVACY_EXPORT_INLINE_ROWS", "2000"))
    PRIVACY_EXPORT_LINK_HOURS = int(os.environ.get("PRIVACY_EXPORT_LINK_HOURS", "48"))
    ACCOUNT_DELETION_GRACE_DAYS = int(os.environ.get("ACCOUNT_DELETION_GRACE_DAYS", "14"))
    # Retention (`flask purge`, stated in the privacy notice): emails sent or given up,
    # and accounts whose email address was never confirmed.
    DELIVERY_RETENTION_DAYS = int(os.environ.get("DELIVERY_RETENTION_DAYS", "90"))
    UNVERIFIED_ACCOUNT_DAYS = int(os.environ.get("UNVERIFIED_ACCOUNT_DAYS", "30"))
    # Wrong passwords for one account (from any address) within an hour before its sign-in
    # is locked for ACCOUNT_LOCKOUT_MINUTES; the owner gets a link that lifts the lock.
    ACCOUNT_LOCKOUT_FAILURES = int(os.environ.get("ACCOUNT_LOCKOUT_FAILURES", "10"))
    ACCOUNT_LOCKOUT_MINUTES = int(os.environ.get("ACCOUNT_LOCKOUT_MINUTES", "15"))
    ACCOUNT_UNLOCK_MAX_AGE = 24 * 3600
    # Proxies in front of the site that set X-Forwarded-For and X-Forwarded-Proto (Werkzeug's
    # ProxyFix). 0: use the connecting address, so nobody can forge theirs.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    # Tokens in emails.
    EMAIL_VERIFY_MAX_AGE = 7 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 3600
    # Werkzeug's default (scrypt) is the modern choice; tests lower the cost.
    PASSWORD_HASH_METHOD = "scrypt"

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "5 per minute;20 per hour")
    # Wrong second-factor codes: per address, and per account (whatever the address).
    RATELIMIT_TWO_FACTOR = os.environ.get("RATELIMIT_TWO_FACTOR", "5 per minute;20 per hour")
    RATELIMIT_TWO_FACTOR_ACCOUNT = os.environ.get("RATELIMIT_TWO_FACTOR_ACCOUNT", "10 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per hour")
    # Per person (not per address): new text such as proposals and comments.
    RATELIMIT_POST = os.environ.get("RATELIMIT_POST", "10 per minute;100 per day")
    # Per person: supporting and taking back support (clicks, so a higher limit).
    RATELIMIT_SUPPORT = os.environ.get("RATELIMIT_SUPPORT", "30 per minute;500 per day")
    # Per person: new comments and replies, and edits to them, share one budget.
    RATELIMIT_COMMENT = os.environ.get("RATELIMIT_COMMENT", "10 per minute;200 per day")
    # Per person: agreeing and disagreeing with comments (clicks, so a higher limit).
    RATELIMIT_COMMENT_VOTE = os.environ.get("RATELIMIT_COMMENT_VOTE", "60 per minute;1000 per day")
    # Per person: the opinion map (issue 16). Votes are clicks, one statement after
    # another; statements are text everyone is shown, so fewer.
    RATELIMIT_OPINION_VOTE = os.environ.get("RATELIMIT_OPINION_VOTE", "60 per minute;2000 per day")
    RATELIMIT_OPINION_STATEMENT = os.environ.get(
        "RATELIMIT_OPINION_STATEMENT", "5 per 10 minutes;20 per day"
    )
    # Per address: the read-only JSON API (/api/v1/).
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "120 per minute;3000 per hour")
    # Per address: whole-site open data downloads (/open-data/<dataset>.csv or .json), all
    # datasets together. Every dataset in both formats is 28 files.
    RATELIMIT_OPEN_DATA = os.environ.get("RATELIMIT_OPEN_DATA", "60 per hour;300 per day")
    # Per person: co-author invitations, every attempt counted whatever the address.
    RATELIMIT_COAUTHOR_INVITE = os.environ.get(
        "RATELIMIT_COAUTHOR_INVITE", "10 per hour;30 per day"
    )
    # Per person: reports of content or people.
    RATELIMIT_REPORT = os.environ.get("RATELIMIT_REPORT", "10 per minute;50 per day")

    # Moderation intake: reports from this many different people hide an item until a
    # moderator looks; a new account's first N posts wait for review (0 = off).
    MODERATION_REPORT_THRESHOLD = int(os.environ.get("MODERATION_REPORT_THRESHOLD", "3"))
    MODERATION_NEW_ACCOUNT_POSTS = int(os.environ.get("MODERATION_NEW_ACCOUNT_POSTS", "0"))
    # Spam signals: hold (never reject) text with more links than this, the same text
    # posted again within a day, or more posts than this within ten minutes.
    MODERATION_SPAM_MAX_LINKS = int(os.environ.get("MODERATION_SPAM_MAX_LINKS", "5"))
    MODERATION_SPAM_BURST = int(os.environ.get("MODERATION_SPAM_BURST", "15"))
    MODERATION_SPAM_SIGNALS = _bool("MODERATION_SPAM_SIGNALS", True)

    # Flask-Compress (engage.compression): brotli or gzip for text over ~500 bytes.
    # Static files are compressed once at startup by engage.assets instead.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_MIN_SIZE = 500

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("ENGAGE_TIMEZONE", "UTC")
    LANGUAGES = {"en": "English", "es": "Español", "ar": "العربية"}
    RTL_LANGUAGES = {"ar"}

    # Benchmarks (engage/timing.py): per-response server time and SQL count headers, and
    # the /_ceiling page. Off unless set; benchmarks/run.py sets both.
    SERVER_TIMING = _bool("SERVER_TIMING", False)
    BENCHMARK_CEILING = _bool("BENCHMARK_CEILING", False)

    # The public record (engage.ledger): the Ed25519 key that signs tree heads, as PEM or
    # its 32-byte seed in base64, or a PEM file; never in the database. Unset: development
    # keeps one in instance/ledger-dev-key.pem, tests make one, production cannot sign.
    LEDGER_SIGNING_KEY = os.environ.get("LEDGER_SIGNING_KEY", "")
    LEDGER_SIGNING_KEY_FILE = os.environ.get("LEDGER_SIGNING_KEY_FILE", "")
    # How often cron runs `flask ledger sign-head` (pages say when the next head is due).
    LEDGER_HEAD_INTERVAL_MINUTES = int(os.environ.get("LEDGER_HEAD_INTERVAL_MINUTES", "10"))

    # Redis unreachable: count in this process's memory until it is back (Flask-Limiter
    # logs the switch and the recovery once), and never fail a request over a counter.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

    @property
    def RATELIMIT_STORAGE_URI(self) -> str:  # noqa: N802 - Flask config name
        return self.REDIS_URL or "memory://"


class DevelopmentConfig(Config):
    PATTERNS = _bool("ENGAGE_PATTERNS", True)


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    MAIL_TO_CONSOLE = False
    READER_PAGE_SECONDS = int(os.environ.get("READER_PAGE_SECONDS", "10"))
    ACCOUNTABILITY_SECONDS = int(os.environ.get("ACCOUNTABILITY_SECONDS", "60"))
    PATTERNS = False


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _normalise_db_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "test.db"))
    )
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    MAIL_TO_CONSOLE = False
    REDIS_URL = ""
    # The test client's host, so links in emails open with the test client.
    BASE_URL = "http://localhost"
    TRUSTED_HOSTS = None
    # Tests post many comments quickly from one account; moderation tests turn these on.
    MODERATION_SPAM_SIGNALS = False
    SERVER_NAME = None
    PATTERNS = True
    LEDGER_SIGNING_KEY = ""
    LEDGER_SIGNING_KEY_FILE = ""
    OPINION_ROUTING_SECONDS = 0  # live counts; tests that keep them turn it on


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_for_environment() -> type[Config]:
    name = os.environ.get("ENGAGE_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"ENGAGE_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None
