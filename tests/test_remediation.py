"""Theo dõi khắc phục: every transition of a recommendation's life after the minutes, every refusal, overdue on a fake
clock, the list's filters, and a follow-up visit settling what it checked. The visit is real: done by kiemtra1,
approved by truongphong, numbered by vanthu, with two recommendations; its minutes (PDF, hash) never change."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from inspector.domain.checklist import ItemType
from inspector.domain.clock import local_today
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import RecommendationStatus as S
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.access import AccessDenied
from inspector.services.history import recommendation_history, visit_history
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.remediation import (
    DueWindow,
    EvidenceRefused,
    Remediation,
    RemediationError,
    RemediationFilter,
    StepKind,
    prepare_evidence,
)
from inspector.services.review import Review
from inspector.services.rounds import start_unannounced
from inspector.services.verify import verify
from inspector.services.visits import start_visit
from inspector.store.models import Blob, ReceptionPoint, Recommendation, Unit, UnitSuccession, User, Visit
from inspector.store.types import utcnow
from tests.test_inspection import pass_numeric_item

POINT_UNIT = "Ủy ban nhân dân phường Hòa Thuận"
TODAY = local_today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(db, username: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.username == username)).one()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Numbered:
    visit_id: uuid.UUID
    first: uuid.UUID   # on the failed item, due in 10 days
    second: uuid.UUID  # on the whole visit, due in 40 days
    item_code: str
    pdf_sha: str


def numbered_visit(db, *, point_unit: str = POINT_UNIT, number: str = "7", days: tuple[int, int] = (10, 40),  # type: ignore[no-untyped-def]
                   texts: tuple[str, str] = ("Bố trí công chức trực quầy đủ giờ", "Niêm yết lại bộ thủ tục hành chính"),
                   ) -> Numbered:
    inspector = user(db, "kiemtra1")
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == point_unit)).first()
        unit_id = session.scalars(sa.select(Unit.id).where(Unit.name == point_unit)).one()
        visit_id = start_unannounced(session, point, user_id=inspector).id
    inspection = Inspection(db, inspector)
    failed = ""
    for item in inspection.open_visit(visit_id).form.items():
        if item.type is ItemType.NUMERIC:
            pass_numeric_item(inspection, visit_id, item)
        elif not failed and Result.FAIL in item.answers and not item.photo_required_on_fail:
            inspection.set_result(visit_id, item.code, Result.FAIL)
            inspection.set_note(visit_id, item.code, f"Tồn tại ở nội dung {item.code}")
            failed = item.code
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    inspection.set_summary(visit_id, conclusions="Cơ bản thực hiện đúng quy định.",
                           shortcomings=inspection.draft_shortcomings(visit_id))
    first = inspection.add_recommendation(visit_id, texts[0], unit_id, TODAY + timedelta(days=days[0]), failed).id
    second = inspection.add_recommendation(visit_id, texts[1], unit_id, TODAY + timedelta(days=days[1])).id
    inspection.set_times(visit_id, ended_at=utcnow() + timedelta(minutes=1))
    inspection.submit(visit_id)
    Review(db, user(db, "truongphong")).approve(visit_id)
    pdf = Minutes(db, user(db, "vanthu")).finalize(visit_id, number)
    return Numbered(visit_id, first, second, failed, hashlib.sha256(pdf.data).hexdigest())


@pytest.fixture
def visit(db) -> Numbered:  # type: ignore[no-untyped-def]
    return numbered_visit(db)


def rec(db, rec_id: uuid.UUID) -> Recommendation:  # type: ignore[no-untyped-def]
    with db.read() as session:
        found = session.get(Recommendation, rec_id)
        session.expunge(found)
        return found


def as_(db, username: str, today: date = TODAY) -> Remediation:  # type: ignore[no-untyped-def]
    return Remediation(db, user(db, username), today=lambda: today)


def minutes_untouched(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        v = session.get(Visit, visit.visit_id)
        assert v.status is VisitStatus.LOCKED and v.minutes_sha256 == visit.pdf_sha
        assert hashlib.sha256(session.get(Blob, v.minutes_sha256).data).hexdigest() == visit.pdf_sha
        assert verify(session).ok, verify(session).problems


def test_report_verify_close_on_a_numbered_visit(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = as_(db, "vanthu"), as_(db, "truongphong")
    assert clerk.detail(visit.first).rights.report and not clerk.detail(visit.first).rights.verify
    clerk.report_done(visit.first, TODAY, "Công văn số 12/UBND ngày nay: đã bố trí 2 công chức trực.",
                      [prepare_evidence(PDF, "cong-van-12.pdf"), prepare_evidence(jpeg_bytes(), "quay.jpg")])
    r = rec(db, visit.first)
    assert r.status is S.REPORTED and r.done_on == TODAY and r.original_deadline == r.deadline
    rights = boss.detail(visit.first).rights
    assert rights.verify and rights.not_accept and rights.extend and not rights.report and not rights.close

    boss.verify(visit.first, TODAY, "Đã xem công văn và ảnh chụp quầy.")  # the report's files are the evidence
    r = rec(db, visit.first)
    assert r.status is S.VERIFIED and r.verified_on == TODAY and r.done_on == TODAY
    assert boss.detail(visit.first).rights.close
    boss.close(visit.first, "Đủ căn cứ.")
    r = rec(db, visit.first)
    assert r.status is S.CLOSED and r.closed_at is not None

    detail = boss.detail(visit.first)
    assert [s.kind for s in detail.steps] == [StepKind.REPORTED, StepKind.VERIFIED, StepKind.CLOSED]
    assert [e.kind for e in detail.steps[0].evidence] == ["pdf", "photo"]
    assert boss.evidence_bytes(detail.steps[0].evidence[0].sha256) == PDF
    assert detail.rights == type(detail.rights)()  # nothing left to do
    with db.read() as session:
        words = [h.what for h in recommendation_history(session, visit.first, user_id=user(db, "vanthu"))]
        assert words[0] == "Thêm kiến nghị"
        assert words[1].startswith(f"Đơn vị báo cáo đã khắc phục ngày {TODAY:%d/%m/%Y}: Công văn số 12/UBND")
        assert words[1].endswith("kèm 2 tệp minh chứng")
        assert words[2].startswith("Xác nhận đã khắc phục") and words[3] == "Kết thúc theo dõi kiến nghị: Đủ căn cứ."
        rows = recommendation_history(session, visit.first, user_id=user(db, "vanthu"))
        assert (rows[1].before, rows[1].after) == ("Chưa khắc phục", "Đơn vị báo đã khắc phục")
        assert any(h.what.startswith("Xác nhận") for h in visit_history(session, visit.visit_id,
                                                                          user_id=user(db, "vanthu")))
    minutes_untouched(db, visit)


def test_not_accepted_opens_it_again_and_the_unit_reports_again(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    inspector, boss = as_(db, "kiemtra1"), as_(db, "quantri")  # an administrator may decide too
    inspector.report_done(visit.second, TODAY, "Đã niêm yết.")
    boss.not_accept(visit.second, "Ảnh chụp không thấy bảng niêm yết.")
    r = rec(db, visit.second)
    assert r.status is S.OPEN and r.done_on is None
    inspector.report_done(visit.second, TODAY, "Đã niêm yết lại, kèm ảnh.", [prepare_evidence(jpeg_bytes(), "a.jpg")])
    assert rec(db, visit.second).status is S.REPORTED
    with pytest.raises(EvidenceRefused, match="cần minh chứng"):  # reported without a file, verified without one
        _verify_without_files(db, visit)
    boss.verify(visit.second, TODAY, "Đúng như ảnh.")
    assert [s.kind for s in boss.detail(visit.second).steps] == [
        StepKind.REPORTED, StepKind.NOT_ACCEPTED, StepKind.REPORTED, StepKind.VERIFIED]
    minutes_untouched(db, visit)


def _verify_without_files(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    """The first recommendation reported without a file: the supervisor must attach one to verify it."""
    as_(db, "kiemtra1").report_done(visit.first, TODAY, "Đã bố trí.")
    as_(db, "truongphong").verify(visit.first, TODAY, "Nghe báo cáo qua điện thoại.")


def test_extension_keeps_the_original_deadline_and_overdue_follows_the_clock(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    original = rec(db, visit.first).deadline
    assert original == TODAY + timedelta(days=10)
    later = TODAY + timedelta(days=20)
    boss = as_(db, "truongphong", later)  # the fake clock: 20 days on, the first is 10 days overdue
    assert boss.rows([visit.first])[visit.first].overdue and boss.rows([visit.first])[visit.first].days_left == -10
    assert boss.keys(RemediationFilter(due=DueWindow.OVERDUE)) == [visit.first]
    assert boss.notice().overdue == 1 and "1 kiến nghị đã quá hạn" in boss.notice().message
    assert as_(db, "truongphong").notice().due_soon == 0 and as_(db, "truongphong", TODAY + timedelta(days=5)).notice().due_soon == 1

    for bad, message in ((original, "phải sau hạn hiện tại"), (None, "Hãy chọn hạn")):
        with pytest.raises(RemediationError, match=message):
            boss.extend(visit.first, bad, "Chờ kinh phí sửa quầy")
    with pytest.raises(RemediationError, match="đã qua"):
        boss.extend(visit.first, later - timedelta(days=1), "Chờ kinh phí sửa quầy")
    with pytest.raises(RemediationError, match="lý do gia hạn"):
        boss.extend(visit.first, later + timedelta(days=30), "   ")
    with pytest.raises(AccessDenied):
        as_(db, "kiemtra1", later).extend(visit.first, later + timedelta(days=30), "Chờ kinh phí")
    boss.extend(visit.first, later + timedelta(days=30), "Chờ kinh phí sửa quầy")
    r = rec(db, visit.first)
    assert r.deadline == later + timedelta(days=30) and r.original_deadline == original and r.status is S.OPEN
    assert not boss.rows([visit.first])[visit.first].overdue and boss.keys(RemediationFilter(due=DueWindow.OVERDUE)) == []
    assert as_(db, "truongphong", later + timedelta(days=31)).keys(RemediationFilter(due=DueWindow.OVERDUE)) == [
        visit.second, visit.first]  # the earliest deadline first
    step = boss.detail(visit.first).steps[-1]
    assert step.kind is StepKind.EXTENDED and step.new_deadline == r.deadline and step.text == "Chờ kinh phí sửa quầy"
    with db.read() as session:
        row = recommendation_history(session, visit.first, user_id=user(db, "truongphong"))[-1]
        assert row.what == "Gia hạn khắc phục: Chờ kinh phí sửa quầy"
        assert (row.before, row.after) == (f"{original:%d/%m/%Y}", f"{r.deadline:%d/%m/%Y}")
    minutes_untouched(db, visit)


def test_every_refusal(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    clerk, boss = as_(db, "vanthu"), as_(db, "truongphong")
    # wrong state: nothing to decide on an open recommendation; a reported one is not reported again
    for call, message in ((lambda: boss.verify(visit.first, TODAY, "x", [prepare_evidence(PDF, "a.pdf")]), "xác nhận"),
                          (lambda: boss.not_accept(visit.first, "x"), "không chấp nhận"),
                          (lambda: boss.close(visit.first), "kết thúc")):
        with pytest.raises(RemediationError, match=f"“Chưa khắc phục”, không {message}"):
            call()
    # wrong role: a supervisor does not enter the unit's report; a clerk or an inspector does not decide
    with pytest.raises(AccessDenied, match="không có quyền"):
        boss.report_done(visit.first, TODAY, "x")
    # missing or wrong text and dates
    with pytest.raises(RemediationError, match="Hãy ghi nội dung"):
        clerk.report_done(visit.first, TODAY, " \u200b ")
    with pytest.raises(RemediationError, match="Hãy nhập ngày hoàn thành"):
        clerk.report_done(visit.first, None, "Đã làm")
    with pytest.raises(RemediationError, match="ở tương lai"):
        clerk.report_done(visit.first, TODAY + timedelta(days=1), "Đã làm")
    with pytest.raises(RemediationError, match="trước ngày kiểm tra"):
        clerk.report_done(visit.first, TODAY - timedelta(days=3), "Đã làm")
    with pytest.raises(RemediationError, match="quá giới hạn"):
        clerk.report_done(visit.first, TODAY, "x" * 4_001)
    # evidence refused: not a photo or a PDF, empty, unreadable
    for data, message in ((b"PK\x03\x04 a docx", "không phải ảnh"), (b"", "rỗng"),
                          (b"\xff\xd8\xff broken jpeg", "hỏng|không đọc được|không nhận")):
        with pytest.raises(EvidenceRefused, match=message):
            clerk.report_done(visit.first, TODAY, "Đã làm", [prepare_evidence(data, "bao-cao.docx")])
    assert rec(db, visit.first).status is S.OPEN  # nothing half-done

    clerk.report_done(visit.first, TODAY, "Đã làm, gửi công văn.\u0301")
    with pytest.raises(RemediationError, match="không ghi nhận báo cáo"):
        clerk.report_done(visit.first, TODAY, "Lần nữa")
    for call in (lambda: clerk.not_accept(visit.first, "x"), lambda: as_(db, "kiemtra1").verify(visit.first, TODAY, "x"),
                 lambda: clerk.close(visit.first)):
        with pytest.raises(AccessDenied):
            call()
    with pytest.raises(RemediationError, match="lý do không chấp nhận"):
        boss.not_accept(visit.first, "")
    with pytest.raises(RemediationError, match="ở tương lai"):
        boss.verify(visit.first, TODAY + timedelta(days=2), "x", [prepare_evidence(PDF, "a.pdf")])
    with pytest.raises(EvidenceRefused, match="cần minh chứng"):
        boss.verify(visit.first, TODAY, "Đã xem")
    # a deactivated supervisor does nothing
    with db.session() as session:
        session.get(User, user(db, "truongphong")).active = False
    with pytest.raises(AccessDenied, match="đã bị khóa"):
        boss.verify(visit.first, TODAY, "x", [prepare_evidence(PDF, "a.pdf")])
    assert rec(db, visit.first).status is S.REPORTED
    minutes_untouched(db, visit)


def test_a_visit_not_yet_approved_has_no_remediation(db) -> None:  # type: ignore[no-untyped-def]
    inspector = user(db, "kiemtra1")
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == POINT_UNIT)).first()
        visit_id = start_unannounced(session, point, user_id=inspector).id
    rec_id = Inspection(db, inspector).add_recommendation(visit_id, "Sửa biển hiệu", None, TODAY + timedelta(days=5)).id
    with pytest.raises(RemediationError, match="chưa được duyệt"):
        as_(db, "kiemtra1").report_done(rec_id, TODAY, "Đã sửa")
    assert as_(db, "kiemtra1").keys() == []


def test_the_list_filters_by_unit_with_predecessors_section_sipas_status_and_due(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    boss = as_(db, "truongphong")
    assert set(boss.keys()) == {visit.first, visit.second}
    keys = boss.keys()
    assert keys == [visit.first, visit.second]  # the earliest deadline first
    rows = boss.rows(keys)
    first = rows[visit.first]
    assert first.item_code == visit.item_code and first.section == visit.item_code.split("-")[0]
    assert first.sipas is not None and rows[visit.second].section == "" and first.owner_name == POINT_UNIT
    assert boss.keys(RemediationFilter(section=first.section)) == [visit.first]
    assert boss.keys(RemediationFilter(section="KHONG-CO")) == []
    assert boss.keys(RemediationFilter(sipas=first.sipas)) == [visit.first]
    other = next(c for c in SipasCriterion if c is not first.sipas)
    assert boss.keys(RemediationFilter(sipas=other)) == []
    assert boss.keys(RemediationFilter(section=first.section, sipas=first.sipas, status=S.OPEN)) == [visit.first]
    assert boss.keys(RemediationFilter(status=S.REPORTED)) == []
    assert boss.keys(RemediationFilter(due=DueWindow.WEEK)) == []
    assert boss.keys(RemediationFilter(due=DueWindow.MONTH)) == [visit.first]
    assert as_(db, "truongphong", TODAY + timedelta(days=35)).keys(RemediationFilter(due=DueWindow.WEEK)) == [visit.second]
    assert any(code == first.section for code, _ in boss.sections())
    with db.session() as session:
        unit_id = session.scalars(sa.select(Unit.id).where(Unit.name == POINT_UNIT)).one()
        other_unit = session.scalars(sa.select(Unit.id).where(Unit.name != POINT_UNIT)).first()
    assert boss.keys(RemediationFilter(unit_id=unit_id)) == keys
    assert boss.keys(RemediationFilter(unit_id=other_unit)) == []
    with db.session() as session:  # the unit merged into another: its recommendations follow under the successor
        session.add(UnitSuccession(predecessor_id=unit_id, successor_id=other_unit, effective_on=TODAY, kind="merger"))
    assert boss.keys(RemediationFilter(unit_id=other_unit)) == keys


def test_a_follow_up_visit_settles_what_it_checked_when_approved(db, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    inspector = user(db, "kiemtra1")
    as_(db, "vanthu").report_done(visit.second, TODAY, "Đã niêm yết.")
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == POINT_UNIT)).first()
        follow_up = start_visit(session, point, form_code="KTKP", user_id=inspector, announced=False)
        follow_up_id = follow_up.id
    inspection = Inspection(db, inspector)
    generated = {}
    for item in inspection.open_visit(follow_up_id).form.items():
        if item.recommendation_id:
            generated[uuid.UUID(item.recommendation_id)] = item.code
            result = Result.PASS if uuid.UUID(item.recommendation_id) == visit.first else Result.FAIL
        else:
            result = item.answers[0]
        if item.type is ItemType.NUMERIC:
            pass_numeric_item(inspection, follow_up_id, item)
            continue
        inspection.set_result(follow_up_id, item.code, result)
        if result is Result.FAIL:
            inspection.set_note(follow_up_id, item.code, "Chưa niêm yết đủ")
            if item.photo_required_on_fail:
                inspection.add_photo_bytes(follow_up_id, item.code, jpeg_bytes(), f"{item.code}.jpg")
    assert set(generated) == {visit.first, visit.second}
    inspection.set_summary(follow_up_id, conclusions="Đã khắc phục một phần.",
                           shortcomings=inspection.draft_shortcomings(follow_up_id))
    inspection.set_times(follow_up_id, ended_at=utcnow() + timedelta(minutes=1))
    inspection.submit(follow_up_id)
    assert rec(db, visit.first).status is S.OPEN  # submitted only: nothing settled yet
    Review(db, user(db, "truongphong")).approve(follow_up_id)
    first, second = rec(db, visit.first), rec(db, visit.second)
    assert first.status is S.VERIFIED and first.verified_in_visit_id == follow_up_id and first.verified_on == TODAY
    assert second.status is S.OPEN and second.done_on is None  # the unit said so; the visit found otherwise
    steps = as_(db, "truongphong").detail(visit.second).steps
    assert [s.kind for s in steps] == [StepKind.REPORTED, StepKind.NOT_VERIFIED] and steps[-1].visit_id == follow_up_id
    assert generated[visit.second] in steps[-1].text
    with db.read() as session:
        assert verify(session).ok, verify(session).problems


def test_migration_0011_reads_the_old_statuses(workspace, db_path: Path, visit: Numbered) -> None:  # type: ignore[no-untyped-def]
    """Down to 0010 (the old statuses), then up again: in_progress is open, done is reported with its day (Vietnam
    time), the deadline of the minutes becomes original_deadline. (On PostgreSQL the same SQL runs when each test's
    database is built.)"""
    import sqlite3

    if workspace.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite file surgery")

    from inspector.store.db import make_engine, sqlite_url
    from inspector.store.migrate import migrate_to

    workspace.db.checkpoint()
    workspace.close()
    engine = make_engine(sqlite_url(db_path))
    migrate_to(engine, "0010")
    with sqlite3.connect(db_path) as conn:
        assert "recommendation_steps" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.execute("UPDATE recommendations SET status = 'in_progress' WHERE id = ?", (visit.first.hex,))
        conn.execute("UPDATE recommendations SET status = 'done', closed_at = '2026-03-04 20:30:00.000000' "
                     "WHERE id = ?", (visit.second.hex,))
    migrate_to(engine, "0011")
    with engine.connect() as conn:
        rows = dict((uuid.UUID(r[0]), r[1:]) for r in conn.exec_driver_sql(
            "SELECT id, status, original_deadline, deadline, done_on FROM recommendations"))
    engine.dispose()
    assert rows[visit.first][0] == "open" and rows[visit.first][1] == rows[visit.first][2] and rows[visit.first][3] is None
    assert rows[visit.second][0] == "reported" and rows[visit.second][3] == "2026-03-05"  # 20:30 UTC is 03:30 the next day
