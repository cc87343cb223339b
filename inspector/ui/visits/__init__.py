"""The visits journey's list: its model (the view is inspector/ui/visits_view.py)."""
