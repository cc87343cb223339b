"""Citizens' quick satisfaction survey forms (phiếu khảo sát nhanh sự hài lòng): their schema and validation.

A survey form is plain data like a checklist (``forms/survey/README.md``): the questionnaire's criteria (each a
SIPAS criterion) with their questions on the 5-point scale, and the context questions with their options. Every
question names the point of NĐ 118/2025 Điều 33 it bears on. Stored in ``form_versions`` beside the checklists
(kind ``khao_sat``) and pinned the same way; problems are reported like a checklist file's (place, message, in
Vietnamese), and every text goes through the same cleaning (NFC, no control characters).

No question may ask who the respondent is: the form has no free-text question at all (item 5 of issue 16).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.domain.checklist import (
    CODE_PATTERN,
    MAX_VERSION,
    SCHEMA_VERSION,
    FieldsChecker,
    FormInvalid,
    FormKind,
    Problem,
    check_shape,
)
from inspector.domain.sipas import SipasCriterion

SCALE_POINTS = 5
MAX_OPTIONS = 9            # a context question's options, typed as one digit
MAX_QUESTIONS = 100
OPTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
ND118_PATTERN = re.compile(r"^Điều 33( khoản \d+( điểm [a-zđ])?)?$")
DEFAULT_SCALE = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")


@dataclass(frozen=True)
class Option:
    code: str   # stored as the answer's choice
    text: str


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    criterion: SipasCriterion
    nd118: str                          # "Điều 33 khoản 1 điểm g" (of NĐ 118/2025/NĐ-CP)
    options: tuple[Option, ...] = ()    # () : on the satisfaction scale

    @property
    def kind(self) -> str:
        return "choice" if self.options else "scale"


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    criterion: SipasCriterion
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class SurveyForm:
    code: str
    version: int
    title: str
    intro: str                          # read on the kiosk's first screen
    scale: tuple[str, ...]              # the five labels, 1 .. 5
    sections: tuple[Criterion, ...]
    context: tuple[Question, ...]
    description: str = ""
    documents: tuple[str, ...] = ()
    effective_from: date | None = None

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions
        yield from self.context

    def question(self, code: str) -> Question:
        for question in self.questions():
            if question.code == code:
                return question
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        """The stored copy (JSON-safe, round-trips through ``parse_survey``)."""
        data: dict[str, Any] = {
            "schema": SCHEMA_VERSION, "code": self.code, "version": self.version, "title": self.title,
            "kind": str(FormKind.SURVEY), "intro": self.intro, "scale": list(self.scale),
            "sections": [{"code": s.code, "title": s.title, "sipas": str(s.criterion),
                          "items": [{"code": q.code, "text": q.text, "nd118": q.nd118} for q in s.questions]}
                         for s in self.sections],
            "context": [{"code": q.code, "text": q.text, "sipas": str(q.criterion), "nd118": q.nd118,
                         "options": [{"code": o.code, "text": o.text} for o in q.options]} for q in self.context],
        }
        if self.description:
            data["description"] = self.description
        if self.documents:
            data["documents"] = list(self.documents)
        if self.effective_from is not None:
            data["effective_from"] = self.effective_from.isoformat()
        return data


def _at(place: str, key: str) -> str:
    return f"{place} › {key}" if place else key


def parse_survey(data: Mapping[str, Any]) -> SurveyForm:
    """Validate a parsed survey file (or a stored copy); raise FormInvalid listing every problem found."""
    if not isinstance(data, Mapping):
        raise FormInvalid([Problem("", "nội dung phiếu phải là một bảng khóa = giá trị")])
    check_shape(data)
    c = FieldsChecker()
    c.keys(data, "", {"schema", "code", "version", "title", "kind", "sections", "context"},
           {"description", "documents", "effective_from", "intro", "scale"})
    schema = data.get("schema")
    if schema is not None and schema != SCHEMA_VERSION:
        c.add("schema", f"phiên bản định dạng {schema!r} không được hỗ trợ; ứng dụng này đọc schema = {SCHEMA_VERSION}")
    code = c.code(data, "code", "")
    version = c.integer(data, "version", "", minimum=1, maximum=MAX_VERSION)
    title = c.text(data, "title", "")
    kind = c.choice(data, "kind", "", FormKind)
    if kind is not None and kind is not FormKind.SURVEY:
        c.add("kind", f"phiếu khảo sát phải có kind = \"{FormKind.SURVEY}\"")
    description = c.text(data, "description", "", required=False, multiline=True)
    intro = c.text(data, "intro", "", required=False, multiline=True)
    documents = c.codes(data, "documents", "", 100, "mã văn bản")
    effective_from = c.day(data, "effective_from", "", iso_text=True)
    scale = DEFAULT_SCALE
    if "scale" in data:
        raw_scale = data["scale"]
        if (not isinstance(raw_scale, list) or len(raw_scale) != SCALE_POINTS
                or not all(isinstance(x, str) for x in raw_scale)):
            c.add("scale", f"phải là danh sách {SCALE_POINTS} nhãn, từ mức 1 (Rất không hài lòng) đến mức 5")
        else:
            scale = tuple(c.text({"nhãn": x}, "nhãn", "scale") for x in raw_scale)

    seen: dict[str, str] = {}

    def question_code(raw: Mapping[str, Any], place: str) -> str:
        q_code = c.code(raw, "code", place)
        if q_code in seen:
            c.add(_at(place, "code"), f"mã '{q_code}' bị trùng với {seen[q_code]}")
        seen.setdefault(q_code, place)
        return q_code

    def nd118(raw: Mapping[str, Any], place: str) -> str:
        value = c.text(raw, "nd118", place)
        if value and not ND118_PATTERN.fullmatch(value):
            c.add(_at(place, "nd118"), f"'{value}' phải có dạng \"Điều 33 khoản 1 điểm g\" (Nghị định 118/2025/NĐ-CP)")
        return value

    sections = []
    raw_sections = c.table_list(data, "sections", "")
    if "sections" in data and not raw_sections:
        c.add("sections", "phiếu phải có ít nhất một nhóm tiêu chí")
    for s_index, raw in enumerate(raw_sections, 1):
        place = f"nhóm {s_index} ({raw.get('code') if isinstance(raw.get('code'), str) else '?'})"
        c.keys(raw, place, {"code", "title", "sipas", "items"}, set())
        s_code = c.code(raw, "code", place)
        s_title = c.text(raw, "title", place)
        sipas = c.choice(raw, "sipas", place, SipasCriterion)
        questions = []
        raw_items = c.table_list(raw, "items", place)
        if "items" in raw and not raw_items:
            c.add(place, "nhóm phải có ít nhất một câu hỏi")
        for q_index, raw_q in enumerate(raw_items, 1):
            q_place = f"{place} › câu {q_index} ({raw_q.get('code') if isinstance(raw_q.get('code'), str) else '?'})"
            c.keys(raw_q, q_place, {"code", "text", "nd118"}, set())
            q_code = question_code(raw_q, q_place)
            text = c.text(raw_q, "text", q_place)
            point = nd118(raw_q, q_place)
            if sipas is not None:
                questions.append(Question(q_code, text, sipas, point))
        if sipas is not None:
            sections.append(Criterion(s_code, s_title, sipas, tuple(questions)))

    context = []
    for q_index, raw_q in enumerate(c.table_list(data, "context", ""), 1):
        q_place = f"câu hỏi bối cảnh {q_index} ({raw_q.get('code') if isinstance(raw_q.get('code'), str) else '?'})"
        c.keys(raw_q, q_place, {"code", "text", "sipas", "nd118", "options"}, set())
        q_code = question_code(raw_q, q_place)
        text = c.text(raw_q, "text", q_place)
        sipas = c.choice(raw_q, "sipas", q_place, SipasCriterion)
        point = nd118(raw_q, q_place)
        options: list[Option] = []
        raw_options = c.table_list(raw_q, "options", q_place)
        if not 2 <= len(raw_options) <= MAX_OPTIONS:
            c.add(_at(q_place, "options"), f"phải có từ 2 đến {MAX_OPTIONS} phương án (mỗi phương án gõ bằng một chữ số)")
        for o_index, raw_o in enumerate(raw_options, 1):
            o_place = _at(q_place, f"phương án {o_index}")
            c.keys(raw_o, o_place, {"code", "text"}, set())
            o_code = c.code(raw_o, "code", o_place, OPTION_PATTERN)
            if any(o.code == o_code for o in options):
                c.add(_at(o_place, "code"), f"phương án '{o_code}' lặp lại")
            options.append(Option(o_code, c.text(raw_o, "text", o_place)))
        if sipas is not None:
            context.append(Question(q_code, text, sipas, point, tuple(options)))
    if len(seen) > MAX_QUESTIONS:
        c.add("sections", f"phiếu có {len(seen)} câu hỏi, quá giới hạn {MAX_QUESTIONS}")
    if c.problems:
        raise FormInvalid(c.problems)
    assert version is not None
    return SurveyForm(code=code, version=version, title=title, intro=intro, scale=scale, sections=tuple(sections),
                      context=tuple(context), description=description, documents=documents,
                      effective_from=effective_from)


__all__ = ["CODE_PATTERN", "DEFAULT_SCALE", "Criterion", "Option", "Question", "SurveyForm", "parse_survey"]
