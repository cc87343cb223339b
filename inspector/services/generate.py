"""Years of realistic inspections for benchmarks and tests (dữ liệu mẫu nhiều năm).

:func:`generate` adds ``visits`` visits over the ``years`` years ending today to a database
opened with the demo catalogue (``open_workspace(path, demo_if_new=True)``), as a provincial Sở
Nội vụ and its wards would have made them. Everyone named is fictional.

The map. Before 01/7/2025 the demo's 2023 city (its Phòng Nội vụ inspects) is joined by the
other districts of the former tỉnh Trà Vinh, each with its communes, its Bộ phận Một cửa and a
Phòng Nội vụ that inspects them (numbers …/BB-PNV); all end on 30/6/2025. From 01/7/2025 the
province has 124 communes and wards: the demo's four wards and 120 more, each with a Trung tâm
Phục vụ hành chính công and its own Phòng Văn hóa - Xã hội (…/BB-VHXH); the Sở Nội vụ inspects
all of them. The former communes are linked to the new ones that continue them, so a follow-up
after the merger finds what was left open before it. Added once: a second run on the same
database reuses the map.

Visits. Spread over the reception points in proportion to the days each was open, on working
days, each under the round of the body that inspected it that year (one round a year per body,
the demo's rounds reused; a ward's decision comes a few days before the Sở's, so the Sở's round
of this year stays the "current" one). The checklist is the KTCV-MC version in effect on the
day (v1 before 01/7/2025, v2 after); about one visit in eight where recommendations are still
open is a KTKP follow-up, its form snapshot generated from them as ``services.visits`` does.
Old visits are locked with numbered minutes (per body and year in date order, continuing the
numbers already in the database: ``minutes_body`` is ``services.minutes.series_key``, so the
clerk's next number follows on); the last weeks hold visits in progress, submitted, returned,
approved and a few planned. Every finished visit answers every item: choices mostly pass,
numeric items get one consistent dossier sample decided by ``domain.assessment.numeric_result``;
failures carry Vietnamese notes, often the staff concerned and sometimes photos (always where
the item requires one). A handful of small JPEGs is reused through the content-addressed
``blobs`` table. Recommendations take every status, each with an owner and a deadline; those
verified point to the visit that verified them.

Minutes. Rendering 50,000 PDFs would take hours, so only the newest few locked visits get their
PDF rendered and stored as the clerk's numbering would (``minutes_sha256`` set). The other
locked visits have no stored copy: ``Minutes.pdf`` prints them final (never "DỰ THẢO") from
their locked data, which no longer changes. What such a copy cannot give is the same bytes at
every print (ReportLab stamps the time into the file): the text is the same, the hash is not.

Audit. No event per generated row (millions, and not what a person did): one ``visit.generated``
event per visit holds the whole visit as generated (status, number, minutes hash, summary texts, every
answer: a bare result, or [result, values, note, staff]; its photos; its recommendations with their
final state), so that services.verify finds the data equal to what the history says; then one
``demo.generated`` event records the seed and the counts. The events are chained (services.audit,
scheme 2) as they are written, in bulk like the rows.

Simplified on purpose: a follow-up lists at most the eight newest recommendations of the last
two years still open at its reception point and the points it continues (the app lists them
all), and never the demo's own recommendations, whose rows the generator does not touch.

Speed. One transaction; rows go in batches as tuples through INSERT statements compiled by
SQLAlchemy Core (see ``_Writer``), with the values as SQLite stores them (UUIDs as 32 hex
digits, UTC times as text, JSON as text): millions of per-value conversions skipped; the tests
read the rows back through the ORM models. The secondary indexes of the bulk tables are dropped
and built again at the end (when the generated visits outnumber those already there), and the
page cache is raised for the transaction. SQLite only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import itertools
import json
import random
import time
import unicodedata
import uuid
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.assessment import AnswerState, counted, numeric_result, shortcomings_text
from inspector.domain.catalog import SuccessionKind, TeamRole, UnitLevel
from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import FormKind, Item, ItemType, Severity, parse_form
from inspector.domain.clock import from_local, local_today
from inspector.domain.follow_up import OpenRecommendation, expand
from inspector.domain.legal import version_in_effect
from inspector.domain.text import clean
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services import audit
from inspector.services.demo import LAST_CITY_DAY as LAST_OLD_DAY
from inspector.services.demo import REFORM
from inspector.services.lists import recount_visits
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    AuditEvent,
    Blob,
    ChecklistForm,
    Evidence,
    FormVersion,
    InspectingBody,
    PointSuccession,
    ReceptionPoint,
    Recommendation,
    RecommendationStep,
    Round,
    RoundMember,
    StaffMember,
    Unit,
    UnitSuccession,
    User,
    Visit,
    VisitRepresentative,
    answer_staff,
)
from inspector.store.types import utcnow

GENERATED_BY = "Dữ liệu mẫu (tạo tự động)"  # the actor of the generated visits' events
STANDARD_FORM = "KTCV-MC"
FOLLOW_UP_FORM = "KTKP"
MAP_MARKER = "TV-CANGLONG"       # the first unit the generator adds: present means the map is there
PROVINCE_CODE = "TINH-VINHLONG"
PROVINCE_COMMUNES = 124          # tỉnh Vĩnh Long from 01/7/2025
BATCH = 20_000                   # rows per executemany
RENDERED = 3                     # locked visits whose PDF is rendered and stored
FOLLOWED = 8                     # at most this many recommendations listed by one follow-up
CACHE_KIB = -1_048_576           # SQLite page cache while generating: 1 GB at most, used as the data grows
SORT_BASE = 1000                 # generated units sort after the demo's


@dataclass
class GenerateReport:
    """What :func:`generate` inserted."""

    units: int = 0
    points: int = 0
    staff: int = 0
    bodies: int = 0
    successions: int = 0
    rounds: int = 0
    visits: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    follow_ups: int = 0
    answers: int = 0
    failed: int = 0
    staff_links: int = 0
    photos: int = 0
    blobs: int = 0
    recommendations: int = 0
    recommendations_by_status: dict[str, int] = field(default_factory=dict)
    representatives: int = 0
    numbered: int = 0
    rendered: int = 0
    seconds: float = 0.0


# --- storage format -------------------------------------------------------------------------------

_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def _ts(moment: datetime) -> str:
    """An aware time as SQLAlchemy's SQLite DateTime stores it (UTC, naive, microseconds)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class _Ids:
    """Deterministic version-4 UUIDs (as stored: 32 hex digits)."""

    def __init__(self, rng: random.Random) -> None:
        self._bits = rng.getrandbits

    def __call__(self) -> str:
        return "%032x" % ((self._bits(128) & _V4_CLEAR) | _V4_SET)


ANSWER_COLUMNS = ("id", "created_at", "updated_at", "deleted_at", "visit_id", "item_code", "result", "values", "note",
                  "answered_at", "answered_by_id")


class _Writer:
    """Rows buffered per table and inserted in batches, in foreign-key order.

    Each table's INSERT is compiled once by SQLAlchemy Core from an untyped copy of the table and run
    with the rows as tuples (``Connection.exec_driver_sql``: one ``executemany`` per batch), which
    skips building and processing a parameter dictionary per row, the larger half of the time at
    millions of answers. Answers come as tuples in ``ANSWER_COLUMNS`` order; other rows as dicts.
    """

    ORDER = ("units", "reception_points", "staff_members", "unit_successions", "point_successions",
             "inspecting_bodies", "blobs", "rounds", "round_members", "visits", "visit_representatives",
             "answers", "answer_staff", "evidence", "recommendations", "recommendation_steps", "audit_events")

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        tables = {t.name: t for t in (Unit.__table__, ReceptionPoint.__table__, StaffMember.__table__,
                                      UnitSuccession.__table__, PointSuccession.__table__,
                                      InspectingBody.__table__, Blob.__table__, Round.__table__,
                                      RoundMember.__table__, Visit.__table__, VisitRepresentative.__table__,
                                      Answer.__table__, answer_staff, Evidence.__table__,
                                      Recommendation.__table__, RecommendationStep.__table__, AuditEvent.__table__)}
        dialect = session.get_bind().dialect
        self.columns: dict[str, tuple[str, ...]] = {}
        self.sql: dict[str, str] = {}
        for name, table in tables.items():
            columns = ANSWER_COLUMNS if name == "answers" else tuple(c.name for c in table.columns)
            assert set(columns) == {c.name for c in table.columns}, name
            compiled = sa.insert(sa.table(name, *(sa.column(c) for c in columns))).compile(dialect=dialect)
            self.columns[name] = tuple(compiled.positiontup or columns)
            self.sql[name] = str(compiled)
        assert self.columns["answers"] == ANSWER_COLUMNS
        self.answers: list[tuple[Any, ...]] = self.rows["answers"]  # type: ignore[assignment]

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def big(self) -> bool:
        return len(self.answers) >= BATCH

    def take(self) -> dict[str, list[Any]]:
        """The rows buffered so far, handed over (the buffers start again empty)."""
        rows, self.rows = self.rows, defaultdict(list)
        self.answers = self.rows["answers"]  # type: ignore[assignment]
        return rows

    def flush(self) -> None:
        self.write(self.take())

    def write(self, batch: dict[str, list[Any]]) -> None:
        connection = self.session.connection()
        for name in self.ORDER:
            rows = batch.get(name)
            if not rows:
                continue
            if name != "answers":
                pick = itemgetter(*self.columns[name])
                rows = [pick(row) for row in rows]
            for start in range(0, len(rows), BATCH):
                connection.exec_driver_sql(self.sql[name], rows[start:start + BATCH])
            self.counts[name] += len(rows)


def _keyed(ids: _Ids, at: str, updated: str | None = None) -> dict[str, Any]:
    return {"id": ids(), "created_at": at, "updated_at": updated or at}


# --- names (all fictional) -------------------------------------------------------------------------

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Lâm", "Ngô", "Trương",
             "Châu", "Hồ", "Phan", "Đỗ", "Lý", "Mai", "Tô", "Đoàn", "Thái", "La", "Cao", "Lưu", "Tạ", "Quách"]
