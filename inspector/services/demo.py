"""Demo data: today's map of tỉnh Vĩnh Long around the former Trà Vinh city, and its history.

Used for a first start on an empty database and by the tests. Every person is
fictional. Units and bodies follow the 2025 reorganisation (see DOMAIN.md):

- today (from 01/7/2025): Ủy ban nhân dân tỉnh Vĩnh Long, its Sở Nội vụ and
  Trung tâm Phục vụ hành chính công (with a branch in phường Trà Vinh), and the
  four wards that replaced the former city — Trà Vinh, Long Đức, Nguyệt Hóa,
  Hòa Thuận — each with its own Trung tâm Phục vụ hành chính công;
- history: the 2023 city (Phường 1–9, xã Long Đức, xã Nguyệt Hóa, xã Hòa
  Thuận and the city departments with their one-stop counters), valid until
  the merger dates and linked to their successors;
- inspecting bodies: Sở Nội vụ, each ward's Phòng Văn hóa - Xã hội, and the
  former city's Phòng Nội vụ (valid until 30/6/2025);
- this year's round under Sở Nội vụ, and rounds of 2024 and early 2025 under
  the former Phòng Nội vụ whose visits (:func:`seed_demo_visits`) have
  numbered, locked minutes and recommendations still open, so a follow-up
  across a merger can be tried at once.

City departments close on 30/6/2025 without a successor unit: their work went
partly to the Sở, partly to the wards, to no single unit. Only the city's
own one-stop counter (Bộ phận Tiếp nhận và Trả kết quả thành phố) is continued,
by the provincial centre's branch in phường Trà Vinh, so what was found there
is followed up at the branch.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector.domain.assessment import check_value, numeric_result
from inspector.domain.catalog import Role, SuccessionKind, TeamRole, UnitLevel
from inspector.domain.checklist import ChecklistForm as FormDefinition
from inspector.domain.checklist import ItemType, parse_form
from inspector.domain.clock import from_local, local_today
from inspector.domain.workflow import Result, VisitStatus
from inspector.services import audit
from inspector.store.db import Database
from inspector.store.models import (
    Answer,
    ChecklistForm,
    FormVersion,
    InspectingBody,
    PointSuccession,
    ReceptionPoint,
    Round,
    RoundMember,
    StaffMember,
    Unit,
    UnitSuccession,
    User,
    Visit,
    VisitRepresentative,
)

REFORM = date(2025, 7, 1)            # two-level local government: no district level any more
LAST_CITY_DAY = date(2025, 6, 30)
WARD_MERGER = date(2025, 1, 1)       # Phường 2 and Phường 6 into Phường 3
LAST_P2_P6_DAY = date(2024, 12, 31)

PROVINCE = "Ủy ban nhân dân tỉnh Vĩnh Long"
CITY_NAME = "Ủy ban nhân dân thành phố Trà Vinh"
CITY = "thành phố Trà Vinh, tỉnh Trà Vinh"
PROVINCE_ADDRESS = "tỉnh Vĩnh Long"
VISIT_FORM = "KTCV-MC"
VISIT_FORM_VERSION = 1  # the history visits were made under v1 and keep it

# --- people (all fictional) ----------------------------------------------------------------

_NAMES = [
    "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Thị Ngọc Hân", "Phạm Quốc Huy", "Thạch Thị Sa Rết",
    "Võ Thị Kim Ngân", "Huỳnh Văn Đức", "Kiên Thị Sóc Kha", "Đặng Thị Mỹ Duyên", "Bùi Thanh Tùng",
    "Sơn Văn Sà Phon", "Dương Thị Hồng Nhung", "Lâm Văn Phước", "Ngô Thị Cẩm Tú", "Trương Minh Khải",
    "Châu Thị Bích Trâm", "Hồ Văn Lợi", "Thạch Minh Sang", "Phan Thị Diễm Phượng", "Đỗ Hoàng Nam",
    "Lý Thị Thanh Thảo", "Kim Văn Chanh", "Mai Thị Ánh Tuyết", "Tô Văn Hiếu", "Nguyễn Hoàng Yến",
    "Trần Thị Lệ Thủy", "Lê Văn Ẩn", "Phạm Thị Út", "Huỳnh Thị Ỷ Lan", "Võ Văn Ửng",
    "Đoàn Thị Quỳnh Như", "Thái Văn Ổn", "La Thị Đào",
]
_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Lâm", "Ngô", "Trương", "Châu",
             "Hồ", "Phan", "Đỗ", "Lý", "Mai", "Tô", "Đoàn", "Thái", "La", "Kim", "Thạch", "Sơn"]  # 25
_GIVEN = ["Văn Tài", "Thị Mỹ Tiên", "Minh Trí", "Thị Ngọc Bích", "Quốc Việt", "Thị Thanh Tâm", "Hoàng Phúc",
          "Thị Kiều Oanh", "Thanh Sơn", "Thị Hồng Gấm", "Văn Hậu", "Thị Bảo Trân", "Tấn Lộc", "Thị Yến Nhi",
          "Văn Khánh", "Thị Cẩm Loan"]  # 16: with 25 surnames, 400 different pairs


def _people() -> Iterator[str]:
    """The names above, then made-up ones (surname × given name, none repeated)."""
    seen = set()
    for name in _NAMES:
        seen.add(name)
        yield name
    for n in range(400):
        name = f"{_SURNAMES[n % 25]} {_GIVEN[(7 * n) % 16]}"
        if name not in seen:
            seen.add(name)
            yield name


# username, full name, title today (Sở Nội vụ), title in 2024–2025 (the city's Phòng Nội vụ), role
_USERS = [
    ("truongphong", "Nguyễn Văn Thành", "Trưởng phòng Công chức, viên chức và Cải cách hành chính",
     "Trưởng phòng Nội vụ", Role.SUPERVISOR),
    ("kiemtra1", "Lê Thị Mỹ Linh", "Chuyên viên Sở Nội vụ", "Chuyên viên Phòng Nội vụ", Role.INSPECTOR),
    ("kiemtra2", "Trần Quốc Bảo", "Chuyên viên Sở Nội vụ", "Chuyên viên Phòng Nội vụ", Role.INSPECTOR),
    ("vanthu", "Phạm Thị Hồng Nhạn", "Văn thư Sở Nội vụ", "Văn thư Phòng Nội vụ", Role.CLERK),
    ("quantri", "Quản trị hệ thống", "Sở Nội vụ", "Phòng Nội vụ", Role.ADMIN),
]
_TEAM = [("truongphong", TeamRole.LEADER), ("kiemtra1", TeamRole.MEMBER), ("kiemtra2", TeamRole.MEMBER),
         ("vanthu", TeamRole.SECRETARY)]

# --- today's map -------------------------------------------------------------------------------

# The staff of a ward's centre, as many as the ward has (3–5).
_WARD_STAFF = [
    "Phó Giám đốc Trung tâm Phục vụ hành chính công",
    "Công chức Văn hóa - Xã hội",
    "Công chức Kinh tế, Hạ tầng và Đô thị",
    "Viên chức",
    "Nhân viên hợp đồng",
]
_NEW_WARDS = [  # code, ward name (mid-sentence after "phường", and the place name of its minutes), staff count
    ("PHUONG-TRAVINH", "Trà Vinh", 5),
    ("PHUONG-LONGDUC", "Long Đức", 4),
    ("PHUONG-NGUYETHOA", "Nguyệt Hóa", 3),
    ("PHUONG-HOATHUAN", "Hòa Thuận", 4),
]
BRANCH_NAME = "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long tại phường Trà Vinh"

# --- the 2023 city -------------------------------------------------------------------------

_DEPARTMENTS = [
    # code, unit name, short name, reception point name
    ("VP-HDND-UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố", "Văn phòng HĐND và UBND",
     "Bộ phận Tiếp nhận và Trả kết quả thành phố Trà Vinh"),
    ("P-TNMT", "Phòng Tài nguyên và Môi trường", "Phòng TN&MT",
     "Quầy tiếp nhận hồ sơ đất đai, môi trường"),
    ("P-TUPHAP", "Phòng Tư pháp", "Phòng Tư pháp",
     "Quầy tiếp nhận hồ sơ tư pháp, chứng thực"),
    ("P-QLDT", "Phòng Quản lý đô thị", "Phòng QLĐT",
     "Quầy tiếp nhận hồ sơ cấp phép xây dựng"),
    ("P-LDTBXH", "Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH",
     "Quầy tiếp nhận hồ sơ chính sách xã hội"),
]
_OLD_WARD_STAFF = [
    "Công chức Văn phòng - Thống kê",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng - Đô thị và Môi trường",
]
# code, unit name, short name (mid-sentence), level, last day
_OLD_WARDS = [(f"PHUONG-{n}", f"Ủy ban nhân dân Phường {n}", f"Phường {n}", UnitLevel.WARD,
               LAST_P2_P6_DAY if n in (2, 6) else LAST_CITY_DAY) for n in range(1, 10)]
_OLD_WARDS += [
    ("XA-LONGDUC", "Ủy ban nhân dân xã Long Đức", "xã Long Đức", UnitLevel.COMMUNE, LAST_CITY_DAY),
    ("XA-NGUYETHOA", "Ủy ban nhân dân xã Nguyệt Hóa", "xã Nguyệt Hóa", UnitLevel.COMMUNE, LAST_CITY_DAY),
    ("XA-HOATHUAN", "Ủy ban nhân dân xã Hòa Thuận", "xã Hòa Thuận", UnitLevel.COMMUNE, LAST_CITY_DAY),
]
# successor code: predecessor codes, effective date, note
_SUCCESSIONS = [
    ("PHUONG-3", ("PHUONG-2", "PHUONG-6"), WARD_MERGER,
     "Sáp nhập Phường 2 và Phường 6 vào Phường 3 (sắp xếp đơn vị hành chính cấp xã giai đoạn 2023–2025)."),
    ("PHUONG-TRAVINH", ("PHUONG-1", "PHUONG-3", "PHUONG-9"), REFORM,
     "Sắp xếp Phường 1, Phường 3 và Phường 9 thành phường Trà Vinh, tỉnh Vĩnh Long."),
    ("PHUONG-LONGDUC", ("XA-LONGDUC", "PHUONG-4"), REFORM,
     "Sắp xếp xã Long Đức và Phường 4 thành phường Long Đức, tỉnh Vĩnh Long."),
    ("PHUONG-NGUYETHOA", ("PHUONG-7", "PHUONG-8", "XA-NGUYETHOA"), REFORM,
     "Sắp xếp Phường 7, Phường 8 và xã Nguyệt Hóa thành phường Nguyệt Hóa, tỉnh Vĩnh Long."),
    ("PHUONG-HOATHUAN", ("PHUONG-5", "XA-HOATHUAN"), REFORM,
     "Sắp xếp Phường 5 và xã Hòa Thuận thành phường Hòa Thuận, tỉnh Vĩnh Long."),
]
_BRANCH_TAKES_OVER = ("VP-HDND-UBND", REFORM,
                      "Việc tiếp nhận hồ sơ tại Bộ phận Tiếp nhận và Trả kết quả thành phố Trà Vinh chuyển về "
                      "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại phường Trà Vinh.")


def seed_demo(session: Session, today: date | None = None, *, history: bool = True) -> None:
    """Insert the demo catalogue, inspecting bodies, users and rounds into an empty database.

    ``history``: also the 2023 city's units (ended, linked to their successors), its Phòng Nội vụ
    as an inspecting body and its rounds of 2024 and 2025; their visits come from
    :func:`seed_demo_visits`, once the checklist forms are in the database.
    """
    names = _people()
    units: dict[str, Unit] = {}

    def unit(code: str, name: str, short: str, level: UnitLevel, parent: Unit | None, address: str,
             valid_from: date | None = None, valid_until: date | None = None) -> Unit:
        record = Unit(code=code, name=name, short_name=short, level=level, parent=parent, address=address,
                      sort_order=len(units), valid_from=valid_from, valid_until=valid_until)
        units[code] = record
        session.add(record)
        return record

    def point(owner: Unit, name: str, address: str, phone: str, positions: list[str]) -> ReceptionPoint:
        record = ReceptionPoint(unit=owner, name=name, address=address, phone=phone,
                                valid_from=owner.valid_from, valid_until=owner.valid_until)
        for position in positions:
            record.staff.append(StaffMember(full_name=next(names), position=position))
        session.add(record)
        return record

    # Today's map.
    province = unit("TINH-VINHLONG", PROVINCE, "UBND tỉnh Vĩnh Long", UnitLevel.PROVINCE, None,
                    PROVINCE_ADDRESS, valid_from=REFORM)
    home_affairs = unit("SO-NOIVU", "Sở Nội vụ", "Sở Nội vụ", UnitLevel.DEPARTMENT, province,
                        f"Sở Nội vụ, {PROVINCE_ADDRESS}", valid_from=REFORM)
    centre = unit("TTPVHCC-TINH", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", "Trung tâm PVHCC tỉnh",
                  UnitLevel.DEPARTMENT, province, PROVINCE_ADDRESS, valid_from=REFORM)
    point(centre, "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", PROVINCE_ADDRESS, "0270.3822100",
          ["Phó Giám đốc Trung tâm Phục vụ hành chính công tỉnh", "Viên chức", "Viên chức", "Nhân viên hợp đồng"])
    branch = point(centre, BRANCH_NAME, f"phường Trà Vinh, {PROVINCE_ADDRESS}", "0294.3855100",
                   ["Viên chức", "Viên chức", "Nhân viên hợp đồng"])
    ward_points: dict[str, ReceptionPoint] = {}
    for index, (code, ward, staff) in enumerate(_NEW_WARDS):
        record = unit(code, f"Ủy ban nhân dân phường {ward}", f"phường {ward}", UnitLevel.WARD, province,
                      f"phường {ward}, {PROVINCE_ADDRESS}", valid_from=REFORM)
        ward_points[code] = point(record, f"Trung tâm Phục vụ hành chính công phường {ward}",
                                  f"Trụ sở Ủy ban nhân dân phường {ward}, {PROVINCE_ADDRESS}",
                                  f"0294.386{index + 1:04d}", _WARD_STAFF[:staff])
    session.flush()

    bodies = [InspectingBody(
        code="SNV-VINHLONG", name="Sở Nội vụ", parent_name=PROVINCE, place_name="Vĩnh Long",
        minutes_symbol="BB-SNV", unit_id=home_affairs.id, sort_order=0, valid_from=REFORM)]
    for index, (code, ward, _staff) in enumerate(_NEW_WARDS, 1):
        bodies.append(InspectingBody(
            code=f"VHXH-{code.removeprefix('PHUONG-')}", name="Phòng Văn hóa - Xã hội",
            parent_name=f"Ủy ban nhân dân phường {ward}", place_name=ward, minutes_symbol="BB-VHXH",
            unit_id=units[code].id, sort_order=index, valid_from=REFORM))
    session.add_all(bodies)

    users = {}  # without passwords (password_hash ""): the first start asks the administrator's (services.accounts)
    for username, full_name, title, _old_title, role in _USERS:
        users[username] = User(username=username, full_name=full_name, title=title, role=role,
                               unit_id=home_affairs.id)
    session.add_all(users.values())
    session.flush()

    year = (today or local_today()).year
    this_year = Round(
        name=f"Kiểm tra công vụ tại Bộ phận Một cửa năm {year}",
        decision_number="45/QĐ-SNV", decision_date=max(date(year, 1, 10), REFORM),
        decision_issuer="Sở Nội vụ tỉnh Vĩnh Long", inspecting_body_id=bodies[0].id,
        start_date=max(date(year, 1, 15), REFORM + timedelta(days=14)), end_date=date(year, 12, 31),
        notes="Đợt kiểm tra mẫu (dữ liệu minh họa).",
    )
    _add_team(this_year, users, current=True)
    session.add(this_year)

    if history:
        _seed_history(session, units, unit, point, users, branch, ward_points)
    session.flush()
    audit.record(session, "demo.seeded", "database", "demo", after={
        "units": len(units), "bodies": session.scalar(sa.select(sa.func.count()).select_from(InspectingBody)),
        "history": history})


def _add_team(record: Round, users: dict[str, User], *, current: bool) -> None:
    titles = {username: (title if current else old) for username, _n, title, old, _r in _USERS}
    for n, (username, role) in enumerate(_TEAM):
        user = users[username]
        record.members.append(RoundMember(user_id=user.id, full_name=user.full_name, position=titles[username],
                                          team_role=role, sort_order=n))


def _seed_history(session: Session, units: dict[str, Unit], unit, point, users: dict[str, User],  # type: ignore[no-untyped-def]
                  branch: ReceptionPoint, ward_points: dict[str, ReceptionPoint]) -> None:
    city = unit("TP-TRAVINH", CITY_NAME, "UBND thành phố", UnitLevel.CITY, None, CITY, valid_until=LAST_CITY_DAY)
    old_home_affairs = unit("P-NOIVU", "Phòng Nội vụ", "Phòng Nội vụ", UnitLevel.DEPARTMENT, city, CITY,
                            valid_until=LAST_CITY_DAY)
    points: dict[str, ReceptionPoint] = {}
    for index, (code, name, short, point_name) in enumerate(_DEPARTMENTS):
        record = unit(code, name, short, UnitLevel.DEPARTMENT, city, CITY, valid_until=LAST_CITY_DAY)
        points[code] = point(record, point_name, f"Trụ sở {short}, {CITY}", f"0294.385{index:04d}",
                             ["Chuyên viên"] * (2 + index % 2))
    for index, (code, name, short, level, last_day) in enumerate(_OLD_WARDS):
        record = unit(code, name, short, level, city, f"{short}, {CITY}", valid_until=last_day)
        points[code] = point(record, f"Bộ phận Một cửa Ủy ban nhân dân {short}",
                             f"Trụ sở Ủy ban nhân dân {short}, {CITY}", f"0294.386{index + 10:04d}",
                             _OLD_WARD_STAFF[: 2 + index % 2])
    session.flush()
    for successor, predecessors, day, note in _SUCCESSIONS:
        successor_point = ward_points.get(successor) or points[successor]
        for code in predecessors:
            session.add(UnitSuccession(predecessor_id=units[code].id, successor_id=units[successor].id,
                                       kind=SuccessionKind.MERGE.value, effective_on=day, note=note))
            session.add(PointSuccession(predecessor_id=points[code].id, successor_id=successor_point.id,
                                        kind=SuccessionKind.MERGE.value, effective_on=day, note=note))
    code, day, note = _BRANCH_TAKES_OVER
    session.add(PointSuccession(predecessor_id=points[code].id, successor_id=branch.id,
                                kind=SuccessionKind.MERGE.value, effective_on=day, note=note))

    old_body = InspectingBody(
        code="PNV-TPTRAVINH", name="Phòng Nội vụ", parent_name=CITY_NAME, place_name="Trà Vinh",
        minutes_symbol="BB-ĐKT", unit_id=old_home_affairs.id, sort_order=10, valid_until=LAST_CITY_DAY)
    session.add(old_body)
    session.flush()
    for name, number, decided, start, end in (
        ("Kiểm tra công vụ tại Bộ phận Một cửa năm 2024", "12/QĐ-UBND", date(2024, 1, 10), date(2024, 1, 15),
         date(2024, 12, 31)),
        ("Kiểm tra công vụ tại Bộ phận Một cửa 6 tháng đầu năm 2025", "08/QĐ-UBND", date(2025, 1, 8),
         date(2025, 1, 15), LAST_CITY_DAY),
    ):
        record = Round(name=name, decision_number=number, decision_date=decided, decision_issuer=CITY_NAME,
                       inspecting_body_id=old_body.id, start_date=start, end_date=end,
                       notes="Đợt kiểm tra của Phòng Nội vụ thành phố Trà Vinh trước khi sắp xếp đơn vị hành chính "
                             "(dữ liệu minh họa).")
        _add_team(record, users, current=False)
        session.add(record)


# --- history visits ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    note: str
    result: Result = Result.FAIL   # numeric items: decided by the numbers of the sample instead
    staff: str | None = "Tư pháp - Hộ tịch"  # the position of the staff member concerned (None: nobody named)


@dataclass(frozen=True)
class _DemoVisit:
    point: str                 # reception point name
    decision: str              # the round's decision number
    day: date
    representative: tuple[str, str]
    findings: dict[str, _Finding]
    recommendations: tuple[tuple[str, str, date], ...]  # text, item code, deadline
    good_points: str
    conclusions: str
    sample: dict[str, int] = field(default_factory=dict)  # the dossier sample's numbers that differ from _SAMPLE
    not_applicable: tuple[str, ...] = ("HS-12",)  # HS-12 asks about late dossiers: none in a clean sample


# The numbers counted (one number per field code, shared by the items that name it): a clean sample.
_SAMPLE = {
    "checked": 20, "with_receipt": 20, "on_system": 20, "with_control_sheet": 20, "late": 0, "late_with_apology": 0,
    "supplemented": 2, "supplemented_more_than_once": 0, "received": 3, "overdue": 0,
}
_OPINION = "Thống nhất với nội dung biên bản; đơn vị sẽ khắc phục các tồn tại trong thời hạn đoàn kiểm tra yêu cầu."

_VISITS = [
    _DemoVisit(
        point="Bộ phận Tiếp nhận và Trả kết quả thành phố Trà Vinh", decision="12/QĐ-UBND", day=date(2024, 5, 21),
        representative=("Lưu Quang Vinh", "Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố"),
        findings={"DVC-04": _Finding(
            "Chưa phân công người hỗ trợ người dân nộp hồ sơ trực tuyến; người dân tự thao tác tại máy tra cứu, "
            "không có ai hướng dẫn.", staff=None)},
        recommendations=((
            "Phân công công chức hỗ trợ người dân nộp hồ sơ trực tuyến tại Bộ phận Tiếp nhận và Trả kết quả; "
            "niêm yết họ tên, số điện thoại người hỗ trợ.", "DVC-04", date(2024, 6, 30)),),
        good_points="Trụ sở rộng, sạch sẽ; công chức đeo thẻ, niềm nở; thủ tục hành chính niêm yết đầy đủ.",
        conclusions="Bộ phận Tiếp nhận và Trả kết quả cơ bản thực hiện đúng quy định; còn hạn chế trong việc hỗ trợ "
                    "người dân nộp hồ sơ trực tuyến.",
        sample={"checked": 25, "with_receipt": 25, "on_system": 25, "with_control_sheet": 25},
    ),
    _DemoVisit(
        point="Bộ phận Một cửa Ủy ban nhân dân Phường 2", decision="12/QĐ-UBND", day=date(2024, 10, 15),
        representative=("Dương Minh Hiếu", "Phó Chủ tịch Ủy ban nhân dân Phường 2"),
        findings={
            "KL-01": _Finding("Lúc 07 giờ 40, công chức Tư pháp - Hộ tịch chưa có mặt tại quầy, không có giấy nghỉ "
                              "phép; người dân phải chờ đến 08 giờ 15."),
            "HS-09": _Finding("3 hồ sơ đăng ký hộ tịch và chứng thực trả kết quả trễ từ 2 đến 5 ngày làm việc."),
            "HS-10": _Finding("Chỉ 1 trong 3 hồ sơ trễ hạn có Phiếu xin lỗi và hẹn lại ngày trả kết quả."),
            "HS-12": _Finding("Bộ phận giải quyết chưa có văn bản giải trình lý do trễ hạn của 3 hồ sơ.", staff=None),
        },
        sample={"late": 3, "late_with_apology": 1}, not_applicable=(),
        recommendations=(
            ("Bố trí công chức có mặt tại Bộ phận Một cửa đúng giờ làm việc; chấn chỉnh, xử lý trường hợp đi trễ "
             "không có lý do.", "KL-01", date(2024, 11, 15)),
            ("Rà soát các hồ sơ trễ hạn, gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả cho người dân theo đúng mẫu; "
             "báo cáo kết quả khắc phục về Phòng Nội vụ.", "HS-10", date(2024, 12, 15)),
        ),
        good_points="Bộ phận Một cửa bố trí gọn gàng, có ghế chờ và nước uống; công chức tiếp dân lịch sự.",
        conclusions="Bộ phận Một cửa Phường 2 còn để công chức đi trễ và hồ sơ trễ hạn chưa có Phiếu xin lỗi.",
    ),
    _DemoVisit(
        point="Bộ phận Một cửa Ủy ban nhân dân Phường 7", decision="08/QĐ-UBND", day=date(2025, 3, 18),
        representative=("Thạch Thị Chanh Tha", "Phó Chủ tịch Ủy ban nhân dân Phường 7"),
        findings={
            "VH-06": _Finding("Hai trường hợp người dân phải đi lại từ ba lần trở lên để bổ sung hồ sơ đăng ký hộ tịch "
                              "do không được hướng dẫn đầy đủ ngay từ lần đầu."),
            "HS-11": _Finding("2 trong 5 hồ sơ phải bổ sung đã yêu cầu bổ sung hai lần."),
        },
        sample={"supplemented": 5, "supplemented_more_than_once": 2},
        recommendations=((
            "Hướng dẫn đầy đủ, một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; không để người dân phải bổ sung "
            "hồ sơ nhiều lần.", "VH-06", date(2025, 4, 30)),),
        good_points="Thủ tục hành chính niêm yết đầy đủ, cập nhật; hồ sơ được số hóa khi tiếp nhận.",
        conclusions="Bộ phận Một cửa Phường 7 cơ bản thực hiện đúng quy định; còn để người dân bổ sung hồ sơ nhiều lần.",
    ),
]


def seed_demo_visits(db: Database) -> int:
    """The history visits, numbered by the clerk (real PDFs): how many were made. Nothing when the
    history or checklist KTCV-MC v1 is not in the database.

    What the team recorded by hand — findings, notes, staff concerned, summary, recommendations — goes
    through ``Inspection`` one call at a time, submission through its checks and numbering through
    ``Minutes.finalize``. The visit itself (started in the past) and the items that simply passed or
    were counted are written in one transaction, decided by the same domain rules: through the
    service each answer would be a commit with its fsync, seconds more on a first start.
    """
    # Imported here: the minutes bring ReportLab, which an ordinary start does not need.
    from inspector.services.inspection import Inspection
    from inspector.services.minutes import Minutes
    from inspector.services.review import Review

    with db.session() as session:
        version = session.scalars(
            sa.select(FormVersion).join(ChecklistForm)
            .where(ChecklistForm.code == VISIT_FORM, FormVersion.version == VISIT_FORM_VERSION)).first()
        rounds = {r.decision_number: r.id for r in session.scalars(sa.select(Round))}
        users = {u.username: u.id for u in session.scalars(sa.select(User))}
        points = {p.name: p for p in session.scalars(sa.select(ReceptionPoint))}
        if version is None or any(v.point not in points or v.decision not in rounds for v in _VISITS):
            return 0
        form = parse_form(version.definition)
        made = []
        for plan in _VISITS:
            where = points[plan.point]
            visit = _start(session, plan, where, version.id, rounds[plan.decision], users["kiemtra1"])
            _answer_plain_items(session, visit, plan, form, users["kiemtra1"])
            made.append((plan, visit.id, where.unit_id, [(s.id, s.position) for s in where.staff if s.active]))

    inspection = Inspection(db, users["kiemtra1"])
    review = Review(db, users["truongphong"])
    minutes = Minutes(db, users["vanthu"])
    for plan, visit_id, unit_id, staff in made:
        _record_findings(inspection, visit_id, plan, unit_id, staff)
        review.approve(visit_id)  # only approved minutes are numbered
        minutes.finalize(visit_id, minutes.suggest_number(visit_id=visit_id))
    return len(made)


def _start(session: Session, plan: _DemoVisit, where: ReceptionPoint, version_id: uuid.UUID, round_id: uuid.UUID,
           user_id: uuid.UUID) -> Visit:
    visit = Visit(round_id=round_id, reception_point_id=where.id, form_version_id=version_id,
                  status=VisitStatus.IN_PROGRESS, announced=True, planned_date=plan.day,
                  started_at=from_local(plan.day, 7, 30), ended_at=from_local(plan.day, 10, 0),
                  location=where.address, created_by_id=user_id)
    visit.representatives.append(VisitRepresentative(full_name=plan.representative[0],
                                                     position=plan.representative[1]))
    session.add(visit)
    session.flush()
    audit.record(session, "visit.started", "visit", visit.id, user_id=user_id, after={
        "reception_point": where.name, "form": f"{VISIT_FORM} v{VISIT_FORM_VERSION}", "announced": True,
        "demo": True, "started_at": visit.started_at.isoformat(), "ended_at": visit.ended_at.isoformat()})
    return visit


def _answer_plain_items(session: Session, visit: Visit, plan: _DemoVisit, form: FormDefinition,
                        user_id: uuid.UUID) -> None:
    """Every item's answer but the findings' hand-written parts: passing items, counted numbers."""
    assert visit.started_at is not None
    sample = {**_SAMPLE, **plan.sample}
    rows = []
    for item in form.items():
        values: dict[str, int] = {}
        if item.type is ItemType.NUMERIC:
            values = {spec.code: sample[spec.code] for spec in item.fields}
            assert not any(check_value(item, code, value) for code, value in values.items()), item.code
            result = numeric_result(item, values)
            assert (result is Result.FAIL) == (item.code in plan.findings), item.code
        elif item.code in plan.findings:
            continue  # answered through the service with its note
        else:
            result = Result.NOT_APPLICABLE if item.code in plan.not_applicable else item.answers[0]
            assert result in item.answers, item.code
        rows.append({"id": uuid.uuid4(), "visit_id": visit.id, "item_code": item.code, "result": result,
                     "values": values, "note": "", "answered_at": visit.started_at + timedelta(minutes=30),
                     "answered_by_id": user_id})
    session.execute(sa.insert(Answer), rows)
    audit.record(session, "demo.answers", "visit", visit.id, user_id=user_id, after={
        "items": {r["item_code"]: [str(r["result"]), r["values"]] for r in rows}})


def _record_findings(inspection, visit_id: uuid.UUID, plan: _DemoVisit, unit_id: uuid.UUID,  # type: ignore[no-untyped-def]
                     staff: list[tuple[uuid.UUID, str]]) -> None:
    for code, finding in plan.findings.items():
        if inspection.answer(visit_id, code).result is Result.UNCHECKED:  # numeric findings are counted already
            inspection.set_result(visit_id, code, finding.result)
        inspection.set_note(visit_id, code, finding.note)
        concerned = [staff_id for staff_id, position in staff if finding.staff and finding.staff in position]
        if concerned:
            inspection.set_staff(visit_id, code, concerned[:1])
    inspection.set_summary(visit_id, good_points=plan.good_points, conclusions=plan.conclusions,
                           shortcomings=inspection.draft_shortcomings(visit_id), unit_opinion=_OPINION)
    for text, item_code, deadline in plan.recommendations:
        inspection.add_recommendation(visit_id, text, unit_id, deadline, item_code)
    inspection.submit(visit_id)
