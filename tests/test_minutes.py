"""The minutes PDF: legal layout read back from the PDF text, numbering, locking."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector.domain.catalog import Role, TeamRole, UnitLevel
from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result, VisitStatus
from inspector.reports.minutes import date_in_words
from inspector.services.access import AccessDenied
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes, MinutesError, place_name
from inspector.services.review import Review
from inspector.services.rounds import DEFAULT_FORM
from inspector.services.visits import VisitError, start_visit
from inspector.store.models import Answer, InspectingBody, ReceptionPoint, Round, RoundMember, StaffMember, Unit, User, Visit
from inspector.store.types import utcnow
from tests.test_inspection import jpeg, pass_numeric_item

LONG_NOTE = ("Công chức tiếp nhận hồ sơ yêu cầu người dân bổ sung giấy tờ ngoài danh mục đã niêm yết, "
             "hẹn lại nhiều lần mà không có Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. ") * 40 + "HẾT-GHI-CHÚ-DÀI"


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def _user(db, role: Role) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """The demo's user holding ``role`` (the inspector: kiemtra1, whom make_round puts in its team)."""
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.holding(role)).order_by(User.username)).first()


# The tests build their own unit, reception point, round and inspecting bodies (the demo data changes).
CITY = "Ủy ban nhân dân thành phố Trà Vinh"
UNIT = "Ủy ban nhân dân phường Trà Vinh"
POINT = "Trung tâm Phục vụ hành chính công phường Trà Vinh"
BODIES = {
    "snv": dict(code="T-SNV", name="Sở Nội vụ", parent_name="Ủy ban nhân dân tỉnh Vĩnh Long", place_name="Vĩnh Long",
                minutes_symbol="BB-SNV", leader_title="Trưởng đoàn kiểm tra", recorder_title="Thư ký đoàn kiểm tra"),
    "ward": dict(code="T-VHXH", name="Phòng Văn hóa - Xã hội", parent_name="Ủy ban nhân dân phường Trà Vinh",
                 place_name="Trà Vinh", minutes_symbol="BB-VHXH", leader_title="Trưởng đoàn kiểm tra",
                 recorder_title="Thư ký đoàn kiểm tra"),
}


def own_point(db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """This module's reception point (made once per database), with two staff members."""
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.code == "T-PTV")).first()
        if point is None:
            unit = Unit(code="T-PTV", name=UNIT, level=UnitLevel.WARD)
            point = ReceptionPoint(unit=unit, name=POINT, address="Số 1 đường Lê Lợi, phường Trà Vinh")
            point.staff = [StaffMember(full_name="Trần Thị Mai", position="Công chức Tư pháp - Hộ tịch"),
                           StaffMember(full_name="Lê Văn Hùng", position="Công chức Địa chính")]
            session.add(unit)
            session.flush()
        return point.id


