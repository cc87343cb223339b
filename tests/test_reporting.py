"""The periodic report (services.reporting, reports.period_report, services.export, ``inspector report``): every
figure recomputed here by independent SQL on the session's generated database (read only)."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector.domain.clock import local_today
from inspector.domain.sipas import SipasCriterion
from inspector.services import export, reporting
from inspector.services.reporting import Period, Scope
from inspector.services.workspace import Workspace, open_workspace

YEAR = local_today().year - 1


@pytest.fixture(scope="module")
def opened(generated: Path) -> Iterator[Workspace]:
    ws = open_workspace(generated)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def sql(generated: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{generated}?mode=ro", uri=True)
    yield connection
    connection.close()


def _body(sql: sqlite3.Connection) -> tuple[str, str]:
    """The body with the most visits last year (hex id, code)."""
    return sql.execute(
        "SELECT b.id, b.code FROM visits v JOIN rounds r ON r.id = v.round_id JOIN inspecting_bodies b "
        "ON b.id = r.inspecting_body_id WHERE v.planned_date BETWEEN ? AND ? GROUP BY b.id ORDER BY count(*) DESC LIMIT 1",
        (f"{YEAR}-01-01", f"{YEAR}-12-31")).fetchone()


WHERE = ("v.deleted_at IS NULL AND v.status != 'planned' AND v.planned_date BETWEEN :start AND :end "
         "AND (:body IS NULL OR v.round_id IN (SELECT id FROM rounds WHERE inspecting_body_id = :body))")


def _params(period: Period, body: str | None) -> dict[str, object]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "body": body}


def _items(sql: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(form version hex, item code) -> (form code, section code, sipas), read from the stored JSON by SQLite."""
    return {(v, code): (form, section, sipas) for v, form, section, code, sipas in sql.execute(
        "SELECT fv.id, f.code, json_extract(s.value, '$.code'), json_extract(i.value, '$.code'), "
        "json_extract(i.value, '$.sipas') FROM form_versions fv JOIN checklist_forms f ON f.id = fv.form_id, "
        "json_each(fv.definition, '$.sections') s, json_each(s.value, '$.items') i")}


