"""One settings module, configured from the environment.

SANXIANG_ENV chooses the profile:
- ``production`` (the default): safe without tuning; refuses to start without a strong
  secret key and named allowed hosts, or with debug pages on.
- ``demo``: the embedded SQLite platform on 127.0.0.1, with a secret key generated once
  and kept in the data directory.
- ``test``: what the test suite runs with.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} 须为 true 或 false，现为 {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} 须为整数，现为 {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


SANXIANG_ENV = os.environ.get("SANXIANG_ENV", "production")
if SANXIANG_ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured("SANXIANG_ENV 须为 production、demo 或 test")
PRODUCTION = SANXIANG_ENV == "production"

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SANXIANG_DATA_DIR", "var")).resolve()

# Data at rest: everything the platform writes — the database file and its journal, stored
# files, keys, exports — is private to the account it runs as (files 0600, folders 0700).
# The mask covers files made by SQLite and libraries too, which take no mode of ours.
os.umask(0o077)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
if DATA_DIR.stat().st_uid == os.geteuid() and DATA_DIR.stat().st_mode & 0o077:
    # A data directory made before this rule (or by hand) is closed to others as well.
    DATA_DIR.chmod(0o700)


def _secret_key() -> str:
    key = env_str("SANXIANG_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境须设置 SANXIANG_SECRET_KEY（或 SANXIANG_SECRET_KEY_FILE）。"
        )
    # Demo and test: generate once, keep it beside the data so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# Django's own test of a key (check --deploy, security.W009) only warns; in production a key
# that can be guessed forges sessions and password-reset links, so it is a refusal.
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
                   or SECRET_KEY.startswith("django-insecure-")):
    raise ImproperlyConfigured(
        "生产环境的 SANXIANG_SECRET_KEY 须为至少 50 个字符的随机值"
        "（可用 python -c 'import secrets; print(secrets.token_urlsafe(50))' 生成）。"
    )
DEBUG = env_bool("SANXIANG_DEBUG", False)
if PRODUCTION and DEBUG:
    # A debug page shows any visitor the code, the settings and the request of every error.
    raise ImproperlyConfigured("生产环境不得开启 SANXIANG_DEBUG。")

ALLOWED_HOSTS = env_list("SANXIANG_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境须在 SANXIANG_ALLOWED_HOSTS 中列出本平台对外使用的主机名。"
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
if PRODUCTION and "*" in ALLOWED_HOSTS:
    # A wildcard answers forged Host headers, which then appear in links the platform builds.
    raise ImproperlyConfigured(
        "生产环境的 SANXIANG_ALLOWED_HOSTS 须写明主机名，不能用“*”。"
    )

INSTALLED_APPS = [
    # The admin site asks for the second factor like every staff page (org/admin_site.py).
    "sanxiang.org.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "sanxiang.core",
    "sanxiang.org",
    "sanxiang.catalog",
    "sanxiang.cases",
    "sanxiang.records",
    "sanxiang.review",
    "sanxiang.disclosure",
    "sanxiang.inspections",
    "sanxiang.supervision",
    "sanxiang.assist",
    "sanxiang.discretion",
    "sanxiang.api",
    "sanxiang.workbench",
    "sanxiang.portal",
    "sanxiang.backup",
    "sanxiang.jobs",
]

MIDDLEWARE = [
    # Outermost: the security headers of every answer, those made by the layers below too.
    "sanxiang.core.middleware.ContentSecurityPolicyMiddleware",
    # No error answer is stored, a visitor's included (ADR 0072).
    "sanxiang.core.middleware.ErrorAnswersNotStoredMiddleware",
    # /healthz for load balancers: before the host check and the HTTPS redirect.
    "sanxiang.core.health.HealthMiddleware",
    # First, so that it sees every answer under /api/ (Django's own 404/405/500 included).
    "sanxiang.api.middleware.JsonErrorsMiddleware",
    # A Chinese 414 for an over-long address, before anything parses it.
    "sanxiang.core.middleware.LongUrlMiddleware",
    "sanxiang.api.middleware.UnreadableBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after the static files: a cached public page skips everything below.
    "sanxiang.core.public_cache.PublicPageCacheMiddleware",
    # Below the page cache, which so never keeps nor serves a HEAD.
    "sanxiang.api.middleware.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # What a signed-in user is answered is never stored by a browser or a proxy.
    "sanxiang.core.middleware.PrivateAnswersMiddleware",
    # A signed-in user who still owes a second factor or a new password gets nothing else.
    "sanxiang.workbench.account_gate.AccountGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the authenticated user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanxiang.urls"
WSGI_APPLICATION = "sanxiang.wsgi.application"

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
            ],
        },
    },
]

# Database: embedded SQLite in the data directory unless DATABASE_URL names PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                                  conn_health_checks=True)}
    if SANXIANG_ENV == "test" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Test databases are thrown away: their commits need not wait for the disk.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c synchronous_commit=off")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sanxiang.sqlite3",
            "OPTIONS": {
                # BEGIN IMMEDIATE: writers queue for the lock instead of failing mid-way,
                # which is what keeps the ledger's appends in one line.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            # Kept open between requests, as PostgreSQL's above: a new session costs tens of
            # milliseconds (the ledger's temporary touch triggers, ledger.touch), which
            # every public page would otherwise pay.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# Cache: public pages (sanxiang.core.public_cache) and nothing a request cannot rebuild.
# Local memory per process in the embedded default; SANXIANG_CACHE_URL=redis://host:6379/0
# shares one Redis between the web workers (Django's own RedisCache, redis-py).
SANXIANG_CACHE_URL = env_str("SANXIANG_CACHE_URL")
if SANXIANG_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _default_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": SANXIANG_CACHE_URL}
elif SANXIANG_CACHE_URL:
    raise ImproperlyConfigured("SANXIANG_CACHE_URL 须为 redis://（或 rediss://）地址")
else:
    _default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "LOCATION": "sanxiang", "OPTIONS": {"MAX_ENTRIES": 20_000}}
CACHES = {"default": {**_default_cache,
                      "KEY_PREFIX": env_str("SANXIANG_CACHE_PREFIX", "sx")}}
SANXIANG_PUBLIC_CACHE = "default"
# How long a cached public page may be kept at most (invalidation does not wait for it).
# 0 turns the page cache off; the test profile has it off unless a test turns it on
# (tests/core/test_public_cache.py), so other tests see every write at once.
SANXIANG_PUBLIC_CACHE_SECONDS = env_int("SANXIANG_PUBLIC_CACHE_SECONDS",
                                        0 if SANXIANG_ENV == "test" else 3600)

# Background tasks (Django's task framework through django-tasks; `sanxiang worker` runs
# them): a queue in the database in the embedded default; SANXIANG_TASKS_URL=redis://…
# puts them on Redis through RQ (django-tasks-rq).
SANXIANG_TASKS_URL = env_str("SANXIANG_TASKS_URL")
if SANXIANG_TASKS_URL:
    if not SANXIANG_TASKS_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("SANXIANG_TASKS_URL 须为 redis://（或 rediss://）地址")
    SANXIANG_TASKS_BACKEND = "rq"
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": SANXIANG_TASKS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    SANXIANG_TASKS_BACKEND = "database"
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Object storage (issue 17): with SANXIANG_S3_BUCKET every stored original is also put
# into that S3-compatible bucket under Object Lock (WORM) for SANXIANG_S3_RETENTION_DAYS;
# the keys come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or _FILE).
SANXIANG_S3_BUCKET = env_str("SANXIANG_S3_BUCKET")
SANXIANG_S3_RETENTION_DAYS = env_int("SANXIANG_S3_RETENTION_DAYS", 30 * 366)
SANXIANG_S3_LOCK_MODE = env_str("SANXIANG_S3_LOCK_MODE", "COMPLIANCE")
if SANXIANG_S3_LOCK_MODE not in {"COMPLIANCE", "GOVERNANCE"}:
    raise ImproperlyConfigured("SANXIANG_S3_LOCK_MODE must be COMPLIANCE or GOVERNANCE")
_BLOB_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
    "bucket_name": SANXIANG_S3_BUCKET,
    "endpoint_url": env_str("SANXIANG_S3_ENDPOINT_URL") or None,
    "region_name": env_str("SANXIANG_S3_REGION") or None,
    "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
    "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
    "file_overwrite": False, "default_acl": None, "querystring_auth": True,
}}

# The worker re-hashes every stored original this often (R-REC-02).
SANXIANG_SCRUB_HOURS = env_int("SANXIANG_SCRUB_HOURS", 24)
# Finished task results and background jobs (with their files) are kept this long.
SANXIANG_JOBS_KEEP_DAYS = env_int("SANXIANG_JOBS_KEEP_DAYS", 30)
# The files background jobs make (exports, case-file ZIPs): copies, pruned after the days
# above; another volume than the data directory's may hold them.
SANXIANG_JOBS_DIR = Path(env_str("SANXIANG_JOBS_DIR", str(DATA_DIR / "jobs"))).resolve()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Second factor (django-otp, TOTP): required for the roles in org/second_factor.py.
OTP_TOTP_ISSUER = env_str("SANXIANG_TOTP_ISSUER", "三项制度平台")
OTP_TOTP_THROTTLE_FACTOR = 1
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout (django-axes): five failures lock the account for 30 minutes whatever addresses
# they came from (password spraying from many addresses), and SANXIANG_LOGIN_IP_FAILURE_LIMIT
# failures from one address lock that address for every account (one address trying many
# accounts). The handler (workbench/lockout.py) gives each its own limit.
AXES_FAILURE_LIMIT = env_int("SANXIANG_LOGIN_FAILURE_LIMIT", 5)
SANXIANG_LOGIN_IP_FAILURE_LIMIT = env_int("SANXIANG_LOGIN_IP_FAILURE_LIMIT", 20)
if SANXIANG_LOGIN_IP_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "SANXIANG_LOGIN_IP_FAILURE_LIMIT must be at least SANXIANG_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env_int("SANXIANG_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "sanxiang.workbench.lockout.AccountAndAddressLockout"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "sanxiang.core.client.address"
# Reverse proxies in front of the web servers (docs/deploy.md: 1); the client's address is
# then read from X-Forwarded-For (sanxiang.core.client). 0: REMOTE_ADDR, no proxy.
SANXIANG_PROXY_COUNT = env_int("SANXIANG_PROXY_COUNT", 0)
# Public forms that cost the platform to answer, per address and hour (core.throttle):
# complaints filed (each may store five attachments) and lookups of a complaint (each checks
# a query code's slow hash). 0 turns a limit off; off in the test profile unless a test sets it.
SANXIANG_COMPLAINTS_PER_HOUR = env_int("SANXIANG_COMPLAINTS_PER_HOUR",
                                       0 if SANXIANG_ENV == "test" else 20)
SANXIANG_COMPLAINT_LOOKUPS_PER_HOUR = env_int("SANXIANG_COMPLAINT_LOOKUPS_PER_HOUR",
                                              0 if SANXIANG_ENV == "test" else 60)
# Reports of an inspection by the inspected (扫码入企) per address and hour: each is a ledger
# event, sent without an account (ADR 0082).
SANXIANG_INSPECTION_REPORTS_PER_HOUR = env_int("SANXIANG_INSPECTION_REPORTS_PER_HOUR",
                                               0 if SANXIANG_ENV == "test" else 20)
# Public searches (the portal's, the decisions' and their CSV, the officer register) per
# address and minute (core.throttle.limited; a page from the public cache is not counted):
# each uncached query reads an index (probe 6, ADR 0072). Off in the test profile.
SANXIANG_PUBLIC_SEARCHES_PER_MINUTE = env_int("SANXIANG_PUBLIC_SEARCHES_PER_MINUTE",
                                              0 if SANXIANG_ENV == "test" else 60)
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Catalogues in LOCALE_PATHS come before every app's; among apps the first listed wins, and
# Django's admin and auth are listed before ours: without our apps' catalogues here, a word
# both translate took Django's wording (文书 printed “概览” for our “摘要”, “关闭” for “结案”).
LOCALE_PATHS = [BASE_DIR / "locale", *dict.fromkeys(
    BASE_DIR / app.split(".")[1] / "locale" for app in INSTALLED_APPS
    if app.startswith("sanxiang.") and (BASE_DIR / app.split(".")[1] / "locale").is_dir())]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# The project's own stylesheet lives beside its templates, outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if SANXIANG_S3_BUCKET:
    STORAGES["blobs"] = _BLOB_STORAGE
# The demo serves static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise looks at STATIC_ROOT even when it serves through the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security: safe by default. Only the demo on loopback relaxes the HTTPS-only parts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SANXIANG_SESSION_SECONDS", 8 * 3600)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SANXIANG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SANXIANG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SANXIANG_HSTS_PRELOAD", False)
    # Joining the browsers' preload list binds the whole domain and its subdomains for
    # months: the operator opts in, so Django's reminder (W021) is no fault of the install.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("SANXIANG_CSRF_TRUSTED_ORIGINS")

# Ledger: SM3 (GB/T 32905) by default; "sha256" is the alternative.
SANXIANG_DIGEST_ALGORITHM = env_str("SANXIANG_DIGEST_ALGORITHM", "sm3")
if SANXIANG_DIGEST_ALGORITHM not in {"sm3", "sha256"}:
    raise ImproperlyConfigured("SANXIANG_DIGEST_ALGORITHM must be sm3 or sha256")

# Excel imports of the register: larger files are refused with a message, not half-read.
SANXIANG_IMPORT_MAX_BYTES = env_int("SANXIANG_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
SANXIANG_IMPORT_MAX_ROWS = env_int("SANXIANG_IMPORT_MAX_ROWS", 50_000)

# The portal's public address, for links printed on documents (the officers' QR codes).
SANXIANG_PUBLIC_URL = env_str("SANXIANG_PUBLIC_URL", "" if PRODUCTION
                              else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SANXIANG_PUBLIC_URL.startswith("https://"):
    # Served documents print it in the officers' QR codes (R-PUB-03) and the ledger's name
    # is made from it once for good: a loopback default would send parties nowhere.
    raise ImproperlyConfigured(
        "SANXIANG_PUBLIC_URL must be the portal's https:// address in production."
    )

# Evidence uploads (R-REC-03 … R-REC-05): the largest file accepted.
SANXIANG_MAX_UPLOAD_BYTES = env_int("SANXIANG_MAX_UPLOAD_BYTES", 8 * 1024 ** 3)
# Speech recognition (R-AST-05): a dotted path to an engine class (sanxiang.assist.engines);
# empty = the first installed one (``pip install sanxiang[asr]``), or none.
SANXIANG_ASR_ENGINE = env_str("SANXIANG_ASR_ENGINE", "")
# Bounded resources: open uploads per user, bytes received by unfinished uploads (all users
# together; space is taken as bytes arrive, not when an upload starts), and the free space
# always left on the disk that holds the blob store.
SANXIANG_UPLOAD_MAX_OPEN_PER_USER = env_int("SANXIANG_UPLOAD_MAX_OPEN_PER_USER", 3)
SANXIANG_UPLOAD_MAX_RESERVED_BYTES = env_int("SANXIANG_UPLOAD_MAX_RESERVED_BYTES", 64 * 1024 ** 3)
SANXIANG_UPLOAD_MIN_FREE_BYTES = env_int("SANXIANG_UPLOAD_MIN_FREE_BYTES", 2 * 1024 ** 3)
# Originals up to this size are re-hashed before they are served when their file changed
# since the last check; larger ones wait for `sanxiang scrub` (R-REC-02).
SANXIANG_VERIFY_ON_READ_BYTES = env_int("SANXIANG_VERIFY_ON_READ_BYTES", 256 * 1024 ** 2)
# A viewing session of an original (one custody entry, R-REC-06) ends after this pause.
SANXIANG_CUSTODY_VIEWING_MINUTES = env_int("SANXIANG_CUSTODY_VIEWING_MINUTES", 30)

# 双公示 export: natural persons' ID numbers in full only where the receiving platform needs them.
SANXIANG_CREDIT_EXPORT_PERSON_IDS = env_bool("SANXIANG_CREDIT_EXPORT_PERSON_IDS", False)

# Signed checkpoints of the ledger are made at most this often (R-REC-09).
SANXIANG_CHECKPOINT_MINUTES = env_int("SANXIANG_CHECKPOINT_MINUTES", 60)
# The worker takes a snapshot of the public statistics this often (R-PUB-09, ADR 0050).
SANXIANG_STATISTICS_MINUTES = env_int("SANXIANG_STATISTICS_MINUTES", 10)
# A document number reserved while its PDF renders is given back after this long, when its
# issuer died (cases.numbering, ADR 0014).
SANXIANG_NUMBER_LEASE_SECONDS = env_int("SANXIANG_NUMBER_LEASE_SECONDS", 300)
# The checkpoint signing key kept outside the data directory: a PEM file, or a file
# descriptor the operator opens for the process (read once). Empty: DATA_DIR/keys.
SANXIANG_LEDGER_KEY_FILE = env_str("SANXIANG_LEDGER_KEY_FILE", "")
SANXIANG_LEDGER_KEY_FD = env_str("SANXIANG_LEDGER_KEY_FD", "")
# How checkpoints are signed (ADR 0022): "ed25519", "sm2" (GB/T 32918, 国密) or "both" —
# both by default: a 国密 assessment finds SM2, and verifiers without SM2 still check Ed25519.
SANXIANG_CHECKPOINT_SIGNATURE = env_str("SANXIANG_CHECKPOINT_SIGNATURE", "both")
if SANXIANG_CHECKPOINT_SIGNATURE not in {"ed25519", "sm2", "both"}:
    raise ImproperlyConfigured("SANXIANG_CHECKPOINT_SIGNATURE must be ed25519, sm2 or both")
# The SM2 signing key kept outside the data directory, as for the Ed25519 key above.
SANXIANG_LEDGER_SM2_KEY_FILE = env_str("SANXIANG_LEDGER_SM2_KEY_FILE", "")
SANXIANG_LEDGER_SM2_KEY_FD = env_str("SANXIANG_LEDGER_SM2_KEY_FD", "")
# The ledger's name in its C2SP checkpoints (/ledger/checkpoint, ADR 0032): the origin line
# and the key name of the signatures, a schema-less URL. Signed into every checkpoint, so
# it must never change once set: witnesses pin the log by it. Default: the public
# address without its scheme, plus "/ledger".
SANXIANG_LEDGER_ORIGIN = env_str(
    "SANXIANG_LEDGER_ORIGIN", SANXIANG_PUBLIC_URL.split("://")[-1] + "/ledger")
if (not SANXIANG_LEDGER_ORIGIN or "+" in SANXIANG_LEDGER_ORIGIN
        or any(c.isspace() for c in SANXIANG_LEDGER_ORIGIN)):
    raise ImproperlyConfigured("SANXIANG_LEDGER_ORIGIN must be non-empty, without spaces or '+'")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SANXIANG_LOG_LEVEL", "WARNING")},
}
