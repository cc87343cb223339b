"""Biên bản kiểm tra: the inspection minutes laid out as Decree 30/2020/NĐ-CP prescribes.

A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
Times-compatible font, body 13 pt; a two-column header (parent body in capitals,
"Ủy ban nhân dân" shortened to "UBND", issuing body in bold capitals with a short
rule and the number on the left; national title and motto on the right, each with
its rule); place and date in italics; title and subtitle; the body; signature
blocks, never alone on their page (the closing paragraph and the last paragraph
before it move with them); "Nơi nhận" under them on the left; page numbers
centred at the top from page 2; photos in an appendix.

Shortcomings are printed once: the table of failed items (item, what was seen and
the values counted, legal basis, staff, photos) is the record; the inspectors' own
words (``MinutesData.shortcomings``, less what only repeats the table: see
``services.minutes.own_words``) follow it as "Nhận xét chung".

Photos are stored as JPEG (services.photos) and embedded as they are: the
stored bytes become the image stream with /DCTDecode, neither decoded nor
re-encoded (:class:`_Jpeg`), so the PDF grows by the size of the photos and
rendering does not decode them.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from inspector.reports.fonts import register_fonts

MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
BODY_PT = 13
WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT


@dataclass(frozen=True)
class Person:
    full_name: str
    position: str = ""
    role: str = ""


@dataclass(frozen=True)
class Finding:
    """A shortcoming: a failed checklist item with what was seen."""

    code: str
    text: str
    note: str
    legal_basis: str
    staff: tuple[str, ...] = ()
    photo_numbers: tuple[int, ...] = ()
    counted: str = ""             # a numeric item's values, "12/30 hồ sơ trễ hẹn"


@dataclass(frozen=True)
class RecommendationLine:
    text: str
    owner: str
    deadline: date | None


@dataclass(frozen=True)
class SectionTally:
    title: str
    total: int
    passed: int
    failed: int
    not_applicable: int


@dataclass(frozen=True)
class Photo:
    number: int
    item_code: str
    caption: str
    data: bytes


@dataclass(frozen=True)
class SurveyRow:
    """A SIPAS criterion in the survey section: the citizens' reference index beside what the inspectors found."""

    label: str                    # "Tiếp cận dịch vụ"; "Chỉ số chung" for the last row
    index: str                    # "82,4%" or "—"
    respondents: int              # n
    interval: str                 # "75,1–88,0%" or "—"
    found: str                    # "Đạt 5/6, không đạt 1" (the inspectors, same criterion, this visit)


@dataclass(frozen=True)
class SurveySection:
    """Chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm): printed after the findings when the visit has survey
    responses and the option is on (services.minutes)."""

    intro: str                    # who was asked, how many, how
    rows: tuple[SurveyRow, ...]   # per criterion, then overall
    formula: str                  # the formula line (its code and version, the interval's method)
    notes: tuple[str, ...] = ()   # e.g. the small-sample caution


@dataclass(frozen=True)
class MinutesData:
    parent_agency: str            # cơ quan chủ quản, e.g. "Ủy ban nhân dân tỉnh Vĩnh Long" ("": none)
    issuing_agency: str           # e.g. "Sở Nội vụ"
    number: str                   # "05" once numbered by the clerk; "" prints "Số: …"
    number_suffix: str            # "BB-SNV"
    place: str                    # địa danh, e.g. "Vĩnh Long"
    made_on: date
    subtitle: str                 # "Kiểm tra công vụ tại Bộ phận Một cửa Ủy ban nhân dân Phường 2"
    decision: str                 # "Quyết định số 15/QĐ-UBND ngày 10/01/2026 của Ủy ban nhân dân thành phố Trà Vinh"
    round_name: str
    announced: bool
    started_at: datetime          # local (Vietnam) wall-clock time
    ended_at: datetime | None
    location: str
    inspected_unit: str
    team: tuple[Person, ...]
    representatives: tuple[Person, ...]
    tallies: tuple[SectionTally, ...]
    good_points: str
    shortcomings: str             # the inspectors' own words, printed after the findings table
    findings: tuple[Finding, ...]
    conclusions: str
    recommendations: tuple[RecommendationLine, ...]
    unit_opinion: str
    copies: int = 3
    recipients: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = field(default_factory=tuple)
    draft: bool = False
    inspected_point: str = ""     # "Trung tâm Phục vụ hành chính công phường Trà Vinh"
    leader_title: str = "Trưởng đoàn"
    recorder_title: str = "Thư ký"
    # Lần ban hành: 1 for the minutes as first numbered; 2… after a reopening, printed under the title
    # with the date of the revision it replaces (the earlier PDF is kept as issued).
    revision: int = 1
    replaces_on: date | None = None
    # The history's head when numbered (services.audit.anchor, "NK 000123-3fa9c2d1e0b7"), printed small under
    # the recipients of numbered minutes: the paper a rewritten or shortened history is checked against.
    anchor: str = ""
    # The reference satisfaction index of the visit's on-the-spot survey (None: not printed).
    survey: SurveySection | None = None


