"""Run every benchmark and print each figure as a ratio against a baseline measured in the same run.

    bash scripts/dev bench            # all
    bash scripts/dev bench startup    # one
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["startup", "answers", "minutes", "scale", "generate", "sync", "report"]


def main(argv: list[str]) -> int:
    chosen = [name for name in argv if not name.startswith("-")] or BENCHMARKS
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        print(f"== {name} ==")
        importlib.import_module(name).main([])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
