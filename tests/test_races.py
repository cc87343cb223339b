"""Two app processes on one database file: every read and check inside the write transaction.

Each case starts two real processes (tests/race_child.py) that open the same
file and act at the same moment. Before services took the write lock at the
start of each unit of work (BEGIN IMMEDIATE), shared numbers were lost, the
first answer to an item raised IntegrityError, and edits landed after the other
process submitted the visit.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.workflow import Result, VisitStatus
from inspector.services import audit
from inspector.services.inspection import Inspection
from inspector.services.rounds import start_unannounced
from inspector.services.workspace import open_workspace
from inspector.store.models import Answer, AuditEvent, ReceptionPoint, Visit
from inspector.store.types import utcnow
from tests.people import demo_user
from tests.test_inspection import jpeg, pass_numeric_item

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _new_visit(path: Path) -> uuid.UUID:
    ws = open_workspace(path, demo_if_new=True, demo_history=False)  # today's map: every point open for a visit
    try:
        with ws.db.session() as session:
            point = session.scalars(sa.select(ReceptionPoint).order_by(ReceptionPoint.name)).first()
            return start_unannounced(session, point.id, user_id=demo_user(ws.db, "kiemtra1")).id
    finally:
        ws.close()


def _race(path: Path, visit_id: uuid.UUID, modes: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    go = tmp_path / f"go-{uuid.uuid4().hex}"
    children = {
        name: subprocess.Popen([sys.executable, "-m", "tests.race_child", str(path), str(visit_id), mode, str(go), name],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, mode in modes.items()
    }
    for child in children.values():
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY", child.stderr.read() if child.stderr else ""
    go.touch()
    out = {}
    for name, child in children.items():
        stdout, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, f"{name} failed:\n{stderr}"
        assert "DONE" in stdout
        out[name] = [line for line in stdout.splitlines() if line.startswith(("ACK", "REFUSED"))]
    return out


def _chain_is_whole(path: Path) -> None:
    ws = open_workspace(path, demo_if_new=False)
    try:
        with ws.db.session() as session:
            assert audit.verify_chain(session) == []
    finally:
        ws.close()


@pytest.mark.parametrize("run", range(3))
def test_shared_numbers_from_two_processes_are_never_lost(tmp_path: Path, run: int) -> None:
    path = tmp_path / "shared.sqlite"
    visit_id = _new_visit(path)
    acks = _race(path, visit_id, {"a": "shared", "b": "shared"}, tmp_path)
    assert len(acks["a"]) == len(acks["b"]) == 40
    ws = open_workspace(path, demo_if_new=False)
    try:
        with ws.db.session() as session:
            answers = session.scalars(sa.select(Answer).where(Answer.visit_id == visit_id)).all()
            values = {a.item_code: a.values.get("checked") for a in answers if "checked" in (a.values or {})}
            # the last committed change, read from the audit trail (its order is the commit order)
            last = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "answer.values")
                                   .order_by(AuditEvent.at.desc()).limit(1)).one()
            events = session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "answer.values"))
    finally:
        ws.close()
    sharing = len(values)
    assert sharing >= 2
    assert len(set(values.values())) == 1, f"items sharing 'checked' disagree: {values}"  # one number, entered once
    assert set(values.values()) == {last.after["values"]["checked"]}
    # every acknowledged change is in the trail, none lost: one event per change of the shared number
    # (naming every item that took it), not one per item
    assert events == 80
    assert set(last.after["items"]) == set(values)
    _chain_is_whole(path)


@pytest.mark.parametrize("run", range(3))
def test_two_processes_giving_first_answers_at_once(tmp_path: Path, run: int) -> None:
    path = tmp_path / "first.sqlite"
    visit_id = _new_visit(path)
    acks = _race(path, visit_id, {"a": "first", "b": "first"}, tmp_path)
    assert len(acks["a"]) == len(acks["b"]) == 25  # no IntegrityError, nothing refused
    ws = open_workspace(path, demo_if_new=False)
    try:
        with ws.db.session() as session:
            rows = session.execute(sa.select(Answer.item_code, sa.func.count()).where(Answer.visit_id == visit_id)
                                   .group_by(Answer.item_code)).all()
    finally:
        ws.close()
    assert len(rows) == 25 and all(count == 1 for _code, count in rows)
    _chain_is_whole(path)


def _complete_visit(path: Path) -> uuid.UUID:
    visit_id = _new_visit(path)
    ws = open_workspace(path, demo_if_new=False)
    try:
        inspection = Inspection(ws.db, demo_user(ws.db, "kiemtra1"))
        for item in inspection.open_visit(visit_id).form.items():
            if item.fields:
                pass_numeric_item(inspection, visit_id, item)
            else:
                inspection.set_result(visit_id, item.code, item.answers[0])
                if item.answers[0] is Result.FAIL:
                    inspection.set_note(visit_id, item.code, "ghi chú")
                    inspection.add_photo_bytes(visit_id, item.code, jpeg(64, 48), "a.jpg")
        inspection.set_times(visit_id, ended_at=utcnow())
        assert inspection.blockers(visit_id) == []
    finally:
        ws.close()
    return visit_id


@pytest.mark.parametrize("run", range(4))
def test_no_edit_lands_after_the_other_process_submitted(tmp_path: Path, run: int) -> None:
    path = tmp_path / "submit.sqlite"
    visit_id = _complete_visit(path)
    acks = _race(path, visit_id, {"editor": "edit", "submitter": "submit"}, tmp_path)
    assert acks["submitter"] == ["ACK submitted"]
    edits = [line for line in acks["editor"] if line.startswith("ACK")]
    assert acks["editor"][-1].startswith("REFUSED") and "không sửa được" in acks["editor"][-1]
    ws = open_workspace(path, demo_if_new=False)
    try:
        with ws.db.session() as session:
            visit = session.get(Visit, visit_id)
            note = session.scalars(sa.select(Answer.note).where(Answer.visit_id == visit_id,
                                                                 Answer.item_code == "KL-01")).one()
            submitted = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "visit.submitted")).one()
            later = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.at > submitted.at)).all()
    finally:
        ws.close()
    assert visit.status is VisitStatus.SUBMITTED
    assert later == []  # nothing changed after the submission
    if edits:  # the last acknowledged note is the one stored: no acknowledged edit lost, none after submit
        assert note == edits[-1].split(" ", 2)[2]
    _chain_is_whole(path)
