"""Báo cáo kết quả kiểm tra công vụ: the figures of a period for an inspecting body.

Every figure is a GROUP BY in SQL over the visits of the period; what Python adds is naming the groups.
The answers are grouped by (form version, item code) — a few hundred rows for any period — and each group is
then named by the stored form version: its section and the SIPAS criterion the form tags the item with. Items a
follow-up generated from open recommendations (``domain.follow_up``) carry the criterion of the
recommendation they check, which only the visit's form snapshot knows: those few answers are grouped by visit
and named from the snapshot.

What counts (the report prints these rules under its tables):

- A visit belongs to the period by its day (``planned_date``: set when planned, or at the start of an
  unannounced visit), and is *made* once started (any status but planned). Deleted visits never count.
- Its results (sections, criteria, shortcomings, staff, the heat map) count once the supervisor approved it
  (approved or locked): a visit still being walked, submitted or returned may change. How many visits
  made are not yet in the results is said.
- The inspecting body is the round's (``rounds.inspecting_body_id``). A visit outside any round, or of a
  round made before bodies were data, has no body: it counts in the report of every body together ("all
  bodies", ``body_id`` None) and in no single body's; the all-bodies report says how many there were.
- Remediation: the recommendations of the visits made in the period (not deleted), as they stand on the day
  the report is made (``as_of``): done on time (``done_on`` on or before the deadline — the current one,
  after extensions), done late (after it), overdue (open or reported, the deadline before ``as_of``), still
  open within their deadline, verified, closed, cancelled.
- The previous period: as long as this one, just before it (a quarter's is the quarter before; a year's the
  year before), same body, same rules.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.clock import local_today
from inspector.domain.report_figures import (
    CriterionFigure,
    Figures,
    ItemFigure,
    Period,
    QuarterFigure,
    RemediationFigure,
    Scope,
    SectionFigure,
    SectionKey,
    StaffFigure,
    Tally,
    UnitRow,
    quarters_for_trend,
)
from inspector.domain.sipas import SipasCriterion
from inspector.domain.text import clean
from inspector.domain.workflow import Result, VisitStatus
from inspector.reports.period_report import ReportHeader, render_period_report
from inspector.services.access import open_to_all
from inspector.services.bodies import full_name, list_bodies
from inspector.services.lists import _driver, _json_values, _not_deleted, _sqlite_compiled, _sqlite_parameters
from inspector.store.models import (
    Answer,
    ChecklistForm,
    FormVersion,
    InspectingBody,
    ReceptionPoint,
    Recommendation,
    Round,
    StaffMember,
    Unit,
    Visit,
    answer_staff,
)

# Visits whose results count: approved by the supervisor, numbered or not.
__all__ = ["list_bodies", "Period", "Scope", "Tally", "SectionKey", "SectionFigure", "CriterionFigure", "ItemFigure",
           "StaffFigure", "RemediationFigure", "QuarterFigure", "UnitRow", "Figures", "quarters_for_trend"]

CONCLUDED = (VisitStatus.APPROVED.value, VisitStatus.LOCKED.value)
# Recommendation states (the contract with services.remediation: db/versions/0011_remediation.py).
OPEN, REPORTED, VERIFIED, CLOSED, CANCELLED = "open", "reported", "verified", "closed", "cancelled"
TOP_ITEMS = 10          # the most frequent shortcomings listed
TOP_STAFF = 15          # staff with repeated findings listed
REPEATED_VISITS = 2     # "repeated": named in failed items of at least this many visits of the period


# --- the forms: what names a group of answers --------------------------------------------------------


@dataclass(frozen=True)
class ItemInfo:
    form_code: str
    section: SectionKey
    sipas: SipasCriterion
    text: str
    generated: bool = False


@dataclass(frozen=True)
class FormMap:
    """Every stored form version's items by code, its sections in order, and the generated sections' codes."""

    items: dict[tuple[uuid.UUID, str], ItemInfo]
    generated: dict[uuid.UUID, dict[str, tuple[SectionKey, SipasCriterion]]]   # version -> section code prefix -> …
    sections: dict[SectionKey, tuple[str, int]]     # title (of the newest version) and order
    newest_text: dict[tuple[str, str], str]          # (form code, item code) -> text of the newest version having it

    def info(self, version_id: uuid.UUID, code: str) -> ItemInfo | None:
        found = self.items.get((version_id, code))
        if found is not None:
            return found
        prefix = code.rsplit("-", 1)[0]
        generated = self.generated.get(version_id, {}).get(prefix)
        if generated is None:
            return None
        return ItemInfo(generated[0].form_code, generated[0], generated[1], "", generated=True)


@open_to_all
def form_map(session: Session) -> FormMap:
    """The items of every stored form version (a handful), read once per content."""
    rows = run(session, _FORM_VERSIONS, uuids=(0,))
    key = tuple(sorted((str(r[0]), r[1]) for r in rows))
    cached = _FORM_MAPS.get(key)
    if cached is None:
        definitions = dict(session.execute(sa.select(FormVersion.id, FormVersion.definition)).all())
        cached = _build_map([(r[0], r[2], r[3], r[4], definitions[r[0]]) for r in rows])
        if len(_FORM_MAPS) > 16:
            _FORM_MAPS.clear()
        _FORM_MAPS[key] = cached
    return cached


_FORM_MAPS: dict[tuple[tuple[str, str], ...], FormMap] = {}
# The versions and what they hold: a key to the cached map, read on each report (a version never changes).
_FORM_VERSIONS = (sa.select(FormVersion.id, FormVersion.content_hash, ChecklistForm.code, ChecklistForm.kind,
                            FormVersion.version).join(ChecklistForm, FormVersion.form_id == ChecklistForm.id)
                  .where(ChecklistForm.kind != "khao_sat"))  # the survey forms (services.survey) are not checklists


def _build_map(versions: list[tuple[uuid.UUID, str, Any, int, dict[str, Any]]]) -> FormMap:
    items: dict[tuple[uuid.UUID, str], ItemInfo] = {}
    generated: dict[uuid.UUID, dict[str, tuple[SectionKey, SipasCriterion]]] = defaultdict(dict)
    sections: dict[SectionKey, tuple[str, int]] = {}
    newest: dict[tuple[str, str], tuple[int, str]] = {}
    # Standard forms first, then follow-ups; within a form the newest version's order and titles.
    kinds = {"kiem_tra": 0}
    for version_id, form_code, _kind, version, definition in sorted(
            versions, key=lambda v: (kinds.get(str(getattr(v[2], "value", v[2])), 1), v[1], -v[3])):
        for n, section in enumerate(definition.get("sections", ())):
            skey = SectionKey(form_code, section["code"])
            if skey not in sections:
                sections[skey] = (section["title"], len(sections) * 1000 + n)
            if section.get("generated"):
                template = section.get("template") or {}
                generated[version_id][section["code"]] = (skey, SipasCriterion(template.get("sipas", "cong_chuc")))
            for item in section.get("items", ()):
                sipas = SipasCriterion(item["sipas"])
                items[(version_id, item["code"])] = ItemInfo(form_code, skey, sipas, item["text"])
                seen = newest.get((form_code, item["code"]))
                if seen is None or seen[0] < version:
                    newest[(form_code, item["code"])] = (version, item["text"])
    ordered = dict(sorted(sections.items(), key=lambda kv: kv[1][1]))
    return FormMap(items, dict(generated), ordered, {k: v[1] for k, v in newest.items()})


def _snapshots(session: Session, visit_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, SipasCriterion]]:
    wanted = list(visit_ids)
    found: dict[uuid.UUID, dict[str, SipasCriterion]] = {}
    for start in range(0, len(wanted), 500):
        for visit_id, snapshot in session.execute(sa.select(Visit.id, Visit.form_snapshot)
                                                  .where(Visit.id.in_(wanted[start:start + 500]))):
            found[visit_id] = _snapshot_items(snapshot)
    return found


def _snapshot_items(snapshot: dict[str, Any] | str | None) -> dict[str, SipasCriterion]:
    """The generated items of a follow-up's form snapshot: code -> the criterion of the recommendation it checks."""
    if isinstance(snapshot, str):
        snapshot = json.loads(snapshot)
    found: dict[str, SipasCriterion] = {}
    for section in (snapshot or {}).get("sections", ()):
        if section.get("generated"):
            for item in section.get("items", ()):
                found[item["code"]] = SipasCriterion(item["sipas"])
    return found


