"""Start Inspector from a checkout: ``python main.py`` (see README.md)."""

import sys

from inspector.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