@pytest.mark.parametrize("which", ["all", "body"])
def test_figures_match_independent_sql(opened: Workspace, sql: sqlite3.Connection, which: str) -> None:
    body_hex, _code = _body(sql)
    import uuid

    body = None if which == "all" else body_hex
    scope = Scope(Period.year(YEAR), uuid.UUID(hex=body_hex) if body else None)
    as_of = local_today()
    with opened.db.read() as session:
        f = reporting.figures(session, scope, as_of=as_of)
    p = _params(scope.period, body)

    visits, announced, units, points = sql.execute(
        f"SELECT count(*), sum(v.announced), count(DISTINCT rp.unit_id), count(DISTINCT v.reception_point_id) "
        f"FROM visits v JOIN reception_points rp ON rp.id = v.reception_point_id WHERE {WHERE}", p).fetchone()
    assert visits > 50
    assert (f.visits, f.announced, f.unannounced, f.units, f.points) == (visits, announced, visits - announced, units, points)

    # results: approved or locked visits; sections and SIPAS named from the stored forms (generated items: snapshot)
    items = _items(sql)
    sections: Counter[tuple[str, str, str]] = Counter()
    criteria: Counter[tuple[str, str]] = Counter()
    failed_items: Counter[tuple[str, str]] = Counter()
    for version, code, result, n in sql.execute(
            f"SELECT v.form_version_id, a.item_code, a.result, count(*) FROM visits v JOIN answers a ON a.visit_id = v.id "
            f"WHERE {WHERE} AND v.status IN ('approved', 'locked') AND a.deleted_at IS NULL "
            f"GROUP BY v.form_version_id, a.item_code, a.result", p):
        if (version, code) in items:
            form, section, sipas = items[(version, code)]
            sections[(section, result)] += n
            criteria[(sipas, result)] += n
            if result == "khong_dat":
                failed_items[(form, code)] += n
        else:
            sections[(code.rsplit("-", 1)[0], result)] += n   # a follow-up's generated item
    for _code, sipas, result, n in sql.execute(
            f"SELECT i.value ->> '$.code', i.value ->> '$.sipas', a.result, count(*) FROM visits v "
            f"JOIN json_each(v.form_snapshot, '$.sections') s JOIN json_each(s.value, '$.items') i "
            f"JOIN answers a ON a.visit_id = v.id AND a.item_code = i.value ->> '$.code' "
            f"WHERE {WHERE} AND v.status IN ('approved', 'locked') AND a.deleted_at IS NULL "
            f"AND s.value ->> '$.generated' IS NOT NULL GROUP BY 1, 2, 3", p):
        criteria[(sipas, result)] += n
    for section in f.sections:
        t = section.tally
        assert (t.passed, t.failed, t.not_applicable) == (
            sections[(section.key.code, "dat")], sections[(section.key.code, "khong_dat")],
            sections[(section.key.code, "khong_ap_dung")]), section.key
    assert {s.key.code for s in f.sections} == {k for k, _r in sections}
    for c in f.criteria:
        assert (c.tally.passed, c.tally.failed) == (criteria[(c.criterion.value, "dat")],
                                                    criteria[(c.criterion.value, "khong_dat")]), c.criterion
    top = failed_items.most_common(1)[0][1]
    assert f.shortcomings[0].failed == top
    assert all(failed_items[(i.form_code, i.code)] == i.failed for i in f.shortcomings)

    # staff named in failed items of two visits or more
    staff = {r[0]: (r[1], r[2]) for r in sql.execute(
        f"SELECT s.staff_member_id, count(*), count(DISTINCT v.id) FROM visits v JOIN answers a ON a.visit_id = v.id "
        f"JOIN answer_staff s ON s.answer_id = a.id WHERE {WHERE} AND v.status IN ('approved', 'locked') "
        f"AND a.result = 'khong_dat' AND a.deleted_at IS NULL GROUP BY s.staff_member_id "
        f"HAVING count(DISTINCT v.id) >= 2", p)}
    assert len(f.staff) == min(len(staff), reporting.TOP_STAFF)
    for person in f.staff:
        assert staff[person.staff_id.hex] == (person.findings, person.visits)

    # remediation, as the contract with services.remediation defines it
    r = sql.execute(
        f"SELECT count(*), sum(r.done_on <= r.deadline), sum(r.done_on > r.deadline), "
        f"sum(r.status IN ('open', 'reported') AND r.deadline < :today), sum(r.status = 'cancelled') "
        f"FROM visits v JOIN recommendations r ON r.visit_id = v.id WHERE {WHERE} AND r.deleted_at IS NULL",
        {**p, "today": as_of.isoformat()}).fetchone()
    m = f.remediation
    assert (m.total, m.done_on_time, m.done_late, m.overdue, m.cancelled) == tuple(x or 0 for x in r)
    assert m.total and m.done_late and m.overdue and m.done_on_time

    # the previous period: the year before, the same rules
    assert f.previous is not None and f.previous.period == Period.year(YEAR - 1)
    before = sql.execute(f"SELECT count(*) FROM visits v WHERE {WHERE}", _params(Period.year(YEAR - 1), body)).fetchone()[0]
    assert f.previous.visits == before

    # the trend: visits and failed items per quarter
    for q in f.quarters:
        n, failed = sql.execute(f"SELECT count(*), coalesce(sum(v.failed_count), 0) FROM visits v WHERE {WHERE}",
                                _params(q.period, body)).fetchone()
        assert (q.visits, q.failed) == (n, failed), q.period


def test_periods() -> None:
    assert Period.between(date(2026, 1, 1), date(2026, 3, 31)).previous() == Period.quarter(2025, 4)
    assert Period.quarter(2026, 3).label == "quý III năm 2026"
    assert Period.half(2026, 1).previous() == Period.half(2025, 2)
    assert Period.year(2025).previous() == Period.year(2024)
    odd = Period.between(date(2026, 2, 10), date(2026, 2, 19))
    assert odd.previous() == Period(date(2026, 1, 31), date(2026, 2, 9))
    assert [q.short_label for q in reporting.quarters_for_trend(Period.year(2026))][-4:] == ["Q1/2026", "Q2/2026", "Q3/2026", "Q4/2026"]
    with pytest.raises(ValueError):
        Period.between(date(2026, 2, 1), date(2026, 1, 1))


