"""The register of legal documents: parsed and placed like a form, synced to the database and audited, and the
warning for a form in use citing a document not in force (check-forms, import, start)."""

from __future__ import annotations

import os
import tomllib
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector.cli import main
from inspector.domain.catalog import Role
from inspector.domain.checklist import Citation, parse_form
from inspector.domain.legal import LegalDocument, Register, RegisterInvalid, check_citations, parse_register, vn_date
from inspector.paths import forms_dir
from inspector.services.forms import import_form_file
from inspector.services.legal import item_bases, load_register, load_register_file, register_path, sync_register
from inspector.services.visits import form_version_in_effect
from inspector.services.workspace import open_workspace
from inspector.store.models import AuditEvent, User
from inspector.store.models import LegalDocument as LegalDocumentRow

REGISTER = '''
schema = 1

[[documents]]
key = "ND-OLD"
kind = "Nghị định"
number = "61/2018/NĐ-CP"
signed_on = 2018-04-23
issuer = "Chính phủ"
title = "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"
in_force_from = 2018-06-21
in_force_until = 2025-06-30
replaced_by = ["ND-NEW"]

[[documents]]
key = "ND-NEW"
kind = "Nghị định"
number = "118/2025/NĐ-CP"
signed_on = 2025-06-09
issuer = "Chính phủ"
title = "quy định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông"
in_force_from = 2025-07-01

[[documents]]
key = "LUAT-80-2025"
kind = "Luật"
number = "80/2025/QH15"
signed_on = 2025-06-24
issuer = "Quốc hội"
title = "Cán bộ, công chức"
'''

FORM = '''
schema = 1
code = "MC"
version = 2
title = "Phiếu một cửa"
kind = "kiem_tra"
effective_from = 2025-07-01
documents = ["ND-NEW"]

[[sections]]
code = "A"
title = "Phần A"

[[sections.items]]
code = "A-01"
text = "Công chức đeo thẻ và mặc trang phục theo quy định"
guidance = "Đạt khi mọi người làm việc tại quầy, kể cả người hợp đồng, đeo thẻ."
cites = [{ doc = "ND-NEW", article = "Điều 11 khoản 2 điểm e" }, { doc = "LUAT-80-2025" }]
sipas = "cong_chuc"
severity = "nhe"

[[sections.items]]
code = "A-02"
text = "Có văn bản xin lỗi khi trễ hẹn"
guidance = "Đạt khi mọi hồ sơ trễ hẹn có văn bản xin lỗi."
cites = [{ doc = "ND-OLD", article = "Điều 8" }]
sipas = "ket_qua_dich_vu"
severity = "trung_binh"
'''


def _problems(text: str) -> list[str]:
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(tomllib.loads(text))
    return [str(p) for p in caught.value.problems]


def _folder(tmp_path: Path, register: str | None = REGISTER, **forms: str) -> Path:
    folder = tmp_path / "forms"
    (folder / "legal").mkdir(parents=True)
    if register is not None:
        register_path(folder).write_text(register, encoding="utf-8")
    for name, text in forms.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


# --- the register as data -------------------------------------------------------------------


def test_register_reads_and_prints_citations() -> None:
    register = parse_register(tomllib.loads(REGISTER))
    assert len(register) == 3 and register.get("ND-NEW") == LegalDocument(
        key="ND-NEW", kind="Nghị định", number="118/2025/NĐ-CP", signed_on=date(2025, 6, 9), issuer="Chính phủ",
        title="quy định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
        in_force_from=date(2025, 7, 1))
    assert register.citation_text(Citation("ND-NEW", "Điều 11 khoản 2 điểm e")) == \
        "Điều 11 khoản 2 điểm e Nghị định 118/2025/NĐ-CP"
    assert register.citation_text(Citation("LUAT-80-2025")) == "Luật 80/2025/QH15"
    assert register.full_title("ND-NEW") == ("Nghị định 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ quy định về "
                                            "thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông")
    form = parse_form(tomllib.loads(FORM))
    assert register.item_basis(form.item("A-01")) == "Điều 11 khoản 2 điểm e Nghị định 118/2025/NĐ-CP; Luật 80/2025/QH15"
    assert register.form_basis(form) == [register.full_title("ND-NEW")]
    assert (register.in_force("ND-OLD", date(2025, 6, 30)), register.in_force("ND-OLD", date(2025, 7, 1))) == (True, False)
    assert (register.in_force("ND-NEW", date(2025, 6, 30)), register.in_force("ND-NEW", date(2025, 7, 1))) == (False, True)
    assert register.in_force("LUAT-80-2025", date(1990, 1, 1)) and not register.in_force("KHONG-CO", date(2026, 1, 1))
    assert [vn_date(d) for d in (date(2008, 2, 14), date(2016, 9, 5), date(2018, 11, 23))] == [
        "14/02/2008", "05/9/2016", "23/11/2018"]


