"""Use cases over the database. One session per operation; no Qt here."""
