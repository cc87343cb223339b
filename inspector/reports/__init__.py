"""Printed documents (ReportLab): pure functions from plain data to PDF bytes. No Qt, no database."""
