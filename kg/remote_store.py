"""A store on any SPARQL 1.1 server: `sparql:QUERY_URL[;update=URL;gsp=URL;user=U;password=P;auth=digest]`.

It speaks only the three SPARQL 1.1 protocols: Query (reads), Update (writes without a Graph Store URL) and
the Graph Store HTTP Protocol (`gsp=`: whole-graph PUT, POST and DELETE). So Virtuoso, GraphDB, Fuseki,
Amazon Neptune or QLever can hold the graph. The store is an rdflib `Store`, wrapped in a `Dataset` whose
default graph is the server's default graph (on Virtuoso and most servers the union of the named graphs).

Guarantees and known server pitfalls (platform-notes.md, measured on Virtuoso 7.2.5):
- Writing an article replaces its graph in one request: a Graph Store PUT (or, without `gsp=`, one SPARQL
  Update request `DROP SILENT GRAPH …; INSERT DATA …`). Additions to shared graphs (actors) are sent first,
  so a failure in between leaves the article absent or whole, never half-stored.
- Virtuoso cuts results at `ResultSetMaxRows` (10,000 by default) and says so only in an
  `X-SPARQL-MaxRows` header: `triples()`, `len()` and exports page with LIMIT/OFFSET over an ordered
  subquery (an ordered OFFSET past the cap fails with SR353), and a query whose answer was cut raises
  StoreError instead of returning a silently partial result.
- Virtuoso's SPARQL compiler refuses big `INSERT DATA` texts (SP031 "generated SQL text has exceeded
  10000 lines", near 1,000 triples per operation): updates are sent in operations of `UPDATE_CHUNK` triples,
  bulk data through the Graph Store Protocol when it is configured.
- Virtuoso's own graphs (virtrdf, ldp, the server's /DAV/ and /sparql graphs) are left out of `len()`,
  `contexts()`, `triples()` over the whole store, and so out of counts and exports.
- Authentication: `auth=digest` (Virtuoso's /sparql-auth and /sparql-graph-crud-auth accept only Digest),
  `auth=basic` (sent up front), or unset: whichever the server's challenge asks for.

It must not import the server, and never sends the password anywhere but the configured URLs.
"""

from __future__ import annotations

import io
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node, Variable

from .bulk import nquad
from .errors import StoreError, StoreSpecError

# Triples per INSERT DATA operation: Virtuoso 7.2.5 fails near 2,000 (SP031), measured with 1,000 passing.
UPDATE_CHUNK = 500
# Rows per page when reading triples: below Virtuoso's default cap of 10,000 so that a page is never cut.
PAGE_ROWS = 5000
# Triples per Graph Store POST when copying a store in bulk.
GSP_CHUNK = 50_000
# IRI prefixes of graphs that servers create for themselves (Virtuoso: its schema, LDP, DAV, service graphs).
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://localhost:8890/",
)
_RESULT_TYPES = "application/sparql-results+json;q=1.0, application/sparql-results+xml;q=0.9"
_GRAPH_TYPES = "application/n-triples;q=1.0, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_PARSERS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                  "application/rdf+xml": "xml", "application/ld+json": "json-ld", "text/n3": "n3"}


