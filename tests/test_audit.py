"""The audit trail is hash-chained: edits and removals show up."""

from __future__ import annotations

import sqlalchemy as sa

from inspector.services import audit
from inspector.store.models import AuditEvent


def test_chain_is_valid_then_detects_tampering(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for n in range(5):
            audit.record(session, "answer.set", "answer", f"a{n}", before={"result": "chua_kiem_tra"},
                         after={"result": "khong_dat", "note": f"Ghi chú số {n}"}, actor="Lê Thị Mỹ Linh")
    with db.session() as session:
        assert audit.verify_chain(session) == []
        events = session.scalars(sa.select(AuditEvent).where(AuditEvent.entity_id == "a2")).all()
        events[0].after = {"result": "dat"}
    with db.session() as session:
        problems = audit.verify_chain(session)
        assert [p.problem for p in problems] == ["nội dung sự kiện đã bị sửa"]


def test_removed_event_breaks_the_chain(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for n in range(3):
            audit.record(session, "x", "thing", f"t{n}")
    with db.engine.begin() as conn:  # bypassing the app, as a tamperer would
        conn.execute(sa.text("DELETE FROM audit_events WHERE entity_id = 't1'"))
    with db.session() as session:
        assert [p.problem for p in audit.verify_chain(session)] == ["chuỗi nhật ký bị đứt (thiếu hoặc chèn sự kiện)"]


def test_events_are_strictly_ordered_even_within_one_clock_tick(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        events = [audit.record(session, "x", "t", str(n)) for n in range(50)]
    times = [e.at for e in events]
    assert times == sorted(times) and len(set(times)) == len(times)