# --- running them ---------------------------------------------------------------------------------


@open_to_all
def run(session: Session, statement: sa.Select[Any], uuids: Sequence[int] = (),
        params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows of a statement as plain tuples, the columns at ``uuids`` as UUIDs (or None).

    On SQLite the compiled statement runs on the session's own sqlite3 connection, in the same transaction,
    as services.lists does for the visits list: the figures of a year are tens of thousands of grouped rows, and
    SQLAlchemy's per-value conversions would cost more than SQLite's grouping. Each distinct key is converted once."""
    driver = _driver(session)
    if driver is None:
        return [tuple(r) for r in session.execute(statement, params or {})]
    compiled = _sqlite_compiled(statement)
    rows = driver.execute(str(compiled), _sqlite_parameters(compiled, params or {})).fetchall()
    if not uuids:
        return rows
    seen: dict[str | None, uuid.UUID | None] = {None: None}

    def key(value: str | None) -> uuid.UUID | None:
        found = seen.get(value, seen)
        if found is seen:
            found = seen[value] = uuid.UUID(hex=value)
        return found  # type: ignore[return-value]

    out = []
    for row in rows:
        row = list(row)
        for n in uuids:
            row[n] = key(row[n])
        out.append(tuple(row))
    return out


# --- the queries --------------------------------------------------------------------------------------
#
# Each query is built once per shape (the dialect, whether a body is chosen, …) with named parameters for the
# period, the body and the day, as services.lists builds the visits list's: a report, the dashboard's every
# refresh and the previous period's pass then cost no statement building nor compiling, only SQLite's work
# (on SQLite ``run`` finds the compiled statement by the cached statement itself). The public ``*_statement``
# functions give the same statements with the values bound, for whoever runs them elsewhere (bench/report.py).


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _in_scope(session: Session, query: sa.Select[Any], scope: Scope, period: Period | None = None) -> sa.Select[Any]:
    """Visits of the period (by day), made, not deleted; of the body's rounds when a body is chosen (the values
    written into the statement: for the lists of services.export)."""
    return _scoped(query, _sqlite(session), scope.body_id is not None).params(_scope_values(scope, period))


def _scoped(query: sa.Select[Any], sqlite: bool, body: bool) -> sa.Select[Any]:
    """Visits of the period ``:period_start`` … ``:period_end`` (by day), made, not deleted; of the rounds of the
    body ``:body_id`` when ``body``."""
    day = Visit.planned_date.type
    query = query.where(_not_deleted(Visit.deleted_at, sqlite), Visit.planned_date >= sa.bindparam("period_start", type_=day),
                        Visit.planned_date <= sa.bindparam("period_end", type_=day),
                        Visit.status != sa.literal_column(f"'{VisitStatus.PLANNED.value}'"))
    if body:
        query = query.where(Visit.round_id.in_(
            sa.select(Round.id).where(Round.inspecting_body_id == sa.bindparam("body_id", type_=Round.inspecting_body_id.type))))
    return query


def _scope_values(scope: Scope, period: Period | None = None) -> dict[str, Any]:
    period = period or scope.period
    values: dict[str, Any] = {"period_start": period.start, "period_end": period.end}
    if scope.body_id is not None:
        values["body_id"] = scope.body_id
    return values


def _concluded(by_round: bool = False) -> sa.ColumnElement[bool]:
    """Approved or locked. ``by_round`` (SQLite, a body chosen): told to SQLite as nearly always true, so that it
    reads the visits of the body's rounds (ix_visits_round_list) rather than every concluded visit of the period
    (ix_visits_status_list) to keep the body's: 4 to 10 times less read for a year or a quarter of one body."""
    concluded = Visit.status.in_([sa.literal_column(f"'{s}'") for s in CONCLUDED])
    return sa.func.likely(concluded) if by_round else concluded


