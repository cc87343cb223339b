"""Rows as JSON-safe dicts: the unit that laptop ↔ server sync and signed data packages move (issue 14).

A :class:`Changeset` is rows of several tables (``encode_row``: UUIDs as text, times and days as ISO text, enums
as their values, JSON as is) in foreign-key order, the bytes of the blobs they reference, and the origin (meta
"origin") of the database they come from.

Why it is safe to apply twice, or half and then again: every table has a key that is the same on every machine
(UUIDs made where the row was born; blobs by SHA-256; answer_staff and user_roles by their two keys), so applying
is an upsert by key. A row equal to the one here is "same" and not written; a blob already here is not written.

Who wins when a row differs (``apply``):

- reference data (catalogue, users, forms, rounds): from a server (``peer_kind="server"``) the server's copy
  wins (it is managed at the office); from a laptop or a package only rows missing here are added (a staff member
  an inspector added on the road, a form version), never overwriting. A row with the same natural key (a
  username, a unit code, a form's code and version) but another id is refused (:class:`SyncRefused`): the two
  databases were not made from one another, and merging them would corrupt both.
- a visit's data (the visit, its representatives, answers, staff concerned, evidence, recommendations, review
  comments, minutes revisions): a visit is edited on one machine at a time. The peer's version is taken when the
  peer holds the visit (from a server: this database does not hold it, i.e. ``checked_out_to`` is another machine;
  from a laptop or package: ``checked_out_to`` here is that peer's origin), or when the visit is new here.
  Otherwise this database's version stays in place and the peer's differing row is kept in ``sync_conflicts``
  (local = ours, remote = theirs) for the supervisor to settle — never dropped, recorded once however often it is
  applied. A visit taken as a whole also takes the peer's set of its representatives, staff concerned and review
  comments (rows removed there are removed here).
- history (audit_events): the source's own chain (origin "" there) is stored under the source's origin, the other
  chains it carries under theirs; events are only ever added (by origin and seq), unchanged, so every chain still
  verifies by itself (services.verify). An event with the same place in a chain but another hash (a forked or
  rewritten chain) is not stored: it is kept as a conflict.

Purely local columns never move and are not compared: a user's failed sign-ins and lock time, a visit's check-out
(services.sync.engine manages it) and its answer counts (kept by triggers from its answers).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.store.models import Base, Meta
from inspector.store.types import EnumText, UTCDateTime, utcnow

# --- the tables, in foreign-key order ------------------------------------------------------------------------

REFERENCE = ("units", "reception_points", "unit_successions", "point_successions", "inspecting_bodies",
             "legal_documents", "staff_members", "users", "user_roles", "checklist_forms", "form_versions",
             "rounds", "round_members")
VISIT_TABLES = ("visits", "visit_representatives", "answers", "answer_staff", "evidence", "recommendations",
                "review_comments", "minutes_revisions", "survey_responses", "survey_answers")
HISTORY = "audit_events"
ORDER = (*REFERENCE, *VISIT_TABLES, HISTORY)
# every table whose rows hash into table_hashes (blobs as well: by key and size)
HASHED = (*REFERENCE, "blobs", *VISIT_TABLES, HISTORY)

# Columns that never move between machines and are not compared (see the module docstring).
LOCAL: dict[str, frozenset[str]] = {
    "users": frozenset({"failed_attempts", "locked_until"}),
    "visits": frozenset({"checked_out_to", "checked_out_by_id", "checked_out_at", "checked_count", "failed_count"}),
}
# Left out of table_hashes: state of this machine only (a visit's answer counts are derived, and compared).
NOT_HASHED: dict[str, frozenset[str]] = {
    "users": frozenset({"failed_attempts", "locked_until"}),
    "visits": frozenset({"checked_out_to", "checked_out_by_id", "checked_out_at"}),
    "blobs": frozenset({"created_at", "data"}),  # when it arrived here; the bytes are its key
}
# Sets of rows a visit taken as a whole replaces (rows removed at the source go here too).
REPLACED = ("visit_representatives", "answer_staff", "review_comments")
# Natural keys: a row with the same natural key and another id means the databases were never one.
NATURAL = {
    "units": ("code",), "inspecting_bodies": ("code",), "legal_documents": ("key",), "users": ("username",),
    "checklist_forms": ("code",), "form_versions": ("form_id", "version"),
}
TABLE_WORDS = {
    "units": "Đơn vị", "reception_points": "Bộ phận một cửa", "unit_successions": "Kế thừa đơn vị",
    "point_successions": "Kế thừa bộ phận một cửa", "inspecting_bodies": "Cơ quan kiểm tra",
    "legal_documents": "Văn bản pháp luật", "staff_members": "Công chức", "users": "Người dùng",
    "user_roles": "Vai trò", "checklist_forms": "Phiếu kiểm tra", "form_versions": "Phiên bản phiếu",
    "rounds": "Đợt kiểm tra", "round_members": "Thành viên đoàn", "visits": "Buổi kiểm tra",
    "visit_representatives": "Đại diện đơn vị", "answers": "Kết quả kiểm tra", "answer_staff": "Công chức liên quan",
    "evidence": "Ảnh, tài liệu minh chứng", "recommendations": "Kiến nghị", "review_comments": "Ý kiến duyệt",
    "minutes_revisions": "Lần ban hành biên bản", "audit_events": "Sự kiện nhật ký", "blobs": "Tệp",
    "survey_responses": "Phiếu khảo sát", "survey_answers": "Câu trả lời khảo sát",
}


class SyncRefused(ValueError):
    """The data cannot be merged here (message in Vietnamese); nothing was changed."""


def table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def key_columns(name: str) -> list[str]:
    return [c.name for c in table(name).primary_key.columns]


def moved_columns(name: str) -> list[str]:
    local = LOCAL.get(name, frozenset())
    return [c.name for c in table(name).columns if c.name not in local]


# --- encoding ----------------------------------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def encode_row(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row (a Core mapping) as a JSON-safe dict of its moved columns."""
    return {c: encode_value(row[c]) for c in moved_columns(name) if c in row}


