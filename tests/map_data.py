"""A small map of its own for the catalogue tests (the demo data changes on its own schedule).

2024: thành phố Trà Vinh with Phường 1, 2 and 3, each with its Bộ phận Một cửa. 01/01/2025: Phường 2
merges into Phường 3. 01/7/2025: the city ends; Phường 3 and Phường 1 merge into the new Phường Trà
Vinh under tỉnh Vĩnh Long, whose Trung tâm Phục vụ hành chính công continues Phường 3's point.
Inspecting bodies: the city's Phòng Nội vụ until 30/6/2025, the province's Sở Nội vụ from 01/7/2025.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspector.domain.catalog import Role, SuccessionKind, UnitLevel
from inspector.domain.checklist import FormKind
from inspector.services.catalog import SuccessionInput, record_succession
from inspector.store.models import ChecklistForm, FormVersion, InspectingBody, ReceptionPoint, Unit, User

MERGER_1 = date(2025, 1, 1)
MERGER_2 = date(2025, 7, 1)


@dataclass
class Map:
    admin: uuid.UUID
    inspector: uuid.UUID
    province: uuid.UUID
    city: uuid.UUID
    p1: uuid.UUID
    p2: uuid.UUID
    p3: uuid.UUID
    ptv: uuid.UUID
    point1: uuid.UUID
    point2: uuid.UUID
    point3: uuid.UUID
    point_ptv: uuid.UUID
    old_body: uuid.UUID
    new_body: uuid.UUID
    form_version: uuid.UUID


def open_empty(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new database without the demo data and without forms files (the forms folder is empty)."""
    from inspector.services.workspace import open_workspace

    forms = tmp_path / "forms"
    forms.mkdir(exist_ok=True)
    return open_workspace(tmp_path / "map.sqlite", forms_dir=forms, demo_if_new=False)


def build_units(session) -> Map:  # type: ignore[no-untyped-def]
    """The units as they stood in 2024 (plus the new ward, not yet linked), users, bodies and a form."""
    admin = User(username="quantri", full_name="Quản trị hệ thống", role=Role.ADMIN)
    inspector = User(username="kiemtra", full_name="Lê Thị Mỹ Linh", title="Chuyên viên", role=Role.INSPECTOR)
    province = Unit(code="T-VL", name="Ủy ban nhân dân tỉnh Vĩnh Long", level=UnitLevel.PROVINCE,
                    valid_from=MERGER_2, sort_order=1)
    city = Unit(code="TP-TV", name="Ủy ban nhân dân thành phố Trà Vinh", level=UnitLevel.CITY,
                valid_until=date(2025, 6, 30), sort_order=2)
    wards = {n: Unit(code=f"P{n}", name=f"Phường {n}", level=UnitLevel.WARD, parent=city, sort_order=2 + n)
             for n in (1, 2, 3)}
    ptv = Unit(code="P-TV", name="Phường Trà Vinh", level=UnitLevel.WARD, parent=province, sort_order=10)
    points = {n: ReceptionPoint(unit=u, name=f"Bộ phận Một cửa Phường {n}", address=f"Số {n}, đường Lê Lợi")
              for n, u in wards.items()}
    point_ptv = ReceptionPoint(unit=ptv, name="Trung tâm Phục vụ hành chính công phường Trà Vinh",
                               address="Số 1, đường Phạm Thái Bường", phone="0294 3862 111")
    old_body = InspectingBody(code="PNV-TV", name="Phòng Nội vụ", parent_name="Ủy ban nhân dân thành phố Trà Vinh",
                              place_name="Trà Vinh", minutes_symbol="BB-PNV", valid_until=date(2025, 6, 30))
    new_body = InspectingBody(code="SNV-VL", name="Sở Nội vụ", parent_name="Ủy ban nhân dân tỉnh Vĩnh Long",
                              place_name="Vĩnh Long", minutes_symbol="BB-SNV", valid_from=MERGER_2, sort_order=1)
    form = ChecklistForm(code="KTCV-MC", title="Phiếu kiểm tra", kind=FormKind.STANDARD)
    version = FormVersion(form=form, version=1, title="Phiếu kiểm tra", definition={}, content_hash="0" * 64)
    session.add_all([admin, inspector, province, city, *wards.values(), ptv, *points.values(), point_ptv,
                     old_body, new_body, form, version])
    session.flush()
    return Map(admin=admin.id, inspector=inspector.id, province=province.id, city=city.id, p1=wards[1].id,
               p2=wards[2].id, p3=wards[3].id, ptv=ptv.id, point1=points[1].id, point2=points[2].id,
               point3=points[3].id, point_ptv=point_ptv.id, old_body=old_body.id, new_body=new_body.id,
               form_version=version.id)


def record_mergers(session, m: Map) -> None:  # type: ignore[no-untyped-def]
    """The two mergers, as the administrator records them."""
    record_succession(session, SuccessionInput(SuccessionKind.MERGE, [m.p2], [m.p3], MERGER_1,
                                               point_links=[(m.point2, m.point3)], successor_existed=True,
                                               note="Nghị quyết sáp nhập phường"), m.admin)
    record_succession(session, SuccessionInput(SuccessionKind.MERGE, [m.p3, m.p1], [m.ptv], MERGER_2,
                                               point_links=[(m.point3, m.point_ptv)]), m.admin)


def build(session) -> Map:  # type: ignore[no-untyped-def]
    m = build_units(session)
    record_mergers(session, m)
    return m
