"""*Đồng bộ*: a laptop's file database syncs with the office server (services.sync.engine) on a worker thread,
with a progress bar counting each phase, a Stop button (a stopped sync is safe to run again: it carries on), and
the result in the user's words. The main window re-reads its lists after a sync that changed something.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.server_address import ServerAddress, remember_password, session_password
from inspector.ui.sync import labels

if TYPE_CHECKING:
    from inspector.services.workspace import Background, Workspace
    from inspector.ui.settings import Options


class _Relay(QObject):
    """Carries the worker's progress and its end to the dialog's thread. Progress is coalesced: the engine may
    report every row, the dialog paints the latest one whenever the event loop comes round."""

    moved = Signal()
    ended = Signal(object, object)  # report, error

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._latest: Any = None
        self._pending = False

    def report(self, progress: Any) -> None:  # on the worker thread
        with self._lock:
            self._latest = progress
            if self._pending:
                return
            self._pending = True
        self.moved.emit()

    def take(self) -> Any:
        with self._lock:
            self._pending = False
            return self._latest


class SyncDialog(QDialog):
    """Đồng bộ với máy chủ. ``on_progress`` (tests) is called on the worker thread with each SyncProgress."""

    synced = Signal(object)  # the SyncReport of a sync that ended (the main window re-reads its lists)

    def __init__(self, workspace: Workspace, options: Options, user_id: uuid.UUID | None,
                 parent: QWidget | None = None, *, on_progress: Callable[[Any], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncDialog")
        self.setWindowTitle(self.tr("Synchronise with the office server"))
        self.setMinimumWidth(560)
        self.resize(660, 340)
        self.workspace, self.options, self.user_id = workspace, options, user_id
        self.on_progress = on_progress
        self.job: Background | None = None
        self.report: Any = None
        self.error: BaseException | None = None
        self._close_when_done = False

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Sends this computer's visits, answers, photos, recommendations and history to the office server, "
            "and brings back the catalogue, checklist forms, legal documents, rounds, users and open "
            "recommendations. A visit is edited on one computer at a time. If the connection drops, "
            "synchronise again: it carries on where it stopped."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        server = options.sync_server
        self.server_edit = QLineEdit(server.display() if server else "")
        self.server_edit.setObjectName("syncServer")
        self.server_edit.setPlaceholderText("postgresql://inspector@192.168.1.10:5432/inspector")
        form.addRow(self.tr("&Server:"), self.server_edit)
        self.password_edit = QLineEdit(session_password(server) or "" if server else "")
        self.password_edit.setObjectName("syncPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Pass&word:"), self.password_edit)
        layout.addLayout(form)

        self.phase_label = QLabel(self.tr("Not started."))
        self.phase_label.setObjectName("syncPhase")
        layout.addWidget(self.phase_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("syncProgress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%v / %m")
        layout.addWidget(self.progress_bar)
        self.result_label = QLabel()
        self.result_label.setObjectName("syncResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        layout.addWidget(self.result_label)
        layout.addStretch(1)

        buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("&Synchronise"))
        self.start_button.setObjectName("syncStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.stop_button = QPushButton(self.tr("S&top"))
        self.stop_button.setObjectName("syncStop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("syncClose")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._relay = _Relay(self)
        self._relay.moved.connect(self._moved, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        (self.password_edit if self.server_edit.text() else self.server_edit).setFocus()

    # --- the address -------------------------------------------------------------------------------

    def address(self) -> tuple[ServerAddress, str] | None:
        """The server typed and its password (typed, in the address, or already given this session); None,
        said in the dialog, when the address is not a server's."""
        text = unicodedata.normalize("NFC", self.server_edit.text().strip())
        if "://" not in text and text:
            text = "postgresql://" + text
        try:
            address, in_url = ServerAddress.parse(text)
        except ValueError:
            self._say(self.tr("Type the office server's address, for example "
                              "postgresql://inspector@192.168.1.10:5432/inspector."), error=True)
            self.server_edit.setFocus()
            return None
        password = self.password_edit.text() or in_url or session_password(address) or ""
        return address, password

    # --- running -----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.thread.is_alive()

    @Slot()
    def start(self) -> bool:
        """Run the sync on a worker thread; False if it did not start (no address, or already running)."""
        if self.running:
            return False
        chosen = self.address()
        if chosen is None:
            return False
        address, password = chosen
        url = address.url(password)
        db, user_id, relay, hook = self.workspace.db, self.user_id, self._relay, self.on_progress

        def progress(step: Any) -> None:  # on the worker thread
            relay.report(step)
            if hook is not None:
                hook(step)

        def work(stop: threading.Event) -> None:  # on the worker thread; always says it ended, stopped or not
            from inspector.services.sync.engine import sync

            report: Any = None
            error: BaseException | None = None
            try:
                report = sync(db, url, user_id=user_id, progress=progress, stop=stop)
            except BaseException as exc:  # told to the dialog, which says it (a bug goes to the excepthook)
                error = exc
            try:
                relay.ended.emit(report, error)
            except RuntimeError:  # the dialog is gone
                pass

        self._address, self._password = address, password
        self.report, self.error = None, None
        self.result_label.hide()
        self.progress_bar.setRange(0, 0)  # busy until the first count
        self.progress_bar.setFormat("%v / %m")
        self.phase_label.setText(self.tr("Connecting to %1…").replace("%1", address.display()))
        self._set_running(True)
        self.job = self.workspace.in_background("sync", work)
        return True

    @Slot()
    def stop(self) -> None:
        """Ask the sync to stop at the next safe point (what was sent stays sent; the next sync carries on)."""
        if self.running and self.job is not None:
            self.job.stop.set()
            self.stop_button.setEnabled(False)
            self.phase_label.setText(self.tr("Stopping…"))

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.server_edit.setEnabled(not running)
        self.password_edit.setEnabled(not running)

    @Slot()
    def _moved(self) -> None:
        step = self._relay.take()
        if step is None or (self.job is not None and self.job.stop.is_set()):
            return
        total = max(int(step.total), 0)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(int(step.done), max(total, 1)))
        self.phase_label.setText(labels.progress(step.phase, step.table, int(step.done), total))

    @Slot(object, object)
    def _ended(self, report: Any, error: BaseException | None) -> None:
        from inspector.services.sync.changes import SyncRefused
        from inspector.services.sync.engine import SyncFailed, SyncStopped
        from inspector.store.migrate import DatabaseRefused
        from inspector.store.server import ServerUnreachable

        self._set_running(False)
        self.report, self.error = report, error
        if error is None:
            remember_password(self._address, self._password)  # this session only
            self.options.sync_server = self._address
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(1)
            self.progress_bar.setFormat(self.tr("Done"))
            self.phase_label.setText(self.tr("Synchronised with %1.").replace("%1", self._address.display()))
            self._say(self.describe(report))
            self.synced.emit(report)
        elif isinstance(error, SyncStopped):
            self.phase_label.setText(self.tr("Stopped."))
            self._say(self.tr("The sync was stopped. What was already sent is kept on the server and nothing "
                              "is sent twice: synchronise again to carry on."), error=True)
            self.synced.emit(None)  # some rows may have come in before the stop
        elif isinstance(error, SyncRefused):  # the two databases cannot be merged, or the user is unknown there
            self.phase_label.setText(self.tr("The sync did not finish."))
            self._say(str(error), error=True)
        else:
            self.phase_label.setText(self.tr("The sync did not finish."))
            expected = isinstance(error, (SyncFailed, ServerUnreachable, DatabaseRefused))
            message = str(error) if expected else f"{type(error).__name__}: {error}"
            self._say(message + "\n\n" + self.tr("Nothing on this computer was lost. Synchronise again once the "
                                                  "server can be reached: it carries on where it stopped."), error=True)
            if not expected:  # a bug in the sync: said as an escaping exception is
                sys.excepthook(type(error), error, error.__traceback__)
        if self._close_when_done:
            self.done(QDialog.DialogCode.Rejected)

    def describe(self, report: Any) -> str:
        """The result in the user's words: what came in, what went out, photos, conflicts."""
        pulled = labels.counts(dict(getattr(report, "pulled", {}) or {}))
        pushed = labels.counts(dict(getattr(report, "pushed", {}) or {}))
        blobs = int(getattr(report, "blobs", 0) or 0)
        conflicts = int(getattr(report, "conflicts", 0) or 0)
        checked_in = int(getattr(report, "checked_in", 0) or 0)
        lines = []
        if pulled:
            lines.append(self.tr("Received from the server: %1.").replace("%1", pulled))
        if pushed:
            lines.append(self.tr("Sent to the server: %1.").replace("%1", pushed))
        if blobs:
            lines.append(self.tr("%n photo(s) and file(s) transferred.", "", blobs))
        if checked_in:
            lines.append(self.tr("%n visit(s) handed back to the server.", "", checked_in))
        if conflicts:
            lines.append(self.tr("%n conflict(s) kept for the supervisor to settle: nothing was overwritten.",
                                 "", conflicts))
        if not lines:
            lines.append(self.tr("Nothing to synchronise: this computer and the server already agree."))
        return "\n".join(lines)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("color: #b00020;" if error else "")
        self.result_label.show()

    # --- closing -----------------------------------------------------------------------------------

    def reject(self) -> None:
        """Closing while the sync runs stops it first (safely); the dialog closes once it has stopped."""
        if self.running:
            self._close_when_done = True
            self.stop()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            self._close_when_done = True
            self.stop()
            event.ignore()
            return
        super().closeEvent(event)
