"""Child process for test_single_owner: an app process that answers, then tries to read its own database file.

Usage: python -m tests.owner_child DATABASE SYMLINK N
Prints "ACK <item>" after each committed answer, "REFUSED <what> <message>" for each
refused second open, then "READY" and waits to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import sqlalchemy as sa

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.photos import PhotoRejected
from inspector.services.rounds import start_unannounced
from inspector.services.workspace import open_workspace
from inspector.store.migrate import DatabaseRefused
from inspector.store.models import ReceptionPoint, User


def main() -> int:
    database, symlink, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    workspace = open_workspace(database, demo_if_new=False, exclusive=True)
    with workspace.db.session() as session:
        # a point of today's map (the first-start demo also holds the former city's, ended in 2025)
        point = session.scalars(sa.select(ReceptionPoint).where(ReceptionPoint.valid_until.is_(None))
                                .order_by(ReceptionPoint.name)).first()
        inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        visit_id = start_unannounced(session, point.id, user_id=inspector).id
    inspection = Inspection(workspace.db, inspector)
    form = inspection.open_visit(visit_id).form
    codes = [i.code for i in form.items() if Result.FAIL in i.answers][:count]
    for n, code in enumerate(codes):
        inspection.set_result(visit_id, code, Result.FAIL)
        print(f"ACK {visit_id} {code}", flush=True)
        if n == count // 2:
            # what used to drop the process's locks: the same file through another path, a plain read of it
            for other in (symlink, database.parent / "." / ".." / database.parent.name / database.name):
                try:
                    open_workspace(other, demo_if_new=False)
                    print("OPENED-TWICE", flush=True)
                except DatabaseRefused as exc:
                    print(f"REFUSED open {type(exc).__name__}", flush=True)
            for dropped in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), symlink):
                try:
                    inspection.add_photo(visit_id, code, dropped)
                    print("PHOTO-ACCEPTED", flush=True)
                except PhotoRejected as exc:
                    print(f"REFUSED photo {exc}", flush=True)
    print("READY", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