def date_in_words(day: date) -> str:
    """"ngày 05 tháng 02 năm 2026": a zero before days under 10 and months 1 and 2 (Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def revision_line(revision: int, replaces_on: date | None) -> str:
    """"(Bản ban hành lần 2, thay thế bản ban hành ngày 05/12/2026)": under the subtitle of a revised minutes."""
    replaced = f", thay thế bản ban hành ngày {replaces_on:%d/%m/%Y}" if replaces_on else ""
    return f"(Bản ban hành lần {revision}{replaced})"


def time_in_words(moment: datetime) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


class _Styles:
    def __init__(self) -> None:
        font = register_fonts()
        base = ParagraphStyle("body", fontName=font, fontSize=BODY_PT, leading=BODY_PT * 1.3, alignment=TA_JUSTIFY,
                              firstLineIndent=10 * mm, spaceAfter=4)
        self.body = base
        self.plain = ParagraphStyle("plain", parent=base, firstLineIndent=0)
        self.body_bold = ParagraphStyle("body_bold", parent=base, fontName=f"{font}-Bold", keepWithNext=True)
        self.bullet = ParagraphStyle("bullet", parent=base, firstLineIndent=0, leftIndent=10 * mm)
        self.heading = ParagraphStyle("heading", parent=base, fontName=f"{font}-Bold", firstLineIndent=10 * mm,
                                      spaceBefore=6, alignment=TA_LEFT, keepWithNext=True)
        self.subheading = ParagraphStyle("subheading", parent=self.heading, fontName=f"{font}-Bold")
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
        self.header_small = ParagraphStyle("header_small", parent=self.center, fontSize=12.5, leading=15)
        self.header_bold = ParagraphStyle("header_bold", parent=self.center, fontName=f"{font}-Bold", fontSize=12.5, leading=15)
        self.motto = ParagraphStyle("motto", parent=self.center, fontName=f"{font}-Bold", fontSize=13.5, leading=16)
        self.place = ParagraphStyle("place", parent=self.center, fontName=f"{font}-Italic", fontSize=13.5, leading=16)
        self.title = ParagraphStyle("title", parent=self.center, fontName=f"{font}-Bold", fontSize=14, leading=18, spaceBefore=12)
        self.subtitle = ParagraphStyle("subtitle", parent=self.center, fontName=f"{font}-Bold", fontSize=14, leading=18, spaceAfter=10)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=12, leading=14.5, firstLineIndent=0, alignment=TA_LEFT, spaceAfter=0)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, fontName=f"{font}-Bold", alignment=TA_CENTER)
        self.sign_head = ParagraphStyle("sign_head", parent=self.center, fontName=f"{font}-Bold", fontSize=13)
        self.sign_note = ParagraphStyle("sign_note", parent=self.center, fontName=f"{font}-Italic", fontSize=12)
        self.recipients_head = ParagraphStyle("recipients_head", parent=self.plain, fontName=f"{font}-BoldItalic",
                                              fontSize=12, leading=14, alignment=TA_LEFT)
        self.recipients = ParagraphStyle("recipients", parent=self.plain, fontSize=11, leading=13, alignment=TA_LEFT, spaceAfter=0)
        self.caption = ParagraphStyle("caption", parent=self.center, fontName=f"{font}-Italic", fontSize=12, leading=14, spaceAfter=8)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _Rule(Flowable):
    """A thin horizontal line under a header line, centred in its column."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.rule_width = width
        self.height = 3

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        return available_width, self.height

    def draw(self) -> None:
        x = (self.available - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.height - 1, x + self.rule_width, self.height - 1)


