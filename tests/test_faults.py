"""Nothing is lost (issue 7, item 5): concurrent writers and readers, a SIGKILL in the middle of an
ingest, a full disk, fuzzed requests and annotations, and hostile payloads.

Every check is made the way a user would: by reading the store back (through SPARQL or kg) and
comparing each article with its annotation: an article is either absent or whole, never half-stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml
from conftest import ROOT, LiveServer, require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import AnnotationError, StoreError

TOKEN = "fault-token"
STANCE_COUNT = """PREFIX skg: <https://w3id.org/stancekg/ontology#>
SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a skg:Stance } } GROUP BY ?g"""
ARTICLE_SHAPE = """PREFIX skg: <https://w3id.org/stancekg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?run) AS ?runs) (COUNT(DISTINCT ?s) AS ?stances)
WHERE { GRAPH ?g { ?a a skg:NewsArticle . OPTIONAL { ?run a skg:IngestRun }
                   OPTIONAL { ?s a skg:Stance } } } GROUP BY ?g"""


# ---------- helpers ----------
def write_corpus(folder: Path, count: int, *, stances: int) -> dict[str, int]:
    """Write `count` synthetic articles (.txt + .yaml) into `folder`; article graph IRI → its stance count."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import write_articles
    from kg.namespaces import article_graph

    expected: dict[str, int] = {}
    for path in write_articles(folder, count, stances=stances):
        aid = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()[:16]
        annotation = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        expected[str(article_graph(aid))] = len(annotation["stances"])
    return expected


def stored_shape(store) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """Article graph → (article resources, ingest runs, stances) as the store holds them now."""
    return {str(g): (int(a), int(r), int(s)) for g, a, r, s in store.query(ARTICLE_SHAPE)}  # type: ignore[misc]


def assert_absent_or_whole(shape: dict[str, tuple[int, int, int]], expected: dict[str, int]) -> None:
    """Every article graph in the store is one of ours and whole: one article, one run, every stance."""
    assert set(shape) <= set(expected), f"graphs nobody ingested: {set(shape) - set(expected)}"
    for graph, (articles, runs, stances) in shape.items():
        assert (articles, runs, stances) == (1, 1, expected[graph]), f"{graph} is half-stored"


# ---------- (a) 4 writers, 8 readers ----------
WRITERS, READERS, QUERIES_PER_READER = 4, 8, 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """200 synthetic articles of 6 stances each, written once for the module."""
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, 200, stances=6)


