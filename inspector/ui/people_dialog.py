"""Edit a list of people (name, position): the inspected unit's representatives."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import clean


class PeopleDialog(QDialog):
    def __init__(self, title: str, intro: str, people: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("people")
        self.table.setHorizontalHeaderLabels([self.tr("Full name"), self.tr("Position")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for name, position in people:
            self._add(name, position)
        if not people:
            self._add("", "")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add a person"))
        add.clicked.connect(lambda: self._add("", ""))
        remove = QPushButton(self.tr("Remove the selected person"))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()) if self.table.currentRow() >= 0 else None)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add(self, name: str, position: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(position))

    def people(self) -> list[tuple[str, str]]:
        result = []
        for row in range(self.table.rowCount()):
            name = clean(self.table.item(row, 0).text() if self.table.item(row, 0) else "")
            position = clean(self.table.item(row, 1).text() if self.table.item(row, 1) else "")
            if name:
                result.append((name, position))
        return result
