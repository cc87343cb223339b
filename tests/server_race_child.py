"""Child process for tests/test_server.py: one of two desktops on the same office database (PostgreSQL).

Usage: python -m tests.server_race_child URL NAME SYNC_FOLDER PLAN_JSON
Opens the server as the app does (its own engine and Workspace), then for each round of the plan, started
together with the other desktop (a barrier of files in SYNC_FOLDER):

1. writes the round's visit: numbers into the same answer's fields (``a`` the shared "checked", ``b`` the
   item's own "with_receipt"), and results of its own items;
2. numbers its own approved visit's minutes with the number the app suggests, taking the next suggestion
   when the other desktop took that one first.

Prints one JSON line per acknowledged change; any exception but the refusal of a taken number ends the process
with a traceback.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

from inspector.domain.workflow import Result
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes, MinutesError
from inspector.services.workspace import open_workspace

NUMBERED_ITEM = "HS-06"  # fields "checked" (shared with HS-07..HS-09) and "with_receipt"
OWN_ITEMS = {"a": ("KL-01", "KL-02", "KL-04", "KL-05"), "b": ("KL-06", "KL-07", "KL-08", "KL-10")}
WRITES = 4


def barrier(folder: Path, name: str, tag: str) -> None:
    (folder / f"{name}-{tag}").touch()
    while not all((folder / f"{who}-{tag}").exists() for who in ("a", "b")):
        time.sleep(0.001)


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    url, name, folder, plan = sys.argv[1], sys.argv[2], Path(sys.argv[3]), json.loads(Path(sys.argv[4]).read_text())
    workspace = open_workspace(url, demo_if_new=False)
    inspection = Inspection(workspace.db, uuid.UUID(plan["inspector"]))
    minutes = Minutes(workspace.db, uuid.UUID(plan["clerk"]))
    for n, step in enumerate(plan["rounds"]):
        visit_id, own_visit = uuid.UUID(step["write"]), uuid.UUID(step["number"][name])
        barrier(folder, name, f"w{n}")
        for i in range(WRITES):
            if name == "a":
                value = 100 + 10 * n + i
                inspection.set_value(visit_id, NUMBERED_ITEM, "checked", value)
                say(round=n, kind="value", field="checked", value=value)
            else:
                value = 1 + i
                inspection.set_value(visit_id, NUMBERED_ITEM, "with_receipt", value)
                say(round=n, kind="value", field="with_receipt", value=value)
            code = OWN_ITEMS[name][i]
            inspection.set_result(visit_id, code, Result.PASS if name == "a" else Result.FAIL)
            say(round=n, kind="result", item=code)
        barrier(folder, name, f"m{n}")
        refused = 0
        while True:
            number = minutes.suggest_number(visit_id=own_visit)
            try:
                pdf = minutes.finalize(own_visit, number)
            except MinutesError as exc:
                if "đã dùng cho một biên bản khác" not in str(exc) or refused >= 10:
                    raise
                refused += 1  # the other desktop took this number a moment ago: the next suggestion
                continue
            say(round=n, kind="number", visit=str(own_visit), number=pdf.number, sha256=pdf.sha256, refused=refused)
            break
    workspace.close()
    say(kind="done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