@dataclass(frozen=True)
class RemoteSpec:
    """The parts of a `sparql:` store spec."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str | None = None  # "digest", "basic" or None (answer the server's challenge)
    timeout: float = 300.0

    def __repr__(self) -> str:  # never print the password
        return (f"RemoteSpec(query_url={self.query_url!r}, update_url={self.update_url!r}, "
                f"gsp_url={self.gsp_url!r}, user={self.user!r}, auth={self.auth!r})")


def parse_spec(rest: str) -> RemoteSpec:
    """Read `QUERY_URL[;update=URL;gsp=URL;user=U;password=P;auth=digest|basic;timeout=S]`.

    >>> parse_spec("http://127.0.0.1:8890/sparql;update=http://127.0.0.1:8890/sparql-auth;auth=digest").auth
    'digest'

    Raises StoreSpecError naming the part that is wrong.
    """
    parts = rest.split(";")
    query_url = parts[0].strip()
    if not query_url.startswith(("http://", "https://")):
        raise StoreSpecError("sparql: needs an http(s) query URL first, as in sparql:http://host/sparql "
                             f"(got {query_url!r})")
    options: dict[str, str] = {}
    for part in parts[1:]:
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in ("update", "gsp", "user", "password", "auth", "timeout"):
            raise StoreSpecError(f"unknown sparql: store option {key!r}; "
                                 "known: update, gsp, user, password, auth, timeout")
        options[key] = value.strip()
    auth = options.get("auth") or None
    if auth not in (None, "digest", "basic"):
        raise StoreSpecError(f"auth must be digest or basic, not {auth!r}")
    for key in ("update", "gsp"):
        if key in options and not options[key].startswith(("http://", "https://")):
            raise StoreSpecError(f"sparql: option {key}= needs an http(s) URL (got {options[key]!r})")
    try:
        timeout = float(options.get("timeout", "300"))
    except ValueError as e:
        raise StoreSpecError(f"timeout must be a number of seconds, not {options['timeout']!r}") from e
    return RemoteSpec(query_url=query_url, update_url=options.get("update") or None,
                      gsp_url=options.get("gsp") or None, user=options.get("user") or None,
                      password=options.get("password"), auth=auth, timeout=timeout)


class _Http:
    """HTTP with the spec's credentials; one urllib opener per thread (Digest keeps a nonce count)."""

    def __init__(self, spec: RemoteSpec) -> None:
        self.spec = spec
        self._local = threading.local()

    def _opener(self) -> urllib.request.OpenerDirector:
        opener = getattr(self._local, "opener", None)
        if opener is None:
            handlers: list[urllib.request.BaseHandler] = []
            spec = self.spec
            if spec.user is not None and spec.auth is None:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for url in (spec.query_url, spec.update_url, spec.gsp_url):
                    if url:
                        manager.add_password(None, url, spec.user, spec.password or "")
                handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
                handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
            opener = urllib.request.build_opener(*handlers)
            self._local.opener = opener
        return opener

    def _digest_header(self, req: urllib.request.Request, *, refresh: bool = False) -> str | None:
        """A Digest `Authorization` value for `req`, computed before sending.

        urllib answers a Digest challenge by sending the request again, body and all; Virtuoso closes the
        connection on a big unauthenticated body (broken pipe), so we fetch the challenge with a bodyless
        request once per thread and endpoint and authenticate every request up front.
        """
        key = urllib.parse.urlsplit(req.full_url)[:3]
        cache = self._local.__dict__.setdefault("challenges", {})
        if refresh or key not in cache:
            probe = urllib.request.Request(req.full_url, data=b"" if req.data is not None else None,
                                           method=req.get_method())
            try:
                with urllib.request.build_opener().open(probe, timeout=self.spec.timeout):
                    return None  # no authentication asked
            except urllib.error.HTTPError as e:
                header = e.headers.get("www-authenticate", "")
                e.read()
                if e.code != 401 or not header.lower().startswith("digest "):
                    return None
                cache[key] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise StoreError(f"cannot reach the SPARQL server at {req.full_url.split('?')[0]}: {reason}") from e
        handler = self._local.__dict__.get("digest")
        if handler is None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, req.full_url, self.spec.user, self.spec.password or "")
            handler = self._local.digest = urllib.request.HTTPDigestAuthHandler(manager)
        handler.passwd.add_password(None, req.full_url, self.spec.user, self.spec.password or "")
        value = handler.get_authorization(req, cache[key])
        return f"Digest {value}" if value else None

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: Mapping[str, str] | None = None, ok_missing: bool = False) -> tuple[dict[str, str], bytes]:
        """Send one request; the response headers and body. Raises StoreError with the server's reason."""
        all_headers = dict(headers or {})
        if self.spec.auth == "basic" and self.spec.user is not None:
            token = b64encode(f"{self.spec.user}:{self.spec.password or ''}".encode()).decode()
            all_headers["Authorization"] = f"Basic {token}"
        for attempt in (0, 1):
            req = urllib.request.Request(url, data=data, headers=all_headers, method=method)
            if self.spec.auth == "digest" and self.spec.user is not None:
                value = self._digest_header(req, refresh=attempt == 1)
                if value:
                    req.add_unredirected_header("Authorization", value)
            try:
                with self._opener().open(req, timeout=self.spec.timeout) as resp:
                    return {k.lower(): v for k, v in resp.headers.items()}, resp.read()
            except urllib.error.HTTPError as e:
                if ok_missing and e.code == 404:
                    return {}, b""
                detail = e.read()[:400].decode("utf-8", errors="replace").strip()
                where = url.split("?")[0]
                if e.code == 401 and attempt == 0 and self.spec.auth == "digest":
                    continue  # a stale nonce: fetch a new challenge once
                if e.code in (401, 403):
                    raise StoreError(f"the SPARQL server at {where} refused the credentials ({e.code}); "
                                     "check user=, password= and auth= in the store spec") from e
                raise StoreError(f"the SPARQL server at {where} answered {e.code}: {detail}") from e
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise StoreError(f"cannot reach the SPARQL server at {url.split('?')[0]}: {reason}") from e
        raise AssertionError("unreachable")  # pragma: no cover


