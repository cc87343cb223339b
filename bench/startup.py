"""Cold start to a shown main window, against a bare PySide6 window, in the same run.

Each sample is a new Python process (cold interpreter, cold imports; the OS
file cache is warm for both alike). Time runs from spawning the process to
the child reporting that its window is exposed. Runs alternate between the
bare window, the app on a plain database and the app on the same data encrypted (SQLCipher,
store.crypto, opened with its key: the password's argon2id, once per sign-in, is not counted), so
drift on the machine hits all alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Kiểm tra công vụ")
window.setCentralWidget(QLabel("Ủy ban nhân dân Phường 1"))
window.resize(1180, 720)
window.show()
while not (window.windowHandle() and window.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
print("SHOWN", flush=True)
"""

APP = r"""
import sys
from pathlib import Path
from inspector.ui.app import create_application, build_main_window
from inspector.ui.settings import Options
app = create_application(sys.argv)
key = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else None  # the encrypted database's key, or plain
window = build_main_window(Options(), Path(sys.argv[1]), user="kiemtra1", key=key, encrypt=key is not None)
window.show()
while not (window.windowHandle() and window.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
assert window.catalog.unit_names(), "no units shown"
print("SHOWN", flush=True)
window.workspace.close()
"""


def sample(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "SHOWN":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"child did not show a window (exit {proc.wait()})")
    proc.wait()
    return elapsed


def run(repeats: int) -> dict[str, float]:
    key = os.urandom(32).hex()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data")
        database, encrypted = f"{tmp}/bench.sqlite", f"{tmp}/encrypted.sqlite"
        first = sample(APP, [database], env)  # creates and seeds the database (first start)
        first_encrypted = sample(APP, [encrypted, key], env)  # the same, encrypted
        bare, app, app_encrypted = [], [], []
        sample(BARE, [], env)  # warm the file cache for Qt itself
        for _ in range(repeats):
            bare.append(sample(BARE, [], env))
            app.append(sample(APP, [database], env))
            app_encrypted.append(sample(APP, [encrypted, key], env))
    result = {
        "bare_median_s": statistics.median(bare),
        "app_median_s": statistics.median(app),
        "encrypted_median_s": statistics.median(app_encrypted),
        "first_start_s": first,
        "first_start_encrypted_s": first_encrypted,
    }
    result["ratio"] = result["app_median_s"] / result["bare_median_s"]
    result["encrypted_ratio"] = result["encrypted_median_s"] / result["bare_median_s"]
    result["encrypted_to_plain"] = result["encrypted_median_s"] / result["app_median_s"]
    return result


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    result = run(args.repeats)
    print(f"Cold start to shown main window (median of {args.repeats} new processes each):")
    print(f"  bare PySide6 window        {result['bare_median_s'] * 1000:8.0f} ms   (baseline)")
    print(f"  Inspector main window      {result['app_median_s'] * 1000:8.0f} ms   ratio {result['ratio']:.2f}x")
    print(f"  the same, encrypted file   {result['encrypted_median_s'] * 1000:8.0f} ms   ratio {result['encrypted_ratio']:.2f}x"
          f"   ({result['encrypted_to_plain']:.2f}x plain)")
    print(f"  Inspector, first start (creates + seeds the database) {result['first_start_s'] * 1000:.0f} ms plain, "
          f"{result['first_start_encrypted_s'] * 1000:.0f} ms encrypted, one sample each")
    return result


if __name__ == "__main__":
    main()
