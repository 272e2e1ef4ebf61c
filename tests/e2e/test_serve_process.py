"""`stancekg serve --port 0` as its own process: it prints its URL, answers /health, serves
SPARQLWrapper and plain urllib clients, accepts an authorised update, and stops on SIGTERM.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "e2e-token"


def stancekg_command() -> list[str]:
    """The installed `stancekg` script beside this Python, or the same entry point through -c."""
    script = Path(sys.executable).with_name("stancekg")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from kg.cli import main; main()"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    from kg import ingest_bundled, open_store

    store = tmp_path / "store"
    ds = open_store(f"oxigraph:{store}")
    ingest_bundled(ds)
    ds.close()  # one process may hold an on-disk store: hand it over to the server
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STANCEKG_UPDATE_TOKEN": TOKEN}
    process = subprocess.Popen(
        [*stancekg_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "4",
         "--store", f"oxigraph:{store}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, f"no URL in {line!r}; stderr: {process.stderr.read() if process.poll() is not None else ''}"
        url = match.group(0)
        assert int(match.group(1)) != 0
        wait_until_healthy(url, process)
        yield url, process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def wait_until_healthy(url: str, process: subprocess.Popen[str]) -> None:
    for _ in range(200):
        assert process.poll() is None, "the server exited"
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if json.load(response)["status"] == "ok":
                    return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{url}/health did not answer")


STANCES = ("PREFIX skg: <https://w3id.org/stancekg/ontology#> "
           "SELECT ?s ?type WHERE { ?s a skg:Stance ; skg:stanceType ?type } ORDER BY ?s")


def test_urllib_get_and_post(served) -> None:  # type: ignore[no-untyped-def]
    url, _ = served
    with urllib.request.urlopen(url + "/sparql?query=" + quote(STANCES)) as r:
        assert r.headers["Content-Type"] == "application/sparql-results+json"
        by_get = json.load(r)["results"]["bindings"]
    request = urllib.request.Request(url + "/sparql", data=STANCES.encode(),
                                     headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(request) as r:
        lines = r.read().decode().strip().splitlines()
    assert len(by_get) == len(lines) - 1 > 0


def test_sparqlwrapper_select_ask_construct_update_and_error(served) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    url, _ = served
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(STANCES)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert rows
    client.setReturnFormat(XML)
    assert len(client.queryAndConvert().getElementsByTagName("result")) == len(rows)
    client.setReturnFormat(CSV)
    assert len(client.queryAndConvert().decode().strip().splitlines()) == len(rows) + 1

    client.setQuery("ASK { ?s a <https://w3id.org/stancekg/ontology#Stance> }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery("CONSTRUCT WHERE { ?s a <https://w3id.org/stancekg/ontology#Stance> }")
    client.setReturnFormat(TURTLE)
    from rdflib import Graph

    assert len(Graph().parse(data=client.queryAndConvert(), format="turtle")) == len(rows)

    writer = SPARQLWrapper(url + "/sparql", updateEndpoint=url + "/sparql")
    writer.setMethod(POST)
    writer.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    writer.setQuery("INSERT DATA { GRAPH <http://ex/e2e> { <http://ex/s> <http://ex/p> 'written' } }")
    writer.query()
    client.setQuery("ASK { GRAPH <http://ex/e2e> { <http://ex/s> <http://ex/p> 'written' } }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery("SELECT * WHERE { ?s ?p ")
    with pytest.raises(QueryBadFormed) as raised:
        client.queryAndConvert()
    assert "line 1" in str(raised.value)


def test_sigterm_stops_the_server(served) -> None:  # type: ignore[no-untyped-def]
    url, process = served
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    assert "stopped" in process.stderr.read()
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/health", timeout=2)

