"""Corpus-wide counts kept at ingest, so that corpus-wide questions stay fast at a million stances.

Each article's graph carries its own share of the corpus tallies (built by kg/triples.py): one
`skg:StanceTally` node per key (a stance type and holder, a stance type and target, a holder, target and
polarity) with `skg:countInArticle`, and a pair tally with the stances it counts there
(`skg:countsStance`). The summaries graph (`id:graph/summaries`) holds the same tally nodes, each once,
with `skg:countInCorpus`, the sum over all article graphs, and each holder-target tally with
`skg:tallyPair`, a node shared by that pair's tallies of every polarity. Queries such as
`stance-type-counts` and `actor-network` read the summaries graph instead of scanning every stance.
The same graph holds the group splits (kg/splits.py), which `group-splits` reads.

Maintenance happens inside the write that replaces an article's graph (`maintenance_ops`, passed to
`kg.store.replace_graphs`): the old graph's shares are subtracted, the graph is dropped and rewritten, the
new shares are added, and tallies that reach 0 are removed, the splits of the old stances leave and
those of the new ones come, all in one SPARQL Update request (one Oxigraph transaction; one request to
a remote store). `summarize` rebuilds the graph from the article graphs and the actors graph, for
stores filled by a bulk load (kg.bulk) or changed through /update; it first counts each article graph's
figures and shares again from its stances (kg/shares.py), since an update can change a stance without them.

This module writes only the summaries graph and builds no article triples.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, Graph, URIRef

from . import shares, splits
from .namespaces import ID, SKG, SUMMARY_GRAPH
from .store import flush, is_remote, replace_graphs, write_lock

_DESCRIPTION_ONLY = f"FILTER (?p NOT IN (<{SKG.countInArticle}>, <{SKG.countsStance}>))"
"""Keeps a tally's description (class and key) from what an article's graph says of it: its share and the
stances it counts there belong to that article alone."""


def _shift(name: URIRef, sign: str) -> str:
    """The operation moving every tally graph `name` has a share in by that share (`sign` "+" or "-")."""
    g, s = f"<{name}>", f"<{SUMMARY_GRAPH}>"
    return (f"DELETE {{ GRAPH {s} {{ ?tally <{SKG.countInCorpus}> ?corpus }} }}\n"
            f"INSERT {{ GRAPH {s} {{ ?tally <{SKG.countInCorpus}> ?total }} }}\n"
            f"WHERE {{ GRAPH {g} {{ ?tally <{SKG.countInArticle}> ?share }}\n"
            f"        OPTIONAL {{ GRAPH {s} {{ ?tally <{SKG.countInCorpus}> ?corpus }} }}\n"
            f"        BIND (COALESCE(?corpus, 0) {sign} ?share AS ?total) }}")


def _subtract(name: URIRef) -> list[str]:
    """Operations that take graph `name`'s shares out of the summaries graph (run before it is replaced)."""
    g, s = f"<{name}>", f"<{SUMMARY_GRAPH}>"
    return [
        _shift(name, "-"),
        # A tally no article counts any more leaves the summaries graph, description and all.
        f"DELETE {{ GRAPH {s} {{ ?tally ?p ?o }} }}\n"
        f"WHERE {{ GRAPH {g} {{ ?tally <{SKG.countInArticle}> ?share }}\n"
        f"        GRAPH {s} {{ ?tally <{SKG.countInCorpus}> ?corpus ; ?p ?o }}\n"
        f"        FILTER (?corpus <= 0) }}",
    ]


def _add(name: URIRef) -> list[str]:
    """Operations that add graph `name`'s shares into the summaries graph (run after it is written)."""
    g, s = f"<{name}>", f"<{SUMMARY_GRAPH}>"
    return [
        _shift(name, "+"),
        f"INSERT {{ GRAPH {s} {{ ?tally ?p ?o }} }}\n"
        f"WHERE {{ GRAPH {g} {{ ?tally <{SKG.countInArticle}> ?share ; ?p ?o }}\n"
        f"        {_DESCRIPTION_ONLY} }}",
        _pair_links(g),
    ]


def _pair_links(source: str) -> str:
    """The operation linking each holder-target tally of graph `source` to its pair's node in the summaries
    graph (`skg:tallyPair`, the same node for the pair's tallies of every polarity).

    `contradictions` goes from a pair's positive tally to its negative one through that node instead of
    looking it up among all of the holder's tallies: 0.73 s against 0.83 s at 10^6 stances (the query still
    grows faster than its answer). A pair node is an IRI hashed from the pair, so linking twice links once;
    a tally that leaves the summaries graph takes its link along."""
    return (f"INSERT {{ GRAPH <{SUMMARY_GRAPH}> {{ ?tally <{SKG.tallyPair}> ?pair }} }}\n"
            f"WHERE {{ GRAPH {source} {{ ?tally a <{SKG.PairPolarityTally}> ; <{SKG.tallyHolder}> ?holder ;\n"
            f"                               <{SKG.tallyTarget}> ?target }}\n"
            f"        BIND (IRI(CONCAT(\"{ID}pair/\", MD5(CONCAT(STR(?holder), \" \", STR(?target))))) AS ?pair) }}")


