"""Command line for clerks, administrators and CI (no Qt)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector.paths import forms_dir, user_database_path
from inspector.services.form_loader import load_forms_dir
from inspector.services.minutes import Minutes, find_visit
from inspector.services.rounds import list_visits
from inspector.services.visits import VisitError
from inspector.services.workspace import open_workspace
from inspector.store.migrate import DatabaseRefused


def _check_forms(args: argparse.Namespace) -> int:
    report = load_forms_dir(args.folder)
    for loaded in report.forms:
        count = sum(1 for _ in loaded.form.items())
        print(f"OK   {loaded.path.name}: {loaded.form.code} v{loaded.form.version}, {count} nội dung")
    for error in report.errors:
        print(f"LỖI  {error}", file=sys.stderr)
    return 1 if report.errors else 0


def _upgrade(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.database, demo_if_new=args.demo)
    outcome = workspace.migration
    if outcome.created:
        print(f"Đã tạo cơ sở dữ liệu mới {args.database} (lược đồ {outcome.to_revision}).")
    elif outcome.migrated:
        print(f"Đã nâng cấp {args.database}: {outcome.from_revision} → {outcome.to_revision}; bản sao lưu: {outcome.backup}")
    else:
        print(f"{args.database} đã ở lược đồ mới nhất ({outcome.to_revision}).")
    for error in workspace.forms.errors:
        print(f"LỖI  {error}", file=sys.stderr)
    workspace.close()
    return 0


def _minutes(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.database, demo_if_new=False)
    try:
        with workspace.db.session() as session:
            visit_id = find_visit(session, args.visit).id
        pdf = Minutes(workspace.db).pdf(visit_id)
        args.output.write_bytes(pdf.data)
        state = f"số {pdf.number}, đã khóa" if pdf.final else "dự thảo, chưa đánh số"
        print(f"Đã ghi biên bản ({state}) vào {args.output}; SHA-256 {pdf.sha256}")
        return 0
    finally:
        workspace.close()


def _visits(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.database, demo_if_new=False)
    try:
        with workspace.db.session() as session:
            rows = list_visits(session)
        for row in rows:
            day = f"{row.day:%d/%m/%Y}" if row.day else "          "
            print(f"{row.id.hex[:8]}  {day}  {row.status.label:<14}  {row.point_name}")
        return 0
    finally:
        workspace.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspector", description="Inspector — kiểm tra công vụ (dòng lệnh)")
    sub = parser.add_subparsers(dest="command", required=True)
    forms = sub.add_parser("check-forms", help="kiểm tra các tệp phiếu kiểm tra")
    forms.add_argument("folder", type=Path, nargs="?", default=forms_dir())
    forms.set_defaults(func=_check_forms)
    upgrade = sub.add_parser("upgrade-db", help="tạo hoặc nâng cấp cơ sở dữ liệu")
    upgrade.add_argument("database", type=Path)
    upgrade.add_argument("--demo", action="store_true", help="thêm dữ liệu mẫu nếu là cơ sở dữ liệu mới")
    upgrade.set_defaults(func=_upgrade)
    database = {"type": Path, "default": None, "help": "tệp cơ sở dữ liệu (mặc định: như ứng dụng)"}
    visits = sub.add_parser("visits", help="liệt kê các buổi kiểm tra (mã ngắn dùng cho lệnh minutes)")
    visits.add_argument("--database", **database)
    visits.set_defaults(func=_visits)
    minutes = sub.add_parser("minutes", help="in biên bản kiểm tra ra tệp PDF")
    minutes.add_argument("visit", help="mã buổi kiểm tra (8 ký tự đầu là đủ) hoặc số biên bản")
    minutes.add_argument("-o", "--output", type=Path, required=True, help="tệp PDF ghi ra")
    minutes.add_argument("--database", **database)
    minutes.set_defaults(func=_minutes)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "database", "") is None:
        args.database = user_database_path()
    try:
        return int(args.func(args))
    except (DatabaseRefused, VisitError) as exc:
        print(f"LỖI  {exc}", file=sys.stderr)
        return 2
