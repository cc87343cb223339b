"""Stored form versions: a visit keeps the version it started with."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from inspector.services.form_loader import load_forms_dir
from inspector.services.forms import definition_of, list_current_forms, sync_forms
from inspector.store.models import ChecklistForm, FormVersion, ReceptionPoint, Visit
from tests.formfactory import form_text


def test_new_version_is_stored_beside_the_old_and_visits_keep_theirs(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "TEST-FORM_v1.toml").write_text(form_text(), encoding="utf-8")
    with db.session() as session:
        result = sync_forms(session, load_forms_dir(folder))
        assert result.added == [("TEST-FORM", 1)] and result.errors == []
        v1 = session.scalars(sa.select(FormVersion).join(FormVersion.form).where(ChecklistForm.code == "TEST-FORM")).one()
        point = session.scalars(sa.select(ReceptionPoint)).first()
        visit = Visit(reception_point_id=point.id, form_version_id=v1.id, planned_date=date(2026, 11, 25))
        session.add(visit)
        session.flush()
        visit_id = visit.id

    # The administrator adds version 2 with a changed title.
    (folder / "TEST-FORM_v2.toml").write_text(form_text(version=2, extra_title=" (sửa đổi)"), encoding="utf-8")
    with db.session() as session:
        result = sync_forms(session, load_forms_dir(folder))
        assert result.added == [("TEST-FORM", 2)] and result.unchanged == [("TEST-FORM", 1)]
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert definition_of(visit.form_version).title == "Phiếu thử nghiệm"
        current = [f for f in list_current_forms(session) if f.code == "TEST-FORM"]
        assert [(f.version, f.title, f.item_count) for f in current] == [(2, "Phiếu thử nghiệm (sửa đổi)", 3)]


def test_editing_a_version_without_raising_it_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "forms"
    folder.mkdir()
    path = folder / "TEST-FORM_v1.toml"
    path.write_text(form_text(), encoding="utf-8")
    with db.session() as session:
        sync_forms(session, load_forms_dir(folder))
    path.write_text(form_text(extra_title=" sửa trộm"), encoding="utf-8")
    with db.session() as session:
        result = sync_forms(session, load_forms_dir(folder))
        assert result.added == [] and len(result.errors) == 1
        assert "tăng version lên 2" in result.errors[0].problem
        stored = session.scalars(sa.select(FormVersion).join(FormVersion.form).where(FormVersion.version == 1)).all()
        assert [definition_of(v).title for v in stored if v.form.code == "TEST-FORM"] == ["Phiếu thử nghiệm"]