_KHMER_SURNAMES = ["Thạch", "Sơn", "Kim", "Kiên", "Lâm", "Danh", "Trà"]
_MIDDLE_M = ["Văn", "Minh", "Quốc", "Thanh", "Hoàng", "Tấn", "Hữu", "Công", "Đức", "Ngọc"]
_MIDDLE_F = ["Thị", "Thị Ngọc", "Thị Kim", "Thị Thanh", "Thị Mỹ", "Thị Hồng", "Thị Bích", "Ngọc", "Thị Cẩm"]
_GIVEN_M = ["Tài", "Trí", "Việt", "Phúc", "Sơn", "Hậu", "Lộc", "Khánh", "Hùng", "Dũng", "Tuấn", "Nghĩa", "Thiện",
            "Phong", "Hải", "Bình", "Lợi", "Toàn", "Quang", "Nhân", "Tâm", "Kiệt", "Vũ", "Thắng"]
_GIVEN_F = ["Tiên", "Bích", "Tâm", "Oanh", "Gấm", "Trân", "Nhi", "Loan", "Hà", "Linh", "Ngân", "Duyên", "Thảo",
            "Trang", "Hạnh", "Xuân", "Yến", "Phượng", "Nhung", "Hương", "Thủy", "Vân", "Như", "Uyên"]
_KHMER_GIVEN = ["Sa Rết", "Sóc Kha", "Chanh Tha", "Sà Phon", "Sô Phane", "Pha Ly", "Ra Tha", "Sóc Nal"]


def _person(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return f"{rng.choice(_KHMER_SURNAMES)} {rng.choice(['Văn', 'Thị'])} {rng.choice(_KHMER_GIVEN)}"
    if rng.random() < 0.5:
        return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE_M)} {rng.choice(_GIVEN_M)}"
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE_F)} {rng.choice(_GIVEN_F)}"


# The former districts of tỉnh Trà Vinh (the city is the demo's), with their communes: (kind, name).
_OLD_DISTRICTS = [
    ("CANGLONG", "huyện", "Càng Long", [("thị trấn", "Càng Long"), ("xã", "An Trường"), ("xã", "An Trường A"),
     ("xã", "Bình Phú"), ("xã", "Đại Phúc"), ("xã", "Đại Phước"), ("xã", "Đức Mỹ"), ("xã", "Huyền Hội"),
     ("xã", "Mỹ Cẩm"), ("xã", "Nhị Long"), ("xã", "Nhị Long Phú"), ("xã", "Phương Thạnh"), ("xã", "Tân An"),
     ("xã", "Tân Bình")]),
    ("CAUKE", "huyện", "Cầu Kè", [("thị trấn", "Cầu Kè"), ("xã", "An Phú Tân"), ("xã", "Châu Điền"),
     ("xã", "Hòa Ân"), ("xã", "Hòa Tân"), ("xã", "Ninh Thới"), ("xã", "Phong Phú"), ("xã", "Phong Thạnh"),
     ("xã", "Tam Ngãi"), ("xã", "Thạnh Phú"), ("xã", "Thông Hòa")]),
    ("TIEUCAN", "huyện", "Tiểu Cần", [("thị trấn", "Tiểu Cần"), ("thị trấn", "Cầu Quan"), ("xã", "Hiếu Trung"),
     ("xã", "Hiếu Tử"), ("xã", "Hùng Hòa"), ("xã", "Long Thới"), ("xã", "Ngãi Hùng"), ("xã", "Phú Cần"),
     ("xã", "Tân Hòa"), ("xã", "Tân Hùng"), ("xã", "Tập Ngãi")]),
    ("CHAUTHANH", "huyện", "Châu Thành", [("thị trấn", "Châu Thành"), ("xã", "Đa Lộc"), ("xã", "Hòa Lợi"),
     ("xã", "Hòa Minh"), ("xã", "Hưng Mỹ"), ("xã", "Long Hòa"), ("xã", "Lương Hòa"), ("xã", "Lương Hòa A"),
     ("xã", "Mỹ Chánh"), ("xã", "Phước Hảo"), ("xã", "Song Lộc"), ("xã", "Thanh Mỹ")]),
    ("CAUNGANG", "huyện", "Cầu Ngang", [("thị trấn", "Cầu Ngang"), ("thị trấn", "Mỹ Long"), ("xã", "Hiệp Hòa"),
     ("xã", "Kim Hòa"), ("xã", "Long Sơn"), ("xã", "Mỹ Hòa"), ("xã", "Mỹ Long Bắc"), ("xã", "Mỹ Long Nam"),
     ("xã", "Nhị Trường"), ("xã", "Thạnh Hòa Sơn"), ("xã", "Thuận Hòa"), ("xã", "Trường Thọ"),
     ("xã", "Vinh Kim"), ("xã", "Hiệp Mỹ Đông"), ("xã", "Hiệp Mỹ Tây")]),
    ("TRACU", "huyện", "Trà Cú", [("thị trấn", "Trà Cú"), ("thị trấn", "Định An"), ("xã", "An Quảng Hữu"),
     ("xã", "Đại An"), ("xã", "Hàm Giang"), ("xã", "Hàm Tân"), ("xã", "Kim Sơn"), ("xã", "Long Hiệp"),
     ("xã", "Lưu Nghiệp Anh"), ("xã", "Ngãi Xuyên"), ("xã", "Ngọc Biên"), ("xã", "Phước Hưng"),
     ("xã", "Tân Hiệp"), ("xã", "Tân Sơn"), ("xã", "Thanh Sơn"), ("xã", "Tập Sơn")]),
    ("DUYENHAI", "huyện", "Duyên Hải", [("thị trấn", "Long Thành"), ("xã", "Đôn Châu"), ("xã", "Đôn Xuân"),
     ("xã", "Đông Hải"), ("xã", "Long Khánh"), ("xã", "Long Vĩnh"), ("xã", "Ngũ Lạc")]),
    ("TXDUYENHAI", "thị xã", "Duyên Hải", [("xã", "Dân Thành"), ("xã", "Hiệp Thạnh"), ("xã", "Long Hữu"),
     ("xã", "Long Toàn"), ("xã", "Trường Long Hòa")]),
]
_FIRST = ["An", "Bình", "Hòa", "Long", "Phú", "Phước", "Tân", "Thạnh", "Mỹ", "Hiệp", "Hưng", "Lương", "Nhơn",
          "Trung", "Đông", "Tây", "Song", "Quới", "Thới", "Lộc", "Định", "Khánh", "Thành", "Hữu", "Giao", "Ba"]
_SECOND = ["Hòa", "Phú", "Lộc", "Thành", "Thuận", "Hưng", "Mỹ", "Định", "Khánh", "Lợi", "Phước", "An", "Bình",
           "Tân", "Sơn", "Quới", "Long", "Thạnh", "Đức", "Nghĩa", "Hiệp", "Xuân", "Trung", "Tiến", "Điền", "Ngãi"]
_TAKEN = {"Long Đức", "Hòa Thuận", "Nguyệt Hóa", "Trà Vinh", "Vĩnh Long"}

_OLD_STAFF = ["Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch",
              "Công chức Địa chính - Xây dựng - Nông nghiệp và Môi trường", "Công chức Văn hóa - Xã hội"]
_NEW_STAFF = ["Phó Giám đốc Trung tâm Phục vụ hành chính công", "Công chức Văn hóa - Xã hội",
              "Công chức Kinh tế", "Công chức Tư pháp - Hộ tịch", "Viên chức", "Nhân viên hợp đồng"]


