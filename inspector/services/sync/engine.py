"""Laptop ↔ server sync (issue 14): ``sync(local, server, user_id=…)``, ``clone``, ``checkout``/``checkin``.

One run, in this order (each step in batches; a batch is one transaction on the receiving side):

1. First contact: the two databases must come from one another. A laptop whose catalogue or users have the same
   natural key as the server's (a username, a unit code, a form's code) under another id is refused before
   anything is written (SyncRefused, in Vietnamese). A laptop starts from the server: ``clone`` (``inspector sync
   URL --database new.sqlite``) makes the schema and pulls everything.
2. Push history: this laptop's own chain (origin "" here) goes to the server under the laptop's origin, unchanged
   (same seq, same hashes), from the last seq the server acknowledged (watermark ``history_push``).
3. Push visits: the visits this laptop holds (``checked_out_to`` NULL here), each whole with its blobs (only those
   the server lacks: content-addressed), when their digest differs from the one last acknowledged (watermark
   ``push``: visit → digest). On the server the laptop's version is taken while the visit is checked out to it (or
   new there); otherwise a differing row is kept as a conflict (services.sync.changes). A visit still being worked
   on (planned, in progress, returned) stays checked out to the laptop; one submitted or beyond is checked in (the
   server holds it: the supervisor approves, the clerk numbers there), as is one with a conflict.
4. Pull reference data (catalogue, legal register, forms, users with their password hashes only, their roles,
   rounds and members): the server's copy wins. Roles and members removed on the server go here too.
5. Pull visits: those of the rounds the user is in, those with open recommendations and those this laptop had,
   that are new here or changed on the server since the last pull (watermark ``pull``, with an hour's margin for
   the office desktops' clocks), with their results and blobs — except the ones this laptop holds.
6. Pull history: every chain the server has (its own under its origin) but this laptop's own.

Why it converges: every write is an upsert by a key that is the same everywhere; blobs are keyed by their hash;
history is added by (origin, seq). A watermark advances only in a local transaction after the batch it covers was
committed on the other side, so a run killed anywhere repeats at most the last batch, whose rows are then "same".
The check-out state (purely local columns) is set idempotently after each batch. A second run after an interrupted
one reaches exactly the state of one uninterrupted run (tests/test_sync_kill.py compares ``table_hashes``).

History from several machines: every database has its own chain; a copy of another machine's chain is stored
under that machine's origin, byte for byte, so services.verify checks each chain by itself (hashes, links, no gap
per origin) and replays all of them together for the data (by time within an entity: a visit is edited on one
machine at a time, so its events from different machines do not interleave). Anchors name a place in their own
database's chain ("" here), so they stay valid.

``INSPECTOR_SYNC_KILL_AT=N`` (tests only): the process kills itself (SIGKILL) at its N-th step (before and after
every commit on either side); ``INSPECTOR_SYNC_BATCH`` sets the visits per batch.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.workflow import VisitStatus
from inspector.services.access import SIGNED_IN, AccessDenied, allowed, open_to_all, require
from inspector.services.sync import changes as ch
from inspector.services.sync.changes import Changeset, SyncRefused
from inspector.store.db import Database, display_url
from inspector.store.models import (
    Answer,
    AuditEvent,
    Evidence,
    MinutesRevision,
    Recommendation,
    ReviewComment,
    RoundMember,
    SyncConflict,
    SyncPeer,
    User,
    Visit,
    VisitRepresentative,
)
from inspector.store.types import utcnow

PULL_MARGIN = timedelta(hours=1)
HISTORY_BATCH = 500
KEPT_OUT = (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.RETURNED)


@dataclass
class SyncProgress:
    phase: str      # "pull" | "push" | "blobs" | "history"
    table: str
    done: int
    total: int


@dataclass
class SyncReport:
    pulled: dict[str, int] = field(default_factory=dict)
    pushed: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    conflicts: int = 0
    checked_in: int = 0
    checked_out: int = 0
    history_pushed: int = 0
    history_pulled: int = 0
    server: str = ""

    def summary(self) -> str:
        pushed, pulled = sum(self.pushed.values()), sum(self.pulled.values())
        text = (f"Đã đồng bộ với {self.server}: gửi {pushed} dòng dữ liệu và {self.history_pushed} sự kiện nhật ký, "
                f"nhận {pulled} dòng và {self.history_pulled} sự kiện, {self.blobs} tệp ảnh/biên bản.")
        if self.checked_in:
            text += f" {self.checked_in} buổi kiểm tra đã trả về máy chủ."
        if self.conflicts:
            text += f" {self.conflicts} chỗ xung đột cần người duyệt xử lý."
        return text


class SyncStopped(Exception):
    """The stop event was set: what was committed stays, the next sync goes on from there."""


class SyncFailed(Exception):
    """The sync could not finish (message in Vietnamese); what was committed stays, nothing is half-written."""


# --- test hooks -------------------------------------------------------------------------------------------

_steps = 0


def _step() -> None:
    """A point where a test may kill the process (INSPECTOR_SYNC_KILL_AT)."""
    global _steps
    at = os.environ.get("INSPECTOR_SYNC_KILL_AT")
    if not at:
        return
    _steps += 1
    if _steps >= int(at):
        os.kill(os.getpid(), signal.SIGKILL)


def _batch_size() -> int:
    return max(1, int(os.environ.get("INSPECTOR_SYNC_BATCH", "10")))


# --- the run ----------------------------------------------------------------------------------------------


class _Run:
    def __init__(self, local: Database, server: Database, user_id: uuid.UUID,
                 progress: Callable[[SyncProgress], None] | None, stop: threading.Event | None) -> None:
        self.local, self.server, self.user_id = local, server, user_id
        self.progress, self.stop = progress, stop
        self.report = SyncReport(server=server.name)
        with local.session() as session:
            self.local_origin = ch.origin_of(session)
        with server.session() as session:
            self.server_origin = ch.origin_of(session)
        if self.local_origin == self.server_origin:
            raise SyncRefused("Máy này và máy chủ là cùng một cơ sở dữ liệu: không có gì để đồng bộ.")

    # helpers
    def tell(self, phase: str, table: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(phase, table, done, total))

    def check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise SyncStopped("Đã dừng đồng bộ; phần đã gửi/nhận được giữ nguyên, lần sau làm tiếp.")

    def marks(self) -> dict[str, Any]:
        with self.local.read() as session:
            peer = session.get(SyncPeer, self.server_origin)
            return dict(peer.marks or {}) if peer is not None else {}

    def set_marks(self, session: Session, **updates: Any) -> None:
        peer = session.get(SyncPeer, self.server_origin)
        marks = dict(peer.marks or {})
        for key, value in updates.items():
            if isinstance(value, dict) and isinstance(marks.get(key), dict):
                marks[key] = {**marks[key], **value}
            else:
                marks[key] = value
        peer.marks = marks

    # 0. peers
    def meet(self) -> None:
        now = utcnow()
        with self.local.session() as session:
            peer = session.get(SyncPeer, self.server_origin)
            if peer is None:
                peer = SyncPeer(origin=self.server_origin, kind="server", first_seen=now, marks={})
                session.add(peer)
            peer.name = peer.url = display_url(self.server.url or self.server.name)[:200]
            peer.last_seen = now
        with self.server.session() as session:
            peer = session.get(SyncPeer, self.local_origin)
            if peer is None:
                peer = SyncPeer(origin=self.local_origin, kind="laptop", first_seen=now, marks={})
                session.add(peer)
            who = session.get(User, self.user_id)
            peer.name = f"{socket.gethostname()[:80]}" + (f" ({who.full_name})" if who is not None else "")
            peer.last_seen = now

    # 1. first contact
    def first_contact(self) -> None:
        for name, columns in ch.NATURAL.items():
            t = ch.table(name)
            query = sa.select(t.c.id, *(t.c[c] for c in columns))
            with self.server.read() as session:
                theirs = {tuple(r[1:]): r[0] for r in session.execute(query)}
            with self.local.read() as session:
                ours = {tuple(r[1:]): r[0] for r in session.execute(query)}
            for natural, local_id in ours.items():
                other = theirs.get(natural)
                if other is not None and other != local_id:
                    what = {"units": "đơn vị mã", "inspecting_bodies": "cơ quan kiểm tra mã", "legal_documents":
                            "văn bản", "users": "người dùng", "checklist_forms": "phiếu mã",
                            "form_versions": "phiên bản phiếu"}[name]
                    label = " ".join(str(v) for v in natural)
                    raise SyncRefused(
                        f"Cơ sở dữ liệu trên máy này không được tạo từ máy chủ: {what} {label} có ở cả hai nơi nhưng là "
                        "hai bản ghi khác nhau. Đồng bộ sẽ làm hỏng dữ liệu nên đã dừng, chưa có gì bị thay đổi. Hãy tạo "
                        "cơ sở dữ liệu cho máy này từ máy chủ: inspector sync ĐỊA_CHỈ --database tệp-mới.sqlite")

    # 2. push history
    def push_history(self) -> None:
        marks = self.marks().get("history_push", {})
        with self.local.read() as session:
            origins = [o for o in session.scalars(sa.select(AuditEvent.origin).distinct()) if o != self.server_origin]
        for origin in origins:
            as_origin = origin or self.local_origin
            done = int(marks.get(as_origin, 0))
            with self.local.read() as session:
                total = session.scalar(sa.select(sa.func.max(AuditEvent.seq)).where(AuditEvent.origin == origin)) or 0
            while done < total:
                self.check_stop()
                upto = done + HISTORY_BATCH
                events = self._events(self.local, origin, done, upto)
                cs = Changeset(origin=self.local_origin if origin == "" else origin,
                               rows={ch.HISTORY: events})
                with self.server.session() as session:
                    result = ch.apply_unchecked(session, cs, peer=self.local_origin, peer_kind="laptop")
                    _step()
                _step()
                self.report.history_pushed += result.inserted.get(ch.HISTORY, 0)
                self.report.conflicts += result.conflicts
                done = min(upto, total)
                with self.local.session() as session:
                    self.set_marks(session, history_push={as_origin: done})
                _step()
                self.tell("history", "audit_events", done, total)

    @staticmethod
    def _events(db: Database, origin: str, after: int, upto: int) -> list[dict]:
        t = ch.table(ch.HISTORY)
        with db.read() as session:
            rows = session.execute(sa.select(t).where(t.c.origin == origin, t.c.seq > after, t.c.seq <= upto)
                                   .order_by(t.c.seq)).mappings()
            out = [ch.encode_row(ch.HISTORY, r) for r in rows]
        for event in out:  # the source's own chain travels as "", any other under its name
            event["origin"] = origin
        return out

    # 3. push visits
    def held_here(self) -> list[str]:
        with self.local.read() as session:
            return [v.hex for v in session.scalars(sa.select(Visit.id).where(
                sa.or_(Visit.checked_out_to.is_(None), Visit.checked_out_to == self.local_origin))
                .order_by(Visit.created_at, Visit.id))]

    def push_visits(self) -> None:
        pushed = self.marks().get("push", {})
        held = self.held_here()
        todo: list[tuple[str, str]] = []
        with self.local.read() as session:
            for chunk in _chunks(held, 200):
                cs = ch.collect_visits(session, chunk, with_blobs=False, with_reference=False, with_history=False)
                for vid, digest in _digests(cs).items():
                    if pushed.get(vid) != digest:
                        todo.append((vid, digest))
        with self.local.read() as session:
            order = _parents_first(session, [vid for vid, _ in todo])
        todo.sort(key=lambda item: order[item[0]])
        total = len(todo)
        for start in range(0, total, _batch_size()):
            self.check_stop()
            batch = todo[start:start + _batch_size()]
            ids = [vid for vid, _ in batch]
            with self.local.read() as session:
                cs = ch.collect_visits(session, ids, with_blobs=False, with_reference=True, with_history=False)
                digests = _digests(cs)
                wanted = ch.referenced_blobs(cs)
            # blobs first, each batch its own transaction on the server (content-addressed: safe to repeat)
            with self.server.read() as session:
                missing = ch.missing_blobs(session, wanted)
            for blob_chunk in _chunks(missing, 20):
                with self.local.read() as session:
                    data = ch.read_blobs(session, blob_chunk)
                with self.server.session() as session:
                    self.report.blobs += ch.store_blobs(session, data)
                    _step()
                self.tell("blobs", "blobs", self.report.blobs, len(missing))
            with self.server.session() as session:
                result = ch.apply_unchecked(session, cs, peer=self.local_origin, peer_kind="laptop")
                checked_in = self._settle_checkout_on_server(session, ids, result.conflicted_visits)
                _step()
            _step()
            for name, n in result.written().items():
                if name in ch.VISIT_TABLES or name == "staff_members":
                    self.report.pushed[name] = self.report.pushed.get(name, 0) + n
            self.report.conflicts += result.conflicts
            self.report.checked_in += len(checked_in)
            with self.local.session() as session:
                for vid in checked_in:
                    session.execute(sa.update(Visit).where(Visit.id == uuid.UUID(vid)).values(
                        checked_out_to=self.server_origin, updated_at=Visit.updated_at))
                self.set_marks(session, push={vid: digests.get(vid, "") for vid in ids})
            _step()
            self.tell("push", "visits", min(start + len(batch), total), total)

    def _settle_checkout_on_server(self, session: Session, ids: list[str], conflicted: set[str]) -> list[str]:
        """Visits still being worked on stay with the laptop; the others come home (the server holds them)."""
        checked_in = []
        for vid in ids:
            visit_id = uuid.UUID(vid)
            status, holder = session.execute(sa.select(Visit.status, Visit.checked_out_to)
                                             .where(Visit.id == visit_id)).one()
            if holder not in (None, self.local_origin):
                checked_in.append(vid)  # held by another machine meanwhile: the laptop's copy is for reading
                continue
            if VisitStatus(status) in KEPT_OUT and vid not in conflicted:
                if holder != self.local_origin:
                    session.execute(sa.update(Visit).where(Visit.id == visit_id).values(
                        checked_out_to=self.local_origin, checked_out_by_id=self.user_id, checked_out_at=utcnow(),
                        updated_at=Visit.updated_at))
            else:
                if holder is not None:
                    session.execute(sa.update(Visit).where(Visit.id == visit_id).values(
                        checked_out_to=None, checked_out_by_id=None, checked_out_at=None, updated_at=Visit.updated_at))
                checked_in.append(vid)
        return checked_in

    # 4. pull reference data
    def pull_reference(self) -> None:
        names = [n for n in ch.REFERENCE]
        for i, name in enumerate(names):
            self.check_stop()
            with self.server.read() as session:
                rows = ch._select_rows(session, name, order=True)
            if name == "units":
                by_id = {r["id"]: r for r in rows}
                rows.sort(key=lambda u: ch._depth(u, by_id))
            cs = Changeset(origin=self.server_origin, rows={name: rows})
            with self.local.session() as session:
                result = ch.apply_unchecked(session, cs, peer=self.server_origin, peer_kind="server")
                if name in ("user_roles", "round_members"):
                    self._remove_gone(session, name, rows)
            _step()
            written = sum(result.written().values())
            if written:
                self.report.pulled[name] = self.report.pulled.get(name, 0) + written
            self.tell("pull", name, i + 1, len(names))

    @staticmethod
    def _remove_gone(session: Session, name: str, rows: list[dict]) -> None:
        """Roles and round members removed on the server (their users and rounds are the server's)."""
        t = ch.table(name)
        keep = {ch.row_key(name, r) for r in rows}
        for row in session.execute(sa.select(t)).mappings():
            encoded = ch.encode_row(name, row)
            if ch.row_key(name, encoded) not in keep:
                session.execute(t.delete().where(*(t.c[c] == row[c] for c in ch.key_columns(name))))

    # 5. pull visits
    def pull_visits(self) -> None:
        marks = self.marks()
        since = marks.get("pull")
        with self.server.read() as session:
            started = utcnow()
            scope = self._scope(session)
            changed = self._changed_since(session, scope, datetime.fromisoformat(since) - PULL_MARGIN) if since \
                else set(scope)
        with self.local.read() as session:
            here = {v.hex for v in session.scalars(sa.select(Visit.id))}
            held = set(self.held_here())
        todo = sorted(v for v in scope if (v not in here or v in changed) and v not in held)
        with self.server.read() as session:
            order = _parents_first(session, todo)
        todo.sort(key=order.__getitem__)
        total = len(todo)
        for start in range(0, total, _batch_size()):
            self.check_stop()
            ids = todo[start:start + _batch_size()]
            with self.server.read() as session:
                cs = ch.collect_visits(session, ids, with_blobs=False, with_reference=False, with_history=False)
                holders = dict(session.execute(sa.select(Visit.id, Visit.checked_out_to).where(
                    Visit.id.in_([uuid.UUID(v) for v in ids]))).all())
            with self.local.read() as session:
                missing = ch.missing_blobs(session, ch.referenced_blobs(cs))
            for blob_chunk in _chunks(missing, 20):
                with self.server.read() as session:
                    data = ch.read_blobs(session, blob_chunk)
                with self.local.session() as session:
                    self.report.blobs += ch.store_blobs(session, data)
                _step()
            with self.local.session() as session:
                result = ch.apply_unchecked(session, cs, peer=self.server_origin, peer_kind="server")
                for visit_id, holder in holders.items():
                    mine = None if holder == self.local_origin else (holder or self.server_origin)
                    session.execute(sa.update(Visit).where(Visit.id == visit_id)
                                    .values(checked_out_to=mine, updated_at=Visit.updated_at))
            _step()
            for name, n in result.written().items():
                self.report.pulled[name] = self.report.pulled.get(name, 0) + n
            self.report.conflicts += result.conflicts
            self.tell("pull", "visits", min(start + len(ids), total), total)
        with self.local.session() as session:
            self.set_marks(session, pull=started.isoformat())
        _step()

    def _scope(self, session: Session) -> list[str]:
        """The server's visits this laptop gets: its user's rounds, open recommendations, and those it had."""
        rounds = sa.select(RoundMember.round_id).where(RoundMember.user_id == self.user_id)
        mine = sa.select(Visit.id).where(sa.or_(
            Visit.round_id.in_(rounds), Visit.created_by_id == self.user_id,
            Visit.checked_out_to == self.local_origin,
            Visit.id.in_(sa.select(Recommendation.visit_id).where(Recommendation.status.in_(("open", "in_progress")),
                                                                 Recommendation.deleted_at.is_(None)))))
        found = {v.hex for v in session.scalars(mine)}
        with self.local.read() as local:
            found |= {v.hex for v in local.scalars(sa.select(Visit.id))}
        # a follow-up's previous visit comes along (the foreign key)
        pending = list(found)
        while pending:
            more = set()
            for chunk in _chunks(pending, 500):
                more |= {v.hex for v in session.scalars(sa.select(Visit.previous_visit_id).where(
                    Visit.id.in_([uuid.UUID(v) for v in chunk]), Visit.previous_visit_id.is_not(None)))}
            pending = list(more - found)
            found |= more
        existing = set()
        for chunk in _chunks(list(found), 500):
            existing |= {v.hex for v in session.scalars(sa.select(Visit.id).where(
                Visit.id.in_([uuid.UUID(v) for v in chunk])))}
        return sorted(existing)

    @staticmethod
    def _changed_since(session: Session, scope: list[str], since: datetime) -> set[str]:
        changed: set[str] = set()
        ids = [uuid.UUID(v) for v in scope]
        for chunk in _chunks(ids, 500):
            changed |= {v.hex for v in session.scalars(sa.select(Visit.id).where(
                Visit.id.in_(chunk), Visit.updated_at > since))}
            for model in (VisitRepresentative, Answer, Evidence, Recommendation, ReviewComment, MinutesRevision):
                changed |= {v.hex for v in session.scalars(sa.select(model.visit_id).distinct().where(
                    model.visit_id.in_(chunk), model.updated_at > since))}
        return changed

    # 6. pull history
    def pull_history(self) -> None:
        marks = self.marks().get("history_pull", {})
        with self.server.read() as session:
            chains = dict(session.execute(sa.select(AuditEvent.origin, sa.func.max(AuditEvent.seq))
                                          .group_by(AuditEvent.origin)).all())
        for origin, total in chains.items():
            as_origin = origin or self.server_origin
            if as_origin == self.local_origin:
                continue
            done = int(marks.get(as_origin, 0))
            total = total or 0
            while done < total:
                self.check_stop()
                upto = done + HISTORY_BATCH
                events = self._events(self.server, origin, done, upto)
                cs = Changeset(origin=self.server_origin, rows={ch.HISTORY: events})
                with self.local.session() as session:
                    result = ch.apply_unchecked(session, cs, peer=self.server_origin, peer_kind="server")
                    done = min(upto, total)
                    self.set_marks(session, history_pull={as_origin: done})
                _step()
                self.report.history_pulled += result.inserted.get(ch.HISTORY, 0)
                self.tell("history", "audit_events", done, total)

    def finish(self) -> None:
        now = utcnow()
        with self.local.session() as session:
            peer = session.get(SyncPeer, self.server_origin)
            peer.last_pull_at = peer.last_push_at = now
        with self.server.session() as session:
            peer = session.get(SyncPeer, self.local_origin)
            peer.last_pull_at = peer.last_push_at = now


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _parents_first(session: Session, ids: list[str]) -> dict[str, int]:
    """A place for each visit so that a follow-up's previous visit goes first (a batch's foreign keys hold)."""
    previous: dict[str, str] = {}
    for chunk in _chunks(ids, 500):
        for vid, prev in session.execute(sa.select(Visit.id, Visit.previous_visit_id).where(
                Visit.id.in_([uuid.UUID(v) for v in chunk]), Visit.previous_visit_id.is_not(None))):
            previous[vid.hex] = prev.hex
    depth: dict[str, int] = {}

    def depth_of(vid: str) -> int:
        if vid not in depth:
            depth[vid] = 0  # a loop (never made by the app) ends here
            prev = previous.get(vid)
            depth[vid] = depth_of(prev) + 1 if prev in ids_set else 0
        return depth[vid]

    ids_set = set(ids)
    return {vid: (depth_of(vid), n) for n, vid in enumerate(ids)}  # type: ignore[misc]


def _digests(cs: Changeset) -> dict[str, str]:
    """Per visit, a SHA-256 of all its rows (what the push watermark remembers)."""
    answer_visit = {a["id"]: a["visit_id"] for a in cs.rows.get("answers", [])}
    answer_visit.update({r["id"]: r["visit_id"] for r in cs.rows.get("survey_responses", [])})
    parts: dict[str, list[str]] = {v: [] for v in cs.visits}
    for name in ch.VISIT_TABLES:
        for row in cs.rows.get(name, []):
            vid = ch._visit_of(name, row, answer_visit)
            if vid in parts:
                parts[vid].append(name + ":" + ch._json(row))
    return {vid: hashlib.sha256("\n".join(sorted(p)).encode()).hexdigest() for vid, p in parts.items()}


def _open_server(server: str | Database) -> tuple[Database, bool]:
    if isinstance(server, Database):
        return server, False
    from inspector.store.server import open_server

    db, _ = open_server(server)
    return db, True


def _check_user(server: Database, user_id: uuid.UUID | None) -> None:
    with server.read() as session:
        try:
            require(session, user_id)
        except AccessDenied as exc:
            raise SyncRefused(f"Máy chủ không nhận người đồng bộ: {exc}") from exc


def _failed(exc: BaseException, server: Database) -> SyncFailed:
    from inspector.store.server import connection_problem

    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) and server.is_server:
        message = str(connection_problem(exc, server.url or ""))
        message = message.replace("Không mở được cơ sở dữ liệu", "Đồng bộ bị gián đoạn: không làm việc được với cơ sở dữ liệu")
        return SyncFailed(message.replace("Dữ liệu không bị thay đổi.",
                                          "Phần đã đồng bộ được giữ nguyên; chạy lại đồng bộ để làm tiếp."))
    return SyncFailed(f"Đồng bộ không hoàn tất: {exc}. Phần đã đồng bộ được giữ nguyên; chạy lại để làm tiếp.")