def test_concurrent_writers_and_readers_lose_nothing(store, settings, corpus) -> None:  # type: ignore[no-untyped-def]
    from kg import ingest_article
    from server import create_app

    folder, expected = corpus
    paths = sorted(folder.glob("*.txt"))
    server = LiveServer(create_app(store, settings.with_(query_timeout=60.0)))
    writer_errors: list[BaseException] = []
    reader_failures: list[str] = []
    partial_views: list[str] = []
    answered = [0]

    def write(share: list[Path]) -> None:
        try:
            for path in share:
                ingest_article(store, path)
            for path in share[:5]:  # the same files again change nothing
                assert not ingest_article(store, path).changed
        except BaseException as e:  # reported in the test's thread
            writer_errors.append(e)

    def read(number: int) -> None:
        queries = [STANCE_COUNT, "ASK { ?s ?p ?o }",
                   "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]
        for i in range(QUERIES_PER_READER):
            text = queries[(number + i) % len(queries)]
            try:
                with urllib.request.urlopen(server.url + "/sparql?query=" + quote(text), timeout=60) as r:
                    body = json.loads(r.read())
            except urllib.error.HTTPError as e:
                if e.code != 503:  # "busy, retry": the one refusal a reader may see under load
                    reader_failures.append(f"{e.code}: {e.read()[:300]!r}")
                continue
            except OSError as e:
                reader_failures.append(repr(e))
                continue
            answered[0] += 1
            if text == STANCE_COUNT:  # a reader never sees an article with some of its stances
                for row in body["results"]["bindings"]:
                    graph, n = row["g"]["value"], int(row["n"]["value"])
                    if graph in expected and n != expected[graph]:
                        partial_views.append(f"{graph}: {n} of {expected[graph]} stances")

    threads = [threading.Thread(target=write, args=(paths[i::WRITERS],)) for i in range(WRITERS)]
    threads += [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert not any(t.is_alive() for t in threads), "a writer or reader hung"
    finally:
        server.stop()
    assert writer_errors == []
    assert reader_failures == []
    assert partial_views == []
    assert answered[0] > READERS * QUERIES_PER_READER // 2
    shape = stored_shape(store)
    assert set(shape) == set(expected)  # every article present
    assert_absent_or_whole(shape, expected)  # exactly once (one article resource, one run) and complete


# ---------- (b) SIGKILL in the middle of an ingest ----------
# The child ingests with kg.ingest_article and announces, on stdout, each ingest and each store write
# (it wraps kg.ingest.replace_graphs in a function that prints before and after calling it), so the
# parent can kill it at a chosen moment: some kills land inside the write transaction itself.
CHILD = r"""
import sys
import kg.ingest
from kg import ingest_article, open_store

real = kg.ingest.replace_graphs

def announced(*args, **kwargs):
    print("write-begin", flush=True)
    real(*args, **kwargs)
    print("write-end", flush=True)

kg.ingest.replace_graphs = announced
ds = open_store("oxigraph:" + sys.argv[1])
print("ready", flush=True)
for path in sys.argv[2:]:
    print("ingest-begin", flush=True)
    ingest_article(ds, path)
    print("ingest-end", flush=True)
print("finished", flush=True)
"""
# (line to wait for, how many of them, seconds to wait after it before SIGKILL)
KILLS = [("write-begin", 1, 0.0), ("write-begin", 1, 0.05), ("write-begin", 2, 0.25), ("ingest-begin", 1, 0.4),
         ("ingest-begin", 2, 0.9)]


def _kill_during(store_path: Path, paths: list[Path], marker: str, occurrence: int, delay: float) -> list[str]:
    """Run the child on `paths`, SIGKILL it `delay` s after its `occurrence`-th `marker` line; its output
    after that line (what it managed to say before dying)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(store_path), *map(str, paths)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        seen = 0
        while seen < occurrence:
            line = child.stdout.readline()  # type: ignore[union-attr]
            assert line, f"the child ended early: {child.stderr.read()}"  # type: ignore[union-attr]
            seen += line.strip() == marker
        if delay:
            threading.Event().wait(delay)
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    return rest.split()


def test_sigkill_mid_ingest_leaves_each_article_absent_or_whole(tmp_path: Path) -> None:
    from kg import ingest_article, open_store

    expected = write_corpus(tmp_path / "articles", 8, stances=150)
    paths = sorted((tmp_path / "articles").glob("*.txt"))
    graph_of = dict(zip(paths, expected, strict=True))  # write_articles returns them in name order
    store_path = tmp_path / "store"
    killed_in_write = 0
    for marker, occurrence, delay in KILLS:
        ds = open_store(f"oxigraph:{store_path}")  # opens after every kill
        try:
            shape = stored_shape(ds)
        finally:
            ds.close()
        assert_absent_or_whole(shape, expected)
        todo = [p for p in paths if graph_of[p] not in shape]
        assert todo, "the kills came too late: every article was stored"
        said = _kill_during(store_path, todo, marker, occurrence, delay)
        if marker == "write-begin" and "write-end" not in said:
            killed_in_write += 1
    assert killed_in_write >= 2, "no kill landed inside a store write; the test proves too little"
    ds = open_store(f"oxigraph:{store_path}")
    try:
        assert_absent_or_whole(stored_shape(ds), expected)
        for path in paths:  # the store still takes writes, and the missing articles go in whole
            ingest_article(ds, path)
        shape = stored_shape(ds)
        assert set(shape) == set(expected)
        assert_absent_or_whole(shape, expected)
    finally:
        ds.close()


# ---------- (c) a full disk ----------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB tmpfs mounted for this test (needs root, as in CI), unmounted afterwards."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    require(done.returncode == 0, f"cannot mount a small tmpfs to fill (needs root): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_full_disk_gives_a_clear_error_and_the_store_stays_readable(small_disk: Path, tmp_path: Path) -> None:
    from kg import ingest_article, open_store

    expected = write_corpus(tmp_path / "articles", 20, stances=60)
    paths = sorted((tmp_path / "articles").glob("*.txt"))
    spec = f"oxigraph:{small_disk / 'store'}"
    ds = open_store(spec)
    stored: set[str] = set()
    try:
        with pytest.raises(StoreError) as caught:  # not OSError, not a crash
            for path in paths:
                stored.add(str(ingest_article(ds, path).graph))
        message = str(caught.value)
        del caught  # its traceback holds the pyoxigraph Store, whose lock a reopen needs released
        assert "No space left on device" in message
        assert stored, "the disk filled before the first article; make it larger"
        shape = stored_shape(ds)  # the open store still reads what it held
        assert stored <= set(shape)
        assert_absent_or_whole(shape, expected)
    finally:
        ds.close()
    ds = open_store(spec)  # and it opens again while the disk is still full
    try:
        shape = stored_shape(ds)
        assert stored <= set(shape)
        assert_absent_or_whole(shape, expected)
        with pytest.raises(StoreError):  # writing still says why it cannot
            ingest_article(ds, paths[-1])
    finally:
        ds.close()


# ---------- (d) fuzzing: the endpoint never answers 500, the annotation loader only says AnnotationError ----------
_header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)  # what HTTP can carry
_WORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "*", ".", ";", ",", "?s", "?p", "$o",
          "<http://ex/a>", "<>", "<../x>", "GRAPH", "FROM", "NAMED", "OPTIONAL", "UNION", "FILTER", "BIND", "AS",
          "VALUES", "SERVICE", "SILENT", "LOAD", "INSERT", "DELETE", "DATA", "WITH", "USING", "CLEAR", "DROP", "ALL",
          "PREFIX", "p:", "p:x", "BASE", "\"s\"", "'''x'''", "1", "-2.5e3", "true", "a", "^^", "@en", "#", "\n",
          "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "COUNT", "IRI", "REGEX", "\\u0053ERVICE", "\x00", "é", "𝄞")
_sparqlish = st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)
_text = st.one_of(_sparqlish, st.text(max_size=200), st.sampled_from(["", "x" * 100_000, "%", "%zz", "\ud800"[:0]]))
_param_names = st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                                "using-named-graph-uri", "format", "output", "target", "date", "actor", ""])
_content_types = st.one_of(st.none(), st.sampled_from([
    "application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
    "application/sparql-query; charset=latin1", "application/x-www-form-urlencoded; charset=utf-8",
    "multipart/form-data; boundary=x", "application/rdf+xml", "text/plain", "application/json", "*/*", ";;",
    "application/sparql-update; charset=\"\""]), _header_text)
_accepts = st.one_of(st.none(), st.sampled_from([
    "application/sparql-results+json", "text/csv;q=0.1, */*;q=0", "application/rdf+xml", "text/turtle;q=x",
    "*/*", "nothing/at-all", "application/ld+json, text/*;q=0.5", ",,,;q=1"]), _header_text)
_bodies = st.one_of(st.binary(max_size=500), _sparqlish.map(str.encode),
                    st.lists(st.tuples(_param_names, _text), max_size=4).map(
                        lambda pairs: urlencode(pairs, errors="surrogatepass").encode()))


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An endpoint over a small store, updates on (with TOKEN), no SERVICE allowed, 5 s query timeout."""
    from kg import open_store
    from kg.settings import Settings
    from server import create_app

    ds = open_store("memory:oxigraph")
    ds.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 'x', 1 } }")
    settings = Settings.from_env({}, store="memory:oxigraph", cache_dir=tmp_path_factory.mktemp("cache"),
                                 update_token=TOKEN, service_allowlist=(), query_timeout=5.0,
                                 max_request_bytes=200_000)
    yield create_app(ds, settings).test_client()
    ds.close()


