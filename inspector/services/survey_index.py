"""Chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm): the on-the-spot survey's answers as an index per visit, per
reception point (centre) and period, per period and inspecting body, with the formula it was computed by.

The formula is data: resources/survey_index/chi_so_v<version>.toml (the newest version is used, and printed with
every figure: domain.satisfaction says what it computes). The counts are GROUP BYs over survey_answers joined to
their responses and visits; each answer's SIPAS criterion is the one its question carries in the pinned survey form
version (services.survey.survey_questions). Context questions (a choice, no value) are not in the index.

What counts:
- answers on the scale (value between the scale's ends) of responses not deleted, of visits not deleted; a
  response left before the end (finished_at NULL) counts for the items it answered;
- a visit's index: its responses, whatever the visit's state (the citizens' answers are not reviewed);
- a period's (and a reception point's in a period): the responses of the visits of the period by day, made
  (started), not deleted, of the body's rounds when a body is chosen: the visits the period report counts
  (services.reporting), whether approved yet or not.
"""

from __future__ import annotations

import functools
import tomllib
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.report_figures import Scope
from inspector.domain.satisfaction import (
    Found,
    IndexFormula,
    ItemCount,
    SatisfactionIndex,
    build_index,
    formula_from_dict,
    interval_text,
    percent,
)
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import Result
from inspector.paths import resources_dir
from inspector.reports.minutes import SurveyRow, SurveySection
from inspector.services import reporting
from inspector.services.access import open_to_all
from inspector.store.models import Answer, SurveyAnswer, SurveyResponse, Visit

FORMULA_GLOB = "chi_so_v*.toml"


# --- the formula ------------------------------------------------------------------------------------------


@functools.cache
def _formulas() -> dict[int, IndexFormula]:
    found: dict[int, IndexFormula] = {}
    for path in sorted((resources_dir() / "survey_index").glob(FORMULA_GLOB)):
        formula = formula_from_dict(tomllib.loads(path.read_text(encoding="utf-8")))
        found[formula.version] = formula
    return found


@open_to_all
def load_formula(version: int | None = None) -> IndexFormula:
    """The formula of that version (the newest when None)."""
    formulas = _formulas()
    if not formulas:
        raise LookupError("Không tìm thấy tệp công thức chỉ số hài lòng (resources/survey_index).")
    return formulas[max(formulas) if version is None else version]


# --- the questions ----------------------------------------------------------------------------------------


_QUESTIONS: dict[uuid.UUID, tuple[tuple[str, SipasCriterion], ...]] = {}


def _scale_questions(session: Session, version_id: uuid.UUID) -> tuple[tuple[str, SipasCriterion], ...]:
    """(code, criterion) of the version's questions on the scale, in the form's order (a version never changes)."""
    found = _QUESTIONS.get(version_id)
    if found is None:
        from inspector.services.survey import survey_questions

        found = tuple((q.code, SipasCriterion(q.criterion)) for q in survey_questions(session, version_id)
                      if q.kind == "scale" and q.criterion)
        _QUESTIONS[version_id] = found
    return found


def _criteria_of(session: Session, version_ids: Iterable[uuid.UUID]) -> tuple[
        dict[tuple[uuid.UUID, str], SipasCriterion], list[tuple[str, SipasCriterion]]]:
    """Each (version, code)'s criterion, and the items in order (the newest-listed version's order first)."""
    by_pair: dict[tuple[uuid.UUID, str], SipasCriterion] = {}
    order: dict[str, SipasCriterion] = {}
    for version_id in version_ids:
        for code, criterion in _scale_questions(session, version_id):
            by_pair[(version_id, code)] = criterion
            order.setdefault(code, criterion)
    return by_pair, list(order.items())


# --- the queries -------------------------------------------------------------------------------------------
#
# Built once per shape (scope kind, the formula's values) with named parameters, run through reporting.run (the
# report bench traces and times them with the report's own).


def _scale_values(formula: IndexFormula) -> tuple[tuple[int, ...], int, int]:
    return tuple(sorted(formula.satisfied)), formula.scale[0], formula.scale[1]


