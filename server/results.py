"""Content negotiation: which format a response is written in.

One table of formats. A result is one of two kinds: `results` (SELECT, ASK) or `graph` (CONSTRUCT,
DESCRIBE, the service description, VoID; TriG and N-Quads write a graph as its default graph).
The choice: a `format=` parameter (a short name or a media type, as Fuseki and the Wikidata Query
Service accept) overrides `Accept`; `Accept` is read with its q-values; no Accept
(or `*/*`, where the server's order decides) gives JSON for results and Turtle for graphs. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import NotAcceptableError


@dataclass(frozen=True)
class Format:
    """One way to write a result: short name, media type, kind and the engine's name for it."""

    name: str
    media_type: str
    kind: str  # "results" or "graph"
    engine_name: str  # pyoxigraph's QueryResultsFormat / RdfFormat attribute name
    aliases: tuple[str, ...] = ()
    extra_types: tuple[str, ...] = ()  # other media types that select this format


# Order is the server's preference when the client rates several formats equally.
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", "JSON", ("srj",), ("application/json",)),
    Format("xml", "application/sparql-results+xml", "results", "XML", ("srx",), ("application/xml", "text/xml")),
    Format("csv", "text/csv", "results", "CSV"),
    Format("tsv", "text/tab-separated-values", "results", "TSV"),
    Format("turtle", "text/turtle", "graph", "TURTLE", ("ttl",), ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", "graph", "N_TRIPLES", ("nt", "n-triples"), ("text/plain",)),
    Format("rdfxml", "application/rdf+xml", "graph", "RDF_XML", ("rdf", "rdf-xml", "xml"),
           ("application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", "graph", "JSON_LD", ("json-ld", "json"), ("application/json",)),
    Format("trig", "application/trig", "graph", "TRIG"),
    Format("nquads", "application/n-quads", "graph", "N_QUADS", ("nq", "n-quads")),
)

DEFAULTS = {"results": "json", "graph": "turtle"}


def formats_for(kind: str) -> list[Format]:
    """The formats a result of `kind` can be written in, in server preference order."""
    return [f for f in FORMATS if f.kind == kind]


def by_name(name: str) -> Format:
    """The format with this short name."""
    return next(f for f in FORMATS if f.name == name)


def choose(kind: str, accept: str | None, format_param: str | None = None) -> Format:
    """The format for a result of `kind` ("results" or "graph") given `Accept` and `format=`.

    >>> choose("results", "text/csv;q=0.9, application/sparql-results+xml").name
    'xml'
    >>> choose("graph", None).name
    'turtle'
    >>> choose("results", "text/html", "tsv").name
    'tsv'

    Raises NotAcceptableError naming the formats available for this kind of result.
    """
    offers = formats_for(kind)
    if format_param:
        wanted = format_param.strip().lower()
        for f in offers:
            if wanted in (f.name, *f.aliases, f.media_type, *f.extra_types):
                return f
        raise NotAcceptableError(
            f"format={format_param!r} cannot be written for this result; use one of "
            + ", ".join(f.name for f in offers))
    if not accept or not accept.strip():
        return by_name(DEFAULTS[kind])
    parsed = parse_accept_header(accept, MIMEAccept)
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for rank, f in enumerate(offers):
        for specific, media in enumerate((f.media_type, *f.extra_types)):
            quality = parsed.quality(media)
            if quality <= 0:
                continue
            # Higher q first; then the format's own media type over an alias; then server order.
            key = (quality, -specific, -rank)
            if best is None or key > best:
                best, chosen = key, f
    if chosen is None:
        raise NotAcceptableError(
            f"cannot answer in any of the requested types ({accept}); this result is available as "
            + ", ".join(f.media_type for f in offers))
    return chosen

