"""The periodic report at 50,000 generated visits: its figures through services.reporting (and the report's PDF)
against the same GROUP BY queries in raw SQL on a plain sqlite3 connection, in the same run. Goal ≤ 2×.

    bash scripts/dev bench report
    .venv/bin/python bench/report.py --visits 5000     # quicker

The database is bench/scale.py's (tmp/bench/, made once per code key). Periods: the last full year, the last full
quarter, for every body together and for the body with the most visits. The raw side is the very SQL the
service runs: one call of ``figures`` is traced (every statement ``reporting.run`` is given, with its
parameters: the period's and the previous period's figures, the follow-ups' snapshots, the forms' key, the
units' names) and replayed on a plain sqlite3 connection, fetching every row, no naming, no objects. What
is left is what the service adds to SQLite's work. The two sides run in turn (service, raw, service, …) so
that a busy moment of a shared machine falls on both; each figure is the median. The dashboard shows the
same ``figures``, so one figure covers both.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import generated  # noqa: E402


def _medians(first, second, repeat: int, budget: float = 1.0) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The median times of two runs, taken in turn: ``repeat`` times, and more (up to 50) while both together took
    under ``budget`` seconds, so that a few milliseconds are measured often enough to see past a busy moment."""
    times: tuple[list[float], list[float]] = ([], [])
    spent = 0.0
    while len(times[0]) < repeat or (spent < budget and len(times[0]) < 50):
        for run, out in ((first, times[0]), (second, times[1])):
            began = time.perf_counter()
            run()
            out.append(time.perf_counter() - began)
            spent += out[-1]
    return statistics.median(times[0]), statistics.median(times[1])


def _traced(reporting, call) -> list[tuple[str, list[object]]]:  # type: ignore[no-untyped-def]
    """The SQL (as SQLite gets it) and parameters of every statement ``call`` runs through ``reporting.run``."""
    from inspector.services.lists import _sqlite_compiled, _sqlite_parameters

    seen: list[tuple[str, list[object]]] = []
    real = reporting.run

    def tracing(session, statement, uuids=(), params=None):  # type: ignore[no-untyped-def]
        compiled = _sqlite_compiled(statement)
        seen.append((str(compiled), _sqlite_parameters(compiled, params or {})))
        return real(session, statement, uuids, params)

    reporting.run = tracing
    try:
        call()
    finally:
        reporting.run = real
    return seen


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from inspector.domain.clock import local_today
    from inspector.services import reporting
    from inspector.services.workspace import open_workspace

    path = generated(args.visits)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    body_hex = raw.execute("SELECT r.inspecting_body_id FROM visits v JOIN rounds r ON r.id = v.round_id "
                           "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    today = local_today()
    year = reporting.Period.year(today.year - 1)
    quarter = reporting.Period.quarter(today.year, (today.month + 2) // 3).previous()
    ws = open_workspace(path)
    worst = 0.0
    try:
        for period in (year, quarter):
            for body in (None, uuid.UUID(hex=body_hex)):
                scope = reporting.Scope(period, body)
                with ws.db.read() as session:
                    def service(session=session, scope=scope) -> None:  # type: ignore[no-untyped-def]
                        reporting.figures(session, scope, as_of=today)

                    service()  # the forms read once, as the app's first report does
                    sql = _traced(reporting, service)

                    def bare(sql: list = sql) -> None:  # type: ignore[type-arg]
                        for text, params in sql:
                            raw.execute(text, params).fetchall()

                    through, baseline = _medians(service, bare, args.repeat)
                    began = time.perf_counter()
                    reporting.report_pdf(session, scope, as_of=today)
                    pdf = time.perf_counter() - began
                ratio = through / baseline
                worst = max(worst, ratio)
                who = "all bodies" if body is None else "one body"
                print(f"  {period.short_label:>8} {who:<10}: figures {through * 1000:7.1f} ms, raw SQL {baseline * 1000:7.1f} ms "
                      f"= {ratio:4.2f}× (goal ≤ 2×), {len(sql)} statements  | whole PDF {pdf * 1000:6.0f} ms", flush=True)
    finally:
        ws.close()
        raw.close()
    print(f"  worst ratio {worst:.2f}× — {'OK' if worst <= 2 else 'OVER GOAL'}  ({args.visits:,} visits)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
