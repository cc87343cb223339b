"""The history for users (services/history.py, ui/history): who, when, what before and after, in Vietnamese words."""

from __future__ import annotations

import re

import sqlalchemy as sa

from inspector.domain.assessment import items_sharing
from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result
from inspector.services.history import item_history, recommendation_history, visit_history
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes
from inspector.services.review import Review
from inspector.services.verify import verify
from inspector.store.models import StaffMember, User, Visit
from tests.conftest import ARTIFACTS
from tests.test_review import submitted_visit, user

SHOTS = ARTIFACTS / "history"  # screenshots for a human to look at (not committed)
WHEN = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")


def full_name(db, username: str) -> str:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.full_name).where(User.username == username)).one()


def test_a_visit_and_its_item_in_words(db) -> None:  # type: ignore[no-untyped-def]
    inspector, supervisor, clerk = user(db, "kiemtra1"), user(db, "truongphong"), user(db, "vanthu")
    visit_id = submitted_visit(db, fail=1)
    review = Review(db, supervisor)
    review.return_visit(visit_id, "Ghi rõ số hồ sơ trễ hạn")
    inspection = Inspection(db, inspector)
    view = inspection.open_visit(visit_id)
    code = next(i.code for i in view.form.items() if i.type is ItemType.CHOICE and Result.FAIL in i.answers
                and view.answers[i.code].result is Result.PASS and not i.photo_required_on_fail)
    inspection.set_result(visit_id, code, Result.FAIL)
    inspection.set_note(visit_id, code, "Công chức đến muộn 15 phút")
    inspection.set_note(visit_id, code, "Công chức đến muộn 20 phút")
    with db.read() as session:
        point = session.get(Visit, visit_id).reception_point_id
        staff = session.scalars(sa.select(StaffMember).where(StaffMember.reception_point_id == point)).first()
        staff_id, staff_name = staff.id, staff.full_name
    inspection.set_staff(visit_id, code, [staff_id])
    rec = inspection.add_recommendation(visit_id, "Chấn chỉnh giờ làm việc", view.unit_id, None, code)
    inspection.set_summary(visit_id, shortcomings=inspection.draft_shortcomings(visit_id))
    inspection.submit(visit_id)
    review.approve(visit_id)
    Minutes(db, clerk).finalize(visit_id, "7")

    with db.read() as session:
        rows = item_history(session, visit_id, code, inspector)
        whole = visit_history(session, visit_id, inspector)
        recs = recommendation_history(session, rec.id, inspector)
        assert verify(session).ok
    whats = [r.what for r in rows]
    assert whats == ["Chọn kết quả: Đạt", "Đổi kết quả: Đạt → Không đạt", "Thêm ghi chú", "Sửa ghi chú",
                     "Đổi công chức liên quan"]
    edited = next(r for r in rows if r.what == "Sửa ghi chú")
    assert (edited.before, edited.after) == ("“Công chức đến muộn 15 phút”", "“Công chức đến muộn 20 phút”")
    staffed = next(r for r in rows if r.what == "Đổi công chức liên quan")
    assert (staffed.before, staffed.after) == ("(không ai)", staff_name)
    assert {r.who for r in rows} == {full_name(db, "kiemtra1")}
    assert all(WHEN.match(r.when) for r in rows)
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)

    visit_whats = [r.what for r in whole]
    number = next(w for w in visit_whats if w.startswith("Đánh số biên bản"))
    assert re.fullmatch(r"Đánh số biên bản 07/BB-\S+", number)
    assert "Trả lại: Ghi rõ số hồ sơ trễ hạn" in visit_whats and "Duyệt" in visit_whats
    assert visit_whats.index("Gửi duyệt") < visit_whats.index("Trả lại: Ghi rõ số hồ sơ trễ hạn") < \
        visit_whats.index("Gửi duyệt (lần 2)") < visit_whats.index("Duyệt") < visit_whats.index(number)
    by = {r.what: r.who for r in whole}
    assert by["Duyệt"] == full_name(db, "truongphong") and by[number] == full_name(db, "vanthu")
    assert any(r.item_code == code and r.what == "Sửa ghi chú" for r in whole)  # the item named in the visit's
    assert [r.what for r in recs] == ["Thêm kiến nghị"] and "Chấn chỉnh giờ làm việc" in recs[0].after


