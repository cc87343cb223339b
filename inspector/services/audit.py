"""Audit trail (nhật ký thay đổi), hash-chained so an edited or removed event shows.

Each event's hash covers its content and the previous event's hash; editing
any stored event, or dropping one from the middle, breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.store.models import AuditEvent
from inspector.store.types import utcnow


def _digest(prev_hash: str, at: datetime, actor: str, action: str, entity_type: str,
            entity_id: str, before: Any, after: Any) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), actor, action, entity_type, entity_id, before, after],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    last = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.at.desc()).limit(1)).first()
    prev_hash = last.hash if last else ""
    at = utcnow()
    if last is not None and at <= last.at:  # keep the chain order strict even on a coarse clock
        at = last.at + timedelta(microseconds=1)
    event = AuditEvent(
        at=at, user_id=user_id, actor=actor, action=action, entity_type=entity_type,
        entity_id=str(entity_id), before=before, after=after, prev_hash=prev_hash,
        hash=_digest(prev_hash, at, actor, action, entity_type, str(entity_id), before, after),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: uuid.UUID
    problem: str


def verify_chain(session: Session) -> list[ChainProblem]:
    problems = []
    prev_hash = ""
    for event in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.at)):
        expected = _digest(event.prev_hash, event.at, event.actor, event.action, event.entity_type,
                           event.entity_id, event.before, event.after)
        if event.hash != expected:
            problems.append(ChainProblem(event.id, "nội dung sự kiện đã bị sửa"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.id, "chuỗi nhật ký bị đứt (thiếu hoặc chèn sự kiện)"))
        prev_hash = event.hash
    return problems
