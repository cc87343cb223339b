"""Years of data: the app at 5,000 and 50,000 generated visits, each figure against a baseline in the same run.

    bash scripts/dev bench scale                                # 5,000 and 50,000 visits
    .venv/bin/python bench/scale.py --sizes 5000 --repeats 3   # quicker

The databases: ``inspector.services.generate`` over the demo (ten years, seed 0), made once and kept in
tmp/bench/ under a name keyed by the size and by the code that shapes them (the generator, the demo,
the migrations, the forms): a change there makes them again. Every run works on copies of them and on
a new demo database.

1. Start: the real ``inspector.ui.app.main`` in a new process, timed from spawning it to its first paint
   (the main window on screen) and to the window filled (the units listed), against a bare PySide6
   window (bench/startup.py), samples alternated, median of ``--repeats``. Goal: the first paint
   ≤ 2.5× the bare window at any size; filled at N visits against filled on the demo database.
   The children run with compiled bytecode (cached under tmp/bench/pycache) as an installed app does:
   this checkout's environment sets PYTHONDONTWRITEBYTECODE, which would have every start compile the
   app's sources (about 0.1 s here); the bare window pays nothing of the kind.
   Memory: the resident set (VmRSS) once the window is filled, against the same on the demo database.
2. The visits list filtered and sorted through the app's list code (VisitsModel: the key query and the
   first screen's cells) against the same list in raw SQL (bench/visits_list.py). Goal ≤ 3× and < 100 ms.
3. A visit, the same at every size (an unannounced visit to the centre of phường Trà Vinh, the demo's
   ward, answered alike: ten items, three failed with notes): starting it, opening it (the visit screen
   shown), moving to each item, printing its minutes (the draft PDF), against the same on the demo
   database. Goal ≤ 1.2×.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tmp" / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import BARE  # noqa: E402  (bench/startup.py: the bare PySide6 window)

SIZES = (5_000, 50_000)
YEARS, SEED = 10, 0
POINT = "Trung tâm Phục vụ hành chính công phường Trà Vinh"

# The real main(): "SHOWN" at its first paint, "FILLED <VmRSS kB>" once the window is filled (resume()
# comes right after), then it closes as the Quit action does.
APP = r"""
import sys
from PySide6.QtCore import QTimer
from inspector.ui import app as app_module
from inspector.ui.main_window import MainWindow

real_show = app_module.show_first_paint

def first_paint(app, window):
    real_show(app, window)
    print("SHOWN", flush=True)

def resume(self):
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()  # the filled window painted
    assert self.catalog.unit_names(), "no units shown"
    rss = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS:"))
    print("FILLED", rss, flush=True)
    QTimer.singleShot(0, self.close)
    return False

app_module.show_first_paint = first_paint
MainWindow.resume = resume
# signed in as the demo's inspector where the sign-in dialog would ask; the generated files stay plain
# (bench startup measures encrypted against plain)
MainWindow.ask_sign_in = lambda self, db, *args, **kwargs: self.sign_in_as(db, "kiemtra1")
app_module.ENCRYPT = False
sys.exit(app_module.main(["inspector-gui", "--database", sys.argv[1]]))
"""


# --- the databases ------------------------------------------------------------------------------------


def code_key() -> str:
    """What shapes a generated database: change any of it and the cached ones are made again."""
    digest = hashlib.sha256(f"{YEARS}/{SEED}".encode())
    sources = [ROOT / "inspector" / "services" / "generate.py", ROOT / "inspector" / "services" / "demo.py",
               *sorted((ROOT / "db" / "versions").glob("*.py")), *sorted(p for p in (ROOT / "forms").rglob("*") if p.is_file())]
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def generated(visits: int) -> Path:
    """The cached database of ``visits`` generated visits, made now if missing."""
    from inspector.services.generate import generate
    from inspector.services.workspace import open_workspace

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"scale-{visits}-{code_key()}.sqlite"
    if path.exists():
        return path
    for stale in CACHE.glob(f"scale-{visits}-*.sqlite*"):
        stale.unlink()
    making = CACHE / f".making-{visits}-{os.getpid()}.sqlite"
    print(f"  generating {visits:,} visits over {YEARS} years into {path.relative_to(ROOT)} (once) …", flush=True)
    began = time.perf_counter()
    workspace = open_workspace(making, demo_if_new=True)
    try:
        generate(workspace.db, visits=visits, years=YEARS, seed=SEED)
    finally:
        workspace.close()
    making.rename(path)
    print(f"  generated in {time.perf_counter() - began:.0f} s, {path.stat().st_size / 2**20:,.0f} MB", flush=True)
    return path


def demo_database(path: Path) -> Path:
    from inspector.services.workspace import open_workspace

    open_workspace(path, demo_if_new=True).close()  # today's map, the 2023 city and its visits, as at a first start
    return path


def working_copy(source: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.sqlite"
    shutil.copyfile(source, target)
    return target


# --- 1. start --------------------------------------------------------------------------------------------


def _child_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                  "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data"),
                  "PYTHONPYCACHEPREFIX": str(CACHE / "pycache")}


def _sample(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning to each mark the child prints; ``rss_kb`` from its FILLED line."""
    marks: dict[str, float] = {}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        word, *rest = line.split()
        marks[word.lower()] = time.perf_counter() - start
        if word == "FILLED":
            marks["rss_kb"] = float(rest[0])
    error = proc.stderr.read()
    if proc.wait() != 0 or "shown" not in marks:
        raise RuntimeError(f"child failed (exit {proc.returncode}): {error[-2000:]}")
    return marks


