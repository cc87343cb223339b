"""Who is working on this laptop: answers and changes are recorded in their name."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from inspector.services.users import UserRow
from inspector.ui import labels

ID_ROLE = 0x0101


class UserDialog(QDialog):
    def __init__(self, users: list[UserRow], current: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is working?"))
        self.resize(480, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Choose your name. Answers, photos and changes are recorded under it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("users")
        for user in users:
            entry = QListWidgetItem(f"{user.full_name} — {user.title} ({labels.role(user.role)})")
            entry.setData(ID_ROLE, user.id)
            self.list.addItem(entry)
            if user.id == current:
                self.list.setCurrentItem(entry)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _e: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> uuid.UUID | None:
        entry = self.list.currentItem()
        return entry.data(ID_ROLE) if entry else None