def _text_width(text: str, style: ParagraphStyle) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, style.fontName, style.fontSize)


def parent_line(name: str) -> str:
    """The parent body as the header prints it: capitals, "Ủy ban nhân dân" shortened to "UBND"
    (Decree 30 allows it in this line), "UBND TỈNH VĨNH LONG"."""
    text = " ".join(name.split())
    for long in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
        if text.casefold().startswith(long.casefold()):
            text = "UBND" + text[len(long):]
            break
    return text.upper()


def number_text(number: str) -> str:
    """"7" → "07": printed numbers below 10 take a leading zero (Decree 30); "" → "…"."""
    return f"{int(number):02d}" if number.isdigit() else number or "…"


def _header(data: MinutesData, s: _Styles) -> Table:
    issuing = data.issuing_agency.upper()
    number = f"Số: {number_text(data.number)}/{data.number_suffix}"
    left = [
        *([_p(parent_line(data.parent_agency), s.header_small)] if data.parent_agency.strip() else []),
        _p(issuing, s.header_bold),
        Spacer(1, 5),
        _Rule(min(_text_width(issuing, s.header_bold), 60 * mm) * 0.5),
        Spacer(1, 4),
        _p(number, s.center),
    ]
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.header_bold),
        _p(motto, s.motto),
        Spacer(1, 5),
        _Rule(_text_width(motto, s.motto)),
        Spacer(1, 6),
        _p(f"{data.place}, {date_in_words(data.made_on)}", s.place),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), s.body.fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _grid(rows: list[list[Flowable]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),  # Table's default is an unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _people(people: tuple[Person, ...], s: _Styles) -> list[Flowable]:
    lines = []
    for person in people:
        parts = [person.full_name] + [p for p in (person.position, person.role) if p]
        lines.append(_p("- " + ", ".join(parts) + ";", s.bullet))
    if not lines:
        lines.append(_p("- (không có)", s.bullet))
    return lines


def _paragraphs(text: str, s: _Styles, empty: str = "Không có.") -> list[Flowable]:
    chunks = [c.strip() for c in text.splitlines() if c.strip()]
    return [_p(c, s.body) for c in chunks] or [_p(empty, s.body)]


def _body(data: MinutesData, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    kind = "đột xuất" if not data.announced else "theo kế hoạch"
    story.append(_p(f"Căn cứ {data.decision} về việc {data.round_name[0].lower() + data.round_name[1:]};"
                    if data.round_name else f"Căn cứ {data.decision};", s.body))
    story.append(_p(
        f"Hôm nay, vào lúc {time_in_words(data.started_at)}, {date_in_words(data.started_at.date())}, "
        f"tại {data.location or data.inspected_unit}, Đoàn kiểm tra tiến hành kiểm tra công vụ ({kind}) "
        f"tại {data.inspected_point or 'Bộ phận Tiếp nhận và Trả kết quả của ' + data.inspected_unit}.", s.body))

    story.append(_p("I. THÀNH PHẦN", s.heading))
    story.append(_p("1. Đoàn kiểm tra:", s.subheading))
    story += _people(data.team, s)
    story.append(_p("2. Đại diện đơn vị được kiểm tra:", s.subheading))
    story += _people(data.representatives, s)

    story.append(_p("II. NỘI DUNG KIỂM TRA", s.heading))
    rows: list[list[Flowable]] = [[_p(h, s.cell_head) for h in ("TT", "Nội dung kiểm tra", "Số nội dung", "Đạt", "Không đạt", "Không áp dụng")]]
    for n, tally in enumerate(data.tallies, 1):
        rows.append([_p(str(n), s.cell), _p(tally.title, s.cell)] + [
            _p(str(v), ParagraphStyle("num", parent=s.cell, alignment=TA_CENTER))
            for v in (tally.total, tally.passed, tally.failed, tally.not_applicable)
        ])
    story.append(_grid(rows, [10 * mm, WIDTH - 10 * mm - 4 * 20 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm]))

    story.append(_p("III. KẾT QUẢ KIỂM TRA", s.heading))
    story.append(_p("1. Ưu điểm:", s.subheading))
    story += _paragraphs(data.good_points, s)
    story.append(_p("2. Hạn chế, tồn tại:", s.subheading))
    own_words = data.shortcomings.strip()
    if data.findings:
        story.append(CondPageBreak(30 * mm))  # the line that opens the table, not alone at a page's foot
        story.append(_p("Các nội dung không đạt:", s.body))
        rows = [[_p(h, s.cell_head) for h in ("TT", "Nội dung không đạt", "Tồn tại ghi nhận", "Căn cứ", "Công chức liên quan")]]
        for n, finding in enumerate(data.findings, 1):
            seen = "\n".join(t for t in (finding.counted.strip(), finding.note.strip()) if t) or "—"
            if finding.photo_numbers:
                seen += " (ảnh số " + ", ".join(str(p) for p in finding.photo_numbers) + ")"
            rows.append([
                _p(str(n), s.cell), _p(f"{finding.code}. {finding.text}", s.cell), _p(seen, s.cell),
                _p(finding.legal_basis, s.cell), _p(", ".join(finding.staff) or "—", s.cell),
            ])
        story.append(_grid(rows, [10 * mm, 45 * mm, 45 * mm, 38 * mm, WIDTH - 138 * mm]))
        if own_words:
            story.append(_p("Nhận xét chung:", s.body_bold))
    if own_words or not data.findings:
        story += _paragraphs(own_words, s, "Không phát hiện hạn chế, tồn tại.")
    if data.survey is not None:
        story += _survey(data.survey, s)

    story.append(_p("IV. KẾT LUẬN VÀ KIẾN NGHỊ", s.heading))
    story.append(_p("1. Kết luận:", s.subheading))
    story += _paragraphs(data.conclusions, s)
    story.append(_p("2. Kiến nghị:", s.subheading))
    if data.recommendations:
        rows = [[_p(h, s.cell_head) for h in ("TT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn")]]
        for n, rec in enumerate(data.recommendations, 1):
            rows.append([_p(str(n), s.cell), _p(rec.text, s.cell), _p(rec.owner, s.cell),
                         _p(f"{rec.deadline:%d/%m/%Y}" if rec.deadline else "—", s.cell)])
        story.append(_grid(rows, [10 * mm, WIDTH - 10 * mm - 45 * mm - 25 * mm, 45 * mm, 25 * mm]))
    else:
        story.append(_p("Không có kiến nghị.", s.body))

    heading = _p("V. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA", s.heading)
    if data.unit_opinion.strip():
        opinion = _paragraphs(data.unit_opinion, s)
        lead, tail = opinion[:-1], opinion[-1:]
    else:  # left for the unit to write by hand at signing, not put in its mouth
        dots = "." * int(WIDTH / _text_width(".", s.plain) * 0.98)
        lead, tail = [], [_p(dots, s.plain) for _ in range(3)]
    # The heading goes with the first paragraph (keepWithNext), or with the last group below.
    if lead:
        story += [heading, *lead]
    else:
        tail.insert(0, heading)

    end = (f"vào lúc {time_in_words(data.ended_at)} "
           + ("cùng ngày" if data.ended_at.date() == data.started_at.date() else date_in_words(data.ended_at.date()))
           if data.ended_at else "")
    copies = f"{data.copies:02d}"
    closing = _p(
        f"Buổi kiểm tra kết thúc {end}. Biên bản đã được đọc lại cho các thành phần tham dự cùng nghe, thống nhất "
        f"và ký tên dưới đây. Biên bản được lập thành {copies} bản có giá trị như nhau: đơn vị được kiểm tra giữ "
        f"01 bản, Đoàn kiểm tra giữ {data.copies - 1:02d} bản./.", s.body)
    # Decree 30: a signature block never stands alone on a page. The closing paragraph always goes
    # with the signatures: one unsplittable block (a one-cell table; together they fit any page).
    # The paragraph before them goes too when all fits on one page; when it does not (a unit's
    # opinion longer than a page) it splits, and the block follows it whole.
    story.append(KeepTogether([*tail, _unsplit([closing, Spacer(1, 8), _signatures(data, s)])]))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(_recipients(data, s)))
    return story


def _survey(survey: SurveySection, s: _Styles) -> list[Flowable]:
    """III.3: the citizens' reference index per SIPAS criterion beside the inspectors' results, the formula under."""
    centred = ParagraphStyle("num", parent=s.cell, alignment=TA_CENTER)
    bold = ParagraphStyle("cell_bold", parent=s.cell, fontName=s.cell_head.fontName)
    rows: list[list[Flowable]] = [[_p(h, s.cell_head) for h in (
        "TT", "Tiêu chí SIPAS", "Chỉ số", "n", "Khoảng tin cậy 95%", "Kết quả kiểm tra của Đoàn (cùng tiêu chí)")]]
    last = len(survey.rows) - 1
    for n, row in enumerate(survey.rows):
        style = bold if n == last else s.cell
        rows.append([_p("" if n == last else str(n + 1), s.cell), _p(row.label, style), _p(row.index, centred),
                     _p(str(row.respondents), centred), _p(row.interval, centred), _p(row.found, s.cell)])
    note = ParagraphStyle("survey_note", parent=s.plain, fontName=s.sign_note.fontName, fontSize=11, leading=13.5,
                          spaceBefore=3)
    return [
        CondPageBreak(50 * mm),
        _p("3. Ý kiến của người dân, tổ chức (chỉ số hài lòng tham khảo - khảo sát nhanh tại điểm):", s.subheading),
        _p(survey.intro, s.body),
        _grid(rows, [10 * mm, 52 * mm, 18 * mm, 12 * mm, 30 * mm, WIDTH - 122 * mm]),
        _p(survey.formula, note),
        *[_p(line, note) for line in survey.notes],
    ]


def _unsplit(flowables: list[Flowable]) -> Table:
    """Flowables that move as one block and never split (a KeepTogether inside a KeepTogether would
    measure as "taller than any page" and always break the page)."""
    table = Table([[flowables]], colWidths=[WIDTH])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts())] + [
        (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]))
    return table