def start_figures(databases: dict[str, Path], work: Path, repeats: int) -> dict[str, dict[str, float]]:
    """Median first paint, filled and RSS per database, and the bare window's, samples alternated."""
    env = _child_env(work)
    _sample(BARE, [], env)  # warm: the file cache, the compiled bytecode
    for path in databases.values():
        _sample(APP, [str(path)], env)  # warm, and the first start on the copy (forms in sync, settings written)
    runs: dict[str, list[dict[str, float]]] = {"bare": [], **{name: [] for name in databases}}
    for _ in range(repeats):
        runs["bare"].append(_sample(BARE, [], env))
        for name, path in databases.items():
            runs[name].append(_sample(APP, [str(path)], env))
    return {name: {mark: statistics.median(s[mark] for s in samples) for mark in samples[0]}
            for name, samples in runs.items()}


# --- 3. a visit -----------------------------------------------------------------------------------------


class VisitBench:
    """One database: the same visit started, answered, opened, walked through and printed."""

    def __init__(self, path: Path) -> None:
        import sqlalchemy as sa

        from inspector.services.inspection import Inspection
        from inspector.services.minutes import Minutes
        from inspector.services.users import list_users
        from inspector.services.workspace import open_workspace
        from inspector.store.models import ReceptionPoint

        self.workspace = open_workspace(path, demo_if_new=False)
        db = self.workspace.db
        with db.read() as session:
            self.user = next(u.id for u in list_users(session) if u.username == "kiemtra1")
            self.point = session.scalars(sa.select(ReceptionPoint.id).where(ReceptionPoint.name == POINT)).one()
        self.inspection = Inspection(db, self.user)
        self.minutes = Minutes(db, self.user)

    def start(self) -> None:
        from inspector.domain.checklist import ItemType
        from inspector.domain.workflow import Result
        from inspector.services.rounds import start_unannounced

        with self.workspace.db.session() as session:
            self.visit = start_unannounced(session, self.point, user_id=self.user).id
        items = [i for i in self.inspection.open_visit(self.visit).form.items() if i.type is not ItemType.NUMERIC]
        for n, item in enumerate(items[:10]):
            failed = n % 3 == 0 and Result.FAIL in item.answers
            self.inspection.set_result(self.visit, item.code, Result.FAIL if failed else item.answers[0])
            if failed:
                self.inspection.set_note(self.visit, item.code, "Công chức chưa niêm yết đầy đủ thủ tục hành chính.")

    def open(self) -> None:
        from PySide6.QtWidgets import QApplication

        from inspector.ui.visit_screen import VisitScreen

        self.screen = VisitScreen(self.inspection, self.visit)
        self.screen.resize(1366, 740)
        self.screen.show()
        QApplication.processEvents()

    def moves(self) -> None:
        from PySide6.QtWidgets import QApplication

        for n in range(len(self.screen.items)):
            self.screen.open_index(n)
            QApplication.processEvents()

    def print_minutes(self) -> None:
        assert not self.minutes.pdf(self.visit).final  # a draft, rendered now

    def close(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.screen.close()
        self.screen.deleteLater()
        QApplication.processEvents()


def _timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def visit_figures(databases: dict[str, Path], repeats: int) -> dict[str, dict[str, float]]:
    """Median ms of each step per database (moves: per item), rounds alternated between the databases."""
    from inspector.ui.app import create_application

    create_application(["inspector-bench"])
    benches = {name: VisitBench(path) for name, path in databases.items()}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in databases}
    try:
        for round_ in range(repeats + 1):  # the first round warms (statements compiled, fonts, pages cached)
            for name, bench in benches.items():
                steps = {"start": bench.start, "open": bench.open, "moves": bench.moves, "minutes": bench.print_minutes}
                for step, run in steps.items():
                    ms = _timed(run)
                    if step == "moves":
                        ms /= max(1, len(bench.screen.items))
                    if round_:
                        times[name].setdefault(step, []).append(ms)
                bench.close()
    finally:
        for bench in benches.values():
            bench.workspace.close()
    return {name: {step: statistics.median(values) for step, values in steps.items()} for name, steps in times.items()}


