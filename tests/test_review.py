"""The review loop in the services (journey 4): the queue, comments, return, resubmission, approval, numbering
of approved visits only, and an administrator's reopening that leads to revision 2 of the minutes under the
same number while revision 1's PDF stays byte for byte."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector.domain.catalog import Role
from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result, VisitStatus
from inspector.services.access import AccessDenied
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes, MinutesError
from inspector.services.review import Review, ReviewError
from inspector.services.rounds import start_unannounced
from inspector.store.models import AuditEvent, Blob, MinutesRevision, ReceptionPoint, ReviewComment, Unit, User, Visit
from inspector.store.types import utcnow
from tests.test_inspection import jpeg, pass_numeric_item

POINT_UNIT = "Ủy ban nhân dân phường Hòa Thuận"


def user(db, username: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.select(User.id).where(User.username == username)).one()


def submitted_visit(db, *, fail: int = 1) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A visit of the demo round, done by kiemtra1 (in its team) and submitted: ``fail`` items failed with a note
    (and a photo where the item asks for one), the others passed."""
    inspector = user(db, "kiemtra1")
    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint.id).join(Unit).where(Unit.name == POINT_UNIT)).first()
        visit_id = start_unannounced(session, point, user_id=inspector).id
    inspection = Inspection(db, inspector)
    failed = 0
    for item in inspection.open_visit(visit_id).form.items():
        if item.type is ItemType.NUMERIC:
            pass_numeric_item(inspection, visit_id, item)
        elif failed < fail and Result.FAIL in item.answers:
            inspection.set_result(visit_id, item.code, Result.FAIL)
            inspection.set_note(visit_id, item.code, f"Tồn tại ở nội dung {item.code}")
            if item.photo_required_on_fail:
                inspection.add_photo_bytes(visit_id, item.code, jpeg(800, 600), f"{item.code}.jpg")
            failed += 1
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    inspection.set_summary(visit_id, conclusions="Cơ bản thực hiện đúng quy định.",
                           shortcomings=inspection.draft_shortcomings(visit_id))
    inspection.set_times(visit_id, ended_at=utcnow() + timedelta(minutes=1))
    inspection.submit(visit_id)
    return visit_id


def failed_item(db, visit_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(sa.text("SELECT item_code FROM answers WHERE visit_id = :v AND result = 'khong_dat'"),
                               {"v": visit_id.hex}).first()


def status(db, visit_id: uuid.UUID) -> VisitStatus:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.get(Visit, visit_id).status


def events(db, visit_id: uuid.UUID, action: str) -> list[SimpleNamespace]:  # type: ignore[no-untyped-def]
    """The audit events of this action on the visit, in order: their before, after and user."""
    with db.read() as session:
        return [SimpleNamespace(before=e.before, after=e.after, user_id=e.user_id) for e in session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action, AuditEvent.entity_id == str(visit_id))
            .order_by(AuditEvent.seq))]


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def who(db):  # type: ignore[no-untyped-def]
    names = ("kiemtra1", "truongphong", "vanthu", "quantri")
    return dict(zip(names, (user(db, n) for n in names), strict=True))


