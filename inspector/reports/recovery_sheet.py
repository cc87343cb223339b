"""The recovery key sheet (tờ mã khôi phục): one A4 page to print and keep locked away.

The database is encrypted with one random key, wrapped once per user with their password and once with
the recovery key (store.crypto). When every administrator's password is forgotten, this sheet is the
only way back in; the page says so, and says how to keep it.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from inspector.domain.clock import local
from inspector.reports.fonts import register_fonts

KEY_FONT = "Courier-Bold"  # the key is base32 (A–Z, 2–7) and hyphens: ASCII, so the built-in font serves


def key_lines(key: str, groups_per_line: int = 4) -> list[str]:
    """The key as printed: its hyphen-separated groups, ``groups_per_line`` to a line."""
    groups = [g for g in key.replace(" ", "-").split("-") if g]
    return ["-".join(groups[i:i + groups_per_line]) for i in range(0, len(groups), groups_per_line)] or [key]


def render_recovery_sheet(database: str, key: str, made_at: datetime) -> bytes:
    """The sheet, as PDF bytes: where the database is, when the key was made, the key, what it is for."""
    font = register_fonts()
    title = ParagraphStyle("title", fontName=f"{font}-Bold", fontSize=17, leading=22, alignment=TA_CENTER,
                           spaceAfter=4 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=16, spaceAfter=2.5 * mm)
    head = ParagraphStyle("head", parent=body, fontName=f"{font}-Bold", spaceBefore=3 * mm, spaceAfter=1.5 * mm)
    warning = ParagraphStyle("warning", parent=body, fontName=f"{font}-Bold", textColor=colors.HexColor("#9b0000"))
    key_style = ParagraphStyle("key", fontName=KEY_FONT, fontSize=19, leading=28, alignment=TA_CENTER)

    shown = local(made_at)
    story = [
        Paragraph("MÃ KHÔI PHỤC DỮ LIỆU INSPECTOR", title),
        Paragraph(f"<b>Cơ sở dữ liệu:</b> {escape(database)}", body),
        Paragraph(f"<b>Tạo lúc:</b> {shown:%H:%M} ngày {shown:%d/%m/%Y}", body),
        Spacer(1, 3 * mm),
    ]
    box = Table([[Paragraph("<br/>".join(escape(line) for line in key_lines(key)), key_style)]],
                colWidths=[170 * mm])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
    ]))
    story += [box, Spacer(1, 4 * mm)]
    story += [
        Paragraph("Mã này dùng để làm gì", head),
        Paragraph("Dữ liệu kiểm tra trên máy tính này (cơ sở dữ liệu và các bản sao lưu) được mã hóa. Mỗi người "
                  "dùng mở dữ liệu bằng mật khẩu của chính mình. Nếu <b>mọi quản trị viên đều quên mật khẩu</b>, "
                  "mã khôi phục này là cách duy nhất để mở lại dữ liệu: trên màn hình đăng nhập của Inspector, "
                  "bấm «Quên mật khẩu?», nhập mã này (không cần phân biệt chữ hoa, chữ thường, dấu gạch), rồi "
                  "đặt mật khẩu mới cho quản trị.", body),
        Paragraph("Cất giữ thế nào", head),
        Paragraph("Cất tờ này ở nơi có khóa, tách khỏi máy tính (ví dụ tủ hồ sơ mật của cơ quan). Ai có mã "
                  "này và một bản sao của tệp dữ liệu thì đọc được toàn bộ dữ liệu. Không chụp ảnh, không gửi "
                  "qua thư điện tử hay tin nhắn, không lưu trên máy tính; nếu đã lưu tờ này thành tệp PDF, hãy in "
                  "ra rồi xóa tệp.", body),
        Spacer(1, 2 * mm),
        KeepTogether([Paragraph("Cảnh báo", head),
                      Paragraph("Nếu quên mật khẩu của mọi quản trị viên VÀ mất mã khôi phục này, dữ liệu mất "
                                "vĩnh viễn: không ai mở lại được, kể cả người làm ra phần mềm.", warning)]),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                            bottomMargin=20 * mm, title="Mã khôi phục dữ liệu Inspector", author="Inspector")
    doc.build(story)
    return buffer.getvalue()
