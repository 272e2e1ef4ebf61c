"""The fixture ladder: settings → store → seed_store → app → client, runner → live_server.

Every test runs on real components: an Oxigraph store under tmp_path, a real HTTP server on
127.0.0.1 with an ephemeral port. An audit hook refuses any network connection that is not to
the loopback address, so no test can reach the outside world by accident.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TEST_OUTPUT = ROOT / "test-output"


# ---------- no network but loopback ----------
_LOOPBACK = ("127.", "::1", "localhost")


def _audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and not str(address[0]).startswith(_LOOPBACK):
            raise ConnectionRefusedError(f"tests may only connect to 127.0.0.1, not {address!r}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if host is not None and not str(host if not isinstance(host, bytes) else host.decode()).startswith(_LOOPBACK):
            raise ConnectionRefusedError(f"tests may only resolve 127.0.0.1, not {host!r}")


sys.addaudithook(_audit)


# ---------- system components: skip on a laptop, fail under CI=true ----------
def require(condition: bool, reason: str) -> None:
    """Skip with `reason` when a system component is missing; under CI=true that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus_store() -> Iterator:  # type: ignore[type-arg]
    """The seed plus the 1,000-stance synthetic corpus (benchmarks/synthetic.py), summarized, in one
    in-memory Oxigraph store: the corpus the query rewrite and parameter tests compare answers on. Read only."""
    from kg import open_store

    ds = _with_corpus(open_store("oxigraph:"))
    yield ds
    ds.close()


@pytest.fixture(scope="session")
def virtuoso_corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # type: ignore[type-arg]
    """The seed plus the 1,000-stance synthetic corpus, summarized, in a private Virtuoso on 127.0.0.1 as a
    `sparql:` store: the other side of every test that compares the named queries' answers on Oxigraph
    and on Virtuoso. Read only; started once per session."""
    from kg import open_store

    require_executable("virtuoso-t", "virtuoso-opensource")
    require_executable("isql-vt", "virtuoso-opensource")
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from virtuoso import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-corpus"), password="corpusCompare7")
    server.start()
    try:
        yield _with_corpus(open_store(server.store_spec))
    finally:
        server.stop()


def _with_corpus(ds):  # type: ignore[no-untyped-def]
    """`ds` holding the 1,000-stance synthetic corpus (bulk-loaded) and the seed article (ingested),
    summarized: the bulk-loaded articles' tallies are what the corpus-wide queries read."""
    import io

    from kg import ingest_bundled
    from kg.bulk import bulk_load
    from kg.summaries import summarize

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    bulk_load(ds, io.BytesIO("".join(synthetic.corpus_nquads(1000)).encode("utf-8")))
    ingest_bundled(ds)
    summarize(ds)
    return ds


def by_value(term: object) -> object:
    """A result value compared by value: 3 and "3"^^xsd:nonNegativeInteger are the same count."""
    from decimal import Decimal

    from rdflib import Literal

    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        return str(term)
    return None if term is None else str(term)


def assert_parameters_kept(before, now) -> None:  # type: ignore[no-untyped-def]
    """A rewritten named query keeps every parameter of its old text (name, type, meaning, optionality);
    the parameters it adds are optional, so every call of the old text still runs and means the same."""
    old, new = {p.name: p for p in before.parameters}, {p.name: p for p in now.parameters}
    assert all(new.get(name) == p for name, p in old.items()), f"{now.name}: a parameter changed or went"
    assert all(p.optional for name, p in new.items() if name not in old), f"{now.name}: a new parameter is required"


def require_executable(name: str, package: str) -> str:
    """The path of an executable, or skip (fail under CI) naming the Debian package that has it."""
    path = shutil.which(name)
    require(path is not None, f"{name} is not installed (apt-get install {package})")
    return path  # type: ignore[return-value]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No STANCEKG_* variable leaks into a test from the developer's shell."""
    for name in list(os.environ):
        if name.startswith("STANCEKG_"):
            monkeypatch.delenv(name)


def pytest_report_header(config: pytest.Config) -> list[str]:
    import pyoxigraph
    import rdflib

    found = {name: shutil.which(name) or "missing" for name in ("javac", "chromium", "virtuoso-t")}
    return [f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, CI={IN_CI}",
            "components: " + ", ".join(f"{k}={v}" for k, v in found.items())]


# ---------- the ladder ----------
@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from kg.settings import Settings

    return Settings.from_env({}, store=f"oxigraph:{tmp_path / 'store'}", cache_dir=tmp_path / "cache")


@pytest.fixture
def store(settings):  # type: ignore[no-untyped-def]
    """A fresh, empty on-disk Oxigraph store for one test."""
    from kg import open_store

    ds = open_store(settings.store)
    yield ds
    ds.close()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled articles ingested once per run. Read-only: tests that write take `store`."""
    from kg import ingest_bundled, open_store

    ds = open_store(f"oxigraph:{tmp_path_factory.mktemp('seed') / 'store'}")
    ingest_bundled(ds)
    yield ds
    ds.close()


@pytest.fixture
def app(seed_store, settings):  # type: ignore[no-untyped-def]
    from server import create_app

    return create_app(seed_store, settings)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    return CliRunner()


class LiveServer:
    """A real HTTP server on 127.0.0.1 with an ephemeral port, serving `app` from a thread."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (for servers we cannot give port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave screenshots and reports for people to look at."""
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT


# ---------- a remote endpoint that counts what reaches it ----------
class CountingEndpoint:
    """A tiny SPARQL endpoint on 127.0.0.1 that answers one row and counts the requests."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def remote() -> Iterator[CountingEndpoint]:
    endpoint = CountingEndpoint()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()

