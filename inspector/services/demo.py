"""Demo data: the units of Trà Vinh city as in the 2023 plan, with made-up staff.

Used for a first start on an empty database and by the tests. The people
are fictional; unit names follow the seed plan (Phường 1–9, xã Long Đức and
city departments with one-stop counters).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from inspector.domain.catalog import Role, TeamRole, UnitLevel
from inspector.domain.clock import local_today
from inspector.services import audit
from inspector.store.models import ReceptionPoint, Round, RoundMember, StaffMember, Unit, User

CITY = "Thành phố Trà Vinh"

_DEPARTMENTS = [
    # code, unit name, short name, reception point name, staff positions
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

# code, unit name, short name (as written mid-sentence), level
_WARDS = [(f"PHUONG-{n}", f"Ủy ban nhân dân Phường {n}", f"Phường {n}", UnitLevel.WARD) for n in range(1, 10)]
_WARDS.append(("XA-LONGDUC", "Ủy ban nhân dân xã Long Đức", "xã Long Đức", UnitLevel.COMMUNE))

_NAMES = [
    "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Thị Ngọc Hân", "Phạm Quốc Huy", "Thạch Thị Sa Rết",
    "Võ Thị Kim Ngân", "Huỳnh Văn Đức", "Kiên Thị Sóc Kha", "Đặng Thị Mỹ Duyên", "Bùi Thanh Tùng",
    "Sơn Văn Sà Phon", "Dương Thị Hồng Nhung", "Lâm Văn Phước", "Ngô Thị Cẩm Tú", "Trương Minh Khải",
    "Châu Thị Bích Trâm", "Hồ Văn Lợi", "Thạch Minh Sang", "Phan Thị Diễm Phượng", "Đỗ Hoàng Nam",
    "Lý Thị Thanh Thảo", "Kim Văn Chanh", "Mai Thị Ánh Tuyết", "Tô Văn Hiếu", "Nguyễn Hoàng Yến",
    "Trần Thị Lệ Thủy", "Lê Văn Ẩn", "Phạm Thị Út", "Huỳnh Thị Ỷ Lan", "Võ Văn Ửng",
    "Đoàn Thị Quỳnh Như", "Thái Văn Ổn", "La Thị Đào",
]

_WARD_POSITIONS = [
    "Công chức Văn phòng - Thống kê",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng - Đô thị và Môi trường",
]

_USERS = [
    ("truongphong", "Nguyễn Văn Thành", "Trưởng phòng Nội vụ", Role.SUPERVISOR),
    ("kiemtra1", "Lê Thị Mỹ Linh", "Chuyên viên Phòng Nội vụ", Role.INSPECTOR),
    ("kiemtra2", "Trần Quốc Bảo", "Chuyên viên Phòng Nội vụ", Role.INSPECTOR),
    ("vanthu", "Phạm Thị Hồng Nhạn", "Văn thư Phòng Nội vụ", Role.CLERK),
    ("quantri", "Quản trị hệ thống", "Phòng Nội vụ", Role.ADMIN),
]


def seed_demo(session: Session, today: date | None = None) -> None:
    """Insert the demo catalogue, users and this year's inspection round into an empty database."""
    names = iter(_NAMES)
    city = Unit(code="TP-TRAVINH", name="Ủy ban nhân dân thành phố Trà Vinh", short_name="UBND thành phố",
                level=UnitLevel.CITY, sort_order=0, address="Thành phố Trà Vinh, tỉnh Trà Vinh")
    home_affairs = Unit(code="P-NOIVU", name="Phòng Nội vụ", short_name="Phòng Nội vụ",
                        level=UnitLevel.DEPARTMENT, parent=city, sort_order=1, address=CITY)
    session.add_all([city, home_affairs])

    order = 10
    for index, (code, name, short, point_name) in enumerate(_DEPARTMENTS):
        unit = Unit(code=code, name=name, short_name=short, level=UnitLevel.DEPARTMENT,
                    parent=city, sort_order=order, address=CITY)
        order += 1
        point = ReceptionPoint(unit=unit, name=point_name, address=f"Trụ sở {short}, {CITY}",
                               phone=f"0294.385{index:04d}")
        for _ in range(2 + index % 2):
            point.staff.append(StaffMember(full_name=next(names), position="Chuyên viên"))
        session.add(unit)

    for index, (code, name, short, level) in enumerate(_WARDS):
        unit = Unit(code=code, name=name, short_name=short, level=level, parent=city,
                    sort_order=order, address=f"{short}, {CITY}")
        order += 1
        point = ReceptionPoint(unit=unit, name=f"Bộ phận Một cửa Ủy ban nhân dân {short}",
                               address=f"Trụ sở Ủy ban nhân dân {short}, {CITY}",
                               phone=f"0294.386{index:04d}")
        for position in _WARD_POSITIONS[: 2 + index % 2]:
            point.staff.append(StaffMember(full_name=next(names, "Nguyễn Văn An"), position=position))
        session.add(unit)

    session.flush()
    users = {}
    for username, full_name, title, role in _USERS:
        users[username] = User(username=username, full_name=full_name, title=title, role=role, unit_id=home_affairs.id)
        session.add(users[username])
    session.flush()

    year = (today or local_today()).year
    round_ = Round(
        name=f"Kiểm tra công vụ tại Bộ phận Một cửa năm {year}",
        decision_number="15/QĐ-UBND", decision_date=date(year, 1, 10),
        decision_issuer="Ủy ban nhân dân thành phố Trà Vinh",
        start_date=date(year, 1, 15), end_date=date(year, 12, 31),
        notes="Đợt kiểm tra mẫu (dữ liệu minh họa).",
    )
    team = [("truongphong", TeamRole.LEADER), ("kiemtra1", TeamRole.MEMBER), ("kiemtra2", TeamRole.MEMBER),
            ("vanthu", TeamRole.SECRETARY)]
    for n, (username, role) in enumerate(team):
        user = users[username]
        round_.members.append(RoundMember(user_id=user.id, full_name=user.full_name, position=user.title,
                                          team_role=role, sort_order=n))
    session.add(round_)
    session.flush()
    audit.record(session, "demo.seeded", "database", "demo", after={"units": order})
