"""The five SIPAS criteria (Chỉ số hài lòng về sự phục vụ hành chính).

Every checklist item names the criterion it bears on, so findings can be
reported against what the city is measured on.
"""

from __future__ import annotations

from enum import StrEnum


class SipasCriterion(StrEnum):
    ACCESS = "tiep_can_dich_vu"
    PROCEDURES = "thu_tuc_hanh_chinh"
    CIVIL_SERVANTS = "cong_chuc"
    RESULTS = "ket_qua_dich_vu"
    FEEDBACK = "phan_anh_kien_nghi"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SipasCriterion.ACCESS: "Tiếp cận dịch vụ",
    SipasCriterion.PROCEDURES: "Thủ tục hành chính",
    SipasCriterion.CIVIL_SERVANTS: "Công chức trực tiếp giải quyết công việc",
    SipasCriterion.RESULTS: "Kết quả dịch vụ",
    SipasCriterion.FEEDBACK: "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
}
