"""*Đồng bộ* on screen against a real server (tests/pg_server.py): a laptop's file made from the server, a visit
with photos made on it; the dialog runs the sync on a worker thread, its progress bar reaches the end, the counts
are shown and the main window's lists show what came from the server; the Stop button stops safely and a second
sync carries on; the supervisor's conflicts screen settles a conflict. Screenshots for a human to look at."""

from __future__ import annotations

import io
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.rounds import start_unannounced
from inspector.services.sync import changes as ch
from inspector.services.sync import engine
from inspector.store.db import Database
from inspector.store.models import Answer, AuditEvent, Blob, ReceptionPoint, SyncConflict, SyncPeer, User, Visit
from inspector.store.server import open_server
from inspector.ui import server_address
from inspector.ui.app import build_main_window
from inspector.ui.main_window import MainWindow
from inspector.ui.server_address import ServerAddress
from inspector.ui.sync import labels
from inspector.ui.sync.conflicts import ConflictsDialog
from inspector.ui.sync.dialog import SyncDialog
from tests.conftest import save_artifact

pytestmark = pytest.mark.usefixtures("fresh_server_passwords")


def _user(db: Database, name: str) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.username == name)).one()


def _jpeg(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), ((n * 53) % 255, (n * 97) % 255, 140)).save(out, "JPEG")
    return out.getvalue()


def _visit_with_photos(db: Database, user: uuid.UUID, point_index: int, photos: int) -> uuid.UUID:
    """A visit started through the services, a few items failed with a photo each."""
    with db.session() as session:
        points = list(session.scalars(sa.select(ReceptionPoint.id).where(ReceptionPoint.active.is_(True))
                                      .order_by(ReceptionPoint.name)))
        visit_id = start_unannounced(session, points[point_index % len(points)], user_id=user).id
    inspection = Inspection(db, user)
    items = [i for i in inspection.open_visit(visit_id).form.items() if Result.FAIL in i.answers][:photos]
    for n, item in enumerate(items):
        inspection.set_result(visit_id, item.code, Result.FAIL)
        inspection.add_photo_bytes(visit_id, item.code, _jpeg(point_index * 10 + n), f"anh{n}.jpg",
                                   f"Bảng niêm yết thủ tục, ảnh {n + 1}")
    return visit_id


@pytest.fixture
def server(pg_url):  # type: ignore[no-untyped-def]
    db, _ = open_server(pg_url)
    yield db
    db.dispose()


