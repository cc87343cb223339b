"""The citizens' quick satisfaction survey: kiosk mode and paper entry (issue 16)."""
