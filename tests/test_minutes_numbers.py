"""Minutes numbers (issue 8): normalised, unique per issuing body and year in the schema, numbered
without holding the write lock while the PDF renders, photos embedded as the stored JPEG bytes.

The races run in separate processes (a database file is opened once per process), each opening
the same file as a second app would.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image, ImageFilter
from pypdf import PdfReader

from inspector.domain.catalog import Role
from inspector.domain.checklist import ItemType
from inspector.domain.clock import local_today
from inspector.domain.workflow import Result, VisitStatus
from inspector.services import minutes as minutes_service
from inspector.services.inspection import Inspection
from inspector.services.minutes import (
    CHANGED_MEANWHILE,
    Minutes,
    MinutesError,
    body_key,
    find_visit,
    format_number,
    parse_number,
)
from inspector.services.review import Review
from inspector.services.rounds import DEFAULT_FORM
from inspector.services.visits import start_visit
from inspector.services.workspace import open_workspace
from inspector.store.models import Blob, Evidence, Round, User, Visit
from inspector.store.types import utcnow
from tests.conftest import database_target
from tests.people import join_round
from tests.test_inspection import pass_numeric_item
from tests.test_minutes import make_round, own_point

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = 60
# "Before" (ReportLab's Image flowable: every photo decoded to name it, then ASCII85 around the
# JPEG), measured once on this visit's kind of photos: 19,713,266 bytes for 15,639,919 bytes of JPEG.


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def _user(db, role: Role) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.holding(role)).order_by(User.username)).first()


def _begin(db, round_id: uuid.UUID | None = None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A visit started at this module's reception point, under ``round_id`` (a round without a body by default)."""
    point_id, round_id = own_point(db), round_id or make_round(db)
    inspector = _user(db, Role.INSPECTOR)
    join_round(db, round_id, inspector)  # a round of the test's own: its team works on it
    with db.session() as session:
        return start_visit(session, point_id, form_code=DEFAULT_FORM, round_id=round_id, announced=False,
                           user_id=inspector).id


