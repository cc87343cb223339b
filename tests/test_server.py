"""The office database on a PostgreSQL server (issue 14): several desktops at once lose no update and never
number two minutes alike; a lost connection says so and loses nothing acknowledged; ``inspector server init``
and ``--database URL`` on the command line.

Every test here needs the test server (tests/pg_server.py, the ``pg`` fixture): marked ``postgres``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from inspector.domain.catalog import Role
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.accounts import sign_in
from inspector.services.inspection import Inspection
from inspector.services.verify import verify
from inspector.services.workspace import open_workspace
from inspector.store.db import PG_WRITE_LOCK, display_url
from inspector.store.migrate import SCHEMA_HEAD
from inspector.store.models import Answer, Visit
from inspector.store.server import ServerConnectionLost
from tests import pg_server
from tests.people import demo_user
from tests.server_race_child import NUMBERED_ITEM, OWN_ITEMS, WRITES
from tests.test_minutes import make_round
from tests.test_minutes_numbers import _begin, submitted_visit

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgres


def _plain_url(url: str) -> str:
    """The address as psycopg (libpq) takes it."""
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# --- two desktops at the same moment -------------------------------------------------------------------


def test_two_desktops_write_one_visit_and_number_minutes_at_the_same_moment(pg_url: str, tmp_path: Path) -> None:
    rounds = 15
    workspace = open_workspace(pg_url, demo_if_new=False)
    try:
        db = workspace.db
        round_id = make_round(db)
        plan = {
            "inspector": str(demo_user(db, "kiemtra1")), "clerk": str(demo_user(db, "vanthu")),
            "rounds": [{"write": str(_begin(db, round_id)),
                        "number": {name: str(submitted_visit(db, round_id=round_id)) for name in ("a", "b")}}
                       for _ in range(rounds)],
        }
    finally:
        workspace.close()
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    sync = tmp_path / "sync"
    sync.mkdir()
    children = {name: subprocess.Popen(
        [sys.executable, "-m", "tests.server_race_child", pg_url, name, str(sync), str(tmp_path / "plan.json")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")}
    acks: dict[str, list[dict]] = {}
    for name, child in children.items():
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, f"{name}:\n{err}"
        acks[name] = [json.loads(line) for line in out.splitlines()]
        assert acks[name][-1] == {"kind": "done"}

    workspace = open_workspace(pg_url, demo_if_new=False)
    lost, retried = [], 0
    try:
        with workspace.db.read() as session:
            for n, step in enumerate(plan["rounds"]):
                visit_id = uuid.UUID(step["write"])
                answers = {a.item_code: a for a in session.scalars(sa.select(Answer).where(
                    Answer.visit_id == visit_id, Answer.deleted_at.is_(None)))}
                # each desktop's last acknowledged number in the one answer both wrote into
                for name, field in (("a", "checked"), ("b", "with_receipt")):
                    last = [x["value"] for x in acks[name] if x.get("round") == n and x["kind"] == "value"][-1]
                    if answers[NUMBERED_ITEM].values.get(field) != last:
                        lost.append((n, NUMBERED_ITEM, field, answers[NUMBERED_ITEM].values, last))
                for name, result in (("a", Result.PASS), ("b", Result.FAIL)):
                    for code in OWN_ITEMS[name][:WRITES]:
                        if code not in answers or answers[code].result is not result:
                            lost.append((n, code, name))
            locked = session.execute(sa.select(Visit.id, Visit.minutes_seq, Visit.minutes_number, Visit.minutes_sha256)
                                     .where(Visit.status == VisitStatus.LOCKED)).all()
            report = verify(session, [])
    finally:
        workspace.close()
    assert lost == []  # 0 lost updates
    numbered = [x for name in ("a", "b") for x in acks[name] if x["kind"] == "number"]
    retried = sum(x["refused"] for x in numbered)
    assert len(numbered) == len(locked) == 2 * rounds
    assert sorted(seq for _, seq, _, _ in locked) == list(range(1, 2 * rounds + 1))  # unique and consecutive
    assert {(x["visit"], x["number"], x["sha256"]) for x in numbered} == {
        (str(v), number, sha) for v, _, number, sha in locked}  # each desktop got what the server kept
    assert report.ok, report.summary()  # both desktops' history is one whole chain
    writes = sum(1 for name in acks for x in acks[name] if x["kind"] in ("value", "result"))
    print(f"\ntwo desktops, {rounds} rounds: {writes} writes to the same visits, 0 lost; "
          f"{len(numbered)} minutes numbered 1..{len(numbered)}, 0 duplicates ({retried} suggestions taken first by the other)")


# --- a lost connection ----------------------------------------------------------------------------------


def _app_backends(admin: psycopg.Connection, dbname: str) -> list[tuple[int, str | None]]:
    return admin.execute("SELECT pid, wait_event_type FROM pg_stat_activity WHERE datname = %s "
                         "AND application_name = 'inspector'", (dbname,)).fetchall()


def _results(db, visit_id: uuid.UUID) -> dict[str, Result]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return dict(session.execute(sa.select(Answer.item_code, Answer.result).where(
            Answer.visit_id == visit_id, Answer.deleted_at.is_(None), Answer.result != Result.UNCHECKED)).all())


def _started_visit(db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return _begin(db, make_round(db))


def test_a_connection_cut_in_the_middle_of_a_change(pg_url: str) -> None:
    """The server ends the app's connections (pg_terminate_backend) while a change waits inside its transaction."""
    dbname = sa.engine.make_url(pg_url).database
    workspace = open_workspace(pg_url, demo_if_new=False)
    try:
        db = workspace.db
        visit_id = _started_visit(db)
        inspection = Inspection(db, demo_user(db, "kiemtra1"))
        for code in ("KL-01", "KL-02", "KL-04"):
            inspection.set_result(visit_id, code, Result.PASS)  # acknowledged
        with psycopg.connect(_plain_url(pg_url), autocommit=True) as admin:
            admin.execute("SELECT pg_advisory_lock(%s)", (PG_WRITE_LOCK,))  # the change will wait in its transaction
            outcome: list[BaseException | None] = []

            def change() -> None:
                try:
                    inspection.set_result(visit_id, "KL-05", Result.FAIL)
                    outcome.append(None)
                except BaseException as exc:  # handed to the test
                    outcome.append(exc)

            worker = threading.Thread(target=change)
            worker.start()
            deadline = time.monotonic() + 30
            while not any(wait == "Lock" for _, wait in _app_backends(admin, dbname)):
                assert time.monotonic() < deadline, "the change never reached the write lock"
                time.sleep(0.01)
            for pid, _ in _app_backends(admin, dbname):  # every connection the app has: as if the server went away
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            worker.join(30)
            admin.execute("SELECT pg_advisory_unlock(%s)", (PG_WRITE_LOCK,))
        (error,) = outcome
        assert isinstance(error, ServerConnectionLost), repr(error)
        message = str(error)
        assert message.startswith(f"Mất kết nối tới máy chủ {display_url(pg_url)}: thao tác này chưa được lưu; "
                                  "những gì đã lưu vẫn còn.")
        assert pg_server.PgServer.password not in message
        # the next call works (the pool checks its connections first) and finds everything acknowledged
        assert _results(db, visit_id) == {"KL-01": Result.PASS, "KL-02": Result.PASS, "KL-04": Result.PASS}
        inspection.set_result(visit_id, "KL-05", Result.FAIL)
        assert _results(db, visit_id)["KL-05"] is Result.FAIL
    finally:
        workspace.close()


