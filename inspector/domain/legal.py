"""The register of legal documents (danh mục văn bản pháp luật) that checklist items cite.

The law changes: a decree lapses on a given day and another replaces it. So
no document is named in code; the register is data (``forms/legal/documents.toml``,
see ``forms/README.md``), each document with its number, date, issuer, title and
the days it is in force. A form cites a document by its key plus the article;
the minutes and the visit screen print the citation from the register.

Parsing follows the form files' rules (``inspector.domain.checklist``): every
problem placed and in Vietnamese, every text cleaned, every size bounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from inspector.domain.checklist import (
    ChecklistForm,
    Citation,
    Item,
    Problem,
    _at,
    _Checker,
)

REGISTER_SCHEMA = 1
MAX_DOCUMENTS = 1000
MAX_REPLACEMENTS = 20
# Sizes of the database columns (store.models.LegalDocument) and of a sensible title or note.
TEXT_LIMITS = {"kind": 60, "number": 60, "issuer": 200, "title": 1000, "note": 4000}


def vn_date(day: date) -> str:
    """A date in a citation, Decree 30 style: day below 10 and months 1–2 padded ("09/6/2025", "14/02/2008")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


@dataclass(frozen=True)
class LegalDocument:
    """Văn bản pháp luật: one document of the register."""

    key: str
    kind: str                       # "Nghị định"
    number: str                     # "118/2025/NĐ-CP"
    signed_on: date | None = None
    issuer: str = ""                # "Chính phủ"
    title: str = ""                 # "quy định về …" (the part after the issuer)
    in_force_from: date | None = None
    in_force_until: date | None = None   # last day in force
    replaced_by: tuple[str, ...] = ()
    note: str = ""

    @property
    def name(self) -> str:
        """"Nghị định 118/2025/NĐ-CP"."""
        return f"{self.kind} {self.number}".strip()

    def in_force(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day <= self.in_force_until)

    def full_title(self) -> str:
        parts = [self.name]
        if self.signed_on is not None:
            parts.append(f"ngày {vn_date(self.signed_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.title:
            parts.append(self.title)
        return " ".join(parts)


class RegisterInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class Register:
    """The documents by key; what a citation prints and whether a document is in force on a day."""

    def __init__(self, documents: Iterable[LegalDocument] = ()) -> None:
        self._documents = {d.key: d for d in documents}

    def __contains__(self, key: object) -> bool:
        return key in self._documents

    def __iter__(self) -> Iterator[LegalDocument]:
        return iter(self._documents.values())

    def __len__(self) -> int:
        return len(self._documents)

    def get(self, key: str) -> LegalDocument | None:
        return self._documents.get(key)

    def in_force(self, key: str, day: date) -> bool:
        document = self._documents.get(key)
        return document is not None and document.in_force(day)

    def name(self, key: str) -> str:
        """The document's name, or its key when the register does not know it (a stored copy outliving an entry)."""
        document = self._documents.get(key)
        return document.name if document else key

    def citation_text(self, citation: Citation) -> str:
        """"Điều 11 khoản 2 điểm e Nghị định 118/2025/NĐ-CP", or the document alone when no article is cited."""
        name = self.name(citation.doc)
        return f"{citation.article} {name}" if citation.article else name

    def full_title(self, key: str) -> str:
        """"Nghị định 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ quy định …"."""
        document = self._documents.get(key)
        return document.full_title() if document else key

    def item_basis(self, item: Item) -> str:
        """The item's legal basis as printed: its citations through the register, else its free-text basis."""
        if item.cites:
            return "; ".join(self.citation_text(c) for c in item.cites)
        return item.legal_basis

    def form_basis(self, form: ChecklistForm) -> list[str]:
        """What the whole form rests on: its register documents in full, else its free-text list (older forms)."""
        if form.documents:
            return [self.full_title(key) for key in form.documents]
        return list(form.legal_basis)


# --- parsing the register file ---------------------------------------------------------------


def parse_register(data: Mapping[str, Any]) -> Register:
    """Validate a parsed register file; raise RegisterInvalid listing every problem found."""
    c = _Checker()
    if not isinstance(data, Mapping):
        raise RegisterInvalid([Problem("", "nội dung danh mục phải là một bảng khóa = giá trị")])
    c.keys(data, "", {"schema", "documents"}, set())
    schema = data.get("schema")
    if schema is not None and schema != REGISTER_SCHEMA:
        c.add("schema", f"phiên bản định dạng {schema!r} không được hỗ trợ; ứng dụng này đọc schema = {REGISTER_SCHEMA}")
    raw_documents = c.table_list(data, "documents", "")
    if len(raw_documents) > MAX_DOCUMENTS:
        c.add("documents", f"có {len(raw_documents)} văn bản, quá giới hạn {MAX_DOCUMENTS}")
        raise RegisterInvalid(c.problems)
    documents: list[LegalDocument] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_documents, 1):
        raw_key = raw.get("key")
        place = f"văn bản {index} ({raw_key if isinstance(raw_key, str) else '?'})"
        document = _parse_document(c, raw, place)
        if document.key in seen:
            c.add(_at(place, "key"), f"mã '{document.key}' bị trùng với {seen[document.key]}")
        seen.setdefault(document.key, place)
        documents.append(document)
    for index, document in enumerate(documents, 1):
        place = f"văn bản {index} ({document.key})"
        for key in document.replaced_by:
            if key == document.key:
                c.add(_at(place, "replaced_by"), "văn bản không thể thay thế chính nó")
            elif key not in seen:
                c.add(_at(place, "replaced_by"), f"mã '{key}' không có trong danh mục")
    if c.problems:
        raise RegisterInvalid(c.problems)
    return Register(documents)


