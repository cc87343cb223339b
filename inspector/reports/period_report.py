"""Báo cáo kết quả kiểm tra công vụ: a period's figures (services.reporting) as a Vietnamese report laid out
as Decree 30/2020/NĐ-CP lays out an administrative text (the header, number and date line, title, body, the
signature and "Nơi nhận" of reports.minutes), with charts drawn by ReportLab's graphics: bars per section,
the trend per quarter and a unit × section heat map."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector.domain.report_figures import Figures, Tally
from inspector.domain.satisfaction import interval_text
from inspector.domain.satisfaction import percent as sat_percent
from inspector.reports.fonts import register_fonts
from inspector.reports.minutes import (
    BODY_PT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    WIDTH,
    _grid,
    _p,
    _Rule,
    _Styles,
    _text_width,
    date_in_words,
    number_text,
    parent_line,
)

HEAT_UNITS = 25          # the heat map's rows: the units with the most items failed
FAIL_RED = colors.Color(0.78, 0.16, 0.16)
THIS_BLUE = colors.Color(0.16, 0.36, 0.62)
PREVIOUS_GREY = colors.Color(0.70, 0.70, 0.70)


@dataclass(frozen=True)
class ReportHeader:
    parent_agency: str        # "Ủy ban nhân dân tỉnh Vĩnh Long" ("": none)
    issuing_agency: str       # "Sở Nội vụ"
    symbol: str               # "BC-SNV"
    place: str                # "Vĩnh Long"
    made_on: date
    number: str = ""          # "" prints "Số: …/BC-SNV" for the clerk to fill in
    signer_title: str = "Thủ trưởng cơ quan"
    recipients: tuple[str, ...] = ()


def percent(value: float | None) -> str:
    """"3,2%" (Vietnamese decimal comma); "—" without a base."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def number(value: int) -> str:
    """"12.345": thousands with a dot, as Vietnamese texts write them."""
    return f"{value:,}".replace(",", ".")


def change(now: float | None, before: float | None, *, points: bool = False) -> str:
    if now is None or before is None:
        return "—"
    if points:
        delta = (now - before) * 100
        return ("+" if delta > 0 else "") + f"{delta:.1f}".replace(".", ",") + " điểm %"
    if not before:
        return "—"
    delta = (now - before) / before * 100
    return ("+" if delta > 0 else "") + f"{delta:.0f}%"


def _table(rows: list[list[str]], widths: list[float], s: _Styles, *, numeric_from: int = 2) -> Table:
    right = ParagraphStyle("num", parent=s.cell, alignment=TA_RIGHT)
    cells = [[_p(h, s.cell_head) for h in rows[0]]]
    for row in rows[1:]:
        cells.append([_p(v, right if n >= numeric_from else s.cell) for n, v in enumerate(row)])
    return _grid(cells, widths)


# --- charts -----------------------------------------------------------------------------------------------


def section_bars(figures: Figures, width: float = WIDTH, height: float = 62 * mm) -> Drawing:
    """The share of items failed per section, this period beside the previous one."""
    font = register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 14 * mm, width - 18 * mm, height - 22 * mm
    before = {s.key: s.tally.fail_rate for s in figures.previous.sections} if figures.previous else {}
    chart.data = [[(s.tally.fail_rate or 0) * 100 for s in figures.sections],
                  [(before.get(s.key) or 0) * 100 for s in figures.sections]]
    chart.categoryAxis.categoryNames = [s.key.code for s in figures.sections]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f}%"
    chart.bars[0].fillColor, chart.bars[1].fillColor = THIS_BLUE, PREVIOUS_GREY
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    drawing.add(String(0, height - 6, "Tỷ lệ nội dung không đạt theo nhóm nội dung (%)", fontName=font, fontSize=9))
    legend = Legend()
    legend.fontName, legend.fontSize, legend.x, legend.y = font, 8, width - 62 * mm, height - 3
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 8, 8
    legend.colorNamePairs = [(THIS_BLUE, "Kỳ này"), (PREVIOUS_GREY, "Kỳ trước")]
    drawing.add(legend)
    return drawing


