"""Photos as evidence: checked to be images, turned upright, downscaled, re-encoded, hashed.

A phone photo is 3–12 MB; stored at 1600 px on the long side as JPEG it is
200–500 kB, still legible for a posted procedure board, and a visit with
twenty photos stays small enough to sync.

A dropped file is hostile until shown otherwise, so before any decoder sees it:

- only a regular file is opened (never a FIFO, a device such as ``/dev/zero``, a socket or a
  folder; a symlink to a real photo is fine), at most ``MAX_INPUT_BYTES`` + 1 bytes are read and
  the size is decided from what was read, not from what ``stat`` says;
- its first bytes must be those of JPEG, PNG, WebP or HEIC/HEIF, and Pillow is then told to use
  only that one plugin (``Image.open(formats=...)``): a PostScript file renamed ``.jpg`` never
  reaches the EPS plugin, which would run Ghostscript on it; PDF, TIFF, BMP, SVG… are refused;
- the width, height and pixel count from the header are checked before any pixel is decoded, and
  a JPEG is decoded already scaled down (``draft``), so the memory used stays bounded.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from inspector.domain.clock import VIETNAM
from inspector.services.access import open_to_all
from inspector.store.db import LiveDatabaseFile, refuse_if_live_database


@cache
def _heif_available() -> bool:
    """HEIC/HEIF (iPhone photos) through libheif, loaded at the first HEIC photo rather than at start."""
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - a declared dependency; only on an incomplete install
        return False
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)  # the photo only
    return True

MAX_INPUT_BYTES = 40 * 1024 * 1024  # larger than any camera photo; a 200 MB file is a mistake
MAX_SIDE = 1600  # the stored photo's long side
JPEG_QUALITY = 85
# Refused from the header, before decoding (decompression bombs, a 1 × 79,000,000 strip), with
# pixel limits per format from the memory each decoder needs, measured (peak of a fresh process
# that prepares the largest allowed photo, ~50 MB of it the app's imports):
# - JPEG is decoded already scaled down (draft mode): 80 MP (10,000 × 8,000) peaks at ~170 MB;
#   a phone's 48–64 MP photo passes. A progressive JPEG (from the web, not a camera) still needs
#   all its coefficients in memory, up to ~9 bytes a pixel (CMYK): 40 MP ~400 MB;
# - HEIC (libheif's buffer, then Pillow's) ~7 bytes a pixel: 50 MP (the iPhone's 48 MP) ~400 MB;
# - PNG ~4 bytes a pixel, 8 with transparency: 50 MP (an A4 page scanned at 600 dpi is 35) ~450 MB;
# - WebP ~16 bytes a pixel (libwebp's animation decoder keeps two canvases): 25 MP ~440 MB.
MAX_INPUT_SIDE = 20_000
MAX_PIXELS = 80_000_000
MAX_PIXELS_BY_FORMAT = {"JPEG": MAX_PIXELS, "progressive JPEG": 40_000_000, "HEIF": 50_000_000, "PNG": 50_000_000,
                        "WEBP": 25_000_000}
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own bomb check, in agreement (it refuses at twice this)

ALLOWED = "JPEG, PNG, WebP hoặc HEIC"
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"})
RESAMPLED_AS_IS = frozenset({"RGB", "RGBA", "L", "LA", "CMYK", "YCbCr"})
EARLIEST_TAKEN = datetime(2000, 1, 1, tzinfo=VIETNAM)  # an EXIF date before this is a camera never set


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


@open_to_all
def prepare_photo_file(path: Path) -> PreparedPhoto:
    return prepare_photo_bytes(read_photo_file(path), path.name)


@open_to_all
def check_photo_file(path: Path) -> str:
    """Everything but the decoding: raises PhotoRejected as ``prepare_photo_file`` would for a file
    that is not a regular file, too large, of another format, or of too many pixels; returns the
    format ("JPEG", "PNG", "WEBP" or "HEIF"). A photo that passes can still be damaged inside."""
    raw = read_photo_file(path)
    with _open_image(raw, path.name) as image:
        return str(image.format or "")


@dataclass
class DroppedFiles:
    """What a drop (or a choice of several files) holds: the files to try, in order."""

    files: list[Path]
    folders_refused: list[str]  # a dropped folder that could not be listed (Vietnamese)
    subfolders: list[Path]  # inside a dropped folder: not opened
    left_out: int  # files past MAX_FILES_AT_ONCE


MAX_FILES_AT_ONCE = 200
_IGNORED_IN_FOLDERS = frozenset({"thumbs.db", "desktop.ini"})


@open_to_all
def files_to_add(paths: list[Path], limit: int = MAX_FILES_AT_ONCE) -> DroppedFiles:
    """The files named, and those directly inside a folder named (sorted by name, hidden files and
    the system's Thumbs.db/desktop.ini left out; folders inside it are not opened), at most ``limit``.
    Nothing is opened here but folders; a FIFO or device stays in the list, for the check to refuse."""
    files: list[Path] = []
    refused: list[str] = []
    subfolders: list[Path] = []
    for path in paths:
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except (OSError, ValueError):
            is_folder = False  # the check says why it cannot be read
        if not is_folder:
            files.append(path)
            continue
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: (e.name.casefold(), e.name))
        except OSError as exc:
            refused.append(f"Không mở được thư mục {path.name}: {_reason(exc)}.")
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name.casefold() in _IGNORED_IN_FOLDERS:
                continue
            try:
                inner_folder = entry.is_dir()  # through a symlink, like a folder dropped
            except OSError:
                inner_folder = False
            (subfolders if inner_folder else files).append(Path(entry.path))
    return DroppedFiles(files[:limit], refused, subfolders, max(0, len(files) - limit))


@open_to_all
def read_photo_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_INPUT_BYTES, read without following it anywhere
    that could block or never end."""
    name = path.name or str(path)
    try:
        refuse_if_live_database(path)  # reading it would drop the app's own SQLite locks on close
    except LiveDatabaseFile as exc:
        raise PhotoRejected(str(exc)) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise PhotoRejected(_unreadable(name, exc)) from None
    try:
        info = os.stat(path)  # through a symlink: a link to a real photo is fine
    except (OSError, ValueError) as exc:
        raise PhotoRejected(_unreadable(name, exc)) from None
    _require_regular(name, info.st_mode)  # a FIFO, /dev/zero, a socket or a folder is never opened
    if info.st_size > MAX_INPUT_BYTES:
        raise PhotoRejected(
            f"Tệp {name} lớn {info.st_size / 1024 / 1024:.0f} MB, quá giới hạn {MAX_INPUT_BYTES // 1024 // 1024} MB của một ảnh."
        )
    try:
        # O_NONBLOCK: should a FIFO be swapped in after the stat, opening it does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as exc:
        raise PhotoRejected(_unreadable(name, exc)) from None
    try:
        _require_regular(name, os.fstat(fd).st_mode)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)  # whatever the file claims its size is
    except OSError as exc:
        raise PhotoRejected(_unreadable(name, exc)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_INPUT_BYTES:
        raise PhotoRejected(
            f"Tệp {name} lớn hơn {MAX_INPUT_BYTES // 1024 // 1024} MB, quá giới hạn của một ảnh."
        )
    return raw


def prepare_photo_bytes(raw: bytes, name: str = "") -> PreparedPhoto:
    if len(raw) > MAX_INPUT_BYTES:
        raise PhotoRejected(f"Ảnh {name} quá lớn ({len(raw) / 1024 / 1024:.0f} MB).")
    image = _open_image(raw, name)
    try:
        taken_at = taken_at_of(image)
        rgb = _downscaled(image)  # may be ``image`` itself: encoded before it is closed
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.DecompressionBombError):
        raise PhotoRejected(f"Ảnh {name} bị hỏng hoặc không đầy đủ, không đọc được.") from None
    finally:
        image.close()
    data = out.getvalue()
    return PreparedPhoto(
        data=data, sha256=hashlib.sha256(data).hexdigest(), media_type="image/jpeg",
        width=rgb.width, height=rgb.height, taken_at=taken_at, original_name=name,
    )


