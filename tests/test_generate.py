"""The data generator (services/generate.py): years of visits that the app reads as its own."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.cli import main
from inspector.domain.assessment import numeric_result
from inspector.domain.checklist import FormKind, ItemType, parse_form
from inspector.domain.clock import local, local_today
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services.generate import REFORM, GenerateReport, generate
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.models import Answer, InspectingBody, Round, User, Visit

STORED_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
FINISHED = {VisitStatus.SUBMITTED.value, VisitStatus.APPROVED.value, VisitStatus.LOCKED.value,
            VisitStatus.RETURNED.value}


COUNTED = ("visits", "answers", "recommendations", "evidence", "answer_staff", "visit_representatives")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, GenerateReport, dict[str, int]]]:
    """300 visits over 3 years on the app's first-start database (demo map and its 2024–2025 history),
    and how many rows each table had before."""
    path = tmp_path_factory.mktemp("generate") / "small.sqlite"
    ws = open_workspace(path, demo_if_new=True)
    try:
        with ws.db.read() as session:
            before = {t: session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in COUNTED}
        report = generate(ws.db, visits=300, years=3, seed=7)
    finally:
        ws.close()
    yield path, report, before


@pytest.fixture
def sql(small: tuple[Path, GenerateReport, dict[str, int]]) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{small[0].resolve().as_uri()}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture
def opened(small: tuple[Path, GenerateReport, dict[str, int]], tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the generated database opened by the app (tests that write do not disturb the others)."""
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(small[0].read_bytes())
    ws = open_workspace(copy, demo_if_new=True)
    assert not ws.seeded_demo and not ws.migration.created
    yield ws
    ws.close()


def test_report_counts_what_is_in_the_database(small: tuple[Path, GenerateReport, dict[str, int]], sql: sqlite3.Connection) -> None:
    _path, report, before = small
    one = lambda q: sql.execute(q).fetchone()[0]  # noqa: E731
    added = {t: one(f"SELECT count(*) FROM {t}") - before[t] for t in COUNTED}
    assert before["visits"] == 3 and report.visits == added["visits"] == 300   # the demo's history visits stay
    assert (report.answers, report.recommendations, report.photos, report.staff_links, report.representatives) == (
        added["answers"], added["recommendations"], added["evidence"], added["answer_staff"],
        added["visit_representatives"])
    assert report.numbered == one("SELECT count(*) FROM visits WHERE minutes_seq IS NOT NULL") - 3
    assert set(report.by_status) == {s.value for s in VisitStatus}
    assert set(report.recommendations_by_status) == {s.value for s in RecommendationStatus}
    assert report.follow_ups > 0 and report.photos > 0 and report.staff_links > 0 and report.rendered == 3
    assert 1 <= report.blobs <= 5 and one("SELECT count(DISTINCT blob_sha256) FROM evidence") <= 5
    # Tỉnh Vĩnh Long's 124 communes and wards from 01/7/2025, each with its centre and its own body.
    assert one(f"SELECT count(*) FROM units WHERE level IN ('ward', 'commune') AND valid_from = '{REFORM}'") == 124
    assert one("SELECT count(*) FROM audit_events WHERE action = 'demo.generated'") == 1


def test_storage_is_what_the_models_write(sql: sqlite3.Connection) -> None:
    assert sql.execute("PRAGMA foreign_key_check").fetchall() == []
    assert sql.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table in ("visits", "answers", "recommendations", "evidence", "units", "reception_points", "rounds"):
        for (value,) in sql.execute(f"SELECT id FROM {table}"):
            assert uuid.UUID(hex=value).version == 4 and len(value) == 32, (table, value)
    for table, column in (("visits", "started_at"), ("visits", "ended_at"), ("visits", "created_at"),
                          ("answers", "answered_at"), ("answers", "updated_at"), ("recommendations", "closed_at"),
                          ("evidence", "taken_at")):
        for (value,) in sql.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            assert STORED_TIME.match(value), (table, column, value)
    assert sql.execute("SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY visit_id, item_code HAVING count(*) > 1)"
                       ).fetchone()[0] == 0


