"""Photos as evidence: checked to be images, turned upright, downscaled, re-encoded, hashed.

A phone photo is 3–12 MB; stored at 1600 px on the long side as JPEG it is
200–500 kB, still legible for a posted procedure board, and a visit with
twenty photos stays small enough to sync.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from inspector.domain.clock import VIETNAM
from inspector.store.db import LiveDatabaseFile, refuse_if_live_database

MAX_INPUT_BYTES = 40 * 1024 * 1024  # larger than any camera photo; a 200 MB file is a mistake
MAX_SIDE = 1600
JPEG_QUALITY = 85
MAX_PIXELS = 80_000_000  # refuse decompression bombs before decoding


class PhotoRejected(ValueError):
    """The file cannot be used as a photo; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes
    sha256: str
    media_type: str
    width: int
    height: int
    taken_at: datetime | None
    original_name: str


def prepare_photo_file(path: Path) -> PreparedPhoto:
    try:
        refuse_if_live_database(path)  # reading it would drop the app's own SQLite locks on close
    except LiveDatabaseFile as exc:
        raise PhotoRejected(str(exc)) from None
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoRejected(f"Không đọc được tệp {path.name}: {exc.strerror or exc}") from None
    if size > MAX_INPUT_BYTES:
        raise PhotoRejected(
            f"Tệp {path.name} lớn {size / 1024 / 1024:.0f} MB, quá giới hạn {MAX_INPUT_BYTES // 1024 // 1024} MB của một ảnh."
        )
    return prepare_photo_bytes(path.read_bytes(), path.name)


def prepare_photo_bytes(raw: bytes, name: str = "") -> PreparedPhoto:
    if len(raw) > MAX_INPUT_BYTES:
        raise PhotoRejected(f"Ảnh {name} quá lớn ({len(raw) / 1024 / 1024:.0f} MB).")
    if not raw:
        raise PhotoRejected(f"Tệp {name} rỗng, không phải ảnh.")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected(f"Ảnh {name} có kích thước {probe.width}×{probe.height} điểm ảnh, quá lớn.")
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            taken_at = _taken_at(image)
            image = ImageOps.exif_transpose(image)
            image.load()
            image = image.convert("RGB")
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected(f"Tệp {name} không phải ảnh (JPEG, PNG, …) hoặc đã bị hỏng.") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data = out.getvalue()
    return PreparedPhoto(
        data=data, sha256=hashlib.sha256(data).hexdigest(), media_type="image/jpeg",
        width=image.width, height=image.height, taken_at=taken_at, original_name=name,
    )


def _taken_at(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
        value = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)  # DateTimeOriginal, DateTime
        if not value:
            return None
        # EXIF has no zone; cameras are set to local time (Vietnam, UTC+7).
        local = datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        return local.replace(tzinfo=VIETNAM).astimezone(UTC)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
