"""Command line for clerks, administrators and CI (no Qt)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector.paths import forms_dir
from inspector.services.form_loader import load_forms_dir
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DatabaseRefused as exc:
        print(f"LỖI  {exc}", file=sys.stderr)
        return 2
