"""The office server's address (PostgreSQL, issue 14) as the app remembers it: host, port, database, user —
never the password, which is asked at start and kept in memory for the session only.

Light on purpose (no SQLAlchemy): the settings read it before the first paint.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

DEFAULT_PORT = 5432
SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


@dataclass(frozen=True)
class ServerAddress:
    """Where the office database is: ``postgresql://user@host:port/database`` without a password."""

    host: str
    port: int = DEFAULT_PORT
    database: str = "inspector"
    user: str = "inspector"

    @classmethod
    def parse(cls, url: str) -> tuple[ServerAddress, str | None]:
        """The address in ``url`` and the password written in it (None when there is none).
        Raises ValueError for what is not a server's address."""
        if not is_server_target(url):
            raise ValueError(url)
        parts = urlsplit("postgresql://" + url.split("://", 1)[1])
        database = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not database:
            raise ValueError(url)
        address = cls(host=parts.hostname, port=parts.port or DEFAULT_PORT, database=database,
                      user=unquote(parts.username or ""))
        return address, unquote(parts.password) if parts.password is not None else None

    def url(self, password: str | None = None) -> str:
        """The address for SQLAlchemy (psycopg 3), with ``password`` when given."""
        who = quote(self.user, safe="")
        if password:
            who += ":" + quote(password, safe="")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql+psycopg://{who}@{host}:{self.port}/{quote(self.database, safe='')}"

    def display(self) -> str:
        """What the user reads (title bar, status bar, messages): no password, ever."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{self.user}@{host}:{self.port}/{self.database}"

    def __str__(self) -> str:
        return self.display()


def is_server_target(target: object) -> bool:
    return isinstance(target, ServerAddress) or (isinstance(target, str) and target.startswith(SCHEMES))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


# The database role's passwords typed this session, by address: asked once per start, never written to disk.
_session_passwords: dict[ServerAddress, str] = {}


def remember_password(address: ServerAddress, password: str) -> None:
    _session_passwords[address] = password


def session_password(address: ServerAddress) -> str | None:
    return _session_passwords.get(address)


def forget_password(address: ServerAddress) -> None:
    _session_passwords.pop(address, None)
