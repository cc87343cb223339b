"""Running a visit through the services: committed at once, bad input refused, nothing lost."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from inspector.domain.catalog import TeamRole
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.inspection import Inspection, ItemAnswer, SubmissionBlocked
from inspector.services.photos import PhotoRejected
from inspector.services.rounds import start_unannounced
from inspector.services.visits import VisitError
from inspector.store.models import Answer, AuditEvent, Evidence, ReceptionPoint, Unit, Visit
from inspector.store.types import utcnow


def jpeg(width: int = 3000, height: int = 2000, colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def visit_id(db, people):  # type: ignore[no-untyped-def]
    """An unannounced visit started by kiemtra1, under the demo round (kiemtra1 is in its team)."""
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
        return start_unannounced(session, point.id, user_id=people.inspector).id


@pytest.fixture
def inspection(db, people) -> Inspection:  # type: ignore[no-untyped-def]
    return Inspection(db, people.inspector)


def _stored(db, visit_id, code):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalars(sa.select(Answer).where(Answer.visit_id == visit_id, Answer.item_code == code)).first()


def test_answer_is_in_the_database_when_the_call_returns(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection.set_result(visit_id, "KL-01", Result.FAIL)
    assert _stored(db, visit_id, "KL-01").result is Result.FAIL
    inspection.set_result(visit_id, "KL-01", Result.PASS)
    assert _stored(db, visit_id, "KL-01").result is Result.PASS
    with db.session() as session:
        assert session.get(Visit, visit_id).current_item_code == "KL-01"
        actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("answer.%"))).all()
        assert actions == ["answer.result", "answer.result"]


def test_answers_not_allowed_by_the_item_are_refused(inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(VisitError, match="không cho phép chọn “Không áp dụng”"):
        inspection.set_result(visit_id, "KL-01", Result.NOT_APPLICABLE)  # KL-01 allows Đạt/Không đạt only
    with pytest.raises(VisitError, match="được tính từ số liệu"):
        inspection.set_result(visit_id, "HS-09", Result.PASS)
    with pytest.raises(VisitError, match="không có nội dung XX-99"):
        inspection.set_result(visit_id, "XX-99", Result.PASS)


def test_notes_are_stored_as_nfc(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    typed = unicodedata.normalize("NFD", "  Công chức không đeo thẻ, đã nhắc nhở  ")
    inspection.set_note(visit_id, "KL-07", typed)
    assert _stored(db, visit_id, "KL-07").note == "Công chức không đeo thẻ, đã nhắc nhở"


def test_a_huge_note_is_refused_and_the_saved_one_kept(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection.set_note(visit_id, "KL-07", "Ghi chú đã lưu")
    with pytest.raises(VisitError, match="Ghi chú dài 100.000 ký tự, quá giới hạn 10.000"):
        inspection.set_note(visit_id, "KL-07", "ư" * 100_000)
    assert _stored(db, visit_id, "KL-07").note == "Ghi chú đã lưu"


def test_shared_numbers_are_entered_once_and_decide_the_results(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    changed = inspection.set_value(visit_id, "HS-09", "checked", 12)
    assert {"HS-06", "HS-07", "HS-08", "HS-09", "HS-14"} <= set(changed)  # every item of the sample got the size
    inspection.set_value(visit_id, "HS-09", "late", 2)
    assert _stored(db, visit_id, "HS-09").result is Result.FAIL
    assert _stored(db, visit_id, "HS-10").values == {"late": 2}
    assert _stored(db, visit_id, "HS-13").values == {"late": 2}
    assert _stored(db, visit_id, "HS-10").result is Result.UNCHECKED  # apology counts still missing
    inspection.set_value(visit_id, "HS-10", "late_with_apology", 2)
    assert _stored(db, visit_id, "HS-10").result is Result.UNCHECKED  # apologies sent in time still missing
    inspection.set_value(visit_id, "HS-10", "late_apology_in_time", 2)
    assert _stored(db, visit_id, "HS-10").result is Result.PASS
    inspection.set_value(visit_id, "HS-10", "late", None)
    assert _stored(db, visit_id, "HS-09").result is Result.UNCHECKED


def test_out_of_range_numbers_are_refused(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection.set_value(visit_id, "HS-09", "checked", 10)
    with pytest.raises(VisitError, match="phải từ 1 trở lên"):
        inspection.set_value(visit_id, "HS-09", "checked", 0)
    with pytest.raises(VisitError, match="phải từ 0 trở lên"):
        inspection.set_value(visit_id, "HS-09", "late", -3)
    assert _stored(db, visit_id, "HS-09").values == {"checked": 10}


def test_staff_concerned_and_a_name_added_on_the_spot(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    view = inspection.open_visit(visit_id)
    first = view.staff[0]
    newcomer = inspection.add_staff_member(visit_id, "Thạch Thị Sô Phia", "Công chức hợp đồng")
    inspection.set_staff(visit_id, "KL-07", [first.id, newcomer.id])
    answer = inspection.answer(visit_id, "KL-07")
    assert set(answer.staff_ids) == {first.id, newcomer.id}
    assert "Thạch Thị Sô Phia" in [s.full_name for s in inspection.open_visit(visit_id).staff]
    with db.session() as session:  # someone from another point cannot be named
        other = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Nguyệt Hóa")).one()
        stranger = other.staff[0].id
    with pytest.raises(VisitError, match="Chỉ chọn được công chức"):
        inspection.set_staff(visit_id, "KL-07", [stranger])


def test_photo_is_downscaled_hashed_and_stored(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    photo = inspection.add_photo_bytes(visit_id, "NY-01", jpeg(), "anh_bang_niem_yet.jpg", "Bảng niêm yết cũ")
    assert max(photo.width or 0, photo.height or 0) == 1600
    data = inspection.photo_bytes(photo.sha256)
    import hashlib

    assert hashlib.sha256(data).hexdigest() == photo.sha256
    assert Image.open(io.BytesIO(data)).size == (1600, 1067)
    # the same picture twice is stored once
    again = inspection.add_photo_bytes(visit_id, "NY-02", jpeg(), "copy.jpg")
    assert again.sha256 == photo.sha256
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM blobs")).scalar() == 1
    inspection.remove_photo(visit_id, photo.id)
    assert inspection.answer(visit_id, "NY-01").photos == ()
    with db.session() as session:  # removed from the visit, kept in the database
        assert session.get(Evidence, photo.id).deleted_at is not None


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "bien_ban.jpg"
    fake.write_text("đây không phải là ảnh", encoding="utf-8")
    with pytest.raises(PhotoRejected, match="không phải ảnh"):
        inspection.add_photo(visit_id, "NY-01", fake)
    assert inspection.answer(visit_id, "NY-01").photos == ()


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path: Path, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    huge = tmp_path / "video.jpg"
    with huge.open("wb") as fh:
        fh.seek(200 * 1024 * 1024)
        fh.write(b"\0")
    with pytest.raises(PhotoRejected, match="lớn 200 MB, quá giới hạn 40 MB"):
        inspection.add_photo(visit_id, "NY-01", huge)


def test_end_time_before_start_is_refused(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        start = session.get(Visit, visit_id).started_at
    with pytest.raises(VisitError, match="phải sau giờ bắt đầu"):
        inspection.set_times(visit_id, ended_at=start - timedelta(minutes=5))
    inspection.set_times(visit_id, ended_at=start + timedelta(hours=2))
    with db.session() as session:
        assert session.get(Visit, visit_id).ended_at == start + timedelta(hours=2)


def test_deadline_before_the_visit_is_refused(inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    view = inspection.open_visit(visit_id)
    with pytest.raises(VisitError, match="không được trước ngày kiểm tra"):
        inspection.add_recommendation(visit_id, "Niêm yết lại thủ tục", view.unit_id, date(2020, 1, 1))
    with pytest.raises(VisitError, match="Hãy nhập nội dung kiến nghị"):
        inspection.add_recommendation(visit_id, "   ", view.unit_id, None)
    rec = inspection.add_recommendation(visit_id, "Niêm yết lại thủ tục", view.unit_id, date.today() + timedelta(days=30))
    assert rec.owner_name == "Ủy ban nhân dân phường Trà Vinh"


def test_submission_lists_what_is_missing_then_succeeds(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SubmissionBlocked) as caught:
        inspection.submit(visit_id)
    messages = [b.message for b in caught.value.blockers]
    assert "KL-01: chưa kiểm tra (nội dung bắt buộc)." in messages
    assert "Chưa ghi giờ kết thúc buổi kiểm tra." in messages
    assert "CSVC-12: chưa kiểm tra (nội dung bắt buộc)." in messages  # required from version 2 on
    view = inspection.open_visit(visit_id)
    assert not any(not item.required for item in view.form.items())  # so version 2 has no optional item: make one
    optional = start_with_form(db, with_optional_item(view.form.to_dict(), "CSVC-12"))
    with pytest.raises(SubmissionBlocked) as caught:
        inspection.submit(optional)
    messages = [b.message for b in caught.value.blockers]
    assert "KL-01: chưa kiểm tra (nội dung bắt buộc)." in messages
    assert not any(m.startswith("CSVC-12") for m in messages)  # optional item

    for item in view.form.items():
        if item.fields:
            pass_numeric_item(inspection, visit_id, item)
        elif item.code == "NY-01":
            inspection.set_result(visit_id, item.code, Result.FAIL)
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    with pytest.raises(SubmissionBlocked) as caught:
        inspection.submit(visit_id)
    codes = {b.item_code for b in caught.value.blockers}
    assert "NY-01" in codes  # failed without a note (and without the photo it requires)

    inspection.set_note(visit_id, "NY-01", "Bảng niêm yết còn thủ tục đã bãi bỏ")
    inspection.add_photo_bytes(visit_id, "NY-01", jpeg(800, 600), "bang.jpg")
    inspection.set_times(visit_id, ended_at=utcnow())
    assert inspection.blockers(visit_id) == []
    inspection.submit(visit_id)
    with db.session() as session:
        assert session.get(Visit, visit_id).status is VisitStatus.SUBMITTED


def with_optional_item(definition: dict, code: str) -> dict:
    """The same form under another code, with item ``code`` made optional."""
    sections = [s | {"items": [i | {"required": False} if i["code"] == code else i for i in s["items"]]}
                for s in definition["sections"]]
    return definition | {"code": f"{definition['code']}-TUY-CHON", "version": 1, "sections": sections}


def pass_numeric_item(inspection, visit_id, item) -> None:  # type: ignore[no-untyped-def]
    """Numbers that make the item pass: a sample of 10, nothing late or missing."""
    for f in item.fields:
        inspection.set_value(visit_id, item.code, f.code, 10 if f.code == "checked" else 0)
    for f in item.fields:
        if inspection.answer(visit_id, item.code).result is Result.PASS:
            return
        if f.code != "checked":
            inspection.set_value(visit_id, item.code, f.code, 10)
    assert inspection.answer(visit_id, item.code).result is Result.PASS, item.code


def test_a_submitted_visit_refuses_changes(inspection, visit_id, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.get(Visit, visit_id).status = VisitStatus.SUBMITTED
    for call in (
        lambda: inspection.set_result(visit_id, "KL-01", Result.PASS),
        lambda: inspection.set_note(visit_id, "KL-01", "x"),
        lambda: inspection.set_value(visit_id, "HS-09", "late", 1),
        lambda: inspection.add_photo_bytes(visit_id, "KL-01", jpeg(10, 10)),
        lambda: inspection.set_summary(visit_id, conclusions="x"),
        lambda: inspection.set_representatives(visit_id, [("A", "B")]),
        lambda: inspection.add_recommendation(visit_id, "x", None, None),
    ):
        with pytest.raises(VisitError, match="không sửa được nữa"):
            call()


def test_everything_is_there_after_reopening(db, people, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    inspection.set_result(visit_id, "NY-11", Result.FAIL)
    inspection.set_note(visit_id, "NY-11", "Nói trống không với người dân")
    inspection.set_representatives(visit_id, [("Võ Văn Kiệt", "Phó Chủ tịch UBND phường")])
    inspection.set_summary(visit_id, good_points="Trụ sở sạch sẽ", conclusions="Cơ bản thực hiện tốt")
    fresh = Inspection(db, people.inspector).open_visit(visit_id)  # new facade, new sessions, nothing cached
    assert fresh.answers["NY-11"].result is Result.FAIL
    assert fresh.answers["NY-11"].note == "Nói trống không với người dân"
    assert fresh.representatives[0].full_name == "Võ Văn Kiệt"
    assert (fresh.good_points, fresh.conclusions) == ("Trụ sở sạch sẽ", "Cơ bản thực hiện tốt")
    assert fresh.current_item_code == "NY-11"
    assert fresh.team and fresh.team[0].role is TeamRole.LEADER
    assert "Kiểm tra công vụ tại Bộ phận Một cửa năm" in fresh.round_name


def test_draft_shortcomings_come_from_failed_items(inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    view = inspection.open_visit(visit_id)
    inspection.set_result(visit_id, "KL-07", Result.FAIL)
    inspection.set_note(visit_id, "KL-07", "Một công chức không đeo thẻ")
    inspection.set_staff(visit_id, "KL-07", [view.staff[0].id])
    draft = inspection.draft_shortcomings(visit_id)
    assert draft.startswith("1. ")
    assert "không đạt — Một công chức không đeo thẻ" in draft and view.staff[0].full_name in draft


def shared_form(n: int, *, code: str = "BIG-SHARED", capped_every: int = 0) -> dict:
    """A form whose n numeric items all name the field 'checked' (one sample size for all of them).

    Item SO-i also has its own field ok_i; with ``capped_every`` every such item accepts at most 50 for 'checked'.
    """
    def checked(i: int) -> dict:
        capped = capped_every and i % capped_every == 0
        return {"code": "checked", "label": "Số hồ sơ kiểm tra", "min": 1} | ({"max": 50} if capped else {})

    items = [{"code": f"SO-{i:04d}", "type": "so_lieu", "text": f"Nội dung số liệu {i}", "guidance": "Đạt khi đủ.",
              "legal_basis": "Nghị định 61/2018/NĐ-CP", "sipas": "ket_qua_dich_vu", "severity": "nhe",
              "pass_if": f"ok_{i} >= checked - {i % 7}",
              "fields": [checked(i), {"code": f"ok_{i}", "label": "Số hồ sơ đạt"}]}
             for i in range(n)]
    return {"schema": 1, "code": code, "version": 1, "title": "Phiếu một số liệu dùng chung", "kind": "kiem_tra",
            "sections": [{"code": "SO", "title": "Số liệu", "items": items}]}


def start_with_form(db, definition: dict):  # type: ignore[no-untyped-def]
    """A visit without a round under ``definition``, started by kiemtra1 (its team, as its starter)."""
    from inspector.domain.checklist import parse_form
    from inspector.services.form_loader import LoadedForm
    from inspector.services.forms import store_form
    from inspector.services.visits import start_visit
    from tests.people import demo_user

    inspector = demo_user(db, "kiemtra1")
    with db.session() as session:
        store_form(session, LoadedForm(parse_form(definition), Path(f"{definition['code']}.toml")))
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
        return start_visit(session, point.id, form_code=definition["code"], user_id=inspector).id


def test_a_number_shared_by_3000_items_is_written_in_a_bounded_number_of_statements(db, inspection) -> None:  # type: ignore[no-untyped-def]
    visit_id = start_with_form(db, shared_form(3000, capped_every=100))
    inspection.set_value(visit_id, "SO-0001", "ok_1", 40)  # one answer exists before, the others are created
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        changed = inspection.set_value(visit_id, "SO-0001", "checked", 40)  # inserts 2,999 answers, updates 1
        first = len(statements)
        statements.clear()
        changed_again = inspection.set_value(visit_id, "SO-0001", "checked", 60)  # updates; capped items refuse 60
        again = len(statements)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert first < 20 and again < 20, (first, again)
    assert len(changed) == 3000
    assert len(changed_again) == 3000 - 30 and "SO-0100" not in changed_again  # each capped item keeps its 40
    with db.session() as session:
        stored = {a.item_code: a for a in session.scalars(sa.select(Answer).where(Answer.visit_id == visit_id))}
        events = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "answer.values")
                                 .order_by(AuditEvent.at)).all()
    assert len(stored) == 3000
    assert stored["SO-0100"].values == {"checked": 40} and stored["SO-0100"].result is Result.UNCHECKED
    assert stored["SO-0001"].values == {"checked": 60, "ok_1": 40} and stored["SO-0001"].result is Result.FAIL
    assert stored["SO-0007"].values == {"checked": 60} and stored["SO-0007"].result is Result.UNCHECKED
    assert changed["SO-0001"] == ItemAnswer("SO-0001", Result.PASS, "", {"checked": 40, "ok_1": 40}, (), ())
    assert changed_again["SO-0001"] == ItemAnswer("SO-0001", Result.FAIL, "", {"checked": 60, "ok_1": 40}, (), ())
    # one audit event per change of the field, naming every item it re-decided
    assert len(events) == 3
    last = events[-1]
    assert last.entity_id == str(stored["SO-0001"].id)
    assert last.before["values"] == {"checked": 40, "ok_1": 40} and last.after["values"] == {"checked": 60, "ok_1": 40}
    assert last.after["value"] == 60 and len(last.after["items"]) == 2970 and "SO-0100" not in last.after["items"]
    assert last.before["items"]["SO-0007"] == [40, str(Result.UNCHECKED)]
    assert last.before["items"]["SO-0001"] == [40, str(Result.PASS)] and last.after["items"]["SO-0001"] == str(Result.FAIL)


def test_shared_numbers_keep_staff_photos_and_notes_in_what_is_returned(db, inspection, visit_id) -> None:  # type: ignore[no-untyped-def]
    view = inspection.open_visit(visit_id)
    inspection.set_note(visit_id, "HS-07", "Mẫu 12 hồ sơ")
    inspection.set_staff(visit_id, "HS-07", [view.staff[0].id])
    photo = inspection.add_photo_bytes(visit_id, "HS-07", jpeg(200, 100), "mau.jpg")
    changed = inspection.set_value(visit_id, "HS-09", "checked", 12)
    assert changed["HS-07"].note == "Mẫu 12 hồ sơ"
    assert changed["HS-07"].staff_ids == (view.staff[0].id,)
    assert [p.id for p in changed["HS-07"].photos] == [photo.id]
    assert changed["HS-07"] == inspection.answer(visit_id, "HS-07")  # what the screen shows is what is stored
