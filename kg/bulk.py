"""Bulk loading: big N-Quads / N-Triples / Turtle / TriG files into a store without per-triple transactions.

`bulk_load(ds, source)` streams a file (optionally gzipped) or a binary stream into the store behind `ds`:
Oxigraph's own non-transactional bulk loader for the embedded store (platform-notes.md: loading on disk
inside one transaction is slow), Graph Store POSTs for a remote SPARQL store, rdflib's parser otherwise.
Also here: N-Triples term encoding (`nt_term`, `nquad`), shared by the remote store and the benchmarks.

Not atomic: a bulk load that fails half-way leaves what was loaded. Use it for new stores and copies
(`stancekg push`), and `kg.ingest_article` (one transaction per article) for day-to-day writes.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from .errors import StoreError

_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_FORMATS = {".nq": "application/n-quads", ".nt": "application/n-triples", ".ttl": "text/turtle",
            ".trig": "application/trig"}


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (one line: newlines in literals escaped, unlike rdflib's `n3()`).

    >>> nt_term(Literal("two\\nlines", lang="en"))
    '"two\\\\nlines"@en'
    """
    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):  # servers name blank nodes freely (Virtuoso: "nodeID://b10007")
        return "_:" + _BNODE_UNSAFE.sub("_", str(term))
    return f"<{term}>"


def nquad(s: Node, p: Node, o: Node, g: Node | None = None) -> str:
    """One N-Quads line (N-Triples when `g` is None), ending in a newline."""
    if g is None:
        return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {nt_term(g)} .\n"


@dataclass(frozen=True)
class BulkLoadResult:
    """How many quads a bulk load wrote (None when the store cannot tell cheaply)."""

    quads: int | None


