"""Xuất Excel: the visits, the findings (failed items) and the recommendations of a report's scope, as an XLSX
workbook (openpyxl: Vietnamese headers, dates as real dates, one sheet each) or as CSV with a UTF-8 BOM (so that
Excel opens the Vietnamese right). The rows are those behind the report's figures: the visits made in the
period (of the body's rounds), their failed items, their recommendations."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.clock import local_today
from inspector.domain.report_figures import Scope
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services.access import open_to_all
from inspector.services.reporting import _concluded, _in_scope, form_map
from inspector.store.models import Answer, ReceptionPoint, Recommendation, Round, Unit, Visit

DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _text(value: Any) -> Any:
    """A cell's value: a date stays a date; text as it is, but never read by a spreadsheet as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@open_to_all
def visits_sheet(session: Session, scope: Scope) -> Sheet:
    query = (sa.select(Visit.planned_date, Unit.name, ReceptionPoint.name, Round.name, Visit.announced, Visit.status,
                       Visit.minutes_number, Visit.checked_count, Visit.failed_count, Visit.id)
             .select_from(Visit).join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
             .join(Unit, ReceptionPoint.unit_id == Unit.id).outerjoin(Round, Visit.round_id == Round.id))
    rows = [(day, unit, point, round_name or "", "Báo trước" if announced else "Đột xuất", VisitStatus(status).label,
             number, checked, failed, str(visit_id))
            for day, unit, point, round_name, announced, status, number, checked, failed, visit_id
            in session.execute(_in_scope(session, query, scope).order_by(Visit.planned_date, Unit.name))]
    return Sheet("Buổi kiểm tra", ("Ngày kiểm tra", "Đơn vị", "Điểm tiếp nhận", "Đợt kiểm tra", "Hình thức",
                                   "Trạng thái", "Số biên bản", "Số nội dung đã kiểm tra", "Số nội dung không đạt",
                                   "Mã buổi kiểm tra"), rows)


@open_to_all
def findings_sheet(session: Session, scope: Scope) -> Sheet:
    forms = form_map(session)
    query = (sa.select(Visit.planned_date, Unit.name, ReceptionPoint.name, Visit.form_version_id, Answer.item_code,
                       Answer.note, Visit.minutes_number, Visit.id)
             .select_from(Visit).join(Answer, Answer.visit_id == Visit.id)
             .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
             .join(Unit, ReceptionPoint.unit_id == Unit.id)
             .where(_concluded(), Answer.result == sa.literal_column(f"'{Result.FAIL.value}'"), Answer.deleted_at.is_(None)))
    rows = []
    titles = {key: title for key, (title, _order) in forms.sections.items()}
    for day, unit, point, version_id, code, note, number, visit_id in session.execute(
            _in_scope(session, query, scope).order_by(Visit.planned_date, Unit.name, Answer.item_code)):
        info = forms.info(version_id, code)
        text = (forms.newest_text.get((info.form_code, code), info.text) if info and not info.generated else "")
        rows.append((day, unit, point, titles.get(info.section, "") if info else "", code, text,
                     info.sipas.label if info else "", note, number, str(visit_id)))
    return Sheet("Nội dung không đạt", ("Ngày kiểm tra", "Đơn vị", "Điểm tiếp nhận", "Nhóm nội dung", "Mã nội dung",
                                        "Nội dung kiểm tra", "Tiêu chí SIPAS", "Tồn tại ghi nhận", "Số biên bản",
                                        "Mã buổi kiểm tra"), rows)


@open_to_all
def recommendations_sheet(session: Session, scope: Scope, as_of: date | None = None) -> Sheet:
    as_of = as_of or local_today()
    owner = sa.orm.aliased(Unit)
    query = (sa.select(Visit.planned_date, Unit.name, Recommendation.text, owner.name, Recommendation.original_deadline,
                       Recommendation.deadline, Recommendation.status, Recommendation.done_on, Recommendation.verified_on,
                       Visit.minutes_number, Recommendation.id)
             .select_from(Visit).join(Recommendation, Recommendation.visit_id == Visit.id)
             .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
             .join(Unit, ReceptionPoint.unit_id == Unit.id)
             .outerjoin(owner, Recommendation.owner_unit_id == owner.id)
             .where(Recommendation.deleted_at.is_(None)))
    rows = []
    for day, unit, text, owner_name, original, deadline, status, done_on, verified_on, number, rec_id in session.execute(
            _in_scope(session, query, scope).order_by(Visit.planned_date, Unit.name)):
        state = RecommendationStatus(status)
        overdue = state.still_open and deadline is not None and deadline < as_of
        timing = ("Đúng hạn" if done_on and deadline and done_on <= deadline else
                  "Trễ hạn" if done_on and deadline else "Quá hạn" if overdue else "")
        rows.append((day, unit, text, owner_name or "", original, deadline, state.label, done_on, verified_on, timing,
                     number, str(rec_id)))
    return Sheet("Kiến nghị", ("Ngày kiểm tra", "Đơn vị được kiểm tra", "Nội dung kiến nghị", "Đơn vị thực hiện",
                               "Thời hạn ban đầu", "Thời hạn hiện hành", "Tình trạng", "Ngày khắc phục",
                               "Ngày xác nhận", "Đúng hạn / trễ hạn", "Số biên bản", "Mã kiến nghị"), rows)


@open_to_all
def sheets(session: Session, scope: Scope, as_of: date | None = None) -> list[Sheet]:
    return [visits_sheet(session, scope), findings_sheet(session, scope), recommendations_sheet(session, scope, as_of)]


@open_to_all
def workbook_bytes(session: Session, scope: Scope, as_of: date | None = None) -> bytes:
    """The three sheets as one XLSX workbook: bold frozen headers, dates as dates (dd/mm/yyyy), columns sized."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=False)
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets(session, scope, as_of):
        ws = book.create_sheet(sheet.name[:31])
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = bold
        widths = [len(h) for h in sheet.headers]
        for row in sheet.rows:
            ws.append([_text(v) for v in row])
            for n, value in enumerate(row):
                widths[n] = max(widths[n], min(60, 10 if isinstance(value, date) else len(str(value or ""))))
        for n, header in enumerate(sheet.headers):
            letter = get_column_letter(n + 1)
            ws.column_dimensions[letter].width = widths[n] + 2
            if sheet.rows and any(isinstance(r[n], date) for r in sheet.rows[:50]) or header.startswith(("Ngày", "Thời hạn")):
                for (cell,) in ws.iter_rows(min_row=2, min_col=n + 1, max_col=n + 1):
                    cell.number_format = DATE_FORMAT
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_rows(sheet: Sheet) -> Iterator[list[str]]:
    yield list(sheet.headers)
    for row in sheet.rows:
        yield [f"{v:%d/%m/%Y}" if isinstance(v, date) else "" if v is None else str(_text(v)) for v in row]


@open_to_all
def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as CSV, UTF-8 with a BOM (Excel then reads the Vietnamese right), dates dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_csv_rows(sheet))
    return out.getvalue().encode("utf-8-sig")
