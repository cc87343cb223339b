"""The data generator (services/generate.py) against storing the same rows with bare SQLite, in the same run.

    bash scripts/dev bench generate                       # 5,000 visits over 10 years
    .venv/bin/python bench/generate.py --visits 50000     # the issue's upper size

Baseline: every row the generator wrote to the bulk tables (visits, answers, staff concerned,
photos, recommendations, representatives), read back and inserted again into an empty database
of the same schema with plain ``sqlite3.executemany`` in one transaction, secondary indexes
dropped and rebuilt as the generator does, committed and checkpointed with the app's settings
(WAL, synchronous=FULL): what storing them costs at the least. The ratio is what deciding and
building the rows adds on top.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from inspector.services.generate import BULK_TABLES, generate
from inspector.services.workspace import open_workspace


def bare(source: Path, target: Path) -> float:
    """Seconds to store the bulk tables' rows of ``source`` into ``target`` (same schema, empty)."""
    read = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    rows = {table: read.execute(f"SELECT * FROM {table}").fetchall() for table in BULK_TABLES}
    columns = {table: [r[1] for r in read.execute(f"PRAGMA table_info({table})")] for table in BULK_TABLES}
    read.close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=OFF")   # their parents (units, rounds, users) are not copied
    conn.execute("PRAGMA cache_size=-1048576")
    marks = ", ".join(f"'{t}'" for t in BULK_TABLES)
    indexes = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           f"AND tbl_name IN ({marks})").fetchall()
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for table in BULK_TABLES:
        names = ", ".join(f'"{c}"' for c in columns[table])
        conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns[table]))})",
                         rows[table])
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.sqlite"
        workspace = open_workspace(path, demo_if_new=True)
        started = time.perf_counter()
        report = generate(workspace.db, visits=args.visits, years=args.years, seed=0)
        workspace.close()   # the checkpoint is part of the work: the file alone then holds everything
        ours = time.perf_counter() - started
        size = path.stat().st_size
        empty = Path(tmp) / "bare.sqlite"
        open_workspace(empty, demo_if_new=False).close()
        baseline = bare(path, empty)
    result = {"visits": report.visits, "answers": report.answers, "generate_s": ours, "bare_s": baseline,
              "ratio": ours / baseline, "size_mb": size / 1e6}
    print(f"{report.visits:,} visits over {args.years} years ({report.answers:,} answers, "
          f"{report.recommendations:,} recommendations, {report.photos:,} photos), file {size / 1e6:,.0f} MB:")
    print(f"  bare SQLite, the same rows     {baseline:7.1f} s   (baseline)")
    print(f"  generate()                      {ours:7.1f} s   {result['ratio']:.2f}×")
    return result


if __name__ == "__main__":
    main()
