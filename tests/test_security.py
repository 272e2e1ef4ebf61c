"""The security review as tests (issue 7, item 6): no query makes the server fetch a URL off the allowlist,
updates need the token, static paths stay in their folder, and error bodies leak no paths or tracebacks.

Fetches are counted by a real HTTP server on 127.0.0.1 (tests/conftest.py's CountingEndpoint);
every refusal or harmless answer must leave its count at zero.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from conftest import CountingEndpoint, LiveServer

TOKEN = "security-token"
LEAKS = ("/work/", "Traceback", 'File "', "site-packages")




@pytest.fixture
def secured(store, settings):  # type: ignore[no-untyped-def]
    """The endpoint over a fresh store, updates on with TOKEN, the default allowlist (Wikidata only)."""
    from server import create_app

    return create_app(store, settings.with_(update_token=TOKEN)).test_client()


def assert_no_leak(body: str) -> None:
    for leak in LEAKS:
        assert leak not in body, f"{leak!r} in {body[:500]!r}"


# ---------- nothing fetched off the allowlist ----------
QUERIES = {
    "from": "SELECT * FROM <{url}> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "service": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "service-variable": "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "service-prefixed": "PREFIX r: <{base}> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
    "service-relative": "BASE <{base}> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "service-in-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "service-in-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "service-escaped-keyword": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "service-lowercase-comment": "select * where { service#x\n<{url}> { ?s ?p ?o } }",
    "iri-function": 'SELECT ?x WHERE { BIND(IRI("{url}") AS ?x) }',
    "uri-function": 'SELECT * WHERE { BIND(URI("{url}") AS ?g) GRAPH ?g { ?s ?p ?o } }',
    "describe": "DESCRIBE <{url}>",
    "construct-from": "CONSTRUCT { ?s ?p ?o } FROM <{url}> WHERE { ?s ?p ?o }",
}
UPDATES = {
    "load": "LOAD <{url}>",
    "load-silent-into": "LOAD SILENT <{url}> INTO GRAPH <http://ex/g>",
    "using": "INSERT { <http://ex/a> <http://ex/p> ?o } USING <{url}> WHERE { ?s ?p ?o }",
    "using-named": "DELETE { ?s ?p ?o } USING NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "with": "WITH <{url}> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "service-in-update": "INSERT { <http://ex/a> <http://ex/p> ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "iri-in-update": 'INSERT { ?x <http://ex/p> 1 } WHERE { BIND(IRI("{url}") AS ?x) }',
}


def _fill(text: str, remote: CountingEndpoint) -> str:
    return text.replace("{url}", remote.url).replace("{base}", remote.url.rsplit("/", 1)[0] + "/")


@pytest.mark.parametrize("name", QUERIES)
def test_no_query_fetches_a_url_off_the_allowlist(secured, remote: CountingEndpoint, name: str) -> None:  # type: ignore[no-untyped-def]
    text = _fill(QUERIES[name], remote)
    for response in (secured.get("/sparql?query=" + quote(text)),
                     secured.post("/sparql", data=text, content_type="application/sparql-query")):
        assert response.status_code in (200, 400, 403), response.get_data(as_text=True)
        if "SERVICE" in text.upper() and "\\U0053" not in text.upper():
            assert response.status_code == 403
        assert_no_leak(response.get_data(as_text=True))
    assert remote.hits == []


@pytest.mark.parametrize("name", UPDATES)
def test_no_update_fetches_a_url_off_the_allowlist(secured, remote: CountingEndpoint, name: str) -> None:  # type: ignore[no-untyped-def]
    text = _fill(UPDATES[name], remote)
    response = secured.post("/sparql", data=text, content_type="application/sparql-update",
                            headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (204, 400, 403), response.get_data(as_text=True)
    if "LOAD" in text or "SERVICE" in text:
        assert response.status_code == 403
    assert remote.hits == []


def test_protocol_dataset_parameters_fetch_nothing(secured, remote: CountingEndpoint) -> None:  # type: ignore[no-untyped-def]
    query = quote("SELECT * WHERE { ?s ?p ?o }")
    response = secured.get(f"/sparql?query={query}&default-graph-uri={quote(remote.url)}"
                           f"&named-graph-uri={quote(remote.url)}")
    assert response.status_code == 200
    update = secured.post(f"/sparql?using-graph-uri={quote(remote.url)}&using-named-graph-uri={quote(remote.url)}",
                          data="DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", content_type="application/sparql-update",
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert update.status_code == 204
    assert remote.hits == []


@pytest.mark.parametrize("text", [QUERIES["service"], QUERIES["service-variable"], QUERIES["service-in-subquery"],
                                  QUERIES["service-prefixed"], QUERIES["from"]])
def test_the_cli_query_fetches_nothing_off_the_allowlist(runner, settings, remote: CountingEndpoint,  # type: ignore[no-untyped-def]
                                                         text: str) -> None:
    from kg.cli import main

    result = runner.invoke(main, ["query", _fill(text, remote)], env={"STANCEKG_STORE": settings.store})
    if "SERVICE" in text:
        assert result.exit_code == 1, result.output
        assert "SERVICE" in result.output or "not allowed" in result.output
    assert remote.hits == []


# ---------- updates need the token (over real HTTP) ----------
@pytest.mark.parametrize(("authorization", "status"), [(None, 401), ("Bearer nope", 403), ("Bearer", 401),
                                                       (f"Bearer {TOKEN}x", 403), (f"Basic {TOKEN}", 401)])
def test_update_without_the_right_token_is_refused(store, settings, authorization: str | None, status: int) -> None:  # type: ignore[no-untyped-def]
    from server import create_app

    server = LiveServer(create_app(store, settings.with_(update_token=TOKEN)))
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    request = urllib.request.Request(server.url + "/sparql", method="POST", headers=headers,
                                     data=b"INSERT DATA { <http://ex/a> <http://ex/p> 1 }")
    try:
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=30)
    finally:
        server.stop()
    assert caught.value.code == status
    assert_no_leak(caught.value.read().decode())
    assert not store.query("ASK { ?s ?p ?o }").askAnswer


# ---------- static files stay in their folder ----------
ESCAPES = ["/static/../server/app.py", "/static/vendor/../../app.py", "/static/vendor/%2e%2e/%2e%2e/app.py",
           "/static/vendor/..%2f..%2fapp.py", "/static/vendor/%2e%2e%2f%2e%2e%2fapp.py",
           "/static/vendor/....//....//app.py", "/static/vendor/%252e%252e/%252e%252e/app.py",
           "/static/vendor//etc/passwd", "/static/vendor/..\\..\\app.py", "/static/vendor/%00.js",
           "/queries/..%2f..%2fserver%2fapp.rq", "/queries/%2e%2e.rq"]


@pytest.mark.parametrize("path", ESCAPES)
def test_static_paths_cannot_escape_their_folder(client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    body = response.get_data(as_text=True)
    if response.status_code == 308:  # Werkzeug merges `//`; the redirect must stay in the folder
        assert response.headers["Location"].split("localhost", 1)[-1].startswith("/static/vendor/")
        response = client.get(response.headers["Location"])
        body = response.get_data(as_text=True)
    assert response.status_code in (400, 404), body[:300]
    assert "create_app" not in body and "root:" not in body


def test_a_missing_vendor_file_names_no_folder(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/static/vendor/../../app.py")
    assert response.status_code == 404
    assert_no_leak(response.get_data(as_text=True))


# ---------- error bodies leak nothing ----------
ERRORS = [
    ("GET", "/sparql?query=" + quote("SELEKT * WHERE { ?s ?p ?o }"), None, None),
    ("GET", "/sparql?query=" + quote("SELECT * WHERE { ?s ?p "), None, None),
    ("GET", "/sparql?query=" + quote("SELECT ?x WHERE { BIND(<not an iri> AS ?x) }"), None, None),
    ("GET", "/sparql?query=" + quote("ASK {}") + "&query=" + quote("ASK {}"), None, None),
    ("GET", "/sparql?query=%ff%fe", None, None),
    ("GET", "/sparql?query=" + quote("ASK {}") + "&default-graph-uri=" + quote("not an iri"), None, None),
    ("GET", "/sparql?query=" + quote("ASK {}") + "&format=nonsense", None, None),
    ("GET", "/sparql?update=" + quote("CLEAR ALL"), None, None),
    ("POST", "/sparql", b"\xff\xfe", "application/sparql-query"),
    ("POST", "/sparql", b"ASK {}", "text/nonsense"),
    ("PUT", "/sparql", b"", None),
    ("GET", "/queries/no-such-query", None, None),
    ("GET", "/queries/no-such-query.rq", None, None),
    ("GET", "/queries/who-opposes?target=" + quote("<not an iri>"), None, None),
    ("GET", "/queries/who-opposes?nonsense=1", None, None),
    ("GET", "/queries/who-opposes?target=a&target=b", None, None),
    ("GET", "/no/such/page", None, None),
]


@pytest.mark.parametrize(("method", "path", "body", "content_type"), ERRORS)
def test_error_bodies_leak_no_paths_or_tracebacks(client, method: str, path: str, body: bytes | None,  # type: ignore[no-untyped-def]
                                                  content_type: str | None) -> None:
    response = client.open(path, method=method, data=body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert text.strip()
    assert_no_leak(text)


def test_a_store_error_leaks_no_paths_or_tracebacks(settings, free_port: int) -> None:  # type: ignore[no-untyped-def]
    from kg import open_store
    from server import create_app

    down = open_store(f"sparql:http://127.0.0.1:{free_port}/sparql")  # nothing listens there
    client = create_app(down, settings).test_client()
    for path in ("/sparql?query=" + quote("ASK { ?s ?p ?o }"), "/health", "/stats", "/queries/articles"):
        response = client.get(path)
        assert response.status_code in (502, 503), (path, response.get_data(as_text=True))
        assert_no_leak(response.get_data(as_text=True))
