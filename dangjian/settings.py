"""Settings read from environment variables; every variable is documented in .env.example."""

import importlib.util
import logging
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from dangjian.env import env_bool, env_decimal, env_int, env_list, env_secret_key, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# Without DEBUG the site refuses to start unless the key is strong (Django's check --deploy rule: 50 characters or
# more, at least 5 different ones); with DEBUG an empty key falls back to a fixed development one.
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", debug=DEBUG, development_key="insecure-local-development-only")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "huey.contrib.djhuey",
    "ninja",
    "dangjian.core",
    "dangjian.accounts",
    "dangjian.org",
    "dangjian.indicators",
    "dangjian.projects.projects",
    "dangjian.projects.reviews",
    "dangjian.projects.acceptance",
    "dangjian.projects.boards",
    "dangjian.projects.costs",
    "dangjian.projects.effects",
    "dangjian.value",
    "dangjian.meetings",
    "dangjian.service",
    "dangjian.points",
    "dangjian.posts",
    "dangjian.affairs.recruitment",
    "dangjian.affairs.dues",
    "dangjian.affairs.transfers",
    "dangjian.talent",
    "dangjian.channels",
    "dangjian.handbook",
    "dangjian.assessment",
    "dangjian.publicity",
    "dangjian.archive",
    "dangjian.indices",
    "dangjian.cockpit",
    "dangjian.drafts",
    "dangjian.burden",
    "dangjian.demo",
    "dangjian.shell",
]

MIDDLEWARE = [
    "dangjian.core.middleware.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dangjian.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangjian.accounts.middleware.ForcePasswordChangeMiddleware",
    "dangjian.accounts.middleware.SessionRefreshMiddleware",
    "dangjian.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "dangjian.burden.middleware.BurdenMeterMiddleware",
]

# The burden meter (减负, dangjian/burden): records form opens and sends; raw rows are kept BURDEN_RAW_DAYS days (the
# monthly sums for good); input time per send counts at most BURDEN_MAX_SECONDS; the URL names it never records.
BURDEN_METER = env_bool("BURDEN_METER", True)
BURDEN_RAW_DAYS = env_int("BURDEN_RAW_DAYS", 90)
BURDEN_MAX_SECONDS = env_int("BURDEN_MAX_SECONDS", 1800)
# Form opens are held in memory and written in bulk every BURDEN_FLUSH_SECONDS (a page never writes on GET); 0 writes
# each open as its page is served.
BURDEN_FLUSH_SECONDS = env_int("BURDEN_FLUSH_SECONDS", 10)
BURDEN_IGNORE = frozenset(env_list("BURDEN_IGNORE", ["accounts:login", "accounts:password_change"]))

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "dangjian.shell.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database has one writer at a time. Writers wait for it (20 s busy timeout) instead of failing with
    # "database is locked", and take the write lock when their transaction begins (IMMEDIATE): a deferred one that
    # read first and then wants to write is refused at once, without waiting, whenever another writer got in between.
    # WAL lets pages read while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Persistent connections (DATABASE_CONN_MAX_AGE seconds, default 60) are checked before a request reuses them, so a
# database restart costs one reconnect instead of a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis when REDIS_URL is set (shared by every app server), else this process's memory. Sessions are read
# from it and written through to the database (cached_db) only when it is shared: with per-process memory, a logout
# served by one gunicorn worker would leave the session alive in another worker's copy.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "dangjian.core.redis_cache.RedisCache", "LOCATION": CACHE_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The pages people open again and again are kept for their viewer until the data changes (core/views/cached.py), at
# most this many seconds. Only with a shared cache: per-process memory would miss the task worker's changes. 0: off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if CACHE_URL else 0)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "dangjian.accounts.backends.AccountBackend",  # ModelBackend, reading the user's person with the account
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session expires this many minutes after the last request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# The idle timeout slides with activity: accounts.middleware.SessionRefreshMiddleware saves a signed-in session again
# once a minute at most (not on every request, which cost three queries per page).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True

# Lockout: 5 failed logins lock the username for 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Locked per account, as the rules ask; locking per IP address would lock a whole plant behind one NAT.
# HSTS preload (security.W021) is a promise to browser vendors for a public domain and cannot be taken back quickly;
# an intranet host does not want it by default (DJANGO_HSTS_PRELOAD=true turns it on).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