def _assert_handled(response) -> None:  # type: ignore[no-untyped-def]
    body = response.get_data(as_text=True)
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, body[:500])
    assert "Traceback" not in body


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]),
       path=st.sampled_from(["/sparql", "/sparql/", "/queries/who-opposes", "/queries/no-such-query", "/queries/%00",
                             "/queries/..%2f..%2fkg", "/void", "/stats", "/health"]),
       params=st.one_of(st.lists(st.tuples(_param_names, _text), max_size=5).map(
                            lambda pairs: urlencode(pairs, errors="surrogatepass")),
                        st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
       body=_bodies, content_type=_content_types, accept=_accepts,
       token=st.sampled_from([None, f"Bearer {TOKEN}", "Bearer wrong", "Basic xx", "Bearer", "Bearer  " + TOKEN]))
def test_fuzzed_requests_never_get_a_500(fuzz_client, method: str, path: str, params: str, body: bytes,  # type: ignore[no-untyped-def]
                                         content_type: str | None, accept: str | None, token: str | None) -> None:
    headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept), ("Authorization", token))
               if v is not None}
    response = fuzz_client.open(path, method=method, query_string=params, data=body, headers=headers)
    _assert_handled(response)


@pytest.mark.parametrize("build", [
    lambda: {"path": "/sparql", "query_string": {"query": "SELECT * WHERE { " + "?s ?p ?o . " * 50_000 + "}"}},
    lambda: {"path": "/sparql", "query_string": {"query": "ASK { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }"}},
    lambda: {"path": "/sparql", "method": "POST", "data": "ASK { " + "{" * 20_000 + "}" * 20_000 + " }",
             "content_type": "application/sparql-query"},
    lambda: {"path": "/sparql", "method": "POST", "data": "a" * 300_000, "content_type": "application/sparql-query"},
    lambda: {"path": "/sparql", "query_string": {"query": "SELECT ('" + "x" * 1_000_000 + "' AS ?x) {}"}},
    lambda: {"path": "/queries/who-opposes", "query_string": {"target": "x" * 1_000_000}},
    lambda: {"path": "/sparql", "method": "POST", "content_type": "application/sparql-update",
             "headers": {"Authorization": f"Bearer {TOKEN}"},
             "data": "INSERT DATA { <http://ex/a> <http://ex/p> " + "[ <http://ex/p> " * 20_000 + "1"
                     + " ]" * 20_000 + " }"},
    lambda: {"path": "/sparql", "query_string": {"query": "ASK { FILTER(" + "!" * 30_000 + "true) }"}},
    lambda: {"path": "/sparql", "query_string": {"query": "ASK { FILTER(" + "+".join(["1"] * 40_000) + ") }"}},
], ids=["long-query", "deep-parentheses", "deep-groups", "oversized-body", "huge-literal", "huge-parameter",
        "deep-update", "deep-negation", "long-sum"])
