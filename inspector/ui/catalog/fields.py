"""Small pieces the catalogue editors share: an optional day, succession and validity wording."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from inspector.domain.catalog import SuccessionKind
from inspector.domain.clock import local_today
from inspector.services.catalog import Link
from inspector.ui.widgets import date_edit, day_text, to_qdate


class OptionalDate(QWidget):
    """A day that may be left open (no start, no end): a check box enables the day picker."""

    changed = Signal()

    def __init__(self, name: str, label: str, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.check.setObjectName(name + "Set")
        self.edit = date_edit(name, value or local_today())
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.set_value(value)

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


def kind_label(kind: SuccessionKind) -> str:
    return {
        SuccessionKind.MERGE: QCoreApplication.translate("CatalogText", "Merger"),
        SuccessionKind.SPLIT: QCoreApplication.translate("CatalogText", "Split"),
        SuccessionKind.RENAME: QCoreApplication.translate("CatalogText", "Rename"),
    }[kind]


def went_into(link: Link) -> str:
    """What became of an ended row, seen from it: "merged into Phường 3"."""
    text = {
        SuccessionKind.MERGE: QCoreApplication.translate("CatalogText", "merged into %1"),
        SuccessionKind.SPLIT: QCoreApplication.translate("CatalogText", "split into %1"),
        SuccessionKind.RENAME: QCoreApplication.translate("CatalogText", "renamed %1"),
    }[link.kind]
    return text.replace("%1", link.name)


def came_from(link: Link) -> str:
    """Where a row came from: "Phường 2 (merger, 01/01/2025)"."""
    return QCoreApplication.translate("CatalogText", "%1 (%2, %3)").replace("%1", link.name).replace("%2", kind_label(link.kind).lower()) \
        .replace("%3", day_text(link.effective_on))


def validity(start: date | None, end: date | None) -> str:
    if start and end:
        return QCoreApplication.translate("CatalogText", "from %1 to %2").replace("%1", day_text(start)).replace("%2", day_text(end))
    if start:
        return QCoreApplication.translate("CatalogText", "from %1").replace("%1", day_text(start))
    if end:
        return QCoreApplication.translate("CatalogText", "until %1").replace("%1", day_text(end))
    return QCoreApplication.translate("CatalogText", "no end date")


def history_suffix(valid_from: date | None, valid_until: date | None, ended: bool, upcoming: bool,
                   successors: tuple[Link, ...]) -> str:
    """" (until 31/12/2024, merged into Phường 3)" for an ended row; " (from 01/07/2025)" for one to come."""
    if ended and valid_until is not None:
        parts = [QCoreApplication.translate("CatalogText", "until %1").replace("%1", day_text(valid_until))]
        if successors:
            # a split names all its successors once: "split into Phường A, Phường B"
            by_kind: dict[SuccessionKind, list[str]] = {}
            for link in successors:
                by_kind.setdefault(link.kind, []).append(link.name)
            for kind, names in by_kind.items():
                parts.append(went_into(Link(successors[0].id, ", ".join(names), kind, successors[0].effective_on)))
        return " (" + ", ".join(parts) + ")"
    if upcoming and valid_from is not None:
        return " (" + QCoreApplication.translate("CatalogText", "from %1").replace("%1", day_text(valid_from)) + ")"
    return ""
