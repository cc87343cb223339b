"""Signed data packages (services/packages.py): a package made on one database, imported on another; every
hostile file (tampered, truncated, replayed, unknown or revoked signer, extra parts, zip bombs, path
traversal, oversize parts) refused with its reason and the receiving database unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector.services import packages
from inspector.services.access import AccessDenied
from inspector.services.packages import PackageRefused
from inspector.store.models import AuditEvent, Base, ImportedPackage, Meta
from tests.people import people_of

BLOB = b"\xff\xd8\xff\xe0 a photo of the reception desk " * 40


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fake_changeset(origin: str = "a" * 32, *, visit: str = "1" * 32, updated: str = "2026-11-30T08:00:00+00:00") -> Any:
    """Shaped like services.sync.changes.Changeset: enough for the file format, the signature and the refusals."""
    return SimpleNamespace(origin=origin, blobs={_sha(BLOB): BLOB}, rows={
        "visits": [{"id": visit, "updated_at": updated, "notes": "Tiếp dân đúng lịch"}],
        "answers": [{"id": f"{i:032x}", "visit_id": visit, "item_code": f"1.{i}", "result": "dat"} for i in range(3)],
    })


def state(db) -> dict[str, tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Rows per table and a hash of their content: equal before and after means nothing changed."""
    out = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
            out[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


@pytest.fixture
def signer() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def made(tmp_path: Path, signer: Ed25519PrivateKey) -> Path:
    target = tmp_path / f"goi{packages.SUFFIX}"
    packages.write_package(fake_changeset(), target, key=signer, source="Thanh tra tỉnh A", visit_ids=["1" * 32])
    return target


def trust(db, key: Ed25519PrivateKey, name: str = "Thanh tra tỉnh A") -> None:  # type: ignore[no-untyped-def]
    admin = people_of(db).admin
    with db.session() as session:
        packages.trust_signer(session, packages._public_hex(key), name, user_id=admin)


def rebuild(source: Path, target: Path, *, change: Callable[[str, bytes], bytes | None] = lambda n, d: d,
            extra: dict[str, bytes] | None = None, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of a package zip with entries changed (None drops one) or added, written as an attacker would."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compress) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def refused(db, path: Path) -> PackageRefused:  # type: ignore[no-untyped-def]
    """The import of ``path`` by the clerk, refused: the reason, and nothing changed (the whole database)."""
    before = state(db)
    clerk = people_of(db).clerk
    with pytest.raises(PackageRefused) as caught:
        with db.session() as session:
            packages.import_package(session, path, user_id=clerk)
    with pytest.raises(PackageRefused):
        with db.read() as session:
            packages.preview_import(session, path, user_id=clerk)
    assert state(db) == before
    assert "không" in str(caught.value).lower()
    return caught.value


# --- the file ------------------------------------------------------------------------------------------


def test_a_package_holds_a_signed_manifest_of_every_part(made: Path, signer: Ed25519PrivateKey) -> None:
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        manifest_bytes = archive.read("manifest.json")
        signature = bytes.fromhex(archive.read("manifest.sig").decode())
        manifest = json.loads(manifest_bytes)
        assert names[:2] == ["manifest.json", "manifest.sig"]
        assert sorted(names[2:]) == sorted(p["path"] for p in manifest["parts"])
        for part in manifest["parts"]:
            data = archive.read(part["path"])
            assert (len(data), _sha(data)) == (part["size"], part["sha256"])
    signer.public_key().verify(signature, manifest_bytes)
    assert manifest["format"] == "inspector-package" and manifest["version"] == 1
    assert len(manifest["package_id"]) == 32 and manifest["origin"] == "a" * 32
    assert manifest["source_name"] == "Thanh tra tỉnh A"
    assert manifest["signer"] == packages._public_hex(signer)
    assert manifest["contents"]["tables"] == {"visits": 1, "answers": 3}
    assert manifest["contents"]["visits"] == ["1" * 32]
    assert f"blobs/{_sha(BLOB)}" in names

    package = packages.read_package(made, with_blobs=True)
    assert package.rows["answers"][2]["item_code"] == "1.2"
    assert package.blobs == {_sha(BLOB): BLOB}


def test_the_key_is_made_once_per_database_and_kept_in_it(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        first = packages.own_key(session)
    with db.session() as session:
        again = packages.own_key(session)
        stored = session.get(Meta, "signing_key")
        assert stored is not None and len(stored.value) == 64
    assert first == again
    assert len(first.fingerprint.split()) == 8 and first.fingerprint == packages.fingerprint(first.public_key)
    with db.read() as session:
        assert first.origin == session.get(Meta, "origin").value


# --- the signers this database trusts ---------------------------------------------------------------


def test_only_an_administrator_registers_a_signer_and_a_wrong_fingerprint_is_refused(db, signer) -> None:  # type: ignore[no-untyped-def]
    who = people_of(db)
    public = packages._public_hex(signer)
    with pytest.raises(AccessDenied), db.session() as session:
        packages.trust_signer(session, public, "Tỉnh A", user_id=who.supervisor)
    with pytest.raises(PackageRefused) as caught, db.session() as session:
        packages.trust_signer(session, public, "Tỉnh A", user_id=who.admin, expected_fingerprint="0000 1111")
    assert caught.value.reason == "fingerprint"
    with db.session() as session:
        row = packages.trust_signer(session, public, "Tỉnh A", user_id=who.admin,
                                    expected_fingerprint=packages.fingerprint(public).lower().replace(" ", "-"))
        assert row.revoked_at is None
        assert session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq.desc())).first() == \
            "package.signer_trusted"
    with db.read() as session:
        assert [s.name for s in packages.list_signers(session)] == ["Tỉnh A"]


# --- hostile packages: each refused with its reason, nothing changed -----------------------------------


def test_unknown_then_trusted_then_revoked_signer(db, made: Path, signer) -> None:  # type: ignore[no-untyped-def]
    assert refused(db, made).reason == "unknown_signer"
    assert packages.fingerprint(packages._public_hex(signer)) in str(refused(db, made))
    trust(db, signer)
    with db.read() as session:
        package = packages.check_package(session, packages.read_package(made))
    assert package.signer_name == "Thanh tra tỉnh A"
    with db.session() as session:
        packages.revoke_signer(session, packages.fingerprint(package.signer), user_id=people_of(db).admin)
    assert refused(db, made).reason == "revoked_signer"


def test_a_changed_byte_in_a_part_is_refused(db, made: Path, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)

    def flip(name: str, data: bytes) -> bytes:
        return data.replace(b'"dat"', b'"kdat"', 1) if name == "rows/answers.jsonl" else data

    bad = refused(db, rebuild(made, tmp_path / "part.ktcv.zip", change=flip))
    assert bad.reason == "tampered" and "rows/answers.jsonl" in str(bad)

    def flip_blob(name: str, data: bytes) -> bytes:
        return data[:-1] + b"X" if name.startswith("blobs/") else data

    assert refused(db, rebuild(made, tmp_path / "blob.ktcv.zip", change=flip_blob)).reason == "tampered"


def test_a_changed_byte_on_disk_is_refused(db, made: Path, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Inside a stored (uncompressed) photo: the zip's own CRC or the manifest's hash catches it."""
    trust(db, signer)
    raw = bytearray(made.read_bytes())
    at = raw.index(BLOB[:20]) + 100
    raw[at] ^= 0x01
    target = tmp_path / "disk.ktcv.zip"
    target.write_bytes(bytes(raw))
    assert refused(db, target).reason == "tampered"


def test_a_changed_manifest_is_refused(db, made: Path, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)

    def more_visits(name: str, data: bytes) -> bytes:
        return data.replace(b"Thanh tra", b"Thanh trA", 1) if name == "manifest.json" else data

    bad = refused(db, rebuild(made, tmp_path / "manifest.ktcv.zip", change=more_visits))
    assert bad.reason == "tampered" and "chữ ký" in str(bad)

    def other_signature(name: str, data: bytes) -> bytes:
        return Ed25519PrivateKey.generate().sign(b"x").hex().encode() if name == "manifest.sig" else data

    assert refused(db, rebuild(made, tmp_path / "sig.ktcv.zip", change=other_signature)).reason == "tampered"


def test_a_package_re_signed_by_someone_else_is_an_unknown_signer(db, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)
    forged = tmp_path / "forged.ktcv.zip"
    packages.write_package(fake_changeset(), forged, key=Ed25519PrivateKey.generate(), source="Thanh tra tỉnh A")
    assert refused(db, forged).reason == "unknown_signer"


def test_truncated_packages_are_refused(db, made: Path, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)
    raw = made.read_bytes()
    for cut in (len(raw) // 2, len(raw) - 10, 30):
        target = tmp_path / f"cut{cut}.ktcv.zip"
        target.write_bytes(raw[:cut])
        assert refused(db, target).reason == "truncated"
    no_part = rebuild(made, tmp_path / "nopart.ktcv.zip",
                      change=lambda n, d: None if n == "rows/answers.jsonl" else d)
    bad = refused(db, no_part)
    assert bad.reason == "truncated" and "rows/answers.jsonl" in str(bad)
    no_sig = rebuild(made, tmp_path / "nosig.ktcv.zip", change=lambda n, d: None if n == "manifest.sig" else d)
    assert refused(db, no_sig).reason == "truncated"


def test_an_extra_part_is_refused(db, made: Path, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)
    evil = b"not in the manifest"
    bad = refused(db, rebuild(made, tmp_path / "extra.ktcv.zip", extra={f"blobs/{_sha(evil)}": evil}))
    assert bad.reason == "extra_part"
    assert refused(db, rebuild(made, tmp_path / "extra2.ktcv.zip", extra={"rows/users.jsonl": b"{}\n"})).reason == \
        "extra_part"


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "rows/../../x.jsonl", "C:\\evil.jsonl",
                                  "rows/ANSWERS.jsonl", "blobs/short"])
def test_unsafe_names_are_refused(db, made: Path, signer, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)
    assert refused(db, rebuild(made, tmp_path / "names.ktcv.zip", extra={name: b"x"})).reason == "unsafe_name"


def test_zip_bombs_and_oversize_parts_are_refused(db, made: Path, signer, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    trust(db, signer)
    monkeypatch.setattr(packages, "BOMB_FLOOR", 10_000)
    zeros = bytes(2_000_000)  # deflates ~1000 times smaller
    bad = refused(db, rebuild(made, tmp_path / "bomb.ktcv.zip", extra={f"blobs/{_sha(zeros)}": zeros}))
    assert bad.reason == "too_large" and "bom zip" in str(bad)
    monkeypatch.setattr(packages, "MAX_PART_BYTES", len(BLOB) - 1)
    assert refused(db, made).reason == "too_large"


def test_a_package_to_the_databases_own_registers_is_refused(db, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trust(db, signer)
    sneaky = fake_changeset()
    sneaky.rows["trusted_signers"] = [{"public_key": "ab" * 32, "name": "kẻ gian"}]
    target = tmp_path / "sneaky.ktcv.zip"
    packages.write_package(sneaky, target, key=signer, source="Thanh tra tỉnh A")
    assert refused(db, target).reason == "forbidden_table"


def test_replays_are_refused(db, signer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same package again, or an older export of visits a newer package already brought."""
    trust(db, signer)
    older = tmp_path / "older.ktcv.zip"
    packages.write_package(fake_changeset(updated="2026-11-01T08:00:00+00:00"), older, key=signer, source="A")
    newer = tmp_path / "newer.ktcv.zip"
    packages.write_package(fake_changeset(updated="2026-11-30T08:00:00+00:00"), newer, key=signer, source="A")
    package = packages.read_package(newer)
    with db.session() as session:  # as import_package records it (the rows' import is test_import_*'s)
        session.add(ImportedPackage(package_id=package.package_id, sha256=package.sha256, signer=package.signer,
                                    exported_at=package.created_at, summary={"origin": package.origin,
                                                                             "visits": package.visit_ids}))
    assert refused(db, newer).reason == "replayed"
    bad = refused(db, older)
    assert bad.reason == "replayed" and "cũ hơn" in str(bad)


def test_a_package_from_this_database_itself_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        origin = session.get(Meta, "origin").value
        key = packages._private_key(session, create=True)
    target = tmp_path / "own.ktcv.zip"
    packages.write_package(fake_changeset(origin), target, key=key, source="here")
    assert refused(db, target).reason == "own_package"


def test_not_a_package(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "notes.ktcv.zip"
    text.write_text("xin chào")
    assert refused(db, text).reason == "truncated"
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
        archive.writestr("manifest.sig", "00")
    assert refused(db, other).reason == "not_a_package"



# --- a package from office A imported at office B -------------------------------------------------------


def _visit_at(db, who, unit: str) -> Any:  # type: ignore[no-untyped-def]
    """A visit by kiemtra1 at ``unit``'s reception point: two results, a note and a photo."""
    from inspector.domain.workflow import Result
    from inspector.services.inspection import Inspection
    from inspector.services.rounds import start_unannounced
    from inspector.store.models import ReceptionPoint, Unit
    from tests.test_inspection import jpeg

    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == unit)).one()
        visit_id = start_unannounced(session, point.id, user_id=who.inspector).id
    inspection = Inspection(db, who.inspector)
    inspection.set_result(visit_id, "KL-01", Result.PASS)
    inspection.set_result(visit_id, "NY-01", Result.FAIL)
    inspection.set_note(visit_id, "NY-01", "Bảng niêm yết thủ tục đã cũ, thiếu hai thủ tục mới")
    inspection.add_photo_bytes(visit_id, "NY-01", jpeg(320, 200), "niem-yet.jpg", "Bảng niêm yết")
    return visit_id


def _office_pair(tmp_path: Path, b_target: str | None = None):  # type: ignore[no-untyped-def]
    """Office A (the demo) and office B, whose catalogue and people came from A (as offices whose reference data
    came from one place, here through services.sync.changes): B on SQLite, or (``b_target``) on a PostgreSQL
    server. B has its own origin and its own history."""
    from inspector.services.workspace import open_workspace

    a = open_workspace(tmp_path / "a.sqlite", demo_if_new=True, demo_history=False)
    b = open_workspace(b_target or tmp_path / "b.sqlite", demo_if_new=False)
    _copy_reference(a.db, b.db)
    return a, b


def _copy_reference(source, target) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.sync import changes

    with target.session() as session:  # the forms and legal register every new database loads: A's instead
        for name in reversed(changes.REFERENCE):
            session.execute(changes.table(name).delete())
    with source.read() as session:
        rows = {name: changes._select_rows(session, name) for name in changes.REFERENCE}
        origin = changes.origin_of(session)
    with target.session() as session:
        changes.apply_unchecked(session, changes.Changeset(origin=origin, rows=rows), peer=origin, peer_kind="server")


def _visit_state(db, visit_ids) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The visits' own rows as services.sync.changes sees them (no check-out, no history)."""
    from inspector.services.sync.changes import collect_visits

    with db.read() as session:
        found = collect_visits(session, visit_ids, with_reference=False, with_history=False)
    rows = {name: sorted(json.dumps(r, sort_keys=True) for r in part) for name, part in found.rows.items()}
    for name in ("visits",):
        rows[name] = sorted(json.dumps({k: v for k, v in json.loads(r).items()
                                        if k not in ("checked_out_to", "checked_out_by_id", "checked_out_at")},
                                       sort_keys=True) for r in rows[name])
    return {"rows": rows, "blobs": sorted(found.blobs)}


def _exchange(tmp_path: Path, a, b) -> None:  # type: ignore[no-untyped-def]
    from inspector.services import verify as verifying

    wa, wb = people_of(a.db), people_of(b.db)
    visits = [_visit_at(a.db, wa, "Ủy ban nhân dân phường Trà Vinh"), _visit_at(a.db, wa, "Ủy ban nhân dân phường Hòa Thuận")]
    target = tmp_path / f"tinh-a{packages.SUFFIX}"
    with a.db.session() as session:
        made = packages.export_visits(session, visits, target, user_id=wa.inspector)
        key = packages.own_key(session)
    assert made.visits == 2 and made.tables["answers"] >= 2 and made.blobs == 1

    assert refused(b.db, target).reason == "unknown_signer"  # B does not know A's key yet
    with b.db.session() as session:  # the administrator types the key read out by phone, with its fingerprint
        packages.trust_signer(session, key.public_key, "Thanh tra tỉnh A", user_id=wb.admin,
                              expected_fingerprint=key.fingerprint)

    before = state(b.db)
    with b.db.read() as session:
        shown = packages.preview_import(session, target, user_id=wb.clerk)
    assert state(b.db) == before  # a preview changes nothing
    assert shown.counts["new"] >= 2 + made.tables["answers"] and shown.counts["conflict"] == 0
    assert {item.visit_id for item in shown.items if item.table == "visits"} == {v.hex for v in visits}
    assert all(item.summary for item in shown.items)

    with b.db.session() as session:
        done = packages.import_package(session, target, user_id=wb.clerk, expected_sha256=shown.package.sha256)
    assert done.visits == 2 and done.conflicts == 0 and done.applied["visits"] == 2
    assert _visit_state(b.db, visits) == _visit_state(a.db, visits)
    with b.db.read() as session:
        record = session.get(ImportedPackage, made.package_id)
        assert record is not None and record.sha256 == made.sha256 and record.imported_by_id == wb.clerk
        actions = list(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.origin == "")))
        assert "package.imported" in actions
        report = verifying.verify(session, [])
    assert report.ok, report.summary()

    assert refused(b.db, target).reason == "replayed"  # the same package again
    with b.db.session() as session:
        packages.revoke_signer(session, key.fingerprint, user_id=wb.admin)
    again = tmp_path / f"lan-hai{packages.SUFFIX}"
    with a.db.session() as session:
        packages.export_visits(session, visits, again, user_id=wa.inspector)
    assert refused(b.db, again).reason == "revoked_signer"