def test_minutes_numbers_run_per_body_and_year(opened: Workspace) -> None:
    from inspector.services.minutes import full_number, issuer_of, minutes_day, series_key

    with opened.db.read() as session:
        locked = session.scalars(sa.select(Visit).where(Visit.status == VisitStatus.LOCKED)).all()
        series: dict[tuple[str, int], list[int]] = {}
        for visit in locked:
            issuer = issuer_of(session, visit)
            assert visit.round is not None and visit.round.inspecting_body is not None
            assert visit.minutes_body == issuer.key == series_key(visit.round.inspecting_body)
            assert visit.minutes_year == minutes_day(visit).year
            assert visit.minutes_number == full_number(visit.minutes_seq or 0, issuer.symbol)
            series.setdefault((visit.minutes_body, visit.minutes_year), []).append(visit.minutes_seq or 0)
        for numbers in series.values():   # 1, 2, 3 … without a gap or a repeat
            assert sorted(numbers) == list(range(1, len(numbers) + 1))
        others = session.scalars(sa.select(Visit).where(Visit.status != VisitStatus.LOCKED)).all()
        assert all(v.minutes_seq is None and not v.minutes_number and not v.minutes_body for v in others)
        assert {k[0] for k in series} >= {series_key(b) for b in session.scalars(sa.select(InspectingBody))
                                          if b.code in ("SNV-VINHLONG", "PNV-TPTRAVINH")}


def test_visits_fit_their_day_round_point_and_form(opened: Workspace) -> None:
    from inspector.services.visits import visit_form

    with opened.db.read() as session:
        for visit in session.scalars(sa.select(Visit)):
            day = visit.planned_date
            assert day is not None
            point = visit.reception_point
            assert point.valid_on(day) and point.unit.valid_on(day), (point.name, day)
            record = visit.round
            assert record is not None and record.start_date <= day <= record.end_date
            assert record.inspecting_body is not None and record.inspecting_body.valid_on(day)
            if visit.status is VisitStatus.PLANNED:
                assert visit.started_at is None and visit.ended_at is None and not visit.answers
                continue
            assert visit.started_at is not None and local(visit.started_at).date() == day
            if visit.status is VisitStatus.IN_PROGRESS:
                assert visit.ended_at is None
            else:
                assert visit.ended_at is not None and visit.ended_at > visit.started_at
            form = visit_form(visit)
            stored = visit.form_version.form.code
            if form.kind is FormKind.FOLLOW_UP:
                assert visit.form_snapshot is not None and stored == "KTKP"
            else:
                assert visit.form_snapshot is None and stored == "KTCV-MC"
                assert visit.form_version.version == (1 if day < REFORM else 2)
            answers = {a.item_code: a for a in visit.answers}
            codes = [i.code for i in form.items()]
            if visit.status.value in FINISHED:
                assert sorted(answers) == sorted(codes), visit.id
            else:
                assert set(answers) < set(codes)
            for item in form.items():
                answer = answers.get(item.code)
                if answer is None:
                    continue
                assert answer.result in item.answers or item.type is ItemType.NUMERIC
                if item.type is ItemType.NUMERIC:
                    assert answer.result is numeric_result(item, answer.values), (item.code, answer.values)
                if answer.result is Result.FAIL:
                    assert answer.note.strip()
                    if item.photo_required_on_fail:
                        assert any(e.answer_id == answer.id for e in visit.evidence)


def test_recommendations_have_owners_deadlines_and_verifiers(opened: Workspace) -> None:
    with opened.db.read() as session:
        visits = {v.id: v for v in session.scalars(sa.select(Visit))}
        from inspector.store.models import Recommendation

        recs = session.scalars(sa.select(Recommendation)).all()
        assert Counter(r.status for r in recs).keys() == set(RecommendationStatus)
        for rec in recs:
            visit = visits[rec.visit_id]
            assert rec.owner_unit_id is not None and rec.deadline is not None
            assert rec.deadline >= visit.planned_date
            assert rec.original_deadline is None or rec.original_deadline <= rec.deadline
            if rec.verified_in_visit_id is not None:   # verified by a later visit; else by the supervisor
                assert rec.status in (RecommendationStatus.VERIFIED, RecommendationStatus.CLOSED)
                verifier = visits[rec.verified_in_visit_id]
                assert verifier.planned_date > visit.planned_date and rec.verified_on == verifier.planned_date
            if rec.status in (RecommendationStatus.VERIFIED, RecommendationStatus.CLOSED):
                assert rec.done_on is not None and rec.verified_on is not None
                assert visit.planned_date < rec.done_on <= rec.verified_on
            elif rec.status is RecommendationStatus.REPORTED:
                assert rec.done_on is not None and rec.verified_on is None
            else:
                assert rec.done_on is None and rec.verified_on is None and rec.verified_in_visit_id is None
            assert (rec.closed_at is not None) == (rec.status in (RecommendationStatus.CLOSED, RecommendationStatus.CANCELLED))
        # The life is realistic: some done late, some overdue today, some extended, each step recorded.
        today = local_today()
        assert any(r.done_on is not None and r.done_on > r.deadline for r in recs)
        assert any(r.done_on is not None and r.done_on <= r.deadline for r in recs)
        assert any(r.status.still_open and r.deadline < today for r in recs)
        extended = [r for r in recs if r.original_deadline != r.deadline]
        assert extended
        from inspector.store.models import RecommendationStep

        steps = session.scalars(sa.select(RecommendationStep)).all()
        kinds = Counter((s.recommendation_id, s.kind) for s in steps)
        assert all(kinds[(r.id, "extended")] == 1 for r in extended)
        assert all(kinds[(r.id, "reported")] == (r.done_on is not None) for r in recs)
        # A follow-up's items quote recommendations made before it.
        for visit in visits.values():
            if visit.form_snapshot is None:
                continue
            form = parse_form(visit.form_snapshot)
            assert form.to_dict() == visit.form_snapshot   # stored exactly as the app stores a follow-up's form
            quoted = [uuid.UUID(i.recommendation_id) for i in form.items() if i.recommendation_id]
            assert quoted
            for rec_id in quoted:
                made = session.get(Recommendation, rec_id)
                assert made is not None and visits[made.visit_id].planned_date < visit.planned_date


