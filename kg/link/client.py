"""One polite SPARQL client for Wikidata (or a mirror): User-Agent, on-disk cache, rate limit.

Wikidata's query service asks clients to identify themselves with a descriptive User-Agent and to
keep the request rate low (https://meta.wikimedia.org/wiki/User-Agent_policy). Every SELECT goes
through `WikidataClient.select`, which answers from the cache when it can (keyed by endpoint and
query text) and otherwise waits until 1/settings.wikidata_rate seconds have passed since its last
request. Failures become LinkingError naming the endpoint.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

from ..errors import LinkingError
from ..settings import Settings

Row = dict[str, dict[str, str]]
"""One SPARQL JSON result binding: variable → {"type", "value", ("xml:lang" | "datatype")}."""


class WikidataClient:
    """SELECT queries against `settings.wikidata_endpoint`, cached under `settings.cache_dir/wikidata`."""

    def __init__(self, settings: Settings, *, use_cache: bool = True) -> None:
        self.endpoint = settings.wikidata_endpoint
        self.user_agent = settings.user_agent
        self.min_interval = 1.0 / settings.wikidata_rate if settings.wikidata_rate > 0 else 0.0
        self.cache = Path(settings.cache_dir) / "wikidata" if use_cache else None
        self.timeout = settings.query_timeout
        self.requests = 0  # answers fetched from the endpoint (not from the cache)
        self._last = 0.0
        self._lock = threading.Lock()

    def select(self, query: str) -> list[Row]:
        """The bindings of a SELECT query. Raises LinkingError when the endpoint fails or answers badly."""
        path = self._cache_path(query)
        if path is not None and path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        rows = self._fetch(query)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return rows

    def _cache_path(self, query: str) -> Path | None:
        if self.cache is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache / key[:2] / f"{key}.json"

    def _fetch(self, query: str) -> list[Row]:
        from SPARQLWrapper import JSON, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        with self._lock:  # one request at a time, spaced by the rate limit
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
            client.setQuery(query)
            client.setReturnFormat(JSON)
            client.setTimeout(int(max(1, self.timeout)))
            try:
                answer = client.queryAndConvert()
            except (SPARQLWrapperException, OSError, ValueError) as e:
                raise LinkingError(f"the Wikidata endpoint {self.endpoint} failed: {e}") from e
            finally:
                self._last = time.monotonic()
                self.requests += 1
        try:
            return list(answer["results"]["bindings"])  # type: ignore[index]
        except (TypeError, KeyError) as e:
            raise LinkingError(f"the Wikidata endpoint {self.endpoint} sent no SPARQL JSON results") from e
