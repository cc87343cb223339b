"""Display names of domain values, through Qt's translation system."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from inspector.domain.catalog import Role, UnitLevel


def unit_level(level: UnitLevel) -> str:
    return {
        UnitLevel.PROVINCE: QCoreApplication.translate("Labels", "Province"),
        UnitLevel.CITY: QCoreApplication.translate("Labels", "City"),
        UnitLevel.DEPARTMENT: QCoreApplication.translate("Labels", "City department"),
        UnitLevel.WARD: QCoreApplication.translate("Labels", "Ward"),
        UnitLevel.COMMUNE: QCoreApplication.translate("Labels", "Commune"),
    }[level]


def role(value: Role) -> str:
    return {
        Role.INSPECTOR: QCoreApplication.translate("Labels", "Inspector"),
        Role.SUPERVISOR: QCoreApplication.translate("Labels", "Supervisor"),
        Role.CLERK: QCoreApplication.translate("Labels", "Clerk"),
        Role.ADMIN: QCoreApplication.translate("Labels", "Administrator"),
    }[value]
