"""The administrator's editors of one unit and of one reception point (Bộ phận Một cửa)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.catalog import UnitLevel
from inspector.domain.clock import local_today
from inspector.services.access import AccessDenied
from inspector.services.catalog import (
    CatalogError,
    PointInput,
    UnitInput,
    create_point,
    create_unit,
    units_valid_on,
    update_point,
    update_unit,
)
from inspector.store.db import Database
from inspector.store.models import ReceptionPoint, Unit
from inspector.ui import labels
from inspector.ui.catalog.fields import OptionalDate
from inspector.ui.widgets import Banner


def unit_combo(name: str, choices: list[tuple[uuid.UUID, str]], chosen: uuid.UUID | None,
               none_text: str | None = None) -> QComboBox:
    """A combo of units (ids as text: Qt cannot compare Python UUID objects in findData)."""
    combo = QComboBox()
    combo.setObjectName(name)
    if none_text is not None:
        combo.addItem(none_text, "")
    for key, text in choices:
        combo.addItem(text, str(key))
    combo.setCurrentIndex(max(0, combo.findData(str(chosen))) if chosen else 0)
    return combo


def chosen_id(combo: QComboBox) -> uuid.UUID | None:
    data = combo.currentData()
    return uuid.UUID(data) if data else None


class EditDialog(QDialog):
    """A form, an error banner, OK/Cancel; OK stores through the service or shows why not."""

    def __init__(self, db: Database, user_id: uuid.UUID | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.saved_id: uuid.UUID | None = None
        self.setMinimumWidth(620)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.addLayout(self.form)

    def _finish(self) -> None:
        self.error = Banner()
        self.error.setObjectName("editErrors")
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def store(self) -> uuid.UUID:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.saved_id = self.store()
        except (CatalogError, AccessDenied) as exc:
            self.error.error(str(exc))
            return
        self.accept()


class UnitDialog(EditDialog):
    """New unit, or one corrected: name, short name, level, parent, address, validity."""

    def __init__(self, db: Database, user_id: uuid.UUID | None, *, unit_id: uuid.UUID | None = None,
                 parent_unit_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(db, user_id, parent)
        self.unit_id = unit_id
        with db.session() as session:
            unit = session.get(Unit, unit_id) if unit_id else None
            choices = [(k, n) for k, n in units_valid_on(session, local_today()) if k != unit_id]
            wanted = unit.parent_id if unit is not None else parent_unit_id
            if wanted is not None and wanted not in {k for k, _ in choices} and (p := session.get(Unit, wanted)):
                choices.append((p.id, p.name))
            values = (unit.name, unit.short_name, unit.level, unit.address, unit.valid_from, unit.valid_until) \
                if unit is not None else ("", "", UnitLevel.WARD, "", None, None)
        self.setWindowTitle(self.tr("Edit unit") if unit_id else self.tr("New unit"))
        name, short, level, address, start, end = values
        self.name = QLineEdit(name)
        self.name.setObjectName("unitName")
        self.name.setPlaceholderText(self.tr("e.g. Ủy ban nhân dân phường Trà Vinh"))
        self.form.addRow(self.tr("&Name:"), self.name)
        self.short_name = QLineEdit(short)
        self.short_name.setObjectName("unitShortName")
        self.form.addRow(self.tr("&Short name:"), self.short_name)
        self.level = QComboBox()
        self.level.setObjectName("unitLevel")
        for value in UnitLevel:
            self.level.addItem(labels.unit_level(value), value.value)
        self.level.setCurrentIndex(self.level.findData(level.value))
        self.form.addRow(self.tr("&Level:"), self.level)
        self.parent_unit = unit_combo("unitParent", choices, wanted, self.tr("(none: top level)"))
        self.form.addRow(self.tr("&Belongs to:"), self.parent_unit)
        self.address = QLineEdit(address)
        self.address.setObjectName("unitAddress")
        self.form.addRow(self.tr("&Address:"), self.address)
        self.valid_from = OptionalDate("unitValidFrom", self.tr("from"), start)
        self.valid_until = OptionalDate("unitValidUntil", self.tr("until (last day)"), end)
        self.form.addRow(self.tr("Valid:"), self.valid_from)
        self.form.addRow("", self.valid_until)
        self._finish()
        self.name.setFocus()

    def unit_input(self) -> UnitInput:
        return UnitInput(
            name=self.name.text(), short_name=self.short_name.text(), level=UnitLevel(self.level.currentData()),
            parent_id=chosen_id(self.parent_unit), address=self.address.text(),
            valid_from=self.valid_from.value(), valid_until=self.valid_until.value(),
        )

    def store(self) -> uuid.UUID:
        with self.db.session() as session:
            if self.unit_id is None:
                return create_unit(session, self.unit_input(), self.user_id).id
            return update_unit(session, self.unit_id, self.unit_input(), self.user_id).id


class PointDialog(EditDialog):
    """New reception point, or one corrected: its unit, name, address, phone, validity."""

    def __init__(self, db: Database, user_id: uuid.UUID | None, *, point_id: uuid.UUID | None = None,
                 unit_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(db, user_id, parent)
        self.point_id = point_id
        with db.session() as session:
            point = session.get(ReceptionPoint, point_id) if point_id else None
            choices = units_valid_on(session, local_today())
            wanted = point.unit_id if point is not None else unit_id
            if wanted is not None and wanted not in {k for k, _ in choices} and (u := session.get(Unit, wanted)):
                choices.append((u.id, u.name))
            values = (point.name, point.address, point.phone, point.valid_from, point.valid_until) \
                if point is not None else ("", "", "", None, None)
        self.setWindowTitle(self.tr("Edit reception point") if point_id else self.tr("New reception point"))
        name, address, phone, start, end = values
        self.unit = unit_combo("pointUnit", choices, wanted)
        self.form.addRow(self.tr("&Unit:"), self.unit)
        self.name = QLineEdit(name)
        self.name.setObjectName("pointName")
        self.name.setPlaceholderText(self.tr("e.g. Trung tâm Phục vụ hành chính công phường Trà Vinh"))
        self.form.addRow(self.tr("&Name:"), self.name)
        self.address = QLineEdit(address)
        self.address.setObjectName("pointAddress")
        self.form.addRow(self.tr("&Address:"), self.address)
        self.phone = QLineEdit(phone)
        self.phone.setObjectName("pointPhone")
        self.form.addRow(self.tr("&Phone:"), self.phone)
        self.valid_from = OptionalDate("pointValidFrom", self.tr("from"), start)
        self.valid_until = OptionalDate("pointValidUntil", self.tr("until (last day)"), end)
        self.form.addRow(self.tr("Valid:"), self.valid_from)
        self.form.addRow("", self.valid_until)
        self._finish()
        self.name.setFocus()

    def point_input(self) -> PointInput:
        unit_id = chosen_id(self.unit)
        return PointInput(
            unit_id=unit_id or uuid.UUID(int=0), name=self.name.text(), address=self.address.text(),
            phone=self.phone.text(), valid_from=self.valid_from.value(), valid_until=self.valid_until.value(),
        )

    def store(self) -> uuid.UUID:
        with self.db.session() as session:
            if self.point_id is None:
                return create_point(session, self.point_input(), self.user_id).id
            return update_point(session, self.point_id, self.point_input(), self.user_id).id
