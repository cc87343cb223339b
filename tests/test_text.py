"""Hostile text (issue 9): lone surrogates, controls, terminal escapes, invisible and bidi characters.

Whatever a user types or a file holds is stored and printed as visible text only, never raises, and
a terminal gets such characters escaped.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector.domain.checklist import FormInvalid, parse_form
from inspector.domain.text import clean, clean_multiline, clean_path, fold, has_invisible, terminal_safe
from inspector.domain.workflow import Result
from inspector.services.form_loader import FormFileError, LoadedForm, load_form_bytes, load_forms_dir
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.rounds import MemberInput, RoundInput, create_round, start_unannounced
from inspector.store.models import Answer, AuditEvent, Evidence, ReceptionPoint, Round, StaffMember, Unit, Visit
from tests.formfactory import VALID_FORM
from tests.test_inspection import jpeg

NAME = "Nguyễn Hoàng Yến Nhi"  # not in the demo data

# (what is typed, what a single-line field keeps, what a multi-line field keeps)
HOSTILE = [
    pytest.param("Ng\ud800uyễn", "Nguyễn", "Nguyễn", id="lone high surrogate"),
    pytest.param("\udc80Nguyễn\udfff", "Nguyễn", "Nguyễn", id="lone low surrogates"),
    pytest.param("\ud83d\ude00 vui", "\U0001f600 vui", "\U0001f600 vui", id="surrogate pair joined"),
    pytest.param("Ngu\x00yễn", "Nguyễn", "Nguyễn", id="NUL"),
    pytest.param("\x1b[31mĐỏ\x1b[0m", "[31mĐỏ[0m", "[31mĐỏ[0m", id="ESC colour"),
    pytest.param("\x1b]0;pwned\x07Tên", "]0;pwnedTên", "]0;pwnedTên", id="ESC title and BEL"),
    pytest.param("Chuông\x07", "Chuông", "Chuông", id="BEL"),
    pytest.param("Xó\x7fa", "Xóa", "Xóa", id="DEL"),
    pytest.param("Dòng\x85một\x9b2J", "Dòngmột2J", "Dòngmột2J", id="C1 NEL and CSI"),
    pytest.param("Ng\u200buyễn", "Nguyễn", "Nguyễn", id="ZWSP"),
    pytest.param("Ng\u200cuy\u200dễn\u2060", "Nguyễn", "Nguyễn", id="ZWNJ ZWJ word joiner"),
    pytest.param("Hà\u202eNội", "HàNội", "HàNội", id="RLO"),
    pytest.param("\u202aA\u202b\u202cB\u202d", "AB", "AB", id="bidi embeddings"),
    pytest.param("\u2066Kiến nghị\u2069 \u2067x\u2068y\u2069", "Kiến nghị xy", "Kiến nghị xy", id="LRI RLI FSI PDI"),
    pytest.param("\u200eA\u200fB\u061cC", "ABC", "ABC", id="LRM RLM ALM"),
    pytest.param("\ufeffBiên bản", "Biên bản", "Biên bản", id="BOM"),
    pytest.param("Thủ\xadtục", "Thủtục", "Thủtục", id="soft hyphen"),
    pytest.param(unicodedata.normalize("NFD", "Phường Đông"), "Phường Đông", "Phường Đông", id="NFD"),
    pytest.param("  Một\r\nhai\rba\u2028bốn\u2029năm\tsáu  bảy ", "Một hai ba bốn năm sáu bảy",
                 "Một\nhai\nba\nbốn\nnăm\tsáu  bảy", id="line breaks tabs spaces"),
    pytest.param("a\x0bb\x0cc", "abc", "abc", id="VT FF"),
    pytest.param("Phó\tChủ\x00 tịch\n\u200b", "Phó Chủ tịch", "Phó\tChủ tịch", id="tab among removed characters"),
]


@pytest.mark.parametrize(("typed", "single", "multi"), HOSTILE)
def test_clean_and_clean_multiline(typed: str, single: str, multi: str) -> None:
    assert clean(typed) == single
    assert clean_multiline(typed) == multi
    for out in (clean(typed), clean_multiline(typed)):
        assert unicodedata.is_normalized("NFC", out)
        assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in out if ch not in "\n\t")
        out.encode("utf-8")  # what SQLite is given: no lone surrogate left
        assert clean(out) == clean(typed) and clean_multiline(out) == out  # cleaning twice changes nothing


def test_clean_keeps_vietnamese_and_signature() -> None:
    text = "Ủy ban nhân dân Phường 2, Thành phố Trà Vinh: ưu tiên người cao tuổi; đăng ký hộ tịch."
    assert clean(text) == text and clean_multiline(text) == text
    assert clean(None) == "" and clean_multiline(None) == ""
    decomposed = unicodedata.normalize("NFD", text)
    assert any(unicodedata.category(ch) == "Mn" for ch in decomposed)  # tone marks are combining marks…
    assert clean(decomposed) == text  # …kept and composed, not removed
    assert clean("x" * 3 + "\u0301") == "xxx\u0301"  # a mark with nothing to compose with stays too
    assert clean("Ngu\u200b\u0300yen") == "Ngùyen"  # removing ZWSP lets NFC compose what it separated


def test_terminal_safe_escapes_what_a_terminal_would_obey() -> None:
    assert terminal_safe("Phiếu KTCV-MC: đủ") == "Phiếu KTCV-MC: đủ"
    assert terminal_safe("\x1b]0;pwned\x07x") == "\\x1b]0;pwned\\x07x"
    assert terminal_safe("a\x00b\x7fc\x85d\x9be") == "a\\x00b\\x7fc\\x85d\\x9be"
    assert terminal_safe("Hà\u202eNội\u200b\ufeff\u2066") == "Hà\\u202eNội\\u200b\\ufeff\\u2066"
    assert terminal_safe("x\udc80y\ud800") == "x\\udc80y\\ud800"
    assert terminal_safe("\U000e0001tag") == "\\U000e0001tag"
    assert terminal_safe("một\nhai\tba\rbốn") == "một\\x0ahai\\x09ba\\x0dbốn"
    assert terminal_safe("một\nhai\tba\rbốn", newlines=True) == "một\nhai\\x09ba\\x0dbốn"
    assert terminal_safe("\u2028\u2029\u2060\xad\u061c") == "\\u2028\\u2029\\u2060\\xad\\u061c"
    assert terminal_safe(Path("ten\udcff.pdf")) == "ten\\udcff.pdf"  # any object, as str() shows it
    assert terminal_safe("Nguyễn\xa0Văn") == "Nguyễn\xa0Văn"  # a no-break space is text, not a command
    safe = terminal_safe("".join(chr(c) for c in range(0x00, 0x2070)) + "\ud800\udfff")
    safe.encode("utf-8")
    assert not has_invisible(safe)


def test_paths_are_not_cleaned_as_text() -> None:
    name = " /home/tra vinh/Cơ  sở\tdữ liệu/" + unicodedata.normalize("NFD", "biên bản") + "\u200b.sqlite\n"
    assert clean_path(name) == name.strip()
    assert clean_path(None) == ""


def test_fold_finds_a_name_typed_with_invisible_characters() -> None:
    assert fold("Ng\u200buyễn Hoàng\u202e Yến Nhi") == fold(NAME) == "nguyen hoang yen nhi"


# --- through the services -------------------------------------------------------------------


@pytest.fixture
def visit_id(db, people):  # type: ignore[no-untyped-def]
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
        return start_unannounced(session, point.id, user_id=people.inspector).id


EVIL = "\ud800\x00\x1b\x07\x7f\x85\x9b\u200b\u202e\u2066\u2069\ufeff\xad"  # nothing visible at all


def test_hostile_text_is_stored_cleaned_by_every_service(db, people, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, people.inspector)
    view = inspection.open_visit(visit_id)
    inspection.set_result(visit_id, "KL-01", Result.FAIL)
    inspection.set_note(visit_id, "KL-01", f"Dòng một{EVIL}\r\nDòng\thai \ud800")
    inspection.set_summary(visit_id, good_points=f"Tốt{EVIL}", shortcomings=f"Hạn\u2028chế{EVIL}",
                           conclusions=f"Kết\u200bluận{EVIL}", unit_opinion=f"\ufeffÝ kiến{EVIL}")
    staff = inspection.add_staff_member(visit_id, f"Ng\u200buyễn Hoàng{EVIL} Yến Nhi", f"Công\x1b[0m chức\n{EVIL}")
    inspection.set_representatives(visit_id, [(f"Võ\u202e Văn Kiệt{EVIL}", f"Phó\tChủ tịch{EVIL}"),
                                              (EVIL, "chỉ có ký tự ẩn: bỏ qua")])
    rec = inspection.add_recommendation(visit_id, f"Kiến\u202e nghị{EVIL}\nthứ hai", view.unit_id,
                                        date.today() + timedelta(days=30), "KL-01")
    inspection.set_location(visit_id, f"Trụ\x1b[2J sở{EVIL}")
    photo = inspection.add_photo_bytes(visit_id, "KL-01", jpeg(200, 100), "\udc80ảnh\x1b.jpg", f"Chú\u202ethích{EVIL}")

    assert staff.full_name == NAME and staff.position == "Công[0m chức"
    assert rec.text == "Kiến nghị\nthứ hai"
    assert photo.caption == "Chúthích"
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        note = session.scalars(sa.select(Answer.note).where(Answer.visit_id == visit_id, Answer.item_code == "KL-01")).one()
        assert note == "Dòng một\nDòng\thai"
        assert (visit.good_points, visit.shortcomings, visit.conclusions, visit.unit_opinion) == (
            "Tốt", "Hạn\nchế", "Kếtluận", "Ý kiến")
        assert [(r.full_name, r.position) for r in visit.representatives] == [("Võ Văn Kiệt", "Phó Chủ tịch")]
        assert visit.location == "Trụ[2J sở"
        assert session.scalars(sa.select(Evidence.original_name).where(Evidence.id == photo.id)).one() == "ảnh.jpg"
        # a name typed with a zero-width space is found by the plain name, in the database and by a search
        member = session.scalars(sa.select(StaffMember).where(StaffMember.full_name == NAME)).one()
        assert member.id == staff.id
        names = session.scalars(sa.select(StaffMember.full_name)
                                .where(StaffMember.reception_point_id == visit.reception_point_id)).all()
        assert [n for n in names if fold("nguyen hoang yen") in fold(n)] == [NAME]
        texts = [str(e.before) + str(e.after) for e in session.scalars(sa.select(AuditEvent))]
    for text in texts:  # the audit trail keeps what was stored, not what was typed
        assert not has_invisible(text.replace("\\n", "").replace("\\t", "")), text


def test_round_notes_keep_their_lines_and_lose_the_rest(db, people) -> None:  # type: ignore[no-untyped-def]
    from inspector.domain.catalog import TeamRole

    data = RoundInput(
        name=f"Đợt\u202e kiểm tra{EVIL}", decision_number="12/QĐ-NV\u200b", decision_date=date(2026, 1, 5),
        decision_issuer="Phòng Nội vụ\x1b", start_date=date(2026, 1, 10), end_date=date(2026, 3, 10),
        notes=f"Dòng 1\r\nDòng 2{EVIL}",
        members=[MemberInput(full_name=f"Ng\u200buyễn Hoàng Yến Nhi{EVIL}", position="Chuyên viên",
                                  role=TeamRole.LEADER)],
    )
    with db.session() as session:  # under the demo round's inspecting body (a round names one once bodies exist)
        body = session.scalars(sa.select(Round.inspecting_body_id).where(Round.inspecting_body_id.is_not(None))).first()
        record = create_round(session, dataclasses.replace(data, inspecting_body_id=body), people.supervisor)
        round_id = record.id
    with db.session() as session:
        stored = session.get(Round, round_id)
        assert (stored.name, stored.decision_number, stored.decision_issuer) == (
            "Đợt kiểm tra", "12/QĐ-NV", "Phòng Nội vụ")
        assert stored.notes == "Dòng 1\nDòng 2"
        assert stored.members[0].full_name == NAME


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def test_the_minutes_carry_no_invisible_characters(db, people, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection(db, people.inspector)
    view = inspection.open_visit(visit_id)
    inspection.set_result(visit_id, "KL-01", Result.FAIL)
    inspection.set_note(visit_id, "KL-01", "Công chức\u202e vắng mặt\x1b[31m lúc 8 giờ\u200b")
    staff = inspection.add_staff_member(visit_id, "Ng\u200buyễn Thị Thu Hà")
    inspection.set_staff(visit_id, "KL-01", [staff.id])
    inspection.set_representatives(visit_id, [("Võ\u202e Văn\u2066 Kiệt\u2069", "Phó Chủ tịch\ufeff")])
    inspection.set_summary(visit_id, conclusions="Kết\u200b luận\x1b]0;pwned\x07 cuối", unit_opinion="Đồng\u202e ý")
    inspection.add_recommendation(visit_id, "Khắc\u202e phục\u200b ngay", view.unit_id, date.today() + timedelta(days=30))
    text = _pdf_text(Minutes(db).pdf(visit_id).data)
    for bad in ("\u202e", "\u200b", "\x1b", "\x07", "\u2066", "\u2069", "\ufeff", "pwned\x07"):
        assert bad not in text
    assert not has_invisible(text), [ch for ch in text if has_invisible(ch)]  # (ESC would come out as NUL)
    for good in ("Võ Văn Kiệt", "Kết luận]0;pwned cuối", "Đồng ý", "Khắc phục ngay"):
        assert good in text, good


# --- form files -------------------------------------------------------------------------------


def _load(text: str, name: str = "form.toml") -> LoadedForm | list[FormFileError]:
    return load_form_bytes(text.encode("utf-8"), Path(name))


def test_a_form_code_with_a_terminal_escape_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    hostile = VALID_FORM.replace('code = "KL-01"', 'code = "KL-01\\u001b]0;pwned\\u0007"')  # TOML escapes
    result = _load(hostile)
    assert isinstance(result, list)
    shown = [str(e) for e in result] + [f"{e.place}: {e.problem}" for e in result]
    assert any("\\x1b]0;pwned\\x07" in s for s in shown), shown
    assert any("ký tự điều khiển" in s for s in shown), shown
    for s in shown:
        assert not has_invisible(s), repr(s)
    # the same through the forms folder, as the app and `inspector check-forms` read it
    (tmp_path / "bad.toml").write_text(hostile, encoding="utf-8")
    report = load_forms_dir(tmp_path)
    assert not report.forms and report.errors
    assert all(not has_invisible(str(e)) for e in report.errors)


@pytest.mark.parametrize(("code", "shown"), [
    ("KL\\u200b-01", "KL\\u200b-01"), ("\\ufeffKL-01", "\\ufeffKL-01"), ("KL-01\\u202e", "KL-01\\u202e"),
    ("KL-01\\n", "KL-01\\x0a"), ("\\tKL-01", "\\x09KL-01"), ("KL-01\\u0000", "KL-01\\x00"),
])
def test_a_code_with_an_invisible_character_is_refused_not_cleaned(code: str, shown: str) -> None:
    result = _load(VALID_FORM.replace('code = "KL-02"', f'code = "{code}"'))  # TOML escapes, decoded by the parser
    assert isinstance(result, list), "a code with a hidden character was accepted"
    assert any(f"mã '{shown}' chứa ký tự điều khiển hoặc ký tự ẩn" in e.problem for e in result), [str(e) for e in result]


def test_form_texts_are_cleaned() -> None:
    hostile = (VALID_FORM
               .replace('title = "Phiếu thử nghiệm"', 'title = "Phiếu\\u202e thử\\u200b nghiệm\\u001b[0m"')
               .replace('text = "Đeo thẻ công chức"', 'text = "Đeo\\u2066 thẻ\\n công chức\\u00ad"')
               .replace('guidance = "Đạt khi đeo thẻ đúng quy định."',
                        'guidance = "Đạt khi đeo thẻ\\r\\nđúng quy định.\\ufeff"')
               .replace('legal_basis = "Quyết định 129/2007/QĐ-TTg"', 'legal_basis = "Quyết định\\u0000 129/2007/QĐ-TTg"')
               .replace('label = "Số hồ sơ trễ hạn"', 'label = "Số hồ sơ\\u200d trễ hạn"')
               .replace('legal_basis = ["Nghị định 61/2018/NĐ-CP"]', 'legal_basis = ["Nghị định\\u200e 61/2018/NĐ-CP"]'))
    result = _load(hostile)
    assert isinstance(result, LoadedForm), [str(e) for e in result]
    form = result.form
    assert form.title == "Phiếu thử nghiệm[0m"
    assert form.legal_basis == ("Nghị định 61/2018/NĐ-CP",)
    item = form.item("KL-02")
    assert (item.text, item.guidance, item.legal_basis) == (
        "Đeo thẻ công chức", "Đạt khi đeo thẻ\nđúng quy định.", "Quyết định 129/2007/QĐ-TTg")
    assert form.item("HS-01").fields[0].label == "Số hồ sơ trễ hạn"
    assert parse_form(result.definition) == form  # the stored copy is the cleaned one


def test_a_stored_definition_with_lone_surrogates_is_cleaned_or_refused() -> None:
    """Stored copies are JSON, which can carry lone surrogates (\\ud800): re-reading one never raises."""
    loaded = _load(VALID_FORM)
    assert isinstance(loaded, LoadedForm)
    definition = loaded.definition
    definition["title"] = "Phiếu\ud800 thử nghiệm"
    assert parse_form(definition).title == "Phiếu thử nghiệm"
    definition["sections"][0]["items"][0]["code"] = "KL-01\udc80"
    with pytest.raises(FormInvalid) as caught:
        parse_form(definition)
    assert "KL-01\\udc80" in str(caught.value)
    str(caught.value).encode("utf-8")