def test_huge_and_deep_requests_are_answered_not_crashed(fuzz_client, build) -> None:  # type: ignore[no-untyped-def]
    args = build()
    response = fuzz_client.open(args.pop("path"), **args)
    _assert_handled(response)


@settings(max_examples=300, deadline=None)
@given(source=st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                 lambda children: st.lists(children, max_size=4)
                 | st.dictionaries(st.sampled_from(["article", "actors", "stances", "events", "key", "label", "type",
                                                    "holder", "target", "quote", "time", "published", "title"])
                                   | st.text(max_size=8), children, max_size=5),
                 max_leaves=30).map(lambda data: yaml.safe_dump(data, allow_unicode=True))))
def test_fuzzed_annotations_raise_only_annotation_error(source: str | bytes) -> None:
    from kg.annotation import parse_annotation

    with contextlib.suppress(AnnotationError):  # success is fine too; any other exception fails the test
        parse_annotation(source, "Some article text. It says things.")


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("source", [
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000 + "1" + "}" * 10_000,
    "article: " + "[" * 990 + "]" * 990,
    "".join("  " * i + "a:\n" for i in range(3000)),
    "- " * 5000 + "x",
    _laughs(10),
    "article:\n  title: x\nstances: *a9\n" + _laughs(10),
    "article: {title: " + "x" * 5_000_000 + "}\n",
    "x" * 3_000_000,
    "\x00\x01\x02",
    b"\xff\xfe\xfd",
    "key: !!python/object/apply:os.system ['echo pwned']",
    "&a [*a]",
], ids=["deep-lists", "deep-mappings", "deep-article", "deep-block", "deep-dashes", "aliases", "aliases-used",
        "huge-title", "huge-scalar", "control-characters", "not-utf8", "python-tag", "self-alias"])
