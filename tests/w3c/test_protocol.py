"""The W3C SPARQL 1.1 Protocol suite, every test of its manifest, against a live server over HTTP.

Each test is an ordered list of HTTP requests written in RDF (W3C HTTP vocabulary) with the
expected status class, result format and boolean. The runner preloads the graphs a test names
(`ut:graphData`, under the IRIs in their labels; nothing is fetched from kasei.us), sends each
request with http.client exactly as written (no header added but the bearer token that lets this
runner's server accept updates; urllib would add a Content-Type the "missing type" tests must not
have), and checks the response. Peers measured on this machine: Oxigraph's server 32/34,
rdflib-endpoint 15/34.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-sparql11" / "protocol"
MANIFEST = SUITE / "manifest.ttl"
TOKEN = "w3c-protocol-runner"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_TYPES = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-triples": ox.RdfFormat.N_TRIPLES}


@dataclass
class Expected:
    """What a response must show."""

    statuses: set[int]  # status classes: 2, 3, 4
    format: str | None = None
    boolean: bool | None = None


@dataclass
class Request:
    """One HTTP request of a test."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    expected: Expected


@dataclass
class ProtocolTest:
    """One manifest entry."""

    name: str
    title: str
    graphs: dict[str, Path] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)


def load_manifest() -> list[ProtocolTest]:
    """Every entry of the manifest, in its order."""
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = Collection(g, g.value(manifest, MF.entries))
    tests = []
    for entry in entries:
        test = ProtocolTest(name=str(entry).rsplit("#", 1)[-1], title=str(g.value(entry, MF.name)))
        for data in g.objects(entry, UT.graphData):
            test.graphs[str(g.value(data, RDFS.label))] = SUITE / str(g.value(data, UT.graph)).rsplit("/", 1)[-1]
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = []
            header_list = g.value(req, HT.headers)
            if header_list is not None:
                for h in Collection(g, header_list):
                    headers.append((str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue))))
            body = None
            content = g.value(req, HT.body)
            if content is not None:
                encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(content, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            statuses = {int(str(s).rsplit("StatusCode", 1)[-1][0]) for s in g.objects(resp, MF.expectedStatus)}
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            test.requests.append(Request(
                method=str(g.value(req, HT.methodName)), path=str(g.value(req, HT.absolutePath)),
                headers=headers, body=body,
                expected=Expected(statuses, str(fmt) if fmt is not None else None,
                                  boolean.toPython() if boolean is not None else None)))
        tests.append(test)
    return tests


TESTS = load_manifest() if MANIFEST.exists() else []


@pytest.fixture
def app(store, settings):  # type: ignore[no-untyped-def]
    """This runner's own server: a fresh store per test (the suite clears and drops graphs), updates on."""
    from server import create_app

    return create_app(store, settings.with_(update_token=TOKEN))


def test_manifest_has_every_test() -> None:
    assert len(TESTS) == 34, f"expected the 34 tests of {MANIFEST}"


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(test: ProtocolTest, store, live_server) -> None:  # type: ignore[no-untyped-def]
    from kg.store import replace_graphs

    if test.graphs:
        replace_graphs(store, {URIRef(name): Graph().parse(path, format="nt") for name, path in test.graphs.items()})
    address = urlsplit(live_server.url)
    for number, req in enumerate(test.requests, 1):
        status, content_type, body = send(address.hostname, address.port, req)
        where = f"{test.title}, request {number}: {req.method} {req.path[:80]}"
        assert status // 100 in req.expected.statuses, f"{where}: status {status}, body {body[:300]!r}"
        check_format(req.expected, content_type, body, where)


def send(host: str | None, port: int | None, req: Request) -> tuple[int, str, bytes]:
    """Send one request as written in the manifest; the bearer token is the only header added."""
    connection = http.client.HTTPConnection(host or "127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(req.method, req.path, skip_accept_encoding=True)
        for name, value in req.headers:
            connection.putheader(name, value)
        connection.putheader("Authorization", f"Bearer {TOKEN}")
        connection.putheader("Content-Length", str(len(req.body or b"")))
        connection.endheaders(req.body)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def check_format(expected: Expected, content_type: str, body: bytes, where: str) -> None:
    """The response is in a format of the expected kind and, for booleans, has the expected value."""
    media = content_type.split(";")[0].strip().lower()
    if expected.format == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml"), where
        if media.endswith("json"):
            value = json.loads(body)["boolean"]
        else:
            value = bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))
        if expected.boolean is not None:
            assert value is expected.boolean, f"{where}: expected {expected.boolean}, got {value}"
    elif expected.format == "tabular":
        assert media in RESULT_TYPES, f"{where}: {content_type} is not a tabular result format"
        solutions = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, RESULT_TYPES[media].upper()))
        assert isinstance(solutions, ox.QuerySolutions), where
        list(solutions)
    elif expected.format == "RDF":
        assert media in RDF_TYPES, f"{where}: {content_type} is not RDF/XML, Turtle or N-Triples"
        list(ox.parse(body, format=RDF_TYPES[media]))