# --- Single sign-on (issue 19; docs/operations.md, "Single sign-on") --------------------------------------------------
# Each way is off until its variables are set. Whatever the identity provider says, the person is found by employee
# number (org.Person.employee_no) and signs in as that person's account; roles are only ever given in this system.
# Password sign-in for everyone but the three administrators can be switched off once SSO works (they always keep it).
SSO_LOCAL_PASSWORD_LOGIN = env_bool("SSO_LOCAL_PASSWORD_LOGIN", True)
# Create an account (with no roles) at the first SSO sign-in of a person who has none; off: such a person is refused.
SSO_CREATE_ACCOUNTS = env_bool("SSO_CREATE_ACCOUNTS", False)
# How long a call to an identity provider may take before the sign-in is refused (seconds).
SSO_TIMEOUT_SECONDS = env_int("SSO_TIMEOUT_SECONDS", 10)
# LDAP / Active Directory: the normal username and password form, tried after the local accounts.
AUTH_LDAP_SERVER_URI = env_str("LDAP_SERVER_URI")
AUTH_LDAP_BIND_DN = env_str("LDAP_BIND_DN")
AUTH_LDAP_BIND_PASSWORD = env_str("LDAP_BIND_PASSWORD")
AUTH_LDAP_START_TLS = env_bool("LDAP_START_TLS", False)
LDAP_CA_CERT_FILE = env_str("LDAP_CA_CERT_FILE")
LDAP_USER_SEARCH_BASE = env_str("LDAP_USER_SEARCH_BASE")
LDAP_USER_FILTER = env_str("LDAP_USER_FILTER", "(uid=%(user)s)")
LDAP_EMPLOYEE_NUMBER_ATTRIBUTE = env_str("LDAP_EMPLOYEE_NUMBER_ATTRIBUTE", "employeeNumber")
if AUTH_LDAP_SERVER_URI:
    if importlib.util.find_spec("django_auth_ldap") is None:
        raise ImproperlyConfigured(
            "LDAP_SERVER_URI is set but LDAP support is not installed: apt-get install libldap2-dev libsasl2-dev, "
            "then pip install -r requirements-ldap.txt (docs/operations.md, single sign-on)."
        )
    # After the local backend: the three administrators sign in even when the directory is down or slow, and a local
    # account's name is never answered by a directory entry of the same name.
    AUTHENTICATION_BACKENDS.append("dangjian.accounts.sso.ldap.DirectoryBackend")
# OpenID Connect (统一身份认证): on when OIDC_RP_CLIENT_ID is set; the names are mozilla-django-oidc's own.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid employee_number")
OIDC_EMPLOYEE_NUMBER_CLAIM = env_str("OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = SSO_TIMEOUT_SECONDS
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_oidc_callback"
# WeCom (企业微信): on when WECOM_CORP_ID is set. The base URLs change only for a private deployment or a test.
WECOM_CORP_ID = env_str("WECOM_CORP_ID")
WECOM_AGENT_ID = env_str("WECOM_AGENT_ID")
WECOM_SECRET = env_str("WECOM_SECRET")
WECOM_EMPLOYEE_NUMBER_FIELD = env_str("WECOM_EMPLOYEE_NUMBER_FIELD", "userid")
WECOM_QR_LOGIN = env_bool("WECOM_QR_LOGIN", True)
WECOM_API_URL = env_str("WECOM_API_URL", "https://qyapi.weixin.qq.com")
WECOM_OAUTH_URL = env_str("WECOM_OAUTH_URL", "https://open.weixin.qq.com/connect/oauth2/authorize")
WECOM_QR_URL = env_str("WECOM_QR_URL", "https://login.work.weixin.qq.com/wwlogin/sso/login")
# DingTalk (钉钉): on when DINGTALK_CLIENT_ID (the internal app's AppKey) is set.
DINGTALK_CLIENT_ID = env_str("DINGTALK_CLIENT_ID")
DINGTALK_CLIENT_SECRET = env_str("DINGTALK_CLIENT_SECRET")
DINGTALK_CORP_ID = env_str("DINGTALK_CORP_ID")
DINGTALK_EMPLOYEE_NUMBER_FIELD = env_str("DINGTALK_EMPLOYEE_NUMBER_FIELD", "job_number")
DINGTALK_AUTH_URL = env_str("DINGTALK_AUTH_URL", "https://login.dingtalk.com/oauth2/auth")
DINGTALK_API_URL = env_str("DINGTALK_API_URL", "https://api.dingtalk.com")
DINGTALK_OAPI_URL = env_str("DINGTALK_OAPI_URL", "https://oapi.dingtalk.com")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "dangjian.staticfiles.UsedAppDirectoriesFinder",  # leaves the libraries' unused files out of collectstatic
]
# Where `collectstatic` gathers the static files that whitenoise serves (default var/static).
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Source maps are read only by a developer's browser tools: not worth compressing (they are most of the bytes, and
# brotli on them made `collectstatic` take minutes).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Uploads larger than this are refused before they are read (imports, attachments).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50000)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 1000)