def trend_chart(figures: Figures, width: float = WIDTH, height: float = 58 * mm) -> Drawing:
    """Visits made per quarter (bars) and items failed per visit (line), the last quarters to the period's end."""
    font = register_fonts()
    drawing = Drawing(width, height)
    half = (width - 6 * mm) / 2
    quarters = figures.quarters
    names = [q.period.short_label for q in quarters]
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 12 * mm, 14 * mm, half - 14 * mm, height - 24 * mm
    bars.data = [[q.visits for q in quarters]]
    bars.categoryAxis.categoryNames = names
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = half + 18 * mm, 14 * mm, half - 18 * mm, height - 24 * mm
    line.data = [[round(q.failed_per_visit or 0, 2) for q in quarters]]
    line.categoryAxis.categoryNames = names
    line.lines[0].strokeColor, line.lines[0].strokeWidth = FAIL_RED, 1.5
    for chart in (bars, line):
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
        chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
        chart.categoryAxis.labels.angle, chart.categoryAxis.labels.dy, chart.categoryAxis.labels.boxAnchor = 30, -2, "ne"
        chart.valueAxis.valueMin = 0
        drawing.add(chart)
    bars.bars[0].fillColor = THIS_BLUE
    drawing.add(String(0, height - 7, "Số buổi kiểm tra theo quý", fontName=font, fontSize=9))
    drawing.add(String(half + 6 * mm, height - 7, "Số nội dung không đạt bình quân mỗi buổi", fontName=font, fontSize=9))
    return drawing


def heat_colour(rate: float | None) -> colors.Color:
    """White at 0, deep red at 20% of items failed or more; grey where nothing was checked."""
    if rate is None:
        return colors.Color(0.93, 0.93, 0.93)
    t = min(rate / 0.2, 1.0)
    return colors.Color(1.0, 1.0 - 0.8 * t, 1.0 - 0.85 * t)


def heat_map(figures: Figures, width: float = WIDTH, limit: int = HEAT_UNITS) -> Drawing:
    """Units (rows, the most items failed first) × sections (columns), each cell coloured by its share failed."""
    font = register_fonts()
    units = figures.heat[:limit]
    sections = figures.sections
    label_w, row_h, head_h = 62 * mm, 5.2 * mm, 8 * mm
    cell_w = (width - label_w) / max(len(sections), 1)
    height = head_h + row_h * len(units) + 12 * mm
    drawing = Drawing(width, height)
    top = height - head_h
    for n, section in enumerate(sections):
        drawing.add(String(label_w + cell_w * (n + 0.5), top + 2, section.key.code, fontName=font, fontSize=7.5,
                           textAnchor="middle"))
    for r, unit in enumerate(units):
        y = top - row_h * (r + 1)
        name = unit.name if _text_width(unit.name, ParagraphStyle("x", fontName=font, fontSize=7)) < label_w - 4 \
            else _shorten(unit.name, font, 7, label_w - 4)
        drawing.add(String(0, y + 1.5 * mm, name, fontName=font, fontSize=7))
        for n, section in enumerate(sections):
            tally = unit.sections.get(section.key) or Tally()
            rate = tally.fail_rate
            drawing.add(Rect(label_w + cell_w * n, y, cell_w, row_h, fillColor=heat_colour(rate),
                             strokeColor=colors.white, strokeWidth=0.5))
            if rate:
                drawing.add(String(label_w + cell_w * (n + 0.5), y + 1.6 * mm, f"{rate * 100:.0f}", fontName=font,
                                   fontSize=6.5, textAnchor="middle"))
    # the scale
    y = 1 * mm
    drawing.add(String(0, y + 1, "Tỷ lệ không đạt:", fontName=font, fontSize=7))
    for n, rate in enumerate((0.0, 0.05, 0.1, 0.15, 0.2)):
        x = 28 * mm + n * 16 * mm
        drawing.add(Rect(x, y, 6 * mm, 3.5 * mm, fillColor=heat_colour(rate), strokeColor=colors.grey, strokeWidth=0.3))
        drawing.add(String(x + 7 * mm, y + 1, f"{rate * 100:.0f}%" + ("+" if rate == 0.2 else ""), fontName=font, fontSize=7))
    drawing.add(Line(0, top - row_h * len(units) - 1, width, top - row_h * len(units) - 1, strokeColor=colors.white))
    return drawing