def test_hostile_annotations_raise_annotation_error(source: str | bytes) -> None:
    from kg.annotation import parse_annotation

    with pytest.raises(AnnotationError):
        parse_annotation(source, "Some article text.")


# ---------- (e) entity-expansion bombs and oversized uploads ----------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY lol "lol">
""" + "".join(f'  <!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">\n'
              for i in range(1, 10)) + """]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
  <rdf:Description rdf:about="http://ex/bomb"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


@pytest.mark.parametrize(("content_type", "status"), [
    ("application/sparql-update", 400), ("application/sparql-query", 400), ("application/rdf+xml", 415),
    ("application/xml", 415), ("text/turtle", 415)])
def test_an_entity_bomb_sent_to_the_endpoint_is_refused(fuzz_client, content_type: str, status: int) -> None:  # type: ignore[no-untyped-def]
    before = _rss_mb()
    response = fuzz_client.post("/sparql", data=BILLION_LAUGHS, content_type=content_type,
                                headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_data(as_text=True).strip()  # a message, not an empty refusal
    assert _rss_mb() - before < 50


def test_an_oversized_upload_is_refused_before_it_is_read(store, settings) -> None:  # type: ignore[no-untyped-def]
    import http.client

    from server import create_app

    server = LiveServer(create_app(store, settings.with_(update_token=TOKEN, max_request_bytes=1_000_000)))
    size, chunk = 200 * 2**20, b"#" * 2**16
    before = _rss_mb()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server.port, timeout=60)
        connection.putrequest("POST", "/sparql")
        for name, value in (("Content-Type", "application/sparql-update"), ("Content-Length", str(size)),
                            ("Authorization", f"Bearer {TOKEN}")):
            connection.putheader(name, value)
        connection.endheaders()
        try:
            for _ in range(size // len(chunk)):
                connection.send(chunk)
        except OSError:  # the server answered and closed the connection before the body ended
            pass
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
    finally:
        server.stop()
    assert response.status == 413
    assert "larger than 1000000 bytes" in body
    assert _rss_mb() - before < 50  # 200 MB were offered; the server kept none of it


def test_rdfxml_bomb_from_a_remote_store_is_a_store_error(tmp_path: Path) -> None:
    """The one place we parse RDF/XML from outside: a remote SPARQL store's CONSTRUCT answer."""
    import http.server

    from kg import open_store

    class Bomb(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = BILLION_LAUGHS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rdf+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = _rss_mb()
    try:
        ds = open_store(f"sparql:http://127.0.0.1:{server.server_port}/sparql")
        with pytest.raises(StoreError) as caught:
            ds.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert "127.0.0.1" in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
    assert _rss_mb() - before < 50