@pytest.fixture
def laptop(server, pg_url, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """The laptop's file, made from the server as `inspector sync URL --database new.sqlite` makes it."""
    path = tmp_path / "laptop.sqlite"
    db, _report = engine.clone(path, pg_url, user_id=_user(server, "kiemtra1"))
    db.dispose()
    return path


def _window(qtbot, options, path: Path, user: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(options, path, user=user)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _sync_dialog(window: MainWindow, pg, pg_url: str) -> SyncDialog:  # type: ignore[no-untyped-def]
    """The dialog as *Tệp › Đồng bộ* opens it, the server known from the settings and its password from this session."""
    address = ServerAddress.parse(pg_url)[0]
    window.options.sync_server = address
    server_address.remember_password(address, pg.password)
    assert window.sync_action.isVisible() and window.sync_action.isEnabled()
    window.sync_action.trigger()
    dialog = window.findChild(SyncDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.server_edit.text() == address.display() and dialog.password_edit.text() == pg.password
    return dialog


def _listed(window: MainWindow) -> set[uuid.UUID]:
    model = window.visits.model
    return {model.row_at(r).id for r in range(model.rowCount())}


def _visits_on(db: Database) -> set[uuid.UUID]:
    with db.read() as session:
        return set(session.scalars(sa.select(Visit.id)))


def test_sync_dialog_shows_progress_and_counts_and_refreshes_the_lists(qtbot, app, options, pg, pg_url, server,
                                                                        laptop, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_SYNC_BATCH", "1")  # one visit a batch: several steps to show
    window = _window(qtbot, options, laptop, "kiemtra1")
    inspector = window.inspection.user_id
    made_here = [_visit_with_photos(window.workspace.db, inspector, n, 2) for n in range(3)]
    # meanwhile at the office, a visit started on the server: the laptop gets it at the sync
    at_office = _visit_with_photos(server, _user(server, "kiemtra1"), 3, 1)
    window.tabs.setCurrentWidget(window.visits)
    window.visits.refresh()
    listed_before = window.visits.model.rowCount()
    assert at_office not in _listed(window) and listed_before == 3

    dialog = _sync_dialog(window, pg, pg_url)
    steps: list[engine.SyncProgress] = []
    reached, release = threading.Event(), threading.Event()

    def hook(step: engine.SyncProgress) -> None:  # on the worker thread: hold it mid-way for the screenshot
        steps.append(step)
        if step.phase == "push" and step.done == 1 and not reached.is_set():
            reached.set()
            release.wait(30)

    dialog.on_progress = hook
    dialog.start_button.click()
    assert not dialog.start_button.isEnabled() and dialog.stop_button.isEnabled()
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() == 1 and dialog.progress_bar.maximum() == 3)
    assert dialog.phase_label.text() == labels.progress("push", "visits", 1, 3)
    save_artifact(dialog, "sync/sync_progress.png")
    release.set()
    with qtbot.waitSignal(dialog.synced, timeout=60_000) as ended:
        pass
    report = ended.args[0]
    assert dialog.error is None and report is dialog.report

    # the progress reached the end of every phase, the bar is full
    last = {step.phase: step for step in steps}
    assert (last["push"].table, last["push"].done, last["push"].total) == ("visits", 3, 3)
    assert last["blobs"].done >= 6  # the photos moved so far (its total is the batch's)
    assert last["pull"].done == last["pull"].total and last["history"].done == last["history"].total
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.start_button.isEnabled() and not dialog.stop_button.isEnabled()

    # the counts, in the user's words
    assert report.blobs == 6 + 1 and report.pushed["visits"] == 3 and report.pulled["visits"] == 1  # both ways
    text = dialog.result_label.text()
    assert labels.counts(report.pushed) in text and labels.counts(report.pulled) in text
    assert dialog.tr("%n photo(s) and file(s) transferred.", "", 7) in text
    save_artifact(dialog, "sync/sync_done.png")

    # on the server: the laptop's visits with their photos; on the laptop: the office's visit, listed
    assert set(made_here) <= _visits_on(server)
    with server.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Blob)) >= 6
    assert at_office in _listed(window)
    assert window.visits.model.rowCount() == listed_before + 1
    # the password stays for this session only; the address is remembered for the next sync
    assert options.sync_server == ServerAddress.parse(pg_url)[0]
    assert pg.password not in repr(options._s.allKeys()) + str([options._s.value(k) for k in options._s.allKeys()])

    # a second sync with nothing changed sends nothing and says so
    dialog.start_button.click()
    with qtbot.waitSignal(dialog.synced, timeout=60_000) as again:
        pass
    assert again.args[0].pushed == {} and again.args[0].blobs == 0
    assert dialog.result_label.text() == dialog.describe(again.args[0])
    dialog.close()
    window.workspace.close()


def test_stop_leaves_a_sync_that_the_next_one_finishes(qtbot, app, options, pg, pg_url, server, laptop,
                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_SYNC_BATCH", "1")
    window = _window(qtbot, options, laptop, "kiemtra1")
    made_here = [_visit_with_photos(window.workspace.db, window.inspection.user_id, n, 1) for n in range(3)]
    dialog = _sync_dialog(window, pg, pg_url)
    reached, release = threading.Event(), threading.Event()

    def hook(step: engine.SyncProgress) -> None:
        if step.phase == "push" and not reached.is_set():
            reached.set()
            release.wait(30)

    dialog.on_progress = hook
    dialog.start_button.click()
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    dialog.stop_button.click()
    assert not dialog.stop_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not dialog.running and dialog.error is not None, timeout=30_000)
    assert isinstance(dialog.error, engine.SyncStopped) and dialog.report is None
    assert dialog.start_button.isEnabled() and dialog.server_edit.isEnabled()
    on_server = _visits_on(server) & set(made_here)
    assert len(on_server) == 1  # the batch in hand was finished; the stop came before the next one
    save_artifact(dialog, "sync/sync_stopped.png")

    dialog.on_progress = None
    dialog.start_button.click()  # carries on: the rest goes, nothing twice
    with qtbot.waitSignal(dialog.synced, timeout=60_000) as ended:
        pass
    assert ended.args[0].pushed["visits"] == 2
    assert set(made_here) <= _visits_on(server)
    with server.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Answer).where(
            Answer.visit_id.in_(made_here))) == 3

    # closing while a sync runs stops it first, then the dialog goes
    _visit_with_photos(window.workspace.db, window.inspection.user_id, 4, 1)
    reached.clear()
    release.clear()
    dialog.on_progress = hook
    dialog.start_button.click()
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    dialog.reject()
    assert dialog.isVisible()  # still there until the worker has stopped
    release.set()
    qtbot.waitUntil(lambda: not window.findChildren(SyncDialog) or not dialog.isVisible(), timeout=30_000)
    window.workspace.close()


