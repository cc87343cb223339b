"""Answer → committed latency over 1,000 answers, against a bare SQLite insert+commit in the same run.

Both write to a database file with the app's settings (WAL, synchronous=FULL),
so both pay the same fsync; the ratio is what the app adds on top (ORM,
validation, the audit-trail event written in the same transaction).

The app is measured twice, on a plain file and on an encrypted one (SQLCipher, store.crypto): the second
ratio is what encryption at rest costs an answer.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from inspector.domain.checklist import ItemType
from inspector.services.inspection import Inspection
from inspector.services.rounds import start_unannounced
from inspector.services.workspace import open_workspace
from inspector.store.models import ReceptionPoint, User


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bare(path: Path, count: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE answers (visit TEXT, item TEXT, result TEXT, at TEXT)")
    times = []
    for n in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO answers VALUES (?, ?, ?, ?)", ("v", f"KL-{n % 75:02d}", "dat", time.time()))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def app(path: Path, count: int, key: bytes | None = None) -> list[float]:
    # today's map: the first point is open for a visit; ``key``: the database encrypted with it
    workspace = open_workspace(path, demo_history=False, key=key)
    with workspace.db.session() as session:  # the demo's inspector acts (services check who does)
        point = session.scalars(sa.select(ReceptionPoint).limit(1)).one()
        inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        visit_id = start_unannounced(session, point.id, user_id=inspector).id
    inspection = Inspection(workspace.db, inspector)
    form = inspection.open_visit(visit_id).form
    choices = [i for i in form.items() if i.type is ItemType.CHOICE]
    times = []
    for n in range(count):
        item = choices[n % len(choices)]
        result = item.answers[(n // len(choices)) % len(item.answers)]
        start = time.perf_counter()
        inspection.set_result(visit_id, item.code, result)
        times.append(time.perf_counter() - start)
    workspace.close()
    return times


def main(argv: list[str] | None = None) -> dict[str, float]:
    from inspector.store.crypto import new_key

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        baseline = bare(Path(tmp) / "bare.sqlite", args.count)
        ours = app(Path(tmp) / "app.sqlite", args.count)
        encrypted = app(Path(tmp) / "encrypted.sqlite", args.count, key=new_key())
    result = {
        "bare_median_ms": statistics.median(baseline) * 1000, "bare_p95_ms": percentile(baseline, 0.95) * 1000,
        "app_median_ms": statistics.median(ours) * 1000, "app_p95_ms": percentile(ours, 0.95) * 1000,
        "encrypted_median_ms": statistics.median(encrypted) * 1000,
        "encrypted_p95_ms": percentile(encrypted, 0.95) * 1000,
    }
    result["median_ratio"] = result["app_median_ms"] / result["bare_median_ms"]
    result["p95_ratio"] = result["app_p95_ms"] / result["bare_p95_ms"]
    result["encrypted_median_ratio"] = result["encrypted_median_ms"] / result["app_median_ms"]
    result["encrypted_p95_ratio"] = result["encrypted_p95_ms"] / result["app_p95_ms"]
    print(f"Answer committed to disk, {args.count} answers each:")
    print(f"  bare SQLite insert+commit   median {result['bare_median_ms']:6.2f} ms   p95 {result['bare_p95_ms']:6.2f} ms   (baseline)")
    print(f"  Inspection.set_result       median {result['app_median_ms']:6.2f} ms   p95 {result['app_p95_ms']:6.2f} ms"
          f"   ratio {result['median_ratio']:.1f}x / {result['p95_ratio']:.1f}x")
    print(f"  the same, encrypted file    median {result['encrypted_median_ms']:6.2f} ms   p95 {result['encrypted_p95_ms']:6.2f} ms"
          f"   ratio to plain {result['encrypted_median_ratio']:.2f}x / {result['encrypted_p95_ratio']:.2f}x")
    return result


if __name__ == "__main__":
    main()