def _base(columns: list[Any], low: int, high: int) -> sa.Select[Any]:
    return (sa.select(*columns).select_from(Visit)
            .join(SurveyResponse, SurveyResponse.visit_id == Visit.id)
            .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
            .where(SurveyResponse.deleted_at.is_(None),
                   SurveyAnswer.value >= sa.literal_column(str(low)), SurveyAnswer.value <= sa.literal_column(str(high))))


def _where(query: sa.Select[Any], kind: str, sqlite: bool) -> sa.Select[Any]:
    """``visit``: one visit (:visit_id); ``period`` / ``body`` (+ ``_point``): the period report's visits."""
    if kind == "visit":
        return query.where(Visit.id == sa.bindparam("visit_id", type_=Visit.id.type), Visit.deleted_at.is_(None))
    query = reporting._scoped(query, sqlite, kind.startswith("body"))
    if kind.endswith("_point"):
        query = query.where(Visit.reception_point_id == sa.bindparam("point_id", type_=Visit.reception_point_id.type))
    return query


@functools.lru_cache(maxsize=32)
def _items_shape(kind: str, sqlite: bool, satisfied: tuple[int, ...], low: int, high: int) -> sa.Select[Any]:
    counted = sa.case((SurveyAnswer.value.in_([sa.literal_column(str(v)) for v in satisfied]), 1), else_=0)
    query = _base([SurveyResponse.form_version_id, SurveyAnswer.question_code, sa.func.count(),
                   sa.func.sum(counted)], low, high)
    return _where(query, kind, sqlite).group_by(SurveyResponse.form_version_id, SurveyAnswer.question_code)


@functools.lru_cache(maxsize=32)
def _respondents_shape(kind: str, sqlite: bool, mapping: tuple[tuple[str, str], ...], low: int,
                       high: int) -> sa.Select[Any]:
    """Respondents per criterion (who answered at least one of its items), the criterion named by a CASE on the
    question's code."""
    criterion = sa.case({code: sa.literal_column(f"'{c}'") for code, c in mapping}, value=SurveyAnswer.question_code,
                        else_=sa.literal_column("''")) if mapping else sa.literal_column("''")
    query = _base([criterion, sa.func.count(sa.distinct(SurveyAnswer.response_id))], low, high)
    return _where(query, kind, sqlite).group_by(criterion)


@functools.lru_cache(maxsize=32)
def _totals_shape(kind: str, sqlite: bool, low: int, high: int) -> sa.Select[Any]:
    """Questionnaires (responses not deleted, answered or not) and respondents (at least one answer on the scale)."""
    on_scale = sa.and_(SurveyAnswer.value >= sa.literal_column(str(low)),
                       SurveyAnswer.value <= sa.literal_column(str(high)))
    query = (sa.select(sa.func.count(sa.distinct(SurveyResponse.id)),
                       sa.func.count(sa.distinct(sa.case((on_scale, SurveyAnswer.response_id)))))
             .select_from(Visit).join(SurveyResponse, SurveyResponse.visit_id == Visit.id)
             .outerjoin(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
             .where(SurveyResponse.deleted_at.is_(None)))
    return _where(query, kind, sqlite)


def _index(session: Session, kind: str, params: dict[str, Any], formula: IndexFormula | None) -> SatisfactionIndex:
    formula = formula or load_formula()
    sqlite = reporting._sqlite(session)
    satisfied, low, high = _scale_values(formula)
    rows = reporting.run(session, _items_shape(kind, sqlite, satisfied, low, high), uuids=(0,), params=params)
    versions = sorted({r[0] for r in rows}, key=str)
    responses, respondents = (int(v or 0) for v in
                              reporting.run(session, _totals_shape(kind, sqlite, low, high), params=params)[0])
    if not versions and responses:   # questionnaires started but nothing answered yet: list the form's items
        versions = sorted(set(session.scalars(sa.select(SurveyResponse.form_version_id).where(
            SurveyResponse.visit_id == params["visit_id"]))), key=str) if kind == "visit" else []
    by_pair, items = _criteria_of(session, versions)
    counts = [ItemCount(code, by_pair[(version, code)], int(n or 0), int(x or 0))
              for version, code, n, x in rows if (version, code) in by_pair]
    mapping = tuple(sorted({(code, c.value) for (_, code), c in by_pair.items()}))
    per_criterion: dict[SipasCriterion, int] = {}
    if mapping:
        for name, n in reporting.run(session, _respondents_shape(kind, sqlite, mapping, low, high), params=params):
            if name:
                per_criterion[SipasCriterion(name)] = int(n or 0)
    return build_index(formula, counts, respondents=respondents, respondents_by_criterion=per_criterion,
                       responses=responses, items=items)


@open_to_all
def visit_index(session: Session, visit_id: uuid.UUID, formula: IndexFormula | None = None) -> SatisfactionIndex | None:
    """The visit's index; None when the visit has no survey response."""
    if not survey_count(session, visit_id):
        return None
    return _index(session, "visit", {"visit_id": visit_id}, formula)


@open_to_all
def period_index(session: Session, scope: Scope, point_id: uuid.UUID | None = None,
                 formula: IndexFormula | None = None) -> SatisfactionIndex:
    """The index of the period's visits (of the scope's body when chosen; of one reception point when given)."""
    kind = ("body" if scope.body_id is not None else "period") + ("_point" if point_id is not None else "")
    params = reporting._scope_values(scope)
    if point_id is not None:
        params["point_id"] = point_id
    return _index(session, kind, params, formula)


@open_to_all
def survey_count(session: Session, visit_id: uuid.UUID) -> int:
    """The visit's survey responses (not deleted)."""
    return int(session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse).where(
        SurveyResponse.visit_id == visit_id, SurveyResponse.deleted_at.is_(None))) or 0)


