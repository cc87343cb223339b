"""What the sync screens call the tables and the phases (the engine's names are the database's)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def table(name: str) -> str:
    """A table's rows in the user's words ("answers" → "câu trả lời"); the name itself if unknown."""
    names = {
        "units": QCoreApplication.translate("SyncLabels", "units"),
        "reception_points": QCoreApplication.translate("SyncLabels", "reception points"),
        "unit_successions": QCoreApplication.translate("SyncLabels", "unit mergers"),
        "point_successions": QCoreApplication.translate("SyncLabels", "reception point mergers"),
        "inspecting_bodies": QCoreApplication.translate("SyncLabels", "inspecting bodies"),
        "legal_documents": QCoreApplication.translate("SyncLabels", "legal documents"),
        "staff_members": QCoreApplication.translate("SyncLabels", "staff"),
        "users": QCoreApplication.translate("SyncLabels", "users"),
        "user_roles": QCoreApplication.translate("SyncLabels", "user roles"),
        "checklist_forms": QCoreApplication.translate("SyncLabels", "checklist forms"),
        "form_versions": QCoreApplication.translate("SyncLabels", "form versions"),
        "rounds": QCoreApplication.translate("SyncLabels", "rounds"),
        "round_members": QCoreApplication.translate("SyncLabels", "round members"),
        "visits": QCoreApplication.translate("SyncLabels", "visits"),
        "visit_representatives": QCoreApplication.translate("SyncLabels", "representatives"),
        "answers": QCoreApplication.translate("SyncLabels", "answers"),
        "blobs": QCoreApplication.translate("SyncLabels", "files"),
        "evidence": QCoreApplication.translate("SyncLabels", "photos and documents"),
        "recommendations": QCoreApplication.translate("SyncLabels", "recommendations"),
        "review_comments": QCoreApplication.translate("SyncLabels", "review comments"),
        "minutes_revisions": QCoreApplication.translate("SyncLabels", "minutes"),
        "audit_events": QCoreApplication.translate("SyncLabels", "history events"),
        "answer_staff": QCoreApplication.translate("SyncLabels", "staff concerned"),
        "survey_responses": QCoreApplication.translate("SyncLabels", "survey responses"),
        "survey_answers": QCoreApplication.translate("SyncLabels", "survey answers"),
    }
    return names.get(name, name)


def progress(phase: str, table_name: str, done: int, total: int) -> str:
    """One line for the progress bar: "Đang gửi: câu trả lời 120/480", "Ảnh 12/40"."""
    what = table(table_name) if table_name else ""
    counts = f"{done}/{total}" if total else str(done)
    if phase == "pull":
        text = QCoreApplication.translate("SyncLabels", "Receiving: %1 %2")
    elif phase == "push":
        text = QCoreApplication.translate("SyncLabels", "Sending: %1 %2")
    elif phase == "blobs":
        return QCoreApplication.translate("SyncLabels", "Photos and files %1").replace("%1", counts)
    elif phase == "history":
        return QCoreApplication.translate("SyncLabels", "History %1").replace("%1", counts)
    else:
        text = "%1 %2"
    return text.replace("%1", what).replace("%2", counts).replace("  ", " ")


def counts(by_table: dict[str, int]) -> str:
    """"câu trả lời 480, ảnh và tài liệu 40" — the tables with rows, the largest first."""
    items = sorted(((n, name) for name, n in by_table.items() if n), key=lambda item: (-item[0], item[1]))
    return ", ".join(f"{table(name)} {n}" for n, name in items)


def entity(kind: str) -> str:
    """What a conflicting row is (sync_conflicts.entity_type is its table's name)."""
    return table(kind)


def field(name: str) -> str:
    """A column's label in the side-by-side view of a conflict; the name itself if unknown."""
    names = {
        "status": QCoreApplication.translate("SyncLabels", "Status"),
        "result": QCoreApplication.translate("SyncLabels", "Result"),
        "note": QCoreApplication.translate("SyncLabels", "Note"),
        "values": QCoreApplication.translate("SyncLabels", "Figures"),
        "text": QCoreApplication.translate("SyncLabels", "Text"),
        "caption": QCoreApplication.translate("SyncLabels", "Caption"),
        "due_date": QCoreApplication.translate("SyncLabels", "Due date"),
        "deadline": QCoreApplication.translate("SyncLabels", "Due date"),
        "started_at": QCoreApplication.translate("SyncLabels", "Started at"),
        "ended_at": QCoreApplication.translate("SyncLabels", "Ended at"),
        "updated_at": QCoreApplication.translate("SyncLabels", "Changed at"),
        "updated_by_id": QCoreApplication.translate("SyncLabels", "Changed by"),
        "deleted_at": QCoreApplication.translate("SyncLabels", "Deleted at"),
        "good_points": QCoreApplication.translate("SyncLabels", "Good points"),
        "shortcomings": QCoreApplication.translate("SyncLabels", "Shortcomings"),
        "conclusions": QCoreApplication.translate("SyncLabels", "Conclusions"),
        "item_code": QCoreApplication.translate("SyncLabels", "Item"),
        "version": QCoreApplication.translate("SyncLabels", "Version"),
        "checked_out_to": QCoreApplication.translate("SyncLabels", "Checked out to"),
        "failed_count": QCoreApplication.translate("SyncLabels", "Failed items"),
        "answered_count": QCoreApplication.translate("SyncLabels", "Checked items"),
        "answered_at": QCoreApplication.translate("SyncLabels", "Answered at"),
        "answered_by_id": QCoreApplication.translate("SyncLabels", "Answered by"),
        "full_name": QCoreApplication.translate("SyncLabels", "Full name"),
        "position": QCoreApplication.translate("SyncLabels", "Position"),
        "kind": QCoreApplication.translate("SyncLabels", "Kind"),
        "media_type": QCoreApplication.translate("SyncLabels", "File type"),
        "original_name": QCoreApplication.translate("SyncLabels", "File name"),
        "taken_at": QCoreApplication.translate("SyncLabels", "Taken at"),
        "blob_sha256": QCoreApplication.translate("SyncLabels", "File"),
        "unit_id": QCoreApplication.translate("SyncLabels", "Unit"),
        "author_id": QCoreApplication.translate("SyncLabels", "Written by"),
        "location": QCoreApplication.translate("SyncLabels", "Place"),
        "unit_opinion": QCoreApplication.translate("SyncLabels", "The unit's opinion"),
    }
    return names.get(name, name)
