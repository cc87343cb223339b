"""Laptop ↔ server sync (issue 14, services/sync): two laptops made from one server, visits on both, the supervisor
approves and the clerk numbers on the server, the laptops pull the result; the history of three machines verifies
on the server; a visit is edited on one machine at a time; conflicts are kept; a foreign laptop is refused."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result, VisitStatus
from inspector.services import verify
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.review import Review
from inspector.services.sync import changes, engine
from inspector.services.sync.changes import SyncRefused
from inspector.services.sync.checkout import HeldElsewhere
from inspector.services.workspace import open_workspace
from inspector.store.models import AuditEvent, Meta, SyncConflict, User, Visit
from inspector.store.server import open_server
from tests.test_inspection import jpeg
from tests.test_review import submitted_visit


def uid(db, username: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.username == username)).one()


@pytest.fixture
def server(pg_url):  # type: ignore[no-untyped-def]
    db, _ = open_server(pg_url)
    yield db
    db.dispose()


def laptop(server, path: Path, username: str = "kiemtra1"):  # type: ignore[no-untyped-def]
    """A laptop database made from the server, then opened as the app opens it (forms and register loaded)."""
    db, report = engine.clone(path, server, user_id=uid(server, username))
    assert report.pulled["users"] and report.pulled["form_versions"]
    db.dispose()
    return open_workspace(path, demo_if_new=False)


def visit(db, visit_id):  # type: ignore[no-untyped-def]
    with db.read() as session:
        found = session.get(Visit, visit_id)
        session.expunge(found)  # its columns read, kept after the session
        return found


def test_two_laptops_and_a_server(server, tmp_path: Path) -> None:
    ws1, ws2 = laptop(server, tmp_path / "l1.sqlite"), laptop(server, tmp_path / "l2.sqlite", "kiemtra2")
    l1, l2 = ws1.db, ws2.db
    try:
        # the app's own start on a cloned file added nothing of its own: a second sync has nothing to refuse
        assert changes.table_hashes(l1)["form_versions"] == changes.table_hashes(server)["form_versions"]
        on1, on2 = submitted_visit(l1), submitted_visit(l2)
        inspector1 = uid(l1, "kiemtra1")
        in_progress = Inspection(l1, inspector1)
        with l1.session() as session:  # a second visit on laptop 1, still being worked on
            from inspector.services.rounds import start_unannounced
            from inspector.store.models import ReceptionPoint, Unit
            from tests.test_review import POINT_UNIT

            point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == POINT_UNIT)).first()
            working = start_unannounced(session, point, user_id=inspector1).id
        code = next(i.code for i in in_progress.open_visit(working).form.items() if Result.PASS in i.answers)
        in_progress.set_result(working, code, Result.PASS)
        in_progress.add_photo_bytes(working, code, jpeg(400, 300), "anh.jpg")

        seen: list[engine.SyncProgress] = []
        r1 = engine.sync(l1, server, user_id=inspector1, progress=seen.append)
        r2 = engine.sync(l2, server, user_id=uid(l2, "kiemtra2"))
        assert r1.pushed["visits"] == 2 and r2.pushed["visits"] == 1
        assert r1.checked_in == 1 and r1.blobs >= 1 and r1.history_pushed > 0
        assert {p.phase for p in seen} >= {"push", "pull", "history"}

        # at the office: both visits are there, submitted; the one still worked on stays with laptop 1
        assert visit(server, on1).status is VisitStatus.SUBMITTED and visit(server, on2).status is VisitStatus.SUBMITTED
        with l1.read() as session:
            origin1 = session.get(Meta, "origin").value
        assert visit(server, working).checked_out_to == origin1
        assert visit(server, on1).checked_out_to is None
        supervisor, clerk = uid(server, "truongphong"), uid(server, "vanthu")
        for vid in (on1, on2):
            Review(server, supervisor).approve(vid)
            minutes = Minutes(server, clerk)
            minutes.finalize(vid, minutes.suggest_number(visit_id=vid))
        numbers = {vid: visit(server, vid).minutes_number for vid in (on1, on2)}
        assert all(numbers.values()) and len(set(numbers.values())) == 2
        # the office cannot edit the visit laptop 1 holds, and the message says who holds it
        with pytest.raises(HeldElsewhere, match="đang được sửa trên máy"):
            Inspection(server, uid(server, "kiemtra1")).set_result(working, code, Result.FAIL)
        # laptop 1 cannot edit a visit the server now holds
        with pytest.raises(HeldElsewhere, match="máy chủ"):
            Inspection(l1, inspector1).set_note(on1, code, "sửa sau khi đã gửi")

        # the laptops pull the result: approved, numbered, with the minutes' PDF
        engine.sync(l1, server, user_id=inspector1)
        engine.sync(l2, server, user_id=uid(l2, "kiemtra2"))
        for db in (l1, l2):
            for vid in (on1, on2):
                v = visit(db, vid)
                assert v.status is VisitStatus.LOCKED and v.minutes_number == numbers[vid]
                assert v.minutes_sha256
        # one more sync changes nothing anywhere
        before = changes.table_hashes(server), changes.table_hashes(l1)
        again = engine.sync(l1, server, user_id=inspector1)
        assert not again.pushed and not again.pulled and again.blobs == 0
        assert (changes.table_hashes(server), changes.table_hashes(l1)) == before

        # three machines' histories, each chain whole, the data replayed from all of them
        with server.read() as session:
            report = verify.verify(session)
            chains = set(session.scalars(sa.select(AuditEvent.origin).distinct()))
        assert report.ok, report.problems
        assert len(chains) == 3
        for db in (l1, l2):
            with db.read() as session:
                assert verify.verify(session).ok, verify.verify(session).problems
    finally:
        ws1.close()
        ws2.close()


def test_a_conflicting_edit_is_kept_for_the_supervisor(server, tmp_path: Path) -> None:
    ws = laptop(server, tmp_path / "l1.sqlite")
    try:
        l1 = ws.db
        vid = submitted_visit(l1)
        inspector = uid(l1, "kiemtra1")
        engine.sync(l1, server, user_id=inspector)
        # the laptop's copy is changed behind the check-out (a restored backup, a tool): it differs from the
        # server's, which holds the visit
        with l1.session() as session:
            session.execute(sa.update(Visit).where(Visit.id == vid).values(conclusions="Sửa trên máy xách tay",
                                                                           checked_out_to=None))
        report = engine.sync(l1, server, user_id=inspector)
        assert report.conflicts == 1
        assert visit(server, vid).conclusions == "Cơ bản thực hiện đúng quy định."  # the server's stays
        assert visit(l1, vid).conclusions == "Cơ bản thực hiện đúng quy định."      # and goes back to the laptop
        assert engine.sync(l1, server, user_id=inspector).conflicts == 0           # recorded once
        supervisor = uid(server, "truongphong")
        with server.session() as session:
            (row,) = engine.conflicts(session, supervisor)
            assert row.entity_type == "visits" and ("conclusions", "Cơ bản thực hiện đúng quy định.",
                                                    "Sửa trên máy xách tay") in row.differences
            engine.settle(session, row.id, "remote", supervisor)
        assert visit(server, vid).conclusions == "Sửa trên máy xách tay"
        with server.read() as session:
            assert session.scalars(sa.select(SyncConflict.resolution)).one() == "remote"
            # the version taken is in the history as a change of the visit: the data still equals its replay
            report = verify.verify(session)
            assert report.ok, report.problems
    finally:
        ws.close()


def test_a_laptop_not_made_from_the_server_is_refused(server, tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "own.sqlite", demo_if_new=True, demo_history=False)
    try:
        before = changes.table_hashes(server)
        with pytest.raises(SyncRefused, match="không được tạo từ máy chủ"):
            engine.sync(ws.db, server, user_id=uid(server, "kiemtra1"))
        assert changes.table_hashes(server) == before
    finally:
        ws.close()


def test_stop_leaves_what_was_done(server, tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    stop.set()
    db, _ = open_server(server.url)
    try:
        with pytest.raises(engine.SyncStopped):
            engine.clone(tmp_path / "l.sqlite", db, user_id=uid(server, "kiemtra1"), stop=stop)
    finally:
        db.dispose()


def test_the_command_line_makes_a_laptop_from_the_server_then_syncs(server, tmp_path: Path, capsys) -> None:
    import os

    from inspector.cli import main
    from inspector.services.accounts import hash_password

    with server.session() as session:
        session.execute(sa.update(User).where(User.username == "kiemtra1").values(
            password_hash=hash_password("mật khẩu đồng bộ")))

    def run(*args: str) -> int:
        read, write = os.pipe()
        os.write(write, "mật khẩu đồng bộ\n".encode())
        os.close(write)
        return main(["sync", server.url, "--database", str(tmp_path / "l.sqlite"), "--user", "kiemtra1",
                     "--password-fd", str(read), *args])

    assert run() == 0
    assert "Đã tạo" in capsys.readouterr().out
    assert run() == 0
    out = capsys.readouterr().out
    assert "Đã đồng bộ với" in out and "Đã tạo" not in out