def _code(text: str) -> str:
    """"Tân Hòa" → "TANHOA" (unit codes are ASCII)."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if c.isalnum() and ord(c) < 128).upper()


# --- the map -------------------------------------------------------------------------------------


def _extend_map(session: Session, rng: random.Random, ids: _Ids, out: _Writer, now: str) -> None:
    """The other districts of the former tỉnh Trà Vinh and the rest of today's 124 communes (once)."""
    units = {u.code: u for u in session.scalars(sa.select(Unit))}
    if MAP_MARKER in units:
        return
    province = units.get(PROVINCE_CODE)
    sort = SORT_BASE

    def unit(code: str, name: str, short: str, level: UnitLevel, parent: str | None, address: str,
             valid_from: date | None, valid_until: date | None) -> dict[str, Any]:
        nonlocal sort
        sort += 1
        row = {**_keyed(ids, now), "code": code, "name": name, "short_name": short, "level": level.value,
               "parent_id": parent, "address": address, "sort_order": sort, "active": True,
               "valid_from": _day(valid_from), "valid_until": _day(valid_until)}
        out.add("units", row)
        return row

    def point(owner: dict[str, Any], name: str, address: str, phone: str, positions: list[str]) -> dict[str, Any]:
        row = {**_keyed(ids, now), "unit_id": owner["id"], "name": name, "address": address, "phone": phone,
               "active": True, "valid_from": owner["valid_from"], "valid_until": owner["valid_until"]}
        out.add("reception_points", row)
        for position in positions:
            out.add("staff_members", {**_keyed(ids, now), "reception_point_id": row["id"],
                                      "full_name": _person(rng), "position": position,
                                      "active": rng.random() > 0.12})
        return row

    def body(code: str, name: str, parent: str, place: str, symbol: str, owner: dict[str, Any],
             valid_from: date | None, valid_until: date | None) -> None:
        out.add("inspecting_bodies", {
            **_keyed(ids, now), "code": code, "name": name, "parent_name": parent, "place_name": place,
            "minutes_symbol": symbol, "leader_title": "Trưởng đoàn kiểm tra", "recorder_title": "Thư ký đoàn kiểm tra",
            "unit_id": owner["id"], "sort_order": sort, "valid_from": _day(valid_from), "valid_until": _day(valid_until)})

    def succession(kind: str, predecessor: str, successor: str, note: str) -> None:
        out.add(kind, {**_keyed(ids, now), "predecessor_id": predecessor, "successor_id": successor,
                       "kind": SuccessionKind.MERGE.value, "effective_on": _day(REFORM), "note": note})

    old_province = "tỉnh Trà Vinh"
    new_province = "tỉnh Vĩnh Long"
    groups: list[tuple[list[str], list[tuple[dict[str, Any], dict[str, Any], str]]]] = []  # names, old (unit, point, short)
    for code, kind, name, communes in _OLD_DISTRICTS:
        where = f"{kind} {name}, {old_province}"
        district = unit(f"TV-{code}", f"Ủy ban nhân dân {kind} {name}", f"UBND {kind} {name}", UnitLevel.CITY, None,
                        where, None, LAST_OLD_DAY)
        office = unit(f"TV-{code}-VP", f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {kind} {name}",
                      "Văn phòng HĐND và UBND", UnitLevel.DEPARTMENT, district["id"], where, None, LAST_OLD_DAY)
        point(office, f"Bộ phận Tiếp nhận và Trả kết quả {kind} {name}", f"Trụ sở Ủy ban nhân dân {where}",
              f"0294.38{rng.randrange(10000, 99999)}", ["Chuyên viên", "Chuyên viên", "Viên chức"])
        home_affairs = unit(f"TV-{code}-PNV", f"Phòng Nội vụ {kind} {name}", "Phòng Nội vụ", UnitLevel.DEPARTMENT,
                            district["id"], where, None, LAST_OLD_DAY)
        body(f"PNV-{code}", "Phòng Nội vụ", f"Ủy ban nhân dân {kind} {name}", name, "BB-PNV", home_affairs,
             None, LAST_OLD_DAY)
        olds = []
        for n, (level_word, commune) in enumerate(communes):
            short = f"{level_word} {commune}"
            record = unit(f"TV-{code}-{n + 1:02d}", f"Ủy ban nhân dân {short}", short, UnitLevel.COMMUNE,
                          district["id"], f"{short}, {kind} {name}, {old_province}", None, LAST_OLD_DAY)
            spot = point(record, f"Bộ phận Một cửa Ủy ban nhân dân {short}",
                         f"Trụ sở Ủy ban nhân dân {short}, {kind} {name}", f"0294.38{rng.randrange(10000, 99999)}",
                         _OLD_STAFF[: rng.randint(2, 4)])
            olds.append((record, spot, short))
        while olds:  # two or three former communes make one new commune, named after one of them
            size = min(len(olds), rng.choice((2, 2, 3)))
            taken, olds = olds[:size], olds[size:]
            groups.append(([t[2].removeprefix("thị trấn ").removeprefix("xã ") for t in taken], taken))

    existing = {u.short_name.split(" ", 1)[-1] for u in units.values()
                if u.level in (UnitLevel.WARD, UnitLevel.COMMUNE) and u.valid_from == REFORM}
    needed = PROVINCE_COMMUNES - len(existing)
    names: list[tuple[str, list[Any]]] = []
    used = set(_TAKEN) | existing
    for candidates, taken in groups:
        name = next((c for c in candidates if c not in used), None)
        if name is not None and len(names) < needed:
            used.add(name)
            names.append((name, taken))
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    random.Random(11).shuffle(pairs)   # the same province whatever the seed
    for name in pairs:
        if len(names) >= needed:
            break
        if name not in used:
            used.add(name)
            names.append((name, []))
    for n, (name, taken) in enumerate(names):
        kind, level = ("phường", UnitLevel.WARD) if n % 9 == 4 else ("xã", UnitLevel.COMMUNE)
        short = f"{kind} {name}"
        record = unit(f"VL-{_code(name)}-{n + 1:03d}", f"Ủy ban nhân dân {short}", short, level,
                      province.id.hex if province else None, f"{short}, {new_province}", REFORM, None)
        spot = point(record, f"Trung tâm Phục vụ hành chính công {short}",
                     f"Trụ sở Ủy ban nhân dân {short}, {new_province}", f"0270.38{rng.randrange(10000, 99999)}",
                     _NEW_STAFF[: rng.randint(3, 6)])
        body(f"VHXH-{record['code']}", "Phòng Văn hóa - Xã hội", f"Ủy ban nhân dân {short}", name, "BB-VHXH", record,
             REFORM, None)
        if taken:
            note = (f"Sắp xếp {', '.join(t[2] for t in taken)} thành {short}, {new_province} "
                    "(sắp xếp đơn vị hành chính cấp xã năm 2025).")
            for old_unit, old_point, _short in taken:
                succession("unit_successions", old_unit["id"], record["id"], note)
                succession("point_successions", old_point["id"], spot["id"], note)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- the world as the database holds it ----------------------------------------------------------


@dataclass
class _Point:
    id: str
    name: str
    address: str
    unit_id: str
    unit_name: str
    unit_short: str
    unit_level: UnitLevel
    parent_id: str | None
    start: date
    end: date
    staff: list[tuple[str, str, str]]   # id, name, position
    bodies: list[tuple[_Body, float]] = field(default_factory=list)


@dataclass
class _Body:
    id: str
    row: InspectingBody
    key: str
    symbol: str
    start: date | None
    end: date | None
    unit_id: str | None
    team: list[tuple[str | None, str, str, TeamRole]] = field(default_factory=list)

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class _Round:
    id: str
    decision: str
    decided: date
    start: date
    end: date


@dataclass
class _Form:
    version_id: str
    form: FormDefinition
    effective: date | None


@dataclass
class _Rec:
    id: str
    visit: _Visit
    answer_id: str | None
    item: Item
    note: str
    text: str
    owner_id: str
    owner_name: str
    deadline: date                 # the current one (after an extension)
    status: RecommendationStatus = RecommendationStatus.OPEN
    closed: date | None = None     # closed or cancelled on
    verified_in: str | None = None
    original: date | None = None   # the deadline set in the minutes
    done_on: date | None = None    # the unit's accepted report: done on that day
    verified_on: date | None = None
    extended_on: date | None = None

    @property
    def ended(self) -> date | None:
        """The day it stopped waiting on the unit: verified (then perhaps closed), or cancelled."""
        if self.status in (RecommendationStatus.VERIFIED, RecommendationStatus.CLOSED):
            return self.verified_on
        return self.closed if self.status is RecommendationStatus.CANCELLED else None


@dataclass
class _Visit:
    id: str
    day: date
    point: _Point
    body: _Body
    round: _Round
    status: VisitStatus
    announced: bool
    number: int | None = None
    lineage: str = ""
    minutes_number: str = ""


def _load_world(session: Session, today: date, start: date, rng: random.Random) -> tuple[list[_Point], list[_Body]]:
    from inspector.services.minutes import LEGACY_SYMBOL, series_key

    units = {u.id: u for u in session.scalars(sa.select(Unit))}
    staff: dict[uuid.UUID, list[tuple[str, str, str]]] = defaultdict(list)
    for s in session.scalars(sa.select(StaffMember).order_by(StaffMember.full_name, StaffMember.id)):
        staff[s.reception_point_id].append((s.id.hex, s.full_name, s.position))
    bodies = []
    for b in session.scalars(sa.select(InspectingBody).order_by(InspectingBody.sort_order, InspectingBody.code)):
        bodies.append(_Body(b.id.hex, b, series_key(b), clean(b.minutes_symbol) or LEGACY_SYMBOL, b.valid_from,
                            b.valid_until, b.unit_id.hex if b.unit_id else None))
    by_hex = {u.id.hex: u for u in units.values()}
    points = []
    for p in session.scalars(sa.select(ReceptionPoint).where(ReceptionPoint.active.is_(True))
                             .order_by(ReceptionPoint.name, ReceptionPoint.id)):
        owner = units[p.unit_id]
        first = max(d for d in (p.valid_from, owner.valid_from, start) if d is not None)
        last = min(d for d in (p.valid_until, owner.valid_until, today) if d is not None)
        if first > last or not owner.active:
            continue
        point = _Point(p.id.hex, p.name, p.address, owner.id.hex, owner.name, owner.short_name or owner.name,
                       owner.level, owner.parent_id.hex if owner.parent_id else None, first, last,
                       staff.get(p.id, []))
        for b in bodies:
            body_unit = by_hex.get(b.unit_id) if b.unit_id else None
            if body_unit is None:
                continue
            if body_unit.id.hex == point.unit_id:
                point.bodies.append((b, 3.0))   # the ward's own Phòng Văn hóa - Xã hội inspects it most
            elif body_unit.level is UnitLevel.DEPARTMENT and body_unit.parent_id and \
                    body_unit.parent_id.hex == point.parent_id:
                point.bodies.append((b, 2.0))   # a department of the government above it
        if point.bodies:
            points.append(point)
    return points, bodies


def _load_forms(session: Session) -> dict[str, list[_Form]]:
    forms: dict[str, list[_Form]] = defaultdict(list)
    for version, code in session.execute(sa.select(FormVersion, ChecklistForm.code).join(ChecklistForm)
                                         .where(ChecklistForm.kind != FormKind.SURVEY)):
        form = parse_form(version.definition)
        forms[code].append(_Form(version.id.hex, form, form.effective_from))
    return forms


def _form_on(forms: dict[str, list[_Form]], code: str, day: date) -> _Form:
    chosen = version_in_effect(((f.form.version, f.effective) for f in forms[code]), day)
    return next(f for f in forms[code] if f.form.version == chosen)


# --- texts ---------------------------------------------------------------------------------------

