"""Form versions by effective date, the v2 keys (cites, replaces, finding) and follow-ups across versions.

The forms here are small forms of the tests' own, in a temporary forms folder, with a register beside them;
the shipped v2 is checked at the end.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.catalog import Role, TeamRole
from inspector.domain.checklist import Citation, FormInvalid, parse_form
from inspector.domain.clock import local_today
from inspector.domain.legal import check_citations, forms_to_check
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.paths import forms_dir
from inspector.services.form_loader import load_forms_dir
from inspector.services.legal import load_register_file, register_path
from inspector.services.rounds import begin_planned, plan_visits
from inspector.services.visits import VisitError, form_version_in_effect, open_recommendations, start_visit, visit_form
from inspector.services.workspace import open_workspace
from inspector.store.models import Answer, ReceptionPoint, Recommendation, Round, RoundMember, Unit, Visit
from inspector.store.types import utcnow
from tests.people import someone
from tests.test_legal_register import REGISTER as LEGAL_REGISTER

REGISTER = LEGAL_REGISTER  # the register of tests/test_legal_register.py: ND-OLD until 30/6/2025, replaced by ND-NEW

FORM_V1 = '''
schema = 1
code = "MC"
version = 1
title = "Phiếu một cửa"
kind = "kiem_tra"

[[sections]]
code = "A"
title = "Phần A"

[[sections.items]]
code = "A-01"
text = "Có văn bản xin lỗi khi trễ hẹn"
guidance = "Đạt khi mọi hồ sơ trễ hẹn có văn bản xin lỗi."
legal_basis = "Nghị định 61/2018/NĐ-CP Điều 8"
sipas = "ket_qua_dich_vu"
severity = "trung_binh"

[[sections.items]]
code = "A-02"
text = "Đeo thẻ công chức"
guidance = "Đạt khi mọi công chức đeo thẻ."
legal_basis = "Quyết định 129/2007/QĐ-TTg"
sipas = "cong_chuc"
severity = "nhe"
'''

FORM_V2 = '''
schema = 1
code = "MC"
version = 2
title = "Phiếu một cửa (2025)"
kind = "kiem_tra"
effective_from = 2025-07-01
documents = ["ND-NEW"]

[[sections]]
code = "B"
title = "Phần B"

[[sections.items]]
code = "B-10"
type = "so_lieu"
text = "Hồ sơ trễ hẹn có văn bản xin lỗi gửi trước hạn ít nhất một ngày"
guidance = "Đạt khi mọi hồ sơ trễ hẹn trong mẫu có văn bản xin lỗi gửi đúng hạn."
cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]
replaces = ["A-01"]
sipas = "thu_tuc_hanh_chinh"
severity = "nghiem_trong"
pass_if = "apology >= late"
finding = "{apology}/{late} hồ sơ trễ hẹn có văn bản xin lỗi"

[[sections.items.fields]]
code = "late"
label = "Số hồ sơ trễ hẹn"

[[sections.items.fields]]
code = "apology"
label = "Trong đó có văn bản xin lỗi đúng hạn"
'''

FOLLOW_UP = '''
schema = 1
code = "KP-TEST"
version = 1
title = "Phiếu kiểm tra khắc phục"
kind = "kiem_tra_khac_phuc"

[[sections]]
code = "KP"
title = "Kết quả khắc phục"
generated = "kien_nghi_chua_khac_phuc"

[sections.template]
text = "Đã khắc phục: {text}"
guidance = "Kiến nghị tại biên bản số {minutes} ngày {visit_date}."
legal_basis = "Biên bản kiểm tra số {minutes}"
sipas = "cong_chuc"
severity = "trung_binh"
'''


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "forms"
    (folder / "legal").mkdir(parents=True)
    for name, text in files.items():
        target = register_path(folder) if name == "register" else folder / f"{name}.toml"
        target.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def versions_ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path, register=REGISTER, MC_v1=FORM_V1, MC_v2=FORM_V2, KP_v1=FOLLOW_UP)
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    assert ws.forms.errors == []
    yield ws
    ws.close()


def _point(session) -> ReceptionPoint:  # type: ignore[no-untyped-def]
    unit = Unit(code="P-TEST", name="Ủy ban nhân dân phường Thử Nghiệm", level="ward")
    session.add(unit)
    session.flush()
    point = ReceptionPoint(unit_id=unit.id, name="Trung tâm Phục vụ hành chính công phường Thử Nghiệm")
    session.add(point)
    session.flush()
    return point


def _pinned(visit: Visit) -> int:
    return visit.form_version.version


# --- parsing the new keys -------------------------------------------------------------------


def _form(text: str):  # type: ignore[no-untyped-def]
    return parse_form(tomllib.loads(text))


def _problems(text: str) -> list[str]:
    with pytest.raises(FormInvalid) as caught:
        _form(text)
    return [str(p) for p in caught.value.problems]


def test_v2_keys_parse_and_survive_the_stored_copy() -> None:
    form = _form(FORM_V2)
    assert form.effective_from == date(2025, 7, 1) and form.documents == ("ND-NEW",)
    item = form.item("B-10")
    assert item.cites == (Citation("ND-NEW", "Điều 12 khoản 5"),) and item.legal_basis == ""
    assert item.replaces == ("A-01",) and item.finding == "{apology}/{late} hồ sơ trễ hẹn có văn bản xin lỗi"
    stored = form.to_dict()
    assert stored["effective_from"] == "2025-07-01"  # JSON-safe; a stored copy reads ISO text back
    assert stored["sections"][0]["items"][0]["cites"] == [{"doc": "ND-NEW", "article": "Điều 12 khoản 5"}]
    assert parse_form(stored) == form
    assert form.continuation("A-01") == item and form.continuation("A-02") is None


def test_forms_without_the_new_keys_store_as_before() -> None:
    stored = _form(FORM_V1).to_dict()
    assert "effective_from" not in stored and "documents" not in stored
    assert all(k not in i for s in stored["sections"] for i in s["items"] for k in ("cites", "replaces", "finding"))


def test_shipped_v1_hash_is_the_released_one() -> None:
    locked = {tuple(line.split()[:2]): line.split()[2] for line in
              (forms_dir() / "released.lock").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    v1 = next(f for f in load_forms_dir(forms_dir()).forms if (f.form.code, f.form.version) == ("KTCV-MC", 1))
    assert v1.content_hash == locked[("KTCV-MC", "1")]


@pytest.mark.parametrize(("change", "expected"), [
    (("effective_from = 2025-07-01", "effective_from = 2025-07-01T08:00:00"),
     "effective_from: phải là ngày dạng 2025-07-01"),
    (("effective_from = 2025-07-01", 'effective_from = "01/7/2025"'), "effective_from: phải là ngày dạng 2025-07-01"),
    (('documents = ["ND-NEW"]', 'documents = ["ND-NEW", "nd new"]'), "documents[2]: mã 'nd new' không hợp lệ"),
    (('documents = ["ND-NEW"]', 'documents = ["ND-NEW", "ND-NEW"]'), "documents[2]: mã 'ND-NEW' lặp lại"),
    (('cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]', 'cites = [{ doc = "ND-NEW", page = 3 }]'),
     "nội dung 1 (B-10) › cites[1]: khóa 'page' không có trong mẫu phiếu"),
    (('cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]', "cites = []"),
     "nội dung 1 (B-10) › cites: danh sách dẫn chiếu rỗng"),
    (('cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]',
      'cites = [{ doc = "ND-NEW", article = "' + "Điều 1 " * 40 + '" }]'),
     "cites[1] › article: dài 279 ký tự, quá giới hạn 200"),
    (('cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]\n', ""),
     "nội dung 1 (B-10): thiếu khóa bắt buộc 'legal_basis' hoặc 'cites'"),
    (('replaces = ["A-01"]', 'replaces = "A-01"'), "replaces: phải là danh sách mã"),
    (('finding = "{apology}/{late}', 'finding = "{apology:>99999}/{late}'),
     "finding: chỗ điền '{apology}' chỉ được ghi mã trường, không kèm ':' hay '!'"),
    (('finding = "{apology}/{late}', 'finding = "{apology!r}/{late}'), "chỉ được ghi mã trường"),
    (('finding = "{apology}/{late}', 'finding = "{apology.real}/{late}'),
     "finding: chỗ điền '{apology.real}' không phải trường của nội dung này; dùng: {apology}, {late}"),
    (('finding = "{apology}/{late}', 'finding = "{checked}/{late}'), "chỗ điền '{checked}' không phải trường"),
    (('finding = "{apology}/{late}', 'finding = "{}/{late}'), "chỗ điền '{}' không phải trường"),
    (('finding = "{apology}/{late}', 'finding = "{apology/{late}'), "finding: dấu ngoặc { } không khớp"),
    (('finding = "{apology}/{late} hồ sơ', 'finding = "{apology}/{late} ' + "x" * 600 + ' hồ sơ'),
     "finding: dài 650 ký tự, quá giới hạn 500"),
])
def test_new_keys_are_checked_and_placed(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in FORM_V2
    problems = _problems(FORM_V2.replace(old, new))
    assert any(expected in p for p in problems), problems


def test_finding_only_on_numeric_items() -> None:
    text = FORM_V1.replace('severity = "nhe"\n', 'severity = "nhe"\nfinding = "{late} hồ sơ"\n')
    assert any("nội dung 2 (A-02) › finding: chỉ dùng cho câu hỏi số liệu" in p for p in _problems(text))


def test_cites_without_legal_basis_and_legal_basis_without_cites_both_do() -> None:
    assert _form(FORM_V1).item("A-01").legal_basis.startswith("Nghị định 61/2018")
    both = FORM_V2.replace("replaces = [", 'legal_basis = "Văn bản khác"\nreplaces = [')
    assert _form(both).item("B-10").legal_basis == "Văn bản khác"


# --- the version a visit uses ---------------------------------------------------------------


def test_visit_day_chooses_the_version(versions_ws) -> None:  # type: ignore[no-untyped-def]
    with versions_ws.db.session() as session:
        point = _point(session)
        before = start_visit(session, point.id, form_code="MC", user_id=someone(session), planned_date=date(2025, 6, 30))
        on_the_day = start_visit(session, point.id, form_code="MC", user_id=someone(session), planned_date=date(2025, 7, 1))
        today = start_visit(session, point.id, form_code="MC", user_id=someone(session))
        assert (_pinned(before), _pinned(on_the_day), _pinned(today)) == (1, 2, 2)
        before_id = before.id
    with versions_ws.db.session() as session:  # a v1 visit keeps its v1
        assert visit_form(session.get(Visit, before_id)).version == 1


def test_planned_visits_take_the_version_of_their_day(versions_ws) -> None:  # type: ignore[no-untyped-def]
    with versions_ws.db.session() as session:
        point = _point(session)
        record = Round(name="Đợt thử", decision_number="01/QĐ-SNV", decision_date=date(2025, 6, 1),
                       start_date=None, end_date=None)
        session.add(record)
        session.flush()
        boss = someone(session, Role.SUPERVISOR, username="truongdoan")
        inspector = someone(session)
        record.members.append(RoundMember(user_id=inspector, full_name="Người thử", team_role=TeamRole.MEMBER))
        june = plan_visits(session, record.id, [point.id], date(2025, 6, 30), form_code="MC", user_id=boss)[0]
        july = plan_visits(session, record.id, [point.id], date(2025, 7, 2), form_code="MC", user_id=boss)[0]
        assert (_pinned(june), _pinned(july)) == (1, 2)
        begin_planned(session, june.id, inspector)  # started today: today's law applies
        session.flush()
        session.expire(june)
        assert _pinned(june) == 2 and june.status is VisitStatus.IN_PROGRESS


def test_no_version_in_effect_is_a_clear_refusal(tmp_path: Path) -> None:
    folder = _folder(tmp_path, register=REGISTER, MC_v2=FORM_V2)
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        with ws.db.session() as session:
            point = _point(session)
            with pytest.raises(VisitError, match=r"Chưa có phiên bản nào của phiếu kiểm tra MC có hiệu lực vào ngày "
                                                 r"30/06/2025 \(phiên bản sớm nhất có hiệu lực từ ngày 01/07/2025\)"):
                start_visit(session, point.id, form_code="MC", user_id=someone(session), planned_date=date(2025, 6, 30))
            assert session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0
            assert form_version_in_effect(session, "MC", date(2025, 7, 1)).version == 2
            with pytest.raises(VisitError, match="Chưa có phiếu kiểm tra mã KHAC"):
                form_version_in_effect(session, "KHAC", date(2025, 7, 1))
    finally:
        ws.close()


def test_only_forms_in_use_or_to_come_are_checked() -> None:
    v1, v2 = _form(FORM_V1), _form(FORM_V2)
    v3 = _form(FORM_V2.replace("version = 2", "version = 3").replace("2025-07-01", "2027-01-01"))
    chosen = {(f.version, day) for f, day in forms_to_check([v1, v2, v3], date(2026, 12, 1))}
    assert chosen == {(2, date(2026, 12, 1)), (3, date(2027, 1, 1))}  # v1 kept only for its visits
    assert {(f.version, day) for f, day in forms_to_check([v1, v2], date(2025, 6, 30))} == {
        (1, date(2025, 6, 30)), (2, date(2025, 7, 1))}


# --- follow-ups across versions -------------------------------------------------------------


def _finished_v1_visit(session, point: ReceptionPoint, failures: dict[str, str]) -> Visit:  # type: ignore[no-untyped-def]
    visit = start_visit(session, point.id, form_code="MC", user_id=someone(session), planned_date=date(2025, 6, 20))
    assert _pinned(visit) == 1
    visit.started_at = utcnow() - timedelta(days=500)
    visit.minutes_number = "07/BB-PNV"
    for code, text in failures.items():
        answer = Answer(visit_id=visit.id, item_code=code, result=Result.FAIL, note="Thiếu", answered_at=utcnow())
        session.add(answer)
        session.flush()
        session.add(Recommendation(visit_id=visit.id, answer_id=answer.id, text=text, owner_unit_id=point.unit_id,
                                   deadline=date(2025, 9, 30), status=RecommendationStatus.OPEN))
    visit.status = VisitStatus.SUBMITTED
    session.flush()
    return visit


def test_follow_up_under_v2_of_a_v1_finding_cites_todays_law(versions_ws) -> None:  # type: ignore[no-untyped-def]
    with versions_ws.db.session() as session:
        point = _point(session)
        _finished_v1_visit(session, point, {"A-01": "Gửi văn bản xin lỗi khi trễ hẹn", "A-02": "Đeo thẻ"})
        follow_up = start_visit(session, point.id, form_code="KP-TEST", user_id=someone(session), planned_date=date(2026, 12, 1))
        follow_up_id = follow_up.id
    with versions_ws.db.session() as session:
        items = {i.text: i for i in visit_form(session.get(Visit, follow_up_id)).items()}
        continued = items["Đã khắc phục: Gửi văn bản xin lỗi khi trễ hẹn"]
        # v2's B-10 replaces A-01: today's citation, through the register, and v2's SIPAS criterion
        assert continued.legal_basis == "Điều 12 khoản 5 Nghị định 118/2025/NĐ-CP"
        assert continued.sipas is SipasCriterion("thu_tuc_hanh_chinh")
        not_continued = items["Đã khắc phục: Đeo thẻ"]  # nothing in v2 continues A-02: the old item's basis
        assert not_continued.legal_basis == "Quyết định 129/2007/QĐ-TTg"
        assert not_continued.sipas is SipasCriterion("cong_chuc")


def test_follow_up_dated_before_v2_keeps_the_v1_basis(versions_ws) -> None:  # type: ignore[no-untyped-def]
    with versions_ws.db.session() as session:
        point = _point(session)
        _finished_v1_visit(session, point, {"A-01": "Gửi văn bản xin lỗi khi trễ hẹn"})
        (rec,) = open_recommendations(session, point.id, date(2025, 6, 25))
        assert rec.legal_basis == "Nghị định 61/2018/NĐ-CP Điều 8" and rec.finding.endswith("— Thiếu")
        (rec,) = open_recommendations(session, point.id, date(2025, 7, 1))
        assert rec.legal_basis == "Điều 12 khoản 5 Nghị định 118/2025/NĐ-CP"


# --- the shipped v2 (forms/KTCV-MC_v2.toml, forms/legal/documents.toml) ----------------------


def test_shipped_v2_validates_and_cites_only_documents_in_force() -> None:
    report = load_forms_dir(forms_dir())
    assert report.errors == []
    v2 = next(f.form for f in report.forms if (f.form.code, f.form.version) == ("KTCV-MC", 2))
    register = load_register_file(register_path(forms_dir()))
    assert not isinstance(register, list), [str(e) for e in register]
    assert v2.effective_from is not None and v2.effective_from <= local_today()
    keys = set(v2.documents) | {c.doc for i in v2.items() for c in i.cites}
    assert keys and keys <= {d.key for d in register}
    assert all(i.cites for i in v2.items()), [i.code for i in v2.items() if not i.cites]
    for day in (date(2026, 12, 1), local_today()):
        problems, warnings = check_citations(v2, register, day)
        assert problems == [] and warnings == [], [str(w) for w in problems + warnings]


def test_shipped_forms_in_use_today_are_the_newest() -> None:
    forms = [f.form for f in load_forms_dir(forms_dir()).forms]
    in_use = {(f.code, f.version) for f, day in forms_to_check(forms, local_today()) if day == local_today()}
    assert in_use == {("KTCV-MC", 2), ("KTKP", 2)}


def test_every_shipped_form_in_use_today_cites_only_the_register_and_law_in_force() -> None:
    """Not only the main checklist: the follow-up form too (its v1 cited NĐ 61/2018 and a directive of the
    former city); a generated section's template quotes the earlier minutes, not a document."""
    register = load_register_file(register_path(forms_dir()))
    assert not isinstance(register, list)
    for form, _day in forms_to_check([f.form for f in load_forms_dir(forms_dir()).forms], local_today()):
        assert not form.legal_basis, f"{form.code} v{form.version}: free-text legal basis instead of documents"
        assert all(i.cites for i in form.items()), [i.code for i in form.items() if not i.cites]
        for day in (date(2026, 12, 1), local_today()):
            problems, warnings = check_citations(form, register, day)
            assert problems == [] and warnings == [], [str(w) for w in problems + warnings]


def test_visit_screen_shows_the_citation_through_the_register(qtbot, app, versions_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.inspection import Inspection
    from inspector.ui.visit_screen import VisitScreen

    with versions_ws.db.session() as session:
        inspector = someone(session)
        visit_id = start_visit(session, _point(session).id, form_code="MC", user_id=inspector,
                               planned_date=date(2026, 12, 1)).id
    widget = VisitScreen(Inspection(versions_ws.db, inspector), visit_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    widget.open_item("B-10")
    assert "Điều 12 khoản 5 Nghị định 118/2025/NĐ-CP" in widget.panel.legal.text()
    shots = Path(os.environ.get("INSPECTOR_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    app.processEvents()  # the pending layout pass, as on screen
    assert widget.grab().save(str(shots / "v2_item_citation.png"))
