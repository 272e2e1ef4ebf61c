"""The app factory: `create_app(store, settings)` builds the web app around an open store.

It never opens a store itself (only one process may open an on-disk Oxigraph store, so the
composition roots, `stancekg serve` and server/wsgi.py, open it once and hand it in).
"""

from __future__ import annotations

import importlib
import logging

from flask import Flask, Response, request
from rdflib import Dataset

from kg.settings import Settings

from . import errors
from .services import Services

log = logging.getLogger(__name__)

BLUEPRINTS = ("sparql", "api", "ui", "graph", "named_queries")
"""Modules of this package that each expose `bp`, registered in this order."""


def create_app(store: Dataset, settings: Settings) -> Flask:
    """Build the web app around an open store; it never opens one itself.

    >>> from kg import open_store
    >>> app = create_app(open_store("memory:oxigraph"), Settings.from_env({}))
    >>> app.test_client().get("/health").status_code
    200
    """
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.extensions["stancekg"] = Services(store=store, settings=settings)
    missing = []
    for name in BLUEPRINTS:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{name}":
                raise  # the module exists but something it imports does not: a real error
            missing.append(name)
            continue
        app.register_blueprint(module.bp)
    if missing:
        log.warning("server modules not present, their pages are off: %s", ", ".join(missing))
    app.extensions["stancekg_missing_blueprints"] = tuple(missing)
    errors.init_app(app)
    app.after_request(_cors)
    return app


def _cors(response: Response) -> Response:
    """CORS for every response, so a query page on any origin can use the endpoint."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
