"""The checklist forms shipped in forms/: complete, Vietnamese, stable."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from inspector.domain.checklist import FormKind, ItemType
from inspector.domain.sipas import SipasCriterion
from inspector.paths import forms_dir
from inspector.services.form_loader import LoadedForm, load_form_bytes, load_forms_dir

LOCK = forms_dir() / "released.lock"
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@pytest.fixture(scope="module")
def shipped() -> list[LoadedForm]:
    report = load_forms_dir(forms_dir())
    assert report.errors == []
    return report.forms


def test_every_file_loads(shipped: list[LoadedForm]) -> None:
    files = sorted(p.name for p in forms_dir().glob("*.toml"))
    assert sorted(f.path.name for f in shipped) == files
    assert {f.form.code for f in shipped} >= {"KTCV-MC", "KTKP"}


def test_files_are_named_by_code_and_version(shipped: list[LoadedForm]) -> None:
    for loaded in shipped:
        assert loaded.path.name == f"{loaded.form.code}_v{loaded.form.version}.toml"


def test_main_checklist_covers_the_sections_and_size(shipped: list[LoadedForm]) -> None:
    form = next(f.form for f in shipped if f.form.code == "KTCV-MC")
    titles = [s.title for s in form.sections]
    assert titles == [
        "Kỷ luật, kỷ cương hành chính",
        "Văn hóa công vụ và thái độ phục vụ",
        "Niêm yết, công khai thủ tục hành chính",
        "Cơ sở vật chất, trang thiết bị",
        "Tiếp nhận, giải quyết và trả kết quả hồ sơ",
        "Tiếp nhận, xử lý phản ánh, kiến nghị",
        "Hướng dẫn dịch vụ công trực tuyến và bưu chính công ích",
    ]
    items = list(form.items())
    assert len(items) >= 60
    assert {i.sipas for i in items} == set(SipasCriterion)  # every SIPAS criterion is inspected
    numeric = {i.code: i for i in items if i.type is ItemType.NUMERIC}
    fields = {f.code for i in numeric.values() for f in i.fields}
    # the dossier sample: checked, late, late with apology letter, supplemented more than once
    assert {"checked", "late", "late_with_apology", "supplemented_more_than_once"} <= fields
    for item in numeric.values():
        assert item.rule() is not None


def test_every_item_has_legal_basis_sipas_guidance(shipped: list[LoadedForm]) -> None:
    for loaded in shipped:
        for section in loaded.form.sections:
            for item in section.items:
                assert item.legal_basis.strip() or item.cites, item.code  # free text (v1) or register citations
                assert isinstance(item.sipas, SipasCriterion), item.code
                assert len(item.guidance) >= 20, item.code
                assert item.code.startswith(section.code + "-"), item.code


def test_codes_unique_within_each_form(shipped: list[LoadedForm]) -> None:
    for loaded in shipped:
        codes = [i.code for i in loaded.form.items()] + [s.code for s in loaded.form.sections]
        assert len(codes) == len(set(codes)), loaded.path.name


def test_codes_keep_their_meaning_across_versions(shipped: list[LoadedForm]) -> None:
    """An item code kept in a later version stays in the same section with the same SIPAS criterion."""
    by_code: dict[str, list[LoadedForm]] = defaultdict(list)
    for loaded in shipped:
        by_code[loaded.form.code].append(loaded)
    for versions in by_code.values():
        versions.sort(key=lambda f: f.form.version)
        for older, newer in zip(versions, versions[1:], strict=False):
            old = {i.code: (s.code, i.sipas) for s in older.form.sections for i in s.items}
            new = {i.code: (s.code, i.sipas) for s in newer.form.sections for i in s.items}
            for code in old.keys() & new.keys():
                assert old[code] == new[code], f"{code} changed meaning between v{older.form.version} and v{newer.form.version}"


def test_released_versions_never_change(shipped: list[LoadedForm]) -> None:
    """forms/released.lock records each shipped version's content hash; a released version is frozen."""
    locked = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, version, digest = line.split()
            locked[(code, int(version))] = digest
    for loaded in shipped:
        key = (loaded.form.code, loaded.form.version)
        line = f"{key[0]} {key[1]} {loaded.content_hash}"
        assert key in locked, f"new form version: add this line to forms/released.lock: {line}"
        assert locked[key] == loaded.content_hash, (
            f"{loaded.path.name} changed after release: copy it to version {key[1] + 1} instead"
        )


def test_text_is_nfc_vietnamese(shipped: list[LoadedForm]) -> None:
    for path in forms_dir().glob("*.toml"):
        raw = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw), path.name
        assert "\u00d0" not in raw and "\u00f0" not in raw, f"{path.name}: Icelandic Ð/ð instead of Đ/đ"
    for loaded in shipped:
        for item in loaded.form.items():
            assert VIETNAMESE & set(item.text.lower()), f"{item.code} does not read as Vietnamese"


def test_follow_up_form_generates_its_items(shipped: list[LoadedForm]) -> None:
    form = next(f.form for f in shipped if f.form.code == "KTKP")
    assert form.kind is FormKind.FOLLOW_UP
    generated = [s for s in form.sections if s.generated is not None]
    assert len(generated) == 1 and generated[0].items == () and generated[0].template is not None


def test_lock_lists_only_shipped_forms(shipped: list[LoadedForm]) -> None:
    present = {(f.form.code, f.form.version) for f in shipped}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, version, _ = line.split()
            assert (code, int(version)) in present, f"released.lock names {code} v{version}, which is not in forms/"


def test_readme_examples_are_valid() -> None:
    """The format documentation's examples parse (documentation that lies is worse than none)."""
    readme = (forms_dir() / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```toml\n")[1:]]
    assert len(blocks) == 3  # a form's layout, a numeric item, the register of legal documents (test_legal_register)
    layout, numeric = blocks[:2]
    result = load_form_bytes((layout + numeric).encode("utf-8"), Path("README.md"))
    assert isinstance(result, LoadedForm), result
    assert result.form.item("HS-10").rule() is not None


def test_v2_dossier_counts_decide_as_an_inspector_would(shipped: list[LoadedForm]) -> None:
    """The v2 dossier sample: contradictory or incomplete counts never pass."""
    from inspector.domain.assessment import numeric_result
    from inspector.domain.workflow import Result

    v2 = next(f.form for f in shipped if (f.form.code, f.form.version) == ("KTCV-MC", 2))
    apology = v2.item("HS-10")
    # letters sent in time are among the letters sent: 2 "in time" out of 0 sent is not a pass
    assert numeric_result(apology, {"late": 2, "late_with_apology": 0, "late_apology_in_time": 2}) is Result.FAIL
    assert numeric_result(apology, {"late": 2, "late_with_apology": 2, "late_apology_in_time": 1}) is Result.FAIL
    assert numeric_result(apology, {"late": 2, "late_with_apology": 2, "late_apology_in_time": 2}) is Result.PASS
    assert numeric_result(apology, {"late": 2, "late_with_apology": 2}) is Result.UNCHECKED
    for item in v2.items():
        if item.type is ItemType.NUMERIC:
            assert item.finding, f"{item.code}: the minutes must state the values counted"
