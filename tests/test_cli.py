"""The command line (used by clerks, administrators and CI)."""

from __future__ import annotations

from pathlib import Path

from inspector.cli import main
from tests.formfactory import form_text


def test_check_forms_reports_each_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "good.toml").write_text(form_text(), encoding="utf-8")
    (tmp_path / "bad.toml").write_text(form_text("BAD").replace('severity = "nhe"', 'severity = "rat_nang"'), encoding="utf-8")
    assert main(["check-forms", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "OK   good.toml: TEST-FORM v1, 3 nội dung" in out
    assert "LỖI  bad.toml — phần 1 (KL) › nội dung 2 (KL-02) › severity: giá trị 'rat_nang' không hợp lệ" in err


def test_shipped_forms_are_valid(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check-forms"]) == 0, capsys.readouterr().err


def test_upgrade_db_creates_then_reports_current(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.sqlite"
    assert main(["upgrade-db", str(path), "--demo"]) == 0
    assert "Đã tạo cơ sở dữ liệu mới" in capsys.readouterr().out
    assert main(["upgrade-db", str(path)]) == 0
    assert "đã ở lược đồ mới nhất" in capsys.readouterr().out


def test_upgrade_db_refuses_a_non_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"\x00" * 100)
    assert main(["upgrade-db", str(path)]) == 2
    assert "không phải tệp SQLite" in capsys.readouterr().err
