"""What every view needs, built once per app: the store, the settings and the query engine.

Views reach it through `current_services()`, never through `g` or a module global, so two apps
(two stores) can live in one process, as the tests do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import current_app
from rdflib import Dataset

from kg.settings import Settings

from .engine import Engine


@dataclass
class Services:
    """The open store, the settings it was opened with, and the engine that queries it."""

    store: Dataset
    settings: Settings
    engine: Engine = field(init=False)
    started: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        self.engine = Engine(self.store, self.settings)


def current_services() -> Services:
    """The Services of the app handling the current request."""
    return current_app.extensions["stancekg"]  # type: ignore[no-any-return]