def _shorten(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- the document ----------------------------------------------------------------------------------------


def _header(header: ReportHeader, s: _Styles) -> Table:
    issuing = header.issuing_agency.upper()
    left = [
        *([_p(parent_line(header.parent_agency), s.header_small)] if header.parent_agency.strip() else []),
        _p(issuing, s.header_bold), Spacer(1, 5),
        _Rule(min(_text_width(issuing, s.header_bold), 60 * mm) * 0.5), Spacer(1, 4),
        _p(f"Số: {number_text(header.number)}/{header.symbol}", s.center),
    ]
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [_p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.header_bold), _p(motto, s.motto), Spacer(1, 5),
             _Rule(_text_width(motto, s.motto)), Spacer(1, 6),
             _p(f"{header.place}, {date_in_words(header.made_on)}", s.place)]
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.body.fontName), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _overview(f: Figures, s: _Styles) -> list[Flowable]:
    p = f.previous
    rows = [["TT", "Chỉ tiêu", "Kỳ này", f"Kỳ trước ({p.period.short_label})" if p else "Kỳ trước", "Tăng, giảm"]]

    def line(n: int, label: str, now: int, before: int | None) -> None:
        rows.append([str(n), label, number(now), number(before) if before is not None else "—",
                     change(now, before) if before is not None else "—"])

    line(1, "Số buổi kiểm tra đã thực hiện", f.visits, p.visits if p else None)
    line(2, "- Báo trước (theo kế hoạch)", f.announced, p.announced if p else None)
    line(3, "- Đột xuất (không báo trước)", f.unannounced, p.unannounced if p else None)
    line(4, "Số đơn vị được kiểm tra", f.units, p.units if p else None)
    line(5, "Số điểm tiếp nhận (Bộ phận Một cửa) được kiểm tra", f.points, p.points if p else None)
    line(6, "Số nội dung đã đánh giá (Đạt, Không đạt)", f.total.assessed, p.total.assessed if p else None)
    line(7, "Số nội dung không đạt", f.total.failed, p.total.failed if p else None)
    rows.append(["8", "Tỷ lệ nội dung không đạt", percent(f.total.fail_rate), percent(p.total.fail_rate) if p else "—",
                 change(f.total.fail_rate, p.total.fail_rate, points=True) if p else "—"])
    story: list[Flowable] = [_table(rows, [10 * mm, WIDTH - 10 * mm - 3 * 28 * mm, 28 * mm, 28 * mm, 28 * mm], s)]
    notes = []
    if f.visits != f.concluded:
        notes.append(f"Kết quả dưới đây tính trên {number(f.concluded)} buổi đã được duyệt; "
                     f"{number(f.visits - f.concluded)} buổi đang kiểm tra hoặc chờ duyệt chưa được tính.")
    if f.without_body:
        notes.append(f"Trong đó có {number(f.without_body)} buổi không thuộc đợt kiểm tra của cơ quan kiểm tra nào.")
    story += [_p(n, s.body) for n in notes]
    return story


def _sections(f: Figures, s: _Styles) -> list[Flowable]:
    if not f.sections:
        return [_p("Trong kỳ chưa có buổi kiểm tra nào đã được duyệt.", s.body)]
    before = {x.key: x.tally.fail_rate for x in f.previous.sections} if f.previous else {}
    rows = [["Mã", "Nhóm nội dung kiểm tra", "Đạt", "Không đạt", "Không áp dụng", "Tỷ lệ không đạt", "Kỳ trước"]]
    for section in f.sections:
        t = section.tally
        rows.append([section.key.code, section.title, number(t.passed), number(t.failed), number(t.not_applicable),
                     percent(t.fail_rate), percent(before.get(section.key))])
    return [_table(rows, [14 * mm, WIDTH - 14 * mm - 5 * 20 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm], s),
            Spacer(1, 6), section_bars(f)]