def test_the_app_opens_generated_visits_and_prints_their_minutes(opened: Workspace) -> None:
    from inspector.services.inspection import Inspection
    from inspector.services.minutes import Minutes

    db = opened.db
    with db.read() as session:
        def some(status: VisitStatus) -> Visit:
            query = sa.select(Visit).where(Visit.status == status).order_by(Visit.planned_date.desc())
            found = session.scalars(query.limit(1)).first()
            assert found is not None, status
            return found

        unstored = session.scalars(sa.select(Visit).where(
            Visit.status == VisitStatus.LOCKED, Visit.minutes_sha256 == "").order_by(Visit.planned_date)).first()
        stored_visit = session.scalars(sa.select(Visit).where(
            Visit.status == VisitStatus.LOCKED, Visit.minutes_sha256 != "").order_by(Visit.planned_date.desc())).first()
        assert unstored is not None and stored_visit is not None
        stored, number, sha = stored_visit.id, stored_visit.minutes_number, stored_visit.minutes_sha256
        unstored_id, unstored_number = unstored.id, unstored.minutes_number
        submitted = some(VisitStatus.SUBMITTED).id
        in_progress = some(VisitStatus.IN_PROGRESS).id

    with db.read() as session:
        reader = session.scalars(sa.select(User.id).where(User.username == "truongphong")).one()
    inspection = Inspection(db, reader)  # any signed-in user reads a visit
    for visit_id in (unstored_id, stored, submitted, in_progress):
        view = inspection.open_visit(visit_id)
        assert view.answers and view.point_name and view.team
    minutes = Minutes(db)
    final = minutes.pdf(unstored_id)   # locked, no stored copy: printed final from its locked data
    assert final.final and final.number == unstored_number and final.data.startswith(b"%PDF")
    again = minutes.pdf(unstored_id)   # rendered again (ReportLab stamps the time: the bytes differ, not the text)
    assert again.final and again.number == unstored_number
    kept = minutes.pdf(stored)
    assert kept.final and kept.number == number and kept.sha256 == sha == hashlib.sha256(kept.data).hexdigest()
    draft = minutes.pdf(submitted)
    assert not draft.final and draft.number == ""


def test_numbering_a_new_visit_continues_its_bodys_series(opened: Workspace) -> None:
    from inspector.services.minutes import Minutes, format_number, issuer_of, minutes_day

    db = opened.db
    with db.read() as session:
        clerk = session.scalars(sa.select(User.id).where(User.username == "vanthu")).one()
        waiting = session.scalars(sa.select(Visit).where(
            Visit.status.in_([VisitStatus.SUBMITTED, VisitStatus.APPROVED]))).all()
        assert waiting
        expected = {}
        for visit in waiting:
            key, year = issuer_of(session, visit).key, minutes_day(visit).year
            top = session.scalar(sa.select(sa.func.max(Visit.minutes_seq)).where(
                Visit.minutes_body == key, Visit.minutes_year == year)) or 0
            expected[visit.id] = format_number(top + 1)
    minutes = Minutes(db, clerk)
    for visit_id, number in expected.items():
        assert minutes.suggest_number(visit_id=visit_id) == number
    first = next(iter(expected))
    done = minutes.finalize(first, expected[first])
    assert done.final and done.number.startswith(expected[first] + "/")


