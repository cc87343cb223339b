"""Signed data packages (gói dữ liệu có chữ ký) for offices without a server.

A package is one zip file (``.ktcv.zip``) that carries chosen visits from one database to another:

- ``manifest.json``: format and version, a random package id, when and where it was made (the source's
  meta "origin" and name), the signer's Ed25519 public key, what it holds (visits, rows per table, blobs)
  and, for EVERY other entry of the zip, its path, size and SHA-256;
- ``manifest.sig``: the Ed25519 signature (hex) of the exact bytes of ``manifest.json``;
- ``rows/<table>.jsonl``: the rows of one table, one JSON object a line (services.sync.changes encodes them);
- ``blobs/<sha256>``: the photos, scans and PDFs the rows reference, named by their own hash.

The signature covers the manifest and the manifest covers every byte of every part, so a package is
accepted whole or not at all: a changed byte anywhere, a missing or an extra entry, a cut file, a replay of
a package already imported (or of an older export of visits a newer package already brought), a signer
this database does not trust (or no longer trusts) — each is refused with the reason, before anything is
written. Zip entries are read by their listed names only, never extracted to disk, and never read beyond
the size the manifest declares (zip bombs, path traversal).

The machine's signing key is made once per database and kept in it (meta "signing_key"): an encrypted
database keeps it encrypted with everything else, and a server's key is the office's key. Offices
exchange the key's fingerprint (:func:`fingerprint`) by phone or on paper; an administrator registers
the keys this database trusts (trusted_signers).

The rows themselves are collected, previewed and applied by services.sync.changes, as for a sync.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from inspector.domain.catalog import Role
from inspector.domain.text import nfc
from inspector.services import audit
from inspector.services.access import SIGNED_IN, allowed, open_to_all
from inspector.services.sync.changes import ORDER, Changeset, SyncRefused, apply, collect_visits, preview
from inspector.store.models import Base, ImportedPackage, Meta, TrustedSigner, Visit
from inspector.store.types import utcnow

FORMAT = "inspector-package"
FORMAT_VERSION = 1
SUFFIX = ".ktcv.zip"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
META_SIGNING_KEY = "signing_key"
META_ORIGIN = "origin"
META_NAME = "name"

# Limits: a package is refused before reading past them (zip bombs, oversize parts).
MAX_PACKAGE_BYTES = 8 << 30
MAX_MANIFEST_BYTES = 16 << 20
MAX_PART_BYTES = 512 << 20
MAX_TOTAL_BYTES = 16 << 30
MAX_ENTRIES = 500_000
MAX_RATIO = 200  # uncompressed / compressed, for entries over BOMB_FLOOR
BOMB_FLOOR = 1 << 20

# Tables a package never writes, whatever its signer says: this database's own identity, keys and registers
# (and any table services.sync.changes does not move).
NEVER_IMPORTED = frozenset({"meta", "trusted_signers", "imported_packages", "sync_peers", "sync_conflicts"})

_PART_NAME = re.compile(r"\A(?:rows/[a-z][a-z0-9_]{0,62}\.jsonl|blobs/[0-9a-f]{64})\Z")
_HEX64 = re.compile(r"\A[0-9a-f]{64}\Z")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no clock: the manifest says when


class PackageRefused(Exception):
    """A package that is not imported; ``reason`` a short code for tests and logs, the message in Vietnamese."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# --- the machine's key --------------------------------------------------------------------------------


@open_to_all
def fingerprint(public_key: str) -> str:
    """What offices read to each other by phone: 32 hex digits of SHA-256 of the raw public key, in groups
    of four ("3FA9 C2D1 …")."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def _normal_fingerprint(text: str) -> str:
    return re.sub(r"[^0-9A-F]", "", text.upper())


def _meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row is not None else None


def _private_key(session: Session, *, create: bool) -> Ed25519PrivateKey | None:
    stored = _meta(session, META_SIGNING_KEY)
    if stored is None:
        if not create:
            return None
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        session.add(Meta(key=META_SIGNING_KEY, value=raw.hex()))
        session.flush()
        return key
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))


def _public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


@dataclass(frozen=True)
class SignerKey:
    public_key: str  # raw 32 bytes as hex
    fingerprint: str
    origin: str
    name: str


@open_to_all
def own_key(session: Session) -> SignerKey:
    """This database's signing key (made the first time, in a writing session): its public half only."""
    key = _private_key(session, create=True)
    assert key is not None
    public = _public_hex(key)
    return SignerKey(public, fingerprint(public), _meta(session, META_ORIGIN) or "", source_name(session))