def _conflict_on(server: Database, laptop_origin: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A conflict as the sync keeps it on the server: an answer changed there and on a laptop (local = the
    server's row, remote = the laptop's). Returns (conflict id, answer id)."""
    visit_id = _visit_with_photos(server, _user(server, "kiemtra1"), 0, 1)
    with server.session() as session:
        answer = session.scalars(sa.select(Answer).where(Answer.visit_id == visit_id)).first()
        answer.note = "Chưa niêm yết thủ tục hành chính mới."
        session.flush()
        row = ch.encode_row("answers", session.execute(sa.select(ch.table("answers"))
                                                       .where(ch.table("answers").c.id == answer.id)).mappings().one())
        session.add(SyncPeer(origin=laptop_origin, kind="laptop", name="LAPTOP-KT1 (Nguyễn Văn An)"))
        theirs = {**row, "note": "Đã niêm yết nhưng thiếu 3 thủ tục lĩnh vực hộ tịch; công chức Trần Thị Bích hướng dẫn chưa đúng.",
                  "updated_at": row["updated_at"]}
        conflict = SyncConflict(entity_type="answers", entity_id=row["id"], visit_id=visit_id, peer=laptop_origin,
                                local=row, remote=theirs)
        session.add(conflict)
        session.flush()
        return conflict.id, answer.id


def test_the_supervisor_settles_a_conflict(qtbot, app, options, pg_url, server) -> None:  # type: ignore[no-untyped-def]
    conflict_id, answer_id = _conflict_on(server, "a" * 32)
    second_id, second_answer = _conflict_on(server, "c" * 32)
    window = _window(qtbot, options, pg_url, "truongphong")
    # on the server: nothing to sync with, and the notice of the conflicts waiting
    assert not window.sync_action.isVisible()
    assert window.conflicts_action.isVisible() and window.conflicts_button.isVisible()
    assert window.conflicts_button.text() == window.tr("%n sync conflict(s) to settle", "", 2)
    save_artifact(window, "sync/main_window_conflicts_waiting.png")

    dialog = window.show_conflicts()
    assert isinstance(dialog, ConflictsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 2 and dialog.current() is not None
    assert dialog.current().id == conflict_id
    cells = {dialog.compare.item(r, 0).text(): (dialog.compare.item(r, 1).text(), dialog.compare.item(r, 2).text())
             for r in range(dialog.compare.rowCount())}
    server_note, laptop_note = cells[labels.field("note")]
    assert server_note == "Chưa niêm yết thủ tục hành chính mới." and laptop_note.startswith("Đã niêm yết")
    assert dialog.compare.item(0, 0).text() == labels.field("note")  # what differs comes first
    save_artifact(dialog, "sync/sync_conflicts.png")

    with qtbot.waitSignal(dialog.settled):
        dialog.take_laptop.click()  # Lấy bản từ máy trạm
    with server.read() as session:
        assert session.get(Answer, answer_id).note.startswith("Đã niêm yết nhưng thiếu 3 thủ tục")
        settled = session.get(SyncConflict, conflict_id)
        assert settled.settled_at is not None and settled.resolution == "remote"
        assert settled.settled_by_id == _user(server, "truongphong")
        assert session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "sync.conflict_settled")) is not None
    assert dialog.model.rowCount() == 1 and dialog.current().id == second_id
    assert window.conflicts_button.text() == window.tr("%n sync conflict(s) to settle", "", 1)

    dialog.keep_server.click()  # Giữ bản trên máy chủ
    with server.read() as session:
        assert session.get(Answer, second_answer).note == "Chưa niêm yết thủ tục hành chính mới."
        assert session.get(SyncConflict, second_id).resolution == "local"
    assert dialog.model.rowCount() == 0 and not dialog.empty.isHidden()
    assert not dialog.keep_server.isEnabled() and not window.conflicts_button.isVisible()
    dialog.close()
    window.workspace.close()


def test_an_inspector_does_not_see_the_conflicts(qtbot, app, options, pg_url, server) -> None:  # type: ignore[no-untyped-def]
    _conflict_on(server, "a" * 32)
    window = _window(qtbot, options, pg_url, "kiemtra1")
    assert not window.conflicts_action.isVisible() and not window.conflicts_button.isVisible()
    window.workspace.close()