def _result_sums() -> list[sa.ColumnElement[Any]]:
    def count(result: Result) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((Answer.result == sa.literal_column(f"'{result.value}'"), 1), else_=0))

    return [count(Result.PASS), count(Result.FAIL), count(Result.NOT_APPLICABLE)]


@functools.lru_cache(maxsize=16)
def _visits_shape(sqlite: bool, body: bool) -> sa.Select[Any]:
    no_body = sa.or_(Visit.round_id.is_(None), Round.inspecting_body_id.is_(None))
    query = (sa.select(sa.func.count(), sa.func.sum(sa.case((Visit.announced, 1), else_=0)),
                       sa.func.sum(sa.case((_concluded(), 1), else_=0)),
                       sa.func.sum(sa.case((no_body, 1), else_=0)),
                       sa.func.count(sa.distinct(ReceptionPoint.unit_id)),
                       sa.func.count(sa.distinct(Visit.reception_point_id)))
             .select_from(Visit).join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
             .outerjoin(Round, Visit.round_id == Round.id))
    return _scoped(query, sqlite, body)


@open_to_all
def visits_statement(session: Session, scope: Scope, period: Period | None = None) -> sa.Select[Any]:
    """Visits made, announced, concluded, with no body, units and points covered: one row."""
    return _visits_shape(_sqlite(session), scope.body_id is not None).params(_scope_values(scope, period))


@functools.lru_cache(maxsize=16)
def _answers_shape(sqlite: bool, body: bool) -> sa.Select[Any]:
    query = (sa.select(ReceptionPoint.unit_id, Visit.form_version_id, Answer.item_code, *_result_sums())
             .select_from(Visit).join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
             .join(Answer, Answer.visit_id == Visit.id)
             .where(_concluded(sqlite and body), Answer.deleted_at.is_(None))
             .group_by(ReceptionPoint.unit_id, Visit.form_version_id, Answer.item_code))
    return _scoped(query, sqlite, body)