def make_round(db, body: str | None = None, *, issuer: str | None = None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A round with a leader and a secretary: under one of BODIES, or (``body=None``) without a body, as
    rounds were before bodies were data, its decision issued by ``issuer`` (the city by default). Its member
    is the demo's inspector (kiemtra1: only the team's inspectors work on its visits)."""
    inspector = _user(db, Role.INSPECTOR)
    with db.session() as session:
        record = Round(name="Kiểm tra công vụ tại Bộ phận Một cửa năm 2026", decision_number="15/QĐ-UBND",
                       decision_date=date.today() - timedelta(days=10),
                       decision_issuer=CITY if issuer is None else issuer)
        if body is not None:
            found = session.scalars(sa.select(InspectingBody).where(InspectingBody.code == BODIES[body]["code"])).first()
            record.inspecting_body = found or InspectingBody(**BODIES[body])
        record.members = [
            RoundMember(full_name="Nguyễn Văn Thành", position="Trưởng phòng Nội vụ", team_role=TeamRole.LEADER, sort_order=0),
            RoundMember(full_name="Phạm Thị Lan", position="Chuyên viên", team_role=TeamRole.MEMBER, sort_order=1,
                        user_id=inspector),
            RoundMember(full_name="Lê Thị Thu", position="Chuyên viên", team_role=TeamRole.SECRETARY, sort_order=2),
        ]
        session.add(record)
        session.flush()
        return record.id


def _visit(db, *, failed: int, photos: int, note: str = "", recommendations: int = 2,  # type: ignore[no-untyped-def]
           round_id: uuid.UUID | None = None) -> uuid.UUID:
    point_id = own_point(db)
    round_id = round_id or make_round(db)
    inspection = Inspection(db, _user(db, Role.INSPECTOR))
    with db.session() as session:
        visit_id = start_visit(session, point_id, form_code=DEFAULT_FORM, round_id=round_id, announced=False,
                               user_id=inspection.user_id).id
    view = inspection.open_visit(visit_id)
    inspection.set_representatives(visit_id, [("Võ Thị Ánh Nguyệt", "Phó Chủ tịch Ủy ban nhân dân phường Trà Vinh")])
    fails = 0
    for item in view.form.items():
        if item.type is ItemType.NUMERIC:
            pass_numeric_item(inspection, visit_id, item)
        elif fails < failed and Result.FAIL in item.answers:
            inspection.set_result(visit_id, item.code, Result.FAIL)
            inspection.set_note(visit_id, item.code, note or f"Tồn tại ở nội dung {item.code}: chưa thực hiện đúng")
            inspection.set_staff(visit_id, item.code, [view.staff[0].id])
            if fails < photos or item.photo_required_on_fail:
                inspection.add_photo_bytes(visit_id, item.code, jpeg(1200, 900, ["teal", "orange", "navy"][fails % 3]),
                                           f"{item.code}.jpg", f"Hiện trạng {item.code}")
            fails += 1
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    inspection.set_summary(visit_id, good_points="Trụ sở khang trang, sạch sẽ; công chức niềm nở.",
                           conclusions="Bộ phận Một cửa cơ bản thực hiện đúng quy định.",
                           shortcomings=inspection.draft_shortcomings(visit_id))
    for n in range(recommendations):
        inspection.add_recommendation(visit_id, f"Kiến nghị số {n + 1}: khắc phục tồn tại đã nêu", view.unit_id,
                                      date.today() + timedelta(days=30 + n))
    inspection.set_times(visit_id, ended_at=utcnow() + timedelta(minutes=1))
    inspection.submit(visit_id)
    Review(db, _user(db, Role.SUPERVISOR)).approve(visit_id)  # only approved minutes are numbered
    return visit_id


def test_date_and_place_words() -> None:
    assert date_in_words(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_in_words(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert place_name("Ủy ban nhân dân thành phố Trà Vinh") == "Trà Vinh"
    assert place_name("Ủy ban nhân dân tỉnh Trà Vinh") == "Trà Vinh"


def test_minutes_without_findings(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=0, photos=0, recommendations=0)
    pdf = Minutes(db).pdf(visit_id)
    assert not pdf.final
    pages = _text(pdf.data)
    text = _flat(pages)
    # A round without an inspecting body (older data): the earlier header, from the decision's issuer.
    for line in ("UBND THÀNH PHỐ TRÀ VINH", "ĐOÀN KIỂM TRA CÔNG VỤ", "Số: …/BB-ĐKT",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Trà Vinh, ngày",
                 "BIÊN BẢN", f"Kiểm tra công vụ tại {POINT}", f"kiểm tra công vụ (đột xuất) tại {POINT}.",
                 "Căn cứ Quyết định số 15/QĐ-UBND", "I. THÀNH PHẦN", "Nguyễn Văn Thành, Trưởng phòng Nội vụ, Trưởng đoàn",
                 "Võ Thị Ánh Nguyệt, Phó Chủ tịch Ủy ban nhân dân phường Trà Vinh", "II. NỘI DUNG KIỂM TRA",
                 "Không phát hiện hạn chế, tồn tại.", "Không có kiến nghị.", "ĐẠI DIỆN ĐƠN VỊ", "ĐƯỢC KIỂM TRA",
                 "THƯ KÝ", "TRƯỞNG ĐOÀN", "(Ký, ghi rõ họ tên)", "Nơi nhận:", f"- {UNIT};",
                 f"- {CITY} (để báo cáo);", "- Lưu: VT, Đoàn kiểm tra.", "Biên bản được lập thành 03 bản"):
        assert line in text, line
    assert "Các nội dung không đạt" not in text and "PHỤ LỤC" not in text and "Phòng Nội vụ;" not in text
    assert not pages[0].lstrip().startswith("1")  # page numbers start on page 2


def test_minutes_with_60_findings_and_20_photos(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=60, photos=20, recommendations=12)
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        photo_count = len([e for e in visit.evidence if e.deleted_at is None])
    pdf = Minutes(db).pdf(visit_id)
    pages = _text(pdf.data)
    text = _flat(pages)
    with db.read() as session:
        failed = session.scalar(sa.select(sa.func.count()).select_from(Answer).where(
            Answer.visit_id == visit_id, Answer.result == Result.FAIL))
    assert failed >= 40  # every choice item of the form that can fail, up to 60
    failed_codes = re.findall(r"Tồn tại ở nội dung ([A-Z]+-\d\d)", text)
    assert len(set(failed_codes)) == failed
    for n in range(1, 13):
        assert f"Kiến nghị số {n}: khắc phục tồn tại đã nêu" in text
    assert "PHỤ LỤC" in text
    for n in range(1, photo_count + 1):
        assert f"Ảnh {n}. " in text
    assert photo_count >= 20
    for number, page in enumerate(pages[1:], 2):  # "2", "3", … at the top of every page after the first
        assert page.lstrip().startswith(str(number)), number
    assert "TRƯỞNG ĐOÀN" in text and "Nơi nhận:" in text


def test_very_long_notes_split_across_pages(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=3, photos=0, note=LONG_NOTE)
    pdf = Minutes(db).pdf(visit_id)
    text = _flat(_text(pdf.data))
    # Every long note printed to its end, once: the drafted shortcomings paragraph repeats the table.
    assert text.count("HẾT-GHI-CHÚ-DÀI") == 3
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) >= 4


def test_font_is_embedded(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=1, photos=0)
    reader = PdfReader(io.BytesIO(Minutes(db).pdf(visit_id).data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("LiberationSerif" in f for f in fonts), fonts


def test_clerk_numbers_and_locks(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=2, photos=1)
    inspector = Minutes(db, _user(db, Role.INSPECTOR))
    with pytest.raises(AccessDenied, match="chỉ dành cho: văn thư"):
        inspector.finalize(visit_id, "12")
    clerk = Minutes(db, _user(db, Role.CLERK))
    assert clerk.suggest_number(visit_id=visit_id) == "01"  # printed as Decree 30 prints it
    with pytest.raises(MinutesError, match="không hợp lệ"):
        clerk.finalize(visit_id, "mười hai")
    final = clerk.finalize(visit_id, "12")
    assert final.final and final.number == "12/BB-ĐKT"
    assert hashlib.sha256(final.data).hexdigest() == final.sha256
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert visit.status is VisitStatus.LOCKED and visit.minutes_sha256 == final.sha256
    again = clerk.pdf(visit_id)
    assert again.data == final.data  # the stored bytes, not a new rendering
    text = _flat(_text(final.data))
    assert "Số: 12/BB-ĐKT" in text and "DỰ THẢO" not in text
    with pytest.raises(MinutesError, match="đã được đánh số 12/BB-ĐKT và khóa"):
        clerk.finalize(visit_id, "14")
    other = _visit(db, failed=0, photos=0)
    assert clerk.suggest_number(visit_id=other) == "13"
    with pytest.raises(MinutesError, match="Số 12/BB-ĐKT đã dùng"):
        clerk.finalize(other, "12")

    scan = tmp_path / "scan.jpg"
    scan.write_bytes(jpeg(1000, 1400, "white"))
    clerk.attach_signed_copy(visit_id, scan)
    assert len(clerk.signed_copies(visit_id)) == 1


def test_locked_visit_rejects_every_change(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=1, photos=1)
    photo_file = tmp_path / "p.jpg"
    photo_file.write_bytes(jpeg(20, 20))
    Minutes(db, _user(db, Role.CLERK)).finalize(visit_id, "7")
    inspection = Inspection(db, _user(db, Role.INSPECTOR))
    view = inspection.open_visit(visit_id)
    photo = next(a.photos[0] for a in view.answers.values() if a.photos)
    rec = view.recommendations[0]
    staff = view.staff[0].id
    items = list(view.form.items())
    choice = next(i.code for i in items if i.type is ItemType.CHOICE)
    with db.read() as session:
        current = session.get(Visit, visit_id).current_item_code
    last = next(i.code for i in reversed(items) if i.code != current)
    numeric = next(i for i in items if i.type is ItemType.NUMERIC)
    calls = {
        "set_result": lambda: inspection.set_result(visit_id, choice, Result.FAIL),
        "set_note": lambda: inspection.set_note(visit_id, choice, "sửa sau khi khóa"),
        "set_value": lambda: inspection.set_value(visit_id, numeric.code, numeric.fields[-1].code, 5),
        "set_staff": lambda: inspection.set_staff(visit_id, choice, [staff]),
        "add_staff_member": lambda: inspection.add_staff_member(visit_id, "Người mới"),
        "add_photo_bytes": lambda: inspection.add_photo_bytes(visit_id, choice, jpeg(10, 10)),
        "add_photo": lambda: inspection.add_photo(visit_id, choice, photo_file),
        "remove_photo": lambda: inspection.remove_photo(visit_id, photo.id),
        "set_times": lambda: inspection.set_times(visit_id, ended_at=utcnow() + timedelta(hours=3)),
        "set_location": lambda: inspection.set_location(visit_id, "nơi khác"),
        "set_representatives": lambda: inspection.set_representatives(visit_id, [("Ai đó", "")]),
        "set_summary": lambda: inspection.set_summary(visit_id, conclusions="kết luận khác"),
        "add_recommendation": lambda: inspection.add_recommendation(visit_id, "thêm", None, None),
        "update_recommendation": lambda: inspection.update_recommendation(
            visit_id, rec.id, text="sửa", owner_unit_id=None, deadline=None),
        "remove_recommendation": lambda: inspection.remove_recommendation(visit_id, rec.id),
        "submit": lambda: inspection.submit(visit_id),
        "discard": lambda: inspection.discard(visit_id),
    }
    public = {name for name in dir(Inspection) if not name.startswith("_") and callable(getattr(Inspection, name))}
    readers = {"open_visit", "answer", "photo_bytes", "blockers", "form_of", "draft_shortcomings", "legal_bases",
               "set_current_item"}
    assert public - readers - set(calls) == set(), "a new entry point needs a case here"
    before = Minutes(db).pdf(visit_id).data
    for _name, call in calls.items():
        with pytest.raises(VisitError, match="không sửa được nữa"):
            call()
    inspection.set_current_item(visit_id, last)  # allowed, and a no-op on a locked visit
    assert Minutes(db).pdf(visit_id).data == before
    with db.session() as session:
        assert session.get(Visit, visit_id).current_item_code != last


def test_the_point_is_named_once_with_its_unit() -> None:
    """A point whose name already names its unit is not followed by "của <unit>"; another one is."""
    from inspector.domain.catalog import UnitLevel
    from inspector.services.minutes import _names_its_unit
    from inspector.store.models import Unit

    ward = Unit(code="W", name=UNIT, short_name="", level=UnitLevel.WARD)
    assert _names_its_unit(POINT, ward)
    assert _names_its_unit("Bộ phận Một cửa Ủy ban nhân dân phường Trà Vinh", ward)
    assert not _names_its_unit("Quầy tiếp nhận hồ sơ đất đai", ward)
    centre = Unit(code="C", name="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", short_name="Trung tâm tỉnh",
                  level=UnitLevel.DEPARTMENT)
    assert not _names_its_unit("Chi nhánh tại phường Trà Vinh", centre)