# Background tasks: one interface (huey). Embedded default: an SQLite queue drained by `manage.py run_huey`,
# started by `make run`. Production: REDIS_URL set, any number of workers. TASKS_EAGER runs tasks inline (tests).
REDIS_URL = env_str("REDIS_URL")
TASKS_EAGER = env_bool("TASKS_EAGER", False)
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "dangjian", "url": REDIS_URL, "immediate": TASKS_EAGER}
else:
    # The embedded queue (and the default database) live in var/: a fresh clone has no var/ yet, and SQLite does not
    # create directories, so `migrate` would fail with "unable to open database file".
    (BASE_DIR / "var").mkdir(exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "dangjian",
        "filename": str(BASE_DIR / "var" / "tasks.sqlite3"),
        "immediate": TASKS_EAGER,
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dangjian@localhost")

# Notification channels (dangjian/channels): e-mail, WeCom, DingTalk and SMS; a vendor's channel is on when its
# credentials are set. Base URLs are settings so tests (and a proxy) can point elsewhere.
CHANNELS_SITE_URL = env_str("CHANNELS_SITE_URL")  # e.g. https://dangjian.example.com: links in external messages
CHANNELS_QUIET_HOURS = env_str("CHANNELS_QUIET_HOURS", "22:00-07:30")  # site time; empty: none
CHANNELS_DIGEST_TIME = env_str("CHANNELS_DIGEST_TIME", "08:00")
CHANNELS_MAX_ATTEMPTS = env_int("CHANNELS_MAX_ATTEMPTS", 6)
CHANNELS_RETRY_SECONDS = env_int("CHANNELS_RETRY_SECONDS", 60)  # doubled after each failed try
CHANNELS_HTTP_TIMEOUT = env_int("CHANNELS_HTTP_TIMEOUT", 10)
CHANNELS_SMS_PROVIDER = env_str("CHANNELS_SMS_PROVIDER", "aliyun")  # aliyun or tencent
WECOM_BASE_URL = env_str("WECOM_BASE_URL", "https://qyapi.weixin.qq.com")
WECOM_CORP_ID = env_str("WECOM_CORP_ID")
WECOM_CORP_SECRET = env_str("WECOM_CORP_SECRET")
WECOM_AGENT_ID = env_int("WECOM_AGENT_ID", 0)
DINGTALK_BASE_URL = env_str("DINGTALK_BASE_URL", "https://oapi.dingtalk.com")
DINGTALK_APP_KEY = env_str("DINGTALK_APP_KEY")
DINGTALK_APP_SECRET = env_str("DINGTALK_APP_SECRET")
DINGTALK_AGENT_ID = env_int("DINGTALK_AGENT_ID", 0)
ALIYUN_SMS_BASE_URL = env_str("ALIYUN_SMS_BASE_URL", "https://dysmsapi.aliyuncs.com")
ALIYUN_SMS_REGION = env_str("ALIYUN_SMS_REGION", "cn-hangzhou")
ALIYUN_SMS_ACCESS_KEY_ID = env_str("ALIYUN_SMS_ACCESS_KEY_ID")
ALIYUN_SMS_ACCESS_KEY_SECRET = env_str("ALIYUN_SMS_ACCESS_KEY_SECRET")
ALIYUN_SMS_SIGN_NAME = env_str("ALIYUN_SMS_SIGN_NAME")
ALIYUN_SMS_TEMPLATE_CODE = env_str("ALIYUN_SMS_TEMPLATE_CODE")
TENCENT_SMS_BASE_URL = env_str("TENCENT_SMS_BASE_URL", "https://sms.tencentcloudapi.com")
TENCENT_SMS_REGION = env_str("TENCENT_SMS_REGION", "ap-guangzhou")
TENCENT_SMS_SECRET_ID = env_str("TENCENT_SMS_SECRET_ID")
TENCENT_SMS_SECRET_KEY = env_str("TENCENT_SMS_SECRET_KEY")
TENCENT_SMS_SDK_APP_ID = env_str("TENCENT_SMS_SDK_APP_ID")
TENCENT_SMS_SIGN_NAME = env_str("TENCENT_SMS_SIGN_NAME")
TENCENT_SMS_TEMPLATE_ID = env_str("TENCENT_SMS_TEMPLATE_ID")

# Behind a reverse proxy: trust X-Forwarded-For for the audit log's client address only when told to.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# --- Transport security and browser policies (docs/operations.md, "Security settings") --------------------------------
# Behind the documented TLS proxy, Django knows a request is HTTPS from X-Forwarded-Proto, redirects plain HTTP to HTTPS
# and sends HSTS. Cookies are Secure behind TLS and whenever DEBUG is off; DJANGO_SECURE_COOKIES overrides both.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", BEHIND_TLS_PROXY)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", BEHIND_TLS_PROXY or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if BEHIND_TLS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by dangjian.security_headers. No inline script and no eval anywhere: every script is a
# static file (tests/test_security_headers.py checks the templates). Inline styles stay allowed: templates size charts
# and progress bars with style attributes, and ECharts and Bootstrap set styles from script.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features no page uses are switched off for this site and anything it could be made to load.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
}

