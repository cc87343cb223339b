"""A throw-away PostgreSQL server for the tests and the benchmarks (issue 14).

Debian's postgresql package (15 or newer): ``initdb`` into a temporary folder, listening on 127.0.0.1 only on a
free port (and on a Unix socket in the same folder), stopped and removed at the end. As root (CI), the server
runs as the ``postgres`` user the package creates: PostgreSQL refuses to run as root.

``INSPECTOR_TEST_PG=0`` skips the PostgreSQL tests (a machine without the package); otherwise a missing
package fails them with what to install. scripts/dev installs it, so CI always runs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def pg_bin_dir() -> Path | None:
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return None
    versions = sorted((p for p in root.iterdir() if (p / "bin" / "initdb").exists()),
                      key=lambda p: int(p.name) if p.name.isdigit() else 0)
    return versions[-1] / "bin" if versions else None


def available() -> bool:
    """The PostgreSQL tests run unless INSPECTOR_TEST_PG=0. Without the package they fail (PgServer says what to
    install) rather than skip: a CI run that lost its install step must not pass on SQLite alone."""
    return os.environ.get("INSPECTOR_TEST_PG", "1") != "0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One running cluster; ``url(dbname)`` for SQLAlchemy (psycopg 3), ``create_database()`` a fresh database."""

    user = "inspector"
    password = "inspector-test"

    def __init__(self) -> None:
        bindir = pg_bin_dir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self.process: subprocess.Popen[bytes] | None = None

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:  # type: ignore[no-untyped-def]
        cmd = list(args)
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, **kwargs)

    def start(self) -> PgServer:
        os.chmod(self.root, 0o755)
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if self._as_postgres:
            shutil.chown(pwfile, "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--pwfile", str(pwfile),
                  "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        return self.resume()

    def resume(self) -> PgServer:
        """Start (again, after :meth:`halt`) the server on its data folder and port."""
        cmd = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
               "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
               "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
               "-c", "max_connections=200", "-c", "shared_buffers=64MB"]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start:\n{(self.root / 'server.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
                import psycopg

                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return self
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start in 30 s")

    def dsn(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} password={self.password} dbname={dbname}"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its name."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def halt(self) -> None:
        """Stop the server as an administrator would (fast shutdown: clients cut off), keeping its data."""
        if self.process is not None and self.process.poll() is None:
            import signal

            try:  # SIGINT: PostgreSQL's "fast" shutdown (SIGTERM, "smart", waits for every client to leave)
                os.killpg(self.process.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.root, ignore_errors=True)