def _two_lines(title: str, style: ParagraphStyle, width: float) -> str:
    """A title too wide for its column broken into two lines of about the same width
    ("TRƯỞNG ĐOÀN KIỂM TRA" → "TRƯỞNG ĐOÀN\nKIỂM TRA"), not wrapped with one word left over."""
    words = title.split()
    if _text_width(title, style) <= width or len(words) < 2:
        return title
    splits = [(" ".join(words[:n]), " ".join(words[n:])) for n in range(1, len(words))]
    first, rest = min(splits, key=lambda pair: max(_text_width(part, style) for part in pair))
    return f"{first}\n{rest}"


def _signatures(data: MinutesData, s: _Styles) -> Table:
    def person(role: str) -> str:
        return next((p.full_name for p in data.team if p.role == role), "")

    unit = data.representatives[0].full_name if data.representatives else ""
    column = WIDTH / 3 - 4
    blocks = [
        ("ĐẠI DIỆN ĐƠN VỊ\nĐƯỢC KIỂM TRA", unit),
        (_two_lines(data.recorder_title.upper(), s.sign_head, column), person("Thư ký")),
        (_two_lines(data.leader_title.upper(), s.sign_head, column), person("Trưởng đoàn")),
    ]
    rows = [
        [_p(head, s.sign_head) for head, _ in blocks],
        [_p("(Ký, ghi rõ họ tên)", s.sign_note) for _ in blocks],
        [Spacer(1, 24 * mm) for _ in blocks],  # room to sign
        [_p(name, s.sign_head) for _, name in blocks],
    ]
    table = Table(rows, colWidths=[WIDTH / 3] * 3)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.body.fontName), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _recipients(data: MinutesData, s: _Styles) -> list[Flowable]:
    lines: list[Flowable] = [Paragraph("Nơi nhận:", s.recipients_head)]
    recipients = data.recipients or (f"{data.inspected_unit};", "Lưu: VT, Đoàn kiểm tra.")
    lines += [_p(f"- {r}", s.recipients) for r in recipients]
    if data.anchor and not data.draft:
        lines += [Spacer(1, 6), _p(f"Mã đối chiếu nhật ký: {data.anchor}", s.recipients)]
    return lines


