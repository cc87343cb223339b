"""Shared fixtures. Qt runs offscreen; settings and app data go to a temporary home."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: no real screen, no real user settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="inspector-test-home-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ.pop("INSPECTOR_LANG", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> None:
    """Argon2id with the cheapest parameters (services/accounts.py): the suite hashes many passwords."""
    from inspector.services import accounts

    accounts.use_cheap_hashing()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inspector.sqlite"


# The services' tests run on SQLite and on PostgreSQL (issue 14): every test in these modules that uses
# ``workspace`` or ``db`` runs once per backend. tests/pg_server.py starts the server (Debian's postgresql).
BOTH_BACKENDS = frozenset({
    "test_access", "test_accounts", "test_audit", "test_follow_up", "test_forms_service", "test_history",
    "test_inspection", "test_minutes", "test_minutes_numbers", "test_photos", "test_review", "test_rounds",
    "test_visit_counts_pg", "test_server", "test_legal_register", "test_map", "test_store", "test_text",
    "test_remediation", "test_survey_index", "test_survey",
})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_BACKENDS:
        from tests import pg_server

        backends = ["sqlite", "postgres"] if pg_server.available() else ["sqlite"]
        if metafunc.definition.get_closest_marker("sqlite_only") is not None:
            backends = ["sqlite"]  # about the file itself (its bytes, its locks, its side files)
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One PostgreSQL server for the session (tests/pg_server.py), stopped at the end."""
    from tests import pg_server

    if not pg_server.available():
        pytest.skip("INSPECTOR_TEST_PG=0: the PostgreSQL tests are skipped")
    server = pg_server.PgServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_demo_template(pg) -> str:  # type: ignore[no-untyped-def]
    """A database on the server with the schema and the demo map (no history), closed: copied per test."""
    from inspector.services.workspace import open_workspace

    name = pg.create_database("tmpl_demo")
    ws = open_workspace(pg.url(name), demo_if_new=True, demo_history=False)
    ws.close()
    return name


@pytest.fixture
def pg_url(pg, pg_demo_template) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh copy of the demo database on the server, dropped after the test."""
    name = pg.create_database(template=pg_demo_template)
    yield pg.url(name)
    pg.drop_database(name)


@pytest.fixture
def workspace(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator:
    """A new database with today's demo map (tỉnh Vĩnh Long); without the 2023 city's history and its
    numbered visits, which the app's first start adds (see tests/test_demo.py) but most tests do not need.
    On PostgreSQL (``backend``) a fresh database with the same data on the session's server."""
    from inspector.services.workspace import open_workspace

    target: Path | str = db_path
    if backend == "postgres":
        target = request.getfixturevalue("pg_url")
    ws = open_workspace(target, demo_if_new=True, demo_history=False)
    yield ws
    ws.close()


@pytest.fixture
def db(workspace):  # type: ignore[no-untyped-def]
    return workspace.db


def database_target(db) -> str:  # type: ignore[no-untyped-def]
    """What another process opens ``db`` by (open_workspace, ``--database``): its file, or its server's address."""
    return db.url if db.url is not None else str(db.path)


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    """Ids of the demo's inspector kiemtra1 (and kiemtra2), supervisor truongphong, clerk vanthu and administrator
    quantri: services check who acts (services/access.py). tests/people.py has join_round for a test's own round."""
    from tests.people import people_of

    return people_of(db)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """ONE database of ~2,000 generated visits over 5 years (services/generate.py, seed 11) for the whole
    session, on the app's first-start data: its path, closed. Read it only (open it, never write to it):
    every test that asks for it shares the same file."""
    from inspector.services.generate import generate
    from inspector.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("generated") / "generated.sqlite"
    ws = open_workspace(path, demo_if_new=True)
    try:
        generate(ws.db, visits=2_000, years=5, seed=11)
    finally:
        ws.close()
    yield path


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["inspector-tests"]


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication set up as the real app sets it up: fonts, Vietnamese translation.

    The main window starts with no one signed in and no sign-in dialog (MainWindow.ask_sign_in
    replaced): a test signs in with ``build_main_window(..., user="kiemtra1")``, or drives the real
    dialogs as tests/test_sign_in_ui.py does."""
    from inspector.ui.app import create_application
    from inspector.ui.main_window import MainWindow

    if not getattr(qapp, "_inspector_translators", None):
        create_application(["inspector-tests"])

    def nobody(window, db, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        window.signed_in_id = None
        return True

    with pytest.MonkeyPatch.context() as patch:  # its own: a test's monkeypatch.undo() leaves it in place
        patch.setattr(MainWindow, "ask_sign_in", nobody)
        # plain files, as before issue 13, for the GUI tests that read them directly: the encrypted start
        # (new databases encrypted, plain ones converted) is tests/test_encrypted_start.py's
        patch.setattr("inspector.ui.app.ENCRYPT", False)
        yield qapp


@pytest.fixture
def options(app):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from inspector.ui.settings import Options

    settings = QSettings()
    settings.clear()
    return Options(settings)


@pytest.fixture
def screen(qtbot, app, db):  # type: ignore[no-untyped-def]
    """The visit screen of an unannounced visit to phường Hòa Thuận just started by inspector kiemtra1, shown and active."""
    import sqlalchemy as sa

    from inspector.services.inspection import Inspection
    from inspector.services.rounds import start_unannounced
    from inspector.store.models import ReceptionPoint, Unit, User
    from inspector.ui.visit_screen import VisitScreen

    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()
        user = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        visit_id = start_unannounced(session, point.id, user_id=user).id
    widget = VisitScreen(Inspection(db, user), visit_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def save_artifact(widget, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot for a human to look at (artifacts/ is not committed)."""
    from PySide6.QtWidgets import QApplication

    path = ARTIFACTS / name  # "area/name.png": artifacts/area/
    path.parent.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # pending layout passes, as on screen
    widget.grab().save(str(path))
    return path


@pytest.fixture
def fresh_server_passwords() -> Iterator[None]:
    """No database password kept for the session (ui/server_address.py) before or after the test."""
    from inspector.ui import server_address

    server_address._session_passwords.clear()
    yield
    server_address._session_passwords.clear()