_NOTES = {
    "KL": ["Lúc {time}, công chức {staff} chưa có mặt tại quầy, không có giấy nghỉ phép; người dân phải chờ khoảng 20 phút.",
           "Công chức {staff} rời quầy trong giờ tiếp nhận khoảng 25 phút, không có người làm thay, không có biển tạm vắng.",
           "Chưa có văn bản phân công công chức làm việc tại Bộ phận Một cửa còn hiệu lực; lịch trực tại quầy không cập nhật.",
           "Công chức {staff} không đeo thẻ công chức trong giờ làm việc.",
           "Sổ theo dõi giờ làm việc tại Bộ phận Một cửa không được ghi chép đầy đủ từ đầu tháng."],
    "VH": ["Công chức {staff} trả lời người dân thiếu niềm nở, không hướng dẫn cụ thể cách kê khai.",
           "Hai trường hợp người dân phải đi lại nhiều lần để bổ sung hồ sơ do không được hướng dẫn đầy đủ ngay từ lần đầu.",
           "Công chức {staff} sử dụng điện thoại việc riêng khi đang tiếp người dân.",
           "Chưa có lời xin lỗi khi để người dân chờ quá thời gian hẹn."],
    "NY": ["Bảng niêm yết thủ tục hành chính chưa cập nhật 6 thủ tục đã được công bố sửa đổi; còn niêm yết thủ tục đã bãi bỏ.",
           "Chưa niêm yết số điện thoại, địa chỉ tiếp nhận phản ánh, kiến nghị.",
           "Không niêm yết họ tên, chức danh công chức tại từng quầy.",
           "Mã QR tra cứu thủ tục hành chính dán tại quầy không còn truy cập được."],
    "CSVC": ["Khu vực chờ thiếu ghế ngồi; nhiều người dân phải đứng chờ.",
             "Máy lấy số thứ tự hư hỏng, chưa sửa chữa; công chức gọi theo thứ tự nộp hồ sơ.",
             "Chưa bố trí lối đi, chỗ ngồi ưu tiên cho người khuyết tật, người cao tuổi.",
             "Máy tra cứu thông tin không hoạt động; chưa có máy tính hỗ trợ người dân nộp hồ sơ trực tuyến."],
    "HS": ["Một số hồ sơ tiếp nhận không có Giấy tiếp nhận hồ sơ và hẹn trả kết quả theo mẫu.",
           "Hồ sơ tiếp nhận trực tiếp chưa được số hóa, cập nhật lên phần mềm trong ngày.",
           "Phiếu kiểm soát quá trình giải quyết hồ sơ ghi chép không đầy đủ thời gian chuyển giữa các bước.",
           "Chưa có văn bản giải trình lý do trễ hạn của hồ sơ trả kết quả trễ."],
    "PA": ["Hòm thư góp ý không có khóa, không có sổ theo dõi việc mở hòm thư.",
           "Phản ánh của người dân về thái độ phục vụ chưa được xem xét, trả lời trong thời hạn.",
           "Chưa tổ chức lấy ý kiến đánh giá sự hài lòng của người dân theo quy định.",
           "Thiết bị đánh giá mức độ hài lòng tại quầy không hoạt động."],
    "DVC": ["Chưa phân công người hỗ trợ người dân nộp hồ sơ trực tuyến; người dân tự thao tác, không có ai hướng dẫn.",
            "Nhiều hồ sơ nộp trực tuyến chưa được tiếp nhận, phản hồi trong ngày làm việc.",
            "Tỷ lệ hồ sơ trực tuyến toàn trình thấp; chưa hướng dẫn người dân sử dụng tài khoản định danh điện tử.",
            "Kết quả giải quyết thủ tục hành chính chưa được số hóa, lưu vào kho dữ liệu của tổ chức, cá nhân."],
    "BC": ["Đơn vị chưa có văn bản báo cáo kết quả khắc phục gửi cơ quan kiểm tra; chỉ báo cáo miệng.",
           "Báo cáo khắc phục gửi trễ hạn so với thời hạn ghi trong biên bản.",
           "Chưa phân công người chịu trách nhiệm khắc phục từng tồn tại."],
    "KP": ["Chưa khắc phục xong: tồn tại đã nêu vẫn còn tại thời điểm kiểm tra lại.",
           "Đơn vị mới khắc phục một phần; còn tồn tại như đã nêu trong biên bản lần trước.",
           "Đơn vị báo cáo đã khắc phục nhưng kiểm tra thực tế chưa có chuyển biến."],
}
_RECOMMENDATIONS = {
    "KL": ["Chấn chỉnh việc chấp hành thời giờ làm việc, nội quy tại Bộ phận Một cửa; kiểm điểm công chức vi phạm.",
           "Ban hành văn bản phân công công chức làm việc tại Bộ phận Một cửa và lịch trực tại từng quầy."],
    "VH": ["Quán triệt công chức thực hiện đúng quy tắc ứng xử, hướng dẫn người dân đầy đủ, một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."],
    "NY": ["Rà soát, cập nhật niêm yết công khai đầy đủ, kịp thời các thủ tục hành chính đã được công bố; gỡ bỏ thủ tục đã bãi bỏ."],
    "CSVC": ["Bố trí đủ ghế ngồi, sửa chữa trang thiết bị tại khu vực tiếp nhận, bảo đảm điều kiện phục vụ người dân."],
    "HS": ["Thực hiện đúng quy trình tiếp nhận, số hóa, luân chuyển hồ sơ trên phần mềm; hồ sơ trễ hạn phải có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
           "Rà soát các hồ sơ trễ hạn, làm rõ trách nhiệm và báo cáo kết quả về cơ quan kiểm tra."],
    "PA": ["Tổ chức tiếp nhận, xử lý phản ánh, kiến nghị và lấy ý kiến đánh giá sự hài lòng của người dân theo đúng quy định."],
    "DVC": ["Phân công công chức hỗ trợ người dân nộp hồ sơ trực tuyến; niêm yết họ tên, số điện thoại người hỗ trợ."],
}
_CAPTIONS = {"NY": "Bảng niêm yết thủ tục hành chính tại thời điểm kiểm tra", "CSVC": "Khu vực chờ của người dân",
             "KL": "Quầy tiếp nhận tại thời điểm đoàn kiểm tra đến", "KP": "Hiện trạng khi kiểm tra lại",
             "HS": "Hồ sơ kiểm tra xác suất", "DVC": "Khu vực hỗ trợ nộp hồ sơ trực tuyến"}
_GOOD = ["Trụ sở rộng, sạch sẽ, bố trí khoa học; có ghế chờ và nước uống cho người dân.",
         "Công chức đeo thẻ, trang phục gọn gàng, tiếp dân lịch sự, niềm nở.",
         "Thủ tục hành chính niêm yết đầy đủ, cập nhật; có mã QR tra cứu.",
         "Hồ sơ được số hóa ngay khi tiếp nhận; kết quả trả đúng hẹn.",
         "Có máy lấy số thứ tự và thiết bị đánh giá mức độ hài lòng hoạt động tốt.",
         "Người dân được hỏi ý kiến đều hài lòng với thái độ phục vụ của công chức.",
         "Có công chức hỗ trợ người dân nộp hồ sơ trực tuyến, thanh toán trực tuyến phí, lệ phí."]
_OPINIONS = ["Thống nhất với nội dung biên bản; đơn vị sẽ khắc phục các tồn tại trong thời hạn đoàn kiểm tra yêu cầu.",
             "Thống nhất với nội dung biên bản.",
             "Đơn vị tiếp thu ý kiến của đoàn kiểm tra và sẽ báo cáo kết quả khắc phục bằng văn bản."]
_CANCELLED = "Đơn vị đã sắp xếp, sáp nhập; nội dung kiến nghị không còn phù hợp."
_NA_WITHOUT_LATE = {"HS-12"}
_EXTENDED = ["Đơn vị đề nghị gia hạn do đang chờ kinh phí sửa chữa, mua sắm trang thiết bị.",
             "Đơn vị đề nghị gia hạn vì công chức phụ trách đi học, đang bố trí người thay.",
             "Gia hạn theo đề nghị của đơn vị: cần thêm thời gian cập nhật, niêm yết lại thủ tục hành chính."]
_FINISHED = (VisitStatus.SUBMITTED, VisitStatus.APPROVED, VisitStatus.LOCKED)
_MARK = "\u0000generated section"   # stands for a generated section in a stored form's JSON until filled   # asks why dossiers were late: nothing to ask when none was


def _prefix(code: str) -> str:
    return code.split("-", 1)[0]


_PASS, _FAIL, _NA = Result.PASS.value, Result.FAIL.value, Result.NOT_APPLICABLE.value
_CHOICE, _NUMBERS, _NA_IF_NONE_LATE, _REMEDIED = range(4)


@dataclass(frozen=True)
class _ItemPlan:
    """How one item of a form gets answered (worked out once per form, not once per answer)."""

    item: Item
    code: str
    prefix: str
    kind: int
    fail: float      # how likely to fail, relative to the visit's rate (0: never)
    na: bool         # may be "không áp dụng"
    default: str     # the result when nothing is wrong


def _item_plan(item: Item, photos: bool) -> _ItemPlan:
    if item.type is ItemType.NUMERIC:
        kind = _NUMBERS
    elif item.recommendation_id:
        kind = _REMEDIED
    elif item.code in _NA_WITHOUT_LATE and Result.NOT_APPLICABLE in item.answers:
        kind = _NA_IF_NONE_LATE
    else:
        kind = _CHOICE
    fail = 0.3 if item.severity is Severity.SERIOUS else 1.0
    if Result.FAIL not in item.answers or (item.photo_required_on_fail and not photos):
        fail = 0.0
    default = Result.PASS if Result.PASS in item.answers else item.answers[0]
    return _ItemPlan(item, item.code, _prefix(item.code), kind, fail, Result.NOT_APPLICABLE in item.answers,
                     default.value)


# --- photos --------------------------------------------------------------------------------------


def _photo_pool(count: int = 5) -> list[tuple[bytes, str, int, int]]:
    """A few small distinct JPEGs (data, sha256, width, height), the same every run."""
    from PIL import Image, ImageDraw

    pool = []
    palette = [(180, 170, 150), (120, 150, 170), (200, 190, 120), (150, 170, 130), (170, 130, 130)]
    for n in range(count):
        image = Image.new("RGB", (480, 360), palette[n % len(palette)])
        draw = ImageDraw.Draw(image)
        for k in range(8):  # a board, a counter, chairs: blocks enough to look like a scene at a glance
            x, y = 30 + (k * 53 + n * 17) % 400, 40 + (k * 37 + n * 29) % 260
            draw.rectangle((x, y, x + 60 + 10 * n, y + 30 + 5 * k), fill=((k * 40 + n * 30) % 255, 90 + 10 * k, 120))
        draw.text((20, 330), f"IMG {n + 1}", fill=(255, 255, 255))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=70)
        data = buffer.getvalue()
        pool.append((data, hashlib.sha256(data).hexdigest(), 480, 360))
    return pool


# --- the dossier sample --------------------------------------------------------------------------


def _sample(rng: random.Random, bad: float) -> dict[str, int]:
    """One visit's counted numbers, shared by the items naming them; ``bad``: chance of each shortfall."""
    def short(total: int) -> int:
        return rng.randint(1, min(total, 4)) if total and rng.random() < bad else 0

    checked = rng.randint(10, 30)
    late = rng.randint(1, 4) if rng.random() < bad * 1.5 else 0
    with_apology = late - short(late)
    supplemented = rng.randint(0, 5)
    received = rng.randint(0, 8)
    online = rng.randint(0, 15)
    return {
        "checked": checked, "with_receipt": checked - short(checked), "on_system": checked - short(checked),
        "with_control_sheet": checked - short(checked), "handed_over_same_day": checked - short(checked),
        "late": late, "late_with_apology": with_apology, "late_apology_in_time": with_apology - short(with_apology),
        "moved_more_than_once": short(late), "supplemented": supplemented,
        "supplemented_more_than_once": short(supplemented), "supplement_request_late": short(supplemented),
        "received": received, "overdue": short(received), "online_checked": online, "online_late_reply": short(online),
    }


