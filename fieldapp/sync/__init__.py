"""Sync with the county server: protocol, laptop engine, USB bundle, server.

The laptop side (`client`, `outgoing`, `incoming`, `transport`, `bundle`,
`enroll`) needs only httpx and zstandard; the server (`fieldapp.sync.server`)
needs the `server` extra (FastAPI, uvicorn, SQLAlchemy, psycopg). Nothing
here imports Qt: the UI wraps `SyncEngine` with its own progress signals.
"""
