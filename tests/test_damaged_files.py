"""Damaged or odd database files are refused with a reason and left exactly as they were."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from inspector.services.workspace import open_workspace
from inspector.store.migrate import DatabaseDamaged, DatabaseUnwritable, NotADatabase

PAGE = 4096


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo(path: Path) -> Path:
    open_workspace(path, demo_if_new=True).close()
    return path


def test_a_corrupted_page_is_refused_untouched(tmp_path: Path) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * PAGE
    data[3 * PAGE:6 * PAGE] = os.urandom(3 * PAGE)  # pages 4–6: b-tree pages of the catalogue
    path.write_bytes(bytes(data))
    before = _digest(path)
    files = sorted(p.name for p in tmp_path.iterdir())  # the database and the anchors of its numbered minutes
    assert files == ["inspector.sqlite", "inspector.sqlite.anchors"]
    with pytest.raises(DatabaseDamaged, match="hỏng") as caught:
        open_workspace(path, demo_if_new=False)
    assert caught.value.path == path
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_an_empty_file_does_not_become_a_fresh_database(tmp_path: Path) -> None:
    path = tmp_path / "inspector.sqlite"
    path.touch()
    with pytest.raises(DatabaseDamaged, match="rỗng"):
        open_workspace(path, demo_if_new=True)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inspector.sqlite"]


def test_a_damaged_header_is_not_a_database(tmp_path: Path) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    data = bytearray(path.read_bytes())
    data[:16] = b"\x00" * 16
    path.write_bytes(bytes(data))
    with pytest.raises(NotADatabase):
        open_workspace(path, demo_if_new=False)


def test_a_read_only_file_is_refused_before_anything_is_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _demo(tmp_path / "inspector.sqlite")
    before = _digest(path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path and mode & os.W_OK
                        else real_access(p, mode, **kw))
    with pytest.raises(DatabaseUnwritable, match="chỉ đọc"):
        open_workspace(path, demo_if_new=False)
    assert _digest(path) == before