_decided: dict[tuple[str, int, str, tuple[int, ...]], Result] = {}


def _numeric(form: FormDefinition, item: Item, sample: dict[str, int]) -> tuple[Result, dict[str, int]]:
    values = {}
    for spec in item.fields:
        value = sample.get(spec.code, spec.minimum)
        value = max(value, spec.minimum)
        values[spec.code] = min(value, spec.maximum) if spec.maximum is not None else value
    key = (form.code, form.version, item.code, tuple(values.values()))
    result = _decided.get(key)
    if result is None:
        result = _decided[key] = numeric_result(item, values)
    return result, values


# --- the plan: which point, which day, which body, which round, which state ------------------------


def _working_day(day: date, lo: date, hi: date) -> date:
    while day.weekday() >= 5 and day < hi:
        day += timedelta(days=1)
    while day.weekday() >= 5 and day > lo:
        day -= timedelta(days=1)
    return day


def _window(body: _Body, year: int) -> tuple[date, date] | None:
    lo, hi = date(year, 1, 15), date(year, 12, 31)
    if body.start and body.start > date(year, 1, 1):
        lo = max(lo, body.start + timedelta(days=14))
    if body.end:
        hi = min(hi, body.end)
    return (lo, hi) if lo <= hi else None


_CLOCK = [f" {m // 60:02d}:{m % 60:02d}:00.000000" for m in range(24 * 60)]


def _stamps(first: datetime, step: timedelta, count: int) -> list[str]:
    """``count`` stored times from ``first`` (naive UTC) every ``step``, to the minute, as text."""
    if (first + step * count).date() != first.date():
        return [(first + step * i).replace(second=0, microsecond=0).isoformat(" ", "microseconds")
                for i in range(count)]
    day = first.date().isoformat()
    begin = first.hour * 60 + first.minute
    every = step.total_seconds() / 60
    return [day + _CLOCK[begin + int(every * i)] for i in range(count)]


_RECENT = (VisitStatus.IN_PROGRESS, VisitStatus.SUBMITTED, VisitStatus.IN_PROGRESS, VisitStatus.RETURNED,
           VisitStatus.SUBMITTED, VisitStatus.APPROVED, VisitStatus.LOCKED, VisitStatus.APPROVED, VisitStatus.LOCKED,
           VisitStatus.LOCKED)


def _status(age: int, rng: random.Random) -> VisitStatus:
    r = rng.random()
    if age < 0:
        return VisitStatus.PLANNED
    if age <= 14:
        return (VisitStatus.IN_PROGRESS if r < 0.3 else VisitStatus.SUBMITTED if r < 0.55 else
                VisitStatus.RETURNED if r < 0.6 else VisitStatus.APPROVED if r < 0.8 else VisitStatus.LOCKED)
    if age <= 60:
        return VisitStatus.SUBMITTED if r < 0.08 else VisitStatus.APPROVED if r < 0.25 else VisitStatus.LOCKED
    return VisitStatus.APPROVED if r < 0.004 else VisitStatus.LOCKED


# --- generate ------------------------------------------------------------------------------------


def generate(db: Database, *, visits: int, years: int = 10, seed: int = 0, photos: bool = True,
             today: date | None = None) -> GenerateReport:
    """Add ``visits`` generated visits over the ``years`` years ending ``today`` (see the module docstring)."""
    if visits < 0:
        raise ValueError("visits must be >= 0")
    if years < 1:
        raise ValueError("years must be >= 1")
    began = time.perf_counter()
    rng = random.Random(seed)
    ids = _Ids(random.Random(rng.getrandbits(64)))
    today = today or local_today()
    first_day = date(today.year - years, today.month, min(today.day, 28)) + timedelta(days=1)
    now_moment = min(utcnow(), from_local(today, 17, 30)) if today >= local_today() else from_local(today, 17, 30)
    now = _ts(now_moment)
    report = GenerateReport()
    if db.engine.dialect.name != "sqlite":
        raise ValueError("generate() writes SQLite's storage format; generate into SQLite, then sync")
    with _bulk_session(db) as session:
        out = _Writer(session)
        _extend_map(session, random.Random(rng.getrandbits(64)), ids, out, now)
        out.flush()
        report.units, report.points, report.staff = (out.counts["units"], out.counts["reception_points"],
                                                     out.counts["staff_members"])
        report.bodies = out.counts["inspecting_bodies"]
        report.successions = out.counts["unit_successions"] + out.counts["point_successions"]
        existing = session.scalar(sa.select(sa.func.count()).select_from(Visit)) or 0
        generation = _Generation(session, out, rng, ids, today, first_day, now_moment, photos, report)
        with _indexes_rebuilt(session, enabled=visits > existing):
            generation.run(visits)
        report.rendered = generation.render_newest()
        generation.write_history()
        audit.record(session, "demo.generated", "database", "generate", after={
            "seed": seed, "years": years, "today": today.isoformat(), "photos": photos,
            **{k: v for k, v in dataclasses.asdict(report).items() if k != "seconds"}})
    report.seconds = round(time.perf_counter() - began, 2)
    return report


@contextlib.contextmanager
def _bulk_session(db: Database) -> Any:
    """One write transaction (BEGIN IMMEDIATE, as every write) on a connection of its own, with a page
    cache large enough for the indexes to grow in memory rather than through the WAL; restored after."""
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute(f"PRAGMA cache_size={CACHE_KIB}")
        try:
            with Session(bind=connection) as session, session.begin():
                yield session
        finally:
            raw.execute("PRAGMA cache_size=-2000")


BULK_TABLES = ("visits", "visit_representatives", "answers", "answer_staff", "evidence", "recommendations")


@contextlib.contextmanager
def _indexes_rebuilt(session: Session, *, enabled: bool) -> Any:
    """The secondary indexes and the triggers of the tables filled in bulk dropped, then built again from
    their own definitions (in the same transaction): one sort per index instead of millions of random
    inserts, and each visit's counts of answers (kept by triggers, db/versions/0008_visit_counts.py)
    counted once at the end rather than updated per answer. Unique indexes come back unique, so a
    duplicate minutes number still fails the whole generation."""
    if not enabled:
        yield
        return
    marks = ", ".join(f"'{t}'" for t in BULK_TABLES)
    kept = session.execute(sa.text(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})"
    )).all()
    for kind, name, _sql in kept:
        session.execute(sa.text(f'DROP {kind.upper()} "{name}"'))
    yield
    for kind, _name, sql in kept:
        if kind == "index":
            session.execute(sa.text(sql))
    recount_visits(session)  # with the answers' indexes back: a search per visit, not a scan
    for kind, _name, sql in kept:
        if kind == "trigger":
            session.execute(sa.text(sql))


