"""Photos are hostile input: only JPEG, PNG, WebP and HEIC reach a decoder, only regular files are
opened, sizes are checked before decoding, EXIF dates are not trusted blindly, and a dropped folder
adds what it can and says in one message what it could not."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import EpsImagePlugin, Image

from inspector.services import photos
from inspector.services.photos import PhotoRejected, files_to_add, prepare_photo_bytes, prepare_photo_file

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"JPEG", "PNG", "WEBP", "HEIF"}


def _heif_writer() -> None:
    """Pillow writes HEIC once pillow-heif is registered (the app registers it only to read, at the first HEIC)."""
    import pillow_heif

    pillow_heif.register_heif_opener()


def _jpeg_bytes(width: int = 640, height: int = 480, colour: str = "teal", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", **save)
    return out.getvalue()


def _saved(path: Path, fmt: str, mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Path:
    Image.new(mode, size, "teal" if mode == "RGB" else 1).save(path, fmt)
    return path


def _png_header(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR claiming width × height (8-bit grey), a tiny IDAT: ~100 bytes
    that pass Pillow's header read, as a decompression bomb does."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def no_other_decoders(monkeypatch):  # type: ignore[no-untyped-def]
    """Fail the test if Ghostscript (or any process) is started, or Pillow is asked for another format."""
    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a subprocess / the EPS plugin was reached with a dropped file")

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", forbidden)
    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", forbidden)
    for name in ("Popen", "check_call", "check_output", "run", "call"):
        monkeypatch.setattr(subprocess, name, forbidden)
    formats_asked: list[tuple[str, ...]] = []
    real_open = Image.open

    def open_only_allowed(fp, mode="r", formats=None):  # type: ignore[no-untyped-def]
        assert formats is not None, "Image.open without formats= tries every plugin"
        formats_asked.append(tuple(formats))
        assert set(formats) <= ALLOWED
        return real_open(fp, mode, formats)

    monkeypatch.setattr(Image, "open", open_only_allowed)
    return formats_asked


# --- files that must be refused -----------------------------------------------------------------

def _eps(path: Path) -> Path:
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
                     b"(%pipe%touch /tmp/pwned) (w) file\nnewpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n")
    return path


def _dos_eps(path: Path) -> Path:  # the binary DOS EPS header Pillow's EPS plugin also accepts
    body = _eps(path).read_bytes()
    path.write_bytes(b"\xc5\xd0\xd3\xc6" + struct.pack("<IIIIII", 30, len(body), 0, 0, 0, 0) + b"\xff\xff" + body)
    return path


def _pdf(path: Path) -> Path:
    Image.new("RGB", (64, 48), "teal").save(path, "PDF")
    return path


def _svg(path: Path) -> Path:
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
                    encoding="utf-8")
    return path


def _truncated_jpeg(path: Path) -> Path:
    data = _jpeg_bytes(800, 600, "navy", quality=95)
    path.write_bytes(data[: len(data) // 2])
    return path


def _avif(path: Path) -> Path:  # ISO-BMFF like HEIC, but AV1: not among the allowed formats
    path.write_bytes(struct.pack(">I", 24) + b"ftypavif" + b"\0\0\0\0" + b"avifmif1" + b"\0" * 64)
    return path


def _long_strip(path: Path) -> Path:
    path.write_bytes(_png_header(1, 79_000_000))  # 79 MP, under the old 80 MP limit: took 2.3 GB
    return path


def _many_pixels_png(path: Path) -> Path:
    path.write_bytes(_png_header(10_000, 8_000))  # sides fine, 80 MP over the PNG limit
    return path


def _dev_zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")  # stat says size 0; reading never ends
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)  # opening it for reading would wait for a writer
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.parent / "gone.jpg")
    return path


HOSTILE = {  # name: (file name, maker, what the message says)
    "postscript renamed .jpg": ("scan.jpg", _eps, "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "DOS EPS renamed .jpg": ("scan2.jpg", _dos_eps, "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "PDF": ("bien_ban.pdf", _pdf, "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "TIFF": ("scan.tif", lambda p: _saved(p, "TIFF"), "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "BMP": ("anh.bmp", lambda p: _saved(p, "BMP"), "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "GIF": ("anh.gif", lambda p: _saved(p, "GIF"), "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "ICO renamed .png": ("icon.png", lambda p: _saved(p, "ICO"), "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "SVG renamed .png": ("logo.png", _svg, "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "AVIF": ("anh.heic", _avif, "không phải ảnh JPEG, PNG, WebP hoặc HEIC"),
    "1 × 79,000,000 PNG": ("strip.png", _long_strip, "1×79000000 điểm ảnh, quá lớn: ảnh PNG được tối đa 20.000 điểm ảnh mỗi cạnh"),
    "80 MP PNG": ("big.png", _many_pixels_png, "10000×8000 điểm ảnh, quá lớn: ảnh PNG được tối đa 20.000 điểm ảnh mỗi cạnh và 50 triệu"),
    "symlink to /dev/zero": ("zero.jpg", _dev_zero, "zero.jpg là thiết bị, không phải tệp ảnh thông thường"),
    "FIFO": ("pipe.jpg", _fifo, "pipe.jpg là ống dẫn (FIFO), không phải tệp ảnh thông thường"),
    "folder": ("album.jpg", _folder, "album.jpg là thư mục, không phải tệp ảnh"),
    "empty file": ("empty.jpg", _empty, "Tệp empty.jpg rỗng, không phải ảnh"),
    "truncated JPEG": ("half.jpg", _truncated_jpeg, "Ảnh half.jpg bị hỏng hoặc không đầy đủ"),
    "dangling symlink": ("link.jpg", _dangling, "Không tìm thấy tệp link.jpg"),
}
DAMAGED_INSIDE = {"truncated JPEG"}


def _in_thread(fn, *args, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """Run fn; fail (instead of hanging the suite) if it does not return promptly."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"{fn.__name__} did not return within {timeout} s (blocked on the file?)"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_with_a_vietnamese_message(case: str, tmp_path: Path, no_other_decoders) -> None:  # type: ignore[no-untyped-def]
    name, make, message = HOSTILE[case]
    path = make(tmp_path / name)
    with pytest.raises(PhotoRejected) as refused:
        _in_thread(prepare_photo_file, path)
    assert message in str(refused.value)
    if case in DAMAGED_INSIDE:  # found only by decoding: the drop's quick check lets it through
        assert _in_thread(photos.check_photo_file, path) == "JPEG"
        return
    with pytest.raises(PhotoRejected) as checked:  # the check a drop runs first, without decoding, says the same
        _in_thread(photos.check_photo_file, path)
    assert str(checked.value) == str(refused.value)