def test_the_whole_loop_return_resubmit_approve_number_reopen_revise(db, who) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db)
    code = failed_item(db, visit_id)
    inspection = Inspection(db, who["kiemtra1"])
    review = Review(db, who["truongphong"])
    minutes = Minutes(db, who["vanthu"])

    # in the queue, first submission
    queued = review.queue()
    assert [r.id for r in queued] == [visit_id]
    assert queued[0].cycle == 1 and queued[0].comments == 0

    # comments on an item and on the whole visit, then returned with a reason
    on_item = review.add_comment(visit_id, code, "Ghi chú chưa nêu rõ thời điểm và công chức liên quan.")
    review.add_comment(visit_id, None, "Bổ sung ý kiến của đơn vị.")
    assert review.queue()[0].comments == 2
    review.return_visit(visit_id, "  Đề nghị đoàn bổ sung,\r\n rồi gửi lại. ")
    assert status(db, visit_id) is VisitStatus.RETURNED
    assert review.queue() == []
    comments = Review(db, who["kiemtra1"]).comments(visit_id)  # the inspectors read them
    assert [c.text for c in comments] == ["Ghi chú chưa nêu rõ thời điểm và công chức liên quan.",
                                          "Bổ sung ý kiến của đơn vị.", "Đề nghị đoàn bổ sung,\n rồi gửi lại."]
    assert comments[0].item_code == code and comments[0].id == on_item.id and comments[1].item_code is None
    assert all(c.current and c.cycle == 1 and c.author_name == "Nguyễn Văn Thành" for c in comments)
    returned = events(db, visit_id, "visit.returned")
    assert returned[0].before == {"status": "submitted"} and returned[0].after["status"] == "returned"
    assert returned[0].after["reason"] == "Đề nghị đoàn bổ sung,\n rồi gửi lại." and returned[0].after["comments"] == 3
    assert returned[0].user_id == who["truongphong"]
    assert len(events(db, visit_id, "review.comment")) == 0  # comments are events of their own entity
    with db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "review.comment")) == 3

    # the inspector fixes and resubmits: cycle 2, the earlier comments no longer current
    inspection.set_note(visit_id, code, "Lúc 9 giờ 15, công chức Trần Văn A không hướng dẫn người dân.")
    inspection.submit(visit_id)
    assert status(db, visit_id) is VisitStatus.SUBMITTED
    assert review.queue()[0].cycle == 2 and review.queue()[0].comments == 0
    assert not any(c.current for c in review.comments(visit_id))
    assert events(db, visit_id, "visit.submitted")[-1].before == {"status": "returned"}

    # numbering a submitted visit not yet approved is refused
    with pytest.raises(MinutesError, match="đã được duyệt"):
        minutes.finalize(visit_id, "7")
    assert not minutes.pdf(visit_id).issuable

    review.approve(visit_id)
    assert status(db, visit_id) is VisitStatus.APPROVED
    approved = events(db, visit_id, "visit.approved")[0]
    assert approved.before == {"status": "submitted"} and approved.after == {"status": "approved", "cycle": 2}

    # the clerk numbers: revision 1
    assert minutes.pdf(visit_id).issuable
    first = minutes.finalize(visit_id, "7")
    assert first.final and first.revision == 1
    assert status(db, visit_id) is VisitStatus.LOCKED
    [rev1] = minutes.revisions(visit_id)
    assert (rev1.revision, rev1.number, rev1.sha256, rev1.issued_by) == (1, first.number, first.sha256, "Phạm Thị Hồng Nhạn")
    assert "Bản ban hành lần" not in pdf_text(first.data)
    with db.read() as session:
        before_bytes = session.get(Blob, first.sha256).data
    assert before_bytes == first.data

    # the administrator reopens with a written reason; the number stays
    admin = Review(db, who["quantri"])
    assert admin.rights(visit_id).reopen and not review.rights(visit_id).reopen
    admin.reopen(visit_id, "Đơn vị phản ánh biên bản ghi sai tên công chức.")
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit.status is VisitStatus.RETURNED and visit.minutes_number == first.number
        assert visit.minutes_sha256 == first.sha256
    reopened = events(db, visit_id, "visit.reopened")[0]
    assert reopened.before == {"status": "locked", "number": first.number}
    assert reopened.after["status"] == "returned" and reopened.after["reason"].startswith("Đơn vị phản ánh")
    assert reopened.user_id == who["quantri"]
    current = [c for c in review.comments(visit_id) if c.current]
    assert [(c.item_code, c.author_name) for c in current] == [(None, "Quản trị hệ thống")]
    draft = minutes.pdf(visit_id)
    assert not draft.final and draft.revision == 2 and draft.number == first.number and not draft.issuable

    # fixed, resubmitted, approved again; the clerk issues revision 2 under the same number, no number asked
    inspection.set_note(visit_id, code, "Lúc 9 giờ 15, công chức Trần Văn B không hướng dẫn người dân.")
    inspection.submit(visit_id)
    review.approve(visit_id)
    with pytest.raises(MinutesError, match="giữ nguyên số"):
        minutes.finalize(visit_id, "8")
    second = minutes.finalize(visit_id)
    assert second.revision == 2 and second.number == first.number and second.sha256 != first.sha256
    text = pdf_text(second.data)
    issued_on = f"{utcnow() + timedelta(hours=7):%d/%m/%Y}"
    assert f"(Bản ban hành lần 2, thay thế bản ban hành ngày {issued_on})" in text
    assert f"Số: {first.number}" in text and "Trần Văn B" in text

    revisions = minutes.revisions(visit_id)
    assert [(r.revision, r.number) for r in revisions] == [(1, first.number), (2, first.number)]
    assert revisions[1].reason == "Đơn vị phản ánh biên bản ghi sai tên công chức."
    assert minutes.pdf(visit_id).sha256 == second.sha256  # the visit points to the newest
    kept = minutes.revision_pdf(visit_id, 1)
    assert kept.data == before_bytes and hashlib.sha256(kept.data).hexdigest() == first.sha256 == rev1.sha256
    assert "Trần Văn A" in pdf_text(kept.data) and "Bản ban hành lần" not in pdf_text(kept.data)
    assert hashlib.sha256(minutes.revision_pdf(visit_id, 2).data).hexdigest() == second.sha256
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit.minutes_sha256 == second.sha256 and visit.status is VisitStatus.LOCKED
        assert session.scalar(sa.select(sa.func.count()).select_from(MinutesRevision)
                              .where(MinutesRevision.visit_id == visit_id)) == 2
    locked = events(db, visit_id, "minutes.locked")
    assert [e.after["revision"] for e in locked] == [1, 2]
    assert locked[1].before == {"status": "approved", "number": first.number, "sha256": first.sha256}