class _Generation:
    def __init__(self, session: Session, out: _Writer, rng: random.Random, ids: _Ids, today: date, first_day: date,
                 now: datetime, photos: bool, report: GenerateReport) -> None:
        self.session, self.out, self.rng, self.ids = session, out, rng, ids
        self.today, self.first_day, self.now, self.photos, self.report = today, first_day, now, photos, report
        self.forms = _load_forms(session)
        self.users = {u.username: u.id.hex for u in session.scalars(sa.select(User))}
        self.inspectors = [self.users[n] for n in ("kiemtra1", "kiemtra2") if n in self.users] or [None]
        self.points, self.bodies = _load_world(session, today, first_day, rng)
        self.rounds: dict[tuple[str, int], _Round] = {}
        self.pool: list[tuple[bytes, str, int, int]] = []
        self.recs_by_lineage: dict[str, list[_Rec]] = defaultdict(list)
        self.lineage = self._lineages()
        self.previous: dict[str, str] = {}   # point id -> last finished visit id
        self.plans: dict[tuple[str, int], list[_ItemPlan]] = {}
        self.plan: list[_Visit] = []
        self.stored: dict[str, tuple[str, list[str]]] = {}
        self.history: dict[str, dict[str, Any]] = {}  # visit id → its visit.generated event's after
        from inspector.services.legal import load_register
        self.register = load_register(session)

    # --- lineages: a former point and the one that continues it share their open recommendations

    def _lineages(self) -> dict[str, str]:
        successor: dict[str, str] = {}
        for pre, post in self.session.execute(sa.select(PointSuccession.predecessor_id, PointSuccession.successor_id)
                                              .order_by(PointSuccession.effective_on)):
            successor.setdefault(pre.hex, post.hex)
        roots = {}
        for point in self.points:
            seen, here = {point.id}, point.id
            while here in successor and successor[here] not in seen:
                here = successor[here]
                seen.add(here)
            roots[point.id] = here
        return roots

    # --- the plan

    def _plan(self, count: int) -> list[_Visit]:
        rng = self.rng
        if not self.points or count == 0:
            return []
        spans = [(p.end - p.start).days + 1 for p in self.points]
        cumulative, total = [], 0
        for span in spans:
            total += span
            cumulative.append(total)
        planned_ahead = min(count, max(2 if count >= 50 else 0, round(count * 0.004)))
        recent_quota = min(count - planned_ahead, max(10 if count >= 50 else 0, round(count * 0.006)))
        taken: set[tuple[str, date]] = set()
        plan: list[_Visit] = []
        attempts = 0
        while len(plan) < count and attempts < count * 20:
            attempts += 1
            ahead = len(plan) < planned_ahead
            recent = not ahead and len(plan) < planned_ahead + recent_quota
            if ahead or recent:  # planned in the coming weeks, or made in the last two, at today's points
                current = [p for p in self.points if p.end >= self.today]
                if not current:
                    planned_ahead = recent_quota = 0
                    continue
                point = rng.choice(current)
                day = self.today + timedelta(days=rng.randint(1, 30) if ahead else -rng.randint(0, 14))
                if day.year != self.today.year:
                    day = self.today
            else:
                point = self.points[bisect_right(cumulative, rng.randrange(total))]
                day = point.start + timedelta(days=rng.randrange((point.end - point.start).days + 1))
            bodies = [(b, w) for b, w in point.bodies if b.valid_on(day)]
            if not bodies:
                continue
            body = rng.choices([b for b, _ in bodies], [w for _, w in bodies])[0]
            window = _window(body, day.year)
            if window is None:
                continue
            record = self._round(body, day.year, window)   # its period may be narrower than the year's
            lo, hi = max(record.start, point.start), record.end if ahead else min(record.end, point.end)
            if lo > hi:
                continue
            if not lo <= day <= hi:
                day = min(hi, lo + timedelta(days=rng.randrange(30)))
            day = _working_day(day, lo, hi)
            if (point.id, day) in taken:
                continue
            taken.add((point.id, day))
            age = (self.today - day).days
            status = VisitStatus.PLANNED if ahead else _status(age, rng)
            plan.append(_Visit(self.ids(), day, point, body, record, status, ahead or rng.random() > 0.15,
                               lineage=self.lineage[point.id]))
        plan.sort(key=lambda v: (v.day, v.point.name, v.id))
        # The last two weeks in every state the work goes through, newest first in progress.
        latest = [v for v in reversed(plan) if 0 <= (self.today - v.day).days <= 14]
        for visit, status in zip(latest, itertools.cycle(_RECENT), strict=False):
            visit.status = status
        self._number(plan)
        return plan

    def _round(self, body: _Body, year: int, window: tuple[date, date]) -> _Round:
        key = (body.id, year)
        found = self.rounds.get(key)
        if found is not None:
            return found
        existing = self.session.scalars(sa.select(Round).where(
            Round.inspecting_body_id == uuid.UUID(body.id), Round.start_date >= date(year, 1, 1),
            Round.start_date <= date(year, 12, 31)).order_by(Round.decision_date)).first()
        if existing is not None:
            found = _Round(existing.id.hex, existing.decision_number, existing.decision_date,
                           existing.start_date or window[0], existing.end_date or window[1])
        else:
            found = self._new_round(body, year, window)
        self.rounds[key] = found
        return found

    def _new_round(self, body: _Body, year: int, window: tuple[date, date]) -> _Round:
        rng, row = self.rng, body.row
        is_department = row.name.startswith("Sở")
        decided = window[0] - timedelta(days=5 if is_department else rng.randint(7, 10))
        issuer = f"Sở Nội vụ {row.parent_name.removeprefix('Ủy ban nhân dân ').strip()}" if is_department else row.parent_name
        number = f"{rng.randint(2, 60):02d}/QĐ-{'SNV' if is_department else 'UBND'}"
        half = ("6 tháng cuối năm" if window[0].month >= 7 else "6 tháng đầu năm" if window[1].month <= 6 else "năm")
        where = row.parent_name.removeprefix("Ủy ban nhân dân ").strip()
        name = (f"Kiểm tra công vụ tại Bộ phận Một cửa {half} {year}" if is_department else
                f"Kiểm tra công vụ tại Trung tâm Phục vụ hành chính công {where} {half} {year}"
                if row.unit_id and body.unit_id and body.start is not None else
                f"Kiểm tra công vụ tại các Bộ phận Một cửa trên địa bàn {where} {half} {year}")
        record = _Round(self.ids(), number, decided, window[0], window[1])
        at = _ts(from_local(decided, 8, 0))
        self.out.add("rounds", {
            **_keyed(self.ids, at), "id": record.id, "name": name, "decision_number": number,
            "decision_date": _day(decided), "decision_issuer": issuer, "start_date": _day(window[0]),
            "end_date": _day(window[1]), "notes": "Đợt kiểm tra theo kế hoạch năm (dữ liệu mẫu).",
            "created_by_id": self.users.get("truongphong"), "inspecting_body_id": body.id})
        for n, (user_id, full_name, position, role) in enumerate(self._team(body)):
            self.out.add("round_members", {**_keyed(self.ids, at), "round_id": record.id, "user_id": user_id,
                                           "full_name": full_name, "position": position, "team_role": role.value,
                                           "sort_order": n})
        self.report.rounds += 1
        return record

    def _team(self, body: _Body) -> list[tuple[str | None, str, str, TeamRole]]:
        if body.team:
            return body.team
        rng = random.Random(body.id)   # the same team every year
        if body.symbol == "BB-SNV" or body.row.code == "PNV-TPTRAVINH":
            office = "Sở Nội vụ" if body.symbol == "BB-SNV" else "Phòng Nội vụ"
            people = self.session.execute(sa.select(User.id, User.full_name, User.username)).all()
            by_name = {u: (i.hex, n) for i, n, u in people}
            for username, title, role in (("truongphong", "Trưởng phòng Nội vụ" if office == "Phòng Nội vụ" else
                                           "Trưởng phòng Công chức, viên chức và Cải cách hành chính", TeamRole.LEADER),
                                          ("kiemtra1", f"Chuyên viên {office}", TeamRole.MEMBER),
                                          ("kiemtra2", f"Chuyên viên {office}", TeamRole.MEMBER),
                                          ("vanthu", f"Văn thư {office}", TeamRole.SECRETARY)):
                if username in by_name:
                    body.team.append((by_name[username][0], by_name[username][1], title, role))
        else:
            office = body.row.name
            body.team = [(None, _person(rng), f"Trưởng {office[0].lower()}{office[1:]}", TeamRole.LEADER),
                         (None, _person(rng), f"Chuyên viên {office}", TeamRole.MEMBER),
                         (None, _person(rng), "Công chức Văn phòng - Thống kê", TeamRole.SECRETARY)]
        return body.team

    def _number(self, plan: list[_Visit]) -> None:
        """Locked visits numbered per body and year in date order, after the numbers already taken."""
        top: dict[tuple[str, int], int] = {}
        for body, year, seq in self.session.execute(
                sa.select(Visit.minutes_body, Visit.minutes_year, sa.func.max(Visit.minutes_seq))
                .where(Visit.minutes_seq.is_not(None)).group_by(Visit.minutes_body, Visit.minutes_year)):
            top[(body, year)] = seq
        from inspector.services.minutes import full_number

        for visit in plan:
            if visit.status is VisitStatus.LOCKED:
                key = (visit.body.key, visit.day.year)
                visit.number = top[key] = top.get(key, 0) + 1
                visit.minutes_number = full_number(visit.number, visit.body.symbol)

    # --- content

    def run(self, count: int) -> None:
        plan = self._plan(count)
        if self.photos and plan:
            self.pool = _photo_pool()
            known = set(self.session.scalars(sa.select(Blob.sha256).where(Blob.sha256.in_([p[1] for p in self.pool]))))
            for data, digest, _w, _h in self.pool:
                if digest not in known:
                    self.out.add("blobs", {"sha256": digest, "size": len(data), "data": data, "created_at": _ts(self.now)})
                    self.report.blobs += 1
        by_lineage: dict[str, list[_Visit]] = defaultdict(list)
        for visit in plan:
            if visit.status in _FINISHED:
                by_lineage[visit.lineage].append(visit)
        self.later = by_lineage
        self.later_days = {key: [v.day for v in visits] for key, visits in by_lineage.items()}
        self.out.flush()
        all_recs: list[_Rec] = []
        for visit in plan:
            all_recs += self._visit(visit)
            if self.out.big():
                self.out.flush()
        self.out.flush()
        for rec in all_recs:  # last: a recommendation may be verified in any later visit
            self._write_rec(rec)
        self.out.flush()
        report = self.report
        report.visits = len(plan)
        statuses: dict[str, int] = defaultdict(int)
        for visit in plan:
            statuses[visit.status.value] += 1
        report.by_status = dict(sorted(statuses.items()))
        report.numbered = sum(1 for v in plan if v.number is not None)
        self.plan = plan

    def _visit(self, visit: _Visit) -> list[_Rec]:
        rng, out, ids = self.rng, self.out, self.ids
        point = visit.point
        started = visit.status is not VisitStatus.PLANNED
        inspector = rng.choice(self.inspectors)
        open_recs = self._open_recs(visit) if started else []
        follow_up = bool(open_recs) and FOLLOW_UP_FORM in self.forms and rng.random() < 0.12
        pinned = _form_on(self.forms, FOLLOW_UP_FORM if follow_up else STANDARD_FORM, visit.day)
        form, snapshot = pinned.form, None
        if follow_up:
            form = expand(form, [self._open_recommendation(r, visit.day) for r in open_recs])
            snapshot = self._snapshot(pinned, form)
            self.report.follow_ups += 1
        start = from_local(visit.day, rng.choice((7, 7, 8, 8, 9, 13)), rng.choice((0, 15, 30, 45)))
        end = start + timedelta(minutes=rng.randint(90, 240))
        if started and end > self.now:   # a visit of today: begun this morning
            start = max(from_local(visit.day, 0, 0), self.now - timedelta(minutes=rng.randint(60, 180)))
            end = min(self.now, start + timedelta(minutes=rng.randint(30, 120)))
        in_progress = visit.status is VisitStatus.IN_PROGRESS
        created = start - timedelta(days=rng.randint(5, 20)) if visit.announced else start
        finished_at = end + timedelta(days=rng.randint(1, 25 if visit.status is VisitStatus.LOCKED else 5))
        updated = min(finished_at, self.now) if started else created
        if not started:
            created = min(created, self.now - timedelta(days=1))
            updated = created
        plans = self._item_plans(form)
        items = [p.item for p in plans]
        answered = len(items)
        if in_progress:
            answered = rng.randint(len(items) // 4, len(items) - 1)
        texts: dict[str, Any] = {"good_points": "", "shortcomings": "", "conclusions": "", "unit_opinion": ""}
        recs: list[_Rec] = []
        answers: dict[str, Any] = {}   # the history's account of each answer (see the module docstring)
        evidence: dict[str, list[str]] = {}
        states: dict[str, AnswerState] = {}   # the failed items (what the shortcomings draft lists)
        staff_names: dict[str, list[str]] = {}
        if started:
            quality = rng.choices((0.2, 0.5, 1.0, 1.6, 2.8), (2, 3, 4, 2, 1))[0]
            sample = _sample(rng, 0.035 * quality)
            fail_base = 0.035 * quality
            first = start.astimezone(UTC).replace(tzinfo=None) + timedelta(minutes=5)
            step = (end - start - timedelta(minutes=10)) / max(answered, 1)
            stamps = _stamps(first, step, answered)
            verdicts: dict[str, bool] = {}
            by_id = {str(uuid.UUID(r.id)): r for r in open_recs} if follow_up else {}
            random_ = rng.random
            append = out.answers.append
            visit_id = visit.id
            for index in range(answered):
                plan = plans[index]
                kind = plan.kind
                values: dict[str, int] = {}
                if kind == _CHOICE:
                    r = random_()
                    result = _FAIL if r < fail_base * plan.fail else _NA if r > 0.93 and plan.na else plan.default
                elif kind == _NUMBERS:
                    decided, values = _numeric(form, plan.item, sample)
                    result = decided.value if decided is not Result.UNCHECKED else plan.default
                elif kind == _NA_IF_NONE_LATE and not sample["late"]:
                    result = _NA
                elif kind == _NA_IF_NONE_LATE:
                    result = _FAIL if random_() < fail_base * plan.fail else plan.default
                else:  # an item generated from a recommendation: was it remedied?
                    rec = by_id[plan.item.recommendation_id]
                    passed = rec.verified_in == visit_id or not self.photos or random_() < 0.7
                    verdicts[rec.id] = passed
                    result = _PASS if passed else _FAIL
                answer_id = ids()
                at = stamps[index]
                if result != _FAIL:
                    append((answer_id, at, at, None, visit_id, plan.code, result,
                            json.dumps(values) if values else "{}", "", at, inspector))
                    answers[plan.code] = [result, values, "", []] if values else result
                    continue
                item = plan.item
                concerned: list[tuple[str, str, str]] = []
                if point.staff and plan.prefix in ("KL", "VH", "HS") and random_() < 0.6:
                    concerned = rng.sample(point.staff, 1 if random_() < 0.8 or len(point.staff) < 2 else 2)
                note = self._note(item, values, concerned)
                self.report.failed += 1
                append((answer_id, at, at, None, visit_id, plan.code, result,
                        json.dumps(values) if values else "{}", note, at, inspector))
                states[plan.code] = AnswerState(plan.code, Result.FAIL, note, values)
                if concerned:
                    for staff_id, _name, _position in concerned:
                        out.add("answer_staff", {"answer_id": answer_id, "staff_member_id": staff_id})
                    staff_names[plan.code] = [name for _i, name, _p in concerned]
                    self.report.staff_links += len(concerned)
                answers[plan.code] = [result, values, note, [str(uuid.UUID(i)) for i, _n, _p in concerned]]
                if self.photos and (item.photo_required_on_fail or random_() < 0.15):
                    for k in range(1 if random_() < 0.8 else 2):
                        data, digest, width, height = self.pool[rng.randrange(len(self.pool))]
                        taken_at = first + step * index + timedelta(minutes=k)
                        keyed = _keyed(ids, taken_at.isoformat(" ", "microseconds"))
                        evidence[str(uuid.UUID(keyed["id"]))] = [plan.code, digest]
                        out.add("evidence", {**keyed,
                                             "deleted_at": None, "visit_id": visit_id,
                                             "answer_id": answer_id, "blob_sha256": digest, "kind": "photo",
                                             "media_type": "image/jpeg", "width": width, "height": height,
                                             "original_name": f"IMG_{visit.day:%Y%m%d}_{index:02d}{k:02d}.jpg",
                                             "caption": _CAPTIONS.get(plan.prefix, "Hiện trạng tại thời điểm kiểm tra"),
                                             "taken_at": taken_at.isoformat(" ", "microseconds"),
                                             "created_by_id": inspector})
                        self.report.photos += 1
                if not item.recommendation_id and (item.severity is not Severity.MINOR or random_() < 0.5):
                    recs.append(self._new_rec(visit, item, answer_id, note, end))
            self.report.answers += answered
            if follow_up and visit.status in _FINISHED:   # what this follow-up found, once it is reported
                for rec in open_recs:
                    if verdicts.get(rec.id):
                        if rec.done_on is None or rec.done_on > visit.day:   # reported done before the visit saw it
                            rec.done_on = max(rec.visit.day + timedelta(days=1), visit.day - timedelta(days=rng.randint(0, 20)))
                        rec.status, rec.closed, rec.verified_in = RecommendationStatus.VERIFIED, None, visit.id
                        rec.verified_on = visit.day
                    elif rec.verified_in == visit.id:
                        rec.status, rec.verified_in, rec.closed = RecommendationStatus.OPEN, None, None
                        rec.done_on = rec.verified_on = None
            if not in_progress:
                failed = len(states)
                texts = self._texts(form, states, staff_names, point, failed, follow_up)
            # representatives of the unit inspected
            for n, (name, position) in enumerate(self._representatives(point)):
                out.add("visit_representatives", {**_keyed(ids, _ts(start)), "visit_id": visit.id, "full_name": name,
                                                  "position": position, "sort_order": n})
                self.report.representatives += 1
        current = items[answered].code if in_progress and answered < len(items) else (items[-1].code if started and items else "")
        out.add("visits", {
            **_keyed(ids, _ts(created), _ts(updated)), "id": visit.id, "deleted_at": None,
            "round_id": visit.round.id, "reception_point_id": point.id, "form_version_id": pinned.version_id,
            "previous_visit_id": self.previous.get(point.id) if started else None, "status": visit.status.value,
            "announced": visit.announced, "planned_date": _day(visit.day),
            "started_at": _ts(start) if started else None,
            "ended_at": _ts(end) if started and not in_progress else None, "location": point.address if started else "",
            **texts, "current_item_code": current, "minutes_number": visit.minutes_number, "minutes_sha256": "",
            "minutes_seq": visit.number, "minutes_year": visit.day.year if visit.number else None,
            "minutes_body": visit.body.key if visit.number else "", "form_snapshot": snapshot,
            "created_by_id": inspector, "checked_count": 0, "failed_count": 0,  # counted at the end
            "review_cycle": 0 if visit.status in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS) else 1,
            "checked_out_to": None, "checked_out_by_id": None, "checked_out_at": None})
        self.history[visit.id] = {"status": visit.status.value, "number": visit.minutes_number, "sha256": "", **texts,
                                  "answers": answers, "evidence": evidence, "recommendations": {}}
        if visit.status in _FINISHED:
            self.previous[point.id] = visit.id
            for rec in recs:
                self._fate(rec)
            self.recs_by_lineage[visit.lineage] += recs
        else:
            for rec in recs:
                rec.status = RecommendationStatus.OPEN
        return recs

    def _snapshot(self, pinned: _Form, form: FormDefinition) -> str:
        """``form.to_dict()`` as JSON, made from the pinned version's (kept) with only the generated
        sections converted: the same text for a fraction of the work."""
        parts = self.stored.get(pinned.version_id)
        if parts is None:   # the version's JSON cut where its generated sections go
            base = pinned.form.to_dict()
            marks = [json.dumps({_MARK: n}) for n in range(len(base["sections"]))]
            text = json.dumps({**base, "sections": [
                {_MARK: n} if section.generated is not None else base["sections"][n]
                for n, section in enumerate(pinned.form.sections)]})
            parts = self.stored[pinned.version_id] = (text, marks)
        text, marks = parts
        for index, section in enumerate(form.sections):
            if section.generated is not None:
                converted = dataclasses.replace(form, sections=(section,)).to_dict()["sections"][0]
                text = text.replace(marks[index], json.dumps(converted), 1)
        return text

    def _item_plans(self, form: FormDefinition) -> list[_ItemPlan]:
        key = (form.code, form.version)
        if any(s.generated for s in form.sections):   # a follow-up's own items: not kept
            return [_item_plan(item, self.photos) for item in form.items()]
        plans = self.plans.get(key)
        if plans is None:
            plans = self.plans[key] = [_item_plan(item, self.photos) for item in form.items()]
        return plans

    def _open_recs(self, visit: _Visit) -> list[_Rec]:
        """Recommendations of earlier finished visits of this lineage not verified or cancelled by this day:
        the newest few of the last two years (and any this visit verifies), as a follow-up would list them."""
        recs = self.recs_by_lineage.get(visit.lineage)
        if not recs:
            return []
        horizon = visit.day - timedelta(days=730)
        alive = [r for r in recs if r.visit.day >= horizon and not (r.ended is not None and r.ended < visit.day)]
        self.recs_by_lineage[visit.lineage] = alive   # visits come in date order: what is gone stays gone
        due = visit.day - timedelta(days=20)
        listed = [r for r in alive if r.visit.day < due and (r.verified_in == visit.id or not (
            r.ended is not None and r.ended <= visit.day))]
        return listed[-FOLLOWED:] + [r for r in listed[:-FOLLOWED] if r.verified_in == visit.id]

    def _open_recommendation(self, rec: _Rec, day: date) -> OpenRecommendation:
        basis_item = rec.item
        try:
            current = _form_on(self.forms, STANDARD_FORM, day).form.continuation(rec.item.code)
            basis_item = current or rec.item
        except (KeyError, StopIteration):
            pass
        return OpenRecommendation(
            id=str(uuid.UUID(rec.id)), text=rec.text, owner=rec.owner_name, deadline=rec.deadline,
            minutes_number=rec.visit.minutes_number, visit_date=rec.visit.day,
            finding=f"{rec.item.text} — {rec.note}" if rec.note else rec.item.text,
            legal_basis=self.register.item_basis(basis_item), sipas=basis_item.sipas)

    def _new_rec(self, visit: _Visit, item: Item, answer_id: str, note: str, end: datetime) -> _Rec:
        prefix = _prefix(item.code)
        texts = _RECOMMENDATIONS.get(prefix) or [f"Khắc phục tồn tại: {item.text.rstrip('?').removesuffix(' không')}."]
        deadline = visit.day + timedelta(days=self.rng.choice((15, 30, 30, 45, 60, 90)))
        return _Rec(self.ids(), visit, answer_id, item, note, self.rng.choice(texts), visit.point.unit_id,
                    visit.point.unit_name, deadline)

    def _fate(self, rec: _Rec) -> None:
        """What becomes of a recommendation after its visit, as it stands today (a follow-up may verify it
        earlier): one in eight has its deadline extended once before it falls due; most are reported done, on
        time or late, then verified by a later visit or by the supervisor, and the older verified ones closed;
        some stay open past the deadline (overdue), some are cancelled."""
        rng, today, made = self.rng, self.today, rec.visit.day
        rec.original = rec.deadline
        age = (today - made).days
        r = rng.random()

        def between(lo: date, hi: date) -> date:
            return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))

        if age > 14 and rng.random() < 0.12:
            asked = between(made + timedelta(days=3), rec.deadline - timedelta(days=1))
            if asked <= today:
                rec.extended_on, rec.deadline = asked, rec.deadline + timedelta(days=rng.choice((15, 30, 30, 45)))
        if age <= 14:
            if r < 0.8 or age < 2:
                rec.status = RecommendationStatus.OPEN
            else:
                rec.status, rec.done_on = RecommendationStatus.REPORTED, between(made + timedelta(days=1), today)
            return
        if today <= rec.deadline:
            if r < 0.35:
                rec.status = RecommendationStatus.OPEN
            elif r < 0.75:
                rec.status, rec.done_on = RecommendationStatus.REPORTED, between(made + timedelta(days=3), today)
            else:
                rec.done_on = between(made + timedelta(days=3), today - timedelta(days=1))
                rec.status, rec.verified_on = RecommendationStatus.VERIFIED, between(rec.done_on + timedelta(days=1), today)
            return
        if r < 0.10:
            rec.status = RecommendationStatus.OPEN            # overdue
            return
        if r < 0.16:                                           # reported late, not verified yet: overdue too
            rec.status, rec.done_on = RecommendationStatus.REPORTED, between(rec.deadline + timedelta(days=1), today)
            return
        if r < 0.23:
            rec.status, rec.closed = RecommendationStatus.CANCELLED, min(today, rec.deadline + timedelta(days=rng.randint(1, 60)))
            return
        if rng.random() < 0.22:
            rec.done_on = between(rec.deadline + timedelta(days=1), min(today, rec.deadline + timedelta(days=45)))
        else:
            rec.done_on = between(made + timedelta(days=5), rec.deadline)
        later = self.later.get(rec.visit.lineage, [])
        index = bisect_right(self.later_days.get(rec.visit.lineage, []), rec.done_on)
        verifier = later[index] if index < len(later) else None
        if verifier is not None and r < 0.75:
            rec.status, rec.verified_in, rec.verified_on = RecommendationStatus.VERIFIED, verifier.id, verifier.day
        else:
            checked = rec.done_on + timedelta(days=rng.randint(3, 20))
            if checked > today:
                rec.status = RecommendationStatus.REPORTED
                return
            rec.status, rec.verified_on = RecommendationStatus.VERIFIED, checked
        if (today - rec.verified_on).days > 45 and rng.random() < 0.6:
            rec.status, rec.closed = RecommendationStatus.CLOSED, min(today, rec.verified_on + timedelta(days=rng.randint(1, 20)))

    def _write_rec(self, rec: _Rec) -> None:
        made = from_local(rec.visit.day, 11, 0) + timedelta(minutes=self.rng.randint(0, 300))
        status = rec.status
        if status is not RecommendationStatus.OPEN and rec.original is None:
            rec.original = rec.deadline
        closed = from_local(rec.closed, 15, 0) if rec.closed and status in (
            RecommendationStatus.CLOSED, RecommendationStatus.CANCELLED) else None
        verified = rec.verified_on if status in (RecommendationStatus.VERIFIED, RecommendationStatus.CLOSED) else None
        done = rec.done_on if status in (RecommendationStatus.REPORTED, RecommendationStatus.VERIFIED,
                                         RecommendationStatus.CLOSED) else None
        last = max(d for d in (made, closed, from_local(verified, 16, 0) if verified else None,
                               from_local(done, 9, 0) if done else None) if d is not None)
        self.out.add("recommendations", {
            **_keyed(self.ids, _ts(made), _ts(last)), "id": rec.id,
            "deleted_at": None, "visit_id": rec.visit.id, "answer_id": rec.answer_id, "text": rec.text,
            "owner_unit_id": rec.owner_id, "deadline": _day(rec.deadline), "status": status.value,
            "status_note": _CANCELLED if status is RecommendationStatus.CANCELLED else
            ("Đơn vị báo cáo đã khắc phục bằng văn bản." if done else ""),
            "closed_at": _ts(closed) if closed else None,
            "verified_in_visit_id": rec.verified_in if verified else None,
            "original_deadline": _day(rec.original or rec.deadline), "done_on": _day(done), "verified_on": _day(verified)})
        # Its life as steps (services.remediation shows them): an extension, the report, the verification, the end.
        steps: list[tuple[str, date, str, date | None, str | None]] = []
        if rec.extended_on is not None and rec.original is not None and rec.original != rec.deadline:
            steps.append(("extended", rec.extended_on, self.rng.choice(_EXTENDED), rec.deadline, None))
        if done is not None:
            steps.append(("reported", done, "Đơn vị báo cáo đã khắc phục bằng văn bản.", None, None))
        if verified is not None:
            steps.append(("verified", verified, "Đã kiểm tra, xác nhận kết quả khắc phục.", None,
                          rec.verified_in if rec.verified_in else None))
        if closed is not None:
            steps.append(("closed" if status is RecommendationStatus.CLOSED else "cancelled", rec.closed,  # type: ignore[arg-type]
                          _CANCELLED if status is RecommendationStatus.CANCELLED else "", None, None))
        for kind, day, text, new_deadline, visit_id in steps:
            self.out.add("recommendation_steps", {
                "id": self.ids(), "recommendation_id": rec.id, "kind": kind, "at": _ts(max(made, from_local(day, 16, 0))),
                "on_date": _day(day), "text": text, "new_deadline": _day(new_deadline), "user_id": None,
                "visit_id": visit_id, "evidence": None})
        self.history[rec.visit.id]["recommendations"][str(uuid.UUID(rec.id))] = {
            "text": rec.text, "owner": str(uuid.UUID(rec.owner_id)) if rec.owner_id else None,
            "deadline": _day(rec.deadline), "status": rec.status.value}
        self.report.recommendations += 1
        by = self.report.recommendations_by_status
        by[rec.status.value] = by.get(rec.status.value, 0) + 1

    def _note(self, item: Item, values: dict[str, int], concerned: list[tuple[str, str, str]]) -> str:
        """What the team wrote down; it names the staff member concerned, when there is one."""
        rng = self.rng
        if item.type is ItemType.NUMERIC:
            return f"Qua kiểm tra xác suất: {counted(item, values)}."
        template = rng.choice(_NOTES.get(_prefix(item.code)) or [
            f"Chưa bảo đảm yêu cầu: {item.text.rstrip('?').removesuffix(' không')}."])
        staff = " và ".join(name for _i, name, _p in concerned) if concerned else "được phân công"
        return template.format(staff=staff, time=f"{rng.choice((7, 8, 13, 14))} giờ {rng.choice((35, 40, 45, 50))}")

    def _texts(self, form: FormDefinition, states: dict[str, AnswerState], staff: dict[str, list[str]], point: _Point,
               failed: int, follow_up: bool) -> dict[str, str]:
        rng = self.rng
        where = point.name
        if follow_up:
            conclusions = (f"{where} đã khắc phục các tồn tại, hạn chế nêu trong biên bản lần trước." if not failed else
                           f"{where} đã khắc phục một phần; còn {failed} nội dung chưa khắc phục, đề nghị tiếp tục thực hiện.")
        elif not failed:
            conclusions = f"{where} thực hiện tốt các quy định về kỷ luật, kỷ cương hành chính và cơ chế một cửa."
        else:
            conclusions = (f"{where} cơ bản thực hiện đúng quy định; còn {failed} nội dung chưa đạt, "
                           "đề nghị khắc phục trong thời hạn yêu cầu.")
        return {"good_points": " ".join(rng.sample(_GOOD, rng.randint(1, 3))),
                "shortcomings": shortcomings_text(form, states, staff) if failed else "",
                "conclusions": conclusions, "unit_opinion": rng.choice(_OPINIONS)}

    def _representatives(self, point: _Point) -> list[tuple[str, str]]:
        rng = self.rng
        if point.unit_level in (UnitLevel.WARD, UnitLevel.COMMUNE):
            first = (_person(rng), f"Phó Chủ tịch Ủy ban nhân dân {point.unit_short}")
        else:
            first = (_person(rng), f"Lãnh đạo {point.unit_name}")
        people = [first]
        heads = [s for s in point.staff if s[2].startswith(("Phó Giám đốc", "Công chức Văn phòng", "Chuyên viên"))]
        if heads and rng.random() < 0.6:
            people.append((heads[0][1], heads[0][2]))
        return people

    # --- the newest minutes, rendered as the clerk's numbering would

    def write_history(self) -> None:
        """One ``visit.generated`` event per visit, chained after the events already there (services.audit)."""
        last = audit.head(self.session)
        seq, prev_hash = ((last.seq or 0), last.hash) if last is not None else (0, "")
        at = utcnow()
        if last is not None and at <= last.at:
            at = last.at + timedelta(microseconds=1)
        for visit_id, after in self.history.items():
            seq += 1
            at += timedelta(microseconds=1)
            entity_id = str(uuid.UUID(visit_id))
            digest = audit.digest2(seq, at, None, GENERATED_BY, "visit.generated", "visit", entity_id, None, after,
                                   prev_hash)
            self.out.add("audit_events", {
                "id": self.ids(), "at": _ts(at), "user_id": None, "actor": GENERATED_BY, "action": "visit.generated",
                "entity_type": "visit", "entity_id": entity_id, "before": None, "after": json.dumps(after),
                "prev_hash": prev_hash, "hash": digest, "seq": seq, "scheme": audit.SCHEME, "origin": ""})
            prev_hash = digest
            if len(self.out.rows["audit_events"]) >= BATCH:
                self.out.flush()
        self.out.flush()

    def render_newest(self) -> int:
        newest = [v for v in self.plan if v.status is VisitStatus.LOCKED][-RENDERED:]
        if not newest:
            return 0
        from inspector.reports.minutes import render_minutes
        from inspector.services.minutes import minutes_data

        self.session.flush()
        done = 0
        for planned in newest:
            visit = self.session.get(Visit, uuid.UUID(planned.id))
            assert visit is not None
            data = render_minutes(minutes_data(self.session, visit, draft=False))
            digest = hashlib.sha256(data).hexdigest()
            if self.session.get(Blob, digest) is None:
                self.session.add(Blob(sha256=digest, size=len(data), data=data))
            visit.minutes_sha256 = digest
            self.history[planned.id]["sha256"] = digest
            done += 1
        self.session.flush()
        return done