def test_a_number_shared_by_several_items_shows_in_each(db) -> None:  # type: ignore[no-untyped-def]
    inspector = user(db, "kiemtra1")
    from inspector.services.rounds import start_unannounced
    from inspector.store.models import ReceptionPoint, Unit

    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit)
                                .where(Unit.name == "Ủy ban nhân dân phường Hòa Thuận")).first()
        visit_id = start_unannounced(session, point, user_id=inspector).id
    inspection = Inspection(db, inspector)
    form = inspection.open_visit(visit_id).form
    typed, field = next((i, f) for i in form.items() if i.type is ItemType.NUMERIC for f in i.fields
                        if len(items_sharing(form, f.code)) > 1)
    other = next(i for i in items_sharing(form, field.code) if i.code != typed.code)
    inspection.set_value(visit_id, typed.code, field.code, 12)
    inspection.set_value(visit_id, typed.code, field.code, 14)
    with db.read() as session:
        own = item_history(session, visit_id, typed.code, inspector)
        shared = item_history(session, visit_id, other.code, inspector)
        assert verify(session).ok
    assert [(r.what.split(";")[0], r.before, r.after) for r in own] == [
        (f"Nhập số liệu “{field.label}”", "(trống)", "12"), (f"Nhập số liệu “{field.label}”", "12", "14")]
    assert all(r.what.startswith(f"Số liệu “{field.label}” nhập ở nội dung {typed.code}") for r in shared)
    assert [(r.before, r.after) for r in shared] == [("(trống)", "12"), ("12", "14")]


def test_the_history_dialog_of_an_item(screen, qtbot) -> None:  # type: ignore[no-untyped-def]
    inspection, visit_id = screen.inspection, screen.visit_id
    item = next(i for i in screen.items if i.type is ItemType.CHOICE and Result.FAIL in i.answers)
    screen.open_index(screen.items.index(item))
    inspection.set_result(visit_id, item.code, Result.PASS)
    inspection.set_result(visit_id, item.code, Result.FAIL)
    inspection.set_note(visit_id, item.code, "Không niêm yết số điện thoại đường dây nóng tại Bộ phận Một cửa.")
    inspection.set_note(visit_id, item.code, "Không niêm yết số điện thoại đường dây nóng; đã nhắc nhở.")
    inspection.set_result(visit_id, item.code, Result.NOT_APPLICABLE if Result.NOT_APPLICABLE in item.answers
                          else Result.PASS)

    assert screen.history_button.menu() is not None
    actions = [a.text() for a in screen.history_button.menu().actions()]
    assert len(actions) == 2

    dialog = screen.item_history_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    model = dialog.model
    assert model.rowCount() == 5 and model.columnCount() == 5
    texts = [model.text(r, 2) for r in range(model.rowCount())]
    assert texts[:4] == ["Chọn kết quả: Đạt", "Đổi kết quả: Đạt → Không đạt", "Thêm ghi chú", "Sửa ghi chú"]
    assert texts[4].startswith("Đổi kết quả: Không đạt → ")
    assert {model.text(r, 1) for r in range(model.rowCount())} == {full_name(inspection.db, "kiemtra1")}
    assert model.text(3, 3).startswith("“Không niêm yết") and model.text(3, 4).endswith("đã nhắc nhở.”")
    assert item.code in dialog.findChild(type(dialog.empty), "historyTitle").text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "item_history.png"))

    whole = screen.visit_history_dialog()
    qtbot.addWidget(whole)
    assert whole.model.columnCount() == 6  # the item first
    codes = {whole.model.text(r, 0) for r in range(whole.model.rowCount())}
    assert item.code in codes