def _criteria(f: Figures, s: _Styles) -> list[Flowable]:
    before = {c.criterion: c.tally.fail_rate for c in f.previous.criteria} if f.previous else {}
    rows = [["TT", "Tiêu chí SIPAS", "Đạt", "Không đạt", "Tỷ lệ không đạt", "Kỳ trước"]]
    for n, c in enumerate(f.criteria, 1):
        rows.append([str(n), c.label, number(c.tally.passed), number(c.tally.failed), percent(c.tally.fail_rate),
                     percent(before.get(c.criterion))])
    return [_table(rows, [10 * mm, WIDTH - 10 * mm - 4 * 22 * mm, 22 * mm, 22 * mm, 22 * mm, 22 * mm], s)]


def _satisfaction(f: Figures, s: _Styles) -> list[Flowable]:
    """The citizens' reference index per SIPAS criterion beside the share of the inspectors' items failed."""
    index = f.satisfaction
    assert index is not None
    found = {c.criterion: c.tally.fail_rate for c in f.criteria}
    rows = [["TT", "Tiêu chí SIPAS", "Chỉ số hài lòng tham khảo", "n", "Khoảng tin cậy 95%",
             "Tỷ lệ không đạt (Đoàn kiểm tra)"]]
    for n, c in enumerate(index.criteria, 1):
        rows.append([str(n), c.label, sat_percent(c.value), number(c.respondents), interval_text(c.interval),
                     percent(found.get(c.criterion))])
    rows.append(["", "Chỉ số chung", sat_percent(index.value), number(index.respondents), interval_text(index.interval),
                 percent(f.total.fail_rate)])
    note = ParagraphStyle("formula", parent=s.sign_note, alignment=TA_LEFT, fontSize=11, leading=13.5, spaceBefore=3)
    story: list[Flowable] = [
        _p(f"Trong kỳ có {number(index.responses)} phiếu khảo sát nhanh người dân, tổ chức tại các điểm được kiểm tra "
           f"({number(index.respondents)} người trả lời ít nhất một câu hỏi). Bên cạnh chỉ số là tỷ lệ nội dung "
           f"không đạt mà Đoàn kiểm tra ghi nhận ở cùng tiêu chí.", s.body),
        _table(rows, [10 * mm, WIDTH - 10 * mm - 24 * mm - 14 * mm - 30 * mm - 30 * mm, 24 * mm, 14 * mm, 30 * mm,
                      30 * mm], s),
        _p(index.formula.line, note)]
    if index.small:
        story.append(_p(f"Cỡ mẫu nhỏ (dưới {index.formula.small_sample} người trả lời): chỉ số chỉ để tham khảo.", note))
    return story


def _shortcomings(f: Figures, s: _Styles) -> list[Flowable]:
    if not f.shortcomings:
        return [_p("Không có nội dung không đạt.", s.body)]
    rows = [["TT", "Nội dung không đạt", "Nhóm", "Số lần", "Tỷ lệ"]]
    for n, item in enumerate(f.shortcomings, 1):
        rows.append([str(n), f"{item.code}. {item.text}", item.section_title, number(item.failed),
                     percent(item.failed / item.assessed if item.assessed else None)])
    return [_table(rows, [10 * mm, WIDTH - 10 * mm - 42 * mm - 32 * mm, 42 * mm, 16 * mm, 16 * mm], s, numeric_from=3)]


def _staff(f: Figures, s: _Styles) -> list[Flowable]:
    if not f.staff:
        return [_p("Không có công chức bị ghi nhận không đạt từ hai buổi kiểm tra trở lên.", s.body)]
    rows = [["TT", "Họ và tên, chức vụ", "Nơi làm việc", "Số buổi", "Số nội dung"]]
    for n, person in enumerate(f.staff, 1):
        who = person.full_name + (f", {person.position}" if person.position else "")
        rows.append([str(n), who, person.point_name, number(person.visits), number(person.findings)])
    return [_table(rows, [10 * mm, 52 * mm, WIDTH - 10 * mm - 52 * mm - 36 * mm, 16 * mm, 20 * mm], s, numeric_from=3)]