@open_to_all
def answers_statement(session: Session, scope: Scope, period: Period | None = None) -> sa.Select[Any]:
    """Answers of the concluded visits by unit, form version and item: Đạt, Không đạt, Không áp dụng."""
    return _answers_shape(_sqlite(session), scope.body_id is not None).params(_scope_values(scope, period))


@functools.lru_cache(maxsize=16)
def _snapshot_shape(sqlite: bool, body: bool) -> sa.Select[Any]:
    codes = _json_values("codes") if sqlite else sa.bindparam("codes", expanding=True)
    query = (sa.select(Visit.id, Answer.item_code, *_result_sums())
             .select_from(Visit).join(Answer, Answer.visit_id == Visit.id)
             .where(_concluded(sqlite and body), Visit.form_snapshot.is_not(None), Answer.deleted_at.is_(None),
                    Answer.item_code.in_(codes))
             .group_by(Visit.id, Answer.item_code))
    return _scoped(query, sqlite, body)


@open_to_all
def snapshot_statement(session: Session, scope: Scope, period: Period | None = None) -> sa.Select[Any]:
    """The concluded follow-ups with a form snapshot: the answers to the items ``:codes`` (the generated ones), by
    visit and item."""
    return _snapshot_shape(_sqlite(session), scope.body_id is not None).params(_scope_values(scope, period))


@functools.lru_cache(maxsize=8)
def _snapshot_criteria_shape(body: bool) -> sa.Select[Any]:
    """SQLite: the answers to the items ``:codes`` that the follow-ups' snapshots generated, by the criterion each
    snapshot gives the item. SQLite reads each snapshot's generated sections itself (json_each): a follow-up's
    snapshot is a whole form, ~20 kB, which Python would parse whole to find a few items."""

    def path(text: str) -> sa.ColumnElement[Any]:
        return sa.literal_column(f"'{text}'")

    sections = sa.func.json_each(Visit.form_snapshot, path("$.sections")).table_valued("value", name="snapshot_section")
    items = sa.func.json_each(sections.c.value, path("$.items")).table_valued("value", name="snapshot_item")
    generated = sa.func.json_extract(sections.c.value, path("$.generated"))
    # a section is generated when its "generated" is there and true as Python takes it (not false, 0 nor "")
    snapshot = _scoped(
        sa.select(Visit.id.label("visit_id"), sa.func.json_extract(items.c.value, path("$.code")).label("code"),
                  sa.func.json_extract(items.c.value, path("$.sipas")).label("sipas"))
        .select_from(Visit).join(sections, sa.true()).join(items, sa.true())
        .where(_concluded(body), Visit.form_snapshot.is_not(None), generated.is_not(None),
               generated.not_in([sa.literal_column("0"), sa.literal_column("''")])), True, body).cte(
            "snapshot_items").prefix_with("MATERIALIZED")
    return (sa.select(snapshot.c.sipas, *_result_sums())
            .select_from(snapshot)
            .join(Answer, sa.and_(Answer.visit_id == snapshot.c.visit_id, Answer.item_code == snapshot.c.code))
            .where(Answer.deleted_at.is_(None), Answer.item_code.in_(_json_values("codes")))
            .group_by(snapshot.c.sipas))


@open_to_all
def snapshot_criteria_statement(session: Session, scope: Scope, period: Period | None = None) -> sa.Select[Any]:
    """SQLite only: the answers to the generated items ``:codes`` of the concluded follow-ups by the SIPAS criterion
    their snapshot gives each (the figures of ``snapshot_statement`` named in SQL)."""
    return _snapshot_criteria_shape(scope.body_id is not None).params(_scope_values(scope, period))


@functools.lru_cache(maxsize=16)
def _staff_shape(sqlite: bool, body: bool, limit: int | None) -> sa.Select[Any]:
    visits = sa.func.count(sa.distinct(Visit.id))
    query = (sa.select(StaffMember.id, StaffMember.full_name, StaffMember.position, ReceptionPoint.name, Unit.name,
                       sa.func.count(), visits)
             .select_from(Visit).join(Answer, Answer.visit_id == Visit.id)
             .join(answer_staff, answer_staff.c.answer_id == Answer.id)
             .join(StaffMember, StaffMember.id == answer_staff.c.staff_member_id)
             .join(ReceptionPoint, StaffMember.reception_point_id == ReceptionPoint.id)
             .join(Unit, ReceptionPoint.unit_id == Unit.id)
             .where(_concluded(sqlite and body), Answer.result == sa.literal_column(f"'{Result.FAIL.value}'"),
                    Answer.deleted_at.is_(None))
             .group_by(StaffMember.id, StaffMember.full_name, StaffMember.position, ReceptionPoint.name, Unit.name)
             .having(visits >= REPEATED_VISITS)
             .order_by(visits.desc(), sa.func.count().desc(), StaffMember.full_name))
    if limit is not None:
        query = query.limit(limit)
    return _scoped(query, sqlite, body)


