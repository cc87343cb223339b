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
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _REC_LABELS[self]


_REC_LABELS = {
    RecommendationStatus.OPEN: "Chưa khắc phục",
    RecommendationStatus.IN_PROGRESS: "Đang khắc phục",
    RecommendationStatus.DONE: "Đơn vị báo đã khắc phục",
    RecommendationStatus.VERIFIED: "Đã kiểm tra, xác nhận",
    RecommendationStatus.CANCELLED: "Hủy bỏ",
}
