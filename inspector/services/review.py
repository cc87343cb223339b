"""Duyệt: the supervisor's review of submitted visits (journey 4).

The inspectors submit a visit (``Inspection.submit``: its ``review_cycle`` goes up by one); it waits in the
supervisor's queue, oldest submission first. The supervisor reads it, writes comments (ý kiến) on items
or on the whole visit, then either returns it (*Trả lại*, with a reason) to its inspectors, who fix it and
submit again, or approves it (*Duyệt*). Only an approved visit can be numbered by the clerk
(services.minutes). An approved or numbered visit is reopened only by an administrator, with a written
reason: it goes back to its inspectors, keeps its number, and the clerk then issues the next revision of
the minutes under the same number; the PDF already issued stays as it was.

Comments belong to a review cycle (the n-th submission): those of the current cycle are the ones the
inspectors answer; earlier cycles stay readable. Every step is in the audit trail with the status before
and after.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.text import clean_multiline, thousands
from inspector.domain.workflow import VisitStatus
from inspector.services import access, audit, remediation
from inspector.services.access import SIGNED_IN, allowed
from inspector.services.lists import CHUNK, VISIT_KEY, VisitFilter, VisitRow, VisitSort, visit_keys, visit_rows
from inspector.services.sync.checkout import require_here
from inspector.services.visits import VisitError, visit_form
from inspector.store.db import Database
from inspector.store.models import MinutesRevision, ReviewComment, User, Visit
from inspector.store.types import utcnow

MAX_COMMENT_LENGTH = 4_000
REOPENABLE = (VisitStatus.APPROVED, VisitStatus.LOCKED)


class ReviewError(VisitError):
    """A review step refused (message in Vietnamese)."""


@dataclass(frozen=True)
class Comment:
    """Ý kiến của người duyệt, on one item (``item_code``) or on the whole visit (None)."""

    id: uuid.UUID
    visit_id: uuid.UUID
    item_code: str | None
    text: str
    author_id: uuid.UUID | None
    author_name: str
    at: datetime
    cycle: int
    current: bool  # of the visit's current review cycle: what its inspectors answer now


@dataclass(frozen=True)
class QueueRow:
    """A visit waiting for review."""

    visit: VisitRow
    submitted_at: datetime  # when it was last submitted (a submitted visit does not change until reviewed)
    cycle: int              # its n-th submission
    comments: int           # comments already written in this cycle

    @property
    def id(self) -> uuid.UUID:
        return self.visit.id


@dataclass(frozen=True)
class Rights:
    """What the acting user may do on a visit now, for the screens to offer (the services check again)."""

    status: VisitStatus
    review: bool  # comment, return, approve: a supervisor, the visit submitted
    reopen: bool  # an administrator, the visit approved or numbered


class Review:
    """Review operations for one user on one database."""

    def __init__(self, db: Database, user_id: uuid.UUID | None = None) -> None:
        self.db = db
        self.user_id = user_id

    # --- the queue -------------------------------------------------------------------------------

    @allowed(Role.SUPERVISOR)
    def queue_keys(self) -> list[int]:
        """The list keys of the submitted visits, the longest waiting first (one query)."""
        with self.db.read() as session:
            return visit_keys(session, VisitFilter(status=VisitStatus.SUBMITTED), VisitSort.WAITING, descending=False)

    @allowed(Role.SUPERVISOR)
    def queue_rows(self, keys: Sequence[int]) -> dict[int, QueueRow]:
        """The rows of these keys (a page the view paints); a visit no longer submitted is left out."""
        with self.db.read() as session:
            return _queue_rows(session, keys)

    @allowed(Role.SUPERVISOR)
    def queue(self) -> list[QueueRow]:
        """The whole queue at once (the command line, tests)."""
        with self.db.read() as session:
            keys = visit_keys(session, VisitFilter(status=VisitStatus.SUBMITTED), VisitSort.WAITING, descending=False)
            rows = _queue_rows(session, keys)
        return [rows[k] for k in keys if k in rows]

    # --- reading ---------------------------------------------------------------------------------

    @allowed(SIGNED_IN)
    def comments(self, visit_id: uuid.UUID) -> list[Comment]:
        """Every comment on the visit: the newest cycle first, in the order written within a cycle."""
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            rows = session.execute(
                sa.select(ReviewComment, User.full_name).outerjoin(User, User.id == ReviewComment.author_id)
                .where(ReviewComment.visit_id == visit.id)
                .order_by(ReviewComment.cycle.desc(), ReviewComment.created_at, ReviewComment.id)
            ).all()
            return [_comment(c, name or "", visit.review_cycle) for c, name in rows]

    @allowed(SIGNED_IN)
    def rights(self, visit_id: uuid.UUID) -> Rights:
        with self.db.read() as session:
            visit = _visit(session, visit_id)
            user = access.user_of(session, self.user_id)
            return Rights(
                status=visit.status,
                review=visit.status is VisitStatus.SUBMITTED and user.has_role(Role.SUPERVISOR),
                reopen=visit.status in REOPENABLE and user.has_role(Role.ADMIN),
            )

    # --- commenting ------------------------------------------------------------------------------

    @allowed(Role.SUPERVISOR)
    def add_comment(self, visit_id: uuid.UUID, item_code: str | None, text: str) -> Comment:
        """A comment on one item (its code) or on the whole visit (None), while the visit waits for review."""
        text = _text(text, "Hãy nhập ý kiến.", "Ý kiến")
        with self.db.session() as session:
            user = access.require(session, self.user_id, Role.SUPERVISOR)
            visit = _under_review(session, visit_id)
            if item_code is not None:
                try:
                    visit_form(visit).item(item_code)
                except KeyError:
                    raise ReviewError(f"Phiếu kiểm tra của buổi này không có nội dung {item_code}.") from None
            comment = _add(session, visit, item_code, text, user)
            return _comment(comment, user.full_name, visit.review_cycle)

    @allowed(Role.SUPERVISOR)
    def remove_comment(self, visit_id: uuid.UUID, comment_id: uuid.UUID) -> None:
        """Take back one's own comment of the current cycle, before the visit is returned or approved."""
        with self.db.session() as session:
            user = access.require(session, self.user_id, Role.SUPERVISOR)
            visit = _under_review(session, visit_id)
            comment = session.get(ReviewComment, comment_id)
            if comment is None or comment.visit_id != visit.id:
                raise ReviewError("Không tìm thấy ý kiến này.")
            if comment.author_id != user.id:
                raise ReviewError("Chỉ xóa được ý kiến của chính mình.")
            if comment.cycle != visit.review_cycle:
                raise ReviewError("Ý kiến của lần duyệt trước đã gửi cho đoàn kiểm tra, không xóa được.")
            audit.record(session, "review.comment_removed", "review_comment", comment.id, user_id=user.id,
                         before={"visit": str(visit.id), "item": comment.item_code, "text": comment.text,
                                 "cycle": comment.cycle})
            session.delete(comment)

    # --- deciding --------------------------------------------------------------------------------

    @allowed(Role.SUPERVISOR)
    def return_visit(self, visit_id: uuid.UUID, reason: str) -> None:
        """Trả lại: back to its inspectors, the reason as a comment on the whole visit."""
        reason = _text(reason, "Hãy ghi lý do trả lại để đoàn kiểm tra biết cần sửa gì.", "Lý do trả lại")
        with self.db.session() as session:
            user = access.require(session, self.user_id, Role.SUPERVISOR)
            visit = _under_review(session, visit_id)
            comment = _add(session, visit, None, reason, user)
            count = session.scalar(sa.select(sa.func.count()).select_from(ReviewComment).where(
                ReviewComment.visit_id == visit.id, ReviewComment.cycle == visit.review_cycle))
            visit.status = VisitStatus.RETURNED
            audit.record(session, "visit.returned", "visit", visit.id, user_id=user.id,
                         before={"status": str(VisitStatus.SUBMITTED)},
                         after={"status": str(visit.status), "reason": reason, "cycle": visit.review_cycle,
                                "comments": count, "comment": str(comment.id)})

    @allowed(Role.SUPERVISOR)
    def approve(self, visit_id: uuid.UUID) -> None:
        """Duyệt: the findings stand; the clerk may now number the minutes."""
        with self.db.session() as session:
            user = access.require(session, self.user_id, Role.SUPERVISOR)
            visit = _under_review(session, visit_id)
            visit.status = VisitStatus.APPROVED
            audit.record(session, "visit.approved", "visit", visit.id, user_id=user.id,
                         before={"status": str(VisitStatus.SUBMITTED)},
                         after={"status": str(visit.status), "cycle": visit.review_cycle})
            # A follow-up visit's findings now stand: the recommendations its items quote are verified or open again.
            remediation.apply_follow_up(session, visit, user.id)

    @allowed(Role.ADMIN)
    def reopen(self, visit_id: uuid.UUID, reason: str) -> None:
        """Mở lại an approved or numbered visit: back to its inspectors, with the written reason as a comment
        on the whole visit. A numbered visit keeps its number; the minutes already issued are kept as issued
        (their revision stays readable), and the clerk issues the next revision once it is approved again."""
        reason = _text(reason, "Hãy ghi rõ lý do mở lại buổi kiểm tra (được lưu trong nhật ký).", "Lý do mở lại")
        with self.db.session() as session:
            user = access.require(session, self.user_id, Role.ADMIN)
            visit = _visit(session, visit_id)
            require_here(session, visit)
            if visit.status not in REOPENABLE:
                raise ReviewError(
                    f"Chỉ mở lại được buổi kiểm tra đã duyệt hoặc đã đánh số (hiện: “{visit.status.label}”).")
            before = {"status": str(visit.status), "number": visit.minutes_number}
            if visit.minutes_number:
                _keep_first_revision(session, visit)
            comment = _add(session, visit, None, reason, user)
            visit.status = VisitStatus.RETURNED
            audit.record(session, "visit.reopened", "visit", visit.id, user_id=user.id, before=before,
                         after={"status": str(visit.status), "number": visit.minutes_number, "reason": reason,
                                "cycle": visit.review_cycle, "comment": str(comment.id)})


