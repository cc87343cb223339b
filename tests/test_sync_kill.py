"""The sync process killed at random points 20 times (SIGKILL: after a random delay, or at a random step of the
engine through INSPECTOR_SYNC_KILL_AT), then run once more to the end: the server and the laptop end exactly as
after one uninterrupted sync from the same start (per-table row hashes, services.sync.changes.table_hashes)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.review import Review
from inspector.services.sync import engine
from inspector.services.sync.changes import table_hashes
from inspector.store.migrate import open_database
from inspector.store.server import open_server
from tests.test_inspection import jpeg
from tests.test_review import submitted_visit
from tests.test_sync import laptop, uid

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "sync_kill_child.py"
KILLS = 20


def _photos(db, visit_id, user, count: int) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, user)
    items = [i for i in inspection.open_visit(visit_id).form.items() if Result.PASS in i.answers][:count]
    for n, item in enumerate(items):
        inspection.set_result(visit_id, item.code, Result.PASS)
        inspection.add_photo_bytes(visit_id, item.code, jpeg(320, 240, ("teal", "navy", "olive")[n % 3]), f"{n}.jpg")


def _start(pg, pg_url, tmp_path: Path) -> tuple[str, Path, uuid.UUID]:  # type: ignore[no-untyped-def]
    """The start state: a server with a numbered visit made on the laptop earlier, and a laptop with new work
    (visits with photos, one still in progress) to push and the office's result to pull. Returns (server database
    name, laptop file, the syncing user)."""
    server, _ = open_server(pg_url)
    try:
        ws = laptop(server, tmp_path / "start.sqlite")
        try:
            db = ws.db
            user = uid(db, "kiemtra1")
            earlier = submitted_visit(db, fail=0)
            engine.sync(db, server, user_id=user)
            Review(server, uid(server, "truongphong")).approve(earlier)
            minutes = Minutes(server, uid(server, "vanthu"))
            minutes.finalize(earlier, minutes.suggest_number(visit_id=earlier))
            for _ in range(2):
                submitted_visit(db, fail=0)
            from inspector.services.rounds import start_unannounced
            from inspector.store.models import ReceptionPoint, Unit
            from tests.test_review import POINT_UNIT

            with db.session() as session:
                point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == POINT_UNIT)).first()
                working = start_unannounced(session, point, user_id=user).id
            _photos(db, working, user, 4)
        finally:
            ws.close()
    finally:
        server.dispose()
    return pg_url.rsplit("/", 1)[1], tmp_path / "start.sqlite", user


def _copy(pg, name: str, laptop_file: Path, target: Path) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    copy = pg.create_database(template=name)
    shutil.copyfile(laptop_file, target)
    return pg.url(copy), target


def _hashes(url: str, laptop_file: Path) -> tuple[dict[str, str], dict[str, str]]:
    server, _ = open_server(url)
    local, _ = open_database(laptop_file, create=False)
    try:
        return table_hashes(server), table_hashes(local)
    finally:
        server.dispose()
        local.dispose()


def _sync_to_the_end(url: str, laptop_file: Path, user: uuid.UUID) -> None:
    local, _ = open_database(laptop_file, create=False)
    try:
        engine.sync(local, url, user_id=user)
    finally:
        local.dispose()


def test_killed_twenty_times_then_run_again_ends_as_one_uninterrupted_sync(pg, pg_url, tmp_path: Path) -> None:
    name, start_file, user = _start(pg, pg_url, tmp_path)
    made: list[str] = []
    try:
        ref_url, ref_file = _copy(pg, name, start_file, tmp_path / "ref.sqlite")
        made.append(ref_url.rsplit("/", 1)[1])
        _sync_to_the_end(ref_url, ref_file, user)
        expected = _hashes(ref_url, ref_file)

        url, file = _copy(pg, name, start_file, tmp_path / "killed.sqlite")
        made.append(url.rsplit("/", 1)[1])
        assert _hashes(url, file) != expected  # there is work to do
        rng = random.Random(14)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "INSPECTOR_SYNC_BATCH": "1"}
        completed = 0
        for n in range(KILLS):
            child_env = dict(env)
            if n % 2 == 0:  # at a step: before/after a commit on either side, anywhere in the run
                child_env["INSPECTOR_SYNC_KILL_AT"] = str(rng.randint(1, 30))
            child = subprocess.Popen([sys.executable, str(CHILD), str(file), url, str(user)], env=child_env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if n % 2 == 1:  # after a random time (the start of a child is most of a second)
                time.sleep(rng.uniform(0.5, 1.5))
                if child.poll() is None:
                    child.send_signal(signal.SIGKILL)
            out, err = child.communicate(timeout=120)
            if child.returncode == 0:
                completed += 1
            else:
                assert child.returncode == -signal.SIGKILL, err.decode()[-2000:]
        assert completed < KILLS  # most runs were cut short
        _sync_to_the_end(url, file, user)
        server, local = _hashes(url, file)
        assert [t for t in server if server[t] != expected[0][t]] == []
        assert [t for t in local if local[t] != expected[1][t]] == []
    finally:
        for made_name in made:
            pg.drop_database(made_name)


@pytest.fixture(autouse=True)
def _no_kill_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_SYNC_KILL_AT", raising=False)
