"""One settings object for the whole program, read from ``DUBAN_*`` environment variables.

Why one object: every area (parse limits, database, server, mail) reads the same
place, the README documents the same list, and tests override it by environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import platformdirs


def _default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("duban", appauthor=False))
    return f"sqlite:///{data_dir / 'duban.sqlite3'}"


class SettingsError(ValueError):
    """A DUBAN_* variable whose value cannot be read; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Every setting with its default; ``help`` metadata feeds the README table."""

    database_url: str = field(default_factory=_default_database_url,
                              metadata={"help": "SQLAlchemy URL; default a SQLite file in the user's data directory"})
    max_file_mb: float = field(default=50.0, metadata={"help": "files larger than this are refused before reading"})
    parse_seconds: float = field(default=30.0, metadata={"help": "wall time one file's parsing may take (`duban parse`, `import`)"})
    parse_memory_mb: int = field(default=1024, metadata={"help": "memory one file's parsing may add to the process"})
    max_unpacked_mb: float = field(default=200.0, metadata={"help": "total size a .docx/.xlsx may unpack to"})
    max_zip_ratio: int = field(default=100, metadata={"help": "largest compression ratio of a .docx/.xlsx part over 1 MB"})
    max_paragraphs: int = field(default=200_000, metadata={"help": "paragraphs a .docx may hold"})
    max_rows: int = field(default=200_000, metadata={"help": "table rows a .docx/.xlsx may hold (all tables/sheets)"})
    max_cells: int = field(default=2_000_000, metadata={"help": "table cells a .docx/.xlsx may hold, merged areas counted"})
    max_columns: int = field(default=1000, metadata={"help": "columns a table row may span (.docx gridSpan/gridBefore)"})
    max_pdf_stream_mb: float = field(default=100.0, metadata={"help": "size one PDF stream may inflate to"})
    max_pdf_ops: int = field(default=200_000, metadata={"help": "text-showing operations one PDF content stream may hold"})
    host: str = field(default="127.0.0.1", metadata={"help": "address `duban serve` binds"})
    port: int = field(default=8000, metadata={"help": "port `duban serve` listens on"})
    secret_key: str = field(default="", metadata={
        "help": "key signing session cookies; when empty, one generated once and kept in the data directory"})
    cookie_secure: bool = field(default=False, metadata={"help": "mark the session cookie Secure (behind HTTPS)"})
    trusted_proxies: str = field(default="", metadata={
        "help": "addresses or networks (comma-separated) of reverse proxies whose X-Forwarded-For is believed; "
                "empty: none, not even loopback"})
    max_form_mb: float = field(default=8.0, metadata={
        "help": "largest request body of a signed-in user other than a file upload"})
    max_anonymous_kb: int = field(default=64, metadata={
        "help": "largest request body before signing in (the login form)"})
    max_form_fields: int = field(default=400, metadata={"help": "most fields (and files) in one form"})
    report_max_items: int = field(default=50, metadata={"help": "most numbered items in one progress report"})
    report_max_item_chars: int = field(default=5000, metadata={"help": "longest item of a progress report"})
    smtp_host: str = field(default="", metadata={"help": "SMTP server for reminders; empty disables e-mail"})
    smtp_port: int = field(default=25, metadata={"help": "SMTP port"})
    smtp_from: str = field(default="duban@localhost", metadata={"help": "sender address of reminders"})
    webhook_url: str = field(default="", metadata={"help": "DingTalk / WeCom robot URL for reminders; empty disables"})
    remind_days: int = field(default=3, metadata={"help": "remind this many days before and after a due date"})
    db_connections: int = field(default=40, metadata={
        "help": "most database connections one process opens (the web server's worker threads share them)"})
    db_wait_seconds: float = field(default=10.0, metadata={
        "help": "how long a request waits for a free connection before a 503 (server busy) page"})
    pdf_timeout: float = field(default=120.0, metadata={"help": "seconds LibreOffice may take to convert one export to PDF"})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(f"DUBAN_{f.name.upper()}")
            if raw is None:
                continue
            try:
                if f.type in ("bool", bool):
                    values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
                elif f.type in ("int", int):
                    values[f.name] = int(raw)
                elif f.type in ("float", float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError:
                raise SettingsError(f"DUBAN_{f.name.upper()}={raw!r} 不是有效的{'整数' if f.type in ('int', int) else '数字'}") from None
        return cls(**values)


def get_settings() -> Settings:
    """Read the environment each call, so tests and the CLI see changes at once."""
    return Settings.from_env()
