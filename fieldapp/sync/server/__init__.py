"""The county server: one code path over SQLAlchemy Core (SQLite or PostgreSQL)."""