def decode_value(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, UTCDateTime | sa.DateTime):
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return value if isinstance(value, date) else date.fromisoformat(value)
    if isinstance(kind, EnumText):
        return kind.enum_cls(value)
    if isinstance(kind, sa.LargeBinary):
        return bytes.fromhex(value) if isinstance(value, str) else value
    return value


def decode_row(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    t = table(name)
    return {c: decode_value(t.c[c], v) for c, v in row.items() if c in t.c}


def row_key(name: str, row: Mapping[str, Any]) -> str:
    """The row's key as text ("a|b" for two columns): the same on every machine."""
    return "|".join(str(encode_value(row[c])) for c in key_columns(name))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


# --- the changeset ---------------------------------------------------------------------------------------


@dataclass
class Changeset:
    origin: str                                   # meta "origin" of the database the rows come from
    rows: dict[str, list[dict]] = field(default_factory=dict)   # table -> rows (encode_row), in ORDER
    blobs: dict[str, bytes] = field(default_factory=dict)       # sha256 -> bytes the rows reference
    # visits carried whole (every row of theirs): their replaced sets (REPLACED) follow the source
    visits: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def add(self, name: str, rows: Iterable[dict]) -> None:
        self.rows.setdefault(name, []).extend(rows)

    def ordered(self) -> list[tuple[str, list[dict]]]:
        return [(n, self.rows[n]) for n in ORDER if self.rows.get(n)]


@open_to_all
def origin_of(session: Session) -> str:
    """This database's own id (meta "origin"), made at its creation (migration 0010)."""
    value = session.get(Meta, "origin")
    if value is None:  # a database made before 0010 had its row inserted by the migration; belt and braces
        value = Meta(key="origin", value=uuid.uuid4().hex)
        session.add(value)
        session.flush()
    return value.value


def _select_rows(session: Session, name: str, where: Any = None, order: bool = False) -> list[dict[str, Any]]:
    t = table(name)
    query = sa.select(t)
    if where is not None:
        query = query.where(where)
    if order:
        query = query.order_by(*t.primary_key.columns)
    return [encode_row(name, r) for r in session.execute(query).mappings()]


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _select_in(session: Session, name: str, column: str, values: Iterable[Any]) -> list[dict[str, Any]]:
    t = table(name)
    values = [decode_value(t.c[column], v) for v in dict.fromkeys(v for v in values if v is not None)]
    found: list[dict[str, Any]] = []
    for chunk in _chunks(values):
        found += _select_rows(session, name, t.c[column].in_(chunk))
    return found


@open_to_all
def collect_visits(session: Session, visit_ids: Iterable[uuid.UUID | str], *, with_blobs: bool = True,
                   with_reference: bool = True, with_history: bool = True) -> Changeset:
    """Everything of those visits (each carried whole); with the reference rows they point to (their reception
    point and units, form version and form, round and its members and body, the users named, the staff concerned)
    and this database's own history chain. ``with_blobs``: the photos' and PDFs' bytes as well."""
    changes = Changeset(origin=origin_of(session))
    ids = [uuid.UUID(str(v)) if not isinstance(v, uuid.UUID) else v for v in visit_ids]
    visits = _select_in(session, "visits", "id", ids)
    changes.visits = [v["id"] for v in visits]
    vids = changes.visits
    children = {name: _select_in(session, name, "visit_id", vids)
                for name in ("visit_representatives", "answers", "evidence", "recommendations", "review_comments",
                             "minutes_revisions", "survey_responses")}
    staff_links = _select_in(session, "answer_staff", "answer_id", [a["id"] for a in children["answers"]])
    survey_answers = _select_in(session, "survey_answers", "response_id", [r["id"] for r in children["survey_responses"]])
    staff = _select_in(session, "staff_members", "id", [s["staff_member_id"] for s in staff_links])
    if with_reference:
        points = _select_in(session, "reception_points", "id",
                            [v["reception_point_id"] for v in visits] + [s["reception_point_id"] for s in staff])
        units = _select_in(session, "units", "id", [p["unit_id"] for p in points])
        pending = [u["parent_id"] for u in units]
        while pending:  # the units above them, up to the province
            have = {u["id"] for u in units}
            more = [u for u in _select_in(session, "units", "id", pending) if u["id"] not in have]
            units += more
            pending = [u["parent_id"] for u in more]
        versions = _select_in(session, "form_versions", "id", [v["form_version_id"] for v in visits]
                              + [r["form_version_id"] for r in children["survey_responses"]])
        forms = _select_in(session, "checklist_forms", "id", [v["form_id"] for v in versions])
        rounds = _select_in(session, "rounds", "id", [v["round_id"] for v in visits])
        members = _select_in(session, "round_members", "round_id", [r["id"] for r in rounds])
        bodies = _select_in(session, "inspecting_bodies", "id", [r["inspecting_body_id"] for r in rounds])
        user_ids = [*(v["created_by_id"] for v in visits), *(r["created_by_id"] for r in rounds),
                    *(m["user_id"] for m in members), *(a["answered_by_id"] for a in children["answers"]),
                    *(e["created_by_id"] for e in children["evidence"]),
                    *(c["author_id"] for c in children["review_comments"]),
                    *(m["issued_by_id"] for m in children["minutes_revisions"]),
                    *(r["entered_by_id"] for r in children["survey_responses"])]
        users = _select_in(session, "users", "id", user_ids)
        reference = {"units": units, "reception_points": points, "inspecting_bodies": bodies, "users": users,
                     "checklist_forms": forms, "form_versions": versions, "rounds": rounds, "round_members": members,
                     "staff_members": staff}
        _close_references(session, reference, [visits, *children.values()])
        for u in reference["users"]:  # a package never carries a password
            u["password_hash"] = ""
        reference["user_roles"] = _select_in(session, "user_roles", "user_id", [u["id"] for u in reference["users"]])
        unit_by_id = {x["id"]: x for x in reference["units"]}
        reference["units"].sort(key=lambda u: _depth(u, unit_by_id))
        for name in REFERENCE:
            if name != "staff_members":
                changes.add(name, reference.get(name, []))
        staff = reference["staff_members"]
    changes.add("staff_members", staff)
    changes.add("visits", _parents_first(visits, "previous_visit_id"))
    for name in ("visit_representatives", "answers"):
        changes.add(name, children[name])
    changes.add("answer_staff", staff_links)
    for name in ("evidence", "recommendations", "review_comments", "minutes_revisions", "survey_responses"):
        changes.add(name, children[name])
    changes.add("survey_answers", survey_answers)
    if with_history:
        changes.add(HISTORY, _select_rows(session, HISTORY, table(HISTORY).c.origin == "", order=False))
        changes.rows[HISTORY].sort(key=lambda e: e["seq"] or 0)
    if with_blobs:
        changes.blobs = read_blobs(session, referenced_blobs(changes))
    return changes


def _close_references(session: Session, reference: dict[str, list[dict]], others: list[list[dict]]) -> None:
    """Adds every reference row that the rows collected point to (a body's unit, a user's unit…), to the end."""
    while True:
        wanted: dict[str, set[str]] = {}
        for name, rows in [*reference.items(), *(("visits" if i == 0 else "", r) for i, r in enumerate(others))]:
            if not name:
                continue
            for fk in table(name).foreign_keys:
                target = fk.column.table.name
                if target not in reference or fk.column.name != "id":
                    continue
                wanted.setdefault(target, set()).update(r[fk.parent.name] for r in rows if r.get(fk.parent.name))
        added = False
        for target, ids in wanted.items():
            have = {r["id"] for r in reference[target]}
            more = [r for r in _select_in(session, target, "id", ids - have) if r["id"] not in have]
            if more:
                reference[target] += more
                added = True
        if not added:
            return


def _depth(row: dict, by_id: dict[str, dict]) -> int:
    depth, seen = 0, set()
    while row.get("parent_id") and row["parent_id"] in by_id and row["parent_id"] not in seen:
        seen.add(row["parent_id"])
        row, depth = by_id[row["parent_id"]], depth + 1
    return depth


def _parents_first(rows: list[dict], parent: str) -> list[dict]:
    """Rows that another row here points to (a follow-up's previous visit) come first."""
    by_id = {r["id"]: r for r in rows}
    done: set[str] = set()
    out: list[dict] = []

    def visit(row: dict) -> None:
        if row["id"] in done:
            return
        done.add(row["id"])
        above = by_id.get(row.get(parent) or "")
        if above is not None:
            visit(above)
        out.append(row)

    for row in rows:
        visit(row)
    return out


@open_to_all
def referenced_blobs(changes: Changeset) -> list[str]:
    found = [e["blob_sha256"] for e in changes.rows.get("evidence", [])]
    found += [m["sha256"] for m in changes.rows.get("minutes_revisions", []) if m.get("sha256")]
    found += [v["minutes_sha256"] for v in changes.rows.get("visits", []) if v.get("minutes_sha256")]
    return list(dict.fromkeys(found))


@open_to_all
def read_blobs(session: Session, hashes: Iterable[str]) -> dict[str, bytes]:
    t = table("blobs")
    found: dict[str, bytes] = {}
    for chunk in _chunks(list(dict.fromkeys(hashes)), 50):
        for sha, data in session.execute(sa.select(t.c.sha256, t.c.data).where(t.c.sha256.in_(chunk))):
            found[sha] = bytes(data)
    return found


@open_to_all
def missing_blobs(session: Session, hashes: Iterable[str]) -> list[str]:
    """Which of ``hashes`` this database does not hold."""
    t = table("blobs")
    wanted = list(dict.fromkeys(hashes))
    have: set[str] = set()
    for chunk in _chunks(wanted):
        have.update(session.scalars(sa.select(t.c.sha256).where(t.c.sha256.in_(chunk))))
    return [h for h in wanted if h not in have]


@open_to_all
def store_blobs(session: Session, blobs: Mapping[str, bytes]) -> int:
    """Adds the blobs not here yet (each checked against its SHA-256); how many were added."""
    t = table("blobs")
    added = 0
    for sha in missing_blobs(session, blobs):
        data = blobs[sha]
        if hashlib.sha256(data).hexdigest() != sha:
            raise SyncRefused(f"Tệp {sha[:12]}… nhận được không khớp mã SHA-256 của nó (hỏng khi truyền).")
        session.execute(t.insert().values(sha256=sha, size=len(data), data=data, created_at=utcnow()))
        added += 1
    return added


# --- preview and apply ----------------------------------------------------------------------------------


@dataclass
class PreviewItem:
    table: str
    key: str
    kind: str          # "new" | "changed" | "same" | "conflict"
    summary: str       # Vietnamese
    visit_id: str | None = None


@dataclass
class Preview:
    items: list[PreviewItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"new": 0, "changed": 0, "same": 0, "conflict": 0}
        for item in self.items:
            out[item.kind] += 1
        return out

    def by_table(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for item in self.items:
            out.setdefault(item.table, {"new": 0, "changed": 0, "same": 0, "conflict": 0})[item.kind] += 1
        return out


@dataclass
class ApplyResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    same: int = 0
    conflicts: int = 0      # new conflicts recorded by this apply
    blobs: int = 0
    conflicted_visits: set[str] = field(default_factory=set)

    def written(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for part in (self.inserted, self.updated):
            for name, n in part.items():
                out[name] = out.get(name, 0) + n
        return out


@dataclass
class _Action:
    table: str
    kind: str              # new | changed | same | conflict | kept (reference row left as it is here)
    row: dict
    local: dict | None
    visit_id: str | None


class _Plan:
    def __init__(self) -> None:
        self.actions: list[_Action] = []
        self.removals: list[tuple[str, dict]] = []


def _existing(session: Session, name: str, rows: list[dict]) -> dict[str, dict]:
    keys = key_columns(name)
    t = table(name)
    found: dict[str, dict] = {}
    if len(keys) == 1:
        for row in _select_in(session, name, keys[0], [r[keys[0]] for r in rows]):
            found[row_key(name, row)] = row
    else:  # composite: by the first column, then filtered
        first = keys[0]
        for row in _select_in(session, name, first, [r[first] for r in rows]):
            found[row_key(name, row)] = row
    del t
    return found


def _history_key(row: dict) -> tuple[str, int]:
    return row["origin"], int(row["seq"] or 0)


def _natural_clash(session: Session, name: str, rows: list[dict]) -> None:
    columns = NATURAL.get(name)
    if not columns:
        return
    t = table(name)
    for row in rows:
        where = sa.and_(*(t.c[c] == decode_value(t.c[c], row[c]) for c in columns))
        other = session.execute(sa.select(t.c.id).where(where, t.c.id != decode_value(t.c.id, row["id"]))).first()
        if other is not None:
            what = {"units": "đơn vị mã", "inspecting_bodies": "cơ quan kiểm tra mã", "legal_documents": "văn bản",
                    "users": "người dùng", "checklist_forms": "phiếu mã", "form_versions": "phiên bản phiếu"}[name]
            label = " ".join(str(row[c]) for c in columns if name != "form_versions") or f"số {row['version']}"
            raise SyncRefused(
                f"Hai cơ sở dữ liệu không cùng gốc: {what} {label} có ở cả hai nơi nhưng là hai bản ghi khác nhau. "
                "Không gộp được mà không làm hỏng dữ liệu; hãy tạo cơ sở dữ liệu của máy này từ máy chủ "
                "(inspector sync ĐỊA_CHỈ --database tệp-mới.sqlite) rồi nhập lại công việc. Chưa có gì bị thay đổi.")


def _visit_of(name: str, row: dict, answer_visits: dict[str, str]) -> str | None:
    """The visit a row belongs to; ``answer_visits`` maps answers and survey responses (by id) to their visit."""
    if name == "visits":
        return row["id"]
    if name == "answer_staff":
        return answer_visits.get(row["answer_id"])
    if name == "survey_answers":
        return answer_visits.get(row["response_id"])
    return row.get("visit_id")


def _takes_visit(local_visit: dict | None, peer: str, peer_kind: str, own: str) -> bool:
    """The peer's version of this visit is taken here (module docstring)."""
    if local_visit is None:
        return True
    holder = local_visit.get("checked_out_to")
    if peer_kind == "server":
        return holder not in (None, "", own)
    return holder == peer


def _plan(session: Session, changes: Changeset, peer: str, peer_kind: str) -> _Plan:
    plan = _Plan()
    own = origin_of(session)
    vt = table("visits")
    visit_ids = [r["id"] for r in changes.rows.get("visits", [])]
    holders: dict[str, dict | None] = dict.fromkeys(visit_ids)
    for chunk in _chunks(visit_ids):
        for vid, holder in session.execute(sa.select(vt.c.id, vt.c.checked_out_to).where(
                vt.c.id.in_([uuid.UUID(v) for v in chunk]))):
            holders[vid.hex] = {"checked_out_to": holder}
    taking = {vid: _takes_visit(local, peer, peer_kind, own) for vid, local in holders.items()}
    answer_visits = {a["id"]: a["visit_id"] for a in changes.rows.get("answers", [])}
    missing_answers = [s["answer_id"] for s in changes.rows.get("answer_staff", []) if s["answer_id"] not in answer_visits]
    for a in _select_in(session, "answers", "id", missing_answers):
        answer_visits[a["id"]] = a["visit_id"]
    answer_visits.update({r["id"]: r["visit_id"] for r in changes.rows.get("survey_responses", [])})
    missing_responses = [a["response_id"] for a in changes.rows.get("survey_answers", [])
                         if a["response_id"] not in answer_visits]
    for r in _select_in(session, "survey_responses", "id", missing_responses):
        answer_visits[r["id"]] = r["visit_id"]

    for name, rows in changes.ordered():
        if name == HISTORY:
            _plan_history(session, changes, rows, own, plan)
            continue
        if name in REFERENCE:
            _natural_clash(session, name, rows)
        existing = _existing(session, name, rows)
        for row in rows:
            local = existing.get(row_key(name, row))
            visit_id = _visit_of(name, row, answer_visits) if name in VISIT_TABLES else None
            if local is None:
                if name in VISIT_TABLES and visit_id in taking and not taking[visit_id]:
                    kind = "conflict"  # a row added to a visit held here
                else:
                    kind = "new"
            elif {c: local.get(c) for c in row} == row:
                kind = "same"
            elif name in REFERENCE:
                kind = "changed" if peer_kind == "server" else "kept"
            elif visit_id is not None and visit_id in taking and not taking[visit_id]:
                kind = "conflict"
            elif visit_id is not None and visit_id not in taking and not _takes_visit(
                    _holder(session, visit_id), peer, peer_kind, own):
                kind = "conflict"
            else:
                kind = "changed"
            plan.actions.append(_Action(name, kind, row, local, visit_id))
    # the replaced sets of visits taken whole: rows here that the source no longer has
    for name in REPLACED:
        whole = [v for v in changes.visits if taking.get(v)]
        if not whole:
            continue
        incoming = {row_key(name, r) for r in changes.rows.get(name, [])}
        if name == "answer_staff":
            here_answers = [a["id"] for a in _select_in(session, "answers", "visit_id", whole)]
            here = _select_in(session, name, "answer_id", here_answers)
        else:
            here = _select_in(session, name, "visit_id", whole)
        plan.removals += [(name, r) for r in here if row_key(name, r) not in incoming]
    return plan


def _holder(session: Session, visit_id: str) -> dict | None:
    vt = table("visits")
    found = session.execute(sa.select(vt.c.checked_out_to).where(vt.c.id == uuid.UUID(visit_id))).first()
    return None if found is None else {"checked_out_to": found[0]}


def _plan_history(session: Session, changes: Changeset, rows: list[dict], own: str, plan: _Plan) -> None:
    t = table(HISTORY)
    by_origin: dict[str, list[dict]] = {}
    for row in rows:
        origin = row.get("origin") or changes.origin
        if origin == own:
            continue  # our own chain, come back: we hold it already
        by_origin.setdefault(origin, []).append({**row, "origin": origin})
    for origin, events in by_origin.items():
        seqs = [int(e["seq"] or 0) for e in events]
        here: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(seqs):
            for seq, hash_, id_ in session.execute(sa.select(t.c.seq, t.c.hash, t.c.id).where(
                    t.c.origin == origin, t.c.seq.in_(chunk))):
                here[seq] = (hash_, id_.hex)
        for event in events:
            stored = here.get(int(event["seq"] or 0))
            if stored is None:
                kind = "new"
            elif stored == (event["hash"], event["id"]):
                kind = "same"
            else:
                kind = "conflict"
            plan.actions.append(_Action(HISTORY, kind, event, None, None))


def _summary(session: Session, action: _Action) -> str:
    """One line in the user's words: statuses and results by their labels, days as dd/mm/yyyy."""
    from inspector.services.history import _day, _rec_status, _result, _status
    from inspector.store.models import ReceptionPoint

    row = action.row
    words = TABLE_WORDS.get(action.table, action.table)
    if action.table == "visits":
        point_id = row.get("reception_point_id")
        point = session.get(ReceptionPoint, uuid.UUID(str(point_id))) if point_id else None
        where = f" tại {point.name}" if point is not None else ""
        return f"{words}{where} ngày {_day(row.get('planned_date'))} ({_status(row.get('status'))})"
    if action.table == "answers":
        return f"{words} nội dung {row.get('item_code')}: {_result(row.get('result'))}"
    if action.table == "recommendations":
        return f"{words}: {str(row.get('text', ''))[:60]} ({_rec_status(row.get('status'))})"
    if action.table == HISTORY:
        return f"{words} số {row.get('seq')} ({row.get('action')})"
    for name in ("name", "full_name", "username", "code", "title", "number"):
        if row.get(name):
            return f"{words}: {row[name]}"
    return f"{words} {row_key(action.table, row)[:8]}"


@open_to_all
def preview(session: Session, changeset: Changeset, *, peer_kind: str = "package") -> Preview:
    """What :func:`apply` would do, row by row, changing nothing."""
    plan = _plan(session, changeset, changeset.origin, peer_kind)
    items = [PreviewItem(a.table, row_key(a.table, a.row) if a.table != HISTORY else a.row["id"],
                         "same" if a.kind == "kept" else a.kind, _summary(session, a), a.visit_id)
             for a in plan.actions]
    return Preview(items)


@allowed(SIGNED_IN)
def apply(session: Session, changeset: Changeset, *, peer: str, peer_kind: str, user_id: uuid.UUID | None) -> ApplyResult:
    """Upsert the changeset here, by key, in the caller's transaction (module docstring); conflicts are kept in
    sync_conflicts. Idempotent: applying it again changes nothing and records no second conflict."""
    return apply_unchecked(session, changeset, peer=peer, peer_kind=peer_kind)


def apply_unchecked(session: Session, changeset: Changeset, *, peer: str, peer_kind: str) -> ApplyResult:
    """:func:`apply` without the acting user's check (services.sync.engine checked who syncs)."""
    result = ApplyResult()
    if changeset.blobs:
        result.blobs = store_blobs(session, changeset.blobs)
    plan = _plan(session, changeset, peer, peer_kind)
    inserts: dict[str, list[dict]] = {}
    for action in plan.actions:
        name = action.table
        if action.kind == "same" or action.kind == "kept":
            result.same += 1
        elif action.kind == "new":
            inserts.setdefault(name, []).append(action.row)
        elif action.kind == "changed":
            _flush_inserts(session, inserts, result)
            _update(session, name, action.row)
            result.updated[name] = result.updated.get(name, 0) + 1
        elif action.kind == "conflict":
            if _keep_conflict(session, action, peer):
                result.conflicts += 1
            if action.visit_id:
                result.conflicted_visits.add(action.visit_id)
    _flush_inserts(session, inserts, result)
    for name, row in plan.removals:
        t = table(name)
        session.execute(t.delete().where(*(t.c[c] == decode_value(t.c[c], row[c]) for c in key_columns(name))))
        result.removed[name] = result.removed.get(name, 0) + 1
    return result


def _flush_inserts(session: Session, inserts: dict[str, list[dict]], result: ApplyResult) -> None:
    """Inserts in table order (a batch per table), before any update that may point to them."""
    for name in ORDER:
        rows = inserts.pop(name, None)
        if not rows:
            continue
        t = table(name)
        decoded = [decode_row(name, r) for r in rows]
        if name == "visits":
            for r in decoded:  # counts start at 0: the answers' triggers count them in
                r["checked_count"], r["failed_count"] = 0, 0
        if name == "users":
            for r in decoded:
                r.setdefault("failed_attempts", 0)
        for chunk in _chunks(decoded, 1000):
            session.execute(t.insert(), chunk)
        result.inserted[name] = result.inserted.get(name, 0) + len(rows)


def _update(session: Session, name: str, row: dict) -> None:
    t = table(name)
    keys = key_columns(name)
    values = {c: v for c, v in decode_row(name, row).items() if c not in keys}
    if "updated_at" in t.c and "updated_at" not in values:
        values["updated_at"] = t.c.updated_at  # no onupdate stamp: the row is the source's, as it was
    session.execute(t.update().where(*(t.c[c] == decode_value(t.c[c], row[c]) for c in keys)).values(**values))


def _keep_conflict(session: Session, action: _Action, peer: str) -> bool:
    """Record the conflict once (the same remote version of the same row from the same peer is not recorded twice)."""
    t = table("sync_conflicts")
    entity_id = row_key(action.table, action.row) if action.table != HISTORY else \
        f"{action.row['origin']}:{action.row['seq']}"
    remote = json.loads(_json(action.row))
    for (stored,) in session.execute(sa.select(t.c.remote).where(
            t.c.entity_type == action.table, t.c.entity_id == entity_id, t.c.peer == peer)):
        if stored == remote:
            return False
    session.execute(t.insert().values(
        id=uuid.uuid4(), entity_type=action.table, entity_id=entity_id,
        visit_id=uuid.UUID(action.visit_id) if action.visit_id else None, peer=peer,
        local=json.loads(_json(action.local)) if action.local is not None else None, remote=remote,
        detected_at=utcnow(), resolution=""))
    return True


# --- comparing databases ------------------------------------------------------------------------------


@open_to_all
def table_hashes(db: Any) -> dict[str, str]:
    """SHA-256 of each table's rows ordered by key, without the purely local columns (NOT_HASHED): two databases
    that hold the same data have the same hashes. ``db``: a Database or a Session."""
    from inspector.store.db import Database

    if isinstance(db, Database):
        with db.read() as session:
            return table_hashes(session)
    session: Session = db
    out: dict[str, str] = {}
    for name in HASHED:
        t = table(name)
        skip = NOT_HASHED.get(name, frozenset())
        columns = [c for c in t.columns if c.name not in skip]
        digest = hashlib.sha256()
        rows = session.execute(sa.select(*columns)).mappings()
        encoded = sorted((row_key(name, r), _json({c.name: encode_value(r[c.name]) for c in columns})) for r in rows)
        for key, text in encoded:
            digest.update(key.encode() + b"\0" + text.encode() + b"\n")
        out[name] = digest.hexdigest()
    return out
