"""The endpoint is safe by default: update needs the token, nothing is fetched on a query's say-so,
slow queries are stopped with 503 without blocking others, and results and requests have limits.

Network checks use a real HTTP server on 127.0.0.1 that counts the requests it receives: a
refused LOAD or SERVICE must leave its count at zero.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from conftest import CountingEndpoint

TOKEN = "s3cret"
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~37M rows on the seed store, streamed




def make_client(store, settings, **changes):  # type: ignore[no-untyped-def]
    from server import create_app

    return create_app(store, settings.with_(**changes)).test_client()


def post_update(client, text: str, authorization: str | None = f"Bearer {TOKEN}"):  # type: ignore[no-untyped-def]
    headers = {"Content-Type": "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return client.post("/sparql", data=text, headers=headers)


INSERT = "INSERT DATA { GRAPH <http://ex/g> { <http://ex/s> <http://ex/p> 1 } }"
SIZE = "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")


def size(client) -> int:  # type: ignore[no-untyped-def]
    return int(client.get(SIZE).get_json()["results"]["bindings"][0]["n"]["value"])


# ---------- who may update ----------
def test_updates_are_off_without_a_token(store, settings) -> None:
    client = make_client(store, settings)
    response = post_update(client, INSERT)
    assert response.status_code == 403
    assert "STANCEKG_UPDATE_TOKEN" in response.get_data(as_text=True)
    assert size(client) == 0


@pytest.mark.parametrize(("authorization", "status"), [(None, 401), ("Bearer wrong", 403), ("Basic czNjcmV0", 401),
                                                       (f"Bearer {TOKEN}", 204)])
def test_updates_need_the_bearer_token(store, settings, authorization: str | None, status: int) -> None:
    client = make_client(store, settings, update_token=TOKEN)
    response = post_update(client, INSERT, authorization)
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert size(client) == (1 if status == 204 else 0)


# ---------- nothing fetched on a query's say-so ----------
def test_load_is_refused_and_fetches_nothing(store, settings, remote: CountingEndpoint) -> None:
    client = make_client(store, settings, update_token=TOKEN)
    for text in (f"LOAD <{remote.url}>", f"load silent <{remote.url}> INTO GRAPH <http://ex/g>",
                 f"{INSERT} ; LOAD <{remote.url}>"):
        response = post_update(client, text)
        assert response.status_code == 403, text
        assert "LOAD is refused" in response.get_data(as_text=True)
    assert remote.hits == []
    assert size(client) == 0  # the INSERT before the LOAD did not happen either


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <{url}> { ?x ?y ?z } }",
    "PREFIX r: <{base}> SELECT * WHERE { SERVICE SILENT r:sparql { ?x ?y ?z } }",
    "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?x ?y ?z } }",
    "select * where { service\n<{url}> { ?x ?y ?z } }",
])
def test_service_off_the_allowlist_is_refused(store, settings, remote: CountingEndpoint, query: str) -> None:
    client = make_client(store, settings)
    text = query.replace("{url}", remote.url).replace("{base}", remote.url.rsplit("/", 1)[0] + "/")
    response = client.get("/sparql?query=" + quote(text))
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "SERVICE" in response.get_data(as_text=True)
    assert remote.hits == []


def test_service_on_the_allowlist_is_called(store, settings, remote: CountingEndpoint) -> None:
    client = make_client(store, settings, service_allowlist=(remote.url,))
    response = client.get("/sparql?query=" + quote(f"SELECT ?x WHERE {{ SERVICE <{remote.url}> {{ ?x ?y ?z }} }}"))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"] == [{"x": {"type": "literal", "value": "remote"}}]
    assert len(remote.hits) == 1


def test_the_word_service_in_strings_and_comments_is_harmless(store, settings) -> None:
    client = make_client(store, settings)
    text = 'SELECT ("SERVICE <http://evil/>" AS ?x) WHERE { } # SERVICE <http://evil/> { }'
    assert client.get("/sparql?query=" + quote(text)).status_code == 200


def test_from_selects_stored_graphs_and_fetches_nothing(seed_store, settings, remote: CountingEndpoint) -> None:
    client = make_client(seed_store, settings)
    text = f"SELECT (COUNT(*) AS ?n) FROM <{remote.url}> FROM NAMED <{remote.url}> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql?query=" + quote(text))
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert remote.hits == []


# ---------- how long ----------
@pytest.fixture
def app(seed_store, settings):  # type: ignore[no-untyped-def]
    """For live_server: the seed store, a 2 s query timeout and no practical row limit."""
    from server import create_app

    return create_app(seed_store, settings.with_(query_timeout=2.0, max_result_rows=10**9))


def test_a_slow_query_is_stopped_with_503_and_does_not_block_others(app, live_server) -> None:  # type: ignore[no-untyped-def]
    engine = app.extensions["stancekg"].engine
    free_slots = engine.slots._value
    server = live_server
    slow: dict[str, object] = {}

    def run_slow() -> None:
        try:
            urllib.request.urlopen(server.url + "/sparql?query=" + quote(SLOW), timeout=60)
        except urllib.error.HTTPError as e:
            slow["status"], slow["body"] = e.code, e.read().decode()
            slow["retry"] = e.headers.get("Retry-After")

    thread = threading.Thread(target=run_slow)
    thread.start()
    while engine.slots._value == free_slots and thread.is_alive():  # the slow query has started
        time.sleep(0.01)
    with urllib.request.urlopen(server.url + "/sparql?query=" + quote("ASK { ?s ?p ?o }"), timeout=60) as r:
        light = r.read()
    assert thread.is_alive(), "the slow query should still be running while the light one is answered"
    assert b'"boolean":true' in light
    thread.join(60)
    assert slow["status"] == 503
    assert "did not finish within 2 s" in str(slow["body"])
    assert slow["retry"] == "5"
    for _ in range(600):  # the abandoned query notices its deadline and gives its slot back
        if engine.slots._value == free_slots:
            break
        time.sleep(0.05)
    assert engine.slots._value == free_slots


# ---------- how large ----------
def test_result_row_limit(seed_store, settings) -> None:
    client = make_client(seed_store, settings, max_result_rows=5)
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                   "text/tab-separated-values"):
        response = client.get("/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o }"), headers={"Accept": accept})
        assert response.status_code == 422, accept
        assert "more than 5 rows" in response.get_data(as_text=True)
        ok = client.get("/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 5"), headers={"Accept": accept})
        assert ok.status_code == 200, accept
    construct = client.get("/sparql?query=" + quote("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert construct.status_code == 422
    assert client.get("/sparql?query=" + quote("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5")).status_code == 200


def test_request_size_limit(store, settings) -> None:
    client = make_client(store, settings, max_request_bytes=1000)
    padding = "#" + "x" * 2000 + "\n"
    response = client.post("/sparql", data=padding + "ASK {}", content_type="application/sparql-query")
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.get_data(as_text=True)
    assert client.post("/sparql", data="ASK {}", content_type="application/sparql-query").status_code == 200
