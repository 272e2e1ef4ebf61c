"""Composition root for a WSGI server: one process, N threads, one store.

    gunicorn -w 1 --threads 8 server.wsgi:app
    waitress-serve --threads 8 server.wsgi:app

Only one process may open an on-disk Oxigraph store, so run one worker process with threads.
Configuration comes from STANCEKG_* variables (kg/settings.py).
"""

from __future__ import annotations

from kg.settings import Settings
from kg.store import open_store

from .app import create_app

settings = Settings.from_env()
store = open_store(settings.store)
app = create_app(store, settings)
