"""Small valid checklist forms for tests, as TOML text, to be broken on purpose."""

from __future__ import annotations

VALID_FORM = '''
schema = 1
code = "TEST-FORM"
version = 1
title = "Phiếu thử nghiệm"
kind = "kiem_tra"
legal_basis = ["Nghị định 61/2018/NĐ-CP"]

[[sections]]
code = "KL"
title = "Kỷ luật, kỷ cương hành chính"

[[sections.items]]
code = "KL-01"
text = "Công chức có mặt tại quầy trong giờ làm việc"
guidance = "Đạt khi mọi vị trí có người trực."
legal_basis = "Chỉ thị 26/CT-TTg"
sipas = "cong_chuc"
severity = "trung_binh"
answers = ["dat", "khong_dat"]

[[sections.items]]
code = "KL-02"
text = "Đeo thẻ công chức"
guidance = "Đạt khi đeo thẻ đúng quy định."
legal_basis = "Quyết định 129/2007/QĐ-TTg"
sipas = "cong_chuc"
severity = "nhe"
photo_required_on_fail = true

[[sections]]
code = "HS"
title = "Hồ sơ"

[[sections.items]]
code = "HS-01"
type = "so_lieu"
text = "Hồ sơ trễ hạn có Phiếu xin lỗi"
guidance = "Đạt khi mọi hồ sơ trễ hạn có Phiếu xin lỗi."
legal_basis = "Nghị định 61/2018/NĐ-CP"
sipas = "ket_qua_dich_vu"
severity = "nghiem_trong"
pass_if = "late_with_apology >= late"

[[sections.items.fields]]
code = "late"
label = "Số hồ sơ trễ hạn"

[[sections.items.fields]]
code = "late_with_apology"
label = "Trong đó có Phiếu xin lỗi"
'''


def form_text(code: str = "TEST-FORM", version: int = 1, extra_title: str = "") -> str:
    return (
        VALID_FORM.replace('code = "TEST-FORM"', f'code = "{code}"')
        .replace("version = 1", f"version = {version}")
        .replace('title = "Phiếu thử nghiệm"', f'title = "Phiếu thử nghiệm{extra_title}"')
    )
