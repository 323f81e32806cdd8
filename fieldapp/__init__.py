"""fieldapp: offline-first township enforcement records, documents and sync."""

__version__ = "0.1.0"
