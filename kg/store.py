"""Open a store by its spec and write to it atomically.

`open_store(spec)` reads one registry of scheme → opener:

- `oxigraph:PATH`: Oxigraph on disk through oxrdflib (the default; survives restarts).
- `oxigraph:` or `memory:oxigraph`: Oxigraph in memory.
- `memory:`: rdflib's pure-Python Memory store (a peer in the benchmarks; slow on big data).
- `sparql:QUERY_URL[;update=URL;gsp=URL;user=U;password=P]`: any SPARQL 1.1 server (kg.remote_store).

Every opener returns an rdflib `Dataset` whose default graph is the union of the named graphs.
Writes go through `replace_graphs`, one transaction per call, so an article is never half-stored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from .errors import StoreError, StoreSpecError

log = logging.getLogger(__name__)

# rdflib's SPARQL engine would fetch every FROM / FROM NAMED IRI over HTTP (SPARQL_LOAD_GRAPHS defaults
# to True, process-wide). A query must never make us fetch anything: turned off here, once, on import.
# tests/test_store.py::test_from_iri_fetches_nothing shows it holds.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

write_lock = threading.RLock()
"""Serialises this process's writes (`replace_graphs`, `kg.summaries.summarize`): the summary counters
are read, changed and written back inside one update, and two such updates must not interleave."""


def _open_oxigraph(rest: str) -> Dataset:
    from oxrdflib import OxigraphStore
    from pyoxigraph import Store

    try:
        if rest:
            path = Path(rest).expanduser()
            path.mkdir(parents=True, exist_ok=True)
            try:
                inner = Store(str(path))
            except OSError as e:
                # Opening read-write replays RocksDB's write-ahead log into a new file, which a full
                # disk refuses; read-only replays it in memory, so what was stored can still be read
                # (tests/test_faults.py, full disk). Writes then raise StoreError.
                if "No space left on device" not in str(e):
                    raise
                log.warning("the disk holding %s is full: the store is open read-only", path)
                inner = Store.read_only(str(path))
        else:
            inner = Store()
    except OSError as e:
        raise StoreError(f"cannot open the Oxigraph store at {rest!r}: {e}") from e
    return Dataset(store=OxigraphStore(store=inner), default_union=True)


def _open_memory(rest: str) -> Dataset:
    if rest == "oxigraph":
        return _open_oxigraph("")
    if rest:
        raise StoreSpecError(f"memory: takes no path (got {rest!r}); use oxigraph:PATH for a store on disk")
    return Dataset(default_union=True)


def _open_sparql(rest: str) -> Dataset:
    from .remote_store import open_remote_store

    return open_remote_store(rest)


OPENERS: dict[str, Callable[[str], Dataset]] = {
    "oxigraph": _open_oxigraph,
    "memory": _open_memory,
    "sparql": _open_sparql,
}


def open_store(spec: str) -> Dataset:
    """Open the store named by `spec`, such as `oxigraph:./store` or `memory:`.

    >>> ds = open_store("memory:")
    >>> len(ds)
    0

    Raises StoreSpecError for an unknown scheme (listing the known ones), StoreError when the store
    cannot be opened (another process holds it, no permission).
    """
    scheme, sep, rest = spec.partition(":")
    if not sep or scheme not in OPENERS:
        known = ", ".join(f"{k}:" for k in OPENERS)
        raise StoreSpecError(f"unknown store {spec!r}; known kinds: {known} (for example oxigraph:./store)")
    return OPENERS[scheme](rest)


def native_oxigraph(ds: Dataset):  # type: ignore[no-untyped-def]
    """The pyoxigraph Store behind `ds`, or None for other stores (for engine-native queries and bulk loads)."""
    inner = getattr(ds.store, "_inner", None)
    try:
        from pyoxigraph import Store
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return None
    return inner if isinstance(inner, Store) else None


def is_remote(ds: Dataset) -> bool:
    """Whether `ds` is a remote SPARQL store (`sparql:…`, kg.remote_store), which runs each request in
    the server's own memory and transaction."""
    return getattr(ds.store, "replace_graphs", None) is not None