# --- internals ----------------------------------------------------------------------------------------


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise ReviewError("Không tìm thấy buổi kiểm tra.")
    return visit


def _under_review(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = _visit(session, visit_id)
    require_here(session, visit)  # checked out to another machine (services.sync): reviewed there only
    if visit.status is not VisitStatus.SUBMITTED:
        raise ReviewError(
            f"Buổi kiểm tra đang ở trạng thái “{visit.status.label}”: chỉ buổi đã gửi duyệt mới được "
            "góp ý, trả lại hoặc duyệt.")
    return visit


def _text(text: str, missing: str, what: str) -> str:
    text = clean_multiline(text)
    if not text:
        raise ReviewError(missing)
    if len(text) > MAX_COMMENT_LENGTH:
        raise ReviewError(f"{what} dài {thousands(len(text))} ký tự, quá giới hạn "
                          f"{thousands(MAX_COMMENT_LENGTH)} ký tự; hãy rút gọn.")
    return text


def _add(session: Session, visit: Visit, item_code: str | None, text: str, user: User) -> ReviewComment:
    comment = ReviewComment(visit_id=visit.id, item_code=item_code, text=text, author_id=user.id,
                            cycle=visit.review_cycle)
    session.add(comment)
    session.flush()
    audit.record(session, "review.comment", "review_comment", comment.id, user_id=user.id,
                 after={"visit": str(visit.id), "item": item_code, "text": text, "cycle": visit.review_cycle})
    return comment


def _comment(row: ReviewComment, author: str, current_cycle: int) -> Comment:
    return Comment(row.id, row.visit_id, row.item_code, row.text, row.author_id, author, row.created_at, row.cycle,
                   row.cycle == current_cycle)


def _keep_first_revision(session: Session, visit: Visit) -> None:
    """A visit numbered without a revision row (generated data, or numbered before revisions were kept):
    what it holds becomes revision 1, so that the next issue is revision 2 and this one stays readable."""
    if session.scalar(sa.select(MinutesRevision.id).where(MinutesRevision.visit_id == visit.id).limit(1)):
        return
    session.add(MinutesRevision(visit_id=visit.id, revision=1, number=visit.minutes_number,
                                sha256=visit.minutes_sha256 or None, issued_at=visit.updated_at or utcnow()))
    session.flush()


def _queue_rows(session: Session, keys: Iterable[int]) -> dict[int, QueueRow]:
    wanted = list(dict.fromkeys(keys))
    rows = visit_rows(session, wanted)
    found: dict[int, QueueRow] = {}
    comments = (sa.select(sa.func.count()).select_from(ReviewComment)
                .where(ReviewComment.visit_id == Visit.id, ReviewComment.cycle == Visit.review_cycle)
                .scalar_subquery())
    for start in range(0, len(wanted), CHUNK):
        chunk = [k for k in wanted[start:start + CHUNK] if k in rows]
        if not chunk:
            continue
        for key, status, submitted, cycle, count in session.execute(
            sa.select(VISIT_KEY, Visit.status, Visit.updated_at, Visit.review_cycle, comments)
            .select_from(Visit).where(VISIT_KEY.in_(chunk))
        ):
            if status is VisitStatus.SUBMITTED:
                found[key] = QueueRow(rows[key], submitted, cycle, count)
    return found