def _downscaled(image: Image.Image) -> Image.Image:
    """The photo upright, in RGB, at most MAX_SIDE on its long side, decoded from ``image`` (only its
    header read so far) with as little memory as its format allows."""
    target = _fit(image.size, MAX_SIDE)
    turn = _TURNS.get(_orientation(image))  # read now: the copies made below do not all keep the EXIF
    # JPEG: scaled by 1/2, 1/4 or 1/8 while decoding, to no less than twice the stored size.
    # (pillow-heif's draft would pick an embedded thumbnail: none are loaded, so it does nothing.)
    image.draft(None, (target[0] * 2, target[1] * 2))
    image.load()
    small = image if image.mode in RESAMPLED_AS_IS else _flatten(image)  # palette, 1-bit, 16-bit grey
    factor = min(small.width // (2 * target[0]), small.height // (2 * target[1]))
    if factor > 1:  # an integer box reduction first, then one fair resampling of a small image
        reduced = small.reduce(factor)
        if small is not image:
            small.close()
        image.close()  # the full-size pixels (and a decoder's buffer) go now, not at the end
        small = reduced
    if small.size != target:
        small = small.resize(target, Image.Resampling.LANCZOS)
    if turn is not None:
        small = small.transpose(turn)
    return _flatten(small)


_TURNS = {  # EXIF orientation → what makes the picture upright (as ImageOps.exif_transpose)
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))  # from EXIF, or XMP's tiff:Orientation
    except Exception:  # noqa: BLE001 - untrusted metadata: a bad tag leaves the picture as it is
        return 1


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    width, height = size
    if max(width, height) <= side:
        return width, height
    scale = side / max(width, height)
    return max(1, min(side, round(width * scale))), max(1, min(side, round(height * scale)))