def replace_graphs(ds: Dataset, replace: Mapping[URIRef, Graph], merge: Mapping[URIRef, Graph] | None = None,
                   *, before: Sequence[str] = (), after: Sequence[str] = ()) -> None:
    """In one transaction: each graph in `replace` becomes exactly its new content; `merge` adds triples.

    `before` and `after` are SPARQL Update operations run in the same request before the graphs are
    dropped and after they are written (kg.summaries keeps its counts this way). Atomic on Oxigraph (one
    SPARQL Update, one transaction) and on remote stores (one request per replaced graph; with `before` or
    `after`, one request for the operations and every replaced graph without blank nodes, sent after the
    merges and the graphs with blank nodes, such as the ontology): a crash, a full disk or a failed request
    leaves every graph as it was. Writes in one process are serialised by
    `write_lock`. Several processes writing to one remote store get what the server's isolation gives each
    request (Virtuoso runs a request as one transaction); `kg.summaries.summarize` restores exact counts.
    Raises StoreError.
    """
    merge = merge or {}
    with write_lock:
        if is_remote(ds):
            if not before and not after:
                ds.store.replace_graphs(replace, merge)  # type: ignore[attr-defined]
                return
            # Graphs with blank nodes (the ontology) cannot go into INSERT DATA on Virtuoso ("blank node not
            # allowed in a constant clause"): they take the store's own path, sent first with the merges.
            own = {name: g for name, g in replace.items() if any(isinstance(t, BNode) for triple in g for t in triple)}
            ds.store.replace_graphs(own, merge)  # type: ignore[attr-defined]
            rest = {name: g for name, g in replace.items() if name not in own}
            ds.store.replace_with_operations(rest, before, after)  # type: ignore[attr-defined]
            return
        ox = native_oxigraph(ds)
        if ox is not None:
            try:
                ox.update(_update_text(replace, merge, before, after))
            except OSError as e:
                raise StoreError(f"the store could not be written, nothing was changed: {e}") from e
            except RuntimeError as e:  # pyoxigraph: a store opened read-only (a full disk, see _open_oxigraph)
                raise StoreError(f"the store is read-only, nothing was changed: {e}") from e
            return
        for op in before:  # rdflib's Memory store: one operation at a time (it has no transactions)
            ds.update(op)
        for name, graph in replace.items():
            ds.remove_graph(ds.graph(name))
            _add_all(ds, name, graph)
        for name, graph in merge.items():
            _add_all(ds, name, graph)
        for op in after:
            ds.update(op)


def flush(ds: Dataset) -> None:
    """Write an on-disk Oxigraph store's memory tables to its files now (other stores: nothing to do).

    After a big write (a rebuild of the summaries at a million stances), RocksDB keeps the change in its
    log until a background flush; if the process ends first, the next opening replays the whole log in
    memory: a 7.4 GB log outgrew the 23 GB of this machine. Raises StoreError."""
    ox = native_oxigraph(ds)
    if ox is not None:
        try:
            ox.flush()
        except OSError as e:
            raise StoreError(f"the store could not be flushed to disk: {e}") from e


def drop_graphs(ds: Dataset, names: Iterable[URIRef]) -> None:
    """Remove whole named graphs in one transaction."""
    replace_graphs(ds, {name: Graph() for name in names})


def _add_all(ds: Dataset, name: URIRef, graph: Graph) -> None:
    ds.addN((s, p, o, ds.graph(name)) for s, p, o in graph)


def _update_text(replace: Mapping[URIRef, Graph], merge: Mapping[URIRef, Graph],
                 before: Sequence[str] = (), after: Sequence[str] = ()) -> str:
    parts = [*before, *(f"DROP SILENT GRAPH <{name}>" for name in replace)]
    data = [(name, g) for name, g in [*replace.items(), *merge.items()] if len(g)]
    if data:
        body = "\n".join(f"GRAPH <{name}> {{\n{_ntriples(g)}}}" for name, g in data)
        parts.append(f"INSERT DATA {{\n{body}\n}}")
    parts += after
    return " ;\n".join(parts)


def _ntriples(graph: Graph) -> str:
    return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in graph)


def _nt(term: Node) -> str:
    return term.n3()


def graph_names(ds: Dataset) -> list[URIRef]:
    """The names of the non-empty named graphs, sorted; a remote server's own system graphs left out."""
    own = getattr(ds.store, "graph_names", None)
    if own is not None:
        return list(own())
    rows = ds.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sorted(row[0] for row in rows)  # type: ignore[index]