@open_to_all
def sync(local: Database, server: str | Database, *, user_id: uuid.UUID | None,
         progress: Callable[[SyncProgress], None] | None = None, stop: threading.Event | None = None) -> SyncReport:
    """One sync of this laptop's database with the server (module docstring). Raises SyncStopped when ``stop`` is
    set, SyncRefused (databases not of one origin, user unknown to the server), SyncFailed otherwise.

    The acting user is checked on the server (an active user there); the local database may be empty (a clone)."""
    server_db, opened = _open_server(server)
    try:
        _check_user(server_db, user_id)
        assert user_id is not None
        run = _Run(local, server_db, user_id, progress, stop)
        try:
            run.first_contact()
            run.meet()
            run.push_history()
            run.push_visits()
            run.pull_reference()
            run.pull_visits()
            run.pull_history()
            run.finish()
        except (SyncStopped, SyncRefused, SyncFailed):
            raise
        except (sa.exc.SQLAlchemyError, OSError) as exc:
            raise _failed(exc, server_db) from exc
        return run.report
    finally:
        if opened:
            server_db.dispose()


@open_to_all
def clone(path: Path, server: str | Database, *, user_id: uuid.UUID | None,
          progress: Callable[[SyncProgress], None] | None = None,
          stop: threading.Event | None = None) -> tuple[Database, SyncReport]:
    """A new laptop database at ``path`` made from the server: the schema, then everything a sync pulls."""
    from inspector.store.migrate import open_database

    path = Path(path)
    if path.exists():
        raise SyncRefused(f"Tệp {path} đã có; hãy chọn tên tệp mới cho cơ sở dữ liệu lấy từ máy chủ.")
    db, _ = open_database(path, create=True)
    try:
        return db, sync(db, server, user_id=user_id, progress=progress, stop=stop)
    except BaseException:
        db.dispose()
        raise