def test_item_without_cites_prints_its_own_basis_and_an_unknown_key_prints_itself() -> None:
    register = Register()
    form = parse_form(tomllib.loads(FORM.replace(
        'cites = [{ doc = "ND-OLD", article = "Điều 8" }]', 'legal_basis = "Chỉ thị 26/CT-TTg ngày 05/9/2016"')))
    assert register.item_basis(form.item("A-02")) == "Chỉ thị 26/CT-TTg ngày 05/9/2016"
    assert register.citation_text(Citation("ND-NEW", "Điều 3")) == "Điều 3 ND-NEW"  # a stored copy outliving an entry


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('key = "ND-NEW"', 'key = "nd new"', "văn bản 2 (nd new) › key: mã 'nd new' không hợp lệ"),
    ('key = "ND-NEW"', 'key = "ND-\\u001b[2J"', "văn bản 2 (ND-\\x1b[2J) › key: mã 'ND-\\x1b[2J' chứa ký tự điều khiển"),
    ('key = "LUAT-80-2025"', 'key = "ND-NEW"', "văn bản 3 (ND-NEW) › key: mã 'ND-NEW' bị trùng với văn bản 2 (ND-NEW)"),
    ('kind = "Luật"\n', "", "văn bản 3 (LUAT-80-2025): thiếu khóa bắt buộc 'kind'"),
    ('issuer = "Quốc hội"', 'isuer = "Quốc hội"', "văn bản 3 (LUAT-80-2025): khóa 'isuer' không có trong mẫu"),
    ('signed_on = 2025-06-24', 'signed_on = "24/6/2025"', "văn bản 3 (LUAT-80-2025) › signed_on: phải là ngày dạng 2025-07-01"),
    ('signed_on = 2025-06-24', 'signed_on = 2025-06-24T08:00:00', "› signed_on: phải là ngày dạng 2025-07-01"),
    ('in_force_until = 2025-06-30', 'in_force_until = 2018-06-20',
     "văn bản 1 (ND-OLD) › in_force_until: ngày hết hiệu lực 20/6/2018 trước ngày có hiệu lực 21/6/2018"),
    ('replaced_by = ["ND-NEW"]', 'replaced_by = ["ND-999"]', "văn bản 1 (ND-OLD) › replaced_by: mã 'ND-999' không có trong danh mục"),
    ('replaced_by = ["ND-NEW"]', 'replaced_by = ["ND-OLD"]', "replaced_by: văn bản không thể thay thế chính nó"),
    ('replaced_by = ["ND-NEW"]', 'replaced_by = "ND-NEW"', "replaced_by: phải là danh sách mã văn bản"),
    ('number = "80/2025/QH15"', 'number = "' + "8" * 61 + '"', "văn bản 3 (LUAT-80-2025) › number: dài 61 ký tự, quá giới hạn 60"),
    ('title = "Cán bộ, công chức"', 'title = "' + "Cán bộ " * 200 + '"', "› title: dài 1399 ký tự, quá giới hạn 1000"),
    ('issuer = "Quốc hội"', 'issuer = "   "', "văn bản 3 (LUAT-80-2025) › issuer: không được để trống"),
    ("schema = 1", "schema = 2", "schema: phiên bản định dạng 2 không được hỗ trợ"),
])
def test_register_problems_are_placed(old: str, new: str, expected: str) -> None:
    assert old in REGISTER
    problems = _problems(REGISTER.replace(old, new))
    assert any(expected in p for p in problems), problems


