"""The package dialogs (ui/packages): export the selected visits; import shows a preview first, changes nothing
until Import, and a refused package says why."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from inspector.services import packages
from inspector.store.models import ImportedPackage, Visit
from tests.conftest import ARTIFACTS
from tests.people import people_of
from tests.test_packages import _office_pair, _visit_at, state


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    (ARTIFACTS / "packages").mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(ARTIFACTS / "packages" / name))


def test_export_then_preview_then_import(qtbot, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.packages.export_dialog import ExportPackageDialog
    from inspector.ui.packages.import_dialog import ImportPackageDialog

    a, b = _office_pair(tmp_path)
    try:
        wa, wb = people_of(a.db), people_of(b.db)
        visits = [_visit_at(a.db, wa, "Ủy ban nhân dân phường Trà Vinh"),
                  _visit_at(a.db, wa, "Ủy ban nhân dân phường Hòa Thuận")]
        export = ExportPackageDialog(a.db, wa.inspector, visits)
        qtbot.addWidget(export)
        assert export.visits_choice.isChecked()
        target = tmp_path / "tinh-a"
        export.path_edit.setText(str(target))
        assert export.export(), export.message.text()
        made = export.result_info
        assert made is not None and made.path.name == "tinh-a.ktcv.zip" and made.visits == 2
        assert made.fingerprint in export.message.text()

        dialog = ImportPackageDialog(b.db, wb.clerk)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.load(made.path)  # B does not trust A's key yet: told why, nothing else
        assert dialog.refusal.isVisible() and "chưa được tin cậy" in dialog.refusal.text()
        assert not dialog.confirm_button.isEnabled() and dialog.model.rowCount() == 0
        _shot(dialog, "import-refused.png")

        with b.db.session() as session:
            packages.trust_signer(session, packages.package_signer(made.path).public_key, "Thanh tra tỉnh A",
                                  user_id=wb.admin)
        before = state(b.db)
        assert dialog.load(made.path)
        assert state(b.db) == before  # the preview changed nothing
        assert dialog.confirm_button.isEnabled() and not dialog.refusal.isVisible()
        kinds = {dialog.model.item_at(r).kind for r in range(dialog.model.rowCount())}
        assert kinds == {"new"}  # identical rows hidden
        assert "Thanh tra tỉnh A" in dialog.header.text() and made.fingerprint in dialog.header.text()
        assert dialog.model.data(dialog.model.index(0, 0)) == dialog.model.kind_text("new")
        _shot(dialog, "import-preview.png")
        dialog.hide_same.setChecked(False)
        assert {dialog.model.item_at(r).kind for r in range(dialog.model.rowCount())} >= {"new", "same"}
        dialog.hide_same.setChecked(True)

        with qtbot.waitSignal(dialog.imported):
            dialog.confirm_button.click()
        with b.db.read() as session:
            assert session.get(ImportedPackage, dialog.preview.package.package_id) is not None
            assert session.scalar(sa.select(sa.func.count()).select_from(Visit).where(Visit.id.in_(visits))) == 2
    finally:
        a.close()
        b.close()