def _open_source(source: Path | str | IO[bytes]) -> tuple[IO[bytes], str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            raw: IO[bytes] = path.open("rb")
        except OSError as e:
            raise StoreError(f"cannot read {path}: {e.strerror}") from e
        name = path.name
        if name.endswith(".gz"):
            raw = gzip.open(raw, "rb")  # type: ignore[assignment]  # noqa: SIM115 - bulk_load closes it
            name = name[:-3]
        suffix = Path(name).suffix
        if suffix not in _FORMATS:
            raise StoreError(f"{path}: unknown RDF file type {suffix!r}; known: {', '.join(_FORMATS)} (optionally .gz)")
        return raw, _FORMATS[suffix]
    return source, "application/n-quads"


def bulk_load(ds: Dataset, source: Path | str | IO[bytes], *, media_type: str | None = None) -> BulkLoadResult:
    """Load an RDF file or binary stream into the store behind `ds`, fast and without a transaction.

    The format follows the file name (.nq, .nt, .ttl, .trig, each optionally .gz); a stream is N-Quads
    unless `media_type` says otherwise. Triples without a graph go to the default graph. Raises StoreError
    (unreadable file, syntax error with its line, full disk, server refusal).
    """
    from .store import native_oxigraph

    stream, detected = _open_source(source)
    kind = media_type or detected
    try:
        ox = native_oxigraph(ds)
        if ox is not None:
            return _load_oxigraph(ox, stream, kind)
        remote = getattr(ds.store, "add_triples", None)
        if remote is not None:
            return BulkLoadResult(_load_remote(ds, stream, kind))
        before = len(ds)
        fmt = {"application/n-quads": "nquads", "application/n-triples": "nt", "text/turtle": "turtle",
               "application/trig": "trig"}[kind]
        try:
            ds.parse(stream, format=fmt)
        except Exception as e:  # rdflib's parsers raise many kinds of errors on bad input
            raise StoreError(f"the data could not be parsed ({kind}): {e}") from e
        return BulkLoadResult(len(ds) - before)
    finally:
        if isinstance(source, (str, Path)):
            stream.close()


def _load_oxigraph(ox, stream: IO[bytes], kind: str) -> BulkLoadResult:  # type: ignore[no-untyped-def]
    from pyoxigraph import RdfFormat

    fmt = RdfFormat.from_media_type(kind)
    try:
        ox.bulk_load(input=stream, format=fmt)
        ox.flush()
    except SyntaxError as e:
        raise StoreError(f"the data could not be parsed ({kind}): {e}") from e
    except OSError as e:
        raise StoreError(f"the store could not be written: {e}") from e
    return BulkLoadResult(None)


def _load_remote(ds: Dataset, stream: IO[bytes], kind: str) -> int:
    """Parse with pyoxigraph (fast, streaming) and send each graph's triples through the remote store."""
    from pyoxigraph import DefaultGraph, RdfFormat, parse

    from .namespaces import ID

    default_name = URIRef(ID["graph/default"])
    sent = 0
    batch: dict[str, list[tuple[Node, Node, Node]]] = {}

    def flush() -> None:
        nonlocal sent
        for name, triples in batch.items():
            sent += ds.store.add_triples(URIRef(name), triples)  # type: ignore[attr-defined]
        batch.clear()

    count = 0
    try:
        for quad in parse(input=stream, format=RdfFormat.from_media_type(kind)):
            graph = quad.graph_name
            name = str(default_name) if isinstance(graph, DefaultGraph) else graph.value
            batch.setdefault(name, []).append(
                (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
            count += 1
            if count % 50_000 == 0:
                flush()
    except SyntaxError as e:
        raise StoreError(f"the data could not be parsed ({kind}): {e}") from e
    flush()
    return sent


def _from_ox(term) -> Node:  # type: ignore[no-untyped-def]
    from pyoxigraph import BlankNode, NamedNode

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def quads_of(ds: Dataset, *, skip_graphs: Iterable[URIRef] = ()) -> Iterator[str]:
    """Every quad of every named graph of `ds` as N-Quads lines (the embedded store's own dump when it
    can). Raises StoreError."""
    from .store import native_oxigraph

    skip = {str(g) for g in skip_graphs}
    ox = native_oxigraph(ds)
    if ox is not None:
        from pyoxigraph import RdfFormat

        for name in ox.named_graphs():
            if name.value in skip:
                continue
            buffer = io.BytesIO()
            ox.dump(buffer, format=RdfFormat.N_TRIPLES, from_graph=name)
            suffix = f" <{name.value}> .\n"
            for line in buffer.getvalue().decode("utf-8").split("\n"):
                if line.strip():
                    yield line.rstrip().removesuffix(".").rstrip() + suffix
        return
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name is None or str(name) in skip:
            continue
        yield nquad(s, p, o, name)


class LineStream(io.RawIOBase):
    """A readable binary stream over an iterator of text lines (feeds generators to bulk loaders)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # type: ignore[no-untyped-def]
        while len(self._buffer) < len(target):
            chunk = "".join(line for _, line in zip(range(2000), self._lines, strict=False))
            if not chunk:
                break
            self._buffer += chunk.encode("utf-8")
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _graph_lines(ds: Dataset, name: URIRef) -> Iterator[str]:
    """The N-Triples lines of one named graph of `ds`."""
    from .store import native_oxigraph

    ox = native_oxigraph(ds)
    if ox is not None:
        from pyoxigraph import NamedNode, RdfFormat

        buffer = io.BytesIO()
        ox.dump(buffer, format=RdfFormat.N_TRIPLES, from_graph=NamedNode(str(name)))
        yield from (line + "\n" for line in buffer.getvalue().decode("utf-8").split("\n") if line.strip())
        return
    for s, p, o in ds.graph(name):
        yield nquad(s, p, o)


def source_graphs(ds: Dataset) -> list[URIRef]:
    """The non-empty named graphs of a store, server system graphs left out, sorted."""
    from .store import graph_names

    return graph_names(ds)


def copy_store(source: Dataset, target: Dataset, *, chunk: int = 50_000) -> int:
    """Copy every named graph of `source` into `target` in bulk; returns the number of triples sent.

    Each copied graph replaces the graph of the same name in `target`; other graphs of `target` stay.
    Remote targets receive Graph Store PUT/POST requests of `chunk` triples (SPARQL Update without
    `gsp=`); the embedded store uses Oxigraph's bulk loader. Not atomic across graphs: rerun after a
    failure (each graph is replaced whole on the rerun). Raises StoreError.
    """
    from .store import native_oxigraph, replace_graphs

    names = source_graphs(source)
    sent = 0
    remote = getattr(target.store, "put_graph_lines", None)
    ox = native_oxigraph(target)
    for name in names:
        lines = _graph_lines(source, name)
        if remote is not None:
            sent += remote(name, lines, chunk=chunk)
        elif ox is not None:
            from pyoxigraph import RdfFormat

            replace_graphs(target, {name: _empty_graph()})
            suffix = f" <{name}> .\n"
            counted = _Counter(line.rstrip().removesuffix(".").rstrip() + suffix for line in lines)
            try:
                ox.bulk_load(input=LineStream(counted), format=RdfFormat.N_QUADS)
            except OSError as e:
                raise StoreError(f"the target store could not be written: {e}") from e
            sent += counted.count
        else:
            from rdflib import Graph

            graph = Graph()
            graph.parse(data="".join(lines), format="nt")
            replace_graphs(target, {name: graph})
            sent += len(graph)
    if ox is not None:
        ox.flush()
    return sent


def _empty_graph():  # type: ignore[no-untyped-def]
    from rdflib import Graph

    return Graph()


class _Counter:
    """Counts the items of an iterator as they pass."""

    def __init__(self, items: Iterable[str]) -> None:
        self._items = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for item in self._items:
            self.count += 1
            yield item