def test_import_a_package_from_another_office(tmp_path: Path) -> None:
    a, b = _office_pair(tmp_path)
    try:
        _exchange(tmp_path, a, b)
    finally:
        a.close()
        b.close()


def test_import_a_package_into_an_office_server(tmp_path: Path, pg) -> None:  # type: ignore[no-untyped-def]
    name = pg.create_database("office_b")
    a, b = _office_pair(tmp_path, pg.url(name))
    try:
        _exchange(tmp_path, a, b)
    finally:
        a.close()
        b.close()
        pg.drop_database(name)


# --- the command line ---------------------------------------------------------------------------------


def _password(db, *usernames: str) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.accounts import hash_password
    from inspector.store.models import User

    with db.session() as session:
        for user in session.scalars(sa.select(User).where(User.username.in_(usernames))):
            user.password_hash = hash_password("mat-khau-du-dai-1")


def _cli(*args: str) -> tuple[int, str, str]:
    import contextlib
    import io
    import os

    from inspector.cli import main

    read, write = os.pipe()
    os.write(write, b"mat-khau-du-dai-1\n")
    os.close(write)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--password-fd", str(read)])
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_exports_trusts_previews_and_imports(tmp_path: Path) -> None:
    a, b = _office_pair(tmp_path)
    try:
        wa = people_of(a.db)
        visit = _visit_at(a.db, wa, "Ủy ban nhân dân phường Trà Vinh")
        for db in (a.db, b.db):
            _password(db, "kiemtra1", "vanthu", "quantri")
        db_a, db_b = str(a.db.path), str(b.db.path)
    finally:
        a.close()
        b.close()
    target = tmp_path / "goi.ktcv.zip"
    code, out, err = _cli("package", "export", "-o", str(target), "--visit", visit.hex[:8], "--database", db_a,
                          "--user", "kiemtra1")
    assert code == 0, err
    assert "Đã xuất 1 buổi kiểm tra" in out and target.exists()
    code, key_out, err = _cli("package", "key", "--database", db_a)
    fingerprint = key_out.split("Dấu vân tay:")[1].split("\n")[0].strip()
    assert code == 0 and fingerprint in out

    code, out, err = _cli("package", "import", str(target), "--database", db_b, "--user", "vanthu")
    assert code == 2 and "chưa được tin cậy" in err
    code, out, err = _cli("package", "trust", "--package", str(target), "--name", "Thanh tra tỉnh A",
                          "--database", db_b, "--user", "quantri")
    assert code == 2 and fingerprint in err  # told to check the fingerprint by phone first
    code, out, err = _cli("package", "trust", "--package", str(target), "--name", "Thanh tra tỉnh A",
                          "--fingerprint", fingerprint, "--database", db_b, "--user", "vanthu")
    assert code == 2 and "quản trị" in err  # only an administrator
    code, out, err = _cli("package", "trust", "--package", str(target), "--name", "Thanh tra tỉnh A",
                          "--fingerprint", fingerprint, "--database", db_b, "--user", "quantri")
    assert code == 0, err

    code, out, err = _cli("package", "import", str(target), "--database", db_b, "--user", "vanthu")
    assert code == 0, err
    assert "Buổi kiểm tra: 1 mới" in out and "Chưa thay đổi gì" in out
    code, out, err = _cli("package", "import", str(target), "--database", db_b, "--user", "vanthu", "--yes")
    assert code == 0, err
    assert "Đã nhập gói" in out and "0 xung đột" in out
    code, out, err = _cli("package", "import", str(target), "--database", db_b, "--user", "vanthu", "--yes")
    assert code == 2 and "đã được nhập" in err
