"""Visit and recommendation states and the answers an item can take."""

from __future__ import annotations

from enum import StrEnum


class Result(StrEnum):
    """Kết quả một nội dung kiểm tra."""

    PASS = "dat"
    FAIL = "khong_dat"
    NOT_APPLICABLE = "khong_ap_dung"
    UNCHECKED = "chua_kiem_tra"

    @property
    def label(self) -> str:
        return _RESULT_LABELS[self]


_RESULT_LABELS = {
    Result.PASS: "Đạt",
    Result.FAIL: "Không đạt",
    Result.NOT_APPLICABLE: "Không áp dụng",
    Result.UNCHECKED: "Chưa kiểm tra",
}


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return _VISIT_LABELS[self]

    @property
    def editable(self) -> bool:
        return self in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.RETURNED)


_VISIT_LABELS = {
    VisitStatus.PLANNED: "Đã lên lịch",
    VisitStatus.IN_PROGRESS: "Đang kiểm tra",
    VisitStatus.SUBMITTED: "Đã gửi duyệt",
    VisitStatus.RETURNED: "Trả lại",
    VisitStatus.APPROVED: "Đã duyệt",
    VisitStatus.LOCKED: "Đã khóa",
}


class RecommendationStatus(StrEnum):
    """A recommendation's life after the minutes (services.remediation): open → reported (the unit says it is
    done) → verified (a follow-up visit's item, or the supervisor with evidence) → closed; a report not accepted
    or a failed verification returns it to open."""

    OPEN = "open"
    REPORTED = "reported"
    VERIFIED = "verified"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    # Before 0011: in_progress was still open, done was reported (aliases, kept for old events in the history).
    IN_PROGRESS = "open"
    DONE = "reported"

    @classmethod
    def _missing_(cls, value: object) -> RecommendationStatus | None:
        return {"in_progress": cls.OPEN, "done": cls.REPORTED}.get(str(value))

    @property
    def still_open(self) -> bool:
        """Waiting on the unit or on verification: counts as overdue past its deadline."""
        return self in (RecommendationStatus.OPEN, RecommendationStatus.REPORTED)

    @property
    def label(self) -> str:
        return _REC_LABELS[self]


_REC_LABELS = {
    RecommendationStatus.OPEN: "Chưa khắc phục",
    RecommendationStatus.REPORTED: "Đơn vị báo đã khắc phục",
    RecommendationStatus.VERIFIED: "Đã kiểm tra, xác nhận",
    RecommendationStatus.CLOSED: "Đã kết thúc",
    RecommendationStatus.CANCELLED: "Hủy bỏ",
}
