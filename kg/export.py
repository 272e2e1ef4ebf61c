"""Export the store as RDF bytes in the formats researchers load elsewhere.

Quad formats (TriG, N-Quads) keep the named graphs; triple formats (Turtle, N-Triples, RDF/XML,
JSON-LD) merge every graph into one, which is what Protégé and most tools expect.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from .namespaces import PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "xml": "xml", "jsonld": "json-ld"}
QUAD_FORMATS = {"nq", "trig"}


def merged_graph(ds: Dataset) -> Graph:
    """Every triple of every named graph in one Graph (duplicates across graphs collapse)."""
    merged = Graph()
    for prefix, iri in PREFIXES.items():
        merged.bind(prefix, iri, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def export_dataset(ds: Dataset, fmt: str) -> bytes:
    """The store serialised as `fmt` (ttl, nt, nq, trig, xml, jsonld).

    >>> from kg import open_store
    >>> export_dataset(open_store("memory:"), "nt")
    b''
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt in QUAD_FORMATS:
        copy = Dataset()
        for prefix, iri in PREFIXES.items():
            copy.bind(prefix, iri, override=True)
        for s, p, o, g in ds.quads((None, None, None, None)):
            copy.graph(g).add((s, p, o))
        data = copy.serialize(format=FORMATS[fmt], encoding="utf-8")
    else:
        data = merged_graph(ds).serialize(format=FORMATS[fmt], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")