@open_to_all
def checkout(local: Database, server: str | Database, visit_ids: Iterable[uuid.UUID], *,
             user_id: uuid.UUID | None) -> int:
    """Take visits held by the server to this laptop for editing (refused when another machine holds one)."""
    from inspector.services.sync.checkout import held_elsewhere

    server_db, opened = _open_server(server)
    try:
        _check_user(server_db, user_id)
        run = _Run(local, server_db, user_id, None, None)  # type: ignore[arg-type]
        run.meet()
        ids = [uuid.UUID(str(v)) for v in visit_ids]
        with server_db.session() as session:
            for visit_id in ids:
                visit = session.get(Visit, visit_id)
                if visit is None:
                    raise SyncRefused("Máy chủ không có buổi kiểm tra này.")
                if visit.checked_out_to == run.local_origin:
                    continue
                message = held_elsewhere(session, visit)
                if message is not None:
                    raise SyncRefused(message)
                visit.checked_out_to, visit.checked_out_by_id, visit.checked_out_at = \
                    run.local_origin, user_id, utcnow()
        with server_db.read() as session:
            cs = ch.collect_visits(session, ids, with_blobs=True, with_reference=False, with_history=False)
        with local.session() as session:
            ch.apply_unchecked(session, cs, peer=run.server_origin, peer_kind="server")
            session.execute(sa.update(Visit).where(Visit.id.in_(ids)).values(
                checked_out_to=None, updated_at=Visit.updated_at))
        return len(ids)
    finally:
        if opened:
            server_db.dispose()


