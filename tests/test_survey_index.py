"""The reference satisfaction index (services.survey_index) per visit, reception point and period, in the minutes
and the period report: every figure recomputed here from the raw survey_answers by plain SQL and Python."""

from __future__ import annotations

import io
import random
import re
import uuid
from collections import defaultdict
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector.domain.clock import local_today
from inspector.domain.report_figures import Period, Scope
from inspector.domain.satisfaction import interval_text, percent
from inspector.domain.sipas import SipasCriterion
from inspector.paths import forms_dir
from inspector.services import reporting, survey, survey_index
from inspector.services.minutes import Minutes
from inspector.store.models import Round, SurveyAnswer, SurveyResponse, Visit
from inspector.store.types import utcnow
from tests.test_minutes import _user, _visit, make_round

Z = 1.959964


def _form(db) -> tuple[uuid.UUID, list[survey.SurveyQuestion]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        try:
            version = survey.current_survey_form(session)
        except survey.SurveyError:
            survey.sync_survey_forms(session, forms_dir() / "survey")
            version = survey.current_survey_form(session)
        return version.id, survey.survey_questions(session, version.id)


def add_responses(db, visit_id: uuid.UUID, count: int, seed: int, *, paper: int = 0,  # type: ignore[no-untyped-def]
                  abandoned: int = 0, deleted: int = 0) -> None:
    """``count`` respondents with answers drawn from a seeded generator (some items skipped); the last
    ``abandoned`` left half way (finished_at NULL); ``deleted`` more, deleted (never counted)."""
    version_id, questions = _form(db)
    rng = random.Random(seed)
    now = utcnow()
    with db.session() as session:
        for n in range(count + deleted):
            mode = "paper" if n < paper else "kiosk"
            response = SurveyResponse(visit_id=visit_id, form_version_id=version_id, mode=mode,
                                      sheet_no=n + 1 if mode == "paper" else None, started_at=now,
                                      finished_at=None if count - abandoned <= n < count else now,
                                      deleted_at=now if n >= count else None)
            session.add(response)
            session.flush()
            asked = questions[: len(questions) // 2] if count - abandoned <= n < count else questions
            for q in asked:
                if rng.random() < 0.1:
                    continue  # skipped
                if q.kind == "scale":
                    value = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 3])[0]
                    session.add(SurveyAnswer(response_id=response.id, question_code=q.code, value=value))
                else:
                    session.add(SurveyAnswer(response_id=response.id, question_code=q.code, choice=q.options[0][0]))


def recompute(db, where: str, params: dict) -> dict:  # type: ignore[no-untyped-def]
    """The index from the raw rows: plain SQL for the answers, plain Python for the arithmetic."""
    _version, questions = _form(db)
    criterion = {q.code: q.criterion for q in questions if q.kind == "scale"}
    with db.read() as session:
        rows = session.execute(sa.text(
            "SELECT a.response_id, a.question_code, a.value FROM survey_answers a "
            "JOIN survey_responses r ON r.id = a.response_id JOIN visits v ON v.id = r.visit_id "
            f"WHERE r.deleted_at IS NULL AND v.deleted_at IS NULL AND a.value IS NOT NULL AND {where}"), params).all()
    per_item: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    who: dict[SipasCriterion, set] = defaultdict(set)
    everyone = set()
    for response_id, code, value in rows:
        per_item[code][0] += 1
        per_item[code][1] += value >= 4
        who[criterion[code]].add(response_id)
        everyone.add(response_id)
    shares: dict[SipasCriterion, list[float]] = defaultdict(list)
    for code, (n, x) in per_item.items():
        shares[criterion[code]].append(x / n)
    crit = {c: sum(v) / len(v) for c, v in shares.items()}
    return {"items": {k: tuple(v) for k, v in per_item.items()}, "criteria": crit,
            "respondents": {c: len(v) for c, v in who.items()}, "overall": sum(crit.values()) / len(crit),
            "everyone": len(everyone)}


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def test_visit_index_recomputed_from_the_raw_answers(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=3, photos=0, recommendations=0)
    add_responses(db, visit_id, 36, seed=16, paper=10, abandoned=4, deleted=3)
    raw = recompute(db, "v.id = :visit", {"visit": visit_id.hex if db.url is None else visit_id})
    with db.read() as session:
        index = survey_index.visit_index(session, visit_id)
    assert index is not None and index.responses == 36 and index.respondents == raw["everyone"] == 36
    for c in index.criteria:
        assert c.value == pytest.approx(raw["criteria"][c.criterion]), c.criterion
        assert c.respondents == raw["respondents"][c.criterion]
        for item in c.items:
            assert (item.answers, item.satisfied) == raw["items"][item.code], item.code
    assert index.value == pytest.approx(raw["overall"])
    assert len([i for c in index.criteria for i in c.items]) == 19   # the 19 items of part II; context left out
    assert index.formula.version == 1 and not index.small


def test_an_item_interval_by_hand_through_the_database(db) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=0, photos=0, recommendations=0)
    version_id, questions = _form(db)
    first = next(q for q in questions if q.kind == "scale")
    with db.session() as session:
        for value in (5, 4, 4, 5, 4, 5, 4, 4, 2, 3):   # 8 of 10 satisfied
            response = SurveyResponse(visit_id=visit_id, form_version_id=version_id, mode="kiosk")
            session.add(response)
            session.flush()
            session.add(SurveyAnswer(response_id=response.id, question_code=first.code, value=value))
    with db.read() as session:
        index = survey_index.visit_index(session, visit_id)
    item = index.criterion(first.criterion).items[0]
    # Wilson, x = 8, n = 10, z = 1.959964: centre (0.8 + 3.841459/20)/(1 + 3.841459/10) = 0.716740,
    # half 1.959964/1.384146 × sqrt(0.8 × 0.2/10 + 3.841459/400) = 1.415990 × 0.160012 = 0.226577
    # → 0.490163 … 0.943317
    assert (item.answers, item.satisfied) == (10, 8)
    assert item.interval.low == pytest.approx(0.490163, abs=1e-6)
    assert item.interval.high == pytest.approx(0.943317, abs=1e-6)
    # one item answered in its criterion: the criterion's index is that share, and the overall index too
    assert index.criterion(first.criterion).value == index.value == pytest.approx(0.8)
    assert index.small


