"""The data model: UUID keys, UTC timestamps, nothing an inspector recorded is ever deleted."""

from __future__ import annotations

import uuid
from datetime import UTC, date

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result, VisitStatus
from inspector.services.form_loader import load_form_bytes
from inspector.services.forms import store_form
from inspector.store.models import Answer, ChecklistForm, FormVersion, HardDeleteRefused, ReceptionPoint, Unit, Visit
from inspector.store.types import utcnow
from tests.formfactory import VALID_FORM


def _visit(session) -> Visit:  # type: ignore[no-untyped-def]
    from pathlib import Path

    loaded = load_form_bytes(VALID_FORM.encode(), Path("f.toml"))
    assert not isinstance(loaded, list)
    store_form(session, loaded)
    version = session.scalars(sa.select(FormVersion).join(FormVersion.form).where(ChecklistForm.code == "TEST-FORM")).one()
    point = session.scalars(sa.select(ReceptionPoint)).first()
    visit = Visit(reception_point_id=point.id, form_version_id=version.id, planned_date=date(2026, 11, 25))
    session.add(visit)
    session.flush()
    return visit


def test_keys_are_uuids_and_times_are_aware_utc(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        visit = _visit(session)
        visit_id = visit.id
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert isinstance(visit.id, uuid.UUID)
        assert visit.created_at.tzinfo is UTC and visit.updated_at >= visit.created_at
        assert visit.status is VisitStatus.PLANNED
        unit = session.scalars(sa.select(Unit)).first()
        assert isinstance(unit.id, uuid.UUID)


def test_answers_keep_enum_values_and_unicode(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        visit = _visit(session)
        session.add(Answer(visit_id=visit.id, item_code="KL-01", result=Result.FAIL,
                           note="Công chức không đeo thẻ; đã nhắc nhở", answered_at=utcnow()))
    with db.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT result, note FROM answers")).one()
    assert raw == ("khong_dat", "Công chức không đeo thẻ; đã nhắc nhở")


@pytest.mark.parametrize("kind", ["visit", "answer"])
def test_hard_delete_is_refused(db, kind: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        visit = _visit(session)
        session.add(Answer(visit_id=visit.id, item_code="KL-01", result=Result.PASS))
    with pytest.raises(HardDeleteRefused):
        with db.session() as session:
            target = session.scalars(sa.select(Visit if kind == "visit" else Answer)).first()
            session.delete(target)
    with db.session() as session:
        assert session.scalars(sa.select(Visit)).first() is not None
        assert session.scalars(sa.select(Answer)).first() is not None


def test_naive_datetimes_are_rejected(db) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    with pytest.raises(sa.exc.StatementError):
        with db.session() as session:
            visit = _visit(session)
            visit.started_at = datetime(2026, 11, 25, 8, 0)
            session.flush()
