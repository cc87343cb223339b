"""Display names of domain values, through Qt's translation system."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from inspector.domain.catalog import Role, TeamRole, UnitLevel
from inspector.domain.checklist import Severity
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus


def unit_level(level: UnitLevel) -> str:
    return {
        UnitLevel.PROVINCE: QCoreApplication.translate("Labels", "Province"),
        UnitLevel.CITY: QCoreApplication.translate("Labels", "City"),
        UnitLevel.DEPARTMENT: QCoreApplication.translate("Labels", "Department or agency"),
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


def result(value: Result) -> str:
    return {
        Result.PASS: QCoreApplication.translate("Labels", "Pass"),
        Result.FAIL: QCoreApplication.translate("Labels", "Fail"),
        Result.NOT_APPLICABLE: QCoreApplication.translate("Labels", "Not applicable"),
        Result.UNCHECKED: QCoreApplication.translate("Labels", "Not checked"),
    }[value]


def visit_status(value: VisitStatus) -> str:
    return {
        VisitStatus.PLANNED: QCoreApplication.translate("Labels", "Planned"),
        VisitStatus.IN_PROGRESS: QCoreApplication.translate("Labels", "In progress"),
        VisitStatus.SUBMITTED: QCoreApplication.translate("Labels", "Submitted"),
        VisitStatus.RETURNED: QCoreApplication.translate("Labels", "Returned"),
        VisitStatus.APPROVED: QCoreApplication.translate("Labels", "Approved"),
        VisitStatus.LOCKED: QCoreApplication.translate("Labels", "Locked"),
    }[value]


def severity(value: Severity) -> str:
    return {
        Severity.MINOR: QCoreApplication.translate("Labels", "Minor"),
        Severity.MODERATE: QCoreApplication.translate("Labels", "Moderate"),
        Severity.SERIOUS: QCoreApplication.translate("Labels", "Serious"),
    }[value]


def sipas(value: SipasCriterion) -> str:
    return {
        SipasCriterion.ACCESS: QCoreApplication.translate("Labels", "Access to services"),
        SipasCriterion.PROCEDURES: QCoreApplication.translate("Labels", "Administrative procedures"),
        SipasCriterion.CIVIL_SERVANTS: QCoreApplication.translate("Labels", "Civil servants"),
        SipasCriterion.RESULTS: QCoreApplication.translate("Labels", "Service results"),
        SipasCriterion.FEEDBACK: QCoreApplication.translate("Labels", "Feedback handling"),
    }[value]


def team_role(value: TeamRole) -> str:
    return {
        TeamRole.LEADER: QCoreApplication.translate("Labels", "Team leader"),
        TeamRole.MEMBER: QCoreApplication.translate("Labels", "Member"),
        TeamRole.SECRETARY: QCoreApplication.translate("Labels", "Secretary"),
    }[value]


def recommendation_status(status: RecommendationStatus) -> str:
    return {
        RecommendationStatus.OPEN: QCoreApplication.translate("Labels", "Open"),
        RecommendationStatus.REPORTED: QCoreApplication.translate("Labels", "Reported done"),
        RecommendationStatus.VERIFIED: QCoreApplication.translate("Labels", "Verified"),
        RecommendationStatus.CLOSED: QCoreApplication.translate("Labels", "Closed"),
        RecommendationStatus.CANCELLED: QCoreApplication.translate("Labels", "Cancelled"),
    }[status]
