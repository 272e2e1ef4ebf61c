"""Each article graph's figures and share of the corpus tallies, counted again from the stances it holds.

kg/triples.py counts them when it builds an article's graph: the article's `skg:stanceCount`,
`skg:eventCount` and `skg:sanctionMeasureCount`, one tally per key with `skg:countInArticle`, and the
stances each pair tally counts (`skg:countsStance`). A SPARQL Update through /update can change a stance
(its polarity, its target, its modality) or add and remove stances, events and measures without them.
`recount_ops()` gives the operations that bring every article graph's figures back to what the graph says,
counted as kg/triples.py counts (one key table, `TALLY_KEYS`); `kg.summaries.summarize` runs them before it
sums the shares into the summaries graph.

Each operation writes only what differs, so on a store whose figures are right it reads and changes
nothing: a store's write holds its changes in memory until it commits, and rewriting every share of 10^6
stances in one write would hold millions of quads.

This module builds SPARQL text only; it runs nothing.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from .namespaces import ID, SKG
from .ontology import ontology_graph
from .triples import ASSERTED_ONLY_TALLIES, TALLY_KEYS, TALLY_KINDS


def _members(kind: URIRef) -> str:
    """The group pattern (inside `GRAPH ?g`) of the stances a tally of `kind` with key ?k0, ?k1, ... counts."""
    keys = " ; ".join(f"{prop.n3()} ?k{i}" for i, (_, prop) in enumerate(TALLY_KEYS[kind]))
    pattern = f"?stance a {SKG.Stance.n3()} ; {keys} ."
    if kind in ASSERTED_ONLY_TALLIES:
        pattern += f" FILTER NOT EXISTS {{ ?stance {SKG.modality.n3()} {SKG.Negated.n3()} }}"
    return pattern


def _tally(kind: URIRef) -> str:
    """The BIND of ?tally to the IRI kg.triples.tally_iri gives the key ?k0, ?k1, ...: the first 16 hex
    digits of the SHA-256 of the key's IRIs joined by "|"."""
    joined = ', "|", '.join(f"STR(?k{i})" for i in range(len(TALLY_KEYS[kind])))
    return (f'BIND (IRI(CONCAT("{ID}tally/{TALLY_KINDS[kind]}/", '
            f"SUBSTR(SHA256(CONCAT({joined})), 1, 16))) AS ?tally)")


def _share(kind: URIRef, *more: str) -> str:
    """The triple pattern (or template) of a share ?tally of `kind` with key ?k0, ?k1, ... and `more`."""
    keys = " ; ".join(f"{prop.n3()} ?k{i}" for i, (prop, _) in enumerate(TALLY_KEYS[kind]))
    return " ; ".join((f"?tally a {kind.n3()} ; {keys}", *more))


def _share_ops(kind: URIRef) -> list[str]:
    """Set every share of `kind` to its stances' count, remove the shares no stance of the graph makes,
    and (pair tallies) name exactly the stances each counts.

    A share is found by its IRI: matched by the key's values instead, the count took 3.9 s against 5.9 s
    for type-holder at 10^5 stances on Oxigraph, but 9.8 s against 0.09 s at 10^4 on Virtuoso 7.2, whose
    summarize then timed out at 10^5. Stored and counted are compared through MINUS, an anti-join of the
    two: `FILTER NOT EXISTS` over the graphs' stances took 0.6 s at 10^3 stances against 10 ms on
    Oxigraph 0.5."""
    count, share = SKG.countInArticle.n3(), SKG.countsStance.n3()
    key_vars = " ".join(f"?k{i}" for i in range(len(TALLY_KEYS[kind])))
    members = f"GRAPH ?g {{ {_members(kind)} }}"
    ops = [
        f"DELETE {{ GRAPH ?g {{ ?tally {count} ?old }} }}\n"
        f"INSERT {{ GRAPH ?g {{ {_share(kind, f'{count} ?n')} }} }}\n"
        f"WHERE {{ {{ SELECT ?g {key_vars} (COUNT(DISTINCT ?stance) AS ?n) WHERE {{ {members} }}\n"
        f"           GROUP BY ?g {key_vars} }}\n"
        f"        {_tally(kind)}\n"
        f"        OPTIONAL {{ GRAPH ?g {{ ?tally {count} ?old }} }}\n"
        f"        FILTER (!BOUND(?old) || ?old != ?n) }}",
        # A share no stance makes any more goes: description, count and links (?p ?o) alike.
        f"DELETE {{ GRAPH ?g {{ ?tally ?p ?o }} }}\n"
        f"WHERE {{ GRAPH ?g {{ {_share(kind, f'{count} ?old')} }}\n"
        f"        MINUS {{ {members} }}\n"
        f"        GRAPH ?g {{ ?tally ?p ?o }} }}",
    ]
    if kind == SKG.PairPolarityTally:
        ops += [
            # The tally by its IRI: joined with the stored shares by the key, 43 s against 4 s at 10^5.
            f"INSERT {{ GRAPH ?g {{ ?tally {share} ?stance }} }}\n"
            f"WHERE {{ {members} {_tally(kind)}\n"
            f"        MINUS {{ GRAPH ?g {{ ?tally {share} ?stance }} }} }}",
            f"DELETE {{ GRAPH ?g {{ ?tally {share} ?stance }} }}\n"
            f"WHERE {{ GRAPH ?g {{ {_share(kind, f'{share} ?stance')} }}\n"
            f"        MINUS {{ {members} }} }}",
        ]
    return ops


def _event_classes() -> list[URIRef]:
    """skg:Event and its subclasses in the ontology, written out: the store may hold no ontology graph."""
    graph = ontology_graph()
    return sorted(c for c in graph.transitive_subjects(RDFS.subClassOf, SKG.Event) if isinstance(c, URIRef))


def _figure_op(prop: URIRef, counted: str) -> str:
    """Set the article's `prop` to the number of distinct ?x its graph matches with `counted`."""
    return (f"DELETE {{ GRAPH ?g {{ ?article {prop.n3()} ?old }} }}\n"
            f"INSERT {{ GRAPH ?g {{ ?article {prop.n3()} ?n }} }}\n"
            f"WHERE {{ GRAPH ?g {{ ?article a {SKG.NewsArticle.n3()} }}\n"
            f"        OPTIONAL {{ SELECT ?g (COUNT(DISTINCT ?x) AS ?found)\n"
            f"                   WHERE {{ GRAPH ?g {{ {counted} }} }} GROUP BY ?g }}\n"
            f"        BIND (COALESCE(?found, 0) AS ?n)\n"
            f"        OPTIONAL {{ GRAPH ?g {{ ?article {prop.n3()} ?old }} }}\n"
            f"        FILTER (!BOUND(?old) || ?old != ?n) }}")


def recount_ops() -> list[str]:
    """The SPARQL Update operations, each its own write, that recount every article graph's figures and
    shares from its stances, events and sanction measures (see the module's docstring)."""
    events = ", ".join(c.n3() for c in _event_classes())
    return [
        _figure_op(SKG.stanceCount, f"?x a {SKG.Stance.n3()}"),
        _figure_op(SKG.eventCount, f"?x {RDF.type.n3()} ?class . FILTER (?class IN ({events}))"),
        _figure_op(SKG.sanctionMeasureCount, f"?x a {SKG.SanctionMeasure.n3()}"),
        *(op for kind in TALLY_KEYS for op in _share_ops(kind)),
    ]


__all__ = ["recount_ops"]
