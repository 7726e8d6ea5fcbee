"""Settings: one pydantic-settings class read from ``FRONTDESK_*`` environment variables.

Secrets have development defaults only; ``FRONTDESK_ENV=production`` refuses a placeholder.
Nothing reads the environment at import time: call ``get_settings()``.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me"
# 32 zero bytes, urlsafe-base64: obviously not a real key, refused in production.
DEV_DATA_KEY = base64.urlsafe_b64encode(bytes(32)).decode()


class Settings(BaseSettings):
    """Everything configurable about a Frontdesk deployment."""

    model_config = SettingsConfigDict(env_prefix="FRONTDESK_", env_file=None, extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = DEV_SECRET
    # Comma-separated urlsafe-base64 32-byte keys; the first encrypts, all decrypt (rotation).
    data_key: str = DEV_DATA_KEY
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"

    telegram_token: str = ""
    telegram_library: Literal["ptb", "aiogram"] = "ptb"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_api_base: str = "https://api.telegram.org"
    telegram_webhook_secret: str = ""
    telegram_webhook_url: str = ""

    ack_days: int = Field(default=7, ge=1, le=60)
    ack_mode: Literal["calendar", "working"] = "calendar"
    answer_months: int = Field(default=3, ge=1, le=24)
    holidays_file: Path | None = None
    reminder_days_before: int = Field(default=2, ge=0, le=10)
    reminder_interval_seconds: float = Field(default=30.0, gt=0, le=3600)

    office_hours: str = "mon-fri 09:00-12:00,13:30-17:30"
    # A citizen waiting for a person is answered within this many minutes of office time.
    handoff_response_minutes: int = Field(default=10, ge=1, le=480)
    # The follow-up visit (回访) is due this many days after a matter closes (0: none).
    followup_days: int = Field(default=7, ge=0, le=90)
    retention_faq_days: int = 90
    retention_closed_days: int = 365 * 3
    retention_application_days: int = 365 * 3
    retention_interval_minutes: int = Field(default=360, ge=1)
    # Token buckets (issue 8): burst size and refill per minute, per conversation and per IP.
    rate_citizen_burst: int = Field(default=20, ge=1)
    rate_citizen_per_minute: int = Field(default=30, ge=1)
    rate_ip_burst: int = Field(default=120, ge=1)
    rate_ip_per_minute: int = Field(default=300, ge=1)
    rate_login_burst: int = Field(default=10, ge=1)
    rate_login_per_minute: int = Field(default=5, ge=1)
    redis_url: str = ""
    # Staff session cookie: None = Secure in production only (plain http in development/test).
    cookie_secure: bool | None = None
    max_message_chars: int = 4000
    max_attachment_bytes: int = 10 * 1024 * 1024
    faq_dir: Path | None = None
    # How often a worker checks the FAQ files for edits made outside the console (seconds).
    faq_reload_seconds: float = Field(default=5.0, gt=0, le=3600)
    workers_enabled: bool = True
    # When set, GET /metrics asks for "Authorization: Bearer <token>".
    metrics_token: str = ""
    # Issue 18 (security, round two). ``api_docs``: None = /docs and /openapi.json outside
    # production only. Request bodies are refused past ``max_body_bytes`` (uploads: the
    # attachment limit) before they are read. Upload budgets count bytes stored in a rolling
    # day per source (web: the client address; Telegram: the chat) and overall; files never
    # attached to a matter are deleted after ``retention_unattached_days``.
    api_docs: bool | None = None
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    upload_budget_source_bytes: int = Field(default=100 * 1024 * 1024, ge=0)
    upload_budget_global_bytes: int = Field(default=5 * 1024 * 1024 * 1024, ge=0)
    retention_unattached_days: int = Field(default=7, ge=1)
    stream_ticket_seconds: int = Field(default=60, ge=5, le=600)
    # Issue 19: notices for web citizens who left the page. Web Push signs with a VAPID key
    # (PEM or base64url; empty: one kept in <data dir>/vapid_private.pem) and names a contact
    # (``mailto:`` or ``https:``). SMS goes through an HTTP gateway (backend/notices/sms.py);
    # without a URL the page offers no SMS.
    vapid_private_key: str = ""
    vapid_subject: str = "mailto:12309@example.invalid"
    sms_gateway_url: str = ""
    sms_gateway_token: str = ""
    sms_sign: str = "检察服务前台"

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.env == "production":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError("FRONTDESK_SECRET_KEY must be set to a random value (≥32 chars)")
            if self.data_key == DEV_DATA_KEY:
                raise ValueError("FRONTDESK_DATA_KEY must be set to a real key in production")
        return self

    @field_validator("office_hours")
    @classmethod
    def _office_hours_parse(cls, value: str) -> str:
        from backend.office_hours import OfficeHours

        try:
            OfficeHours.parse(value, "UTC")
        except (ValueError, IndexError) as error:
            raise ValueError(
                'FRONTDESK_OFFICE_HOURS must look like "mon-fri 09:00-12:00,13:30-17:30"'
            ) from error
        return value

    @property
    def api_docs_enabled(self) -> bool:
        """Whether /docs and /openapi.json are served (never in production unless asked)."""
        return self.api_docs if self.api_docs is not None else self.env != "production"

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or SQLite under the data directory."""
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'frontdesk.db'}"

    @property
    def data_keys(self) -> list[bytes]:
        """Decoded field-encryption keys, newest first."""
        return [base64.urlsafe_b64decode(k.strip()) for k in self.data_key.split(",") if k.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