_JPEG_COLOUR_SPACES = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}


def jpeg_info(data: bytes) -> tuple[int, int, int] | None:
    """(width, height, components) of a JPEG a PDF reader can decode as it is (8-bit baseline or progressive); else None."""
    if not data.startswith(b"\xff\xd8"):
        return None
    try:
        width, height, components, _dpi = readJPEGInfo(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - truncated, 12-bit, lossless, arithmetic…: let PIL handle it
        return None
    if width <= 0 or height <= 0 or components not in _JPEG_COLOUR_SPACES:
        return None
    return width, height, components


class _JpegXObject(PDFImageXObject):
    """An image XObject whose stream is the JPEG file itself, /Filter /DCTDecode.

    ReportLab's own path (``Canvas.drawImage``) decodes the whole image to name it
    and, with ``rl_config.useA85`` on (the default), wraps the JPEG in ASCII85
    (a quarter larger).
    """

    def __init__(self, name: str, data: bytes, info: tuple[int, int, int]) -> None:
        super().__init__(name)  # no source: nothing is read or decoded
        self.width, self.height, components = info
        self.bitsPerComponent = 8
        self.colorSpace = _JPEG_COLOUR_SPACES[components]
        self.streamContent = data
        self._filters = ("DCTDecode",)
        self.mask = None
        if components == 4:
            self._dotrans = 1  # Adobe writes CMYK JPEGs inverted; ReportLab then adds /Decode [1 0 1 0 1 0 1 0]


class _Jpeg(Flowable):
    """A JPEG drawn at a given size, its bytes embedded untouched (once, however often it is drawn)."""

    def __init__(self, data: bytes, info: tuple[int, int, int], width: float, height: float) -> None:
        super().__init__()
        self.data = data
        self.info = info
        self.width = width
        self.height = height
        self.hAlign = "CENTER"
        self.xobject_name = "JPEG" + hashlib.sha256(data).hexdigest()[:40]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if not canvas.hasForm(self.xobject_name):
            canvas._doc.addForm(self.xobject_name, _JpegXObject(self.xobject_name, self.data, self.info))
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas.doForm(self.xobject_name)  # "/FormXob.<name> Do": the image, in a unit square scaled to size
        canvas.restoreState()


def photo_flowable(data: bytes, max_width: float, max_height: float) -> Flowable:
    """A photo scaled to fit: a stored JPEG passes through as it is, anything else goes through PIL."""
    info = jpeg_info(data)
    if info is not None:
        w, h = info[0], info[1]
    else:
        with PILImage.open(io.BytesIO(data)) as image:
            w, h = image.size
    scale = min(max_width / w, max_height / h)
    if info is not None:
        return _Jpeg(data, info, w * scale, h * scale)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def _appendix(data: MinutesData, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), _p("PHỤ LỤC", s.title),
                             _p(f"Ảnh minh chứng kèm theo Biên bản số {number_text(data.number)}/{data.number_suffix}", s.subtitle)]
    max_height = 95 * mm
    for photo in data.photos:
        picture = photo_flowable(photo.data, WIDTH * 0.85, max_height)
        height = picture.wrap(WIDTH, max_height)[1]
        caption = f"Ảnh {photo.number}. {photo.item_code}" + (f" — {photo.caption}" if photo.caption else "")
        story.append(CondPageBreak(height + 20 * mm))
        story.append(KeepTogether([picture, Spacer(1, 2), _p(caption, s.caption)]))
    return story