def _remediation(f: Figures, s: _Styles) -> list[Flowable]:
    p = f.previous
    rows = [["TT", "Kiến nghị khắc phục", "Kỳ này", "Kỳ trước"]]
    now, before = f.remediation, p.remediation if p else None
    for n, (label, attr) in enumerate((
            ("Tổng số kiến nghị", "total"), ("Đã khắc phục đúng hạn", "done_on_time"),
            ("Đã khắc phục nhưng trễ hạn", "done_late"),
            (f"Quá hạn chưa khắc phục xong (đến ngày {f.as_of:%d/%m/%Y})", "overdue"),
            ("Chưa khắc phục, còn trong hạn", "open_in_time"),
            ("Đơn vị báo đã khắc phục, chờ xác nhận", "reported"), ("Đã kiểm tra, xác nhận", "verified"),
            ("Đã đóng", "closed"), ("Hủy bỏ", "cancelled")), 1):
        rows.append([str(n), label, number(getattr(now, attr)), number(getattr(before, attr)) if before else "—"])
    done = now.done_on_time + now.done_late
    story: list[Flowable] = [_table(rows, [10 * mm, WIDTH - 10 * mm - 2 * 28 * mm, 28 * mm, 28 * mm], s)]
    if now.total:
        story.append(_p(f"Tỷ lệ kiến nghị đã khắc phục: {percent(done / now.total)}, trong đó đúng hạn "
                        f"{percent(now.done_on_time / done if done else None)} số đã khắc phục.", s.body))
    return story


def _rules(f: Figures, s: _Styles) -> list[Flowable]:
    lines = [
        "Buổi kiểm tra tính theo ngày kiểm tra, đã bắt đầu (kể cả đột xuất); không tính buổi đã xóa.",
        "Kết quả (nhóm nội dung, tiêu chí SIPAS, hạn chế thường gặp, công chức, bản đồ nhiệt) chỉ tính các buổi "
        "đã được lãnh đạo duyệt. Tỷ lệ không đạt = số nội dung Không đạt / (Đạt + Không đạt).",
        "Nội dung kiểm tra khắc phục sinh từ kiến nghị của lần trước được tính vào tiêu chí SIPAS của kiến nghị đó.",
        "Công chức có sai phạm lặp lại: có tên ở nội dung không đạt của từ hai buổi kiểm tra trở lên trong kỳ.",
        "Kiến nghị: của các buổi kiểm tra trong kỳ, tình trạng đến ngày lập báo cáo; đúng hạn, trễ hạn so với "
        "thời hạn hiện hành (sau gia hạn); quá hạn: chưa khắc phục hoặc chờ xác nhận mà đã quá thời hạn.",
        "Kỳ trước: kỳ liền trước có cùng độ dài; cùng cơ quan kiểm tra, cùng cách tính.",
    ]
    if f.satisfaction is not None and f.satisfaction.responses:
        lines.append("Chỉ số hài lòng tham khảo: phiếu khảo sát nhanh của các buổi kiểm tra trong kỳ (đã bắt đầu, "
                     "không xóa), kể cả buổi chưa được duyệt; phiếu bỏ dở được tính cho các câu đã trả lời.")
    return [_p(f"- {line}", s.bullet) for line in lines]