# --- report ---------------------------------------------------------------------------------------------


def _goal(ratio: float, goal: float) -> str:
    return f"{'ok' if ratio <= goal else 'OVER'} (goal ≤ {goal:g}×)"


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    import visits_list
    from PySide6.QtCore import qInstallMessageHandler

    from inspector.ui.app import create_application

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the visit screen is timed, not looked at
    qInstallMessageHandler(lambda _mode, _context, message: None if "propagateSizeHints" in message
                           else print(message, file=sys.stderr))  # the offscreen plugin's note at every show
    create_application(["inspector-bench"])  # the visit screen's (before visits_list would make a bare core app)
    sources = {f"{n:,} visits": generated(n) for n in args.sizes}
    the_map = generated(0)
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=CACHE))
    try:
        databases = {"demo": demo_database(work / "demo.sqlite")}
        databases |= {name: working_copy(path, work, name.split()[0].replace(",", "")) for name, path in sources.items()}
        mapped = {"the map, 0 visits": working_copy(the_map, work, "map")}

        print(f"1. Start to the main window (new process, median of {args.repeats}, alternated):")
        start = start_figures(databases | mapped, work, args.repeats)
        bare = start["bare"]["shown"]
        print(f"   {'':<19}{'first paint':>12}{'ratio':>8}{'filled':>10}{'ratio':>8}{'vs map':>8}{'RSS MB':>8}"
              f"{'vs demo':>9}{'vs map':>8}")
        print(f"   {'bare PySide6':<19}{bare * 1000:>9.0f} ms{'1.00×':>8}   (baseline)")
        demo, only_map = start["demo"], start["the map, 0 visits"]
        for name in start:
            if name == "bare":
                continue
            s = start[name]
            print(f"   {name:<19}{s['shown'] * 1000:>9.0f} ms{s['shown'] / bare:>7.2f}×{s['filled'] * 1000:>7.0f} ms"
                  f"{s['filled'] / bare:>7.2f}×{s['filled'] / only_map['filled']:>7.2f}×{s['rss_kb'] / 1024:>8.0f}"
                  f"{s['rss_kb'] / demo['rss_kb']:>8.2f}×{s['rss_kb'] / only_map['rss_kb']:>7.2f}×")
        print("   (demo: today's four wards; the generated databases: a province of 124 communes and wards and the "
              "former districts, so 'vs map' compares with the same map and no visits)")
        worst = max(start[name]["shown"] / bare for name in start if name != "bare")
        print(f"   first paint, worst size: {worst:.2f}× the bare window: {_goal(worst, 2.5)}")

        print("2. The visits list, filter and sort through VisitsModel against the same list in raw SQL"
              " (bench/visits_list.py; median of 5):")
        for name in sources:
            figures = visits_list.measure(databases[name])
            print(f"   {name}:  {'case':<34}{'rows':>8}{'model ms':>10}{'raw ms':>8}{'ratio':>8}")
            for f in figures:
                print(f"   {'':<{len(name) + 3}}{f.case:<34}{f.rows:>8}{f.model_ms:>10.1f}{f.raw_ms:>8.1f}{f.ratio:>7.2f}×")
            ratio = max(f.ratio for f in figures)
            slowest = max(f.model_ms for f in figures)
            print(f"   {'':<{len(name) + 3}}worst ratio {ratio:.2f}×: {_goal(ratio, 3)}; slowest {slowest:.0f} ms: "
                  f"{'ok' if slowest < 100 else 'OVER'} (goal < 100 ms)")

        print(f"3. A visit, the same at every size, against the demo database (median of {args.repeats}):")
        visit = visit_figures(databases, args.repeats)
        steps = [("start", "start a visit"), ("open", "open it (screen shown)"), ("moves", "move to an item"),
                 ("minutes", "print its minutes (draft PDF)")]
        print(f"   {'':<32}{'demo':>10}" + "".join(f"{name:>16}{'ratio':>8}" for name in sources))
        worst_visit = 0.0
        for step, label in steps:
            base = visit["demo"][step]
            line = f"   {label:<32}{base:>7.1f} ms"
            for name in sources:
                ratio = visit[name][step] / base
                worst_visit = max(worst_visit, ratio) if step != "start" else worst_visit
                line += f"{visit[name][step]:>13.1f} ms{ratio:>7.2f}×"
            print(line)
        print(f"   open, move, print, worst: {worst_visit:.2f}× the demo database: {_goal(worst_visit, 1.2)}")
        return {"start": start, "visit": visit}
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