def test_a_locked_visit_without_a_stored_copy_prints_final(workspace: Workspace) -> None:
    """Minutes.pdf: LOCKED and no stored PDF (generated data) → rendered final from its data, never a draft."""
    from inspector.services.minutes import Minutes

    ws = open_workspace(workspace.db.path.with_name("history.sqlite"), demo_if_new=True)  # with numbered history
    try:
        with ws.db.session() as session:
            visit = session.scalars(sa.select(Visit).where(Visit.status == VisitStatus.LOCKED)
                                    .order_by(Visit.planned_date)).first()
            assert visit is not None
            number, stored = visit.minutes_number, visit.minutes_sha256
            visit.minutes_sha256 = ""
        pdf = Minutes(ws.db).pdf(visit.id)
        assert pdf.final and pdf.number == number and pdf.sha256 != stored and pdf.data.startswith(b"%PDF")
    finally:
        ws.close()


def test_same_seed_same_data_and_photos_can_be_left_out(tmp_path: Path) -> None:
    day = date(2026, 11, 20)

    def build(name: str, seed: int, photos: bool = True) -> list[tuple]:
        ws = open_workspace(tmp_path / name, demo_if_new=True, demo_history=False)
        try:
            generate(ws.db, visits=60, years=2, seed=seed, photos=photos, today=day)
            with ws.db.read() as session:
                return [tuple(r) for r in session.execute(sa.select(
                    Visit.id, Visit.status, Visit.planned_date, Visit.minutes_number,
                    sa.select(sa.func.group_concat(Answer.item_code + ":" + Answer.result + Answer.note))
                    .where(Answer.visit_id == Visit.id).scalar_subquery(),
                ).where(Visit.round_id.in_(sa.select(Round.id))).order_by(Visit.id))]
        finally:
            ws.close()

    first = build("a.sqlite", 3)
    assert first == build("b.sqlite", 3)
    assert first != build("c.sqlite", 4)
    ws = open_workspace(tmp_path / "d.sqlite", demo_if_new=True, demo_history=False)
    try:
        report = generate(ws.db, visits=60, years=2, seed=3, photos=False, today=day)
        assert report.photos == 0 and report.blobs == 0 and report.visits == 60
    finally:
        ws.close()


def test_generating_twice_adds_to_the_same_map(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "twice.sqlite", demo_if_new=True)
    try:
        first = generate(ws.db, visits=40, years=2, seed=1)
        second = generate(ws.db, visits=40, years=2, seed=2)
        assert first.units > 0 and second.units == 0 and second.visits == 40
        with ws.db.read() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 3 + 80
    finally:
        ws.close()


def test_cli_demo_refuses_an_existing_file_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mau.sqlite"
    assert main(["demo", "--visits", "30", "--years", "2", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Đã tạo cơ sở dữ liệu mẫu {target}: 30 buổi kiểm tra trong 2 năm")
    assert len(out.splitlines()) == 1
    before = target.read_bytes()
    assert main(["demo", "--visits", "30", "--years", "2", str(target)]) == 2
    assert capsys.readouterr().err.startswith("LỖI  Tệp ")
    assert target.read_bytes() == before
    assert main(["demo", "--visits", "20", "--years", "1", "--force", str(target)]) == 0
    assert "20 buổi kiểm tra" in capsys.readouterr().out
    ws = open_workspace(target, demo_if_new=False, create=False)
    try:
        with ws.db.read() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 3 + 20
    finally:
        ws.close()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]   # nothing left beside it


def test_cli_demo_never_replaces_another_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "that.sqlite"
    ws = open_workspace(real, demo_if_new=True, demo_history=False)
    ws.close()
    before = real.read_bytes()
    assert main(["demo", "--visits", "10", "--force", str(real)]) == 2
    assert "không do lệnh demo tạo ra" in capsys.readouterr().err
    assert real.read_bytes() == before
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    assert main(["demo", "--visits", "10", "--years", "1", "--force", str(plain)]) == 0
    assert plain.read_bytes().startswith(b"SQLite format 3\x00")
    assert main(["demo", "--visits", "10", str(tmp_path / "x.sqlite-wal")]) == 2
    assert main(["demo", "--visits", "-1", str(tmp_path / "y.sqlite")]) == 2
    assert main(["demo", str(tmp_path / "missing" / "z.sqlite")]) == 2
    err = capsys.readouterr().err
    assert all(line.startswith("LỖI  ") for line in err.splitlines()) and len(err.splitlines()) == 3