def _parse_document(c: _Checker, raw: Mapping[str, Any], place: str) -> LegalDocument:
    c.keys(raw, place, {"key", "kind", "number", "signed_on", "issuer", "title"},
           {"in_force_from", "in_force_until", "replaced_by", "note"})
    key = c.code(raw, "key", place)
    texts: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        texts[name] = c.text(raw, name, place, required=name != "note")
        if len(texts[name]) > limit:
            c.add(_at(place, name), f"dài {len(texts[name])} ký tự, quá giới hạn {limit}")
    signed_on = c.day(raw, "signed_on", place, required=True)
    start = c.day(raw, "in_force_from", place, required=False)
    until = c.day(raw, "in_force_until", place, required=False)
    if start is not None and until is not None and until < start:
        c.add(_at(place, "in_force_until"),
              f"ngày hết hiệu lực {vn_date(until)} trước ngày có hiệu lực {vn_date(start)}")
    replaced_by = c.codes(raw, "replaced_by", place, MAX_REPLACEMENTS, "mã văn bản")
    return LegalDocument(key=key, signed_on=signed_on, in_force_from=start, in_force_until=until,
                         replaced_by=replaced_by, **texts)


# --- forms against the register --------------------------------------------------------------


def check_citations(form: ChecklistForm, register: Register, day: date) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of a form's citations: a key the register does not know is a problem (the form is
    refused); a document not in force on ``day`` is a warning naming the item, the document, its dates and
    what replaces it."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    places: list[tuple[str, Iterable[str]]] = [("documents", form.documents)]
    for section in form.sections:
        for item in section.items:
            places.append((f"nội dung {item.code}", [c.doc for c in item.cites]))
    for place, keys in places:
        for key in dict.fromkeys(keys):
            document = register.get(key)
            if document is None:
                problems.append(Problem(place, f"dẫn chiếu văn bản mã '{key}' không có trong danh mục văn bản "
                                               "pháp luật (forms/legal/documents.toml)"))
            elif not document.in_force(day):
                warnings.append(Problem(place, f"dẫn chiếu {document.name} ({key}), "
                                               f"{_not_in_force(document, day, register)}"))
    return problems, warnings


def _not_in_force(document: LegalDocument, day: date, register: Register) -> str:
    if document.in_force_from is not None and day < document.in_force_from:
        return (f"văn bản chưa có hiệu lực vào ngày {day:%d/%m/%Y} "
                f"(có hiệu lực từ ngày {document.in_force_from:%d/%m/%Y})")
    assert document.in_force_until is not None
    text = (f"văn bản đã hết hiệu lực từ ngày {document.in_force_until + timedelta(days=1):%d/%m/%Y} "
            f"(hiệu lực đến hết ngày {document.in_force_until:%d/%m/%Y})")
    if document.replaced_by:
        text += "; được thay thế bởi " + ", ".join(f"{register.name(k)} ({k})" for k in document.replaced_by)
    return text


def version_in_effect(versions: Iterable[tuple[int, date | None]], day: date) -> int | None:
    """The version new visits use on ``day``: the newest whose effective date is not after it (None: any day)."""
    usable = [v for v, start in versions if start is None or start <= day]
    return max(usable) if usable else None


def forms_to_check(forms: Sequence[ChecklistForm], today: date) -> list[tuple[ChecklistForm, date]]:
    """The forms whose citations matter, each with the day to check them on: per form code, the version new
    visits use today (checked on today) and any later version not yet in effect (checked on the day it takes
    effect). Older versions are kept only for the visits made under them, and are not checked."""
    by_code: dict[str, list[ChecklistForm]] = defaultdict(list)
    for form in forms:
        by_code[form.code].append(form)
    chosen: list[tuple[ChecklistForm, date]] = []
    for versions in by_code.values():
        current = version_in_effect(((f.version, f.effective_from) for f in versions), today)
        for form in versions:
            if current is not None and form.version == current:
                chosen.append((form, today))
            elif (current is None or form.version > current) and form.effective_from is not None:
                chosen.append((form, form.effective_from))
    return chosen
