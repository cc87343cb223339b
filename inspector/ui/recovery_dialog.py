"""At start, the database could not be opened: say what was found and what was kept, offer a way on.

The dialog only explains and returns the user's choice; app.open_with_recovery
acts on it (sets the damaged file aside before, restores a backup after).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector.store.backups import BackupInfo
from inspector.store.migrate import (
    BackupBeforeUpgradeFailed,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DatabaseOnNetwork,
    DatabaseRefused,
    DatabaseTooNew,
    DatabaseUnrecognised,
    DatabaseUnwritable,
    NotADatabase,
)


class DatabaseUnreadable(DatabaseRefused):
    """A database error met after the file opened that is not damage (busy, locked, I/O): worth trying again."""


class Choice(Enum):
    RESTORE = "restore"                  # the newest good backup, into the original place
    RESTORE_ELSEWHERE = "restoreElsewhere"  # the newest good backup, to a place the user chooses
    CHOOSE = "choose"                    # another database file (DatabaseDialog)
    CREATE = "create"                    # a new database at the original place (now free)
    RETRY = "retry"
    QUIT = "quit"


def choices_for(problem: BaseException, *, path_free: bool, newest: BackupInfo | None) -> list[Choice]:
    """What can be done about ``problem``; ``path_free``: the original file has been set aside."""
    if isinstance(problem, DatabaseDamaged):
        found = []
        if newest is not None:
            found.append(Choice.RESTORE if path_free else Choice.RESTORE_ELSEWHERE)
        found.append(Choice.CHOOSE)
        if path_free:
            found.append(Choice.CREATE)
        return [*found, Choice.QUIT]
    if isinstance(problem, DatabaseUnwritable):
        return [*([Choice.RESTORE_ELSEWHERE] if newest is not None else []), Choice.CHOOSE, Choice.QUIT]
    if isinstance(problem, DatabaseInUse | BackupBeforeUpgradeFailed | DatabaseUnreadable | OSError):
        return [Choice.RETRY, Choice.CHOOSE, Choice.QUIT]
    return [Choice.CHOOSE, Choice.QUIT]


def when(info: BackupInfo) -> str:
    return f"{info.taken_at:%d/%m/%Y %H:%M}"


class RecoveryDialog(QDialog):
    def __init__(self, problem: BaseException, path: Path, *, choices: list[Choice], newest: BackupInfo | None = None,
                 aside: Path | None = None, aside_error: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.problem = problem
        self.chosen = Choice.QUIT
        self.setWindowTitle(self.tr("Inspector — the database cannot be opened"))
        self.setMinimumWidth(620)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        text = QVBoxLayout()
        self.heading = QLabel(self._heading(problem))
        self.heading.setObjectName("recoveryHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        text.addWidget(self.heading)
        text.addSpacing(6)
        paragraphs = [self._found(problem, path)]
        if aside is not None:
            paragraphs.append(self.tr(
                "The file was kept unchanged under the name %1 in the folder %2. Nothing was deleted."
            ).replace("%1", aside.name).replace("%2", str(aside.parent)))
        elif aside_error is not None:
            paragraphs.append(self.tr("Note: %1").replace("%1", aside_error))
        advice = self._advice(problem)
        if advice:
            paragraphs.append(advice)
        if Choice.RESTORE in choices or Choice.RESTORE_ELSEWHERE in choices:
            assert newest is not None
            paragraphs.append(self.tr("Newest good backup: %1, taken at %2.")
                              .replace("%1", newest.path.name).replace("%2", when(newest)))
        elif isinstance(problem, DatabaseDamaged | DatabaseUnwritable):
            paragraphs.append(self.tr("No usable backup of this database was found."))
        self.explanation = QLabel("\n\n".join(paragraphs))
        self.explanation.setObjectName("recoveryExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.explanation)
        text.addStretch(1)
        top.addLayout(text, 1)
        layout.addLayout(top)

        self.buttons: dict[Choice, QPushButton] = {}
        column = QVBoxLayout()
        column.addSpacing(8)
        for choice in choices:
            button = QPushButton(self._label(choice, newest))
            button.setObjectName(f"{choice.value}Button")
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            column.addWidget(button)
            self.buttons[choice] = button
        layout.addLayout(column)
        first = self.buttons.get(choices[0]) if choices else None
        if first is not None:
            first.setDefault(True)
            first.setFocus()

    def choose(self, choice: Choice) -> None:
        self.chosen = choice
        self.accept()

    def reject(self) -> None:  # Esc or the window's close button: the same as Quit
        self.chosen = Choice.QUIT
        super().reject()

    def _label(self, choice: Choice, newest: BackupInfo | None) -> str:
        stamp = when(newest) if newest is not None else ""
        if choice is Choice.RESTORE:
            return self.tr("Restore the newest backup (%1)").replace("%1", stamp)
        if choice is Choice.RESTORE_ELSEWHERE:
            return self.tr("Restore the newest backup (%1) to another place…").replace("%1", stamp)
        if choice is Choice.CHOOSE:
            return self.tr("Choose another file…")
        if choice is Choice.CREATE:
            return self.tr("Create a new database")
        if choice is Choice.RETRY:
            return self.tr("Try again")
        return self.tr("Quit")

    def _heading(self, problem: BaseException) -> str:
        if isinstance(problem, DatabaseDamaged):
            return self.tr("The database file is damaged")
        if isinstance(problem, DatabaseUnwritable):
            return self.tr("The database cannot be written")
        if isinstance(problem, DatabaseInUse):
            return self.tr("The database is open in another Inspector")
        if isinstance(problem, DatabaseOnNetwork):
            return self.tr("The database is on a network drive")
        if isinstance(problem, DatabaseTooNew):
            return self.tr("The database comes from a newer version of Inspector")
        if isinstance(problem, DatabaseMissing):
            return self.tr("The database file was not found")
        if isinstance(problem, NotADatabase | DatabaseUnrecognised):
            return self.tr("This file is not an Inspector database")
        if isinstance(problem, BackupBeforeUpgradeFailed):
            return self.tr("The database could not be backed up before its upgrade")
        return self.tr("The database cannot be opened")

    def _found(self, problem: BaseException, path: Path) -> str:
        if isinstance(problem, OSError):
            return self.tr("Error reading %1: %2").replace("%1", str(problem.filename or path)) \
                .replace("%2", problem.strerror or str(problem))
        return str(problem) or self.tr("The database %1 cannot be opened.").replace("%1", str(path))

    def _advice(self, problem: BaseException) -> str:
        if isinstance(problem, DatabaseDamaged):
            return self.tr("A specialist may recover more data from the damaged file.")
        if isinstance(problem, DatabaseInUse):
            return self.tr("Held by: %1. Close Inspector there, then press Try again.").replace("%1", problem.holder)
        return ""