def test_register_texts_are_cleaned() -> None:
    text = REGISTER.replace('issuer = "Quốc hội"', 'issuer = "Quo\\u0302\\u0301c  ho\\u0323\\u0302i\\u200b"')
    assert parse_register(tomllib.loads(text)).get("LUAT-80-2025").issuer == "Quốc hội"  # type: ignore[union-attr]


def test_readme_register_example_is_valid() -> None:
    readme = (forms_dir() / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n")[3].split("```", 1)[0]
    register = parse_register(tomllib.loads(example))
    assert register.full_title("ND-118-2025").startswith("Nghị định 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ")


def test_a_register_file_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "documents.toml"
    os.mkfifo(fifo)
    (error,) = load_register_file(fifo)  # type: ignore[misc]
    assert "không phải tệp thông thường" in str(error)
    deep = tmp_path / "deep.toml"
    deep.write_text("schema = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (error,) = load_register_file(deep)  # type: ignore[misc]
    assert "lồng nhau quá" in str(error)


# --- the database copy ----------------------------------------------------------------------


def test_sync_upserts_by_key_and_audits(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        with ws.db.session() as session:
            assert load_register(session).full_title("ND-NEW") == parse_register(tomllib.loads(REGISTER)).full_title("ND-NEW")
            added = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "legal_document.added")).all()
            assert sorted(e.after["key"] for e in added) == ["LUAT-80-2025", "ND-NEW", "ND-OLD"]
            assert next(e for e in added if e.after["key"] == "ND-OLD").after["in_force_until"] == "2025-06-30"

        register_path(folder).write_text(REGISTER.replace('title = "Cán bộ, công chức"', 'title = "cán bộ, công chức"')
                                         .replace('in_force_from = 2025-07-01\n', ""), encoding="utf-8")
        with ws.db.session() as session:
            result = sync_register(session, register_path(folder))
            assert (sorted(result.changed), result.added, sorted(result.unchanged)) == (
                ["LUAT-80-2025", "ND-NEW"], [], ["ND-OLD"])
            changed = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "legal_document.changed")
                                      .order_by(AuditEvent.at)).all()
            assert [(e.before, e.after) for e in changed] == [
                ({"key": "ND-NEW", "in_force_from": "2025-07-01"}, {"key": "ND-NEW", "in_force_from": None}),
                ({"key": "LUAT-80-2025", "title": "Cán bộ, công chức"}, {"key": "LUAT-80-2025", "title": "cán bộ, công chức"}),
            ]
            assert sync_register(session, register_path(folder)).changed == []  # nothing new: nothing audited

        register_path(folder).write_text(REGISTER.replace('key = "ND-NEW"', 'key = "nd new"'), encoding="utf-8")
        with ws.db.session() as session:
            result = sync_register(session, register_path(folder))
            assert result.added == result.changed == [] and "key: mã 'nd new' không hợp lệ" in str(result.errors[0])
            assert session.scalar(sa.select(sa.func.count()).select_from(LegalDocumentRow)) == 3  # kept as it was
    finally:
        ws.close()


def test_a_bad_register_is_reported_at_start_and_the_app_opens(tmp_path: Path) -> None:
    folder = _folder(tmp_path, REGISTER.replace('replaced_by = ["ND-NEW"]', 'replaced_by = ["ND-999"]'),
                     MC_v1=FORM.replace("version = 2", "version = 1").replace("effective_from = 2025-07-01\n", "")
                     .replace("documents = [\"ND-NEW\"]\n", "").replace('cites = [{ doc = "ND-OLD", article = "Điều 8" }]',
                                                                       'legal_basis = "Chỉ thị 26/CT-TTg"')
                     .replace('cites = [{ doc = "ND-NEW", article = "Điều 11 khoản 2 điểm e" }, { doc = "LUAT-80-2025" }]',
                              'legal_basis = "Quyết định 129/2007/QĐ-TTg"'))
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        assert [str(e) for e in ws.forms.errors] == [
            "documents.toml — văn bản 1 (ND-OLD) › replaced_by: mã 'ND-999' không có trong danh mục"]
        assert ws.forms.added == [("MC", 1)]  # the forms still load
    finally:
        ws.close()


def test_start_refuses_a_form_citing_an_unknown_document_and_warns_for_forms_in_use(tmp_path: Path) -> None:
    unknown = FORM.replace("version = 2", "version = 3").replace("2025-07-01", "2099-01-01").replace(
        '{ doc = "LUAT-80-2025" }', '{ doc = "LUAT-99" }')
    folder = _folder(tmp_path, MC_v2=FORM, MC_v3=unknown)
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        assert [str(e) for e in ws.forms.errors] == [
            "MC_v3.toml — nội dung A-01: dẫn chiếu văn bản mã 'LUAT-99' không có trong danh mục văn bản pháp luật "
            "(forms/legal/documents.toml)"]
        assert ws.forms.added == [("MC", 2)]
        assert [str(w) for w in ws.forms.warnings] == [
            "MC_v2.toml — nội dung A-02: dẫn chiếu Nghị định 61/2018/NĐ-CP (ND-OLD), văn bản đã hết "
            "hiệu lực từ ngày 01/07/2025 (hiệu lực đến hết ngày 30/06/2025); được thay thế bởi Nghị định "
            "118/2025/NĐ-CP (ND-NEW)"]
        with ws.db.session() as session:
            form = parse_form(form_version_in_effect(session, "MC", date(2026, 12, 1)).definition)
            assert item_bases(session, form) == {
                "A-01": "Điều 11 khoản 2 điểm e Nghị định 118/2025/NĐ-CP; Luật 80/2025/QH15",
                "A-02": "Điều 8 Nghị định 61/2018/NĐ-CP"}
    finally:
        ws.close()


def test_no_warning_for_a_version_kept_only_for_history(tmp_path: Path) -> None:
    old = FORM.replace("version = 2", "version = 1").replace("effective_from = 2025-07-01", "effective_from = 2018-07-01")
    fixed = FORM.replace('cites = [{ doc = "ND-OLD", article = "Điều 8" }]', 'cites = [{ doc = "ND-NEW", article = "Điều 12 khoản 5" }]')
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=_folder(tmp_path, MC_v1=old, MC_v2=fixed), demo_if_new=False)
    try:
        assert ws.forms.errors == [] and ws.forms.warnings == []  # v1 cites ND-OLD, but no new visit uses v1
    finally:
        ws.close()


def test_check_citations_names_item_document_end_and_replacement() -> None:
    register = parse_register(tomllib.loads(REGISTER))
    form = parse_form(tomllib.loads(FORM))
    problems, warnings = check_citations(form, register, date(2025, 6, 30))
    assert problems == []
    assert [str(w) for w in warnings] == [
        "documents: dẫn chiếu Nghị định 118/2025/NĐ-CP (ND-NEW), văn bản chưa có hiệu lực vào ngày 30/06/2025 "
        "(có hiệu lực từ ngày 01/07/2025)",
        "nội dung A-01: dẫn chiếu Nghị định 118/2025/NĐ-CP (ND-NEW), văn bản chưa có hiệu lực vào "
        "ngày 30/06/2025 (có hiệu lực từ ngày 01/07/2025)",
    ]
    _, warnings = check_citations(form, register, date(2026, 12, 1))
    assert [w.place for w in warnings] == ["nội dung A-02"] and "được thay thế bởi Nghị định 118/2025/NĐ-CP" in warnings[0].message


# --- check-forms and the import -------------------------------------------------------------


def test_check_forms_warns_with_exit_zero(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path, MC_v2=FORM)
    assert main(["check-forms", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "OK   legal/documents.toml: 3 văn bản" in out and "OK   MC_v2.toml: MC v2, 2 nội dung" in out
    assert err.splitlines() == [
        "CẢNH BÁO  MC_v2.toml — nội dung A-02: dẫn chiếu Nghị định 61/2018/NĐ-CP (ND-OLD), văn bản "
        "đã hết hiệu lực từ ngày 01/07/2025 (hiệu lực đến hết ngày 30/06/2025); được thay thế bởi Nghị định "
        "118/2025/NĐ-CP (ND-NEW)"]


def test_check_forms_refuses_an_unknown_document_and_a_bad_register(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path, MC_v2=FORM.replace('doc = "LUAT-80-2025"', 'doc = "LUAT-99"'))
    assert main(["check-forms", str(folder)]) == 1
    err = capsys.readouterr().err
    assert ("LỖI  MC_v2.toml — nội dung A-01: dẫn chiếu văn bản mã 'LUAT-99' không có trong danh mục văn bản pháp "
            "luật") in err
    register_path(folder).write_text(REGISTER.replace("signed_on = 2025-06-24", 'signed_on = "hôm qua"'), encoding="utf-8")
    assert main(["check-forms", str(folder)]) == 1
    assert "LỖI  documents.toml — văn bản 3 (LUAT-80-2025) › signed_on: phải là ngày" in capsys.readouterr().err


def test_import_warns_and_refuses_unknown_documents(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=folder, demo_if_new=False)
    try:
        with ws.db.session() as session:
            admin = User(username="quantri", full_name="Quản Trị", role=Role.ADMIN)
            session.add(admin)
            session.flush()
            admin_id: uuid.UUID = admin.id
        bad = tmp_path / "MC_v2_bad.toml"
        bad.write_text(FORM.replace('doc = "LUAT-80-2025"', 'doc = "LUAT-99"'), encoding="utf-8")
        good = tmp_path / "MC_v2.toml"
        good.write_text(FORM, encoding="utf-8")
        with ws.db.session() as session:
            refused = import_form_file(session, bad, admin_id)
            assert not refused.ok and "'LUAT-99' không có trong danh mục" in str(refused.errors[0])
            imported = import_form_file(session, good, admin_id)
            assert imported.ok and (imported.code, imported.version) == ("MC", 2)
            assert [str(w) for w in imported.warnings] == [
                "MC_v2.toml — nội dung A-02: dẫn chiếu Nghị định 61/2018/NĐ-CP (ND-OLD), văn bản "
                "đã hết hiệu lực từ ngày 01/07/2025 (hiệu lực đến hết ngày 30/06/2025); được thay thế bởi Nghị định "
                "118/2025/NĐ-CP (ND-NEW)"]
    finally:
        ws.close()


def test_forms_dialog_shows_start_warnings_and_import_warnings(qtbot, app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from inspector.ui.forms_dialog import FormsDialog

    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: messages.append(("info", text)))
    ws = open_workspace(tmp_path / "db.sqlite", forms_dir=_folder(tmp_path, MC_v2=FORM), demo_if_new=False)
    try:
        with ws.db.session() as session:
            admin = User(username="quantri", full_name="Quản Trị", role=Role.ADMIN)
            session.add(admin)
            session.flush()
            admin_id = admin.id
        dialog = FormsDialog(ws, admin_id, backup_folder=tmp_path / "backups")
        qtbot.addWidget(dialog)
        assert dialog.errors is None and dialog.warnings is not None
        assert "MC_v2.toml — nội dung A-02: dẫn chiếu Nghị định 61/2018/NĐ-CP" in dialog.warnings.toPlainText()
        newer = tmp_path / "MC_v4.toml"
        newer.write_text(FORM.replace("version = 2", "version = 4"), encoding="utf-8")
        assert dialog.import_file(newer)
        ((kind, text),) = messages
        assert kind == "warning" and "MC_v4.toml — nội dung A-02: dẫn chiếu Nghị định 61/2018/NĐ-CP" in text
    finally:
        ws.close()
