"""The current checklist item: question, guidance, answer, numbers, note, staff concerned, photos."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.checklist import CHOICE_ANSWERS, Item, ItemType
from inspector.domain.workflow import Result
from inspector.services.catalog import StaffRow
from inspector.services.inspection import ItemAnswer, PhotoRow
from inspector.services.photos import MAX_FILES_AT_ONCE, PhotoRejected, check_photo_file, files_to_add
from inspector.ui import labels
from inspector.ui.widgets import DebouncedSaver

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")  # what services.photos accepts
LISTED_IN_REPORT = 15  # refusals in the message itself; all of them under "Show Details"

_BUTTON_STYLE = {
    Result.PASS: "QPushButton:checked { background: #2e7d32; color: white; }",
    Result.FAIL: "QPushButton:checked { background: #c62828; color: white; }",
    Result.NOT_APPLICABLE: "QPushButton:checked { background: #616161; color: white; }",
}


class ItemController(Protocol):
    """What the panel asks of the visit screen (which talks to the services)."""

    def choose_result(self, result: Result) -> None: ...
    def save_note(self, text: str) -> None: ...
    def save_value(self, field_code: str, value: int | None) -> None: ...
    def save_staff(self, staff_ids: list[uuid.UUID]) -> None: ...
    def add_staff_member(self) -> None: ...
    def add_photos(self, paths: list[Path]) -> list[str]: ...
    def remove_photo(self, photo_id: uuid.UUID) -> None: ...
    def photo_pixmap(self, sha256: str, size: int) -> QPixmap: ...
    def go(self, step: int) -> None: ...


class ItemPanel(QWidget):
    def __init__(self, controller: ItemController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.item: Item | None = None
        # item code → legal basis as printed (citations through the register); the item's own text otherwise
        self.legal_bases: dict[str, str] = {}
        self._loading = False
        self.setAcceptDrops(True)
        self.photo_report: QMessageBox | None = None  # what the last drop or choice could not add
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        body = QWidget()
        body.setObjectName("itemCard")
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the card takes focus so 1/2/3 and arrows work
        self.card = body
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setSpacing(10)

        self.position_label = QLabel()
        self.position_label.setStyleSheet("color: #555;")
        layout.addWidget(self.position_label)
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.question.setFont(font)
        layout.addWidget(self.question)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        layout.addWidget(self.guidance)
        self.legal = QLabel()
        self.legal.setWordWrap(True)
        self.legal.setStyleSheet("color: #37474f; font-style: italic;")
        layout.addWidget(self.legal)
        # the reviewer's comments on this item (services.review), for the inspectors to answer
        self.review_note = QLabel()
        self.review_note.setObjectName("reviewNote")
        self.review_note.setWordWrap(True)
        self.review_note.setTextFormat(Qt.TextFormat.PlainText)
        self.review_note.setStyleSheet("background: #fff8e1; color: #5d4037; border: 1px solid #f9a825;"
                                       " border-radius: 4px; padding: 6px;")
        self.review_note.hide()
        layout.addWidget(self.review_note)

        # --- answer ---
        self.answer_box = QWidget()
        answers = QHBoxLayout(self.answer_box)
        answers.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Result, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so the chosen answer can be clicked again to clear it
        keys = {Result.PASS: "1", Result.FAIL: "2", Result.NOT_APPLICABLE: "3"}
        for result in CHOICE_ANSWERS:
            button = QPushButton(f"{keys[result]}   {labels.result(result)}")
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(_BUTTON_STYLE[result])
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            bold = button.font()
            bold.setPointSizeF(bold.pointSizeF() * 1.2)
            bold.setBold(True)
            button.setFont(bold)
            button.clicked.connect(lambda _checked=False, r=result: self._clicked(r))
            self.group.addButton(button)
            self.buttons[result] = button
            answers.addWidget(button)
        layout.addWidget(self.answer_box)

        # --- numbers (dossier sample) ---
        self.numbers_box = QGroupBox(self.tr("Figures"))
        self.numbers_form = QFormLayout(self.numbers_box)
        self.spins: dict[str, QSpinBox] = {}
        self.numeric_result = QLabel()
        layout.addWidget(self.numbers_box)

        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        layout.addWidget(self.result_label)

        # --- note ---
        self.note_label = QLabel()
        layout.addWidget(self.note_label)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("What was found: facts, times, what was said (press N to write here, Esc to leave)"))
        self.note.setMinimumHeight(70)
        self.note.setMaximumHeight(110)
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        self.note_saver = DebouncedSaver(self.note, controller.save_note, self)

        # --- staff concerned and photos, side by side ---
        row = QHBoxLayout()
        staff_box = QGroupBox(self.tr("Staff concerned"))
        staff_layout = QVBoxLayout(staff_box)
        self.staff_list = QListWidget()
        self.staff_list.setObjectName("staffList")
        self.staff_list.setMaximumHeight(120)
        self.staff_list.itemChanged.connect(self._staff_toggled)
        staff_layout.addWidget(self.staff_list)
        self.add_staff_button = QPushButton(self.tr("Someone else…"))
        self.add_staff_button.clicked.connect(controller.add_staff_member)
        staff_layout.addWidget(self.add_staff_button)
        row.addWidget(staff_box, 1)

        photo_box = QGroupBox(self.tr("Photos (drop files here)"))
        photo_layout = QVBoxLayout(photo_box)
        self.photos = QListWidget()
        self.photos.setObjectName("photoList")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(96, 96))
        self.photos.setMaximumHeight(130)
        self.photos.setMovement(QListWidget.Movement.Static)
        self.photos.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        photo_layout.addWidget(self.photos)
        buttons = QHBoxLayout()
        self.add_photo_button = QPushButton(self.tr("Add photos…"))
        self.add_photo_button.clicked.connect(self.choose_photos)
        self.remove_photo_button = QPushButton(self.tr("Remove selected photo"))
        self.remove_photo_button.clicked.connect(self._remove_photo)
        buttons.addWidget(self.add_photo_button)
        buttons.addWidget(self.remove_photo_button)
        photo_layout.addLayout(buttons)
        row.addWidget(photo_box, 1)
        layout.addLayout(row)
        layout.addStretch(1)

        # --- moving on ---
        nav = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀  Previous (←)"))
        self.previous_button.setMinimumHeight(40)
        self.previous_button.clicked.connect(lambda: controller.go(-1))
        self.next_button = QPushButton(self.tr("Next (→ or Enter)  ▶"))
        self.next_button.setMinimumHeight(40)
        self.next_button.clicked.connect(lambda: controller.go(+1))
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        outer.addLayout(nav)  # outside the scrolled part: always in reach

    # --- showing an item ---------------------------------------------------------------------

    def show_item(self, item: Item, answer: ItemAnswer, staff: tuple[StaffRow, ...], position: str,
                  editable: bool) -> None:
        self._loading = True
        try:
            self.item = item
            self.position_label.setText(position)
            self.question.setText(f"{item.code}. {item.text}")
            self.guidance.setText(self.tr("Guidance: %1").replace("%1", item.guidance))
            basis = self.legal_bases.get(item.code) or item.legal_basis
            self.legal.setText(self.tr("Legal basis: %1").replace("%1", basis)
                               + "   ·   " + self.tr("Severity: %1").replace("%1", labels.severity(item.severity))
                               + "   ·   SIPAS: " + labels.sipas(item.sipas))
            numeric = item.type is ItemType.NUMERIC
            self.answer_box.setVisible(not numeric)
            self.numbers_box.setVisible(numeric)
            for result, button in self.buttons.items():
                button.setEnabled(editable and result in item.answers)
            self._build_spins(item, answer, editable)
            self.note_saver.load(answer.note)
            self.note.setReadOnly(not editable)
            self._fill_staff(staff, answer.staff_ids, editable)
            self.add_staff_button.setEnabled(editable)
            self.add_photo_button.setEnabled(editable)
            self.remove_photo_button.setEnabled(editable)
            self.setAcceptDrops(editable)
            self.show_answer(answer)
        finally:
            self._loading = False

    def show_comments(self, lines: list[str]) -> None:
        """The reviewer's comments on the item shown ("" lines: none); hidden when there are none."""
        if lines:
            self.review_note.setText(self.tr("Reviewer's comments:") + "\n" + "\n".join(f"• {line}" for line in lines))
        self.review_note.setVisible(bool(lines))

    def show_answer(self, answer: ItemAnswer) -> None:
        """Refresh what depends on the stored answer (after a save, or a shared number changed)."""
        item = self.item
        if item is None:
            return
        self._loading = True
        try:
            for result, button in self.buttons.items():
                button.setChecked(answer.result is result)
            for code, spin in self.spins.items():
                value = answer.values.get(code)
                spin.setValue(spin.minimum() if value is None else value)
            self.result_label.setText(self.tr("Result: %1").replace("%1", labels.result(answer.result)))
            failed = answer.result is Result.FAIL
            self.result_label.setStyleSheet("color: #c62828; font-weight: bold;" if failed else "")
            needs = []
            if failed and item.note_required_on_fail:
                needs.append(self.tr("a note is required"))
            if failed and item.photo_required_on_fail:
                needs.append(self.tr("a photo is required"))
            self.note_label.setText(self.tr("Note") + (f" — {', '.join(needs)}" if needs else ""))
            self.note_label.setStyleSheet("color: #c62828;" if needs else "")
            self._fill_photos(answer.photos)
        finally:
            self._loading = False

    def _build_spins(self, item: Item, answer: ItemAnswer, editable: bool) -> None:
        while self.numbers_form.rowCount():
            self.numbers_form.removeRow(0)
        self.spins = {}
        for spec in item.fields:
            spin = QSpinBox()
            spin.setObjectName(f"field_{spec.code}")
            # one below the minimum means "not entered yet", shown as a dash
            spin.setRange(spec.minimum - 1, spec.maximum if spec.maximum is not None else 100_000)
            spin.setSpecialValueText("—")
            spin.setMinimumHeight(34)
            spin.setReadOnly(not editable)
            spin.setKeyboardTracking(False)  # commit the number once typed, not each digit
            value = answer.values.get(spec.code)
            spin.setValue(spin.minimum() if value is None else value)
            spin.valueChanged.connect(lambda v, code=spec.code, s=spin: self._value(code, s, v))
            self.numbers_form.addRow(spec.label, spin)
            spin.show()  # at once, not at the next event-loop turn: the keyboard may go there now
            self.spins[spec.code] = spin

    def _fill_staff(self, staff: tuple[StaffRow, ...], chosen: tuple[uuid.UUID, ...], editable: bool) -> None:
        self.staff_list.clear()
        for member in staff:
            entry = QListWidgetItem(f"{member.full_name}" + (f" — {member.position}" if member.position else ""))
            entry.setData(ID_ROLE, member.id)
            flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable if editable else Qt.ItemFlag.NoItemFlags)
            entry.setFlags(flags)
            entry.setCheckState(Qt.CheckState.Checked if member.id in chosen else Qt.CheckState.Unchecked)
            self.staff_list.addItem(entry)

    def _fill_photos(self, photos: tuple[PhotoRow, ...]) -> None:
        self.photos.clear()
        for n, photo in enumerate(photos, 1):
            entry = QListWidgetItem(QIcon(self.controller.photo_pixmap(photo.sha256, 96)), self.tr("Photo %1").replace("%1", str(n)))
            entry.setData(ID_ROLE, photo.id)
            entry.setToolTip(photo.caption or photo.sha256[:12])
            self.photos.addItem(entry)

    # --- user actions --------------------------------------------------------------------------

    def _clicked(self, result: Result) -> None:
        if self._loading:
            return
        button = self.buttons[result]
        self.controller.choose_result(result if button.isChecked() else Result.UNCHECKED)

    def _value(self, code: str, spin: QSpinBox, value: int) -> None:
        if self._loading:
            return
        self.controller.save_value(code, None if value == spin.minimum() else value)

    def _staff_toggled(self, _entry: QListWidgetItem) -> None:
        if self._loading:
            return
        chosen = [
            self.staff_list.item(r).data(ID_ROLE) for r in range(self.staff_list.count())
            if self.staff_list.item(r).checkState() == Qt.CheckState.Checked
        ]
        self.controller.save_staff(chosen)

    def _remove_photo(self) -> None:
        entry = self.photos.currentItem()
        if entry is not None:
            self.controller.remove_photo(entry.data(ID_ROLE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        try:
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.add_files(paths)
        except Exception as exc:  # noqa: BLE001 - nothing may escape a drop: say it instead
            self._report(0, [], [self.tr("Unexpected error: %1").replace("%1", _describe(exc))])

    def choose_photos(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in PHOTO_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), str(Path.home()),
            self.tr("Photos (%1)").replace("%1", patterns) + ";;" + self.tr("All files (*)"))
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Add the photos among ``paths`` (for a folder, the files directly in it) to the current
        item, then say in one message what could not be added and why. Never raises."""
        refused: list[str] = []
        notes: list[str] = []
        try:
            dropped = files_to_add(paths)
        except Exception as exc:  # noqa: BLE001
            self._report(0, [], [self.tr("Unexpected error: %1").replace("%1", _describe(exc))])
            return
        refused.extend(dropped.folders_refused)
        accepted: list[Path] = []
        for path in dropped.files:  # every file is checked before any is stored
            try:
                check_photo_file(path)
            except PhotoRejected as exc:
                refused.append(str(exc))
            except OSError as exc:
                refused.append(f"{path.name} — {exc.strerror or exc}")
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                refused.append(self.tr("%1 — unexpected error: %2").replace("%1", path.name).replace("%2", _describe(exc)))
            else:
                accepted.append(path)
        if dropped.subfolders:
            names = ", ".join(p.name for p in dropped.subfolders[:10]) + (", …" if len(dropped.subfolders) > 10 else "")
            notes.append(self.tr("Folders inside a dropped folder are not opened: %1. Drop them on their own.")
                         .replace("%1", names))
        if dropped.left_out:
            notes.append(self.tr("At most %1 files are added at once; %2 more were not looked at.")
                         .replace("%1", str(MAX_FILES_AT_ONCE)).replace("%2", str(dropped.left_out)))
        added = 0
        if accepted:
            before = self.photos.count()
            try:
                refused.extend(self.controller.add_photos(accepted))  # a photo damaged inside is refused here
            except Exception as exc:  # noqa: BLE001
                notes.append(self.tr("Unexpected error: %1").replace("%1", _describe(exc)))
            added = max(0, self.photos.count() - before)
        if refused or notes:
            self._report(added, refused, notes)

    def _report(self, added: int, refused: list[str], notes: list[str]) -> None:
        """One message for the whole drop, not one per file; it does not wait to be closed."""
        lines = [self.tr("Added %1 photo(s).").replace("%1", str(added))]
        if refused:
            lines.append("")
            lines.append(self.tr("Could not add %1 file(s):").replace("%1", str(len(refused))))
            lines.extend(f"• {text}" for text in refused[:LISTED_IN_REPORT])
            if len(refused) > LISTED_IN_REPORT:
                lines.append(self.tr("… and %1 more (see the details).").replace("%1", str(len(refused) - LISTED_IN_REPORT)))
        for note in notes:
            lines.append("")
            lines.append(note)
        box = self.photo_report
        if box is None:
            box = self.photo_report = QMessageBox(self)
            box.setObjectName("photoReport")
            box.setWindowTitle(self.tr("Adding photos"))
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        box.setIcon(QMessageBox.Icon.Information if added else QMessageBox.Icon.Warning)
        box.setText("\n".join(lines))
        box.setDetailedText("\n".join(f"• {text}" for text in refused) if len(refused) > LISTED_IN_REPORT else "")
        box.open()  # not exec(): a drop handler must return, the file manager waits for it


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
