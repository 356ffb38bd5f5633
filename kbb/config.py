"""Configuration: defaults in code, overrides from KBB_* environment variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

DEMO_PASSWORD_DEFAULT = "Konya-Demo-2026"  # noqa: S105 - the documented demo password
# Known non-secrets that must never protect a production deployment.
_WEAK_KEYS = {"", "dev", "change-me", "secret", "changeme"}


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"KBB_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"KBB_{name} must be a whole number, got {raw!r}") from exc


def _dev_secret_key(instance_path: Path) -> str:
    """A random key kept under instance/, so development sessions survive restarts."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load(instance_path: Path, overrides: dict | None = None) -> dict:
    """Build the Flask configuration from defaults, the environment, then ``overrides``."""
    instance_path.mkdir(parents=True, exist_ok=True)
    env = _env("ENV", "development")
    overrides = dict(overrides or {})
    production = overrides.get("KBB_ENV", env) == "production"

    cfg: dict = {
        "KBB_ENV": env,
        "SECRET_KEY": _env("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": _env(
            "DATABASE_URL", f"sqlite:///{instance_path / 'kbb.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "KBB_UPLOAD_DIR": _env("UPLOAD_DIR", str(instance_path / "uploads")),
        "KBB_DEMO_PASSWORD": _env("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT),
        "KBB_TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        "KBB_LOCKOUT_ATTEMPTS": _env_int("LOCKOUT_ATTEMPTS", 5),
        "KBB_LOCKOUT_MINUTES": _env_int("LOCKOUT_MINUTES", 15),
        "KBB_REFERENCE_CACHE_SECONDS": _env_int("REFERENCE_CACHE_SECONDS", 60),
        "KBB_LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute"),
        "KBB_MAIL_SERVER": _env("MAIL_SERVER", ""),
        "KBB_MAIL_PORT": _env_int("MAIL_PORT", 25),
        "KBB_MAIL_USERNAME": _env("MAIL_USERNAME", ""),
        "KBB_MAIL_PASSWORD": _env("MAIL_PASSWORD", ""),
        "KBB_MAIL_STARTTLS": _env("MAIL_STARTTLS", "0") == "1",
        "KBB_MAIL_SENDER": _env("MAIL_SENDER", "intranet@kbb.example"),
        "KBB_OUTBOX_DIR": _env("OUTBOX_DIR", str(instance_path / "outbox")),
        "KBB_BASE_URL": _env("BASE_URL", "http://127.0.0.1:5000"),
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "tr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Istanbul",
        "KBB_LANGUAGES": ("tr", "en"),
        "WTF_CSRF_TIME_LIMIT": None,  # valid for the session; rotated at login/logout
        "WTF_CSRF_SSL_STRICT": True,
        "SESSION_COOKIE_NAME": "kbb_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_HOURS", 10)),
        "MAX_CONTENT_LENGTH": 55 * 1024 * 1024,  # 5 files x 10 MB plus form overhead
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }
    cfg.update(overrides)
    cfg["KBB_ENV"] = "production" if production else cfg["KBB_ENV"]

    if production:
        key = cfg.get("SECRET_KEY") or ""
        if key in _WEAK_KEYS or len(key) < 32:
            raise ConfigError(
                "KBB_ENV=production needs KBB_SECRET_KEY: a random secret of at least 32 "
                "characters (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'). Sessions and CSRF tokens are signed "
                "with it; refusing to start without one."
            )
    elif not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _dev_secret_key(instance_path)
    return cfg
