"""Minutes per Decree 30 (issue 10): header lines, symbol, place and signature titles from the round's
inspecting body; numbers padded below 10 and counted per body and year; the signature blocks never
alone on their page; numeric findings with the values counted; shortcomings printed once.

The PDFs are read back with pypdf, page by page.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from inspector.domain.catalog import Role
from inspector.domain.checklist import Item, ItemType, NumericField, Severity
from inspector.domain.clock import local_today
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import Result, VisitStatus
from inspector.reports.minutes import (
    A4,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    Finding,
    MinutesData,
    Person,
    RecommendationLine,
    SectionTally,
    number_text,
    parent_line,
    render_minutes,
)
from inspector.services.inspection import Inspection
from inspector.services.minutes import (
    Minutes,
    MinutesError,
    counted,
    find_visit,
    own_words,
    parse_number,
    series_key,
)
from inspector.store.models import InspectingBody, Visit
from tests.test_minutes import UNIT, _user, _visit, make_round, own_point  # noqa: F401  (own_point: see _visit)
from tests.test_minutes_numbers import submitted_visit

SIGNATURE_NOTE = "(Ký, ghi rõ họ tên)"
CLOSING = "Biên bản được lập thành 03 bản"


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(pdf: bytes) -> str:
    return " ".join(_pages(pdf))


# --- the header from the inspecting body -------------------------------------------------------


def test_parent_line_and_number_text() -> None:
    assert parent_line("Ủy ban nhân dân tỉnh Vĩnh Long") == "UBND TỈNH VĨNH LONG"
    assert parent_line("Uỷ ban nhân dân  phường Trà Vinh") == "UBND PHƯỜNG TRÀ VINH"
    assert parent_line("Bộ Nội vụ") == "BỘ NỘI VỤ"
    assert [number_text(n) for n in ("1", "01", "9", "12", "123", "")] == ["01", "01", "09", "12", "123", "…"]
    assert number_text("3a") == "3a"  # an older number that is not a number prints as it was


def test_so_noi_vu_header_number_and_signatures(db) -> None:  # type: ignore[no-untyped-def]
    round_id = make_round(db, "snv", issuer="Sở Nội vụ tỉnh Vĩnh Long")
    visit_id = _visit(db, failed=2, photos=1, round_id=round_id)
    clerk = Minutes(db, _user(db, Role.CLERK))
    assert clerk.number_symbol(visit_id) == "BB-SNV"
    draft = _pages(clerk.pdf(visit_id).data)
    first = draft[0]
    for line in ("UBND TỈNH VĨNH LONG", "SỞ NỘI VỤ", "Số: …/BB-SNV", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", f"Vĩnh Long, ngày {local_today():%d} tháng"):
        assert line in first, line
    assert first.index("UBND TỈNH VĨNH LONG") < first.index("SỞ NỘI VỤ") < first.index("Số: …/BB-SNV")
    text = " ".join(draft)
    for line in ("THƯ KÝ ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN KIỂM TRA", "Lê Thị Thu", "Nguyễn Văn Thành",
                 f"Nơi nhận: - {UNIT}; - Lưu: VT, Đoàn kiểm tra."):  # the Sở decided itself: nobody to report to
        assert line in text, line
    for stale in ("ĐOÀN KIỂM TRA CÔNG VỤ", "BB-ĐKT", "Phòng Nội vụ;", "(để báo cáo)", "Trà Vinh, ngày"):
        assert stale not in text, stale

    with pytest.raises(MinutesError, match="ký hiệu /BB-SNV được thêm tự động"):
        clerk.finalize(visit_id, "1/BB-ĐKT")  # another body's symbol
    final = clerk.finalize(visit_id, "1/bb-snv")
    assert final.number == "01/BB-SNV"
    pages = _pages(final.data)
    assert "Số: 01/BB-SNV" in pages[0] and "Số: 1/" not in pages[0]
    assert "Ảnh minh chứng kèm theo Biên bản số 01/BB-SNV" in " ".join(pages)  # the appendix too
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        body = session.get(InspectingBody, visit.round.inspecting_body_id)
        assert (visit.minutes_seq, visit.minutes_body, visit.minutes_number) == (1, series_key(body), "01/BB-SNV")
    assert clerk.suggest_number(visit_id=_visit(db, failed=0, photos=0, round_id=round_id)) == "02"


def test_a_wards_own_visit_reports_to_who_decided(db) -> None:  # type: ignore[no-untyped-def]
    round_id = make_round(db, "ward", issuer="Chủ tịch Ủy ban nhân dân phường Trà Vinh")
    visit_id = _visit(db, failed=1, photos=0, round_id=round_id)
    text = _flat(Minutes(db).pdf(visit_id).data)
    for line in ("UBND PHƯỜNG TRÀ VINH", "PHÒNG VĂN HÓA - XÃ HỘI", "Số: …/BB-VHXH", "Trà Vinh, ngày",
                 f"Nơi nhận: - {UNIT}; - Chủ tịch Ủy ban nhân dân phường Trà Vinh (để báo cáo); - Lưu: VT, Đoàn kiểm tra."):
        assert line in text, line


def test_numbers_run_per_body_and_year_and_read_back_padded(db) -> None:  # type: ignore[no-untyped-def]
    clerk = Minutes(db, _user(db, Role.CLERK))
    snv, ward = make_round(db, "snv"), make_round(db, "ward")
    visits = {name: submitted_visit(db, round_id=r) for name, r in
              (("snv", snv), ("snv2", snv), ("ward", ward), ("legacy", None), ("snv12", snv))}
    assert {name: clerk.suggest_number(visit_id=v) for name, v in visits.items()} == dict.fromkeys(visits, "01")
    # Number 1 of three bodies in one year: each body counts on its own.
    assert clerk.finalize(visits["snv"], "1").number == "01/BB-SNV"
    assert clerk.finalize(visits["ward"], "01").number == "01/BB-VHXH"
    assert clerk.finalize(visits["legacy"], "01/BB-ĐKT").number == "01/BB-ĐKT"
    with pytest.raises(MinutesError, match=f"Số 01/BB-SNV đã dùng cho một biên bản khác năm {local_today().year}"):
        clerk.finalize(visits["snv2"], "001")
    assert clerk.suggest_number(visit_id=visits["snv2"]) == "02"
    final = clerk.finalize(visits["snv12"], "12")
    assert "Số: 12/BB-SNV" in _pages(final.data)[0]
    for name, printed in (("snv", "Số: 01/BB-SNV"), ("ward", "Số: 01/BB-VHXH"), ("legacy", "Số: 01/BB-ĐKT")):
        assert printed in _pages(clerk.pdf(visits[name]).data)[0], name
    assert clerk.suggest_number(visit_id=visits["snv2"]) == "13"

    with db.read() as session:
        assert find_visit(session, "01/bb-snv").id == visits["snv"]
        assert find_visit(session, "1/BB-VHXH").id == visits["ward"]
        assert find_visit(session, "12").id == visits["snv12"]
        with pytest.raises(MinutesError, match=r"Số 01 có ở 3 biên bản") as caught:
            find_visit(session, "1")
        message = str(caught.value)
        for part in ("01/BB-SNV năm", "của Sở Nội vụ (Ủy ban nhân dân tỉnh Vĩnh Long)", "01/BB-VHXH năm",
                     "của Phòng Văn hóa - Xã hội (Ủy ban nhân dân phường Trà Vinh)", "01/BB-ĐKT năm"):
            assert part in message, part
        with pytest.raises(MinutesError, match="Không tìm thấy"):
            find_visit(session, "01/BB-XYZ")


def test_the_symbol_is_compared_without_case_or_width() -> None:
    assert parse_number("07/BB-SNV", "BB-SNV") == 7
    assert parse_number("7 / bb-snv", "BB-SNV") == 7
    assert parse_number("０７/ＢＢ-ＳＮＶ", "BB-SNV") == 7
    assert parse_number("07", "BB-VHXH") == 7
    with pytest.raises(MinutesError, match="ký hiệu /BB-VHXH được thêm tự động"):
        parse_number("07/BB-SNV", "BB-VHXH")


# --- rendering MinutesData directly ------------------------------------------------------------

LOREM = ("Công chức tiếp nhận chưa hướng dẫn đầy đủ thành phần hồ sơ theo danh mục đã công khai, người dân phải "
         "đi lại bổ sung nhiều lần; sổ theo dõi hồ sơ ghi chưa đủ ngày trả kết quả. ")


def minutes_data(*, findings: int = 0, note: int = 1, recommendations: int = 0, opinion: str = "",
                 good_points: int = 1, shortcomings: str = "", parent: str = "Ủy ban nhân dân tỉnh Vĩnh Long",
                 number: str = "") -> MinutesData:
    started = datetime(2026, 1, 5, 8, 0)
    return MinutesData(
        parent_agency=parent, issuing_agency="Sở Nội vụ", number=number, number_suffix="BB-SNV",
        place="Vĩnh Long", made_on=started.date(),
        subtitle="Kiểm tra công vụ tại Trung tâm Phục vụ hành chính công phường Trà Vinh",
        inspected_point="Trung tâm Phục vụ hành chính công phường Trà Vinh",
        decision="Quyết định số 05/QĐ-SNV ngày 02/01/2026 của Sở Nội vụ", round_name="Kiểm tra công vụ năm 2026",
        announced=False, started_at=started, ended_at=started + timedelta(hours=3), location="",
        inspected_unit="Ủy ban nhân dân phường Trà Vinh",
        team=(Person("Nguyễn Văn Thành", "Phó Giám đốc Sở Nội vụ", "Trưởng đoàn"),
              Person("Lê Thị Thu", "Chuyên viên", "Thư ký")),
        representatives=(Person("Võ Thị Ánh Nguyệt", "Phó Chủ tịch Ủy ban nhân dân phường Trà Vinh"),),
        tallies=(SectionTally("Công khai, niêm yết", 8, 6, 2, 0), SectionTally("Tiếp nhận, giải quyết hồ sơ", 12, 10, 2, 0)),
        good_points="\n".join(f"Ưu điểm thứ {n + 1}: trụ sở sạch sẽ, công chức niềm nở, đúng giờ." for n in range(good_points)),
        shortcomings=shortcomings,
        findings=tuple(Finding(f"HS-{n + 1:02d}", f"Nội dung kiểm tra số {n + 1} có thực hiện đúng quy định không?",
                               f"Tồn tại {n + 1}: " + LOREM * note, "Điều 11 khoản 2 Nghị định 118/2025/NĐ-CP",
                               ("Trần Thị Mai",)) for n in range(findings)),
        conclusions="Trung tâm cơ bản thực hiện đúng quy định; còn một số tồn tại cần khắc phục.",
        recommendations=tuple(RecommendationLine(f"Kiến nghị {n + 1}: khắc phục tồn tại đã nêu trong thời hạn.",
                                                 "Ủy ban nhân dân phường Trà Vinh", date(2026, 2, 5))
                              for n in range(recommendations)),
        unit_opinion=opinion, leader_title="Trưởng đoàn kiểm tra", recorder_title="Thư ký đoàn kiểm tra",
        recipients=("Ủy ban nhân dân phường Trà Vinh;", "Lưu: VT, Đoàn kiểm tra."),
    )


def _signature_page(pages: list[str]) -> str:
    holding = [p for p in pages if SIGNATURE_NOTE in p]
    assert len(holding) == 1, "the three signature blocks sit on one page"
    return holding[0]


def _check_signature_page(pages: list[str], label: str) -> None:
    page = _signature_page(pages)
    # The closing paragraph, whole, on the signature page, above the blocks; the names under them.
    assert "Buổi kiểm tra kết thúc" in page and CLOSING in page, label
    assert page.index("Buổi kiểm tra kết thúc") < page.index(CLOSING) < page.index("TRƯỞNG ĐOÀN KIỂM TRA"), label
    assert "Nguyễn Văn Thành" in page.split(SIGNATURE_NOTE, 1)[1], label
    assert pages.index(page) == len(pages) - 1 or "Nơi nhận:" in page or "Nơi nhận:" in pages[pages.index(page) + 1]


LENGTHS = [
    *(dict(findings=n) for n in range(0, 13)),                     # few to many findings, short notes
    *(dict(findings=n, note=4) for n in range(1, 9)),              # long notes
    *(dict(findings=3, recommendations=n) for n in range(0, 22, 3)),  # many recommendations
    *(dict(findings=2, good_points=n) for n in range(8, 30, 2)),   # the body's length in small steps
    dict(findings=2, opinion="Đơn vị thống nhất với kết quả kiểm tra. " * 80),   # one paragraph of most of a page
    dict(findings=2, opinion="Đơn vị thống nhất với kết quả kiểm tra. " * 160),  # one paragraph longer than a page
    dict(findings=1, opinion="\n".join(["Đơn vị thống nhất, sẽ khắc phục ngay trong tháng."] * 40)),
]


@pytest.mark.parametrize("lengths", LENGTHS, ids=lambda d: "-".join(f"{k}{v if isinstance(v, int) else len(v)}" for k, v in d.items()))
def test_signatures_never_alone_on_a_page(lengths: dict) -> None:  # type: ignore[type-arg]
    pages = _pages(render_minutes(minutes_data(**lengths)))
    _check_signature_page(pages, str(lengths))


def test_the_lengths_reach_a_page_end_at_the_signatures() -> None:
    """The lengths above are the case the rule is for: in many, the closing lines and the signatures do
    not fit at the foot of a page and start the next one together. (Laid out as before, with only the
    signature table kept whole, 17 of these lengths left the signatures without the closing paragraph.)"""
    moved = 0
    for lengths in LENGTHS:
        page = _signature_page(_pages(render_minutes(minutes_data(**lengths))))
        top = page.lstrip(" 0123456789")
        moved += top.startswith(("V. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA", "Buổi kiểm tra kết thúc", "Đơn vị thống nhất"))
    assert moved >= 10


def test_margins_and_page_numbers() -> None:
    """Decree 30: text inside left 30 mm, right 15 mm, top and bottom 20 mm; the page number in the top
    margin, from page 2."""
    pdf = render_minutes(minutes_data(findings=10, note=3, recommendations=6))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, 1):
        spots: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, spots=spots):  # type: ignore[no-untyped-def]
            if text.strip():
                spots.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text.strip()))

        page.extract_text(visitor_text=visit)
        body = [s for s in spots if s[2] not in ("DỰ THẢO", str(number))]
        assert min(x for x, _, _ in body) >= MARGIN_LEFT - 1
        assert max(y for _, y, _ in body) <= A4[1] - MARGIN_TOP + 1
        assert min(y for _, y, _ in body) >= MARGIN_BOTTOM - 1
        assert all(x < A4[0] - MARGIN_RIGHT for x, _, _ in body)
        numbers = [s for s in spots if s[2] == str(number) and s[1] > A4[1] - MARGIN_TOP]
        assert bool(numbers) == (number >= 2), number


def test_header_without_a_parent_body() -> None:
    first = _pages(render_minutes(minutes_data(parent="", number="9")))[0]
    assert first.lstrip().startswith("SỞ NỘI VỤ Số: 09/BB-SNV"), first[:80]


# --- numeric findings --------------------------------------------------------------------------


def _numeric(finding: str = "") -> Item:
    return Item(code="HS-09", text="Trong mẫu hồ sơ kiểm tra, bao nhiêu hồ sơ trễ hạn?", guidance="", legal_basis="",
                sipas=SipasCriterion(next(iter(SipasCriterion)).value), severity=Severity.MODERATE,
                type=ItemType.NUMERIC, answers=(Result.PASS, Result.FAIL),
                fields=(NumericField("checked", "Số hồ sơ đã kiểm tra", 1), NumericField("late", "Số hồ sơ trễ hạn")),
                pass_if="late == 0", finding=finding)


def test_counted_values_fill_the_template_safely() -> None:
    template = _numeric("{late}/{checked} hồ sơ trễ hẹn")
    assert counted(template, {"checked": 30, "late": 12}) == "12/30 hồ sơ trễ hẹn"
    assert counted(template, {"late": 12}) == "12/… hồ sơ trễ hẹn"
    assert counted(template, {"checked": 30, "late": True}) == "…/30 hồ sơ trễ hẹn"  # not a number
    hostile = _numeric("{late:>99999}{late.real}{checked[0]}{__class__}{other} {{late}} {late}")
    assert counted(hostile, {"checked": 30, "late": 12}) == "…" * 5 + " {late} 12"
    assert counted(_numeric(), {"checked": 30, "late": 12}) == "Số hồ sơ đã kiểm tra: 30; Số hồ sơ trễ hạn: 12"
    assert counted(_numeric(), {"checked": 30}) == "Số hồ sơ đã kiểm tra: 30; Số hồ sơ trễ hạn: …"


def _fail_numeric_item(inspection: Inspection, visit_id: uuid.UUID, item: Item) -> dict[str, int]:
    """Numbers that make the item fail: a sample of 30, then the other fields tried at 12, 0 and 30."""
    values: dict[str, int] = {}
    sample = next((f for f in item.fields if f.code == "checked"), item.fields[0])
    others = [f for f in item.fields if f is not sample]
    inspection.set_value(visit_id, item.code, sample.code, 30)
    values[sample.code] = 30
    for trial in (12, 0, 30):
        for f in others:
            inspection.set_value(visit_id, item.code, f.code, trial)
            values[f.code] = trial
        if inspection.answer(visit_id, item.code).result is Result.FAIL:
            return values
    pytest.fail(f"no simple numbers make {item.code} fail")


def test_a_failed_numeric_item_states_the_values_counted(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=1, photos=0, round_id=make_round(db, "snv"))
    with db.session() as session:
        session.get(Visit, visit_id).status = VisitStatus.IN_PROGRESS  # reopened to change a number
    inspection = Inspection(db, _user(db, Role.INSPECTOR))
    item = next(i for i in inspection.open_visit(visit_id).form.items() if i.type is ItemType.NUMERIC)
    values = _fail_numeric_item(inspection, visit_id, item)
    inspection.set_note(visit_id, item.code, "Hồ sơ trễ hạn chủ yếu thuộc lĩnh vực đất đai.")
    inspection.set_summary(visit_id, shortcomings=inspection.draft_shortcomings(visit_id))
    text = _flat(Minutes(db).pdf(visit_id).data)
    expected = counted(item, {k: v for k, v in values.items()})
    assert "…" not in expected and all(str(v) in expected for v in values.values())
    assert expected in text
    assert "Hồ sơ trễ hạn chủ yếu thuộc lĩnh vực đất đai." in text
    question = item.text.rstrip("?").rstrip().removesuffix(" không")
    assert f"{question}: không đạt" not in text  # never the bare question with "không đạt"


# --- shortcomings once -------------------------------------------------------------------------


def _item(code: str, text: str) -> Item:
    return Item(code=code, text=text, guidance="", legal_basis="", sipas=SipasCriterion(next(iter(SipasCriterion)).value),
                severity=Severity.MINOR)


def test_own_words_keeps_what_the_table_does_not_say() -> None:
    badge, hours = _item("VH-01", "Công chức có đeo thẻ công chức không?"), _item("KL-01", "Công chức có mặt đúng giờ không?")
    failed = {"VH-01": (badge, "Một công chức không đeo thẻ.\nĐã nhắc nhở tại chỗ.", ("Trần Thị Mai",)),
              "KL-01": (hours, "Đến 07 giờ 40 chưa có mặt.", ("Lê Văn Hùng", "Trần Thị Mai"))}
    draft = ("1. Công chức có đeo thẻ công chức: không đạt — Một công chức không đeo thẻ.\nĐã nhắc nhở tại chỗ "
             "(công chức: Trần Thị Mai).\n"
             "2. Công chức có mặt đúng giờ: không đạt — Đến 07 giờ 40 chưa có mặt (công chức: Trần Thị Mai, Lê Văn Hùng).")
    assert own_words(draft, failed) == ""  # the drafted list says nothing the table does not
    general = "Nhìn chung việc chấp hành kỷ luật, kỷ cương hành chính chưa nghiêm."
    assert own_words(f"{draft}\n\n{general}", failed) == general
    assert own_words(f"{general}\n{draft}", failed) == general
    # An entry an inspector reworded says more than the table: kept, whole.
    reworded = "2. Công chức có mặt đúng giờ: không đạt — Đến 07 giờ 40 chưa có mặt, không báo cáo lãnh đạo."
    assert own_words(reworded, failed) == reworded
    # An older draft whose note has since grown is still only a repeat; staff not in the table is not.
    assert own_words("1. Công chức có mặt đúng giờ: không đạt — Đến 07 giờ 40.", failed) == ""
    other_staff = "1. Công chức có mặt đúng giờ: không đạt (công chức: Nguyễn Văn A)."
    assert own_words(other_staff, failed) == other_staff
    # An entry about an item that no longer failed: kept (it is the inspector's text to correct).
    assert own_words("1. Công chức có mặt đúng giờ: không đạt.", {"VH-01": failed["VH-01"]}) != ""


def test_the_drafted_shortcomings_are_not_printed_twice(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=3, photos=0, note="Ghi nhận tồn tại riêng của nội dung này")
    with db.session() as session:
        session.get(Visit, visit_id).status = VisitStatus.IN_PROGRESS
    inspection = Inspection(db, _user(db, Role.INSPECTOR))
    draft = inspection.draft_shortcomings(visit_id)
    assert draft.count("Ghi nhận tồn tại riêng") == 3
    general = "Nhìn chung việc chấp hành kỷ luật, kỷ cương hành chính tại Trung tâm chưa nghiêm."
    inspection.set_summary(visit_id, shortcomings=f"{draft}\n{general}")
    text = _flat(Minutes(db).pdf(visit_id).data)
    assert text.count("Ghi nhận tồn tại riêng của nội dung này") == 3  # once per finding, in the table
    assert "Các nội dung không đạt:" in text
    assert text.index("Các nội dung không đạt:") < text.index("Nhận xét chung:") < text.index(general)
    assert "không đạt —" not in text


def test_shortcomings_without_findings_and_without_anything() -> None:
    only_words = _flat(render_minutes(minutes_data(shortcomings="Sổ theo dõi hồ sơ ghi chưa đầy đủ.")))
    assert "2. Hạn chế, tồn tại: Sổ theo dõi hồ sơ ghi chưa đầy đủ." in only_words
    assert "Nhận xét chung" not in only_words and "Không phát hiện" not in only_words
    nothing = _flat(render_minutes(minutes_data()))
    assert "2. Hạn chế, tồn tại: Không phát hiện hạn chế, tồn tại." in nothing


def test_a_numeric_finding_is_drafted_with_its_values_and_printed_once() -> None:
    """The inspector's first draft of the shortcomings states the values counted, not the bare question;
    printed, that draft entry is left out because the findings table already says it."""
    from inspector.domain.assessment import AnswerState, shortcomings_text
    from inspector.domain.checklist import ChecklistForm, FormKind, Section

    item = _numeric("{late}/{checked} hồ sơ trễ hẹn")
    form = ChecklistForm(code="T", version=1, title="T", kind=FormKind.STANDARD,
                         sections=(Section(code="HS", title="Hồ sơ", items=(item,)),))
    values = {"checked": 30, "late": 12}
    draft = shortcomings_text(form, {"HS-09": AnswerState("HS-09", Result.FAIL, "", values)}, {})
    assert draft == "1. Trong mẫu hồ sơ kiểm tra, bao nhiêu hồ sơ trễ hạn: không đạt (12/30 hồ sơ trễ hẹn)."
    assert own_words(draft, {"HS-09": (item, "", (), values)}) == ""
    # a draft written before the numbers were corrected still only repeats the table
    assert own_words("1. Trong mẫu hồ sơ kiểm tra, bao nhiêu hồ sơ trễ hạn: không đạt.",
                     {"HS-09": (item, "", (), values)}) == ""
