"""A visit is edited on one machine at a time (issue 14).

``visits.checked_out_to`` names the machine (its meta "origin") that holds the visit for editing; NULL: the
database it is in holds it. On the server a visit a laptop took along says that laptop's origin until the laptop
syncs it back; on a laptop, the visits it pulled but does not hold say the server's origin (or the other laptop's).
The services that change a visit (services.inspection, review, minutes) call :func:`require_here` in their writing
transaction: a visit held elsewhere is refused with a message naming who holds it.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from inspector.domain.clock import local
from inspector.services.access import open_to_all
from inspector.services.visits import VisitError
from inspector.store.models import Meta, SyncPeer, User, Visit


class HeldElsewhere(VisitError):
    """The visit is checked out to another machine (message in Vietnamese)."""


def _own_origin(session: Session) -> str:
    row = session.get(Meta, "origin")
    return row.value if row is not None else ""


@open_to_all
def held_elsewhere(session: Session, visit: Visit) -> str | None:
    """The Vietnamese message when ``visit`` is held by another machine; None when it may be edited here."""
    holder = visit.checked_out_to
    if not holder or holder == _own_origin(session):
        return None
    peer = session.get(SyncPeer, holder)
    if peer is not None and peer.kind == "server":
        where = f"máy chủ {peer.name or peer.url}".strip()
        return (f"Buổi kiểm tra này do {where} giữ: máy này chỉ có bản để xem. "
                "Hãy nhận buổi kiểm tra về máy này (Đồng bộ › Nhận về để sửa) rồi sửa.")
    machine = f"máy {peer.name}" if peer is not None and peer.name else f"máy {holder[:8]}"
    who = session.get(User, visit.checked_out_by_id) if visit.checked_out_by_id else None
    since = f" từ {local(visit.checked_out_at):%H:%M %d/%m/%Y}" if visit.checked_out_at else ""
    by = f" của {who.full_name}" if who is not None else ""
    return (f"Buổi kiểm tra này đang được sửa trên {machine}{by}{since}; chỉ sửa được ở đó cho tới khi máy đó "
            "đồng bộ trả về máy chủ.")


@open_to_all
def require_here(session: Session, visit: Visit) -> None:
    """HeldElsewhere when ``visit`` is checked out to another machine."""
    message = held_elsewhere(session, visit)
    if message is not None:
        raise HeldElsewhere(message)


@open_to_all
def require_visit_here(session: Session, visit_id: uuid.UUID) -> None:
    visit = session.get(Visit, visit_id)
    if visit is not None:
        require_here(session, visit)
