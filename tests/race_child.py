"""Child process for test_races: one of two app processes working on the same visit at once.

Usage: python -m tests.race_child DATABASE VISIT_ID MODE GO_FILE NAME
Opens the database as a second app would (not exclusive: two laptops on one
file is what is being tried), prints READY, waits for GO_FILE, then works.
Prints "ACK ..." for each change the service acknowledged and "REFUSED ..." for
each it refused with a message; any other exception ends the process with a traceback.
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from pathlib import Path

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.visits import VisitError
from inspector.services.workspace import open_workspace
from inspector.store.types import utcnow
from tests.people import demo_user


def main() -> int:
    database, visit_id, mode, go, name = Path(sys.argv[1]), uuid.UUID(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), sys.argv[5]
    workspace = open_workspace(database, demo_if_new=False)
    inspection = Inspection(workspace.db, demo_user(workspace.db, "kiemtra1"))  # in the demo round's team
    form = inspection.open_visit(visit_id).form
    print("READY", flush=True)
    while not go.exists():
        time.sleep(0.001)
    rng = random.Random(name)
    if mode == "shared":
        sharing = [i.code for i in form.items() if any(f.code == "checked" for f in i.fields)]
        for _ in range(40):
            value = rng.randint(10, 500)
            inspection.set_value(visit_id, rng.choice(sharing), "checked", value)
            print(f"ACK {value}", flush=True)
    elif mode == "first":
        codes = [i.code for i in form.items() if Result.PASS in i.answers and not i.fields]
        for code in codes[:25]:
            inspection.set_result(visit_id, code, Result.PASS if name == "a" else Result.FAIL)
            print(f"ACK {code}", flush=True)
    elif mode == "edit":
        n = 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            n += 1
            note = f"{name} {n}"
            try:
                inspection.set_note(visit_id, "KL-01", note)
            except VisitError as exc:
                print(f"REFUSED {exc}", flush=True)
                break
            print(f"ACK {utcnow().isoformat()} {note}", flush=True)
    elif mode == "submit":
        time.sleep(rng.uniform(0.05, 0.3))
        inspection.submit(visit_id)
        print("ACK submitted", flush=True)
    workspace.close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
