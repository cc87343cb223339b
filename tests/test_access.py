"""Who may do what: every service checks the acting user itself (services/access.py), not only the screens.

The guard test lists every public service of inspector/services and fails naming each one that has no
entry in ``access.POLICY`` (a new service must say who may call it: ``@allowed(...)`` or ``@open_to_all``).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sys
import uuid
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import pytest
import sqlalchemy as sa

import inspector.services
from inspector.domain.catalog import Role, TeamRole
from inspector.domain.workflow import Result, VisitStatus
from inspector.services import access
from inspector.services.access import OPEN, POLICY, SIGNED_IN, AccessDenied
from inspector.services.forms import import_form_file
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.rounds import (
    MemberInput,
    RoundInput,
    begin_planned,
    create_round,
    current_round,
    plan_visits,
    start_unannounced,
)
from inspector.store.models import ReceptionPoint, Round, Unit, User, Visit
from tests.test_inspection import jpeg

# --- the guard -------------------------------------------------------------------------------------

# Modules that are not services of the app, and why.
NOT_SERVICES = {
    "inspector.services.access": "the register of permissions and its checks themselves",
    "inspector.services.generate": "a tool (`inspector generate`) writing generated data in bulk, behind the services",
    "inspector.services.demo": "writes the demo data of a new database in bulk, before anyone exists to sign in",
}

# A parameter through which a function reaches stored data or files.
_REACHING_NAMES = {"session", "db", "user_id"}
_REACHING_TYPES = ("Session", "Database", "Path")


def _reaches_data(func: Any) -> bool:
    """The rule for functions: one that takes a session, a database, a user or a path (by name or by annotation)
    reads or writes stored data or files, and is a service; one that takes none computes its result from its
    arguments alone (a pure value helper: parse_number, body_key, full_name, a row's valid_on…) and needs no
    entry. A facade's methods are all services (see _facade)."""
    for param in inspect.signature(func).parameters.values():
        annotation = param.annotation if isinstance(param.annotation, str) else repr(param.annotation)
        if param.name in _REACHING_NAMES or any(t in annotation for t in _REACHING_TYPES):
            return True
    return False


def _facade(cls: type) -> bool:
    """A class built on a database (``Inspection(db, user_id)``, ``Minutes``, ``Workspace``…): every public method
    is a service, whatever its parameters."""
    try:
        return "db" in inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return False


def _value_type(cls: type) -> bool:
    """Exceptions, enumerations and protocols carry no services."""
    return issubclass(cls, BaseException | Enum) or Protocol in getattr(cls, "__mro__", ()) or getattr(
        cls, "_is_protocol", False)


def service_modules() -> list[str]:
    names = [f"inspector.services.{m.name}" for m in pkgutil.iter_modules(inspector.services.__path__)]
    return sorted(n for n in names if n not in NOT_SERVICES)


def public_services() -> dict[str, Any]:
    """``module.function`` and ``module.Class.method`` → the function, for every service (rules above)."""
    found: dict[str, Any] = {}
    for name in service_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or getattr(value, "__module__", None) != name:
                continue  # private, or imported from elsewhere (checked where it is defined)
            if inspect.isfunction(value):
                if _reaches_data(value):
                    found[f"{name}.{value.__qualname__}"] = value
            elif inspect.isclass(value) and not _value_type(value):
                facade = _facade(value)
                for method_name, member in vars(value).items():
                    func = member.__func__ if isinstance(member, staticmethod | classmethod) else member
                    if method_name.startswith("_") or not inspect.isfunction(func):
                        continue  # private, dunder, or a property (computed from the object's own fields)
                    if facade or _reaches_data(func):
                        found[f"{name}.{func.__qualname__}"] = func
    return found


def test_every_public_service_says_who_may_call_it() -> None:
    services = public_services()
    assert len(services) > 80, sorted(services)  # the rules found the services (not an empty walk)
    missing = sorted(set(services) - set(POLICY))
    assert not missing, (
        "These public services have no entry in access.POLICY; decorate each with @allowed(Role…), "
        "@allowed(SIGNED_IN) or @open_to_all:\n  " + "\n  ".join(missing))


def test_the_policy_names_only_real_services() -> None:
    """Every entry names a function that exists where it says (an entry is made by decorating the function)."""
    public_services()  # imports every module
    for name in [n for n in POLICY if n.startswith("inspector.services.")]:
        module_name, _, qualname = name.rpartition(".")
        while module_name not in sys.modules:
            module_name, _, head = module_name.rpartition(".")
            qualname = f"{head}.{qualname}"
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
        assert callable(target), name


def policy_table() -> list[tuple[str, str]]:
    return [(name.removeprefix("inspector.services."), POLICY[name].describe() if name in POLICY else "— KHÔNG CÓ —")
            for name in sorted(public_services())]


def test_policy_table() -> None:
    """The table of service → who may call it (shown with ``pytest -s``), and the entries that matter most."""
    table = policy_table()
    width = max(len(n) for n, _ in table)
    print("\n" + "\n".join(f"{name:<{width}}  {who}" for name, who in table))

    def rule(name: str) -> access.Rule:
        return POLICY[f"inspector.services.{name}"]

    assert rule("minutes.Minutes.finalize").roles == {Role.CLERK}
    assert rule("minutes.Minutes.attach_signed_copy").roles == {Role.CLERK, Role.ADMIN}
    for name in ("rounds.create_round", "rounds.update_round", "rounds.plan_visits"):
        assert rule(name).roles == {Role.SUPERVISOR, Role.ADMIN}, name
    for name in ("set_result", "set_value", "set_note", "add_photo", "add_recommendation", "submit", "discard"):
        assert rule(f"inspection.Inspection.{name}").roles == {Role.INSPECTOR}, name
    for name in ("rounds.start_unannounced", "rounds.begin_planned", "visits.start_visit"):
        assert rule(name).roles == {Role.INSPECTOR}, name
    for name in ("forms.import_form_file", "catalog.create_unit", "catalog.record_succession", "bodies.create_body"):
        assert rule(name).roles == {Role.ADMIN}, name
    assert rule("inspection.Inspection.open_visit").kind == SIGNED_IN
    assert rule("workspace.open_workspace").kind == OPEN  # the app's own work at start, before anyone signs in
    # nothing that changes a visit is open
    assert all(POLICY[n].kind != OPEN for n in POLICY if ".Inspection.set_" in n and not n.endswith("set_current_item"))


# --- behaviour -----------------------------------------------------------------------------------


def _point(db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                               .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).one()


def _new_user(db, username: str, *roles: Role, active: bool = True) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        user = User(username=username, full_name=f"Người dùng {username}", roles=roles, active=active)
        session.add(user)
        session.flush()
        return user.id


def _deactivate(db, user_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.get(User, user_id).active = False


def _started(db, inspector: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return start_unannounced(session, _point(db), user_id=inspector).id


def _first_choice(db, visit_id: uuid.UUID, user_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    view = Inspection(db, user_id).open_visit(visit_id)
    return next(i.code for i in view.form.items() if Result.PASS in i.answers)


def test_only_inspectors_of_the_team_edit_a_visit(db, people) -> None:  # type: ignore[no-untyped-def]
    visit_id = _started(db, people.inspector)
    code = _first_choice(db, visit_id, people.inspector)
    outsider = _new_user(db, "kiemtra9", Role.INSPECTOR)  # an inspector, not in the demo round
    boss = _new_user(db, "giamdoc", Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)  # every role, but in no team
    for user_id in (outsider, boss):
        with pytest.raises(AccessDenied, match="không có tên trong đoàn kiểm tra"):
            Inspection(db, user_id).set_result(visit_id, code, Result.PASS)
        with pytest.raises(AccessDenied):
            Inspection(db, user_id).set_note(visit_id, code, "ghi chú")
        with pytest.raises(AccessDenied):
            Inspection(db, user_id).add_photo_bytes(visit_id, code, jpeg(20, 20), "a.jpg")
        with pytest.raises(AccessDenied):
            Inspection(db, user_id).add_recommendation(visit_id, "Kiến nghị", None, None)
        with pytest.raises(AccessDenied):
            Inspection(db, user_id).submit(visit_id)
    # an administrator (not an inspector, in no team) neither
    with pytest.raises(AccessDenied, match="chỉ dành cho: kiểm tra viên"):
        Inspection(db, people.admin).set_result(visit_id, code, Result.PASS)
    # the team's leader holds only the supervisor's role: he reviews, he does not answer
    with pytest.raises(AccessDenied, match="chỉ dành cho: kiểm tra viên"):
        Inspection(db, people.supervisor).set_result(visit_id, code, Result.PASS)
    # the outsider still reads it (signed in), and the other inspector of the team answers
    assert Inspection(db, outsider).open_visit(visit_id).id == visit_id
    assert Inspection(db, people.inspector2).set_result(visit_id, code, Result.PASS).result is Result.PASS
    # moving through the items as a reader does not move the team's place
    other = next(i.code for i in Inspection(db, outsider).open_visit(visit_id).form.items() if i.code != code)
    Inspection(db, outsider).set_current_item(visit_id, other)
    assert Inspection(db, outsider).open_visit(visit_id).current_item_code == code
    with db.read() as session:
        assert session.get(Visit, visit_id).status is VisitStatus.IN_PROGRESS


def test_an_inspector_outside_the_round_cannot_start_or_begin(db, people) -> None:  # type: ignore[no-untyped-def]
    outsider = _new_user(db, "kiemtra9", Role.INSPECTOR)
    with pytest.raises(AccessDenied, match="không có tên trong đoàn kiểm tra"), db.session() as session:
        start_unannounced(session, _point(db), user_id=outsider)
    with db.session() as session:
        round_id = current_round(session).id
        planned = plan_visits(session, round_id, [_point(db)], date.today() + timedelta(days=1),
                              user_id=people.supervisor)[0].id
    with pytest.raises(AccessDenied), db.session() as session:
        begin_planned(session, planned, outsider)
    with db.session() as session:
        assert begin_planned(session, planned, people.inspector).status is VisitStatus.IN_PROGRESS


def _round_input() -> RoundInput:
    return RoundInput(name="Kiểm tra đột xuất", decision_number="99/QĐ-SNV", decision_date=date.today(),
                      members=(MemberInput("Lê Thị Mỹ Linh", "Chuyên viên", TeamRole.LEADER),))


def test_an_inspector_cannot_create_a_round_or_plan(db, people) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        body_id = current_round(session).inspecting_body_id
    data = dataclasses.replace(_round_input(), inspecting_body_id=body_id)
    for user_id in (people.inspector, people.clerk, None):
        with pytest.raises(AccessDenied), db.session() as session:
            create_round(session, data, user_id)
        with pytest.raises(AccessDenied), db.session() as session:
            plan_visits(session, current_round(session).id, [_point(db)], date.today(), user_id=user_id)
    with db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.decision_number == "99/QĐ-SNV")) == 0
    for user_id in (people.supervisor, people.admin):
        with db.session() as session:
            create_round(session, data, user_id)


def _locked_visit(db, people) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A visit locked behind the services' back: these tests check who may act on a locked visit, not numbering."""
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        visit.status, visit.minutes_number = VisitStatus.LOCKED, "01/BB-SNV"
    return visit_id


def _submitted_visit(db, people) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A started visit, marked submitted behind the services' back (numbering is refused before any rendering)."""
    visit_id = _started(db, people.inspector)
    with db.session() as session:
        session.get(Visit, visit_id).status = VisitStatus.SUBMITTED
    return visit_id


def test_only_an_active_clerk_numbers_minutes(db, people) -> None:  # type: ignore[no-untyped-def]
    visit_id = _submitted_visit(db, people)
    for user_id in (people.inspector, people.supervisor, people.admin, None):
        with pytest.raises(AccessDenied):
            Minutes(db, user_id).finalize(visit_id, "5")
    _deactivate(db, people.clerk)
    with pytest.raises(AccessDenied, match="ngừng hoạt động"):
        Minutes(db, people.clerk).finalize(visit_id, "5")
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit.status is VisitStatus.SUBMITTED and not visit.minutes_number


def test_a_deactivated_administrator_cannot_import_a_form(db, people, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.paths import forms_dir

    source = forms_dir() / "KTCV-MC_v2.toml"
    path = tmp_path / "form.toml"
    path.write_bytes(source.read_bytes())
    for user_id in (people.inspector, people.clerk, None):
        with pytest.raises(AccessDenied), db.session() as session:
            import_form_file(session, path, user_id)
    _deactivate(db, people.admin)
    with pytest.raises(AccessDenied, match="ngừng hoạt động"), db.session() as session:
        import_form_file(session, path, people.admin)


def test_no_user_cannot_start_answer_or_submit(db, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"), db.session() as session:
        start_unannounced(session, _point(db))
    visit_id = _started(db, people.inspector)
    code = _first_choice(db, visit_id, people.inspector)
    nobody = Inspection(db)
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
        nobody.set_result(visit_id, code, Result.PASS)
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
        nobody.set_note(visit_id, code, "ghi chú")
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
        nobody.submit(visit_id)
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
        nobody.open_visit(visit_id)
    with pytest.raises(AccessDenied, match="Chưa đăng nhập"):
        Inspection(db, uuid.uuid4()).set_result(visit_id, code, Result.PASS)  # an id of no one
    # a deactivated inspector of the team neither
    _deactivate(db, people.inspector2)
    with pytest.raises(AccessDenied, match="ngừng hoạt động"):
        Inspection(db, people.inspector2).set_result(visit_id, code, Result.PASS)
    assert Inspection(db, people.inspector).answer(visit_id, code).result is Result.UNCHECKED


def test_only_the_clerk_or_administrator_attaches_the_signed_copy(db, people, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit_id = _locked_visit(db, people)
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(jpeg(300, 400, "white"))
    for user_id in (people.inspector, people.supervisor, None):
        with pytest.raises(AccessDenied):
            Minutes(db, user_id).attach_signed_copy(visit_id, scan)
    assert Minutes(db, people.clerk).signed_copies(visit_id) == []
    Minutes(db, people.clerk).attach_signed_copy(visit_id, scan)
    Minutes(db, people.admin).attach_signed_copy(visit_id, scan)
    assert len(Minutes(db, people.inspector).signed_copies(visit_id)) == 2


def test_user_role_is_display_only() -> None:
    """No code in inspector/ decides by ``user.role`` (the highest role, for display): it asks has_role/holding."""
    root = Path(inspector.services.__file__).resolve().parent.parent
    offenders = []
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(p in line for p in ("user.role is", "user.role ==", "user.role in", "user.role not in",
                                       "User.role ==", "user.role is not", "u.role ==")):
                offenders.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