@pytest.fixture
def own_server(pg) -> object:  # type: ignore[no-untyped-def]
    """A server of this test's own, to stop and start again (the session's serves every other test)."""
    server = pg_server.PgServer().start()
    yield server
    server.stop()


def test_the_server_stopped_and_started_again(own_server) -> None:  # type: ignore[no-untyped-def]
    url = own_server.url(own_server.create_database("office"))
    workspace = open_workspace(url, demo_if_new=True, demo_history=False)
    try:
        db = workspace.db
        visit_id = _started_visit(db)
        inspection = Inspection(db, demo_user(db, "kiemtra1"))
        acknowledged = {}
        for code, result in (("KL-01", Result.PASS), ("KL-02", Result.FAIL), ("KL-04", Result.PASS)):
            inspection.set_result(visit_id, code, result)
            acknowledged[code] = result
        own_server.halt()  # the administrator stops the server (fast shutdown: every client cut off)
        with pytest.raises(ServerConnectionLost, match="^Mất kết nối tới máy chủ .*: thao tác này chưa được lưu; "
                                                       "những gì đã lưu vẫn còn"):
            inspection.set_result(visit_id, "KL-05", Result.FAIL)
        with pytest.raises(ServerConnectionLost):
            inspection.open_visit(visit_id)  # a read says the same
        own_server.resume()
        assert _results(db, visit_id) == acknowledged  # nothing acknowledged lost, nothing half-saved
        inspection.set_result(visit_id, "KL-05", Result.FAIL)  # and the app carries on
        assert _results(db, visit_id) == {**acknowledged, "KL-05": Result.FAIL}
    finally:
        workspace.close()