@open_to_all
def source_name(session: Session) -> str:
    """The name this database gives itself in packages: meta "name", else the computer's name."""
    return _meta(session, META_NAME) or socket.gethostname()


# --- trusted signers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignerRow:
    public_key: str
    fingerprint: str
    name: str
    origin: str
    added_at: datetime
    revoked_at: datetime | None


def _signer_row(record: TrustedSigner) -> SignerRow:
    return SignerRow(record.public_key, fingerprint(record.public_key), record.name, record.origin,
                     record.added_at, record.revoked_at)


@open_to_all
def list_signers(session: Session) -> list[SignerRow]:
    return [_signer_row(r) for r in session.scalars(sa.select(TrustedSigner).order_by(TrustedSigner.added_at))]


def _check_public_key(public_key: str) -> str:
    public_key = public_key.strip().lower()
    if not _HEX64.match(public_key):
        raise PackageRefused("bad_key", "Khóa công khai phải là 64 chữ số thập lục phân (32 byte).")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
    except ValueError as exc:
        raise PackageRefused("bad_key", "Đây không phải khóa công khai Ed25519 hợp lệ.") from exc
    return public_key


@allowed(Role.ADMIN)
def trust_signer(session: Session, public_key: str, name: str, *, user_id: uuid.UUID | None = None,
                 origin: str = "", expected_fingerprint: str | None = None) -> SignerRow:
    """Accept packages signed by ``public_key`` from now on (again, if it was revoked). With
    ``expected_fingerprint`` (read out by the other office), refused unless it matches the key."""
    public_key = _check_public_key(public_key)
    name = " ".join(nfc(name or "").split())
    if not name:
        raise PackageRefused("bad_name", "Hãy ghi tên cơ quan hoặc máy ký gói dữ liệu.")
    if expected_fingerprint is not None and (
            _normal_fingerprint(expected_fingerprint) != _normal_fingerprint(fingerprint(public_key))):
        raise PackageRefused("fingerprint", f"Dấu vân tay không khớp: khóa này có dấu vân tay {fingerprint(public_key)}. "
                                            "Hãy gọi lại cho cơ quan gửi để đối chiếu; chưa tin cậy khóa này.")
    if public_key == own_key(session).public_key:
        raise PackageRefused("own_key", "Đây là khóa của chính cơ sở dữ liệu này; không cần đăng ký.")
    record = session.scalars(sa.select(TrustedSigner).where(TrustedSigner.public_key == public_key)).first()
    before = None
    if record is None:
        record = TrustedSigner(public_key=public_key, name=name, origin=origin or "", added_by_id=user_id)
        session.add(record)
    else:
        before = {"name": record.name, "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None}
        record.name = name
        record.revoked_at = None
        record.added_by_id = user_id
        record.added_at = utcnow()
        if origin:
            record.origin = origin
    session.flush()
    audit.record(session, "package.signer_trusted", "trusted_signer", record.id, user_id=user_id, before=before,
                 after={"public_key": public_key, "name": name, "origin": record.origin})
    return _signer_row(record)


@allowed(Role.ADMIN)
def revoke_signer(session: Session, key_or_fingerprint: str, *, user_id: uuid.UUID | None = None) -> SignerRow:
    """Refuse the packages of a signer from now on (the row stays: who was trusted, when, until when)."""
    wanted = _normal_fingerprint(key_or_fingerprint)
    for record in session.scalars(sa.select(TrustedSigner)):
        if wanted in (record.public_key.upper(), _normal_fingerprint(fingerprint(record.public_key))):
            if record.revoked_at is None:
                record.revoked_at = utcnow()
                session.flush()
                audit.record(session, "package.signer_revoked", "trusted_signer", record.id, user_id=user_id,
                             after={"public_key": record.public_key, "name": record.name})
            return _signer_row(record)
    raise PackageRefused("unknown_signer", "Không có người ký nào với khóa hoặc dấu vân tay này.")


# --- writing a package -------------------------------------------------------------------------------


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _jsonl(rows: Sequence[Mapping[str, Any]]) -> bytes:
    return b"".join(_json_bytes(dict(row)) + b"\n" for row in rows)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    sha256: str  # of the whole file
    visits: int
    tables: dict[str, int]
    blobs: int
    fingerprint: str


@open_to_all
def visits_of_round(session: Session, round_id: uuid.UUID) -> list[uuid.UUID]:
    return list(session.scalars(sa.select(Visit.id).where(Visit.round_id == round_id, Visit.deleted_at.is_(None))
                                .order_by(Visit.created_at)))


def _visit_marks(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, str]:
    """Each visit of the package and when it was last changed (as the rows say): the replay check's watermark."""
    return {str(row.get("id")): str(row.get("updated_at") or "") for row in rows.get("visits", ())}


@allowed(SIGNED_IN)
def export_visits(session: Session, visit_ids: Sequence[uuid.UUID], target: Path | str, *,
                  user_id: uuid.UUID | None = None, round_id: uuid.UUID | None = None) -> ExportResult:
    """Write the visits' data to one signed package at ``target`` (a temporary file beside it, renamed into
    place when whole). Run in a writing session: the signing key is made the first time."""
    if not visit_ids:
        raise PackageRefused("empty", "Chưa chọn buổi kiểm tra nào để xuất.")
    changeset = collect_visits(session, list(visit_ids), with_blobs=True)
    key = _private_key(session, create=True)
    assert key is not None
    result = write_package(changeset, Path(target), key=key, source=source_name(session),
                           visit_ids=[uuid.UUID(str(v)).hex for v in visit_ids],
                           round_id=uuid.UUID(str(round_id)).hex if round_id else None)
    audit.record(session, "package.exported", "package", result.package_id, user_id=user_id,
                 after={"sha256": result.sha256, "visits": result.visits, "tables": result.tables,
                        "blobs": result.blobs, "file": Path(target).name})
    return result


@allowed(SIGNED_IN)
def export_round(session: Session, round_id: uuid.UUID, target: Path | str, *,
                 user_id: uuid.UUID | None = None) -> ExportResult:
    return export_visits(session, visits_of_round(session, round_id), target, user_id=user_id, round_id=round_id)


@open_to_all
def write_package(changeset: Any, target: Path, *, key: Ed25519PrivateKey, source: str,
                  visit_ids: Sequence[str] = (), round_id: str | None = None) -> ExportResult:
    """The zip of ``changeset`` (origin, rows per table, blobs by sha256) signed with ``key``."""
    parts: list[tuple[str, bytes, int]] = []
    tables: dict[str, int] = {}
    for table, rows in changeset.rows.items():
        if not rows:
            continue
        parts.append((f"rows/{table}.jsonl", _jsonl(rows), zipfile.ZIP_DEFLATED))
        tables[table] = len(rows)
    for sha, data in sorted(changeset.blobs.items()):
        parts.append((f"blobs/{sha}", bytes(data), zipfile.ZIP_STORED))  # photos and PDFs are compressed already
    public = _public_hex(key)
    marks = _visit_marks(changeset.rows)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "package_id": uuid.uuid4().hex,
        "created_at": utcnow().isoformat(),
        "origin": changeset.origin,
        "source_name": source,
        "signer": public,
        "contents": {
            "visits": sorted(set(visit_ids) | set(marks)),
            "whole": list(getattr(changeset, "visits", None) or marks),  # visits carried with every row of theirs
            "visit_marks": marks,
            "round_id": round_id,
            "tables": tables,
            "blobs": len(changeset.blobs),
        },
        "parts": [{"path": name, "size": len(data), "sha256": _sha(data)} for name, data, _ in parts],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    signature = key.sign(manifest_bytes).hex().encode("ascii")

    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as archive:
                for name, data, method in ((MANIFEST, manifest_bytes, zipfile.ZIP_DEFLATED),
                                           (SIGNATURE, signature, zipfile.ZIP_STORED), *parts):
                    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                    info.compress_type = method
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, data)
            fh.flush()
            os.fsync(fh.fileno())
        whole = _file_sha(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return ExportResult(target, manifest["package_id"], whole, len(manifest["contents"]["visits"]), tables,
                        len(changeset.blobs), fingerprint(public))


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading a package ---------------------------------------------------------------------------------


@dataclass
class Package:
    """A package read and checked whole: its manifest said what it holds, and every byte matched."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    signer: str
    rows: dict[str, list[dict[str, Any]]]
    blob_names: list[str]
    signer_name: str = ""
    blobs: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def origin(self) -> str:
        return str(self.manifest["origin"])

    @property
    def source_name(self) -> str:
        return str(self.manifest.get("source_name") or "")

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest["created_at"])

    @property
    def visit_ids(self) -> list[str]:
        return list(self.manifest["contents"]["visits"])

    @property
    def tables(self) -> dict[str, int]:
        return dict(self.manifest["contents"]["tables"])

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signer)

    def changeset(self) -> Changeset:
        """The rows to preview or apply; a package never brings a password (even a signer's own is not wanted)."""
        rows = {name: [{**row, "password_hash": ""} if name == "users" else row for row in part]
                for name, part in self.rows.items()}
        return Changeset(origin=self.origin, rows=rows, blobs=dict(self.blobs),
                         visits=list(self.manifest["contents"].get("whole") or ()))


def _refuse(reason: str, message: str) -> PackageRefused:
    return PackageRefused(reason, message)


def _damaged(detail: str) -> PackageRefused:
    return _refuse("tampered", f"Gói dữ liệu đã bị sửa hoặc hỏng: {detail}. Không nhập gì; hãy xin cơ quan gửi "
                               "xuất lại gói.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of one entry, never more than ``limit`` (a lying header cannot make us read more)."""
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        if "CRC" in str(exc):
            raise _damaged(f"phần {info.filename} không khớp mã kiểm tra CRC của tệp zip") from exc
        raise _refuse("truncated", f"Không đọc được phần {info.filename} của gói dữ liệu (tệp bị cắt cụt hoặc "
                                   f"hỏng: {exc}). Không nhập gì.") from exc
    if len(data) > limit:
        raise _damaged(f"phần {info.filename} dài hơn kích thước ghi trong bản kê")
    return data


def _check_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse("too_large", f"Gói dữ liệu có quá nhiều phần ({len(infos)}). Không nhập gì.")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name in entries:
            raise _refuse("unsafe_name", f"Gói dữ liệu có hai phần cùng tên {name!r}. Không nhập gì.")
        if name not in (MANIFEST, SIGNATURE) and not _PART_NAME.match(name):
            raise _refuse("unsafe_name", f"Gói dữ liệu có phần mang tên không hợp lệ {name!r} (có thể nhằm ghi ra "
                                         "ngoài thư mục). Không nhập gì.")
        if info.flag_bits & 0x1:
            raise _refuse("unsafe_name", f"Phần {name} của gói dữ liệu bị mã hóa kiểu zip; gói hợp lệ không có. "
                                         "Không nhập gì.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse("unsafe_name", f"Phần {name} nén theo cách không hỗ trợ. Không nhập gì.")
        if info.file_size > MAX_PART_BYTES:
            raise _refuse("too_large", f"Phần {name} của gói dữ liệu quá lớn ({info.file_size} byte). Không nhập gì.")
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("too_large", f"Phần {name} nén bất thường (bom zip: {info.compress_size} byte bung ra "
                                       f"{info.file_size} byte). Không nhập gì.")
        total += info.file_size
        entries[name] = info
    if total > MAX_TOTAL_BYTES:
        raise _refuse("too_large", f"Gói dữ liệu bung ra quá lớn ({total} byte). Không nhập gì.")
    for needed in (MANIFEST, SIGNATURE):
        if needed not in entries:
            raise _refuse("truncated", f"Gói dữ liệu thiếu {needed}: tệp bị cắt cụt hoặc không phải gói dữ liệu. "
                                       "Không nhập gì.")
    return entries


def _check_manifest(manifest: Any) -> dict[str, Any]:
    try:
        assert isinstance(manifest, dict)
        if manifest.get("format") != FORMAT:
            raise _refuse("not_a_package", "Tệp này không phải gói dữ liệu của Inspector.")
        if manifest.get("version") != FORMAT_VERSION:
            raise _refuse("version", f"Gói dữ liệu theo định dạng phiên bản {manifest.get('version')!r}; phiên bản "
                                     "ứng dụng này chỉ đọc được phiên bản 1. Hãy cập nhật ứng dụng.")
        assert isinstance(manifest["package_id"], str) and re.fullmatch(r"[0-9a-f]{32}", manifest["package_id"])
        assert isinstance(manifest["origin"], str) and 0 < len(manifest["origin"]) <= 32
        assert isinstance(manifest["signer"], str) and _HEX64.match(manifest["signer"])
        datetime.fromisoformat(manifest["created_at"])
        contents = manifest["contents"]
        assert isinstance(contents["visits"], list) and all(isinstance(v, str) for v in contents["visits"])
        assert isinstance(contents["tables"], dict)
        assert all(isinstance(k, str) and isinstance(n, int) for k, n in contents["tables"].items())
        assert isinstance(contents.get("visit_marks", {}), dict)
        assert all(isinstance(v, str) for v in contents.get("whole", []))
        parts = manifest["parts"]
        assert isinstance(parts, list)
        for part in parts:
            assert isinstance(part["path"], str) and _PART_NAME.match(part["path"])
            assert isinstance(part["size"], int) and 0 <= part["size"] <= MAX_PART_BYTES
            assert isinstance(part["sha256"], str) and _HEX64.match(part["sha256"])
        assert len({p["path"] for p in parts}) == len(parts)
    except PackageRefused:
        raise
    except (AssertionError, KeyError, TypeError, ValueError) as exc:
        raise _damaged("bản kê (manifest.json) không đúng định dạng") from exc
    return manifest


@open_to_all
def read_package(path: Path | str, *, with_blobs: bool = False) -> Package:
    """Read and check a package whole (signature, every part's size and hash, nothing missing or extra); the
    signer's trust and replays are this database's business (:func:`check_package`). Raises PackageRefused.

    With ``with_blobs`` the blobs are kept (read again and checked once more when applied); without, they
    are checked and dropped (a preview needs only the rows)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse("missing", f"Không mở được tệp {path.name}: {exc.strerror or exc}.") from exc
    if size > MAX_PACKAGE_BYTES:
        raise _refuse("too_large", f"Tệp {path.name} quá lớn để là một gói dữ liệu ({size} byte).")
    if not zipfile.is_zipfile(path):
        raise _refuse("truncated", f"Tệp {path.name} không phải gói dữ liệu hoặc đã bị cắt cụt (không đọc được "
                                   "mục lục của tệp zip). Không nhập gì.")
    whole = _file_sha(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse("truncated", f"Tệp {path.name} không phải gói dữ liệu hoặc đã bị cắt cụt ({exc}). "
                                   "Không nhập gì.") from exc
    with archive:
        entries = _check_entries(archive)
        manifest_bytes = _read_member(archive, entries[MANIFEST], MAX_MANIFEST_BYTES)
        signature_text = _read_member(archive, entries[SIGNATURE], 256)
        try:
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _damaged("bản kê (manifest.json) không đọc được") from exc
        manifest = _check_manifest(manifest)
        try:
            signature = bytes.fromhex(signature_text.decode("ascii").strip())
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(manifest["signer"])).verify(signature, manifest_bytes)
        except (InvalidSignature, ValueError, UnicodeDecodeError) as exc:
            raise _damaged("chữ ký không khớp với bản kê") from exc

        declared = {part["path"]: part for part in manifest["parts"]}
        present = set(entries) - {MANIFEST, SIGNATURE}
        missing = sorted(set(declared) - present)
        if missing:
            raise _refuse("truncated", f"Gói dữ liệu thiếu {len(missing)} phần ghi trong bản kê (ví dụ {missing[0]}): "
                                       "tệp bị cắt cụt hoặc bị gỡ bớt. Không nhập gì.")
        extra = sorted(present - set(declared))
        if extra:
            raise _refuse("extra_part", f"Gói dữ liệu có {len(extra)} phần không ghi trong bản kê (ví dụ {extra[0]}): "
                                        "đã bị thêm vào sau khi ký. Không nhập gì.")

        rows: dict[str, list[dict[str, Any]]] = {}
        blobs: dict[str, bytes] = {}
        for part in manifest["parts"]:
            name = part["path"]
            info = entries[name]
            if info.file_size != part["size"]:
                raise _damaged(f"phần {name} có kích thước khác bản kê")
            data = _read_member(archive, info, part["size"])
            if len(data) != part["size"] or _sha(data) != part["sha256"]:
                raise _damaged(f"phần {name} không khớp mã SHA-256 trong bản kê")
            if name.startswith("blobs/"):
                if _sha(data) != name.removeprefix("blobs/"):
                    raise _damaged(f"tệp đính kèm {name} không khớp tên (mã băm) của nó")
                if with_blobs:
                    blobs[name.removeprefix("blobs/")] = data
                continue
            table = name.removeprefix("rows/").removesuffix(".jsonl")
            rows[table] = _parse_rows(name, data)
    _check_contents(manifest, rows, declared)
    return Package(path=path, sha256=whole, manifest=manifest, signer=manifest["signer"], rows=rows,
                   blob_names=sorted(p.removeprefix("blobs/") for p in declared if p.startswith("blobs/")),
                   blobs=blobs)


def _parse_rows(name: str, data: bytes) -> list[dict[str, Any]]:
    rows = []
    try:
        for line in data.decode("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not an object")
                rows.append(row)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(f"phần {name} không đọc được") from exc
    return rows


def _check_contents(manifest: dict[str, Any], rows: dict[str, list[dict[str, Any]]],
                    declared: Mapping[str, Any]) -> None:
    tables = manifest["contents"]["tables"]
    known = set(Base.metadata.tables)
    for table, count in tables.items():
        if table not in rows or len(rows[table]) != count:
            raise _damaged(f"số dòng của bảng {table} khác bản kê")
    for table in rows:
        if table not in tables:
            raise _damaged(f"bảng {table} không có trong bản kê")
        if table not in known:
            raise _refuse("unknown_table", f"Gói dữ liệu có bảng {table} mà ứng dụng này không biết (gói từ phiên bản "
                                           "mới hơn?). Không nhập gì.")
        if table in NEVER_IMPORTED or table not in ORDER:
            raise _refuse("forbidden_table", f"Gói dữ liệu định ghi vào bảng {table}, là bảng riêng của mỗi cơ sở dữ "
                                             "liệu. Không nhập gì.")
    blob_count = sum(1 for p in declared if p.startswith("blobs/"))
    if manifest["contents"].get("blobs", blob_count) != blob_count:
        raise _damaged("số tệp đính kèm khác bản kê")


@open_to_all
def check_package(session: Session, package: Package) -> Package:
    """This database's checks of a package already read whole: a trusted, not revoked signer; not made here;
    not imported before; not older than a package already imported with the same visits."""
    own_origin = _meta(session, META_ORIGIN) or ""
    if package.origin == own_origin:
        raise _refuse("own_package", "Gói dữ liệu này được xuất từ chính cơ sở dữ liệu này; không nhập lại.")
    signer = session.scalars(sa.select(TrustedSigner).where(TrustedSigner.public_key == package.signer)).first()
    shown = f"{package.source_name or 'không tên'}, dấu vân tay {package.fingerprint}"
    if signer is None:
        raise _refuse("unknown_signer", f"Gói dữ liệu được ký bởi một khóa chưa được tin cậy ({shown}). Hãy gọi điện "
                                        "cho cơ quan gửi để đối chiếu dấu vân tay, rồi nhờ quản trị đăng ký khóa này. "
                                        "Không nhập gì.")
    if signer.revoked_at is not None:
        raise _refuse("revoked_signer", f"Khóa ký của {signer.name} đã bị thu hồi ({shown}); gói dữ liệu của khóa "
                                        "này không còn được nhận. Không nhập gì.")
    package.signer_name = signer.name
    done = session.get(ImportedPackage, package.package_id)
    if done is not None or session.scalars(
            sa.select(ImportedPackage.package_id).where(ImportedPackage.sha256 == package.sha256)).first():
        when = done.imported_at if done is not None else None
        told = f" lúc {when:%H:%M %d/%m/%Y} (giờ UTC)" if when else ""
        raise _refuse("replayed", f"Gói dữ liệu này đã được nhập{told}; không nhập lại lần nữa.")
    wanted = set(package.visit_ids)
    for earlier in session.scalars(sa.select(ImportedPackage)):
        summary = earlier.summary or {}
        if summary.get("origin") != package.origin or earlier.exported_at is None:
            continue
        if earlier.exported_at > package.created_at and wanted & set(summary.get("visits") or ()):
            raise _refuse("replayed", f"Gói dữ liệu này cũ hơn một gói đã nhập của cùng nơi gửi (xuất lúc "
                                      f"{earlier.exported_at:%H:%M %d/%m/%Y} UTC) có cùng buổi kiểm tra; dữ liệu ở "
                                      "đây đã mới hơn. Không nhập gì.")
    return package


# --- preview and import --------------------------------------------------------------------------------


@dataclass
class ImportPreview:
    package: Package
    items: list[Any]  # services.sync.changes.PreviewItem: table, key, kind, summary, visit_id
    counts: dict[str, int]  # kind -> rows

    @property
    def has_changes(self) -> bool:
        return any(n for kind, n in self.counts.items() if kind != "same")


@dataclass(frozen=True)
class ImportResult:
    package_id: str
    applied: dict[str, int]
    conflicts: int
    visits: int


def _count_kinds(items: Sequence[Any]) -> dict[str, int]:
    counts = {"new": 0, "changed": 0, "conflict": 0, "same": 0}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


@allowed(Role.SUPERVISOR, Role.CLERK, Role.ADMIN)
def preview_import(session: Session, path: Path | str, *, user_id: uuid.UUID | None = None) -> ImportPreview:
    """What importing ``path`` would do, row by row, changing nothing. Raises PackageRefused."""
    package = check_package(session, read_package(path))
    try:
        result = preview(session, package.changeset(), peer_kind="package")
    except SyncRefused as exc:
        raise _refuse("not_same_root", str(exc)) from exc
    items = list(result.items)
    return ImportPreview(package, items, _count_kinds(items))


@allowed(Role.SUPERVISOR, Role.CLERK, Role.ADMIN)
def import_package(session: Session, path: Path | str, *, user_id: uuid.UUID | None = None,
                   expected_sha256: str | None = None) -> ImportResult:
    """Import ``path`` whole, after checking it all again (``expected_sha256``: the file previewed, refused if
    it changed since). Conflicts are kept for the supervisor (sync_conflicts), never dropped."""
    package = check_package(session, read_package(path, with_blobs=True))
    if expected_sha256 is not None and package.sha256 != expected_sha256:
        raise _refuse("changed", "Tệp gói dữ liệu đã thay đổi sau khi xem trước; hãy xem trước lại. Không nhập gì.")
    try:
        result = apply(session, package.changeset(), peer=package.origin, peer_kind="package", user_id=user_id)
    except SyncRefused as exc:
        raise _refuse("not_same_root", str(exc)) from exc
    applied = result.written()
    conflicts = result.conflicts
    summary = {
        "origin": package.origin, "source_name": package.source_name, "signer_name": package.signer_name,
        "visits": package.visit_ids, "tables": package.tables, "blobs": len(package.blob_names),
        "applied": applied, "conflicts": conflicts,
    }
    session.add(ImportedPackage(package_id=package.package_id, sha256=package.sha256, signer=package.signer,
                                exported_at=package.created_at, imported_by_id=user_id, summary=summary))
    session.flush()
    audit.record(session, "package.imported", "package", package.package_id, user_id=user_id,
                 after={"sha256": package.sha256, "signer": package.signer, **summary})
    return ImportResult(package.package_id, applied, conflicts, len(package.visit_ids))


@open_to_all
def package_signer(path: Path | str) -> SignerKey:
    """Who signed a package (its signature checked): to compare its fingerprint with the one told by phone."""
    package = read_package(path)
    return SignerKey(package.signer, package.fingerprint, package.origin, package.source_name)

