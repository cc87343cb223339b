"""Form files and generated forms can never stop the app.

Every hostile file below sits in a forms folder beside a good copy of the shipped KTCV-MC v1; it is refused with
its name and a Vietnamese problem while the good form loads: read from the folder (load_forms_dir), at start
(open_workspace), imported by an administrator (import_form_file) and in ``inspector check-forms`` (a real
subprocess, with a timeout so that a hang fails instead of hanging the run). A follow-up visit quoting a
10,000-character note and a 4,000-character recommendation opens; a start that could not be opened leaves nothing.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.domain.catalog import Role, TeamRole, UnitLevel
from inspector.domain.checklist import MAX_TEXT, ChecklistForm, FormInvalid, Item, parse_form
from inspector.domain.follow_up import OpenRecommendation, expand
from inspector.domain.rules import compile_rule
from inspector.domain.text import terminal_safe
from inspector.domain.workflow import RecommendationStatus, Result, VisitStatus
from inspector.services.form_loader import MAX_ERRORS, FormFileError, LoadedForm, load_form_bytes, load_forms_dir
from inspector.services.forms import import_form_file
from inspector.services.visits import VisitError, start_visit, visit_form
from inspector.services.workspace import Workspace, open_workspace
from inspector.store.models import (
    Answer,
    AuditEvent,
    FormVersion,
    ReceptionPoint,
    Recommendation,
    RoundMember,
    Unit,
    User,
    Visit,
)
from inspector.store.models import ChecklistForm as ChecklistFormRow
from inspector.store.types import utcnow
from tests.conftest import ROOT
from tests.people import someone

FORMS = ROOT / "forms"
GOOD_NAME = "KTCV-MC_v1.toml"
GOOD = (FORMS / GOOD_NAME).read_text(encoding="utf-8")
FOLLOW_UP = (FORMS / "KTKP_v1.toml").read_text(encoding="utf-8")


class Hung(Exception):
    pass


@contextmanager
def deadline(seconds: int = 30, memory: int = 2 << 30) -> Iterator[None]:
    """A hang (a FIFO waiting for a writer) or a read without end (/dev/zero) fails the test, not the whole run:
    an alarm after ``seconds``, and at most ``memory`` more bytes of address space (MemoryError, not the OOM killer)."""
    def fire(signum, frame):  # type: ignore[no-untyped-def]
        raise Hung(f"no answer after {seconds} s")

    with open("/proc/self/status", encoding="ascii") as status:
        in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    limits = resource.getrlimit(resource.RLIMIT_AS)
    cap = in_use + memory if limits[1] == resource.RLIM_INFINITY else min(in_use + memory, limits[1])
    resource.setrlimit(resource.RLIMIT_AS, (cap, limits[1]))
    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, limits)


def _renamed(text: str, code: str = "HOSTILE") -> str:
    """The good form under another code, so that only what the case breaks is wrong with it."""
    assert text.count('\ncode = "KTCV-MC"\n') == 1
    return text.replace('\ncode = "KTCV-MC"\n', f'\ncode = "{code}"\n')


def _write(name: str, text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path
    return make


def _fifo(folder: Path) -> Path:
    path = folder / "fifo.toml"
    os.mkfifo(path)
    return path


def _dev_zero(folder: Path) -> Path:
    path = folder / "zero.toml"
    path.symlink_to("/dev/zero")
    return path


def _directory(folder: Path) -> Path:
    path = folder / "folder.toml"
    (path / "inside").mkdir(parents=True)
    return path


def _dangling(folder: Path) -> Path:
    path = folder / "dangling.toml"
    path.symlink_to(folder / "nowhere" / "x.toml")
    return path


def _non_utf8_name(folder: Path) -> Path:
    path = folder / os.fsdecode(b"phi\xeau.toml")  # "phiêu" in a Windows-1258-like encoding
    path.write_text(_renamed(GOOD, "TEN-HONG"), encoding="utf-8")
    return path


def _sections(count: int, items_each: int = 1, fields: int = 0) -> str:
    """A form of ``count`` sections of ``items_each`` items (numeric with ``fields`` fields when fields > 0)."""
    out = ['schema = 1\ncode = "NHIEU"\nversion = 1\ntitle = "Phiếu rất dài"\nkind = "kiem_tra"\n']
    for s in range(count):
        out.append(f'[[sections]]\ncode = "S{s}"\ntitle = "Phần {s}"\n')
        for i in range(items_each):
            out.append(f'[[sections.items]]\ncode = "S{s}-{i}"\ntext = "Nội dung {i}"\nguidance = "Đạt khi đúng."\n'
                       'legal_basis = "Luật"\nsipas = "cong_chuc"\nseverity = "nhe"\n')
            if fields:
                out.append('type = "so_lieu"\npass_if = "f0 >= 0"\n')
                out.extend(f'[[sections.items.fields]]\ncode = "f{f}"\nlabel = "Trường {f}"\n' for f in range(fields))
    return "".join(out)


def _template(guidance: str) -> str:
    assert FOLLOW_UP.count('\ncode = "KTKP"\n') == 1
    text = FOLLOW_UP.replace('\ncode = "KTKP"\n', '\ncode = "KP-HONG"\n')
    return re.sub(r'(?m)^guidance = "Kiến nghị tại.*"$', lambda _: f'guidance = "{guidance}"', text)


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], Path]
    expected: str  # in the problem reported for the file

    def __str__(self) -> str:
        return self.id


FIELD_LINE = 'code = "checked"\nlabel = '
CASES = [
    # 1. nesting: the TOML parser recurses, Python stops at ~1000 frames
    Case("deep-arrays", _write("deep_arrays.toml", "deep = " + "[" * 3000 + "]" * 3000 + "\n" + GOOD),
         "lồng nhau quá 32 tầng"),
    Case("deep-inline-tables", _write("deep_tables.toml", "deep = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n" + GOOD),
         "lồng nhau quá 32 tầng"),
    Case("deep-dotted-key", _write("deep_dotted.toml", "a" + ".a" * 5000 + " = 1\n" + _renamed(GOOD)),
         "lồng nhau quá 16 tầng"),
    Case("deep-table-header", _write("deep_header.toml", _renamed(GOOD) + "\n[" + ".".join(["b"] * 3000) + "]\nx = 1\n"),
         "lồng nhau quá 16 tầng"),
    # 2. numbers beyond what SQLite (64-bit) or the visit screen (32-bit) hold
    Case("version-2**64", _write("v_huge.toml", _renamed(GOOD).replace("\nversion = 1\n", "\nversion = 18446744073709551616\n")),
         "version: phải từ 1 đến 9999, không phải 18446744073709551616"),
    Case("version-2**63", _write("v_2_63.toml", _renamed(GOOD).replace("\nversion = 1\n", "\nversion = 9223372036854775808\n")),
         "version: phải từ 1 đến 9999"),
    Case("version-4400-digits", _write("v_digits.toml", _renamed(GOOD).replace("\nversion = 1\n", "\nversion = " + "9" * 4400 + "\n")),
         "có một số quá dài (hơn 4300 chữ số)"),
    Case("version-float", _write("v_float.toml", _renamed(GOOD).replace("\nversion = 1\n", "\nversion = 1.5\n")),
         "version: phải là số nguyên, không phải số thập phân"),
    Case("version-date", _write("v_date.toml", _renamed(GOOD).replace("\nversion = 1\n", "\nversion = 2025-07-01\n")),
         "version: phải là số nguyên, không phải ngày"),
    # 3. not a regular file
    Case("fifo", _fifo, "không phải tệp thông thường (ống dẫn FIFO)"),
    Case("symlink-to-dev-zero", _dev_zero, "không phải tệp thông thường (thiết bị)"),
    Case("directory", _directory, "không phải tệp thông thường (thư mục)"),
    Case("dangling-symlink", _dangling, "không đọc được tệp: tệp không tồn tại (hoặc là liên kết tới tệp không tồn tại)"),
    # 4. rule constants
    Case("pass_if-400-digits", _write("rule_digits.toml", _renamed(GOOD).replace(
        'pass_if = "with_receipt >= checked"', f'pass_if = "with_receipt >= checked - {"9" * 400}"')),
         "quy tắc dùng một số quá lớn"),
    Case("pass_if-1e400", _write("rule_inf.toml", _renamed(GOOD).replace(
        'pass_if = "with_receipt >= checked"', 'pass_if = "with_receipt >= checked * 1e400"')),
         "quy tắc dùng một số quá lớn"),
    Case("pass_if-deep", _write("rule_deep.toml", _renamed(GOOD).replace(
        'pass_if = "with_receipt >= checked"', f'pass_if = "with_receipt >= {"-" * 300}checked"')),
         "quy tắc lồng nhau quá 50 tầng"),
    # 5. field ranges
    Case("field-max-2**31", _write("max.toml", _renamed(GOOD).replace(FIELD_LINE, 'code = "checked"\nmax = 2147483648\nlabel = ', 1)),
         "max: phải từ -1000000 đến 1000000, không phải 2147483648"),
    Case("field-min-negative-huge", _write("min.toml", _renamed(GOOD).replace("\nmin = 1\n", "\nmin = -1099511627776\n", 1)),
         "min: phải từ -1000000 đến 1000000"),
    # 6. template placeholders: only bare {name}
    Case("template-format-spec", _write("tpl_spec.toml", _template("{text:>999999999}")), "không kèm định dạng ':'"),
    Case("template-nested-spec", _write("tpl_nested.toml", _template("{text:{finding}}")), "không kèm định dạng ':'"),
    Case("template-conversion", _write("tpl_conv.toml", _template("{text!r}")), "không kèm định dạng ':', chuyển đổi '!'"),
    Case("template-attribute", _write("tpl_attr.toml", _template("{text.__class__}")), "thuộc tính '.' hay chỉ số '[ ]'"),
    Case("template-index", _write("tpl_index.toml", _template("{text[0]}")), "thuộc tính '.' hay chỉ số '[ ]'"),
    # 7. sizes and shapes
    Case("too-many-sections", _write("sections.toml", _sections(101)), "phiếu có 101 phần, quá giới hạn 100"),
    Case("too-many-items", _write("items.toml", _sections(51, 100)), "phiếu có 5100 nội dung kiểm tra, quá giới hạn 5000"),
    Case("too-many-fields", _write("fields.toml", _sections(1, 1, fields=21)), "có 21 trường số liệu, quá giới hạn 20"),
    Case("too-many-keys", _write("keys.toml", "".join(f"k{i} = {i}\n" for i in range(500)) + _renamed(GOOD)),
         "khóa, quá giới hạn 100"),
    Case("too-long-list", _write("list.toml", "junk = [" + ",".join(["1"] * 6000) + "]\n" + _renamed(GOOD)),
         "danh sách có 6000 phần tử, quá giới hạn 5000"),
    Case("title-of-5000-chars", _write("title.toml", _renamed(GOOD).replace(
        'title = "Phiếu kiểm tra công vụ tại Bộ phận Tiếp nhận và Trả kết quả"', f'title = "{"x" * 5000}"')),
         "title: dài 5000 ký tự, quá giới hạn 4000"),
    Case("over-a-megabyte", _write("big.toml", _renamed(GOOD) + "\n# " + "x" * 1_000_000 + "\n"), "vượt giới hạn 1.000.000 byte"),
    Case("non-utf8-name", _non_utf8_name, "tên tệp không phải mã UTF-8"),
]


def _folder(tmp_path: Path, *cases: Case) -> tuple[Path, list[Path]]:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / GOOD_NAME).write_text(GOOD, encoding="utf-8")
    return folder, [case.make(folder) for case in cases]


def _problems_of(errors: list[FormFileError], path: Path) -> list[str]:
    return [f"{e.place}: {e.problem}" for e in errors if e.path == path]


def _admin(workspace: Workspace) -> uuid.UUID:
    with workspace.db.session() as session:
        user = User(username="quantri-thu", full_name="Quản trị thử", role=Role.ADMIN)
        session.add(user)
        session.flush()
        return user.id


def _stored(workspace: Workspace) -> list[tuple[str, int]]:
    with workspace.db.session() as session:
        return sorted((v.form.code, v.version) for v in session.scalars(sa.select(FormVersion)))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_hostile_file_is_refused_at_every_door_and_the_good_form_loads(tmp_path: Path, case: Case) -> None:
    folder, (bad,) = _folder(tmp_path, case)
    with deadline():
        report = load_forms_dir(folder)  # what check-forms and the start read
    assert [(f.path.name, f.form.code, f.form.version) for f in report.forms] == [(GOOD_NAME, "KTCV-MC", 1)]
    problems = _problems_of(report.errors, bad)
    assert problems and all(e.path == bad for e in report.errors), [str(e) for e in report.errors]
    assert any(case.expected in p for p in problems), problems
    assert len(report.errors) <= MAX_ERRORS + 1

    with deadline():  # at start
        workspace = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        assert workspace.forms.added == [("KTCV-MC", 1)]
        assert any(case.expected in p for p in _problems_of(workspace.forms.errors, bad))
        before = _stored(workspace)
        admin = _admin(workspace)
        with deadline(), workspace.db.session() as session:  # imported by an administrator
            result = import_form_file(session, bad, admin)
        assert not result.ok and any(case.expected in f"{e.place}: {e.problem}" for e in result.errors)
        assert _stored(workspace) == before == [("KTCV-MC", 1)]
    finally:
        workspace.close()


# The command line as installed (`inspector check-forms`), with 3 GiB of address space at most: a read without end
# fails with MemoryError instead of calling the OOM killer.
CLI = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, resource.getrlimit(resource.RLIMIT_AS)[1]));"
       " from inspector.cli import main; sys.exit(main(sys.argv[1:]))")


def test_check_forms_reports_every_hostile_file_and_passes_the_good_one(tmp_path: Path) -> None:
    folder, paths = _folder(tmp_path, *CASES)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("INSPECTOR_DEBUG", None)
    done = subprocess.run([sys.executable, "-c", CLI, "check-forms", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr
    assert done.stdout.splitlines() == [f"OK   {GOOD_NAME}: KTCV-MC v1, 75 nội dung"]
    lines = done.stderr.splitlines()
    for case, path in zip(CASES, paths, strict=True):
        name = terminal_safe(path.name)
        assert any(line.startswith(f"LỖI  {name}") and case.expected in line for line in lines), (case.id, lines)


def test_an_unreadable_forms_folder_is_reported(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = _folder(tmp_path)
    folder.chmod(0)
    try:
        if os.access(folder, os.R_OK):  # root reads everything: the refusal it would get, given by hand
            def refused(path):  # type: ignore[no-untyped-def]
                raise PermissionError(13, "Permission denied", str(path))
            monkeypatch.setattr("inspector.services.form_loader.os.scandir", refused)
        report = load_forms_dir(folder)
        assert report.forms == [] and len(report.errors) == 1
        assert report.errors[0].problem == "không đọc được thư mục phiếu kiểm tra: không có quyền đọc"
    finally:
        folder.chmod(0o755)


def test_too_many_problems_are_counted_not_listed() -> None:
    text = _sections(1, 300).replace('severity = "nhe"', 'severity = "rat_nhe"')
    result = load_form_bytes(text.encode(), Path("nhieu_loi.toml"))
    assert isinstance(result, list) and len(result) == MAX_ERRORS + 1
    assert result[-1].problem == "… và 250 lỗi khác"


def test_a_problem_quoting_a_huge_value_is_cut() -> None:
    result = load_form_bytes(_renamed(GOOD).replace('kind = "kiem_tra"', f'kind = "{"z" * 100_000}"').encode(), Path("k.toml"))
    assert isinstance(result, list)
    assert all(len(e.problem) <= 600 for e in result) and any(e.problem.endswith("…") for e in result)


# --- rules: evaluation never raises ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    " * ".join(["a"] * 40) + " > 0.5",                     # 10**240: beyond any meaning
    "a / 0.000000001 / 0.000000001 / 0.000000001 > 1",     # a float past 1e18
    "a * 1000000000 * 1000000000 * 1000000000 == 0",
    "(a - a) / (a - a) > 0",                               # division by zero
])
def test_an_undecidable_rule_gives_none_never_an_exception(text: str) -> None:
    assert compile_rule(text, {"a"}).evaluate({"a": 1_000_000}) is None


def test_a_rule_with_numbers_in_bounds_still_decides() -> None:
    assert compile_rule("a * 1000000000 >= 1000000000", {"a"}).evaluate({"a": 1}) is True
    assert compile_rule("a >= 0.9 * b", {"a", "b"}).evaluate({"a": 9, "b": 10}) is True


# --- follow-up: generated items valid whatever they quote ------------------------------------------------------


def _follow_up_form() -> ChecklistForm:
    loaded = load_form_bytes(FOLLOW_UP.encode(), Path("KTKP_v1.toml"))
    assert isinstance(loaded, LoadedForm)
    return loaded.form


LONG_NOTE = ("Quầy số 3 không có người trực từ 14 giờ 10 đến 15 giờ 40; " * 200)[:10_000]
LONG_RECOMMENDATION = ("Bố trí công chức trực quầy đủ giờ làm việc theo lịch đã niêm yết. " * 80)[:4_000]


def test_generated_items_quote_within_limits_and_say_where_the_full_text_is() -> None:
    rec = OpenRecommendation(
        id=str(uuid.uuid4()), text=LONG_RECOMMENDATION, owner="Ủy ban nhân dân phường Thử", deadline=date(2026, 12, 31),
        minutes_number="07/BB-SNV", visit_date=date(2025, 9, 15),
        finding=f"Công chức có mặt tại quầy đúng giờ làm việc — {LONG_NOTE}", legal_basis="", sipas=None,
    )
    short = OpenRecommendation(id=str(uuid.uuid4()), text="Sửa ghế chờ", owner="", deadline=None,
                               minutes_number="", visit_date=None)
    snapshot = expand(_follow_up_form(), [rec, short]).to_dict()
    form = parse_form(snapshot)  # the visit opens from this
    first, second = next(s for s in form.sections if s.code == "KP").items
    for item in (first, second):
        assert len(item.text) <= MAX_TEXT and len(item.guidance) <= MAX_TEXT and len(item.legal_basis) <= MAX_TEXT
    assert first.recommendation_id == rec.id
    assert first.text.startswith("Đã khắc phục: Bố trí công chức trực quầy") and first.text.endswith("…")
    assert "biên bản số 07/BB-SNV ngày 15/09/2025" in first.guidance  # the short values are kept whole
    assert "hạn khắc phục: 31/12/2026" in first.guidance and "Ủy ban nhân dân phường Thử" in first.guidance
    assert "Quầy số 3 không có người trực" in first.guidance and "…" in first.guidance
    assert first.guidance.endswith("(Nội dung trích dẫn đã rút gọn; toàn văn trong biên bản kiểm tra số 07/BB-SNV "
                                   "ngày 15/09/2025.)")
    assert first.legal_basis == "Biên bản kiểm tra số 07/BB-SNV ngày 15/09/2025"
    # an item that fits is written in full, with no excerpt note
    assert second.text == "Đã khắc phục: Sửa ghế chờ" and "rút gọn" not in second.guidance
    assert "(chưa đánh số)" in second.guidance and "(chưa giao)" in second.guidance


def test_a_stored_template_with_a_format_spec_is_filled_without_it() -> None:
    """A copy stored before templates were checked: the spec is ignored, never executed (no N-character padding)."""
    form = _follow_up_form()
    section = next(s for s in form.sections if s.template is not None)
    from dataclasses import replace

    hostile = replace(section, template=replace(section.template, text="Đã khắc phục: {text:>999999999}{text!r}"))
    form = replace(form, sections=tuple(hostile if s is section else s for s in form.sections))
    rec = OpenRecommendation(id="r1", text="Sửa ghế", owner="", deadline=None, minutes_number="1", visit_date=None)
    item = next(s for s in expand(form, [rec]).sections if s.code == "KP").items[0]
    assert item.text == "Đã khắc phục: Sửa ghếSửa ghế"


# --- service level: a follow-up from long texts opens; a start that cannot be opened leaves nothing ------------------


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "db.sqlite", forms_dir=FORMS, demo_if_new=False)
    yield workspace
    workspace.close()


def _point(workspace: Workspace) -> uuid.UUID:
    with workspace.db.session() as session:
        unit = Unit(code="PHUONG-THU", name="Ủy ban nhân dân phường Thử", level=UnitLevel.WARD)
        session.add(unit)
        session.flush()
        point = ReceptionPoint(unit_id=unit.id, name="Trung tâm Phục vụ hành chính công phường Thử", address="Số 1")
        session.add(point)
        session.flush()
        return point.id


def _finished_visit_with(workspace: Workspace, point_id: uuid.UUID, note: str, recommendation: str) -> uuid.UUID:
    with workspace.db.session() as session:
        visit = start_visit(session, point_id, form_code="KTCV-MC", user_id=someone(session), planned_date=date.today() - timedelta(days=40))
        visit.started_at = utcnow() - timedelta(days=40)
        visit.minutes_number = "07/BB-SNV"
        first_item = next(visit_form(visit).items()).code  # whichever version is in effect
        answer = Answer(visit_id=visit.id, item_code=first_item, result=Result.FAIL, note=note, answered_at=utcnow())
        session.add(answer)
        session.flush()
        session.add(Recommendation(visit_id=visit.id, answer_id=answer.id, text=recommendation,
                                   owner_unit_id=session.get(ReceptionPoint, point_id).unit_id,
                                   deadline=date.today() + timedelta(days=30), status=RecommendationStatus.OPEN))
        visit.status = VisitStatus.SUBMITTED
        return visit.id


def _visit_count(workspace: Workspace) -> tuple[int, int]:
    with workspace.db.session() as session:
        visits = session.scalar(sa.select(sa.func.count()).select_from(Visit))
        started = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "visit.started"))
        return int(visits or 0), int(started or 0)


def test_a_follow_up_quoting_a_10000_character_note_and_a_4000_character_recommendation_opens(ws: Workspace) -> None:
    point_id = _point(ws)
    _finished_visit_with(ws, point_id, LONG_NOTE, LONG_RECOMMENDATION)
    with ws.db.session() as session:
        follow_up_id = start_visit(session, point_id, form_code="KTKP", user_id=someone(session)).id
    with ws.db.session() as session:  # a fresh session: what was stored opens
        visit = session.get(Visit, follow_up_id)
        form = visit_form(visit)
        (item,) = next(s for s in form.sections if s.code == "KP").items
        assert len(item.text) <= MAX_TEXT and len(item.guidance) <= MAX_TEXT
        assert item.text.endswith("…") and "toàn văn trong biên bản kiểm tra số 07/BB-SNV" in item.guidance
        assert "Quầy số 3 không có người trực từ 14 giờ 10" in item.guidance  # the note, quoted in part
        rec = session.get(Recommendation, uuid.UUID(item.recommendation_id))
        assert rec.text == LONG_RECOMMENDATION  # the full text, reachable from the item


def test_a_start_whose_snapshot_would_not_open_is_refused_and_leaves_nothing(ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    point_id = _point(ws)
    _finished_visit_with(ws, point_id, "Vắng quầy", "Bố trí người trực quầy")
    before = _visit_count(ws)

    def too_long(section, template, index, rec) -> Item:  # type: ignore[no-untyped-def]
        # what generation did before it quoted within limits: a text longer than an item may hold
        return Item(code=f"{section.code}-{index:02d}", text="x" * (MAX_TEXT + 1), guidance="g", legal_basis="l",
                    sipas=template.sipas, severity=template.severity, recommendation_id=rec.id)

    monkeypatch.setattr("inspector.domain.follow_up.generated_item", too_long)
    for _click in range(2):  # a second click makes no second broken visit either
        with pytest.raises(VisitError) as refused, ws.db.session() as session:
            start_visit(session, point_id, form_code="KTKP", user_id=someone(session))
        message = str(refused.value)
        assert message.startswith("Không bắt đầu được buổi kiểm tra khắc phục")
        assert "KP-01" in message and "quá giới hạn 4000" in message and "Chưa tạo buổi kiểm tra nào" in message
    assert _visit_count(ws) == before


def test_a_stored_version_that_no_longer_validates_refuses_the_start_with_a_message(ws: Workspace) -> None:
    point_id = _point(ws)
    with ws.db.session() as session:
        versions = session.scalars(sa.select(FormVersion).join(FormVersion.form).where(ChecklistFormRow.code == "KTCV-MC"))
        for version in versions:  # whichever is in effect today
            version.definition = dict(version.definition, version=2**63)  # what an unchecked file could have stored
    before = _visit_count(ws)
    with pytest.raises(VisitError, match="đã lưu không hợp lệ .*version: phải từ 1 đến 9999"), ws.db.session() as session:
        start_visit(session, point_id, form_code="KTCV-MC", user_id=someone(session))
    assert _visit_count(ws) == before


def test_parse_form_refuses_deep_data_without_recursing() -> None:
    data: dict = {}
    node = data
    for _ in range(100_000):  # far deeper than Python could recurse
        node["a"] = {}
        node = node["a"]
    with pytest.raises(FormInvalid) as refused:
        parse_form(data)
    assert "lồng nhau quá 16 tầng" in str(refused.value)


def test_the_window_shows_why_a_follow_up_cannot_start_and_no_visit_is_left(qtbot, app, options, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from inspector.store.models import Round
    from inspector.ui.app import build_main_window

    path = tmp_path / "db.sqlite"
    workspace = open_workspace(path, forms_dir=FORMS, demo_if_new=False)  # made here, without the demo data
    point_id = _point(workspace)
    with workspace.db.session() as session:
        inspector = User(username="thanhtra", full_name="Nguyễn Văn Thử", role=Role.INSPECTOR)
        session.add(inspector)
        session.flush()
        session.add(Round(name="Kiểm tra công vụ năm nay", decision_number="1/QĐ-SNV", decision_date=date.today(),
                          members=[RoundMember(user_id=inspector.id, full_name=inspector.full_name,
                                               team_role=TeamRole.LEADER)]))
    _finished_visit_with(workspace, point_id, LONG_NOTE, LONG_RECOMMENDATION)
    workspace.close()

    def too_long(section, template, index, rec) -> Item:  # type: ignore[no-untyped-def]
        return Item(code=f"{section.code}-{index:02d}", text="x" * (MAX_TEXT + 1), guidance="g", legal_basis="l",
                    sipas=template.sipas, severity=template.severity, recommendation_id=rec.id)

    monkeypatch.setattr("inspector.domain.follow_up.generated_item", too_long)
    monkeypatch.setattr("inspector.services.workspace.default_forms_dir", lambda: FORMS)
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    window = build_main_window(options, path, user="thanhtra")
    assert window is not None
    qtbot.addWidget(window)
    try:
        before = _visit_count(window.workspace)
        window.start_follow_up_visit(point_id)
        window.start_follow_up_visit(point_id)  # the second click
        assert len(warnings) == 2 and warnings[0] == warnings[1]
        title, text = warnings[0]
        assert title == "Không bắt đầu được buổi kiểm tra", title
        assert text.startswith("Không bắt đầu được buổi kiểm tra khắc phục") and "Chưa tạo buổi kiểm tra nào" in text
        assert window.visit_screen is None
        assert _visit_count(window.workspace) == before
    finally:
        window.workspace.close()