API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)

# Monthly project reviews: a goal behind its straight-line path by more than these shares of the planned change is
# amber / red; a reminder goes out this many days after a month ends without its review.
REVIEW_AMBER_MARGIN = env_decimal("REVIEW_AMBER_MARGIN", "0.10")
REVIEW_RED_MARGIN = env_decimal("REVIEW_RED_MARGIN", "0.25")
REVIEW_REMINDER_DAYS = env_int("REVIEW_REMINDER_DAYS", 5)

# Team value accounting: from this hour (local time, 0–23) a team without a record for the previous shift day gets a
# work notification for its team leader (a shift's figures are entered the next morning).
VALUE_MISSING_HOUR = env_int("VALUE_MISSING_HOUR", 10)

PAGE_SIZE = 50
SITE_TITLE = _("Party building + production")

# Cross-capability effects in one list (dangjian/core/events.py): an event a service publishes → the functions that
# run, in this order, inside the publisher's transaction (a subscriber may refuse the change with a DomainError). The
# publisher never imports them, so imports point down the layers.
EVENT_SUBSCRIBERS = {
    # projects.services.project_transition, after the move is written
    "project_accepted": [
        "dangjian.projects.acceptance.subscribers.accept_needs_locked_result",
        "dangjian.points.subscribers.award_project_members",
    ],
    "project_rated": ["dangjian.projects.acceptance.subscribers.rate_needs_grade_or_award"],
    # meetings.services: attendance rows whose status became final; a meeting deleted as a mistake
    "meeting_attendance_settled": ["dangjian.points.subscribers.meeting_attendance_settled"],
    "meeting_deleted": ["dangjian.points.subscribers.meeting_attendance_withdrawn"],
    # service.services.request_transition
    "service_request_resolved": ["dangjian.points.subscribers.service_request_resolved"],
    "service_request_reopened": ["dangjian.points.subscribers.service_request_reopened"],
    # talent.services.drill_attendance_save: attendance rows of a drill or member lecture whose presence changed
    "drill_attendance_settled": ["dangjian.points.subscribers.drill_attendance_settled"],
}


class ClientErrorsOneLine(logging.Filter):
    """django.request logs a 403 or 404 as a warning with the exception attached: one line is enough for a client
    error (the view refused as it should); a 5xx keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": ClientErrorsOneLine}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler; send it only through root, once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_errors_one_line"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
    },
}