@open_to_all
def checkin(local: Database, server: str | Database, visit_ids: Iterable[uuid.UUID], *,
            user_id: uuid.UUID | None) -> int:
    """Give visits this laptop holds back to the server: pushed (with history), then held by the server."""
    server_db, opened = _open_server(server)
    try:
        _check_user(server_db, user_id)
        report = sync(local, server_db, user_id=user_id)
        run = _Run(local, server_db, user_id, None, None)  # type: ignore[arg-type]
        ids = [uuid.UUID(str(v)) for v in visit_ids]
        with server_db.session() as session:
            session.execute(sa.update(Visit).where(Visit.id.in_(ids), Visit.checked_out_to == run.local_origin)
                            .values(checked_out_to=None, checked_out_by_id=None, checked_out_at=None,
                                    updated_at=Visit.updated_at))
        with local.session() as session:
            session.execute(sa.update(Visit).where(Visit.id.in_(ids), Visit.checked_out_to.is_(None))
                            .values(checked_out_to=run.server_origin, updated_at=Visit.updated_at))
        return len(ids) + 0 * report.checked_in
    finally:
        if opened:
            server_db.dispose()


# --- conflicts, for the supervisor ------------------------------------------------------------------------


@dataclass
class ConflictRow:
    id: uuid.UUID
    entity_type: str
    entity_id: str
    visit_id: uuid.UUID | None
    peer: str
    peer_name: str
    local: dict | None
    remote: dict | None
    detected_at: datetime
    what: str          # Vietnamese: which record
    differences: list[tuple[str, Any, Any]]   # (column, here, there)