def _is_system_graph(iri: str, spec: RemoteSpec) -> bool:
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(spec.query_url))
    return iri.startswith((*SYSTEM_GRAPH_PREFIXES, origin))


def _nt_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
    for s, p, o in triples:
        yield nquad(s, p, o)


class RemoteStore(SPARQLUpdateStore):
    """rdflib's SPARQLUpdateStore with our HTTP (Digest, errors), paging, system-graph filtering and
    whole-graph writes. Reads and writes raise StoreError when the server cannot be reached or refuses."""

    def __init__(self, spec: RemoteSpec) -> None:
        super().__init__(query_endpoint=spec.query_url, update_endpoint=spec.update_url or spec.query_url,
                         context_aware=True, autocommit=True, returnFormat="json")
        self.spec = spec
        self.http = _Http(spec)

    # ---------- the wire ----------
    def _query(self, query: str, default_graph: str | None = None, **_: Any) -> Result:  # type: ignore[override]
        self._queries += 1
        params = {"query": query}
        if default_graph is not None and not isinstance(default_graph, Variable):
            params["default-graph-uri"] = str(default_graph)
        headers, body = self.http.request(
            "POST", self.spec.query_url, data=urllib.parse.urlencode(params).encode(),
            headers={"Accept": f"{_RESULT_TYPES}, {_GRAPH_TYPES}",
                     "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in _GRAPH_PARSERS:
            if ctype == "application/rdf+xml" and re.search(rb"<!DOCTYPE", body, re.IGNORECASE):
                # Entity declarations are how an XML "billion laughs" bomb expands; expat stops it only
                # after about a minute of CPU in rdflib's parser (tests/test_faults.py). A SPARQL
                # server's answer has no use for a DTD.
                raise StoreError(f"the SPARQL server at {self.spec.query_url} sent RDF/XML with a DTD "
                                 "(entity declarations), which is refused")
            graph = Graph()
            try:
                graph.parse(data=body, format=_GRAPH_PARSERS[ctype])
            except Exception as e:  # rdflib's parsers raise many kinds of errors on bad input
                raise StoreError(f"the SPARQL server at {self.spec.query_url} sent an unreadable answer "
                                 f"({ctype}): {e}") from e
            result = Result("CONSTRUCT")
            result.graph = graph
            return result
        try:
            result = Result.parse(io.BytesIO(body), content_type=ctype)
        except Exception as e:  # rdflib's result parsers raise bare exceptions on bad input
            raise StoreError(f"the SPARQL server at {self.spec.query_url} sent an unreadable answer "
                             f"({ctype or 'no content type'}): {e}") from e
        cap = headers.get("x-sparql-maxrows")
        if cap is not None and result.type == "SELECT" and len(result.bindings) >= int(cap):
            raise StoreError(f"the SPARQL server cut the answer at {cap} rows (Virtuoso's ResultSetMaxRows); "
                             "raise that limit or page the query with LIMIT and OFFSET")
        return result

    def _update(self, update: str) -> None:  # type: ignore[override]
        self._updates += 1
        if not self.spec.update_url:
            raise StoreError("this sparql: store has no update URL; add ;update=URL to the store spec")
        self.http.request("POST", self.spec.update_url, data=update.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update; charset=UTF-8"})

    def _gsp(self, method: str, graph: URIRef, data: bytes | None = None) -> None:
        assert self.spec.gsp_url is not None
        url = self.spec.gsp_url + "?" + urllib.parse.urlencode({"graph": str(graph)})
        headers = {"Content-Type": "application/n-triples; charset=UTF-8"} if data is not None else {}
        self.http.request(method, url, data=data, headers=headers, ok_missing=method == "DELETE")

    # ---------- reads ----------
    def _graph_filter(self) -> str:
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(self.spec.query_url))
        prefixes = [*SYSTEM_GRAPH_PREFIXES, origin]
        return " && ".join(f'!STRSTARTS(STR(?g), "{p}")' for p in prefixes)

    def _select_pages(self, where: str, variables: str) -> Iterator[Any]:
        """Every row of `SELECT variables WHERE where`, page by page over an ordered subquery."""
        offset = 0
        while True:
            query = (f"SELECT {variables} WHERE {{ {{ SELECT {variables} WHERE {{ {where} }} "
                     f"ORDER BY {variables} }} }} LIMIT {PAGE_ROWS} OFFSET {offset}")
            rows = list(self._query(query))
            yield from rows
            if len(rows) < PAGE_ROWS:
                return
            offset += PAGE_ROWS

    def triples(self, spo, context=None):  # type: ignore[no-untyped-def,override]
        """Matching triples with the graph each is in; the whole store means every non-system graph."""
        s, p, o = spo
        terms = {"s": s, "p": p, "o": o}
        pattern = " ".join(t.n3() if t is not None else f"?{k}" for k, t in terms.items())
        ident = getattr(context, "identifier", context)
        if ident is not None and ident != DATASET_DEFAULT_GRAPH_ID and not isinstance(ident, Variable):
            where = f"GRAPH {URIRef(str(ident)).n3()} {{ {pattern} }}"
            names = [f"?{k}" for k, t in terms.items() if t is None]
            if not names:
                if bool(self._query(f"ASK {{ {where} }}").askAnswer):
                    yield (s, p, o), iter([context])
                return
            for row in self._select_pages(where, " ".join(names)):
                values = {k: (t if t is not None else row[k]) for k, t in terms.items()}
                yield (values["s"], values["p"], values["o"]), iter([context])
            return
        where = f"GRAPH ?g {{ {pattern} }} FILTER({self._graph_filter()})"
        names = [f"?{k}" for k, t in terms.items() if t is None] + ["?g"]
        for row in self._select_pages(where, " ".join(names)):
            values = {k: (t if t is not None else row[k]) for k, t in terms.items()}
            yield (values["s"], values["p"], values["o"]), iter([Graph(store=self, identifier=row["g"])])

    def __len__(self, context=None) -> int:  # type: ignore[no-untyped-def,override]
        ident = getattr(context, "identifier", context)
        if ident is not None and ident != DATASET_DEFAULT_GRAPH_ID:
            where = f"GRAPH {URIRef(str(ident)).n3()} {{ ?s ?p ?o }}"
        else:
            where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER({self._graph_filter()})"
        rows = list(self._query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
        return int(rows[0][0]) if rows else 0

    def contexts(self, triple=None):  # type: ignore[no-untyped-def,override]
        """The non-empty named graphs, system graphs left out."""
        if triple is not None:
            s, p, o = triple
            pattern = " ".join(t.n3() if t is not None else f"?{k}" for k, t in zip("spo", (s, p, o), strict=True))
        else:
            pattern = "?s ?p ?o"
        rows = self._query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} FILTER({self._graph_filter()}) }}")
        return iter([row[0] for row in rows])  # type: ignore[index]

    def graph_names(self) -> list[URIRef]:
        """The non-empty, non-system named graphs, sorted."""
        return sorted(self.contexts())

    # ---------- writes ----------
    def _insert_ops(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
        ops, chunk = [], []
        for line in _nt_lines(triples):
            chunk.append(line)
            if len(chunk) >= UPDATE_CHUNK:
                ops.append(f"INSERT DATA {{ GRAPH {name.n3()} {{\n{''.join(chunk)}}} }}")
                chunk = []
        if chunk:
            ops.append(f"INSERT DATA {{ GRAPH {name.n3()} {{\n{''.join(chunk)}}} }}")
        return ops

    def replace_with_operations(self, replace: Mapping[URIRef, Graph], before: Sequence[str],
                                after: Sequence[str]) -> None:
        """One SPARQL Update request: `before`, each graph in `replace` dropped and written, `after`.

        For changes that must land together with the graphs (kg.summaries' tallies). The graphs go in as
        INSERT DATA, so they must hold no blank nodes (Virtuoso refuses them in a constant clause).
        Raises StoreError."""
        ops = [*before]
        for name, graph in replace.items():
            ops += [f"DROP SILENT GRAPH {name.n3()}", *self._insert_ops(name, graph)]
        self._update(" ;\n".join([*ops, *after]))

    def replace_graphs(self, replace: Mapping[URIRef, Graph], merge: Mapping[URIRef, Graph]) -> None:
        """Each graph in `replace` becomes exactly its new content; `merge` adds triples.

        Merges go first and each replaced graph is written by one request (Graph Store PUT or DELETE, or one
        SPARQL Update request without `gsp=`), so a failure leaves a replaced graph as it was or whole.
        Raises StoreError.
        """
        if self.spec.gsp_url:
            for name, graph in merge.items():
                if len(graph):
                    self._gsp("POST", name, "".join(_nt_lines(graph)).encode("utf-8"))
            for name, graph in replace.items():
                if len(graph):
                    self._gsp("PUT", name, "".join(_nt_lines(graph)).encode("utf-8"))
                else:
                    self._gsp("DELETE", name)
            return
        ops: list[str] = []
        for name, graph in merge.items():
            ops += self._insert_ops(name, graph)
        if ops:
            self._update(" ;\n".join(ops))
        for name, graph in replace.items():
            self._update(" ;\n".join([f"DROP SILENT GRAPH {name.n3()}", *self._insert_ops(name, graph)]))

    def add_triples(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Append triples to one graph in bulk (Graph Store POSTs of GSP_CHUNK, else Update requests).

        Returns how many were sent. Raises StoreError.
        """
        size = GSP_CHUNK if self.spec.gsp_url else UPDATE_CHUNK * 10
        return self._send_lines(name, _nt_lines(triples), size=size, replace=False)

    def put_graph_lines(self, name: URIRef, lines: Iterable[str], *, chunk: int = GSP_CHUNK) -> int:
        """Replace graph `name` with N-Triples `lines`, sent in requests of `chunk` lines (the first a
        Graph Store PUT, the rest POSTs; without `gsp=`, SPARQL Update requests). Returns the lines sent.
        Raises StoreError."""
        return self._send_lines(name, lines, size=chunk, replace=True)

    def _send_lines(self, name: URIRef, lines: Iterable[str], *, size: int, replace: bool) -> int:
        """Send N-Triples lines to graph `name` in requests of `size` lines. With `replace`, the first
        request replaces the graph (a Graph Store PUT, or DROP + INSERT; a DELETE when there are no lines);
        every other request appends."""
        sent, first, batch = 0, replace, []

        def flush() -> None:
            nonlocal first
            if not batch and not first:
                return
            if self.spec.gsp_url:
                if batch:
                    self._gsp("PUT" if first else "POST", name, "".join(batch).encode("utf-8"))
                else:
                    self._gsp("DELETE", name)
            else:
                ops = [f"DROP SILENT GRAPH {name.n3()}"] if first else []
                ops += [f"INSERT DATA {{ GRAPH {name.n3()} {{\n{''.join(batch[i:i + UPDATE_CHUNK])}}} }}"
                        for i in range(0, len(batch), UPDATE_CHUNK)]
                self._update(" ;\n".join(ops))
            first = False
            batch.clear()

        for line in lines:
            batch.append(line)
            sent += 1
            if len(batch) >= size:
                flush()
        flush()
        return sent

    def addN(self, quads):  # type: ignore[no-untyped-def,override]  # noqa: N802
        """Add quads, grouped per graph and sent in bulk."""
        by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
        for s, p, o, c in quads:
            name = getattr(c, "identifier", c)
            by_graph.setdefault(URIRef(str(name)), []).append((s, p, o))
        for name, triples in by_graph.items():
            self.add_triples(name, triples)

    def add_graph(self, graph):  # type: ignore[no-untyped-def,override]
        """Nothing to send: a graph exists on the server once it holds a triple (Virtuoso refuses
        `CREATE GRAPH` for a graph that already has triples, and many servers do not keep empty graphs)."""

    def remove_graph(self, graph):  # type: ignore[no-untyped-def,override]
        self._update(f"DROP SILENT GRAPH {URIRef(str(graph.identifier)).n3()}")


def open_remote_store(rest: str) -> Dataset:
    """Open the SPARQL 1.1 server named by the part of a `sparql:` spec after the colon.

    Nothing is sent until the first read or write. Raises StoreSpecError for a malformed spec.
    """
    store = RemoteStore(parse_spec(rest))
    return Dataset(store=store, default_union=True)
