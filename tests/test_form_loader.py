"""Checklist form files: valid ones load, broken ones say where and what is wrong."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from inspector.domain.checklist import ItemType
from inspector.domain.sipas import SipasCriterion
from inspector.domain.workflow import Result
from inspector.services.form_loader import (
    MAX_FORM_BYTES,
    FormFileError,
    LoadedForm,
    load_form_bytes,
    load_form_file,
    load_forms_dir,
)
from tests.formfactory import VALID_FORM, form_text


def _load(text: str, name: str = "form.toml") -> LoadedForm | list[FormFileError]:
    return load_form_bytes(text.encode("utf-8"), Path(name))


def _errors(text: str) -> list[str]:
    result = _load(text)
    assert isinstance(result, list), "the broken form was accepted"
    return [f"{e.place}: {e.problem}" for e in result]


def test_valid_form_loads_with_typed_items() -> None:
    result = _load(VALID_FORM)
    assert isinstance(result, LoadedForm)
    form = result.form
    assert (form.code, form.version, form.title) == ("TEST-FORM", 1, "Phiếu thử nghiệm")
    assert [s.code for s in form.sections] == ["KL", "HS"]
    first = form.item("KL-01")
    assert first.answers == (Result.PASS, Result.FAIL)
    assert first.sipas is SipasCriterion.CIVIL_SERVANTS
    assert form.item("KL-02").photo_required_on_fail
    numeric = form.item("HS-01")
    assert numeric.type is ItemType.NUMERIC
    rule = numeric.rule()
    assert rule is not None
    assert rule.evaluate({"late": 2, "late_with_apology": 2}) is True
    assert rule.evaluate({"late": 3, "late_with_apology": 1}) is False


def test_stored_definition_round_trips() -> None:
    from inspector.domain.checklist import parse_form

    loaded = _load(VALID_FORM)
    assert isinstance(loaded, LoadedForm)
    assert parse_form(loaded.definition) == loaded.form
    reformatted = _load(VALID_FORM.replace(" = ", "   =   "))
    assert isinstance(reformatted, LoadedForm)
    assert reformatted.content_hash == loaded.content_hash  # formatting is not a change


def test_decomposed_vietnamese_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", VALID_FORM)
    assert nfd != VALID_FORM
    result = _load(nfd)
    assert isinstance(result, LoadedForm)
    assert result.form.title == "Phiếu thử nghiệm"
    assert result.form.item("KL-01").text == "Công chức có mặt tại quầy trong giờ làm việc"


def test_missing_required_field_names_item_and_key() -> None:
    errors = _errors(VALID_FORM.replace('legal_basis = "Chỉ thị 26/CT-TTg"\n', ""))
    assert errors == ["phần 1 (KL) › nội dung 1 (KL-01): thiếu khóa bắt buộc 'legal_basis' hoặc 'cites'"]


def test_missing_top_level_field() -> None:
    errors = _errors(VALID_FORM.replace('title = "Phiếu thử nghiệm"\n', ""))
    assert errors == [": thiếu khóa bắt buộc 'title'"]


def test_duplicate_item_code_names_both_places() -> None:
    errors = _errors(VALID_FORM.replace('code = "KL-02"', 'code = "KL-01"'))
    assert errors == [
        "phần 1 (KL) › nội dung 2 (KL-01) › code: mã 'KL-01' bị trùng với phần 1 (KL) › nội dung 1 (KL-01)"
    ]


def test_duplicate_section_code() -> None:
    errors = _errors(VALID_FORM.replace('code = "HS"\n', 'code = "KL"\n'))
    assert errors == ["phần 2 (KL) › code: mã phần 'KL' bị trùng với phần 1 (KL)"]


def test_wrong_types_are_named() -> None:
    errors = _errors(VALID_FORM.replace("version = 1", 'version = "một"').replace(
        "photo_required_on_fail = true", 'photo_required_on_fail = "có"'))
    assert "version: phải là số nguyên, không phải chuỗi ký tự" in errors
    assert "phần 1 (KL) › nội dung 2 (KL-02) › photo_required_on_fail: phải là true hoặc false, không phải chuỗi ký tự" in errors


def test_unknown_sipas_criterion_lists_the_allowed_ones() -> None:
    errors = _errors(VALID_FORM.replace('sipas = "cong_chuc"\nseverity = "nhe"', 'sipas = "thai_do"\nseverity = "nhe"'))
    assert len(errors) == 1
    assert errors[0].startswith("phần 1 (KL) › nội dung 2 (KL-02) › sipas: giá trị 'thai_do' không hợp lệ; chọn một trong:")
    assert "tiep_can_dich_vu" in errors[0] and "phan_anh_kien_nghi" in errors[0]


def test_unknown_key_is_reported_as_a_probable_typo() -> None:
    errors = _errors(VALID_FORM.replace('severity = "nhe"', 'severity = "nhe"\nguidence = "x"'))
    assert errors == ["phần 1 (KL) › nội dung 2 (KL-02): khóa 'guidence' không có trong mẫu phiếu (gõ sai tên?)"]


def test_bad_answer_value() -> None:
    errors = _errors(VALID_FORM.replace('answers = ["dat", "khong_dat"]', 'answers = ["dat", "tot"]'))
    assert errors == ["phần 1 (KL) › nội dung 1 (KL-01) › answers: câu trả lời 'tot' không hợp lệ; chọn trong: dat, khong_dat, khong_ap_dung"]


def test_rule_using_unknown_field_or_python() -> None:
    errors = _errors(VALID_FORM.replace('pass_if = "late_with_apology >= late"', 'pass_if = "apologies >= late"'))
    assert len(errors) == 1 and "tên 'apologies' không phải trường số liệu" in errors[0]
    errors = _errors(VALID_FORM.replace('pass_if = "late_with_apology >= late"', 'pass_if = "__import__(\'os\').system(\'x\')"'))
    assert len(errors) == 1 and "pass_if" in errors[0]


def test_toml_syntax_error_gives_line() -> None:
    errors = _errors(VALID_FORM.replace('title = "Kỷ luật, kỷ cương hành chính"', 'title = "Kỷ luật'))
    assert len(errors) == 1 and errors[0].startswith(": sai cú pháp TOML") and "line" in errors[0]


def test_non_utf8_file_is_refused_with_encoding_hint(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.toml"
    path.write_bytes(VALID_FORM.encode("utf-8").replace("Phiếu".encode(), b"Phi\xea\xecu"))
    result = load_form_file(path)
    assert isinstance(result, list) and len(result) == 1
    assert result[0].path == path
    assert result[0].place.startswith("dòng 5")
    assert "không phải mã UTF-8" in result[0].problem


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as fh:
        fh.write(VALID_FORM.encode())
        fh.seek(50 * MAX_FORM_BYTES)
        fh.write(b"\n")
    result = load_form_file(path)
    assert isinstance(result, list) and len(result) == 1
    assert "vượt giới hạn" in result[0].problem and result[0].path == path


def test_empty_file() -> None:
    errors = _errors("")
    assert ": thiếu khóa bắt buộc 'code'" in errors and ": thiếu khóa bắt buộc 'sections'" in errors


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a_good.toml").write_text(form_text("GOOD-A"), encoding="utf-8")
    (tmp_path / "b_bad.toml").write_text(form_text("BAD").replace('sipas = "cong_chuc"', 'sipas = 5', 1), encoding="utf-8")
    (tmp_path / "c_good.toml").write_text(form_text("GOOD-C"), encoding="utf-8")
    (tmp_path / "d_dup.toml").write_text(form_text("GOOD-A"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a form", encoding="utf-8")
    report = load_forms_dir(tmp_path)
    assert [f.form.code for f in report.forms] == ["GOOD-A", "GOOD-C"]
    assert [(e.path.name, e.place) for e in report.errors] == [
        ("b_bad.toml", "phần 1 (KL) › nội dung 1 (KL-01) › sipas"),
        ("d_dup.toml", "code/version"),
    ]
    assert "a_good.toml" in report.errors[1].problem


def test_missing_forms_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    report = load_forms_dir(tmp_path / "nowhere")
    assert report.forms == [] and len(report.errors) == 1


@pytest.mark.parametrize("code", ["kl-01", "KL 01", "KL/01", "", "K" * 41, "Đ-01"])
def test_bad_item_codes(code: str) -> None:
    errors = _errors(VALID_FORM.replace('code = "KL-01"', f'code = "{code}"'))
    assert errors and all("KL-01" not in e or code == "" for e in errors)
    assert any("code" in e for e in errors)


FOLLOW_UP = '''
schema = 1
code = "KP-TEST"
version = 1
title = "Kiểm tra khắc phục"
kind = "kiem_tra_khac_phuc"

[[sections]]
code = "KP"
title = "Kết quả khắc phục"
generated = "kien_nghi_chua_khac_phuc"

[sections.template]
text = "Đã khắc phục: {text}"
guidance = "Hạn {deadline}, biên bản {minutes}."
legal_basis = "Biên bản số {minutes}"
sipas = "cong_chuc"
severity = "trung_binh"
'''


def test_follow_up_form_with_generated_section_loads() -> None:
    result = _load(FOLLOW_UP)
    assert isinstance(result, LoadedForm)
    section = result.form.sections[0]
    assert section.items == () and section.template is not None
    assert section.template.text == "Đã khắc phục: {text}"


def test_generated_section_only_in_follow_up_forms() -> None:
    errors = _errors(FOLLOW_UP.replace('kind = "kiem_tra_khac_phuc"', 'kind = "kiem_tra"'))
    assert errors == ['phần 1 (KP) › generated: phần tự sinh chỉ dùng trong phiếu kiểm tra khắc phục (kind = "kiem_tra_khac_phuc")']


def test_generated_section_needs_a_template_with_known_placeholders() -> None:
    errors = _errors(FOLLOW_UP.replace("{deadline}", "{han_cuoi}"))
    assert len(errors) == 1
    assert errors[0].startswith("phần 1 (KP) › template › guidance: chỗ điền '{han_cuoi}' không có; dùng:")
    errors = _errors(FOLLOW_UP.split("[sections.template]")[0])
    assert errors == ["phần 1 (KP): phần tự sinh phải có bảng [sections.template] mô tả cách viết từng nội dung"]
    errors = _errors(FOLLOW_UP.replace('generated = "kien_nghi_chua_khac_phuc"', 'generated = "tu_nghi_ra"'))
    assert len(errors) == 1 and "generated: giá trị 'tu_nghi_ra' không hợp lệ" in errors[0]


def test_hand_written_items_in_a_generated_section_are_refused() -> None:
    extra = '''
[[sections.items]]
code = "KP-01"
text = "Gõ tay"
guidance = "Không được gõ tay vào phần tự sinh."
legal_basis = "x"
sipas = "cong_chuc"
severity = "nhe"
'''
    errors = _errors(FOLLOW_UP + extra)
    assert errors == ["phần 1 (KP) › nội dung 1 (KP-01): nội dung của phần tự sinh phải do ứng dụng tạo ra (thiếu recommendation_id)"]
