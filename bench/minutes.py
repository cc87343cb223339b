"""Minutes for a visit with 60 findings and 20 photos, against bare ReportLab rendering the same
text and images in the same run (same font, no layout rules, no database)."""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from PIL import Image as PILImage
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

from inspector.domain.checklist import ItemType
from inspector.domain.workflow import Result
from inspector.reports.fonts import register_fonts
from inspector.reports.minutes import WIDTH
from inspector.services.inspection import Inspection
from inspector.services.minutes import Minutes, minutes_data
from inspector.services.rounds import start_unannounced
from inspector.services.workspace import open_workspace
from inspector.store.models import ReceptionPoint, Visit
from inspector.store.types import utcnow


def _jpeg(n: int) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (2400, 1800), ((n * 37) % 255, (n * 91) % 255, 120)).save(out, "JPEG")
    return out.getvalue()


def build_visit(path: Path):  # type: ignore[no-untyped-def]
    workspace = open_workspace(path, demo_history=False)  # today's map: the first point is open for a visit
    with workspace.db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).limit(1)).one()
        visit_id = start_unannounced(session, point.id).id
    inspection = Inspection(workspace.db)
    view = inspection.open_visit(visit_id)
    failed = photos = 0
    for item in view.form.items():
        if item.type is ItemType.NUMERIC:
            for f in item.fields:
                inspection.set_value(visit_id, item.code, f.code, 5)
        elif failed < 60 and Result.FAIL in item.answers:
            inspection.set_result(visit_id, item.code, Result.FAIL)
            inspection.set_note(visit_id, item.code, f"Tồn tại ghi nhận tại nội dung {item.code}: công chức chưa thực hiện đúng quy định.")
            if photos < 20:
                inspection.add_photo_bytes(visit_id, item.code, _jpeg(photos), f"{item.code}.jpg", f"Hiện trạng {item.code}")
                photos += 1
            failed += 1
        else:
            inspection.set_result(visit_id, item.code, item.answers[0])
    for n in range(10):
        inspection.add_recommendation(visit_id, f"Kiến nghị {n + 1}", view.unit_id, date.today() + timedelta(days=30))
    inspection.set_times(visit_id, ended_at=utcnow() + timedelta(minutes=5))
    return workspace, visit_id


def bare(texts: list[str], images: list[bytes]) -> bytes:
    font = register_fonts()
    style = ParagraphStyle("b", fontName=font, fontSize=13, leading=17)
    story = [Paragraph(t, style) for t in texts]
    for data in images:  # the same size the minutes print them at
        with PILImage.open(io.BytesIO(data)) as image:
            w, h = image.size
        scale = min(WIDTH * 0.85 / w, 95 * mm / h)
        story.append(Image(io.BytesIO(data), width=w * scale, height=h * scale))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workspace, visit_id = build_visit(Path(tmp) / "bench.sqlite")
        minutes = Minutes(workspace.db)
        with workspace.db.session() as session:
            data = minutes_data(session, session.get(Visit, visit_id), draft=True)
        texts = [f"{f.code}. {f.text} {f.note} {f.legal_basis}" for f in data.findings]
        texts += [data.good_points, data.shortcomings, data.conclusions] + [r.text for r in data.recommendations]
        images = [p.data for p in data.photos]
        ours, baseline, pages = [], [], 0
        for _ in range(args.repeats):
            start = time.perf_counter()
            bare(texts, images)
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            pdf = minutes.pdf(visit_id)
            ours.append(time.perf_counter() - start)
            pages = pdf.data.count(b"/Type /Page\n") or pages
        workspace.close()
    result = {"bare_median_s": statistics.median(baseline), "app_median_s": statistics.median(ours)}
    result["ratio"] = result["app_median_s"] / result["bare_median_s"]
    print(f"Minutes, 60 findings + {len(images)} photos (median of {args.repeats}):")
    print(f"  bare ReportLab, same text and images   {result['bare_median_s'] * 1000:7.0f} ms   (baseline)")
    print(f"  Minutes.pdf (database → legal layout)  {result['app_median_s'] * 1000:7.0f} ms   ratio {result['ratio']:.2f}x")
    return result


if __name__ == "__main__":
    main()
