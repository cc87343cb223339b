"""The command line never destroys data, never creates a database by mistake, never shows a traceback (issue 8)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

import inspector.cli as cli
from inspector.cli import _safe, main

EVIL_NAME = "Bộ phận Một cửa \x1b[31mĐỎ\x1b[0m \u202eTXT.exe"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(path: Path) -> tuple[bytes, str]:
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A closed demo database with one unannounced visit at a reception point with a hostile name."""
    from inspector.services.rounds import start_unannounced
    from inspector.services.workspace import open_workspace
    from inspector.store.models import ReceptionPoint, Unit
    from tests.people import demo_user

    path = tmp_path / "data" / "inspector.sqlite"
    path.parent.mkdir()
    ws = open_workspace(path, demo_if_new=True, demo_history=False)
    try:
        with ws.db.session() as session:
            point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
            start_unannounced(session, point.id, user_id=demo_user(ws.db, "kiemtra1"))
        with ws.db.session() as session:  # straight into the table: no input cleaning on the way
            session.execute(sa.update(ReceptionPoint).where(ReceptionPoint.id == point.id).values(name=EVIL_NAME))
    finally:
        ws.close()
    return path


def _visit_id(database: Path, capsys) -> str:  # type: ignore[no-untyped-def]
    assert main(["visits", "--database", str(database)]) == 0
    out = capsys.readouterr().out
    return out.split()[0]


def _assert_one_error_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("LỖI  "), err
    assert "Traceback" not in err


# --- the terminal ------------------------------------------------------------------------------


def test_safe_escapes_controls_and_bidi() -> None:
    assert _safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert _safe("x\u202ey\u2066z\u200b") == "x\\u202ey\\u2066z\\u200b"
    assert _safe("\x7f\x85\x00\t\r\n") == "\\x7f\\x85\\x00\\x09\\x0d\\x0a"
    assert _safe("dòng 1\ndòng 2", newlines=True) == "dòng 1\ndòng 2"
    assert _safe("Ủy ban nhân dân Phường 2 — “số 07/BB-ĐKT”") == "Ủy ban nhân dân Phường 2 — “số 07/BB-ĐKT”"
    assert _safe("ten\udcff.pdf") == "ten\\udcff.pdf"


