"""`inspector audit verify`: the chain, the data against the history, the numbered PDFs and the anchors printed on
the minutes. Every tamper is done behind the app's back, with sqlite3 on a copy of a database holding a numbered
visit, as the adversary of issue 12 did."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.orm import Session

from inspector.cli import main
from inspector.services import audit
from inspector.services.minutes import Minutes
from inspector.services.review import Review
from inspector.services.verify import verify, verify_database
from inspector.store.db import make_engine, sqlite_url
from inspector.store.models import AuditEvent, Visit
from tests.test_review import submitted_visit, user


@pytest.fixture
def numbered(workspace, db_path: Path):  # type: ignore[no-untyped-def]
    """(the database file, the numbered visit's id, its PDF) once the workspace is checkpointed: a visit done by
    kiemtra1, approved by truongphong and numbered 5 by vanthu."""
    db = workspace.db
    visit_id = submitted_visit(db, fail=1)
    Review(db, user(db, "truongphong")).approve(visit_id)
    pdf = Minutes(db, user(db, "vanthu")).finalize(visit_id, "5")
    db.checkpoint()
    return db_path, visit_id, pdf.data


def copy_of(path: Path, tmp_path: Path, name: str = "copy.sqlite") -> Path:
    """The database file and its anchors file, copied (the tamperer works on a copy; the original is the proof)."""
    target = tmp_path / name
    shutil.copyfile(path, target)
    if audit.anchors_path(path).exists():
        shutil.copyfile(audit.anchors_path(path), audit.anchors_path(target))
    return target


def check(path: Path, anchors: tuple[str, ...] = (), *, with_file: bool = True):  # type: ignore[no-untyped-def]
    engine = make_engine(sqlite_url(path))
    try:
        with Session(engine) as session:
            kept = audit.read_anchors(path) if with_file else []
            return verify(session, [*anchors, *kept])
    finally:
        engine.dispose()


def chain_alone(path: Path) -> list:  # type: ignore[type-arg]
    engine = make_engine(sqlite_url(path))
    try:
        with Session(engine) as session:
            return audit.verify_chain(session)
    finally:
        engine.dispose()


def printed_anchor(pdf: bytes) -> str:
    """The anchor as a reader of the paper types it back: the text after "Mã đối chiếu nhật ký:"."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    line = next(line for line in text.splitlines() if "Mã đối chiếu nhật ký" in line)
    return line.split(":", 1)[1].strip()


def rechain(connection: sqlite3.Connection) -> None:
    """What the adversary did: every hash recomputed with plain SHA-256, exactly as the app computes it
    (services/audit.py's docstring), from the first event to the last."""
    prev = ""
    rows = connection.execute("SELECT id, seq, at, user_id, actor, action, entity_type, entity_id, before, after, "
                              "scheme FROM audit_events ORDER BY seq").fetchall()
    for event_id, seq, at, user_id, actor, action, entity_type, entity_id, before, after, scheme in rows:
        moment = datetime.fromisoformat(at).replace(tzinfo=UTC).isoformat()
        before, after = json.loads(before) if before else None, json.loads(after) if after else None
        dumps = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
        if scheme == 1:
            payload = json.dumps([prev, moment, actor, action, entity_type, entity_id, before, after], **dumps).encode()
        else:
            payload = b"inspector-audit-2\n" + json.dumps({
                "seq": seq, "at": moment, "user_id": uuid.UUID(user_id).hex if user_id else None, "actor": actor,
                "action": action, "entity": f"{entity_type}:{entity_id}", "before": before, "after": after,
                "prev_hash": prev}, **dumps).encode()
        digest = hashlib.sha256(payload).hexdigest()
        connection.execute("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, event_id))
        prev = digest


def failed_answer(connection: sqlite3.Connection, visit_id: uuid.UUID) -> tuple[str, str]:
    return connection.execute("SELECT id, item_code FROM answers WHERE visit_id = ? AND result = 'khong_dat'",
                              (visit_id.hex,)).fetchone()


def test_an_untouched_database_verifies_and_its_anchor_is_on_the_minutes(numbered) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, pdf = numbered
    anchor = printed_anchor(pdf)
    assert audit.parse_anchor(anchor) is not None and anchor.startswith("NK ")
    assert audit.read_anchors(path) == [anchor]  # kept beside the database at the numbering
    report = check(path, (anchor, anchor.lower().replace("-", " ")))  # typed back loosely: the same anchor
    assert report.ok, report.problems
    assert report.events > 50 and report.anchors >= 1


def test_an_answer_changed_behind_the_apps_back_is_named(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, _pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        answer_id, code = failed_answer(connection, visit_id)
        connection.execute("UPDATE answers SET result = 'dat', note = '' WHERE id = ?", (answer_id,))
    report = check(copy)
    assert not report.ok
    assert code in report.first and "kết quả" in report.first and "Đạt" in report.first and "Không đạt" in report.first
    assert "05/" in report.first  # the visit, by its minutes number
    assert any("ghi chú" in p and code in p for p in report.problems)


def test_a_recommendation_or_a_status_changed_is_named(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, _pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE visits SET status = 'in_progress' WHERE id = ?", (visit_id.hex,))
        connection.execute("UPDATE visits SET conclusions = 'Đã sửa' WHERE id = ?", (visit_id.hex,))
    report = check(copy)
    assert not report.ok
    assert any("trạng thái" in p and "Đã khóa" in p and "Đang kiểm tra" in p for p in report.problems)
    assert any("kết luận" in p for p in report.problems)


def test_a_rewritten_and_rechained_history_passes_the_chain_but_not_the_paper(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        answer_id, code = failed_answer(connection, visit_id)
        connection.execute("UPDATE answers SET result = 'dat' WHERE id = ?", (answer_id,))
        for event_id, after in connection.execute(
                "SELECT id, after FROM audit_events WHERE entity_id = ? AND action = 'answer.result'",
                (str(uuid.UUID(answer_id)),)).fetchall():
            connection.execute("UPDATE audit_events SET after = ? WHERE id = ?",
                               (json.dumps({**json.loads(after), "result": "dat"}), event_id))
        connection.execute("UPDATE minutes_revisions SET anchor = ''")  # the copy inside the file goes too
        rechain(connection)
    assert chain_alone(copy) == []  # the chain alone is valid again
    assert check(copy, with_file=False).ok  # and the data equals what the rewritten history says

    against_paper = check(copy, (printed_anchor(pdf),), with_file=False)
    assert not against_paper.ok
    assert "mã đối chiếu" in against_paper.first and "viết lại" in against_paper.first

    against_file = check(copy)  # the anchors file beside the database, as every copy keeps it
    assert not against_file.ok and "viết lại" in against_file.first


def test_a_shortened_history_fails_against_the_anchor(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _visit_id, pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        top = connection.execute("SELECT max(seq) FROM audit_events").fetchone()[0]
        connection.execute("DELETE FROM audit_events WHERE seq > ?", (top - 20,))
    assert chain_alone(copy) == []  # a history cut at its end is still a valid chain
    report = check(copy, (printed_anchor(pdf),), with_file=False)
    assert not report.ok
    assert "ngắn hơn" in report.first and "cắt bỏ" in report.first


def test_a_numbered_pdf_replaced_is_named(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        (sha256,) = connection.execute("SELECT minutes_sha256 FROM visits WHERE id = ?", (visit_id.hex,)).fetchone()
        assert sha256 == hashlib.sha256(pdf).hexdigest()
        connection.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", (pdf + b"%% edited\n", sha256))
    report = check(copy)
    assert not report.ok
    assert "Biên bản đã đánh số" in report.first and "05/" in report.first and "PDF" in report.first
    # printing it recomputes the hash too, rather than repeating the stored one
    assert main(["minutes", visit_id.hex[:8], "-o", str(tmp_path / "out.pdf"), "--database", str(copy)]) == 1


def test_the_acting_user_is_inside_the_hash(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, _pdf = numbered
    copy = copy_of(path, tmp_path)
    with sqlite3.connect(copy) as connection:
        seq, actor = connection.execute("SELECT seq, actor FROM audit_events WHERE action = 'minutes.locked'").fetchone()
        assert actor  # the clerk's full name, recorded
        other = connection.execute("SELECT id FROM users WHERE username = 'kiemtra1'").fetchone()[0]
        connection.execute("UPDATE audit_events SET user_id = ? WHERE seq = ?", (other, seq))
    problems = chain_alone(copy)
    assert [p.seq for p in problems] == [seq]
    report = check(copy)
    assert not report.ok and f"sự kiện số {seq}" in report.first and "đã bị sửa" in report.first


def test_the_command_line_exits_non_zero_with_the_first_problem(numbered, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, pdf = numbered
    copy = copy_of(path, tmp_path)
    assert main(["audit", "verify", "--database", str(copy), "--anchor", printed_anchor(pdf)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK") and "sự kiện" in out
    with sqlite3.connect(copy) as connection:
        answer_id, code = failed_answer(connection, visit_id)
        connection.execute("UPDATE answers SET result = 'khong_ap_dung' WHERE id = ?", (answer_id,))
        connection.execute("UPDATE answers SET note = 'khác' WHERE visit_id = ? AND id != ?", (visit_id.hex, answer_id))
    assert main(["audit", "verify", "--database", str(copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("LỖI") and code in err and "vấn đề khác" in err
    assert len(err.strip().splitlines()) == 1


def test_backups_and_copies_keep_the_anchors(numbered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.store.backups import make_backup, save_copy

    path, _visit_id, pdf = numbered
    made = make_backup(path, tmp_path / "backups", "thu-cong")
    assert audit.read_anchors(made) == [printed_anchor(pdf)]
    saved = tmp_path / "elsewhere.sqlite"
    save_copy(path, saved)
    assert audit.read_anchors(saved) == [printed_anchor(pdf)]
    assert check(saved).ok


def test_the_demo_verifies(tmp_path: Path) -> None:
    from inspector.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "demo.sqlite", demo_if_new=True)  # the first start: numbered minutes too
    try:
        report = verify_database(ws.db)
        assert report is not None and report.ok, report.problems
        assert report.anchors >= 1  # the demo's numbered minutes left their anchors beside the file
        with ws.db.read() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.minutes_number != ""))
    finally:
        ws.close()


def test_a_generated_database_verifies(generated: Path) -> None:
    engine = make_engine(sqlite_url(generated))
    try:
        with Session(engine) as session:
            report = verify(session, audit.read_anchors(generated))
            assert report.ok, report.problems[:5]
            generated_events = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                              .where(AuditEvent.action == "visit.generated"))
            visits = session.scalar(sa.select(sa.func.count()).select_from(Visit))
            assert generated_events >= 2_000 and visits >= generated_events
    finally:
        engine.dispose()
