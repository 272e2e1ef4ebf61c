"""Configuration in one place: defaults < STANCEKG_* environment variables < CLI flags.

No other module reads os.environ. `Settings.from_env()` is called once by the composition roots
(the CLI and server/wsgi.py) and the result is passed down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .namespaces import WIKIDATA_SPARQL


def _default_store() -> str:
    return "oxigraph:" + str(Path.home() / ".local" / "share" / "stancekg" / "store")


@dataclass(frozen=True)
class Settings:
    """Every knob stancekg has. Each field: default, then `STANCEKG_<NAME>` overrides it."""

    store: str = field(default_factory=_default_store,
                       metadata={"help": "where the graph lives: oxigraph:PATH, memory:, sparql:URL"})
    host: str = field(default="127.0.0.1", metadata={"help": "address the server listens on"})
    port: int = field(default=7878, metadata={"help": "port the server listens on"})
    threads: int = field(default=8,
                         metadata={"help": "server worker threads (one process: the store allows one)"})
    query_timeout: float = field(default=30.0, metadata={"help": "seconds before a query is stopped with 503"})
    max_result_rows: int = field(default=100_000,
                                 metadata={"help": "rows a query may return before it is refused"})
    max_request_bytes: int = field(default=10 * 1024 * 1024, metadata={"help": "largest request body accepted"})
    update_token: str | None = field(default=None,
                                     metadata={"help": "bearer token that enables SPARQL Update; off when unset"})
    service_allowlist: tuple[str, ...] = field(
        default=(WIKIDATA_SPARQL,), metadata={"help": "SERVICE endpoints a query may call (comma-separated)"})
    wikidata_endpoint: str = field(default=WIKIDATA_SPARQL,
                                   metadata={"help": "SPARQL endpoint used by `stancekg link` and `enrich`"})
    wikidata_rate: float = field(default=1.0, metadata={"help": "most Wikidata requests per second"})
    user_agent: str = field(
        default="stancekg/0.1 (https://w3id.org/stancekg; research use) SPARQLWrapper",
        metadata={"help": "User-Agent sent to Wikidata, as its policy asks"})
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "stancekg",
                            metadata={"help": "folder for the Wikidata answer cache"})
    max_article_bytes: int = field(default=2 * 1024 * 1024,
                                   metadata={"help": "largest article file accepted"})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then `STANCEKG_*` variables, then the non-None keyword overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get("STANCEKG_" + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _parse(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _parse(kind: Any, raw: str) -> Any:
    kind = str(kind)
    if kind.startswith("int"):
        return int(raw)
    if kind.startswith("float"):
        return float(raw)
    if kind.startswith("tuple"):
        return tuple(s.strip() for s in raw.split(",") if s.strip())
    if kind.startswith("Path"):
        return Path(raw)
    return raw


def settings_help() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for the README and `--help`."""
    rows = []
    for f in fields(Settings):
        default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
        rows.append(("STANCEKG_" + f.name.upper(), str(default), f.metadata.get("help", "")))
    return rows
