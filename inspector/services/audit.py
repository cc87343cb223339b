"""Audit trail (nhật ký thay đổi), hash-chained so an edited or removed event shows.

Each event has its place in the chain (``seq``: 1, 2, … without gaps) and a hash over its content
and the previous event's hash; editing any stored event, or dropping one, breaks the chain.

Two ways of computing the hash (``AuditEvent.scheme``):

- scheme 1, the events written before revision 0009: SHA-256 of the JSON list
  [prev_hash, at, actor, action, entity_type, entity_id, before, after];
- scheme 2, every event since: SHA-256 of ``inspector-audit-2`` and a newline, then the JSON object
  {seq, at, user_id, actor, action, entity, before, after, prev_hash} (``entity`` is
  "<type>:<id>"; keys sorted, no spaces, UTF-8). The acting user's id and their full name at the
  time (``actor``) are inside the hash, and so is the event's place in the chain.

A chain recomputed from scratch after a rewrite is valid again by itself: it is the head printed on
the numbered minutes and kept beside the database (the anchor, :func:`anchor`, "NK 000123-3fa9c2d1e0b7":
the seq of the head and the first 12 hex digits of its hash) that shows a rewritten or shortened
history. services.verify checks them, with the data against the history.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.services.access import open_to_all
from inspector.store.models import AuditEvent, User
from inspector.store.types import utcnow

SCHEME = 2
_PREFIX_2 = b"inspector-audit-2\n"
ANCHOR_DIGITS = 12
ANCHOR_SUFFIX = ".anchors"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _digest(prev_hash: str, at: datetime, actor: str, action: str, entity_type: str,
            entity_id: str, before: Any, after: Any) -> str:
    """Scheme 1 (events before revision 0009)."""
    payload = _json([prev_hash, at.isoformat(), actor, action, entity_type, entity_id, before, after])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@open_to_all
def digest2(seq: int, at: datetime, user_id: uuid.UUID | str | None, actor: str, action: str, entity_type: str,
            entity_id: str, before: Any, after: Any, prev_hash: str) -> str:
    """Scheme 2: covers the place in the chain and the acting user as well."""
    payload = _json({
        "seq": seq, "at": at.isoformat(), "user_id": uuid.UUID(str(user_id)).hex if user_id else None,
        "actor": actor, "action": action, "entity": f"{entity_type}:{entity_id}",
        "before": before, "after": after, "prev_hash": prev_hash,
    })
    return hashlib.sha256(_PREFIX_2 + payload.encode("utf-8")).hexdigest()


@open_to_all
def expected_hash(event: AuditEvent) -> str:
    """The hash ``event`` should carry, by its scheme."""
    if event.scheme == 1:
        return _digest(event.prev_hash, event.at, event.actor, event.action, event.entity_type, event.entity_id,
                       event.before, event.after)
    return digest2(event.seq or 0, event.at, event.user_id, event.actor, event.action, event.entity_type,
                   event.entity_id, event.before, event.after, event.prev_hash)


@open_to_all
def head(session: Session) -> AuditEvent | None:
    """The last event of this database's own chain (origin ""; the chains copied from other machines by
    services.sync are kept beside it, each under its machine's origin)."""
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.origin == "")
                           .order_by(AuditEvent.seq.desc()).limit(1)).first()


@open_to_all
def record(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    user_id: uuid.UUID | None = None,
    actor: str = "",
) -> AuditEvent:
    """One event at the end of the chain (scheme 2); ``actor`` is the user's full name when not given."""
    if not actor and user_id is not None:
        user = session.get(User, user_id)
        actor = user.full_name if user is not None else ""
    last = head(session)
    prev_hash = last.hash if last else ""
    seq = (last.seq or 0) + 1 if last else 1
    at = utcnow()
    if last is not None and at <= last.at:  # keep the chain order strict even on a coarse clock
        at = last.at + timedelta(microseconds=1)
    # JSON as it will read back (tuples become lists), so the hash recomputed later is the same
    before = json.loads(_json(before)) if before is not None else None
    after = json.loads(_json(after)) if after is not None else None
    event = AuditEvent(
        at=at, user_id=user_id, actor=actor, action=action, entity_type=entity_type,
        entity_id=str(entity_id), before=before, after=after, prev_hash=prev_hash, seq=seq, scheme=SCHEME,
        hash=digest2(seq, at, user_id, actor, action, entity_type, str(entity_id), before, after, prev_hash),
    )
    session.add(event)
    session.flush()
    return event


# --- anchors --------------------------------------------------------------------------------------


@open_to_all
def format_anchor(seq: int, hash_: str) -> str:
    """"NK 000123-3fa9c2d1e0b7": the seq of an event and the first digits of its hash."""
    return f"NK {seq:06d}-{hash_[:ANCHOR_DIGITS]}"


@open_to_all
def anchor(session: Session) -> str:
    """The anchor of the chain's head as of now ("" for an empty history)."""
    last = head(session)
    return format_anchor(last.seq or 0, last.hash) if last is not None else ""


_ANCHOR = re.compile(r"N\s*K\s*[:.#-]?\s*0*(\d+)\s*[-–—/:.\s]\s*([0-9a-f]{6,64})", re.IGNORECASE)


@open_to_all
def parse_anchor(text: str) -> tuple[int, str] | None:
    """"NK 000123-3fa9c2d1e0b7" (also typed back as "nk 123 3FA9C2D1E0B7") → (123, "3fa9c2d1e0b7"); None if none."""
    found = _ANCHOR.search(" ".join(text.split()))
    if not found:
        return None
    return int(found.group(1)), found.group(2).lower()


@open_to_all
def anchors_path(database_path: Path | str) -> Path:
    """``<database file>.anchors``: one anchor a line, appended at each numbering."""
    return Path(f"{database_path}{ANCHOR_SUFFIX}")


@open_to_all
def record_anchor(database_path: Path | str | None, anchor_text: str) -> None:
    """Append ``anchor_text`` to the anchors file beside the database (nothing for an in-memory database)."""
    if not database_path or not anchor_text:
        return
    path = anchors_path(database_path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (anchor_text + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@open_to_all
def read_anchors(database_path: Path | str | None) -> list[str]:
    """The anchors kept beside the database (none when there is no such file)."""
    if not database_path:
        return []
    path = anchors_path(database_path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- the chain alone ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    event_id: uuid.UUID
    problem: str
    seq: int | None = None


EDITED = "nội dung sự kiện đã bị sửa"
BROKEN = "chuỗi nhật ký bị đứt (thiếu hoặc chèn sự kiện)"


@open_to_all
def verify_chain(session: Session) -> list[ChainProblem]:
    """Every hash as its scheme computes it, every link to the previous event, seq 1, 2, … without gaps: in each
    chain by itself (this database's own, origin "", and every chain copied here from another machine)."""
    problems = []
    prev_hash, expected_seq, origin = "", 1, None
    for event in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.origin, AuditEvent.seq, AuditEvent.at)):
        if event.origin != origin:
            prev_hash, expected_seq, origin = "", 1, event.origin
        if event.hash != expected_hash(event):
            problems.append(ChainProblem(event.id, EDITED, event.seq))
        if event.prev_hash != prev_hash or event.seq != expected_seq:
            problems.append(ChainProblem(event.id, BROKEN, event.seq))
        prev_hash = event.hash
        expected_seq = (event.seq or expected_seq) + 1
    return problems
