"""Đồng bộ: the laptop ↔ office server sync dialog, and the supervisor's screen of sync conflicts (issue 14)."""
