"""Nothing is lost (issue 7, item 5): concurrent writers and readers, a SIGKILL in the middle of an
ingest, a full disk, fuzzed requests and annotations, and hostile payloads.

Every check is made the way a user would: by reading the store back (through SPARQL or kg) and
comparing each article with its annotation: an article is either absent or whole, never half-stored.
"""

from __future__ import annotations

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
from urllib.parse import quote

import pytest
import yaml
from conftest import ROOT, LiveServer, require

from kg.errors import StoreError

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