def test_the_long_strip_png_is_refused_in_little_memory(tmp_path: Path) -> None:
    """The 1 × 79,000,000 PNG of the report took 2.3 GB; now refused from its header."""
    strip = _long_strip(tmp_path / "strip.png")
    code = (
        "import resource, sys; from pathlib import Path\n"
        "from inspector.services.photos import PhotoRejected, prepare_photo_file\n"
        "try:\n    prepare_photo_file(Path(sys.argv[1]))\nexcept PhotoRejected:\n    pass\n"
        "else:\n    sys.exit('accepted')\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking (large) test process
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(strip)], cwd=ROOT, capture_output=True, text=True, check=True)
    assert int(done.stdout.split()[-1]) < 200, f"peak {done.stdout.strip()} MB"


def test_a_fifo_swapped_in_after_the_stat_does_not_block(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """stat says regular file, but by the time it is opened it is a FIFO: opened without waiting,
    and the descriptor's own fstat refuses it."""
    regular = tmp_path / "real.jpg"
    regular.write_bytes(_jpeg_bytes())
    pipe = _fifo(tmp_path / "swapped.jpg")
    real_stat = os.stat

    def lying_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        swapped = isinstance(path, str | os.PathLike) and Path(path) == pipe
        return real_stat(regular if swapped else path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(PhotoRejected, match="ống dẫn"):
        _in_thread(prepare_photo_file, pipe)


def test_size_is_decided_from_what_was_read_not_from_stat(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.jpg"
    big.write_bytes(_jpeg_bytes() + b"\0" * 5000)
    real_stat = os.stat

    def small_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        st = real_stat(path, *args, **kwargs)
        if not isinstance(path, str | os.PathLike) or Path(path) != big:
            return st
        fields = list(st)
        fields[6] = 0  # st_size, as /dev/zero or a /proc file would say
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", small_stat)
    monkeypatch.setattr(photos, "MAX_INPUT_BYTES", 4096)
    with pytest.raises(PhotoRejected, match="big.jpg lớn hơn 0 MB, quá giới hạn"):
        prepare_photo_file(big)


# --- files that must be accepted ----------------------------------------------------------------

def test_a_symlink_to_a_real_photo_is_accepted(tmp_path: Path, no_other_decoders) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "IMG_0001.JPG"
    real.write_bytes(_jpeg_bytes(2400, 1800))
    link = tmp_path / "link.jpg"
    link.symlink_to(real)
    photo = prepare_photo_file(link)
    assert (photo.width, photo.height, photo.media_type, photo.original_name) == (1600, 1200, "image/jpeg", "link.jpg")
    assert no_other_decoders == [("JPEG",)]  # one plugin, the one the first bytes name


def test_an_iphone_heic_photo_is_accepted(tmp_path: Path, no_other_decoders) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "IMG_4821.HEIC"
    _heif_writer()
    Image.new("RGB", (2016, 1512), "darkgreen").save(path, "HEIF", quality=60)
    assert path.read_bytes()[4:12] == b"ftypheic"
    photo = prepare_photo_file(path)
    assert (photo.width, photo.height) == (1600, 1200)
    stored = Image.open(io.BytesIO(photo.data), formats=["JPEG"])
    red, green, blue = stored.getpixel((800, 600))
    assert green > 80 and red < 40 and blue < 40  # still dark green


def test_webp_and_png_are_accepted_transparency_on_white(tmp_path: Path) -> None:
    webp = _saved(tmp_path / "zalo.webp", "WEBP", size=(1200, 900))
    assert prepare_photo_file(webp).width == 1200
    clear = tmp_path / "screenshot.png"
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(clear, "PNG")
    photo = prepare_photo_file(clear)
    assert Image.open(io.BytesIO(photo.data)).getpixel((150, 100)) == (255, 255, 255)  # not black


def test_a_turned_phone_photo_is_stored_upright(tmp_path: Path) -> None:
    image = Image.new("RGB", (3200, 2400), "teal")
    exif = image.getexif()
    exif[0x0112] = 6  # the phone was held upright: turn 90° clockwise to show it
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    photo = prepare_photo_bytes(out.getvalue(), "doc.jpg")
    assert (photo.width, photo.height) == (1200, 1600)


# --- EXIF dates -----------------------------------------------------------------------------------

def _dated(value: object, offset: str | None = None) -> bytes:
    image = Image.new("RGB", (64, 48), "teal")
    exif = image.getexif()
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = value  # DateTimeOriginal
    if offset is not None:
        sub[0x9011] = offset  # OffsetTimeOriginal
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("value", [
    "2099:01:01 00:00:00",  # a camera set wrong: the future
    "0001:01:01 00:00:00",  # a camera never set (used to raise out of the handler)
    "1999:12:31 23:59:59",
    "not a date at all",
    "2026:02:30 10:00:00",
    "2026:03:15 25:61:00",
    "",
])
def test_an_impossible_exif_date_is_ignored_not_trusted(value: str) -> None:
    photo = prepare_photo_bytes(_dated(value), "x.jpg")
    assert photo.taken_at is None


def test_a_normal_exif_date_is_taken_as_vietnam_time() -> None:
    assert prepare_photo_bytes(_dated("2026:03:15 09:30:00"), "x.jpg").taken_at == datetime(2026, 3, 15, 2, 30, tzinfo=UTC)
    # a phone that says its offset is believed
    assert prepare_photo_bytes(_dated("2026:03:15 09:30:00", "+09:00"), "x.jpg").taken_at == datetime(2026, 3, 15, 0, 30, tzinfo=UTC)
    assert prepare_photo_bytes(_dated("2026:03:15 09:30:00", "garbage"), "x.jpg").taken_at == datetime(2026, 3, 15, 2, 30, tzinfo=UTC)


def test_tomorrow_in_vietnam_is_the_latest_date_believed() -> None:
    image = Image.open(io.BytesIO(_dated("2026:12:02 20:00:00")))
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 21:00 on 1 December in Vietnam
    assert photos.taken_at_of(image, now) == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    late = Image.open(io.BytesIO(_dated("2026:12:02 21:01:00")))
    assert photos.taken_at_of(late, now) is None


# --- through the visit: nothing stored ----------------------------------------------------------

def test_refused_files_store_nothing(db, people, tmp_path: Path, no_other_decoders) -> None:  # type: ignore[no-untyped-def]
    from inspector.services.inspection import Inspection
    from inspector.services.rounds import start_unannounced
    from inspector.store.models import Blob, Evidence, ReceptionPoint, Unit

    with db.session() as session:
        point = session.scalars(sa.select(ReceptionPoint).join(Unit).where(Unit.name == "Ủy ban nhân dân phường Trà Vinh")).one()
        visit_id = start_unannounced(session, point.id, user_id=people.inspector).id
    inspection = Inspection(db, people.inspector)

    def counts() -> tuple[int, int]:
        with db.session() as session:
            return (session.scalar(sa.select(sa.func.count()).select_from(Blob)),
                    session.scalar(sa.select(sa.func.count()).select_from(Evidence)))

    before = counts()
    for n, (name, make, _message) in enumerate(HOSTILE.values()):
        folder = tmp_path / str(n)
        folder.mkdir()
        with pytest.raises(PhotoRejected):
            _in_thread(inspection.add_photo, visit_id, "NY-01", make(folder / name))
    assert counts() == before
    assert inspection.answer(visit_id, "NY-01").photos == ()


# --- several files at once ----------------------------------------------------------------------

def test_a_folder_gives_the_files_directly_in_it_sorted_and_at_most_200(tmp_path: Path) -> None:
    folder = tmp_path / "anh"
    folder.mkdir()
    for n in range(205):
        (folder / f"IMG_{n:04d}.jpg").write_bytes(b"")
    (folder / ".hidden.jpg").write_bytes(b"")
    (folder / "Thumbs.db").write_bytes(b"")
    (folder / "ngay2").mkdir()
    (folder / "ngay2" / "deeper.jpg").write_bytes(b"")
    single = tmp_path / "one.jpg"
    single.write_bytes(b"")
    dropped = files_to_add([single, folder])
    assert dropped.files[:3] == [single, folder / "IMG_0000.jpg", folder / "IMG_0001.jpg"]
    assert len(dropped.files) == 200 and dropped.left_out == 6
    assert dropped.subfolders == [folder / "ngay2"]
    assert not any(p.name in (".hidden.jpg", "Thumbs.db", "deeper.jpg") for p in dropped.files)



def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_dropping_a_folder_adds_its_photos_and_reports_the_rest_once(screen, db, tmp_path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from inspector.store.models import Evidence
    from tests.conftest import save_artifact

    blocking: list[str] = []  # a blocking QMessageBox (exec or the static helpers) would hang a drop
    monkeypatch.setattr(QMessageBox, "exec", lambda self: blocking.append(self.text()) or 0)
    for helper in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, helper, staticmethod(lambda *a, **k: blocking.append(str(a)) or 0))
    folder = tmp_path / "Ảnh kiểm tra"
    folder.mkdir()
    Image.new("RGB", (2400, 1800), "teal").save(folder / "IMG_0001.jpg", "JPEG")
    Image.new("RGB", (1800, 2400), "orange").save(folder / "IMG_0002.jpg", "JPEG")
    _pdf(folder / "Quyết định kiểm tra.pdf")
    (folder / "Ngày 2").mkdir()
    Image.new("RGB", (640, 480), "navy").save(folder / "Ngày 2" / "IMG_0003.jpg", "JPEG")
    screen.open_item("NY-01")
    panel = screen.panel
    _drop(panel, [folder])

    assert panel.photos.count() == 2
    with db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Evidence).where(
            Evidence.visit_id == screen.visit_id, Evidence.deleted_at.is_(None))) == 2
    assert blocking == []
    report = panel.photo_report
    assert report is not None and report.isVisible()
    text = report.text()
    assert panel.tr("Added %1 photo(s).").replace("%1", "2") in text
    assert panel.tr("Could not add %1 file(s):").replace("%1", "1") in text
    assert "• Tệp Quyết định kiểm tra.pdf không phải ảnh JPEG, PNG, WebP hoặc HEIC." in text
    assert "Ngày 2" in text  # the folder inside was not opened, and it says so
    qtbot.waitExposed(report)
    save_artifact(report, "folder_drop.png")

    # a second drop with nothing wrong says nothing more; an exception from the screen is shown, not raised
    report.close()
    _drop(panel, [folder / "IMG_0001.jpg"])
    assert panel.photos.count() == 3 and not report.isVisible()

    def broken(_paths: list[Path]) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(screen, "add_photos", broken)
    _drop(panel, [folder / "IMG_0002.jpg"])
    assert "RuntimeError: disk on fire" in report.text() and report.isVisible()


def test_a_drop_never_raises(screen, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import inspector.ui.item_panel as item_panel

    photo = tmp_path / "ok.jpg"
    photo.write_bytes(_jpeg_bytes())

    def explode(_path: Path) -> str:
        raise KeyError("unexpected")

    monkeypatch.setattr(item_panel, "check_photo_file", explode)
    screen.open_item("NY-01")
    _drop(screen.panel, [photo, tmp_path / "missing.jpg"])
    assert "ok.jpg" in screen.panel.photo_report.text() and "KeyError" in screen.panel.photo_report.text()
    assert screen.panel.photos.count() == 0


def test_the_add_button_offers_the_allowed_formats_and_reports_like_a_drop(screen, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    good = tmp_path / "IMG_0001.HEIC"
    _heif_writer()
    Image.new("RGB", (800, 600), "teal").save(good, "HEIF", quality=60)
    bad = _saved(tmp_path / "scan.tif", "TIFF")
    asked: list[str] = []

    def choose(_parent, _title, _folder, filters):  # type: ignore[no-untyped-def]
        asked.append(filters)
        return [str(good), str(bad)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    screen.open_item("NY-01")
    screen.panel.add_photo_button.click()
    assert "(*.jpg *.jpeg *.png *.webp *.heic *.heif)" in asked[0]
    assert screen.panel.photos.count() == 1
    assert "Tệp scan.tif không phải ảnh JPEG, PNG, WebP hoặc HEIC." in screen.panel.photo_report.text()


def test_a_photo_damaged_inside_is_listed_in_the_same_report(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It passes the quick check (right header) and fails only when decoded: still one message for the drop."""
    good = tmp_path / "ok.jpg"
    good.write_bytes(_jpeg_bytes())
    damaged = _truncated_jpeg(tmp_path / "half.jpg")
    screen.open_item("NY-01")
    _drop(screen.panel, [good, damaged])
    text = screen.panel.photo_report.text()
    assert "Đã thêm 1 ảnh." in text and "Ảnh half.jpg bị hỏng hoặc không đầy đủ" in text, text
    assert screen.panel.photos.count() == 1
    assert screen.banner.isHidden()  # said once, in the drop's report