def sniff_format(raw: bytes) -> str | None:
    """The Pillow format name from the first bytes, for the allowed formats only."""
    if raw[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WEBP"
    if raw[4:8] == b"ftyp" and raw[8:12] in HEIF_BRANDS:  # ISO-BMFF; AVIF ("avif") is not HEVC
        return "HEIF" if _heif_available() else None
    return None


def _open_image(raw: bytes, name: str) -> Image.Image:
    """The image with only its header read, its format and size checked; nothing decoded yet."""
    if not raw:
        raise PhotoRejected(f"Tệp {name} rỗng, không phải ảnh.")
    kind = sniff_format(raw)
    if kind is None:
        raise PhotoRejected(f"Tệp {name} không phải ảnh {ALLOWED}.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, with a message
            image = Image.open(io.BytesIO(raw), formats=[kind])  # that plugin only: nothing else parses it
    except Image.DecompressionBombError:
        raise PhotoRejected(f"Ảnh {name} có quá nhiều điểm ảnh (trên {_millions(MAX_PIXELS)} triệu).") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise PhotoRejected(f"Tệp {name} mở đầu như ảnh {_label(kind)} nhưng bị hỏng, không đọc được.") from None
    width, height = image.size
    limit = "progressive JPEG" if kind == "JPEG" and image.info.get("progressive") else kind
    pixels = MAX_PIXELS_BY_FORMAT.get(limit, MAX_PIXELS)
    if width < 1 or height < 1 or width > MAX_INPUT_SIDE or height > MAX_INPUT_SIDE or width * height > pixels:
        image.close()
        raise PhotoRejected(
            f"Ảnh {name} có kích thước {width}×{height} điểm ảnh, quá lớn: ảnh {_label(limit)} được tối đa "
            f"{_thousands(MAX_INPUT_SIDE)} điểm ảnh mỗi cạnh và {_millions(pixels)} triệu điểm ảnh."
        )
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for the JPEG; a transparent background becomes white (not black)."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if image.mode == "RGB":
        return image
    if image.mode.startswith("I"):  # 16-bit grey: scaled to 8 bits, not clipped to white
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def taken_at_of(image: Image.Image, now: datetime | None = None) -> datetime | None:
    """When the camera says the photo was taken (UTC), or None when it does not say or says
    something impossible (before 2000, or after tomorrow in Vietnam). Never raises."""
    try:
        exif = image.getexif()
        sub = exif.get_ifd(0x8769)
        value = sub.get(0x9003) or exif.get(0x0132)  # DateTimeOriginal, DateTime
        if not value:
            return None
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        local = datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        zone = _offset(sub.get(0x9011)) or VIETNAM  # OffsetTimeOriginal; cameras are set to Vietnam time
        moment = local.replace(tzinfo=zone)
        latest = (now or datetime.now(UTC)).astimezone(VIETNAM) + timedelta(days=1)
        if not EARLIEST_TAKEN <= moment <= latest:
            return None  # a camera never set, or set wrong: not evidence of when
        return moment.astimezone(UTC)
    except Exception:  # noqa: BLE001 - EXIF is untrusted input; no date is better than no photo
        return None


def _offset(value: object) -> tzinfo | None:
    """An EXIF offset such as "+07:00" as a timezone, or None."""
    try:
        text = (value.decode("ascii") if isinstance(value, bytes) else str(value)).strip("\x00 ")
        sign = {"+": 1, "-": -1}[text[0]]
        hours, minutes = int(text[1:3]), int(text[4:6])
        if text[3] != ":" or hours > 14 or minutes > 59:
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    except Exception:  # noqa: BLE001
        return None


def _require_regular(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise PhotoRejected(f"{name} là thư mục, không phải tệp ảnh.")
    kind = ("ống dẫn (FIFO)" if stat.S_ISFIFO(mode) else "thiết bị" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "socket" if stat.S_ISSOCK(mode) else "tệp đặc biệt")
    raise PhotoRejected(f"{name} là {kind}, không phải tệp ảnh thông thường; không đọc được.")


def _unreadable(name: str, exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"Không tìm thấy tệp {name} (đã bị xoá, di chuyển hoặc là liên kết hỏng)."
    if isinstance(exc, PermissionError):
        return f"Không có quyền đọc tệp {name}."
    return f"Không đọc được tệp {name}: {getattr(exc, 'strerror', None) or exc}"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "không có quyền đọc"
    if isinstance(exc, FileNotFoundError):
        return "không còn ở đó"
    return str(exc.strerror or exc)


def _label(kind: str) -> str:
    return {"WEBP": "WebP", "HEIF": "HEIC", "progressive JPEG": "JPEG lũy tiến (progressive)"}.get(kind, kind)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese writes 20.000


def _millions(n: int) -> str:
    return f"{n / 1_000_000:g}"