def test_visits_prints_point_names_escaped(database: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["visits", "--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "Bộ phận Một cửa \\x1b[31mĐỎ\\x1b[0m \\u202eTXT.exe" in out


def test_check_forms_escapes_codes_and_errors(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.formfactory import form_text

    (tmp_path / "a\x1b]0;x\x07.toml").write_text(form_text(), encoding="utf-8")
    (tmp_path / "bad\u202e.toml").write_text("this is = = not toml", encoding="utf-8")
    assert main(["check-forms", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err
    assert "a\\x1b]0;x\\x07.toml" in out
    assert "bad\\u202e.toml" in err


# --- never over a database ----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "dotdot", "hardlink", "relative"])
def test_minutes_refuses_to_write_over_the_database(database: Path, tmp_path: Path, capsys, monkeypatch, how) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    before = _snapshot(database)
    if how == "same":
        target = str(database)
    elif how == "symlink":
        (tmp_path / "link.pdf").symlink_to(database)
        target = str(tmp_path / "link.pdf")
    elif how == "dotdot":
        (tmp_path / "other").mkdir()
        target = str(tmp_path / "other" / ".." / "data" / database.name)
    elif how == "hardlink":
        os.link(database, tmp_path / "hard.pdf")
        target = str(tmp_path / "hard.pdf")
    else:
        monkeypatch.chdir(tmp_path)
        target = "data/../data/inspector.sqlite"
    for force in ([], ["--force"]):
        code = main(["minutes", visit, "-o", target, "--database", str(database), *force])
        out, err = capsys.readouterr()
        assert code != 0
        _assert_one_error_line(err)
        assert "cơ sở dữ liệu" in err
        assert _snapshot(database) == before
    assert sorted(p.name for p in database.parent.iterdir()) == [database.name]


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_minutes_refuses_the_database_side_files(database: Path, capsys, suffix: str) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    before = _snapshot(database)
    code = main(["minutes", visit, "-o", f"{database}{suffix}", "--database", str(database), "--force"])
    assert code != 0
    _assert_one_error_line(capsys.readouterr().err)
    assert _snapshot(database) == before
    assert not Path(f"{database}{suffix}").exists()


def test_minutes_never_overwrites_another_database_even_with_force(database: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    other = tmp_path / "khac.pdf"  # a database whatever its name
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _snapshot(other)
    code = main(["minutes", visit, "-o", str(other), "--database", str(database), "--force"])
    err = capsys.readouterr().err
    assert code == 2
    _assert_one_error_line(err)
    assert "SQLite" in err and "--force" in err
    assert _snapshot(other) == before


# --- existing files, folders ----------------------------------------------------------------------


def test_minutes_existing_pdf_needs_force(database: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    old = tmp_path / "bien-ban.pdf"
    old.write_bytes(b"%PDF-1.4 old copy")
    before = _snapshot(old)
    assert main(["minutes", visit, "-o", str(old), "--database", str(database)]) == 2
    err = capsys.readouterr().err
    _assert_one_error_line(err)
    assert "--force" in err
    assert _snapshot(old) == before

    assert main(["minutes", visit, "-o", str(old), "--database", str(database), "--force"]) == 0
    out = capsys.readouterr().out
    assert "Đã ghi biên bản (dự thảo" in out
    data = old.read_bytes()
    assert data.startswith(b"%PDF") and data != before[0]
    assert hashlib.sha256(data).hexdigest() in out
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_minutes_writes_a_new_file_without_force(database: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    target = tmp_path / "moi.pdf"
    assert main(["minutes", visit, "-o", str(target), "--database", str(database)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "moi.pdf"]


def test_minutes_output_folder_problems(database: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    (tmp_path / "a-file").write_bytes(b"x")
    cases = {
        str(tmp_path): "thư mục",                             # a directory
        str(tmp_path) + "/": "thư mục",
        str(tmp_path / "missing" / "x.pdf"): "không tồn tại",  # a missing folder
        str(tmp_path / "a-file" / "x.pdf"): "không phải thư mục",  # a file as folder
    }
    for target, words in cases.items():
        code = main(["minutes", visit, "-o", target, "--database", str(database), "--force"])
        err = capsys.readouterr().err
        assert code == 2, target
        _assert_one_error_line(err)
        assert words in err, err
    assert not (tmp_path / "missing").exists()
    assert (tmp_path / "a-file").read_bytes() == b"x"


def test_minutes_read_only_folder(database: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    folder = tmp_path / "ro"
    folder.mkdir()

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli.tempfile, "mkstemp", refuse)  # root ignores modes: simulate the refusal
    code = main(["minutes", visit, "-o", str(folder / "x.pdf"), "--database", str(database)])
    err = capsys.readouterr().err
    assert code != 0
    _assert_one_error_line(err)
    assert "Không ghi được vào thư mục" in err and "Permission denied" in err
    assert list(folder.iterdir()) == []


def test_minutes_failure_while_writing_leaves_the_old_file(database: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    visit = _visit_id(database, capsys)
    old = tmp_path / "bien-ban.pdf"
    old.write_bytes(b"%PDF-1.4 old copy")
    before = _snapshot(old)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", disk_full)
    code = main(["minutes", visit, "-o", str(old), "--database", str(database), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    _assert_one_error_line(err)
    assert "No space left on device" in err
    assert _snapshot(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bien-ban.pdf", "data"]


# --- never create a database ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["visits"], ["minutes", "abcdef12", "-o", "x.pdf"]])
def test_mistyped_database_is_not_created(tmp_path: Path, capsys, monkeypatch, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nhap-sai" / "inspectr.sqlite"
    code = main([*command, "--database", str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    _assert_one_error_line(err)
    assert f"Không tìm thấy cơ sở dữ liệu {missing}. Kiểm tra lại đường dẫn --database." in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["visits"], ["minutes", "abcdef12", "-o", "x.pdf"]])
def test_directory_as_database(tmp_path: Path, capsys, monkeypatch, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    code = main([*command, "--database", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    _assert_one_error_line(err)
    assert "là một thư mục" in err
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_empty_file_as_database_is_not_initialised(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert main(["visits", "--database", str(empty)]) == 2
    _assert_one_error_line(capsys.readouterr().err)
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


def test_upgrade_db_says_it_creates(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.sqlite"
    assert main(["upgrade-db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "sẽ tạo cơ sở dữ liệu mới" in out and "Đã tạo cơ sở dữ liệu mới" in out
    assert main(["upgrade-db", str(tmp_path)]) == 2
    _assert_one_error_line(capsys.readouterr().err)


# --- no tracebacks ------------------------------------------------------------------------------


def test_unexpected_exception_is_one_line(database: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("hỏng \x1b[2J rồi\ndòng hai")

    monkeypatch.setattr(cli, "list_visits", boom)
    assert main(["visits", "--database", str(database)]) == 1
    err = capsys.readouterr().err
    _assert_one_error_line(err)
    assert "Lỗi không mong đợi: RuntimeError: hỏng \\x1b[2J rồi dòng hai" in err


def test_debug_env_shows_the_traceback(database: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_DEBUG", "1")
    monkeypatch.setattr(cli, "list_visits", lambda *a, **k: 1 / 0)
    assert main(["visits", "--database", str(database)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "LỖI  Lỗi không mong đợi: ZeroDivisionError" in err


def test_database_errors_and_interrupts(database: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)

    def locked(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sa.exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(cli, "list_visits", locked)
    assert main(["visits", "--database", str(database)]) == 1
    err = capsys.readouterr().err
    _assert_one_error_line(err)
    assert "LỖI  Lỗi cơ sở dữ liệu: database is locked" in err

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "list_visits", interrupted)
    assert main(["visits", "--database", str(database)]) == 130
    err = capsys.readouterr().err
    _assert_one_error_line(err)
    assert "Đã dừng." in err


def test_os_error_names_the_file(database: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def denied(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", "/srv/\x1bbad")

    monkeypatch.setattr(cli, "list_visits", denied)
    assert main(["visits", "--database", str(database)]) == 1
    err = capsys.readouterr().err
    _assert_one_error_line(err)
    assert "Permission denied" in err and "/srv/\\x1bbad" in err


def test_unknown_visit_is_a_message(database: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["minutes", "zz\x1b[31m", "-o", str(tmp_path / "x.pdf"), "--database", str(database)])
    err = capsys.readouterr().err
    assert code == 2
    _assert_one_error_line(err)
    assert "\x1b" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_usage_errors_still_exit_2(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["minutes", "abc"])
    assert exit_info.value.code == 2