def test_minutes_print_the_section_and_issued_minutes_keep_their_bytes(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    visit_id = _visit(db, failed=2, photos=0, recommendations=1)
    assert Minutes(db).survey_responses(visit_id) == 0
    plain = Minutes(db).pdf(visit_id)
    assert "chỉ số hài lòng tham khảo" not in _text(plain.data)    # no responses: no section
    add_responses(db, visit_id, 12, seed=3, paper=4)
    minutes = Minutes(db)
    assert minutes.survey_responses(visit_id) == 12
    with db.read() as session:
        index = survey_index.visit_index(session, visit_id)
        found = survey_index.visit_findings(session, session.get(Visit, visit_id))
    text = _text(minutes.pdf(visit_id).data)
    assert "3. Ý kiến của người dân, tổ chức (chỉ số hài lòng tham khảo - khảo sát nhanh tại điểm):" in text
    assert "12 phiếu (8 trả lời trên máy tại điểm, 4 phiếu giấy)" in text
    assert "Cách tính (CSHL-TK, phiên bản 1)" in text and "Wilson" in text and "Agresti–Coull" in text
    assert "Cỡ mẫu nhỏ (dưới 30 người trả lời)" in text
    for c in index.criteria:
        assert f"{c.label} {percent(c.value)} {c.respondents} {interval_text(c.interval)}" in text, c.label
        assert found[c.criterion].text() in text
    assert sum(f.failed for f in found.values()) == 2
    assert f"Chỉ số chung {percent(index.value)} 12 {interval_text(index.interval)}" in text
    # the section comes after the findings and before the conclusions
    assert text.index("Các nội dung không đạt") < text.index("3. Ý kiến của người dân") < text.index("IV. KẾT LUẬN")
    assert "3. Ý kiến của người dân" not in _text(minutes.pdf(visit_id, survey=False).data)   # the option off

    clerk = Minutes(db, _user(db, _clerk()))
    issued = clerk.finalize(visit_id, "7")
    assert "3. Ý kiến của người dân" in _text(issued.data)
    add_responses(db, visit_id, 5, seed=4)      # answers typed after issuing never change the issued PDF
    assert clerk.pdf(visit_id).data == issued.data
    assert clerk.revision_pdf(visit_id, 1).data == issued.data


def _clerk():  # type: ignore[no-untyped-def]
    from inspector.domain.catalog import Role

    return Role.CLERK


def test_period_point_and_body_index_and_the_report(db) -> None:  # type: ignore[no-untyped-def]
    body_round = make_round(db, "snv")
    first = _visit(db, failed=4, photos=0, recommendations=0, round_id=body_round)
    second = _visit(db, failed=0, photos=0, recommendations=0)            # a round without a body
    add_responses(db, first, 20, seed=7)
    add_responses(db, second, 15, seed=8, abandoned=2)
    today = local_today()
    period = Period.quarter(today.year, (today.month + 2) // 3)
    with db.read() as session:
        body_id = session.scalar(sa.select(Round.inspecting_body_id).where(Round.id == body_round))
        point_id = session.scalar(sa.select(Visit.reception_point_id).where(Visit.id == first))
        every = survey_index.period_index(session, Scope(period))
        body = survey_index.period_index(session, Scope(period, body_id))
        point = survey_index.period_index(session, Scope(period), point_id)
        before = survey_index.period_index(session, Scope(period.previous()))
    key = (lambda v: v.hex) if db.url is None else (lambda v: v)
    day = {"start": period.start.isoformat() if db.url is None else period.start,
           "end": period.end.isoformat() if db.url is None else period.end}
    where = "v.status != 'planned' AND v.planned_date BETWEEN :start AND :end"
    raw_all = recompute(db, where, day)
    raw_body = recompute(db, "v.id = :v", {"v": key(first)})
    assert every.responses >= 35 and every.value == pytest.approx(raw_all["overall"])
    for c in every.criteria:
        assert c.value == pytest.approx(raw_all["criteria"][c.criterion])
        assert c.respondents == raw_all["respondents"][c.criterion]
    assert body.responses == 20 and body.value == pytest.approx(raw_body["overall"])
    assert point.respondents == raw_all["everyone"]      # both visits are at this module's reception point
    assert before.responses == 0 and before.value is None

    with db.read() as session:
        data, f = reporting.report_pdf(session, Scope(period, body_id))
    text = _text(data)
    assert f.satisfaction is not None and f.satisfaction.responses == 20
    assert "Ý kiến người dân, tổ chức: chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm)" in text
    assert "Trong kỳ có 20 phiếu khảo sát nhanh" in text and "Cách tính (CSHL-TK, phiên bản 1)" in text
    failed = {c.criterion: c.tally.fail_rate for c in f.criteria}
    for c in f.satisfaction.criteria:
        assert (f"{c.label} {percent(c.value)} {c.respondents} {interval_text(c.interval)} "
                f"{percent(failed[c.criterion])}") in text, c.label
    with db.read() as session:
        empty, g = reporting.report_pdf(session, Scope(Period(period.start - timedelta(days=400),
                                                              period.start - timedelta(days=300))))
    assert g.satisfaction.responses == 0 and "chỉ số hài lòng tham khảo" not in _text(empty)