@open_to_all
def visit_findings(session: Session, visit: Visit) -> dict[SipasCriterion, Found]:
    """What the inspectors found at this visit per SIPAS criterion: the items of the criterion passed and failed
    (the visit's own form, a follow-up's generated items included)."""
    from inspector.services.visits import visit_form

    criteria = {item.code: item.sipas for item in visit_form(visit).items()}
    found = {c: Found() for c in SipasCriterion}
    for code, result in session.execute(sa.select(Answer.item_code, Answer.result).where(
            Answer.visit_id == visit.id, Answer.deleted_at.is_(None))):
        criterion = criteria.get(code)
        if criterion is None:
            continue
        if result is Result.PASS or result == Result.PASS.value:
            found[criterion].passed += 1
        elif result is Result.FAIL or result == Result.FAIL.value:
            found[criterion].failed += 1
    return found


# --- the minutes' section ------------------------------------------------------------------------------------


def _modes(session: Session, visit_id: uuid.UUID) -> dict[str, int]:
    return {str(mode): int(n) for mode, n in session.execute(
        sa.select(SurveyResponse.mode, sa.func.count()).where(
            SurveyResponse.visit_id == visit_id, SurveyResponse.deleted_at.is_(None)).group_by(SurveyResponse.mode))}


@open_to_all
def minutes_section(session: Session, visit: Visit) -> SurveySection | None:
    """The minutes' section III.3 for this visit: None when it has no survey response."""
    index = visit_index(session, visit.id)
    if index is None:
        return None
    found = visit_findings(session, visit)
    modes = _modes(session, visit.id)
    how = [f"{modes[m]} {label}" for m, label in (("kiosk", "trả lời trên máy tại điểm"), ("paper", "phiếu giấy"))
           if modes.get(m)]
    intro = (f"Trong buổi kiểm tra, Đoàn kiểm tra mời người dân, tổ chức đến giao dịch trả lời phiếu khảo sát nhanh "
             f"(không ghi tên): {index.responses} phiếu ({', '.join(how)}), {index.respondents} người trả lời ít "
             f"nhất một câu hỏi. Chỉ số hài lòng tham khảo theo từng tiêu chí SIPAS, bên cạnh kết quả kiểm tra của "
             f"Đoàn đối với các nội dung thuộc cùng tiêu chí:")
    rows = [SurveyRow(c.label, percent(c.value), c.respondents, interval_text(c.interval), found[c.criterion].text())
            for c in index.criteria]
    total = Found(sum(f.passed for f in found.values()), sum(f.failed for f in found.values()))
    rows.append(SurveyRow("Chỉ số chung", percent(index.value), index.respondents, interval_text(index.interval),
                          total.text()))
    notes = (f"Cỡ mẫu nhỏ (dưới {index.formula.small_sample} người trả lời): khoảng tin cậy rộng, chỉ số chỉ để tham "
             f"khảo.",) if index.small else ()
    return SurveySection(intro, tuple(rows), index.formula.line, notes)