# --- the command line ----------------------------------------------------------------------------------


def _cli(*args: str, password: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``inspector ARGS``; ``{fd}`` in ARGS is a descriptor whose first line is ``password``."""
    read, write = os.pipe()
    try:
        os.write(write, f"{password or ''}\n".encode())
        os.close(write)
        write = -1
        command = [a.replace("{fd}", str(read)) for a in args]
        return subprocess.run([sys.executable, "-m", "inspector", *command], capture_output=True, text=True,
                              cwd=ROOT, timeout=180, pass_fds=(read,), input="", env={**os.environ, **(env or {})})
    finally:
        os.close(read)
        if write != -1:
            os.close(write)


def _main(capsys: pytest.CaptureFixture[str], *args: str, password: str | None = None) -> tuple[int, str, str]:
    """``inspector ARGS`` in this process (a new Python costs seconds each): exit code, stdout, stderr.
    No keyboard (stdin is not a terminal); ``{fd}`` in ARGS is a descriptor whose first line is ``password``."""
    from inspector.cli import main

    read, write = os.pipe()
    os.write(write, f"{password or ''}\n".encode())
    os.close(write)
    try:
        code = main([a.replace("{fd}", str(read)) for a in args])
    finally:
        if not any("{fd}" in a for a in args):
            os.close(read)  # else the command read and closed it
    out, err = capsys.readouterr()
    return code, out, err


def test_server_init_makes_the_schema_and_the_first_administrator(pg) -> None:  # type: ignore[no-untyped-def]
    """The command as an administrator runs it: a new process, the password through a descriptor."""
    url = pg.url(pg.create_database())
    shown = display_url(url)
    assert pg_server.PgServer.password not in shown and shown.startswith("postgresql://inspector@127.0.0.1:")
    run = _cli("server", "init", url, "--admin", "Nguyen.Admin", "--full-name", "Nguyễn Quản Trị",
               "--admin-password-fd", "{fd}", password="Mật-khẩu quản trị 2026")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"Đã tạo lược đồ Inspector trên {shown} (lược đồ {SCHEMA_HEAD}).",
        "Đã nạp phiếu kiểm tra và danh mục văn bản pháp luật kèm theo ứng dụng: "
        f"{len(list((ROOT / 'forms').glob('*.toml')))} phiên bản phiếu mới, 0 không đổi.",
        "Đã đặt mật khẩu cho quản trị nguyen.admin.",
    ]
    assert pg_server.PgServer.password not in run.stdout + run.stderr
    workspace = open_workspace(url, create=False, demo_if_new=False)
    try:
        with workspace.db.session() as session:
            admin = sign_in(session, "nguyen.admin", "Mật-khẩu quản trị 2026")
            assert (admin.full_name, set(admin.roles)) == ("Nguyễn Quản Trị", {Role.ADMIN})
    finally:
        workspace.close()


def test_server_init_is_idempotent_and_other_commands_take_the_url(pg, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no keyboard to ask a password at
    url = pg.url(pg.create_database())
    secret = pg_server.PgServer.password
    shown = display_url(url)

    code, out, err = _main(capsys, "server", "init", url, "--demo")  # the schema, but no administrator yet
    assert code == 2
    assert f"Đã tạo lược đồ Inspector trên {shown} với bản đồ và tài khoản mẫu" in out
    assert "--admin-password-fd N" in err
    code, out, err = _main(capsys, "server", "init", url, "--demo", "--admin-password-fd", "{fd}",
                           password="Mật-khẩu quản trị 2026")
    assert code == 0, err
    assert f"{shown} đã ở lược đồ mới nhất" in out
    assert "Đã đặt mật khẩu cho quản trị quantri (các tài khoản mẫu dùng cùng mật khẩu này; hãy đổi sau)." in out
    code, again, err = _main(capsys, "server", "init", url, "--admin", "someone")  # nothing to do: nothing asked
    assert code == 0, err
    assert f"{shown} đã ở lược đồ mới nhất" in again and "Đã có quản trị có mật khẩu: không tạo thêm." in again
    assert secret not in out + again + err

    workspace = open_workspace(url, create=False, demo_if_new=False)
    try:
        with workspace.db.session() as session:
            assert Role.ADMIN in sign_in(session, "quantri", "Mật-khẩu quản trị 2026").roles
            assert sign_in(session, "kiemtra1", "Mật-khẩu quản trị 2026").username == "kiemtra1"  # --demo's accounts
    finally:
        workspace.close()

    # the database's password from libpq's environment rather than the command line, as the README advises
    plain = sa.engine.make_url(url)._replace(password=None).render_as_string(hide_password=False)
    assert secret not in plain
    monkeypatch.setenv("PGPASSWORD", secret)
    code, out, err = _main(capsys, "audit", "verify", "--database", plain)
    assert code == 0, err
    assert out.startswith("OK   ")
    assert _main(capsys, "visits", "--database", plain) == (0, "", "")  # no visits yet


def test_the_command_line_refuses_with_a_message(pg, capsys) -> None:  # type: ignore[no-untyped-def]
    secret = pg_server.PgServer.password
    empty = pg.url(pg.create_database())
    code, _, err = _main(capsys, "visits", "--database", empty)  # never creates a schema
    assert code == 2
    assert "chưa được khởi tạo cho Inspector. Quản trị chạy: inspector server init postgresql://inspector@" in err

    foreign = pg.create_database()
    with psycopg.connect(pg.dsn(foreign), autocommit=True) as connection:
        connection.execute("CREATE TABLE customers (id int)")
    code, _, err = _main(capsys, "server", "init", pg.url(foreign))
    assert code == 2
    assert "đã có bảng nhưng không do Inspector tạo ra" in err

    code, _, err = _main(capsys, "audit", "verify", "--database", f"postgresql://inspector:{secret}@127.0.0.1:1/office")
    assert code == 2
    assert "Không mở được cơ sở dữ liệu trên máy chủ postgresql://inspector@127.0.0.1:1/office" in err
    assert "không kết nối được tới máy chủ" in err and secret not in err

    code, _, err = _main(capsys, "server", "init", "/tmp/inspector.sqlite")
    assert code == 2 and "không phải địa chỉ máy chủ PostgreSQL" in err


def test_audit_verify_on_the_server_names_a_change_made_behind_the_apps_back(pg_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """The history proves the data whole on a server too: a numbered visit verifies against the anchor printed on
    its minutes; an answer changed with plain SQL (by someone with the database's password) is named."""
    from inspector.services.minutes import Minutes
    from inspector.services.review import Review
    from tests.test_audit_verify import printed_anchor
    from tests.test_review import submitted_visit as reviewed_visit

    workspace = open_workspace(pg_url, demo_if_new=False)
    try:
        db = workspace.db
        visit_id = reviewed_visit(db, fail=1)
        Review(db, demo_user(db, "truongphong")).approve(visit_id)
        anchor = printed_anchor(Minutes(db, demo_user(db, "vanthu")).finalize(visit_id, "5").data)
        with db.read() as session:
            report = verify(session, [anchor])
        assert report.ok and report.anchors == 1, report.problems
        assert _main(capsys, "audit", "verify", "--database", pg_url, "--anchor", anchor)[0] == 0
        with psycopg.connect(_plain_url(pg_url)) as tamperer:
            code = tamperer.execute("UPDATE answers SET result = 'dat', note = '' WHERE visit_id = %s "
                                    "AND result = 'khong_dat' RETURNING item_code", (visit_id,)).fetchone()[0]
        with db.read() as session:
            report = verify(session, [anchor])
        assert not report.ok
        assert code in report.first and "Không đạt" in report.first and "05/" in report.first
        exit_code, _, err = _main(capsys, "audit", "verify", "--database", pg_url, "--anchor", anchor)
        assert exit_code == 1 and code in err
    finally:
        workspace.close()
