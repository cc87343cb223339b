"""Child of tests/test_sync_kill.py: one sync of the laptop file with the server, to be killed (SIGKILL) anywhere:
by the parent after a random delay, or by itself at a step (INSPECTOR_SYNC_KILL_AT, services/sync/engine.py)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path


def main() -> int:
    laptop, url, user = sys.argv[1:4]
    from inspector.services.sync import engine
    from inspector.store.migrate import open_database

    db, _ = open_database(Path(laptop), create=False)
    try:
        engine.sync(db, url, user_id=uuid.UUID(user))
    finally:
        db.dispose()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