def submitted_visit(db, *, round_id: uuid.UUID | None = None, started_at: datetime | None = None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A visit sent for approval and approved (nothing answered: enough for numbering)."""
    visit_id = _begin(db, round_id)
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        if started_at is not None:
            visit.started_at = started_at
            visit.planned_date = started_at.date()
        visit.ended_at = visit.started_at + timedelta(hours=1)
        visit.status = VisitStatus.APPROVED
        return visit.id


def other_round(db, issuer: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session() as session:
        record = Round(name="Kiểm tra công vụ của Sở", decision_number="7/QĐ-SNV", decision_date=utcnow().date(),
                       decision_issuer=issuer)
        session.add(record)
        session.flush()
        return record.id


def photo_jpeg(n: int) -> bytes:
    """A photo-like JPEG (texture, not a flat colour, so it compresses like a real photo)."""
    w, h = 1600, 1200
    noise = Image.effect_noise((w, h), 40 + n % 20).filter(ImageFilter.GaussianBlur(1.2))
    gradient = Image.linear_gradient("L").resize((w, h))
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def build_big_visit(db) -> tuple[uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    """A submitted visit with 60 findings, each with a photo; and a visit still being answered."""
    inspection = Inspection(db, _user(db, Role.INSPECTOR))
    round_id = make_round(db)
    visit_id, editable_id = _begin(db, round_id), _begin(db, round_id)
    view = inspection.open_visit(visit_id)
    inspection.set_representatives(visit_id, [("Võ Thị Ánh Nguyệt", "Phó Chủ tịch Ủy ban nhân dân phường Trà Vinh")])
    photos = 0
    for item in view.form.items():
        if item.type is ItemType.NUMERIC:
            pass_numeric_item(inspection, visit_id, item)
        elif photos < PHOTOS and Result.FAIL in item.answers:
            inspection.set_result(visit_id, item.code, Result.FAIL)
            inspection.set_note(visit_id, item.code, f"Tồn tại ở nội dung {item.code}: chưa thực hiện đúng quy định.")
            inspection.set_staff(visit_id, item.code, [view.staff[0].id])
            inspection.add_photo_bytes(visit_id, item.code, photo_jpeg(photos), f"{item.code}.jpg", f"Hiện trạng {item.code}")
            photos += 1
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    failed = [a.item_code for a in inspection.open_visit(visit_id).answers.values() if a.result is Result.FAIL]
    while photos < PHOTOS:  # a form with fewer items than photos: some findings get two
        code = failed[photos % len(failed)]
        inspection.add_photo_bytes(visit_id, code, photo_jpeg(photos), f"{code}-{photos}.jpg", f"Hiện trạng {code}")
        photos += 1
    inspection.set_summary(visit_id, good_points="Trụ sở khang trang, sạch sẽ.", conclusions="Cơ bản đúng quy định.",
                           shortcomings=inspection.draft_shortcomings(visit_id))
    inspection.set_times(visit_id, ended_at=utcnow() + timedelta(minutes=1))
    inspection.submit(visit_id)
    Review(db, _user(db, Role.SUPERVISOR)).approve(visit_id)  # only approved minutes are numbered
    return visit_id, editable_id


def _copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, uuid.UUID, uuid.UUID]:
    """A closed database file with the 60-photo visit, built once for this module."""
    path = tmp_path_factory.mktemp("big") / "template.sqlite"
    workspace = open_workspace(path)
    try:
        visit_id, editable_id = build_big_visit(workspace.db)
    finally:
        workspace.close()
    return path, visit_id, editable_id


@pytest.fixture
def big(big_template, tmp_path: Path) -> tuple[Path, uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    template, visit_id, editable_id = big_template
    path = tmp_path / "big.sqlite"
    _copy_database(template, path)
    return path, visit_id, editable_id


# --- numbers ----------------------------------------------------------------------------------


def test_numbers_are_digits_only() -> None:
    for entry in ("7", "07", "007", " 07 ", "\u00a007\t", "07/BB-ĐKT", "7 / bb-đkt", "０７"):
        assert parse_number(entry) == 7, entry
    assert parse_number("12") == 12 and format_number(12) == "12" and format_number(7) == "07"
    for entry in ("12a", "12A", "mười hai", "7b/BB-ĐKT", "1 2", "-7", "7.0", "0", "000", "", "07/QĐ-UBND", "1234567"):
        with pytest.raises(MinutesError) as caught:
            parse_number(entry)
        assert "không hợp lệ" in str(caught.value) or "Chưa nhập" in str(caught.value), entry
    with pytest.raises(MinutesError, match="chỉ nhập chữ số"):
        parse_number("12a")


def test_issuing_body_key() -> None:
    city = body_key("Ủy ban nhân dân thành phố Trà Vinh")
    for spelling in ("UBND thành phố Trà Vinh", "Uỷ ban nhân dân  Thành phố Trà Vinh ", "ỦY BAN NHÂN DÂN THÀNH PHỐ TRÀ VINH",
                     "U\u0309y ban nhân dân thành phố Trà Vinh"):  # the last one decomposed (NFD)
        assert body_key(spelling) == city, spelling
    assert body_key("Sở Nội vụ tỉnh Trà Vinh") != city
    assert body_key("Hoà Thuận") == body_key("Hòa Thuận") and body_key("Hoàng") != body_key("Hòang")


def test_migration_keeps_the_same_body_key() -> None:
    spec = importlib.util.spec_from_file_location("m0005", ROOT / "db" / "versions" / "0005_minutes_numbers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("Ủy ban nhân dân thành phố Trà Vinh", "UBND  huyện Càng Long", "Uỷ ban nhân dân xã Hoà Thuận", "Sở Nội vụ"):
        assert module.body_key(name) == body_key(name), name
    assert [module.parse_seq(n) for n in ("12/BB-ĐKT", "012/BB-ĐKT", "3a/BB-ĐKT", "7", "", "0/BB-ĐKT")] == [12, 12, None, 7, None, None]


def test_one_number_per_body_and_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = Minutes(db, _user(db, Role.CLERK))
    first, second, third, other_body, last_year = (submitted_visit(db) for _ in range(5))
    assert clerk.suggest_number(visit_id=first) == "01"

    final = clerk.finalize(first, "7")
    assert final.number == "07/BB-ĐKT"
    text = _text(final.data)
    assert "Số: 07/BB-ĐKT" in text and "Biên bản số 07/BB-ĐKT" not in text  # no photos: no appendix
    for entry in ("07", "007", "7/BB-ĐKT"):
        with pytest.raises(MinutesError, match=f"Số 07/BB-ĐKT đã dùng cho một biên bản khác năm {local_today().year}"):
            clerk.finalize(second, entry)
    with pytest.raises(MinutesError, match="không hợp lệ"):
        clerk.finalize(second, "12a")
    assert clerk.suggest_number(visit_id=second) == "08"
    assert clerk.finalize(second, "08").number == "08/BB-ĐKT"
    assert clerk.finalize(third, "10").number == "10/BB-ĐKT"

    # Another issuing body numbers from 1 on its own; so does every body in another year.
    with db.session() as session:
        session.get(Visit, other_body).round_id = other_round(db, "Sở Nội vụ tỉnh Trà Vinh")
        moved = session.get(Visit, last_year)
        moved.started_at = moved.started_at.replace(year=moved.started_at.year - 1)
        moved.ended_at = moved.started_at + timedelta(hours=1)
    assert clerk.suggest_number(visit_id=other_body) == "01"
    assert clerk.suggest_number(visit_id=last_year) == "01"
    assert clerk.finalize(other_body, "7").number == "07/BB-ĐKT"
    assert clerk.finalize(last_year, "007").number == "07/BB-ĐKT"
    assert clerk.suggest_number(visit_id=first) == "11"

    with db.read() as session:
        rows = session.execute(sa.select(Visit.id, Visit.minutes_seq, Visit.minutes_year, Visit.minutes_body)
                               .where(Visit.minutes_seq.is_not(None))).all()
        assert len(rows) == 5 and len({(r.minutes_body, r.minutes_year, r.minutes_seq) for r in rows}) == 5
        assert find_visit(session, "08").id == second
        assert find_visit(session, "8/BB-ĐKT").id == second
        assert find_visit(session, "10").id == third
        # "07" is now three minutes: this year's of the city, this year's of the department, last year's.
        with pytest.raises(MinutesError, match=r"Số 07/BB-ĐKT có ở 3 biên bản") as caught:
            find_visit(session, "07")
        message = str(caught.value)
        assert "của Đoàn kiểm tra công vụ (Sở Nội vụ tỉnh Trà Vinh)" in message
        assert "của Đoàn kiểm tra công vụ (Ủy ban nhân dân thành phố Trà Vinh)" in message
        assert first.hex[:8] in message and other_body.hex[:8] in message and "mã buổi kiểm tra" in message
        with pytest.raises(MinutesError, match="Không tìm thấy"):
            find_visit(session, "99")


def test_command_line_finds_minutes_by_number(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db)
    Minutes(db, _user(db, Role.CLERK)).finalize(visit_id, "7")
    target = database_target(db)  # a file, or the server's address
    db.dispose()  # the command line is another process; this one lets go of the file
    for reference in ("07", "7", "7/BB-ĐKT", "07/BB-ĐKT"):
        out = tmp_path / f"bb-{reference.replace('/', '-')}.pdf"
        run = subprocess.run([sys.executable, "-m", "inspector", "minutes", reference, "-o", str(out), "--database", target],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert "số 07/BB-ĐKT, đã khóa" in run.stdout
        assert "Số: 07/BB-ĐKT" in _text(out.read_bytes())


def test_the_unique_index_has_the_last_word(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A duplicate that gets past the check (as a concurrent writer could) is refused by the index, as a MinutesError."""
    clerk = Minutes(db, _user(db, Role.CLERK))
    first, second = submitted_visit(db), submitted_visit(db)
    clerk.finalize(first, "7")
    monkeypatch.setattr(minutes_service, "_require_free", lambda *args: None)
    with pytest.raises(MinutesError, match=f"Số 07/BB-ĐKT đã dùng cho một biên bản khác năm {local_today().year}"):
        clerk.finalize(second, "07")
    with db.read() as session:
        visit = session.get(Visit, second)
        assert visit.status is VisitStatus.APPROVED and visit.minutes_seq is None and visit.minutes_number == ""


def test_a_change_between_render_and_write_is_refused(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db)
    clerk = Minutes(db, _user(db, Role.CLERK))
    render = minutes_service.render_minutes

    def render_then_change(data):  # type: ignore[no-untyped-def]
        pdf = render(data)
        with db.session() as session:  # e.g. the reviewer changes the conclusions while the PDF renders
            session.get(Visit, visit_id).conclusions = "Kết luận đã sửa."
        return pdf

    monkeypatch.setattr(minutes_service, "render_minutes", render_then_change)
    with pytest.raises(MinutesError, match=re.escape(CHANGED_MEANWHILE)):
        clerk.finalize(visit_id, "3")
    monkeypatch.setattr(minutes_service, "render_minutes", render)
    assert "Kết luận đã sửa." in _text(clerk.finalize(visit_id, "3").data)


def _hold_the_write_lock(db):  # type: ignore[no-untyped-def]
    """Another writer (another process as far as the database knows) holding the write lock until rolled back."""
    if db.is_server:
        import psycopg

        from inspector.store.db import PG_WRITE_LOCK

        blocker = psycopg.connect(sa.engine.make_url(db.url).set(drivername="postgresql")
                                  .render_as_string(hide_password=False))
        blocker.execute(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")  # as every writing transaction does
        return blocker
    blocker = sqlite3.connect(db.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def test_preview_never_takes_the_write_lock(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db)
    blocker = _hold_the_write_lock(db)  # another writer holds the lock for as long as it likes
    try:
        started = time.perf_counter()
        pdf = Minutes(db).pdf(visit_id)
        assert time.perf_counter() - started < 4.0  # not a 5 s busy wait
        assert not pdf.final and "Số: …/BB-ĐKT" in _text(pdf.data)
    finally:
        blocker.rollback()
        blocker.close()


# --- photos ------------------------------------------------------------------------------------


def _image_xobjects(pdf: bytes) -> list:  # type: ignore[type-arg]
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") if "/Resources" in page else None
        for ref in (xobjects.get_object().values() if xobjects else []):
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj
    return list(found.values())


def test_photos_are_embedded_as_stored(big) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, _editable = big
    workspace = open_workspace(path, demo_if_new=False)
    try:
        db = workspace.db
        with db.read() as session:
            stored = [session.get(Blob, e.blob_sha256).data for e in session.scalars(
                sa.select(Evidence).where(Evidence.visit_id == visit_id, Evidence.kind == "photo"))]
        started = time.perf_counter()
        final = Minutes(db, _user(db, Role.CLERK)).finalize(visit_id, "7")
        seconds = time.perf_counter() - started
    finally:
        workspace.close()
    assert len(stored) == PHOTOS
    images = _image_xobjects(final.data)
    assert len(images) == PHOTOS
    for image in images:
        assert image["/Filter"] in ("/DCTDecode", ["/DCTDecode"]), image["/Filter"]
    assert sorted(hashlib.sha256(i.get_data()).hexdigest() for i in images) == sorted(
        hashlib.sha256(d).hexdigest() for d in stored)  # the stored bytes, untouched
    photos_size = sum(len(d) for d in stored)
    assert len(final.data) < photos_size + 1_000_000
    text = _text(final.data)
    assert "Số: 07/BB-ĐKT" in text and f"Ảnh {PHOTOS}. " in text
    print(f"\n60 photos: stored JPEG {photos_size:,} bytes; final PDF {len(final.data):,} bytes "
          f"(before: 19,713,266 for 15,639,919 of JPEG); numbering took {seconds:.2f} s")


def test_a_png_photo_still_prints() -> None:
    from inspector.reports.minutes import _Jpeg, photo_flowable

    out = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").save(out, "PNG")
    assert not isinstance(photo_flowable(out.getvalue(), 100, 100), _Jpeg)
    assert isinstance(photo_flowable(photo_jpeg(1), 100, 100), _Jpeg)


# --- processes ------------------------------------------------------------------------------------

_CHILD_PRELUDE = """
import json, sys, time, traceback, uuid
from pathlib import Path
import sqlalchemy as sa
from inspector.domain.catalog import Role
from inspector.domain.clock import local_today
from inspector.services.minutes import Minutes, MinutesError
from inspector.services.workspace import open_workspace
from inspector.store.models import User

def wait_for(path):
    while not Path(path).exists():
        time.sleep(0.001)

def user(db, role):
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.holding(role)).order_by(User.username)).first()
"""

RACER = _CHILD_PRELUDE + """
database, name, sync, spellings = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4].split(",")
visits = [uuid.UUID(v) for v in sys.argv[5:]]
workspace = open_workspace(database, demo_if_new=False)
minutes = Minutes(workspace.db, user(workspace.db, Role.CLERK))
for n, visit_id in enumerate(visits):
    number = spellings[n % len(spellings)].replace("N", str(n + 1))
    (sync / f"{name}-{n}").touch()
    for other in ("a", "b"):
        wait_for(sync / f"{other}-{n}")
    try:
        pdf = minutes.finalize(visit_id, number)
        print(json.dumps({"round": n, "ok": True, "visit": str(visit_id), "number": pdf.number, "sha256": pdf.sha256}), flush=True)
    except MinutesError as exc:
        print(json.dumps({"round": n, "ok": False, "visit": str(visit_id), "message": str(exc)}), flush=True)
workspace.close()
"""


def test_two_clerks_racing_for_one_number(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two clerks' desktops (two processes: on one file, or each with its own connections to the server)."""
    rounds = 20
    pairs = [(submitted_visit(db), submitted_visit(db)) for _ in range(rounds)]
    target = database_target(db)
    db.dispose()
    sync = tmp_path / "sync"
    sync.mkdir()
    racers = {
        name: subprocess.Popen(
            [sys.executable, "-c", RACER, target, name, str(sync), spellings, *(str(p[i]) for p in pairs)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, (name, spellings) in enumerate((("a", "N"), ("b", "0N,00N,N/BB-ĐKT")))  # a: 7; b: 07, 007, 7/BB-ĐKT
    }
    results = {}
    for name, process in racers.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err  # an IntegrityError or OperationalError would end it with a traceback
        results[name] = [json.loads(line) for line in out.splitlines()]
    successes = 0
    for n in range(rounds):
        a, b = results["a"][n], results["b"][n]
        assert [a["ok"], b["ok"]].count(True) == 1, (a, b)
        loser = b if a["ok"] else a
        assert f"Số {n + 1:02d}/BB-ĐKT đã dùng cho một biên bản khác năm" in loser["message"], loser
        successes += 1

    workspace = open_workspace(target, demo_if_new=False)
    try:
        with workspace.db.read() as session:
            duplicates = session.execute(
                sa.select(Visit.minutes_body, Visit.minutes_year, Visit.minutes_seq, sa.func.count())
                .where(Visit.minutes_seq.is_not(None))
                .group_by(Visit.minutes_body, Visit.minutes_year, Visit.minutes_seq).having(sa.func.count() > 1)).all()
            locked = session.scalars(sa.select(Visit).where(Visit.status == VisitStatus.LOCKED)).all()
            assert duplicates == []
            assert len(locked) == rounds == successes
            assert sorted(v.minutes_seq for v in locked) == list(range(1, rounds + 1))
            winners = {r["visit"]: r for rs in results.values() for r in rs if r["ok"]}
            for visit in locked:
                blob = session.get(Blob, visit.minutes_sha256)
                assert blob is not None and hashlib.sha256(blob.data).hexdigest() == visit.minutes_sha256
                assert winners[str(visit.id)]["sha256"] == visit.minutes_sha256
                assert f"Số: {visit.minutes_number}" in _text(blob.data)
    finally:
        workspace.close()
    print(f"\nrace: {rounds} runs, {successes} numbered, {rounds} refused with a message, 0 duplicates")


NUMBERER = _CHILD_PRELUDE + """
import inspector.services.minutes as service
database, visit_id, go, done = Path(sys.argv[1]), uuid.UUID(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
slow_render = float(sys.argv[5])
render = service.render_minutes

def slow(data):  # a slow laptop: rendering 60 photos took 15 s before (issue 8)
    pdf = render(data)
    time.sleep(slow_render)
    return pdf

service.render_minutes = slow
workspace = open_workspace(database, demo_if_new=False)
minutes = Minutes(workspace.db, user(workspace.db, Role.CLERK))
print("READY", flush=True)
wait_for(go)
started = time.perf_counter()
try:
    pdf = minutes.finalize(visit_id, "1")
    result = {"ok": True, "seconds": time.perf_counter() - started, "size": len(pdf.data)}
except Exception as exc:
    result = {"ok": False, "error": traceback.format_exc()}
done.touch()
print(json.dumps(result), flush=True)
workspace.close()
"""

WRITER = _CHILD_PRELUDE + """
from inspector.services.inspection import Inspection
database, visit_id, go, done = Path(sys.argv[1]), uuid.UUID(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
workspace = open_workspace(database, demo_if_new=False)
inspection = Inspection(workspace.db, user(workspace.db, Role.INSPECTOR))
code = next(inspection.open_visit(visit_id).form.items()).code
print("READY", flush=True)
wait_for(go)
waits, failures, after = [], [], None
while after is None or time.perf_counter() - after < 0.5:  # until half a second after the numbering ended
    if after is None and done.exists():
        after = time.perf_counter()
    started = time.perf_counter()
    try:
        inspection.set_note(visit_id, code, f"ghi chú {len(waits)}")
    except Exception:
        failures.append(traceback.format_exc())
    waits.append(time.perf_counter() - started)
    time.sleep(0.005)
waits.sort()
print(json.dumps({"writes": len(waits), "longest": waits[-1], "median": waits[len(waits) // 2], "failures": failures}), flush=True)
workspace.close()
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "READY", line + (process.stderr.read() if process.stderr else "")
    return process


def test_numbering_holds_the_write_lock_briefly(big, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, visit_id, editable_id = big
    go, done = tmp_path / "go", tmp_path / "done"
    writer = _start(WRITER, str(path), str(editable_id), str(go), str(done))
    # Rendering takes 2 s more than it does here: were it inside the write transaction, the writer would wait that long.
    numberer = _start(NUMBERER, str(path), str(visit_id), str(go), str(done), "2.0")
    go.touch()
    numbered = json.loads(numberer.communicate(timeout=600)[0].splitlines()[-1])
    out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    wrote = json.loads(out.splitlines()[-1])
    assert numbered["ok"], numbered.get("error")
    assert wrote["failures"] == []
    assert wrote["writes"] > 10
    # A correctness bound on how long numbering holds the write lock, with a wide margin (not a benchmark).
    assert wrote["longest"] < 1.0, wrote
    assert numbered["seconds"] > 2.0
    print(f"\nnumbering 60 photos (rendering slowed by 2 s) took {numbered['seconds']:.2f} s ({numbered['size']:,} bytes); meanwhile "
          f"{wrote['writes']} writes, median {wrote['median'] * 1000:.0f} ms, longest {wrote['longest'] * 1000:.0f} ms")