def test_refusals(db, who) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db, fail=0)
    supervisor = Review(db, who["truongphong"])
    inspector = Review(db, who["kiemtra1"])
    clerk = Review(db, who["vanthu"])

    with pytest.raises(ReviewError, match="lý do trả lại"):
        supervisor.return_visit(visit_id, "  \n ")
    with pytest.raises(AccessDenied):
        inspector.approve(visit_id)
    with pytest.raises(AccessDenied):
        inspector.return_visit(visit_id, "Sai")
    with pytest.raises(AccessDenied):
        inspector.add_comment(visit_id, None, "Tự góp ý")
    with pytest.raises(AccessDenied):
        clerk.approve(visit_id)
    with pytest.raises(AccessDenied):
        inspector.queue_keys()
    with pytest.raises(AccessDenied):
        Review(db, None).comments(visit_id)
    with pytest.raises(ReviewError, match="không có nội dung"):
        supervisor.add_comment(visit_id, "KHONG-CO", "Ý kiến")
    with pytest.raises(ReviewError, match="Hãy nhập ý kiến"):
        supervisor.add_comment(visit_id, None, " ")
    assert status(db, visit_id) is VisitStatus.SUBMITTED

    # reopening a visit still under review, by a supervisor, or without a reason
    with pytest.raises(ReviewError, match="đã duyệt hoặc đã đánh số"):
        Review(db, who["quantri"]).reopen(visit_id, "Lý do")
    supervisor.approve(visit_id)
    with pytest.raises(ReviewError, match="Buổi kiểm tra đang ở trạng thái"):
        supervisor.approve(visit_id)  # not twice
    with pytest.raises(AccessDenied):
        supervisor.reopen(visit_id, "Cần sửa")
    with pytest.raises(ReviewError, match="lý do mở lại"):
        Review(db, who["quantri"]).reopen(visit_id, "")
    with pytest.raises(AccessDenied):  # the inspector numbers nothing
        Minutes(db, who["kiemtra1"]).finalize(visit_id, "3")
    assert status(db, visit_id) is VisitStatus.APPROVED
    # an approved visit cannot be edited by its inspectors
    with pytest.raises(Exception, match="không sửa được"):
        Inspection(db, who["kiemtra1"]).set_summary(visit_id, conclusions="Sửa sau khi duyệt")

    # reopened from approved (never numbered): returned, and numbered later as revision 1
    Review(db, who["quantri"]).reopen(visit_id, "Thiếu kết luận về thái độ phục vụ.")
    assert status(db, visit_id) is VisitStatus.RETURNED
    assert Minutes(db, who["vanthu"]).pdf(visit_id).revision == 1


def test_comments_are_taken_back_only_by_their_author_in_the_current_cycle(db, who) -> None:  # type: ignore[no-untyped-def]
    visit_id = submitted_visit(db, fail=0)
    supervisor = Review(db, who["truongphong"])
    with db.session() as session:  # a second supervisor
        other = User(username="phophong", full_name="Trần Thị Bích", role=Role.SUPERVISOR)
        session.add(other)
        session.flush()
        other_id = other.id
    mine = supervisor.add_comment(visit_id, None, "Ý kiến 1")
    theirs = Review(db, other_id).add_comment(visit_id, None, "Ý kiến 2")
    with pytest.raises(ReviewError, match="chính mình"):
        supervisor.remove_comment(visit_id, theirs.id)
    supervisor.remove_comment(visit_id, mine.id)
    assert [c.text for c in supervisor.comments(visit_id)] == ["Ý kiến 2"]
    removed = events(db, visit_id, "review.comment_removed")
    with db.read() as session:
        gone = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "review.comment_removed")).one()
        assert gone.before["text"] == "Ý kiến 1" and session.get(ReviewComment, mine.id) is None
    assert removed == []  # filed under the comment, not the visit
    Review(db, other_id).return_visit(visit_id, "Trả lại")
    with pytest.raises(ReviewError):  # returned: the cycle's comments went to the team
        Review(db, other_id).remove_comment(visit_id, theirs.id)


def test_the_queue_is_oldest_submission_first(db, who) -> None:  # type: ignore[no-untyped-def]
    first, second = submitted_visit(db, fail=0), submitted_visit(db, fail=0)
    review = Review(db, who["truongphong"])
    assert [r.id for r in review.queue()] == [first, second]
    review.return_visit(first, "Sửa lại")
    Inspection(db, who["kiemtra1"]).submit(first)  # submitted again: now the latest
    rows = review.queue()
    assert [r.id for r in rows] == [second, first] and [r.cycle for r in rows] == [1, 2]
    keys = review.queue_keys()
    assert set(review.queue_rows(keys)) == set(keys)
