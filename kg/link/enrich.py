"""Copy what Wikidata says about linked actors into the Wikidata graph (id:graph/wikidata).

For every item an actor is linked to (owl:sameAs wd:Q… in the linkset graph): its English label
and description, the positions it holds or held (P39) and the organisations it is a member of
(P463), each as Wikidata shapes it (wdt: for the value, p:/ps:/pq: for the statement with its
start P580 and end P582), plus the English labels of those positions and organisations. The graph
is replaced as a whole in one transaction and records where and when it was copied from.
Local actors' own descriptions are never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, XSD

from ..namespaces import LINKSET_GRAPH, SCHEMA, WD, WDT, WIKIDATA_GRAPH
from ..settings import Settings
from ..store import replace_graphs
from .client import Row, WikidataClient

P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PROPERTIES = ("P39", "P463")  # position held, member of
BATCH = 50


@dataclass(frozen=True)
class EnrichResult:
    """What one enrichment copied: how many items, triples and requests (cache misses)."""

    items: int
    triples: int
    requests: int


def linked_items(ds: Dataset) -> list[URIRef]:
    """The Wikidata items actors are linked to, sorted."""
    rows = ds.query(f"SELECT DISTINCT ?item WHERE {{ GRAPH <{LINKSET_GRAPH}> {{ ?a <{OWL.sameAs}> ?item }} }}")
    return sorted(URIRef(str(r[0])) for r in rows if str(r[0]).startswith(str(WD)))  # type: ignore[index]


def profile_query(items: Sequence[URIRef]) -> str:
    """The SPARQL sent to Wikidata for a batch of items."""
    values = " ".join(f"<{i}>" for i in items)
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX p: <{P}>
PREFIX ps: <{PS}>
PREFIX pq: <{PQ}>
SELECT ?item ?label ?description ?property ?statement ?value ?valueLabel ?start ?end WHERE {{
  VALUES ?item {{ {values} }}
  {{ ?item rdfs:label ?label . FILTER (LANG(?label) = "en") }}
  UNION
  {{ ?item schema:description ?description . FILTER (LANG(?description) = "en") }}
  UNION
  {{
    VALUES (?property ?claim ?statementValue) {{ ("P39" p:P39 ps:P39) ("P463" p:P463 ps:P463) }}
    ?item ?claim ?statement .
    ?statement ?statementValue ?value .
    OPTIONAL {{ ?statement pq:P580 ?start }}
    OPTIONAL {{ ?statement pq:P582 ?end }}
    OPTIONAL {{ ?value rdfs:label ?valueLabel . FILTER (LANG(?valueLabel) = "en") }}
  }}
}}"""


def enrich_linked_actors(ds: Dataset, settings: Settings, *, client: WikidataClient | None = None) -> EnrichResult:
    """Replace the Wikidata graph with fresh facts about every linked item.

    Atomic: the graph is replaced in one transaction, after every request has succeeded. Raises
    LinkingError when the endpoint fails (the store is then unchanged).
    """
    client = client or WikidataClient(settings)
    items = linked_items(ds)
    graph = Graph()
    for start in range(0, len(items), BATCH):
        for row in client.select(profile_query(items[start:start + BATCH])):
            _add(graph, row)
    copied = len(graph)
    name = WIKIDATA_GRAPH
    graph.add((name, DCTERMS.source, URIRef(settings.wikidata_endpoint)))
    graph.add((name, PROV.generatedAtTime, Literal(datetime.now(UTC).replace(microsecond=0).isoformat()
                                                   .replace("+00:00", "Z"), datatype=XSD.dateTime)))
    graph.add((name, RDFS.comment, Literal(
        "Labels, descriptions, positions held (P39) and memberships (P463) of linked actors, copied from "
        "Wikidata (CC0) by `stancekg enrich`.", lang="en")))
    replace_graphs(ds, {name: graph})
    return EnrichResult(items=len(items), triples=copied, requests=client.requests)


def _term(binding: dict[str, str]) -> URIRef | Literal:
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(binding["value"], datatype=URIRef(binding["datatype"]))
    return Literal(binding["value"])


def _add(graph: Graph, row: Row) -> None:
    item = URIRef(row["item"]["value"])
    if "label" in row:
        graph.add((item, RDFS.label, _term(row["label"])))
    if "description" in row:
        graph.add((item, SCHEMA.description, _term(row["description"])))
    if "statement" in row and "value" in row and row.get("property", {}).get("value") in PROPERTIES:
        prop = row["property"]["value"]
        statement, value = _term(row["statement"]), _term(row["value"])
        graph.add((item, WDT[prop], value))
        graph.add((item, P[prop], statement))
        graph.add((statement, PS[prop], value))  # type: ignore[arg-type]
        for qualifier, key in (("P580", "start"), ("P582", "end")):
            if key in row:
                graph.add((statement, PQ[qualifier], _term(row[key])))  # type: ignore[arg-type]
        if "valueLabel" in row:
            graph.add((value, RDFS.label, _term(row["valueLabel"])))  # type: ignore[arg-type]
