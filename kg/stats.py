"""What a store holds, graph by graph: for `stancekg stats` and the server's /stats."""

from __future__ import annotations

from rdflib import Dataset

from .namespaces import (
    ACTORS_GRAPH,
    ID,
    LINKSET_GRAPH,
    ONTOLOGY_GRAPH,
    SUMMARY_GRAPH,
    WIKIDATA_GRAPH,
    sparql_prefixes,
)

_KINDS = {ONTOLOGY_GRAPH: "ontology", ACTORS_GRAPH: "actors", LINKSET_GRAPH: "wikidata links",
          WIKIDATA_GRAPH: "wikidata copy", SUMMARY_GRAPH: "summaries"}

_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_ARTICLES = sparql_prefixes(["skg", "dcterms"]) + """
SELECT ?g ?title (COUNT(DISTINCT ?s) AS ?stances) WHERE {
  GRAPH ?g { ?a a skg:NewsArticle ; dcterms:title ?title . OPTIONAL { ?s a skg:Stance } }
} GROUP BY ?g ?title
"""


def graph_kind(name: str) -> str:
    """`article`, `ontology`, `actors`, ... for a graph name."""
    for iri, kind in _KINDS.items():
        if name == str(iri):
            return kind
    return "article" if name.startswith(str(ID["graph/article/"])) else "other"


def store_stats(ds: Dataset) -> list[dict[str, str]]:
    """One row per named graph: graph, kind, triples, and for article graphs the title and stance count."""
    articles = {str(r["g"]): r for r in ds.query(_ARTICLES)}  # type: ignore[index]
    rows = []
    for r in ds.query(_COUNTS):
        name = str(r["g"])  # type: ignore[index]
        art = articles.get(name)
        rows.append({"graph": name, "kind": graph_kind(name), "triples": str(r["n"]),  # type: ignore[index]
                     "title": str(art["title"]) if art else "", "stances": str(art["stances"]) if art else ""})
    return rows