def _page_decor(data: MinutesData, font: str) -> object:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        canvas.saveState()
        if page >= 2:  # Decree 30: numbered from the second page, centred in the top margin
            canvas.setFont(font, 13)
            canvas.drawCentredString(MARGIN_LEFT + WIDTH / 2, A4[1] - MARGIN_TOP / 2, str(page))
        if data.draft:
            canvas.setFont(f"{font}-Bold", 60)
            canvas.setFillColor(colors.Color(0.85, 0.85, 0.85, alpha=0.5))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, "DỰ THẢO")
        canvas.restoreState()

    return draw


def render_minutes(data: MinutesData) -> bytes:
    s = _Styles()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"Biên bản {data.subtitle}", author=data.issuing_agency,
        subject="Biên bản kiểm tra công vụ", creator="Inspector", lang="vi-VN",
        initialFontName=s.body.fontName, initialFontSize=BODY_PT,  # no stray (unembedded) Helvetica
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, WIDTH, A4[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_decor(data, s.body.fontName))])
    story: list[Flowable] = [_header(data, s), _p("BIÊN BẢN", s.title), _p(data.subtitle, s.subtitle)]
    if data.revision >= 2:
        story.append(_p(revision_line(data.revision, data.replaces_on), s.sign_note))
        story.append(Spacer(1, 8))
    story += _body(data, s)
    if data.photos:
        story += _appendix(data, s)
    doc.build(story)
    return out.getvalue()
