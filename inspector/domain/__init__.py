"""Plain domain types and rules. No Qt, no database sessions."""
