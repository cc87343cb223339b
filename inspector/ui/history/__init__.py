"""The history (lịch sử thay đổi) of a visit, an item or a recommendation, as a table (services.history)."""

from inspector.ui.history.dialog import HistoryDialog, HistoryModel

__all__ = ["HistoryDialog", "HistoryModel"]