@open_to_all
def staff_statement(session: Session, scope: Scope, limit: int | None = TOP_STAFF) -> sa.Select[Any]:
    """Staff named in failed items of at least REPEATED_VISITS concluded visits, the most named first."""
    return _staff_shape(_sqlite(session), scope.body_id is not None, limit).params(_scope_values(scope))


@functools.lru_cache(maxsize=16)
def _remediation_shape(sqlite: bool, body: bool) -> sa.Select[Any]:
    status = Recommendation.status
    as_of = sa.bindparam("as_of", type_=Recommendation.deadline.type)

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    def state(*names: str) -> sa.ColumnElement[bool]:
        return status.in_([sa.literal_column(f"'{n}'") for n in names])

    overdue = sa.and_(state(OPEN, REPORTED), Recommendation.deadline < as_of)
    query = (sa.select(sa.func.count(),
                       count(sa.and_(Recommendation.done_on.is_not(None), Recommendation.done_on <= Recommendation.deadline)),
                       count(Recommendation.done_on > Recommendation.deadline),
                       count(overdue),
                       count(sa.and_(state(OPEN), sa.or_(Recommendation.deadline.is_(None), Recommendation.deadline >= as_of))),
                       count(state(REPORTED)), count(state(VERIFIED)), count(state(CLOSED)), count(state(CANCELLED)))
             .select_from(Visit).join(Recommendation, Recommendation.visit_id == Visit.id)
             .where(Recommendation.deleted_at.is_(None)))
    return _scoped(query, sqlite, body)


@open_to_all
def remediation_statement(session: Session, scope: Scope, as_of: date, period: Period | None = None) -> sa.Select[Any]:
    """The recommendations of the visits made in the period, as they stand on ``as_of``: one row."""
    return _remediation_shape(_sqlite(session), scope.body_id is not None).params(
        {**_scope_values(scope, period), "as_of": as_of})


@functools.lru_cache(maxsize=16)
def _quarters_shape(sqlite: bool, body: bool, count: int) -> sa.Select[Any]:
    day = Visit.planned_date.type
    bucket = sa.case(*[(sa.and_(Visit.planned_date >= sa.bindparam(f"q{n}_start", type_=day),
                                Visit.planned_date <= sa.bindparam(f"q{n}_end", type_=day)), n)
                       for n in range(count)], else_=-1)
    query = (sa.select(bucket.label("q"), sa.func.count(), sa.func.sum(Visit.checked_count), sa.func.sum(Visit.failed_count))
             .select_from(Visit).group_by(sa.literal_column("q")))
    return _scoped(query, sqlite, body)


def _quarters_values(scope: Scope, quarters: Sequence[Period]) -> dict[str, Any]:
    values = _scope_values(scope, Period(quarters[0].start, quarters[-1].end))
    for n, q in enumerate(quarters):
        values[f"q{n}_start"], values[f"q{n}_end"] = q.start, q.end
    return values


@open_to_all
def quarters_statement(session: Session, scope: Scope, quarters: Sequence[Period]) -> sa.Select[Any]:
    """Visits made, items checked and failed (each visit's own counts) per quarter."""
    return _quarters_shape(_sqlite(session), scope.body_id is not None, len(quarters)).params(
        _quarters_values(scope, quarters))


@functools.lru_cache(maxsize=4)
def _unit_names_shape(sqlite: bool) -> sa.Select[Any]:
    ids = _json_values("ids") if sqlite else sa.bindparam("ids", expanding=True)
    return sa.select(Unit.id, Unit.name, Unit.sort_order).where(Unit.id.in_(ids))


# --- the report's figures -----------------------------------------------------------------------------


@open_to_all
def body_name(session: Session, body_id: uuid.UUID | None) -> str:
    found = run(session, _BODY_NAME, params={"body_id": body_id}) if body_id is not None else []
    return full_name(_Named(*found[0])) if found else "Tất cả cơ quan kiểm tra"


@dataclass(frozen=True)
class _Named:
    name: str
    parent_name: str


_BODY_NAME = sa.select(InspectingBody.name, InspectingBody.parent_name).where(InspectingBody.id == sa.bindparam("body_id"))


@open_to_all
def find_body(session: Session, name: str) -> InspectingBody | None:
    """An inspecting body by its code, its name or its full name (case and spacing ignored)."""
    wanted = " ".join(name.split()).casefold()
    for body in session.scalars(sa.select(InspectingBody)):
        if wanted in {body.code.casefold(), " ".join(body.name.split()).casefold(), full_name(body).casefold(),
                      " ".join(body.minutes_symbol.split()).casefold()}:
            return body
    return None