def test_a_click_leads_to_the_answers_behind_a_figure(opened: Workspace) -> None:
    scope = Scope(Period.year(YEAR))
    with opened.db.read() as session:
        f = reporting.figures(session, scope, previous=False)
        section = max(f.sections, key=lambda s: s.tally.failed)
        keys = reporting.answer_keys_behind(session, scope, reporting.Behind(section=section.key))
        assert len(keys) == section.tally.failed
        item = f.shortcomings[0]
        rows = reporting.answer_rows(session, reporting.answer_keys_behind(
            session, scope, reporting.Behind(item=(item.form_code, item.code))))
        assert len(rows) == item.failed and {r.item_code for r in rows.values()} == {item.code}
        criterion = f.criterion(SipasCriterion.CIVIL_SERVANTS)
        assert len(reporting.answer_keys_behind(session, scope, reporting.Behind(criterion=criterion.criterion))) \
            == criterion.tally.failed
        person = f.staff[0]
        assert len(reporting.answer_keys_behind(session, scope, reporting.Behind(staff_id=person.staff_id))) == person.findings
        assert len(reporting.visits_behind(session, scope, reporting.Behind(announced=False))) == f.unannounced
        assert len(reporting.recommendation_keys_behind(session, scope, "overdue")) == f.remediation.overdue


def test_pdf_and_workbook_read_back(opened: Workspace, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    scope = Scope(Period.year(YEAR))
    with opened.db.read() as session:
        data, f = reporting.report_pdf(session, scope)
        book = export.workbook_bytes(session, scope, f.as_of)
        visits = export.visits_sheet(session, scope)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                   f"Kết quả kiểm tra công vụ tại Bộ phận Một cửa năm {YEAR}", "Số buổi kiểm tra đã thực hiện",
                   "Tiếp cận dịch vụ", "Những hạn chế, tồn tại thường gặp", "Công chức có sai phạm lặp lại",
                   "KẾT QUẢ KHẮC PHỤC SAU KIỂM TRA", "Đã khắc phục nhưng trễ hạn", "Nơi nhận:", f"Kỳ trước ({YEAR - 1})"):
        assert needle in flat, needle
    assert f"{f.visits:,}".replace(",", ".") in flat and f.shortcomings[0].code in flat

    wb = load_workbook(io.BytesIO(book))
    assert wb.sheetnames == ["Buổi kiểm tra", "Nội dung không đạt", "Kiến nghị"]
    ws = wb["Buổi kiểm tra"]
    assert [c.value for c in ws[1]][:3] == ["Ngày kiểm tra", "Đơn vị", "Điểm tiếp nhận"]
    assert ws.max_row - 1 == f.visits
    first = ws.cell(row=2, column=1)
    assert first.is_date and first.value.date() == visits.rows[0][0] and first.number_format == "DD/MM/YYYY"
    recs = wb["Kiến nghị"]
    assert recs.max_row - 1 == f.remediation.total
    assert sum(1 for row in recs.iter_rows(min_row=2, values_only=True) if row[9] == "Trễ hạn") == f.remediation.done_late
    assert wb["Nội dung không đạt"].max_row - 1 == f.total.failed

    raw = export.csv_bytes(visits)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Ngày kiểm tra" and len(rows) - 1 == f.visits
    assert rows[1][0] == f"{visits.rows[0][0]:%d/%m/%Y}"


def test_an_empty_period_still_makes_a_report(opened: Workspace) -> None:
    from pypdf import PdfReader

    with opened.db.read() as session:
        data, f = reporting.report_pdf(session, Scope(Period.year(1990)))
    assert f.visits == 0 and not f.sections and f.remediation.total == 0
    assert "chưa có buổi kiểm tra nào đã được duyệt" in " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_cli_report(generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from inspector.cli import main

    pdf, xlsx = tmp_path / "bao-cao.pdf", tmp_path / "bao-cao.xlsx"
    copy = tmp_path / "copy.sqlite"   # this module keeps the shared file open; the command line refuses a file in use
    copy.write_bytes(generated.read_bytes())
    generated = copy
    code = main(["report", "--from", f"{YEAR}-07-01", "--to", f"{YEAR}-09-30", "--body", "Sở Nội vụ", "-o", str(pdf),
                 "--xlsx", str(xlsx), "--database", str(generated)])
    assert code == 0, capsys.readouterr().err
    assert f"quý III năm {YEAR}" in capsys.readouterr().out
    assert "quý III" in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert load_workbook(xlsx).sheetnames[0] == "Buổi kiểm tra"
    assert main(["report", "--from", f"{YEAR}-07-01", "--to", f"{YEAR}-09-30", "-o", str(pdf),
                 "--database", str(generated)]) != 0   # exists: --force needed
    assert main(["report", "--from", f"{YEAR}-07-01", "--to", f"{YEAR}-09-30", "--body", "không có", "-o",
                 str(tmp_path / "x.pdf"), "--database", str(generated)]) != 0
    assert "LỖI" in capsys.readouterr().err
