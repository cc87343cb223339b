"""The demo catalogue: Trà Vinh city's wards, commune and departments with one-stop counters."""

from __future__ import annotations

from inspector.domain.catalog import UnitLevel
from inspector.domain.text import is_nfc
from inspector.services.catalog import list_units


def test_demo_catalogue(workspace) -> None:  # type: ignore[no-untyped-def]
    assert workspace.seeded_demo
    with workspace.db.session() as session:
        units = list_units(session)
    names = [u.name for u in units]
    for n in range(1, 10):
        assert f"Ủy ban nhân dân Phường {n}" in names
    assert "Ủy ban nhân dân xã Long Đức" in names
    departments = [u for u in units if u.level is UnitLevel.DEPARTMENT and u.points]
    assert len(departments) >= 3
    counters = [u for u in units if u.points]
    assert len(counters) >= 13
    for unit in counters:
        assert len(unit.points) == 1
        assert 2 <= len(unit.points[0].staff) <= 3, unit.name
    everything = names + [p.name for u in units for p in u.points] + [
        s.full_name for u in units for p in u.points for s in p.staff]
    assert all(is_nfc(text) for text in everything)
    assert not any("\u00d0" in text for text in everything)  # Icelandic Ð is not Vietnamese Đ


def test_reopening_does_not_seed_twice(workspace, db_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.workspace import open_workspace

    workspace.close()
    again = open_workspace(db_path, demo_if_new=True)
    try:
        assert not again.seeded_demo
        with again.db.session() as session:
            assert len([u for u in list_units(session) if u.name == "Ủy ban nhân dân Phường 1"]) == 1
    finally:
        again.close()


def test_new_database_without_demo_is_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "empty.sqlite", demo_if_new=False)
    try:
        with ws.db.session() as session:
            assert list_units(session) == []
    finally:
        ws.close()
