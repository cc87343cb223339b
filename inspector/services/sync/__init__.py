"""Laptop ↔ server sync and the rows that data packages carry (issue 14): see changes.py and engine.py."""