@open_to_all
def figures(session: Session, scope: Scope, *, as_of: date | None = None, previous: bool = True,
            details: bool = True) -> Figures:
    """The report's figures; ``previous``: the previous period's beside them (its summary figures only);
    ``details``: also staff, trend and heat map."""
    return _figures(session, scope, as_of or local_today(), body_name(session, scope.body_id), form_map(session),
                    _sqlite(session), previous=previous, details=details)


def _figures(session: Session, scope: Scope, as_of: date, name: str, forms: FormMap, sqlite: bool, *, previous: bool,
             details: bool) -> Figures:
    out = Figures(scope, name, as_of)
    body, values = scope.body_id is not None, _scope_values(scope)
    row = run(session, _visits_shape(sqlite, body), params=values)[0]
    out.visits, announced, concluded, without, out.units, out.points = (int(v or 0) for v in row)
    out.announced, out.unannounced, out.concluded = announced, out.visits - announced, concluded
    out.without_body = without if scope.body_id is None else 0
    _results(session, scope, out, forms, sqlite, details=details)
    out.remediation = RemediationFigure(*(int(v or 0) for v in run(
        session, _remediation_shape(sqlite, body), params={**values, "as_of": as_of})[0]))
    if details:
        out.staff = [StaffFigure(*r) for r in run(session, _staff_shape(sqlite, body, TOP_STAFF), uuids=(0,), params=values)]
        quarters = quarters_for_trend(scope.period)
        counted = {q: (n, c or 0, f or 0) for q, n, c, f in run(
            session, _quarters_shape(sqlite, body, len(quarters)), params=_quarters_values(scope, quarters))}
        out.quarters = [QuarterFigure(q, *counted.get(n, (0, 0, 0))) for n, q in enumerate(quarters)]
        from inspector.services import survey_index  # it builds on this module's queries

        out.satisfaction = survey_index.period_index(session, scope)
    if previous:
        out.previous = _figures(session, replace(scope, period=scope.period.previous()), as_of, name, forms, sqlite,
                                previous=False, details=False)
    return out


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value)


def _results(session: Session, scope: Scope, out: Figures, forms: FormMap, sqlite: bool, *, details: bool) -> None:
    body, values = scope.body_id is not None, _scope_values(scope)
    sections = {key: SectionFigure(key, title, order) for key, (title, order) in forms.sections.items()}
    criteria = {c: CriterionFigure(c) for c in SipasCriterion}
    items: dict[tuple[str, str], ItemFigure] = {}
    units: dict[uuid.UUID, UnitRow] = {}
    generated_codes: set[str] = set()
    # The answers come grouped by (unit, form version, item): tens of thousands of rows for a year, a few hundred
    # (version, item) pairs. The counts are summed per pair and per (unit, section) as plain lists, and each pair
    # is named once, at the end; keys stay as read (hex on SQLite) until then.
    per_item: dict[tuple[Any, str], list[int]] = {}
    per_unit: dict[tuple[Any, SectionKey], list[int]] = {}
    infos: dict[tuple[Any, str], ItemInfo | None] = {}
    for unit_id, version_id, code, passed, failed, na in run(session, _answers_shape(sqlite, body), params=values):
        passed, failed, na = int(passed or 0), int(failed or 0), int(na or 0)
        pair = (version_id, code)
        counts = per_item.get(pair)
        if counts is None:
            counts = per_item[pair] = [0, 0, 0]
            infos[pair] = forms.info(_uuid(version_id), code)
        counts[0] += passed
        counts[1] += failed
        counts[2] += na
        if details:
            info = infos[pair]
            if info is not None:
                counts = per_unit.get((unit_id, info.section))
                if counts is None:
                    counts = per_unit[(unit_id, info.section)] = [0, 0, 0]
                counts[0] += passed
                counts[1] += failed
                counts[2] += na
    for pair, (passed, failed, na) in per_item.items():
        out.total.add(passed, failed, na)
        info, code = infos[pair], pair[1]
        if info is None:   # an answer to an item its form does not have: counted in the total only
            continue
        sections[info.section].tally.add(passed, failed, na)
        if info.generated:
            generated_codes.add(code)
            continue
        criteria[info.sipas].tally.add(passed, failed, na)
        item = items.get((info.form_code, code))
        if item is None:
            item = items[(info.form_code, code)] = ItemFigure(
                info.form_code, code, forms.newest_text.get((info.form_code, code), info.text),
                sections[info.section].title)
        item.failed += failed
        item.assessed += passed + failed
    for (unit_id, section), (passed, failed, na) in per_unit.items():
        unit_id = _uuid(unit_id)
        unit = units.get(unit_id)
        if unit is None:
            unit = units[unit_id] = UnitRow(unit_id, "", 0)
        unit.sections.setdefault(section, Tally()).add(passed, failed, na)
        unit.total.add(passed, failed, na)
    if generated_codes:  # the follow-ups' generated items: their criterion from each visit's snapshot
        codes = {**values, "codes": sorted(generated_codes)}
        if sqlite:   # named by SQLite from the snapshots
            for sipas, passed, failed, na in run(session, _snapshot_criteria_shape(body), params=codes):
                criteria[SipasCriterion(sipas)].tally.add(int(passed or 0), int(failed or 0), int(na or 0))
        else:
            rows = run(session, _snapshot_shape(sqlite, body), uuids=(0,), params=codes)
            snapshots = _snapshots(session, {r[0] for r in rows})
            for visit_id, code, passed, failed, na in rows:
                sipas = snapshots.get(visit_id, {}).get(code)
                if sipas is not None:
                    criteria[sipas].tally.add(int(passed or 0), int(failed or 0), int(na or 0))
    out.sections = [s for s in sections.values() if s.tally.checked]
    out.criteria = list(criteria.values())
    out.shortcomings = sorted((i for i in items.values() if i.failed),
                              key=lambda i: (-i.failed, i.form_code, i.code))[:TOP_ITEMS]
    if details and units:
        names = {i: (n, o) for i, n, o in run(session, _unit_names_shape(sqlite), uuids=(0,),
                                               params={"ids": list(units)})}
        for unit in units.values():
            unit.name, unit.order = names.get(unit.unit_id, ("?", 0))
        out.heat = sorted(units.values(), key=lambda u: (-u.total.failed, -(u.total.fail_rate or 0), u.order, u.name))


