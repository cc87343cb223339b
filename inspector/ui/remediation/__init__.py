"""Theo dõi khắc phục: every recommendation of approved or numbered minutes, filtered, the overdue in red, with the
steps of the one selected and the buttons for what the user may do (services.remediation)."""
