"""Tệp › Gói dữ liệu: export the visits of a round (or the selected ones) to a signed package; import a package
after a preview (services/packages.py)."""
