"""Checklist forms (phiếu kiểm tra): their schema and its validation.

A form is plain data (see ``forms/README.md`` for the file format). This
module turns an already-parsed mapping into typed, validated objects, or a
list of problems that each name the place and say what is wrong, in
Vietnamese, for the administrator who edits the file.

Every text taken from a form goes through the same cleaning as what a user
types (``inspector.domain.text``): single-line texts (codes, titles, item
texts, legal basis, field labels) through ``clean``, free text (the form's
description, an item's guidance) through ``clean_multiline``. A code holding
a control or invisible character is refused rather than cleaned (the file is
wrong or hostile, and a code must be the same everywhere it is written); every
problem message shows such characters escaped (``\\x1b``), never raw, since it
is printed to terminals and dialogs.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from inspector.domain.rules import Rule, RuleError, compile_rule
from inspector.domain.sipas import SipasCriterion
from inspector.domain.text import clean, clean_multiline, has_invisible, terminal_safe
from inspector.domain.workflow import Result

SCHEMA_VERSION = 1
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
FIELD_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 4000
MAX_DOCUMENTS_PER_FORM = 100   # register keys a form rests on
MAX_CITES = 20                 # citations of one item
MAX_REPLACES = 50              # earlier item codes one item continues
MAX_ARTICLE = 200              # "Điều 11 khoản 2 điểm e"
MAX_FINDING = 500              # a numeric item's finding template
# Bounds that keep a hostile or mistaken file from stopping the app (forms/README.md, "Limits").
MAX_VERSION = 9999             # stored in SQLite (64-bit); more versions than this is a mistake
MAX_FIELD_VALUE = 1_000_000    # |min|, |max| of a numeric field (the visit screen's spin box is 32-bit)
MAX_INTEGER = 2**31 - 1        # any other whole number in a form
MAX_DEPTH = 16                 # tables and lists inside one another (a form needs 7)
MAX_SECTIONS = 100
MAX_ITEMS = 5000               # in the whole form, generated items of a follow-up visit included
MAX_FIELDS = 20                # numeric fields of one item
MAX_LIST = 5000                # entries of any list
MAX_KEYS = 100                 # keys of any table
MAX_MESSAGE = 600              # a problem message quoting the file is cut there


class FormKind(StrEnum):
    STANDARD = "kiem_tra"
    FOLLOW_UP = "kiem_tra_khac_phuc"
    # A citizens' satisfaction survey (forms/survey/, inspector.domain.survey): stored beside the checklists and
    # pinned like them, but not a checklist: parse_form refuses it.
    SURVEY = "khao_sat"


class Severity(StrEnum):
    MINOR = "nhe"
    MODERATE = "trung_binh"
    SERIOUS = "nghiem_trong"

    @property
    def label(self) -> str:
        return {"nhe": "Nhẹ", "trung_binh": "Trung bình", "nghiem_trong": "Nghiêm trọng"}[self.value]


class ItemType(StrEnum):
    CHOICE = "lua_chon"
    NUMERIC = "so_lieu"


E = TypeVar("E", bound=StrEnum)

CHOICE_ANSWERS = (Result.PASS, Result.FAIL, Result.NOT_APPLICABLE)


@dataclass(frozen=True)
class NumericField:
    code: str
    label: str
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True)
class Citation:
    """One legal ground of an item: a document of the register (its key) and, where verified, the article."""

    doc: str                 # key in the register of legal documents, e.g. "ND-118-2025"
    article: str = ""        # "Điều 11 khoản 2 điểm e"; empty: cited by number only


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    guidance: str
    legal_basis: str
    sipas: SipasCriterion
    severity: Severity
    type: ItemType = ItemType.CHOICE
    answers: tuple[Result, ...] = CHOICE_ANSWERS
    required: bool = True
    note_required_on_fail: bool = True
    photo_required_on_fail: bool = False
    fields: tuple[NumericField, ...] = ()
    pass_if: str | None = None
    # Set on items generated at visit start from an open recommendation (follow-up visits).
    recommendation_id: str = ""
    # Legal grounds from the register (forms from v2 on); legal_basis is the free text of older forms.
    cites: tuple[Citation, ...] = ()
    # Codes of items of earlier versions of the same form that this item continues (v1 → v2 mapping).
    replaces: tuple[str, ...] = ()
    # Numeric items: how the minutes state the values counted, e.g. "{late}/{checked} hồ sơ trễ hẹn".
    finding: str = ""

    def rule(self) -> Rule | None:
        if self.pass_if is None:
            return None
        return _compiled_rule(self.pass_if, frozenset(f.code for f in self.fields))


@functools.lru_cache(maxsize=8192)
def _compiled_rule(text: str, fields: frozenset[str]) -> Rule:
    """Rules are immutable: compiled once, not on every re-decision (a shared number re-decides thousands of items)."""
    return compile_rule(text, fields)


class Generator(StrEnum):
    """Where a generated section takes its items from at visit start."""

    OPEN_RECOMMENDATIONS = "kien_nghi_chua_khac_phuc"


TEMPLATE_PLACEHOLDERS = frozenset({"text", "finding", "owner", "deadline", "minutes", "visit_date"})


@dataclass(frozen=True)
class ItemTemplate:
    """How a generated section words each item; {placeholders} are filled from the data."""

    text: str
    guidance: str
    legal_basis: str
    sipas: SipasCriterion
    severity: Severity
    note_required_on_fail: bool = True
    photo_required_on_fail: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    items: tuple[Item, ...]
    generated: Generator | None = None
    template: ItemTemplate | None = None


@dataclass(frozen=True)
class ChecklistForm:
    code: str
    version: int
    title: str
    kind: FormKind
    sections: tuple[Section, ...]
    description: str = ""
    legal_basis: tuple[str, ...] = field(default_factory=tuple)
    # Keys of register documents the whole form rests on (printed from the register).
    documents: tuple[str, ...] = field(default_factory=tuple)
    # New visits use the newest version in effect on their day; None: in effect from any day.
    effective_from: date | None = None

    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    def item(self, code: str) -> Item:
        for item in self.items():
            if item.code == code:
                return item
        raise KeyError(code)

    def continuation(self, code: str) -> Item | None:
        """The item of this version that continues item ``code`` of an earlier one: the same code, else the first
        item listing it in ``replaces``; None when nothing does."""
        items = list(self.items())
        return next((i for i in items if i.code == code), None) or next((i for i in items if code in i.replaces), None)

    def to_dict(self) -> dict[str, Any]:
        """The stored copy a visit pins (JSON-safe, round-trips through ``parse_form``)."""
        data = asdict(self)
        data["schema"] = SCHEMA_VERSION
        # Keys added after version 1 of the format are written only when used, so the stored copy
        # (and the hash) of a form that does not use them stays what it was.
        if not data["documents"]:
            del data["documents"]
        if data["effective_from"] is None:
            del data["effective_from"]
        else:
            data["effective_from"] = data["effective_from"].isoformat()
        for section in data["sections"]:
            if section["generated"] is None:
                del section["generated"], section["template"]
            elif not section["items"]:
                del section["items"]  # a form file's generated section; a visit's snapshot keeps its items
            for item in section.get("items", []):
                if not item["recommendation_id"]:
                    del item["recommendation_id"]
                for key in ("cites", "replaces", "finding"):
                    if not item[key]:
                        del item[key]
                if "cites" in item:
                    item["cites"] = [{"doc": c["doc"]} | ({"article": c["article"]} if c["article"] else {})
                                     for c in item["cites"]]
                    if not item["legal_basis"]:
                        del item["legal_basis"]
                item["answers"] = [str(a) for a in item["answers"]]
                if item["type"] == ItemType.CHOICE:
                    del item["fields"], item["pass_if"]
                else:
                    item["fields"] = [
                        {"code": f["code"], "label": f["label"], "min": f["minimum"]}
                        | ({"max": f["maximum"]} if f["maximum"] is not None else {})
                        for f in item["fields"]
                    ]
                    del item["answers"]
                    if item["pass_if"] is None:
                        del item["pass_if"]
        return _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Problem:
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class FormInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


_TYPE_NAMES = {str: "chuỗi ký tự", int: "số nguyên", bool: "true/false", list: "danh sách", dict: "bảng"}


_OTHER_TYPE_NAMES = {"float": "số thập phân", "datetime": "ngày giờ", "date": "ngày", "time": "giờ"}


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return _OTHER_TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _shown_number(value: int) -> str:
    return str(value) if abs(value) < 10**20 else "một số quá lớn"  # str() of 5000 digits would raise


class _Checker:
    """Collects every problem instead of stopping at the first, so one edit fixes many."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        # Places and messages quote the file (codes, keys, values): never pass its control characters on,
        # and never a megabyte of it either.
        place, message = terminal_safe(place), terminal_safe(message)
        if len(place) > MAX_MESSAGE:
            place = place[: MAX_MESSAGE - 1] + "…"
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        self.problems.append(Problem(place, message))

    def keys(self, data: Mapping[str, Any], place: str, required: set[str], optional: set[str]) -> bool:
        ok = True
        for key in sorted(required - data.keys()):
            self.add(place, f"thiếu khóa bắt buộc '{key}'")
            ok = False
        for key in sorted(data.keys() - required - optional):
            self.add(place, f"khóa '{key}' không có trong mẫu phiếu (gõ sai tên?)")
        return ok

    def text(self, data: Mapping[str, Any], key: str, place: str, *, required: bool = True,
             multiline: bool = False) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(_at(place, key), f"phải là chuỗi ký tự, không phải {_type_name(value)}")
            return ""
        value = clean_multiline(value) if multiline else clean(value)
        if required and not value:
            self.add(_at(place, key), "không được để trống")
        if len(value) > MAX_TEXT:
            self.add(_at(place, key), f"dài {len(value)} ký tự, quá giới hạn {MAX_TEXT}")
        return value

    def code(self, data: Mapping[str, Any], key: str, place: str, pattern: re.Pattern[str] = CODE_PATTERN) -> str:
        rule = "chữ in hoa không dấu, số, '.', '-' hoặc '_'" if pattern is CODE_PATTERN else "chữ thường không dấu, số và '_', bắt đầu bằng chữ"
        raw = data.get(key)
        if isinstance(raw, str) and has_invisible(raw):
            # Refused, not cleaned: "KL-01" with a hidden character is not KL-01. Shown escaped, never raw.
            hidden = ", ".join(dict.fromkeys(terminal_safe(ch) for ch in raw if has_invisible(ch)))
            self.add(_at(place, key), f"mã '{terminal_safe(raw)}' chứa ký tự điều khiển hoặc ký tự ẩn ({hidden}); "
                                      f"chỉ dùng {rule}, tối đa 40 ký tự")
            return terminal_safe(raw)
        value = self.text(data, key, place)
        if value and not pattern.fullmatch(value):
            self.add(_at(place, key), f"mã '{value}' không hợp lệ: chỉ dùng {rule}, tối đa 40 ký tự")
        return value

    def boolean(self, data: Mapping[str, Any], key: str, place: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(_at(place, key), f"phải là true hoặc false, không phải {_type_name(value)}")
            return default
        return value

    def integer(self, data: Mapping[str, Any], key: str, place: str, default: int | None = None, *,
                minimum: int = -MAX_INTEGER, maximum: int = MAX_INTEGER) -> int | None:
        value = data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(_at(place, key), f"phải là số nguyên, không phải {_type_name(value)}")
            return default
        if not minimum <= value <= maximum:
            self.add(_at(place, key), f"phải từ {minimum} đến {maximum}, không phải {_shown_number(value)}")
            return default
        return value

    def choice(self, data: Mapping[str, Any], key: str, place: str, enum: type[E], default: E | None = None) -> E | None:
        value = data.get(key)
        if value is None:
            if default is None:
                self.add(place, f"thiếu khóa bắt buộc '{key}'")
            return default
        allowed = ", ".join(e.value for e in enum)
        if not isinstance(value, str):
            self.add(_at(place, key), f"phải là một trong: {allowed}; không phải {_type_name(value)}")
            return default
        try:
            return enum(value.strip())
        except ValueError:
            self.add(_at(place, key), f"giá trị '{value}' không hợp lệ; chọn một trong: {allowed}")
            return default

    def day(self, data: Mapping[str, Any], key: str, place: str, *, required: bool = False,
            iso_text: bool = False) -> date | None:
        """A TOML date (2025-07-01); with ``iso_text`` also its ISO text, as a stored copy holds it."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(place, f"thiếu khóa bắt buộc '{key}'")
            return None
        if iso_text and isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        if type(value) is not date:  # a TOML date-time is a datetime (a subclass of date): refused
            self.add(_at(place, key), "phải là ngày dạng 2025-07-01 (không đặt trong ngoặc kép, không có giờ), "
                                      f"không phải {_type_name(value)}")
            return None
        return value

    def codes(self, data: Mapping[str, Any], key: str, place: str, limit: int, what: str = "mã") -> tuple[str, ...]:
        """A list of codes (CODE_PATTERN), no repeats, at most ``limit``; ``what`` names them in messages."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.add(_at(place, key), f"phải là danh sách {what} (chuỗi ký tự), không phải {_type_name(value)}")
            return ()
        if len(value) > limit:
            self.add(_at(place, key), f"có {len(value)} mã, quá giới hạn {limit}")
            return ()
        codes: list[str] = []
        for index, raw in enumerate(value, 1):
            entry = f"{key}[{index}]"
            code = self.code({entry: raw}, entry, place)
            if code in codes:
                self.add(_at(place, entry), f"mã '{code}' lặp lại")
            elif code:
                codes.append(code)
        return tuple(codes)

    def table_list(self, data: Mapping[str, Any], key: str, place: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.add(_at(place, key), f"phải là danh sách các bảng [[{key}]], không phải {_type_name(value)}")
            return []
        return value


def _at(place: str, key: str) -> str:
    return f"{place} › {key}" if place else key


def parse_form(data: Mapping[str, Any]) -> ChecklistForm:
    """Validate a parsed form file; raise FormInvalid listing every problem found."""
    c = _Checker()
    if not isinstance(data, Mapping):
        raise FormInvalid([Problem("", "nội dung phiếu phải là một bảng khóa = giá trị")])
    _check_shape(data)
    c.keys(data, "", {"schema", "code", "version", "title", "kind", "sections"},
           {"description", "legal_basis", "documents", "effective_from"})
    schema = data.get("schema")
    if schema is not None and schema != SCHEMA_VERSION:
        c.add("schema", f"phiên bản định dạng {schema!r} không được hỗ trợ; ứng dụng này đọc schema = {SCHEMA_VERSION}")
    code = c.code(data, "code", "")
    version = c.integer(data, "version", "", minimum=1, maximum=MAX_VERSION)
    if version is not None and version < 1:
        c.add("version", "phiên bản phải từ 1 trở lên")
    title = c.text(data, "title", "")
    kind = c.choice(data, "kind", "", FormKind)
    if kind is FormKind.SURVEY:
        c.add("kind", f"phiếu khảo sát (kind = \"{FormKind.SURVEY}\") có định dạng riêng, đặt trong thư mục survey/")
    description = c.text(data, "description", "", required=False, multiline=True)
    legal = data.get("legal_basis", [])
    legal_basis: tuple[str, ...] = ()
    if not isinstance(legal, list) or not all(isinstance(x, str) for x in legal):
        c.add("legal_basis", "phải là danh sách chuỗi ký tự")
    else:
        legal_basis = tuple(clean(x) for x in legal)
    documents = c.codes(data, "documents", "", MAX_DOCUMENTS_PER_FORM, "mã văn bản")
    effective_from = c.day(data, "effective_from", "", iso_text=True)  # ISO text in a stored copy

    raw_sections = c.table_list(data, "sections", "")
    if "sections" in data and not raw_sections and not c.problems:
        c.add("sections", "phiếu phải có ít nhất một phần")
    seen_sections: dict[str, str] = {}
    seen_items: dict[str, str] = {}
    sections = []
    for s_index, raw in enumerate(raw_sections, 1):
        s_code = raw.get("code") if isinstance(raw.get("code"), str) else "?"
        place = f"phần {s_index} ({s_code})"
        generated = raw.get("generated")
        if generated is None:
            c.keys(raw, place, {"code", "title", "items"}, set())
        else:
            c.keys(raw, place, {"code", "title", "generated"}, {"template", "items"})
        s_code = c.code(raw, "code", place)
        if s_code in seen_sections:
            c.add(_at(place, "code"), f"mã phần '{s_code}' bị trùng với {seen_sections[s_code]}")
        seen_sections.setdefault(s_code, place)
        s_title = c.text(raw, "title", place)
        raw_items = c.table_list(raw, "items", place)
        if generated is None and "items" in raw and not raw_items and isinstance(raw.get("items"), list):
            c.add(place, "phần phải có ít nhất một nội dung kiểm tra")
        items = []
        for i_index, raw_item in enumerate(raw_items, 1):
            i_code = raw_item.get("code") if isinstance(raw_item.get("code"), str) else "?"
            item_place = f"{place} › nội dung {i_index} ({i_code})"
            item = _parse_item(c, raw_item, item_place)
            if item is None:
                continue
            if item.code in seen_items:
                c.add(_at(item_place, "code"), f"mã '{item.code}' bị trùng với {seen_items[item.code]}")
            seen_items.setdefault(item.code, item_place)
            if generated is not None and not item.recommendation_id:
                c.add(item_place, "nội dung của phần tự sinh phải do ứng dụng tạo ra (thiếu recommendation_id)")
            items.append(item)
        if generated is not None:
            section = _parse_generated_section(c, raw, place, s_code, s_title, kind)
            sections.append(replace(section, items=tuple(items)))
        else:
            sections.append(Section(code=s_code, title=s_title, items=tuple(items)))

    if c.problems:
        raise FormInvalid(c.problems)
    assert version is not None and kind is not None
    return ChecklistForm(
        code=code, version=version, title=title, kind=kind, sections=tuple(sections),
        description=description, legal_basis=legal_basis, documents=documents, effective_from=effective_from,
    )


def _parse_generated_section(
    c: _Checker, raw: Mapping[str, Any], place: str, code: str, title: str, kind: FormKind | None
) -> Section:
    generator = c.choice(raw, "generated", place, Generator)
    if kind is not None and kind != FormKind.FOLLOW_UP:
        c.add(_at(place, "generated"), f"phần tự sinh chỉ dùng trong phiếu kiểm tra khắc phục (kind = \"{FormKind.FOLLOW_UP}\")")
    raw_template = raw.get("template")
    template = None
    if not isinstance(raw_template, Mapping):
        c.add(place, "phần tự sinh phải có bảng [sections.template] mô tả cách viết từng nội dung")
    else:
        t_place = _at(place, "template")
        c.keys(raw_template, t_place, {"text", "guidance", "legal_basis", "sipas", "severity"},
               {"note_required_on_fail", "photo_required_on_fail"})
        texts = {key: c.text(raw_template, key, t_place, multiline=key == "guidance")
                 for key in ("text", "guidance", "legal_basis")}
        for key, value in texts.items():
            _check_placeholders(c, value, _at(t_place, key))
        sipas = c.choice(raw_template, "sipas", t_place, SipasCriterion)
        severity = c.choice(raw_template, "severity", t_place, Severity)
        note = c.boolean(raw_template, "note_required_on_fail", t_place, True)
        photo = c.boolean(raw_template, "photo_required_on_fail", t_place, False)
        if sipas is not None and severity is not None:
            template = ItemTemplate(**texts, sipas=sipas, severity=severity,
                                    note_required_on_fail=note, photo_required_on_fail=photo)
    return Section(code=code, title=title, items=(), generated=generator, template=template)


def _check_placeholders(c: _Checker, text: str, place: str) -> None:
    """Only bare ``{name}``: a format spec (``{text:>99999999}`` allocates that much at visit start), a conversion,
    an attribute or an index (``{text.x}``, ``{text[0]}``) is refused."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        c.add(place, f"dấu ngoặc {{ }} không khớp: {exc}")
        return
    allowed = ", ".join("{" + n + "}" for n in sorted(TEMPLATE_PLACEHOLDERS))
    reported: set[str] = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if written in reported:
            continue
        reported.add(written)
        if spec or conversion is not None or not name.isidentifier():
            c.add(place, f"chỗ điền '{written}' chỉ được ghi tên, không kèm định dạng ':', chuyển đổi '!', "
                         f"thuộc tính '.' hay chỉ số '[ ]'; dùng: {allowed}")
        elif name not in TEMPLATE_PLACEHOLDERS:
            c.add(place, f"chỗ điền '{written}' không có; dùng: {allowed}")


def _check_shape(data: Mapping[str, Any]) -> None:
    """Depth and sizes, checked before anything else reads the data (iteratively: a deep file must not recurse).

    Raises FormInvalid at once: a form this large or deep is not worth a list of its other problems.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack and len(problems) < 10:
        value, depth, where = stack.pop()
        if isinstance(value, Mapping):
            children = list(value.items())
            if len(children) > MAX_KEYS:
                problems.append(Problem(where, f"bảng có {len(children)} khóa, quá giới hạn {MAX_KEYS}"))
                continue
        elif isinstance(value, list):
            if len(value) > MAX_LIST:
                problems.append(Problem(where, f"danh sách có {len(value)} phần tử, quá giới hạn {MAX_LIST}"))
                continue
            children = [(f"[{i}]", v) for i, v in enumerate(value, 1)]
        else:
            continue
        if children and depth >= MAX_DEPTH:
            problems.append(Problem(where, f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng; phiếu kiểm tra không cần sâu như vậy"))
            continue
        for key, child in children:
            if isinstance(child, Mapping | list):
                name = terminal_safe(key)[:40] if isinstance(key, str) else "?"
                place = where if len(where) > 120 else (f"{where} › {name}" if where and not name.startswith("[") else where + name)
                stack.append((child, depth + 1, place))
    sections = data.get("sections")
    if isinstance(sections, list):
        if len(sections) > MAX_SECTIONS:
            problems.append(Problem("sections", f"phiếu có {len(sections)} phần, quá giới hạn {MAX_SECTIONS}"))
        items = [item for s in sections if isinstance(s, Mapping) and isinstance(s.get("items"), list)
                 for item in s["items"]]
        if len(items) > MAX_ITEMS:
            problems.append(Problem("sections", f"phiếu có {len(items)} nội dung kiểm tra, quá giới hạn {MAX_ITEMS}"))
        for item in items:
            fields = item.get("fields") if isinstance(item, Mapping) else None
            if isinstance(fields, list) and len(fields) > MAX_FIELDS:
                code = item.get("code") if isinstance(item.get("code"), str) else "?"
                problems.append(Problem(terminal_safe(f"nội dung {code[:40]} › fields"),
                                        f"có {len(fields)} trường số liệu, quá giới hạn {MAX_FIELDS}"))
                break
    if problems:
        raise FormInvalid(problems)


_ITEM_REQUIRED = {"code", "text", "guidance", "sipas", "severity"}   # and legal_basis or cites
_ITEM_OPTIONAL = {"type", "answers", "required", "note_required_on_fail", "photo_required_on_fail", "fields",
                  "pass_if", "recommendation_id", "legal_basis", "cites", "replaces", "finding"}


def _parse_item(c: _Checker, raw: Mapping[str, Any], place: str) -> Item | None:
    before = len(c.problems)
    c.keys(raw, place, _ITEM_REQUIRED, _ITEM_OPTIONAL)
    code = c.code(raw, "code", place)
    text = c.text(raw, "text", place)
    guidance = c.text(raw, "guidance", place, multiline=True)
    cites = _parse_cites(c, raw, place)
    if "legal_basis" not in raw and "cites" not in raw:
        c.add(place, "thiếu khóa bắt buộc 'legal_basis' hoặc 'cites'")
    legal_basis = c.text(raw, "legal_basis", place, required=not cites)
    replaces = c.codes(raw, "replaces", place, MAX_REPLACES)
    sipas = c.choice(raw, "sipas", place, SipasCriterion)
    severity = c.choice(raw, "severity", place, Severity)
    item_type = c.choice(raw, "type", place, ItemType, ItemType.CHOICE)
    required = c.boolean(raw, "required", place, True)
    note_required = c.boolean(raw, "note_required_on_fail", place, True)
    photo_required = c.boolean(raw, "photo_required_on_fail", place, False)
    recommendation_id = c.text(raw, "recommendation_id", place, required=False)

    answers: tuple[Result, ...] = CHOICE_ANSWERS
    fields: tuple[NumericField, ...] = ()
    pass_if: str | None = None
    finding = ""
    if item_type == ItemType.CHOICE:
        for key in ("fields", "pass_if", "finding"):
            if key in raw:
                c.add(_at(place, key), f"chỉ dùng cho câu hỏi số liệu (type = \"{ItemType.NUMERIC}\")")
        if "answers" in raw:
            answers = _parse_answers(c, raw["answers"], _at(place, "answers"))
    else:
        if "answers" in raw:
            c.add(_at(place, "answers"), "câu hỏi số liệu tự suy ra Đạt/Không đạt từ quy tắc pass_if; bỏ khóa answers")
        fields = _parse_fields(c, c.table_list(raw, "fields", place), place)
        if not fields and "fields" not in raw:
            c.add(place, "câu hỏi số liệu phải có ít nhất một trường [[...fields]]")
        rule_text = raw.get("pass_if")
        if rule_text is None:
            c.add(place, "câu hỏi số liệu phải có quy tắc pass_if")
        elif not isinstance(rule_text, str):
            c.add(_at(place, "pass_if"), f"phải là chuỗi ký tự, không phải {_type_name(rule_text)}")
        elif fields:
            try:
                _compiled_rule(rule_text, frozenset(f.code for f in fields))
                pass_if = rule_text.strip()
            except RuleError as exc:
                c.add(_at(place, "pass_if"), str(exc))
        finding = _parse_finding(c, raw, place, fields)
    if len(c.problems) > before:
        return None
    assert sipas is not None and severity is not None and item_type is not None
    return Item(
        code=code, text=text, guidance=guidance, legal_basis=legal_basis, sipas=sipas,
        severity=severity, type=item_type, answers=answers, required=required,
        note_required_on_fail=note_required, photo_required_on_fail=photo_required,
        fields=fields, pass_if=pass_if, recommendation_id=recommendation_id,
        cites=cites, replaces=replaces, finding=finding,
    )


def _parse_cites(c: _Checker, raw: Mapping[str, Any], place: str) -> tuple[Citation, ...]:
    """``cites = [{ doc = "KEY", article = "Điều 11 khoản 2" }, …]``: register keys only (checked against the
    register separately, see ``inspector.domain.legal.check_citations``)."""
    entries = c.table_list(raw, "cites", place)
    if "cites" in raw and isinstance(raw["cites"], list) and not entries and not raw["cites"]:
        c.add(_at(place, "cites"), "danh sách dẫn chiếu rỗng; bỏ khóa cites hoặc thêm ít nhất một văn bản")
    if len(entries) > MAX_CITES:
        c.add(_at(place, "cites"), f"có {len(entries)} dẫn chiếu, quá giới hạn {MAX_CITES}")
        return ()
    cites: list[Citation] = []
    for index, entry in enumerate(entries, 1):
        e_place = _at(place, f"cites[{index}]")
        c.keys(entry, e_place, {"doc"}, {"article"})
        doc = c.code(entry, "doc", e_place)
        article = c.text(entry, "article", e_place, required=False)
        if "article" in entry and not article:
            c.add(_at(e_place, "article"), "không được để trống; bỏ khóa article khi dẫn chiếu cả văn bản")
        if len(article) > MAX_ARTICLE:
            c.add(_at(e_place, "article"), f"dài {len(article)} ký tự, quá giới hạn {MAX_ARTICLE}")
        citation = Citation(doc=doc, article=article)
        if citation in cites:
            c.add(e_place, "dẫn chiếu lặp lại")
        elif doc:
            cites.append(citation)
    return tuple(cites)


def _parse_finding(c: _Checker, raw: Mapping[str, Any], place: str, fields: tuple[NumericField, ...]) -> str:
    """How the minutes state a numeric item's counts: "{late}/{checked} hồ sơ trễ hẹn" — bare field codes only
    (no format spec, conversion, index or attribute: the text is filled, never evaluated)."""
    text = c.text(raw, "finding", place, required="finding" in raw)
    if not text:
        return ""
    f_place = _at(place, "finding")
    if len(text) > MAX_FINDING:
        c.add(f_place, f"dài {len(text)} ký tự, quá giới hạn {MAX_FINDING}")
        return ""
    codes = {f.code for f in fields}
    allowed = ", ".join("{" + code + "}" for code in sorted(codes))
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        c.add(f_place, f"dấu ngoặc {{ }} không khớp: {exc}")
        return ""
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion is not None:
            c.add(f_place, f"chỗ điền '{{{name}}}' chỉ được ghi mã trường, không kèm ':' hay '!'; dùng: {allowed}")
        elif name not in codes:
            c.add(f_place, f"chỗ điền '{{{name}}}' không phải trường của nội dung này; dùng: {allowed}")
    return text


def _parse_answers(c: _Checker, value: Any, place: str) -> tuple[Result, ...]:
    allowed = ", ".join(a.value for a in CHOICE_ANSWERS)
    if not isinstance(value, list) or not value:
        c.add(place, f"phải là danh sách không rỗng gồm: {allowed}")
        return CHOICE_ANSWERS
    answers = []
    for entry in value:
        try:
            answer = Result(entry)
        except ValueError:
            answer = None
        if answer not in CHOICE_ANSWERS:
            c.add(place, f"câu trả lời '{entry}' không hợp lệ; chọn trong: {allowed}")
            continue
        if answer in answers:
            c.add(place, f"câu trả lời '{entry}' lặp lại")
            continue
        answers.append(answer)
    if answers and Result.FAIL not in answers and Result.PASS not in answers:
        c.add(place, "phải cho phép ít nhất 'dat' hoặc 'khong_dat'")
    return tuple(answers)


def _parse_fields(c: _Checker, raw_fields: list[Mapping[str, Any]], place: str) -> tuple[NumericField, ...]:
    fields = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_fields, 1):
        f_place = f"{place} › trường {index}"
        c.keys(raw, f_place, {"code", "label"}, {"min", "max"})
        code = c.code(raw, "code", f_place, FIELD_PATTERN)
        if code in seen:
            c.add(_at(f_place, "code"), f"tên trường '{code}' bị trùng")
        seen.add(code)
        label = c.text(raw, "label", f_place)
        minimum = c.integer(raw, "min", f_place, 0, minimum=-MAX_FIELD_VALUE, maximum=MAX_FIELD_VALUE)
        maximum = c.integer(raw, "max", f_place, None, minimum=-MAX_FIELD_VALUE, maximum=MAX_FIELD_VALUE)
        if minimum is not None and maximum is not None and maximum < minimum:
            c.add(f_place, f"max ({maximum}) nhỏ hơn min ({minimum})")
        fields.append(NumericField(code=code, label=label, minimum=minimum or 0, maximum=maximum))
    return tuple(fields)


# The same checks for the survey forms (inspector.domain.survey), which are data of the same kind.
FieldsChecker = _Checker
check_shape = _check_shape
