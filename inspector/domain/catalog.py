"""Catalogue vocabulary: unit levels and user roles.

Units, their names and their place in the hierarchy are data (the 2025
reorganisation renamed and merged many); only the small set of level kinds
and roles the app reasons about is code.
"""

from __future__ import annotations

from enum import StrEnum


class UnitLevel(StrEnum):
    """Cấp của cơ quan, đơn vị."""

    PROVINCE = "province"
    CITY = "city"
    DEPARTMENT = "department"
    WARD = "ward"
    COMMUNE = "commune"


class Role(StrEnum):
    """Vai trò người dùng."""

    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    CLERK = "clerk"
    ADMIN = "admin"


class TeamRole(StrEnum):
    """Vai trò trong đoàn kiểm tra (printed in the minutes, hence the Vietnamese labels)."""

    LEADER = "leader"
    MEMBER = "member"
    SECRETARY = "secretary"

    @property
    def label(self) -> str:
        return _TEAM_LABELS[self]


_TEAM_LABELS = {
    TeamRole.LEADER: "Trưởng đoàn",
    TeamRole.MEMBER: "Thành viên",
    TeamRole.SECRETARY: "Thư ký",
}


class SuccessionKind(StrEnum):
    """How a unit or reception point passed into another (sáp nhập, chia tách, đổi tên)."""

    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"

    @property
    def label(self) -> str:
        return {"merge": "Sáp nhập", "split": "Chia tách", "rename": "Đổi tên"}[self.value]
