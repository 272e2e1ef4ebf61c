"""Every result format the endpoint offers carries the same answer, chosen by Accept (with
q-values) or by `format=`; the defaults are JSON for results and Turtle for graphs. The engine
fallback (rdflib's Memory store) answers in the same formats.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import NotAcceptableError
from server.results import choose

SELECT = ("PREFIX skg: <https://w3id.org/stancekg/ontology#> SELECT ?s ?type WHERE { ?s a skg:Stance ; "
          "skg:stanceType ?type } ORDER BY ?s")
CONSTRUCT = ("PREFIX skg: <https://w3id.org/stancekg/ontology#> CONSTRUCT { ?s skg:holder ?h ; skg:confidence ?c } "
             "WHERE { ?s a skg:Stance ; skg:holder ?h ; skg:confidence ?c }")

RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                  "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                  "text/csv": ox.QueryResultsFormat.CSV,
                  "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                 "application/ld+json": "json-ld", "application/trig": "trig", "application/n-quads": "nquads"}


def rows(body: bytes, media: str) -> list[tuple[str, ...]]:
    if media == "text/csv":  # lossy by design (no term kinds); pyoxigraph does not parse it back
        return [tuple(r) for r in list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:]]
    parsed = ox.parse_query_results(body, format=RESULT_FORMATS[media])
    return [tuple(str(term.value) for term in solution) for solution in parsed]


def as_graph(body: bytes, media: str) -> Graph:
    from rdflib import Dataset

    if media in ("application/trig", "application/n-quads"):
        ds = Dataset()
        ds.parse(data=body, format=GRAPH_FORMATS[media])
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(data=body, format=GRAPH_FORMATS[media])


def test_select_in_every_format_has_the_same_rows(client) -> None:
    answers = {}
    for media in RESULT_FORMATS:
        response = client.get("/sparql?query=" + quote(SELECT), headers={"Accept": media})
        assert response.status_code == 200
        assert response.mimetype == media
        answers[media] = rows(response.get_data(), media)
    first = answers["application/sparql-results+json"]
    assert len(first) > 5
    assert all(answer == first for answer in answers.values())


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_in_json_and_xml(client, media: str) -> None:
    for query, expected in (("ASK { ?s ?p ?o }", True), ("ASK { <http://nothing> ?p ?o }", False)):
        response = client.get("/sparql?query=" + quote(query), headers={"Accept": media})
        assert response.mimetype == media
        assert bool(ox.parse_query_results(response.get_data(), format=RESULT_FORMATS[media])) is expected


def test_construct_in_every_graph_format_is_the_same_graph(client) -> None:
    graphs = {}
    for media in GRAPH_FORMATS:
        response = client.get("/sparql?query=" + quote(CONSTRUCT), headers={"Accept": media})
        assert response.status_code == 200, media
        assert response.mimetype == media
        graphs[media] = as_graph(response.get_data(), media)
    turtle = graphs["text/turtle"]
    assert len(turtle) > 5
    for media, g in graphs.items():
        assert isomorphic(g, turtle), media


def test_describe_is_a_graph(client) -> None:
    response = client.get("/sparql?query=" + quote("DESCRIBE <https://w3id.org/stancekg/id/actor/russia>"))
    assert response.mimetype == "text/turtle"
    g = Graph().parse(data=response.get_data(), format="turtle")
    assert (URIRef("https://w3id.org/stancekg/id/actor/russia"), None, None) in g


def test_defaults_without_accept(client) -> None:
    assert client.get("/sparql?query=" + quote(SELECT)).mimetype == "application/sparql-results+json"
    assert client.get("/sparql?query=" + quote(CONSTRUCT)).mimetype == "text/turtle"
    assert client.get("/sparql?query=" + quote(SELECT), headers={"Accept": "*/*"}).mimetype == \
        "application/sparql-results+json"


def test_q_values_decide(client) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.1"
    assert client.get("/sparql?query=" + quote(SELECT), headers={"Accept": accept}).mimetype == \
        "application/sparql-results+xml"
    accept = "application/rdf+xml;q=0.2, application/n-triples"
    assert client.get("/sparql?query=" + quote(CONSTRUCT), headers={"Accept": accept}).mimetype == \
        "application/n-triples"


@pytest.mark.parametrize(("param", "value", "media"), [
    ("format", "csv", "text/csv"), ("format", "tsv", "text/tab-separated-values"),
    ("format", "application/sparql-results+xml", "application/sparql-results+xml"), ("output", "json",
                                                                                     "application/sparql-results+json"),
])
def test_format_parameter_overrides_accept(client, param: str, value: str, media: str) -> None:
    response = client.get(f"/sparql?query={quote(SELECT)}&{param}={quote(value)}", headers={"Accept": "text/turtle"})
    assert response.mimetype == media


def test_unacceptable_format_is_406_naming_the_offers(client) -> None:
    response = client.get("/sparql?query=" + quote(SELECT), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.get_data(as_text=True)
    assert client.get(f"/sparql?query={quote(SELECT)}&format=pdf").status_code == 406


def test_choose_unit() -> None:
    assert choose("results", None).name == "json"
    assert choose("graph", "application/ld+json, text/turtle;q=0.8").name == "jsonld"
    assert choose("graph", "application/json").name == "jsonld"
    assert choose("results", "application/json").name == "json"
    assert choose("graph", "text/*").name == "turtle"
    with pytest.raises(NotAcceptableError):
        choose("graph", "application/sparql-results+json")


def test_memory_store_answers_in_the_same_formats(settings) -> None:
    from kg import open_store
    from server import create_app

    ds = open_store("memory:")
    ds.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 1 . <http://ex/b> <http://ex/p> 2 } }")
    client = create_app(ds, settings).test_client()
    q = "SELECT ?s ?o WHERE { ?s <http://ex/p> ?o } ORDER BY ?o"
    for media in RESULT_FORMATS:
        response = client.get("/sparql?query=" + quote(q), headers={"Accept": media})
        assert response.status_code == 200, (media, response.get_data(as_text=True))
        assert rows(response.get_data(), media) == [("http://ex/a", "1"), ("http://ex/b", "2")], media
    construct = client.get("/sparql?query=" + quote("CONSTRUCT WHERE { ?s ?p ?o }"), headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=construct.get_data(), format="turtle")) == 2
    scoped = client.get("/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                        + "&default-graph-uri=" + quote("http://ex/other"))
    assert scoped.get_json()["results"]["bindings"][0]["n"]["value"] == "0"
    bad = client.get("/sparql?query=" + quote("SELECT * WHERE {"))
    assert bad.status_code == 400 and "line 1" in bad.get_data(as_text=True)