@allowed(SIGNED_IN)
def conflicts(session: Session, user_id: uuid.UUID | None = None, *, settled: bool = False) -> list[ConflictRow]:
    """The conflicts kept by sync (open ones; ``settled``: the settled ones too), oldest first."""
    query = sa.select(SyncConflict).order_by(SyncConflict.detected_at)
    if not settled:
        query = query.where(SyncConflict.settled_at.is_(None))
    rows = []
    for c in session.scalars(query):
        peer = session.get(SyncPeer, c.peer)
        local, remote = c.local or {}, c.remote or {}
        diffs = [(k, local.get(k), remote.get(k)) for k in sorted(set(local) | set(remote))
                 if local.get(k) != remote.get(k) and k not in ("updated_at",)]
        words = ch.TABLE_WORDS.get(c.entity_type, c.entity_type)
        label = remote.get("item_code") or remote.get("text") or remote.get("full_name") or c.entity_id[:8]
        rows.append(ConflictRow(c.id, c.entity_type, c.entity_id, c.visit_id, c.peer, peer.name if peer else c.peer[:8],
                                c.local, c.remote, c.detected_at, f"{words}: {str(label)[:60]}", diffs))
    return rows


@allowed(SIGNED_IN)
def settle(session: Session, conflict_id: uuid.UUID, choice: str, user_id: uuid.UUID | None) -> None:
    """The supervisor settles a conflict: ``"local"`` keeps this database's version (as it is), ``"remote"`` puts
    the other machine's version in its place (recorded in the history). Only a supervisor or an administrator."""
    from inspector.domain.catalog import Role
    from inspector.services import audit

    user = require(session, user_id, Role.SUPERVISOR, Role.ADMIN)
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None:
        raise SyncRefused("Không tìm thấy chỗ xung đột này.")
    if conflict.settled_at is not None:
        raise SyncRefused("Chỗ xung đột này đã được xử lý.")
    if choice not in ("local", "remote"):
        raise SyncRefused("Hãy chọn giữ bản trên máy này hoặc lấy bản của máy kia.")
    if choice == "remote" and conflict.remote is not None and conflict.entity_type != ch.HISTORY:
        name = conflict.entity_type
        t = ch.table(name)
        row = {k: v for k, v in conflict.remote.items() if k in ch.moved_columns(name)}
        keys = ch.key_columns(name)
        exists = session.execute(sa.select(*(t.c[k] for k in keys)).where(
            *(t.c[k] == ch.decode_value(t.c[k], row[k]) for k in keys))).first()
        if exists is None:
            session.execute(t.insert().values(**ch.decode_row(name, row)))
        else:
            ch._update(session, name, row)
        taken = _as_history(name, row)
        if taken is not None:  # the row taken is a change of the data like any other: the replay must see it
            entity_type, entity_id, after = taken
            audit.record(session, "sync.conflict_taken", entity_type, entity_id, after=after, user_id=user.id)
    conflict.settled_at, conflict.settled_by_id, conflict.resolution = utcnow(), user.id, choice
    audit.record(session, "sync.conflict_settled", "sync_conflict", conflict.id,
                 after={"choice": choice, "entity": f"{conflict.entity_type}:{conflict.entity_id}"}, user_id=user.id)


def _as_history(table_name: str, row: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """A row taken from the other machine as the history records such a change (services.verify replays these
    fields: a visit's status, number, PDF hash and texts; an answer's result, note and figures; a recommendation;
    a piece of evidence), or None for a table the history does not replay."""
    if table_name == "visits":
        after = {key: row.get(key) or "" for key in ("good_points", "shortcomings", "conclusions", "unit_opinion")}
        after.update(status=row.get("status"), number=row.get("minutes_number") or "",
                     minutes_sha256=row.get("minutes_sha256") or "", deleted=row.get("deleted_at") is not None)
        return "visit", str(row["id"]), after
    if table_name == "answers":
        return "answer", str(row["id"]), {"item": row.get("item_code"), "result": row.get("result"),
                                          "note": row.get("note") or "", "values": row.get("values") or {}}
    if table_name == "recommendations":
        return "recommendation", str(row["id"]), {
            "text": row.get("text"), "deadline": row.get("deadline"), "status": row.get("status"),
            "owner": row.get("owner_unit_id")}
    if table_name == "evidence":
        return "evidence", str(row["id"]), {"sha256": row.get("blob_sha256")}
    return None