def maintenance_ops(names: Iterable[URIRef]) -> tuple[list[str], list[str]]:
    """The SPARQL Update operations that keep the summaries graph right while graphs `names` are replaced.

    Returns (before, after): `kg.store.replace_graphs(..., before=before, after=after)` runs them around
    the drop and rewrite, in the same request. Replacing a graph by an empty one (deleting an article)
    subtracts its shares and removes its splits; a graph without stances (actors, ontology) changes
    nothing. Splits that a change to the actors graph adds come from `kg.splits.member_ops`.
    """
    before: list[str] = []
    after: list[str] = []
    for name in names:
        removed, added = splits.graph_ops(name)
        before += [*_subtract(name), *removed]
        after += [*_add(name), *added]
    return before, after


REBUILD = (
    # One pass over the shares, grouped by tally; each tally's description is the same in every article
    # graph that has it, so it is copied from one of them (SAMPLE): about 5 lookups per tally, where
    # copying it from every article graph took twice as long at 10^4 stances (2.2 s against 4.1 s).
    f"INSERT {{ GRAPH <{SUMMARY_GRAPH}> {{ ?tally <{SKG.countInCorpus}> ?total . ?tally ?p ?o }} }}\n"
    f"WHERE {{ {{ SELECT ?tally (SUM(?share) AS ?total) (SAMPLE(?g) AS ?from)\n"
    f"           WHERE {{ GRAPH ?g {{ ?tally <{SKG.countInArticle}> ?share }} }} GROUP BY ?tally }}\n"
    f"        FILTER (?total > 0)\n"
    f"        GRAPH ?from {{ ?tally ?p ?o }} {_DESCRIPTION_ONLY} }}"
)
"""The rebuild of the tallies: the summaries graph, emptied, is filled with this operation."""


def summarize(ds: Dataset) -> int:
    """Rebuild the summaries graph (the tallies and the group splits) from the article graphs and the actors
    graph; returns its tally count.

    For a store filled by a bulk load (kg.bulk, `stancekg push`) or changed through /update, whose
    summaries graph may be missing or stale. Afterwards the graph equals what incremental maintenance
    at ingest would have built from the stances as they are stored. Several writes through
    `kg.store.replace_graphs`, under the process's write lock throughout: each article graph's figures
    and shares are counted again from its stances, writing only what differs (`kg.shares.recount_ops`:
    an update through /update can change a stance, or add or remove one, without them; 48 s at 10^5
    stances), the splits leave a share at a time (`kg.splits.clear_ops`), the rest of the graph
    goes, the tallies are rebuilt, then the splits, a slice of the topics at a time
    (`kg.splits.rebuild_ops`), each write flushed to disk (`kg.store.flush`). In one transaction, at 10^6
    stances, the change (about 10 million quads removed and added) left a 7.4 GB log that the next opening
    could not replay in 23 GB of memory, and the splits alone held 17.6 GB until they committed.
    A reader in between sees the summaries incomplete, and a crash in between leaves them so until
    `summarize` runs again.
    Raises StoreError.

    >>> from kg import open_store
    >>> summarize(open_store("oxigraph:"))
    0
    """
    with write_lock:
        _write_each(ds, shares.recount_ops())
        _write_each(ds, splits.clear_ops(ds))
        replace_graphs(ds, {SUMMARY_GRAPH: Graph()})
        flush(ds)
        replace_graphs(ds, {}, after=[REBUILD, _pair_links(f"<{SUMMARY_GRAPH}>")])
        flush(ds)
        # A remote server holds a request in its own memory, and Virtuoso 7.2 compiles a VALUES of 1,000
        # topics past its 400 MB pool (SQ200): there the splits are one request, as before slicing.
        _write_each(ds, splits.rebuild_ops(ds, sliced=not is_remote(ds)))
    count = f"SELECT (COUNT(?t) AS ?n) WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?t <{SKG.countInCorpus}> ?c }} }}"
    return int(next(iter(ds.query(count)))[0])  # type: ignore[index]


def _write_each(ds: Dataset, operations: Iterable[str]) -> None:
    """Run each SPARQL Update operation as its own write, flushed to disk before the next."""
    for operation in operations:
        replace_graphs(ds, {}, after=[operation])
        flush(ds)


__all__ = ["REBUILD", "maintenance_ops", "summarize"]