def _signature(header: ReportHeader, s: _Styles) -> Table:
    recipients = [_p("Nơi nhận:", s.recipients_head)] + [
        _p(f"- {r}", s.recipients) for r in (header.recipients or ("Như trên;", "Lưu: VT."))]
    sign = [_p(header.signer_title.upper(), s.sign_head), _p("(Ký, ghi rõ họ tên, đóng dấu)", s.sign_note),
            Spacer(1, 26 * mm)]
    table = Table([[recipients, sign]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.body.fontName), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def render_period_report(figures: Figures, header: ReportHeader) -> bytes:
    s = _Styles()
    f = figures
    out = io.BytesIO()
    title = f"Báo cáo kết quả kiểm tra công vụ {f.period.label}"
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=header.issuing_agency, subject="Báo cáo kết quả kiểm tra công vụ",
        creator="Inspector", lang="vi-VN", initialFontName=s.body.fontName, initialFontSize=BODY_PT)
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, WIDTH, A4[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def decor(canvas, doc_):  # type: ignore[no-untyped-def]
        if canvas.getPageNumber() >= 2:  # Decree 30: numbered from the second page, centred in the top margin
            canvas.saveState()
            canvas.setFont(s.body.fontName, 13)
            canvas.drawCentredString(MARGIN_LEFT + WIDTH / 2, A4[1] - MARGIN_TOP / 2, str(canvas.getPageNumber()))
            canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decor)])
    scope = f"của {f.body_name}" if f.scope.body_id is not None else "của các cơ quan kiểm tra"
    caption = ParagraphStyle("caption", parent=s.sign_note, alignment=TA_CENTER, spaceAfter=6)
    # A heading stays with the top of its table, not with the whole table (which may take a page).
    s.heading = ParagraphStyle("report_heading", parent=s.heading, keepWithNext=False)
    s.subheading = ParagraphStyle("report_subheading", parent=s.subheading, keepWithNext=False)

    def head(text: str, style: ParagraphStyle) -> list[Flowable]:
        return [CondPageBreak(45 * mm), _p(text, style)]

    story: list[Flowable] = [
        _header(header, s), _p("BÁO CÁO", s.title),
        _p(f"Kết quả kiểm tra công vụ tại Bộ phận Một cửa {f.period.label}", s.subtitle),
        _p(f"Thực hiện nhiệm vụ kiểm tra công vụ, {header.issuing_agency} báo cáo kết quả kiểm tra công vụ {scope} "
           f"từ ngày {f.period.start:%d/%m/%Y} đến ngày {f.period.end:%d/%m/%Y} như sau:", s.body),
        *head("I. TÌNH HÌNH THỰC HIỆN", s.heading), *_overview(f, s),
        *head("II. KẾT QUẢ KIỂM TRA", s.heading),
        *head("1. Kết quả theo nhóm nội dung kiểm tra", s.subheading), *_sections(f, s),
        *head("2. Kết quả theo tiêu chí của Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", s.subheading), *_criteria(f, s),
        *head("3. Những hạn chế, tồn tại thường gặp", s.subheading), *_shortcomings(f, s),
        *head("4. Công chức có sai phạm lặp lại", s.subheading), *_staff(f, s),
        *head("5. Xu hướng theo quý", s.subheading), trend_chart(f),
    ]
    if f.heat:
        shown = min(len(f.heat), HEAT_UNITS)
        story += [CondPageBreak(80 * mm), KeepTogether([
            _p("6. Kết quả theo đơn vị và nhóm nội dung", s.subheading),
            _p(f"{shown} đơn vị có nhiều nội dung không đạt nhất (trên {number(len(f.heat))} đơn vị được kiểm tra); "
               f"số trong ô là tỷ lệ không đạt (%).", s.body),
            heat_map(f), _p("Ô xám: nhóm nội dung không được kiểm tra ở đơn vị đó.", caption)])]
    if f.satisfaction is not None and f.satisfaction.responses:
        story += [*head(f"{7 if f.heat else 6}. Ý kiến người dân, tổ chức: {f.satisfaction.formula.label}", s.subheading),
                  *_satisfaction(f, s)]
    story += [*head("III. KẾT QUẢ KHẮC PHỤC SAU KIỂM TRA", s.heading), *_remediation(f, s),
              *head("IV. CÁCH TÍNH CÁC SỐ LIỆU", s.heading), *_rules(f, s),
              Spacer(1, 10), KeepTogether([_signature(header, s)])]
    doc.build(story)
    return out.getvalue()