# --- what lies behind a figure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Behind:
    """What a click on a figure asks for: the failed answers of a section, a criterion, an item, a member of
    staff or a unit (``answers``), or the visits of a unit, announced or not (``visits``)."""

    section: SectionKey | None = None
    criterion: SipasCriterion | None = None
    item: tuple[str, str] | None = None      # (form code, item code)
    staff_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    announced: bool | None = None
    remediation: str | None = None           # on_time | late | overdue | open | reported | verified | closed | cancelled


@dataclass(frozen=True)
class AnswerRow:
    answer_id: uuid.UUID
    visit_id: uuid.UUID
    day: date | None
    unit_name: str
    point_name: str
    item_code: str
    item_text: str
    note: str


@open_to_all
def visits_behind(session: Session, scope: Scope, behind: Behind = Behind()) -> list[uuid.UUID]:
    """The visits behind a figure of the visit counts, newest first."""
    query = sa.select(Visit.id).select_from(Visit).join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
    if behind.unit_id is not None:
        query = query.where(ReceptionPoint.unit_id == behind.unit_id)
    if behind.announced is not None:
        query = query.where(Visit.announced.is_(behind.announced))
    query = _in_scope(session, query, scope).order_by(Visit.planned_date.desc(), Visit.id)
    return list(session.scalars(query))


@open_to_all
def answer_keys_behind(session: Session, scope: Scope, behind: Behind) -> list[uuid.UUID]:
    """The failed answers of the concluded visits behind a figure (a section, criterion, item, member of staff,
    unit), newest visit first."""
    forms = form_map(session)
    query = (sa.select(Answer.id, Visit.form_version_id, Answer.item_code, Visit.form_snapshot.is_not(None), Visit.id)
             .select_from(Visit).join(Answer, Answer.visit_id == Visit.id)
             .where(_concluded(), Answer.result == sa.literal_column(f"'{Result.FAIL.value}'"),
                    Answer.deleted_at.is_(None)))
    if behind.unit_id is not None:
        query = query.join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id) \
            .where(ReceptionPoint.unit_id == behind.unit_id)
    if behind.item is not None:
        query = query.where(Answer.item_code == behind.item[1])
    if behind.staff_id is not None:
        query = query.where(Answer.id.in_(sa.select(answer_staff.c.answer_id)
                                          .where(answer_staff.c.staff_member_id == behind.staff_id)))
    query = _in_scope(session, query, scope).order_by(Visit.planned_date.desc(), Visit.id, Answer.item_code)
    keys: list[uuid.UUID] = []
    snapshots: dict[uuid.UUID, dict[str, SipasCriterion]] = {}
    for answer_id, version_id, code, has_snapshot, visit_id in session.execute(query):
        info = forms.info(version_id, code)
        if info is None:
            continue
        if behind.section is not None and info.section != behind.section:
            continue
        if behind.item is not None and (info.form_code != behind.item[0] or info.generated):
            continue
        if behind.criterion is not None:
            sipas = info.sipas
            if info.generated:
                if visit_id not in snapshots:
                    snapshots[visit_id] = _snapshot_items(session.scalar(
                        sa.select(Visit.form_snapshot).where(Visit.id == visit_id)) if has_snapshot else None)
                sipas = snapshots[visit_id].get(code, sipas)
            if sipas is not behind.criterion:
                continue
        keys.append(answer_id)
    return keys


