"""Self-descriptions of the endpoint: the SPARQL service description (sd:) and the VoID description.

Both are small rdflib graphs built per request from the settings and the store's graph counts,
and written in the format the client negotiated (server/results.py). Nothing here writes.
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.namespaces import ID, PREFIXES, SD, SKG, VOID
from kg.settings import Settings
from kg.stats import store_stats

from . import results

FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                  "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "rdfxml": "RDF_XML",
                  "jsonld": "JSON-LD", "trig": "TriG", "nquads": "N-Quads"}


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sd", SD)
    g.bind("void", VOID)
    return g


def service_description(endpoint: str, settings: Settings) -> Graph:
    """The sd:Service at `endpoint`: languages, result formats, features, the default dataset."""
    g = _graph()
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.update_token:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for f in results.FORMATS:
        g.add((service, SD.resultFormat, URIRef(FORMATS_NS + RESULT_FORMATS[f.name])))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.service_allowlist:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, RDFS.comment, Literal(
        "The default graph is the union of all named graphs (duplicates kept). SERVICE may only call: "
        + ", ".join(settings.service_allowlist) + f". Queries stop after {settings.query_timeout:g} s; results "
        f"are limited to {settings.max_result_rows} rows.", lang="en")))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDFS.seeAlso, URIRef(endpoint.rstrip("/").rsplit("/", 1)[0] + "/void")))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    return g


def void_description(store: Dataset, base_url: str) -> Graph:
    """A void:Dataset for the whole store with one void:subset per named graph and its triple count."""
    g = _graph()
    base = base_url.rstrip("/")
    dataset = URIRef(base + "/void#dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal("stancekg: diplomatic stances from news articles", lang="en")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(base + "/sparql")))
    g.add((dataset, VOID.uriSpace, Literal(str(ID))))
    g.add((dataset, VOID.vocabulary, URIRef(str(SKG))))
    total = 0
    for row in store_stats(store):
        count = int(row["triples"])
        total += count
        subset = BNode()
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, SD.NamedGraph))
        g.add((subset, SD.name, URIRef(row["graph"])))
        g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((subset, DCTERMS.type, Literal(row["kind"])))
        if row.get("title"):
            g.add((subset, DCTERMS.title, Literal(row["title"])))
    g.add((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    return g


RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld", "trig": "trig",
                "nquads": "nquads"}


def write_graph(graph: Graph, fmt: results.Format) -> bytes:
    """The graph in a negotiated graph format."""
    return graph.serialize(format=RDFLIB_NAMES[fmt.name], encoding="utf-8")
