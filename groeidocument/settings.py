"""Settings for Groeidocument, read from environment variables.

Every key is documented in .env.example. Values are read through the helpers in
groeidocument.lib.env, which stop the start-up on a value they cannot read.
"""

import datetime
import secrets
from pathlib import Path

import dj_database_url
import fontpkg_atkinson_hyperlegible
import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from groeidocument.lib.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = env_path("GROEIDOCUMENT_DATA_DIR", Path.cwd() / "data")
DEBUG = env_bool("DEBUG", False)
# HTTPS=true is production mode: the site is reached over HTTPS only, so the
# settings below switch on secure cookies, HSTS and the redirect to HTTPS, and
# refuse the settings that only suit a laptop.
HTTPS = env_bool("HTTPS", False)
if HTTPS and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG=true is not allowed with HTTPS=true: debug pages show settings and "
        "pupil data to anyone. Set DEBUG=false."
    )
if HTTPS and env_str("ALLOWED_HOSTS") is None:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is missing with HTTPS=true: set it to the host names users "
        "type, for example ALLOWED_HOSTS=groeidocument.school.example."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def _read_secret_key() -> str:
    """Return SECRET_KEY, or a random key kept in the data folder.

    The repository contains no key. A laptop installation without SECRET_KEY gets
    its own key on the first start, readable only by the user who started it.
    """
    key = env_str("SECRET_KEY")
    if key is None and HTTPS:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing with HTTPS=true: set it to at least 50 random "
            "characters, the same on every application server."
        )
    if key is not None:
        if len(key) < 50:
            raise ImproperlyConfigured(
                "SECRET_KEY is shorter than 50 characters: generate a longer one."
            )
        return key

    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    # A new data folder is readable by its owner only, because it contains
    # pupil data.
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


SECRET_KEY = _read_secret_key()


def _read_database() -> dict:
    url = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'groeidocument.sqlite3'}")
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is invalid ({error}): use sqlite:///PATH or "
            "postgres://USER:PASSWORD@HOST:PORT/NAME."
        ) from None

    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # WAL lets readers work while one process writes; IMMEDIATE transactions
        # take the write lock at BEGIN, so a second writer waits up to the
        # timeout instead of failing halfway with "database is locked".
        database["CONN_MAX_AGE"] = 0
        database["CONN_HEALTH_CHECKS"] = False
        # Tests use a file too: an in-memory database shared between the live
        # server's threads fails at once on a lock instead of waiting.
        database["TEST"] = {"NAME": str(DATA_DIR / "test-groeidocument.sqlite3")}
        database["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    elif database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL uses {database['ENGINE']!r}: only SQLite and PostgreSQL "
            "are supported."
        )
    database["ATOMIC_REQUESTS"] = False
    return database


DATABASES = {"default": _read_database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "groeidocument.accounts",
    "groeidocument.pupils",
    "groeidocument.growth",
    "groeidocument.conversations",
    "groeidocument.imports",
    "groeidocument.exports",
    "groeidocument.audit",
    "groeidocument.server",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "groeidocument.accounts.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "groeidocument.accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "groeidocument.accounts.middleware.IdleTimeoutMiddleware",
    "groeidocument.accounts.middleware.LoginRequiredMiddleware",
    "groeidocument.accounts.middleware.MembershipMiddleware",
    "groeidocument.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns a lockout flagged during the login into the
    # login page with a message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "groeidocument.urls"
WSGI_APPLICATION = "groeidocument.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "string_if_invalid": "",
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# Axes first: it rejects a locked-out username and address before the
# password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{PASSWORD_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

# Failed logins: after LOGIN_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked for LOGIN_LOCKOUT_MINUTES. Other users
# and the same user elsewhere can still log in. `groeidocument
# axes_reset_username USERNAME` unlocks early.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "groeidocument.accounts.login_views.locked_out"
AXES_CLIENT_IP_CALLABLE = "groeidocument.accounts.middleware.client_ip_address"
# A one-time code that is wrong makes the next try wait 1, 2, 4, 8... seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_ISSUER = "Groeidocument"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
# Seconds without a request after which a login ends.
SESSION_IDLE_TIMEOUT = env_int(
    "SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60, maximum=SESSION_COOKIE_AGE
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"

# HTTP security headers. X-Frame-Options, the CSP's frame-ancestors and COOP
# keep the pages out of other sites' frames and windows.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Set only when the reverse proxy in front sets X-Forwarded-Proto and
# X-Forwarded-For itself: otherwise a client could claim HTTPS or another
# address with its own headers.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a choice of the domain's owner, who may not want every
    # subdomain on HTTPS for good. HSTS_PRELOAD=true turns it on.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if HTTPS and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    # HSTS_INCLUDE_SUBDOMAINS=false is a deliberate choice for a domain with
    # subdomains that still serve plain HTTP.
    SILENCED_SYSTEM_CHECKS.append("security.W005")

# Every script and style sheet comes from the application itself; inline
# scripts, inline styles, eval, plugins and framing are blocked.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "nl-be"
LANGUAGES = [
    ("nl-be", _("Dutch")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    (
        "fonts/atkinson-hyperlegible",
        Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files",
    ),
    ("fonts/noto-sans", Path(fontpkg_noto_sans.__file__).parent / "files"),
    (
        "fonts/noto-sans-arabic",
        Path(fontpkg_noto_sans_arabic.__file__).parent / "files",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Until `groeidocument collectstatic` has filled STATIC_ROOT, serve the files
# straight from the package folders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = env_bool(
    "WHITENOISE_USE_FINDERS", not any(STATIC_ROOT.iterdir())
)

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # WeasyPrint and fontTools report every rendering and font subsetting
    # step at INFO, django-axes its start and every failed login; their
    # warnings, lockouts included, still show.
    "loggers": {
        name: {"level": "WARNING"} for name in ["weasyprint", "fontTools", "axes"]
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS),
    },
}