@open_to_all
def answer_rows(session: Session, keys: Iterable[uuid.UUID]) -> dict[uuid.UUID, AnswerRow]:
    """The rows of these answers (a page of a list), by key."""
    forms = form_map(session)
    wanted = list(keys)
    found: dict[uuid.UUID, AnswerRow] = {}
    for start in range(0, len(wanted), 500):
        for answer_id, visit_id, day, unit, point, code, note, version_id in session.execute(
                sa.select(Answer.id, Visit.id, Visit.planned_date, Unit.name, ReceptionPoint.name, Answer.item_code,
                          Answer.note, Visit.form_version_id)
                .select_from(Answer).join(Visit, Answer.visit_id == Visit.id)
                .join(ReceptionPoint, Visit.reception_point_id == ReceptionPoint.id)
                .join(Unit, ReceptionPoint.unit_id == Unit.id)
                .where(Answer.id.in_(wanted[start:start + 500]))):
            info = forms.info(version_id, code)
            text = forms.newest_text.get((info.form_code, code), info.text) if info and not info.generated else ""
            found[answer_id] = AnswerRow(answer_id, visit_id, day, unit, point, code, text or code, note)
    return found


@open_to_all
def recommendation_keys_behind(session: Session, scope: Scope, kind: str, as_of: date | None = None) -> list[uuid.UUID]:
    """The recommendations behind a remediation figure (kind as in ``Behind.remediation``)."""
    as_of = as_of or local_today()
    rec = Recommendation
    conditions = {
        "all": sa.true(),
        "on_time": sa.and_(rec.done_on.is_not(None), rec.done_on <= rec.deadline),
        "late": rec.done_on > rec.deadline,
        "overdue": sa.and_(rec.status.in_([OPEN, REPORTED]), rec.deadline < as_of),
        "open": sa.and_(rec.status == OPEN, sa.or_(rec.deadline.is_(None), rec.deadline >= as_of)),
        "reported": rec.status == REPORTED, "verified": rec.status == VERIFIED, "closed": rec.status == CLOSED,
        "cancelled": rec.status == CANCELLED,
    }
    query = (sa.select(rec.id).select_from(Visit).join(rec, rec.visit_id == Visit.id)
             .where(rec.deleted_at.is_(None), conditions[kind]))
    return list(session.scalars(_in_scope(session, query, scope).order_by(rec.deadline, rec.id)))


@functools.cache
def remediation_labels() -> dict[str, str]:
    return {"all": "Tổng số kiến nghị", "on_time": "Đã khắc phục đúng hạn", "late": "Đã khắc phục nhưng trễ hạn",
            "overdue": "Quá hạn chưa khắc phục xong", "open": "Chưa khắc phục, còn trong hạn",
            "reported": "Đơn vị báo đã khắc phục, chờ xác nhận", "verified": "Đã kiểm tra, xác nhận",
            "closed": "Đã đóng", "cancelled": "Hủy bỏ"}


# --- the report as a PDF -------------------------------------------------------------------------------


@open_to_all
def report_header(session: Session, scope: Scope, made_on: date | None = None) -> ReportHeader:
    """The header of the report: the chosen body; for all bodies together, the first body of the catalogue valid on
    the day (the province's Sở Nội vụ in the demo), which reports for them. The number is left for the clerk."""
    made_on = made_on or local_today()
    body = session.get(InspectingBody, scope.body_id) if scope.body_id is not None else None
    if body is None:
        bodies = list_bodies(session, made_on) or list_bodies(session, every=True)
        body = session.get(InspectingBody, bodies[0].id) if bodies else None
    if body is None:
        return ReportHeader(parent_agency="", issuing_agency="Đoàn kiểm tra công vụ", symbol="BC-ĐKT", place="…",
                            made_on=made_on)
    symbol = clean(body.minutes_symbol)
    symbol = "BC-" + symbol[3:] if symbol.startswith("BB-") else f"BC-{symbol}" if symbol else "BC"
    parent = clean(body.parent_name)
    return ReportHeader(parent_agency=parent, issuing_agency=clean(body.name), symbol=symbol,
                        place=clean(body.place_name) or "…", made_on=made_on,
                        recipients=(*([f"{parent};"] if parent else []), "Các đơn vị được kiểm tra;", "Lưu: VT."))


@open_to_all
def report_pdf(session: Session, scope: Scope, *, as_of: date | None = None) -> tuple[bytes, Figures]:
    """The report of ``scope`` as a PDF (and the figures it prints), made on ``as_of`` (today)."""
    made = figures(session, scope, as_of=as_of)
    return render_period_report(made, report_header(session, scope, made.as_of)), made
