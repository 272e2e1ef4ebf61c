"""The SPARQL endpoint against its peers, on the same data, in one run: requests/s and latency (p50, p99).

Servers, each in a process of its own on 127.0.0.1, each serving the same N-Quads corpus with the union of
all graphs as default graph:

- `stancekg`: our endpoint as `stancekg serve` runs it (waitress, 8 threads, Oxigraph store on disk).
- `stancekg-rdflib`: our same Flask app on rdflib's Memory store (`memory:`), so rdflib's SPARQL engine
  answers: the engine's share of the difference, with the HTTP layer held equal.
- `rdflib-endpoint`: rdflib-endpoint (FastAPI + uvicorn) on an rdflib Dataset: the nearest Python peer.
- `oxigraph-server`: `oxigraph serve-read-only --union-default-graph` (PyPI package `oxigraph`): the engine
  with a Rust HTTP layer, the upper bound for us.

The corpus is the bundled seed article ingested by kg, then its article graph copied `--copies` times under
new IRIs (same actors, offices and ontology graphs, as a corpus of many articles about the same actors
looks). Measured, for every server:

- every `queries/*.rq` (the research questions people run; SERVICE queries left out: no network),
  one client, a few requests each: p50 / p99 latency and the row count (to check the peers agree);
- a light query (one actor's label) and a heavy one (stance counts per holder-target pair, every stance),
  at 1 and 8 concurrent clients: requests/s, p50, p99;
- a stall test: one query that cannot finish runs for `--stall` seconds (the stancekg server is started with
  that query timeout) while one client sends the light query; its p99 should stay under 50 ms.

Results, ratios and the issue's goals (5x rdflib-endpoint's throughput, within 2x of Oxigraph's server,
light p99 < 50 ms during a 20 s query) go to benchmarks/results/endpoint.json.

The load generator is Python threads with keep-alive connections, on the same 2-core machine as the
server, so the absolute numbers include its cost and are lower than a dedicated client would see; every
server pays it the same way.

Usage: python benchmarks/bench_endpoint.py [--copies 20] [--duration 5] [--stall 20] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "endpoint.json"
WORK = ROOT / "benchmarks" / "results" / "tmp" / "endpoint"
sys.path.insert(0, str(ROOT))

SERVERS = ("stancekg", "stancekg-rdflib", "rdflib-endpoint", "oxigraph-server")

LIGHT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <https://w3id.org/stancekg/id/actor/russia> rdfs:label ?label }"""

HEAVY = """PREFIX skg: <https://w3id.org/stancekg/ontology#>
SELECT ?holder ?target (COUNT(?stance) AS ?stances) WHERE {
  ?stance a skg:Stance ; skg:holder ?holder ; skg:target ?target .
} GROUP BY ?holder ?target ORDER BY DESC(?stances) ?holder ?target"""

# Cannot finish: a filtered cross product of every quad with every quad.
ENDLESS = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . FILTER (STR(?b) < STR(?d)) }"""

# Keys of article-local entities: these get a copy suffix; actors, things, offices and tenures are shared.
_LOCAL = re.compile(r"(<https://w3id\.org/stancekg/id/(?:graph/article|article|stance|evidence|event|alignment|"
                    r"relation|sanction|ingest|annotation)/)([^>#/]+)")


# ---------- the corpus ----------
def build_corpus(copies: int, path: Path) -> dict[str, int]:
    """Write the corpus as N-Quads to `path`; returns its size in quads, articles and stances."""
    import pyoxigraph as ox

    from kg import ingest_bundled, open_store
    from kg.store import native_oxigraph

    ds = open_store("oxigraph:")
    ingest_bundled(ds)
    store = native_oxigraph(ds)
    assert store is not None
    shared, article = [], []
    for quad in store:
        graph = quad.graph_name
        (article if isinstance(graph, ox.NamedNode) and "/graph/article/" in graph.value else shared).append(quad)
    stances_per_copy = sum(1 for q in article if q.predicate.value.endswith("#type")
                           and q.object.value.endswith("ontology#Stance"))
    shared_text = ox.serialize(shared, format=ox.RdfFormat.N_QUADS).decode()
    article_text = ox.serialize(article, format=ox.RdfFormat.N_QUADS).decode()
    with path.open("w", encoding="utf-8") as out:
        out.write(shared_text)
        for k in range(copies):
            out.write(_LOCAL.sub(lambda m, k=k: f"{m.group(1)}{m.group(2)}-c{k}", article_text))
    ds.close()
    return {"quads": len(shared) + copies * len(article), "articles": copies,
            "stances": copies * stances_per_copy, "bytes": path.stat().st_size}


# ---------- the servers ----------
@dataclass
class Server:
    name: str
    process: subprocess.Popen  # type: ignore[type-arg]
    endpoint: str
    log: Path

    def stop(self) -> None:
        """Stop the process we started, by its pid: SIGTERM, then SIGKILL after 10 s."""
        if self.process.poll() is not None:
            print(f"  {self.name} had already exited with {self.process.returncode}; log {self.log}", flush=True)
        else:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCEKG_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def start_server(name: str, data: Path, work: Path, *, stall_seconds: float) -> Server:
    """Start one server on the corpus; returns once it answers ASK {}."""
    log = work / f"{name}.log"
    out = log.open("w")
    port = _free_port()
    if name == "stancekg":
        store = work / "stancekg-store"
        _load_oxigraph_store(data, store)
        command = [sys.executable, "-c", "from kg.cli import main; main()", "serve",
                   "--host", "127.0.0.1", "--port", str(port)]
        env = _env(STANCEKG_STORE=f"oxigraph:{store}", STANCEKG_QUERY_TIMEOUT=str(stall_seconds))
        endpoint = f"http://127.0.0.1:{port}/sparql"
    elif name == "stancekg-rdflib":
        command = [sys.executable, __file__, "--serve-rdflib-app", str(data), str(port)]
        env = _env(STANCEKG_QUERY_TIMEOUT=str(stall_seconds))
        endpoint = f"http://127.0.0.1:{port}/sparql"
    elif name == "rdflib-endpoint":
        command = [sys.executable, __file__, "--serve-rdflib-endpoint", str(data), str(port)]
        env = _env()
        endpoint = f"http://127.0.0.1:{port}/sparql"
    elif name == "oxigraph-server":
        oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if oxigraph is None:
            raise RuntimeError("the oxigraph command is missing: pip install oxigraph")
        location = work / "oxigraph-server-store"
        subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(data)], check=True,
                       stdout=out, stderr=subprocess.STDOUT)
        # No --timeout-s: with it, oxigraph 0.5.13 starts a thread per request that sleeps out the timeout,
        # and at ~2,700 requests/s it runs out of threads (EAGAIN) and aborts (measured in this benchmark).
        command = [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"]
        env = _env()
        endpoint = f"http://127.0.0.1:{port}/query"
    else:
        raise ValueError(f"unknown server {name!r}; known: {', '.join(SERVERS)}")
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=work)
    server = Server(name, process, endpoint, log)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if request(endpoint, "ASK {}", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer within 600 s")


def _load_oxigraph_store(data: Path, location: Path) -> None:
    """Bulk-load the corpus into an on-disk Oxigraph store, optimise it, and close it (one process at a time)."""
    import pyoxigraph as ox

    store = ox.Store(str(location))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    del store


def serve_rdflib_app(data: str, port: str) -> None:
    """(In a child process) our Flask app on rdflib's Memory store, under waitress like `stancekg serve`."""
    from waitress import serve

    from kg import open_store
    from kg.settings import Settings
    from server import create_app

    settings = Settings.from_env(store="memory:")
    ds = open_store("memory:")
    ds.parse(data, format="nquads")
    serve(create_app(ds, settings), host="127.0.0.1", port=int(port), threads=settings.threads, ident="stancekg")


def serve_rdflib_endpoint(data: str, port: str) -> None:
    """(In a child process) rdflib-endpoint on an rdflib Dataset whose default graph is the union."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    ds = Dataset(default_union=True)
    ds.parse(data, format="nquads")
    app = SparqlEndpoint(graph=ds, path="/sparql", public_url=f"http://127.0.0.1:{port}/sparql")
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


# ---------- the client ----------
def request(endpoint: str, query: str, *, timeout: float = 120,
            connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    """GET the query (SPARQL 1.1 Protocol, query via GET), asking for JSON results; (status, body)."""
    parts = urllib.parse.urlsplit(endpoint)
    conn = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", parts.path + "?" + urllib.parse.urlencode({"query": query}),
                     headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if connection is None:
            conn.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(endpoint: str, query: str, *, clients: int, duration: float, max_requests: int,
            timeout: float = 120) -> dict[str, float | int]:
    """`clients` threads send the query back to back for `duration` seconds (or `max_requests` in all)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter()
    stop_at = started + duration

    def client() -> None:
        parts = urllib.parse.urlsplit(endpoint)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    if len(latencies) + len(errors) >= max_requests:
                        return
                t0 = time.perf_counter()
                try:
                    status, _ = request(endpoint, query, connection=conn)
                except (OSError, http.client.HTTPException) as e:
                    with lock:
                        errors.append(type(e).__name__)
                    conn.close()
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
                    continue
                elapsed = time.perf_counter() - t0
                with lock:
                    (latencies.append(elapsed) if status == 200 else errors.append(str(status)))
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "errors": len(errors), "seconds": round(seconds, 3),
            "requests_per_s": round(len(latencies) / seconds, 2),
            "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
            "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else float("nan")}


def row_count(endpoint: str, query: str, *, timeout: float = 120) -> int | str:
    """Rows in the answer (to check that the servers agree), or what went wrong."""
    try:
        status, body = request(endpoint, query, timeout=timeout)
    except (OSError, http.client.HTTPException) as e:
        return type(e).__name__
    if status != 200:
        return f"HTTP {status}"
    answer = json.loads(body)
    return len(answer["results"]["bindings"]) if "results" in answer else int(bool(answer.get("boolean")))


def stall(endpoint: str, *, seconds: float) -> dict[str, object]:
    """While ENDLESS runs for `seconds`, one client sends LIGHT back to back: its latency."""
    outcome: dict[str, object] = {}

    def slow() -> None:
        t0 = time.perf_counter()
        try:
            status, body = request(endpoint, ENDLESS, timeout=seconds + 60)
            outcome["endless_status"] = status
            outcome["endless_message"] = body[:200].decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as e:
            outcome["endless_status"] = type(e).__name__
        outcome["endless_seconds"] = round(time.perf_counter() - t0, 2)

    runner = threading.Thread(target=slow, daemon=True)
    runner.start()
    time.sleep(0.5)
    light = measure(endpoint, LIGHT, clients=1, duration=seconds - 1.5, max_requests=10**9, timeout=seconds + 60)
    runner.join(timeout=5)  # rdflib peers never end it; their server is stopped next
    return {"light_during_endless": light, **outcome}


# ---------- the run ----------
def named_queries() -> dict[str, str]:
    """The research questions in queries/, as people run them (no SERVICE: nothing leaves the machine)."""
    from kg.queries import list_queries

    return {q.name: q.text for q in list_queries() if not q.uses_service}


def _failed(rows: int | str) -> bool:
    return isinstance(rows, str)


class Peer:
    """One server under test, restarted when a timed-out query would leave rdflib's engine computing in the
    background (nothing can stop it) and slow every later measurement."""

    def __init__(self, name: str, data: Path, work: Path, args: argparse.Namespace) -> None:
        self.name, self.data, self.work, self.args = name, data, work, args
        t0 = time.perf_counter()
        self.server = start_server(name, data, work, stall_seconds=args.stall)
        self.result: dict[str, object] = {"endpoint": self.server.endpoint,
                                          "startup_s": round(time.perf_counter() - t0, 2), "restarts": 0,
                                          "queries": {}}

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    def restart(self) -> None:
        self.server.stop()
        self.server = start_server(self.name, self.data, self.work, stall_seconds=self.args.stall)
        self.result["restarts"] = int(self.result["restarts"]) + 1  # type: ignore[call-overload]

    def stop(self) -> None:
        self.server.stop()


def run_all(names: list[str], data: Path, work: Path, args: argparse.Namespace,
            log: Callable[[str], None]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Every measurement, server after server for each one, so that load from other jobs on the machine
    falls on all servers alike. The stall tests come last, one server at a time, each stopped after its own."""
    peers: dict[str, Peer] = {}
    done: dict[str, dict] = {}  # type: ignore[type-arg]
    try:
        for name in names:
            peers[name] = Peer(name, data, work, args)
            log(f"{name}: up in {peers[name].result['startup_s']} s at {peers[name].endpoint}")
        timeout = args.request_timeout
        for qname, text in named_queries().items():
            for name, peer in peers.items():
                rows = row_count(peer.endpoint, text, timeout=timeout)
                if _failed(rows):
                    peer.result["queries"][qname] = {"rows": rows}  # type: ignore[index]
                    log(f"  {qname:28} {name:16} failed: {rows}")
                    if rows in ("TimeoutError", "HTTP 503"):
                        peer.restart()
                    continue
                stats = measure(peer.endpoint, text, clients=1, duration=args.query_seconds,
                                max_requests=args.query_requests, timeout=timeout)
                peer.result["queries"][qname] = {"rows": rows, **stats}  # type: ignore[index]
                log(f"  {qname:28} {name:16} rows={rows!s:>6} p50={stats['p50_ms']:>9} ms  "
                    f"p99={stats['p99_ms']:>9} ms")
                if stats["errors"]:
                    peer.restart()
        for label, text in (("light", LIGHT), ("heavy", HEAVY)):
            for peer in peers.values():
                peer.result[label] = {"rows": row_count(peer.endpoint, text, timeout=timeout)}
            for clients in (1, 8):
                for name, peer in peers.items():
                    stats = measure(peer.endpoint, text, clients=clients, duration=args.duration,
                                    max_requests=10**9, timeout=timeout)
                    peer.result[label][str(clients)] = stats  # type: ignore[index]
                    log(f"  {label} x{clients} {name:16} {stats['requests_per_s']:>8} req/s  p50={stats['p50_ms']} ms"
                        f"  p99={stats['p99_ms']} ms  errors={stats['errors']}")
        for name, peer in list(peers.items()):
            if args.stall > 0:
                stalled = stall(peer.endpoint, seconds=args.stall)
                peer.result["stall"] = stalled
                light = stalled["light_during_endless"]
                log(f"  stall {name:16} light p50={light['p50_ms']} ms p99={light['p99_ms']} ms over "
                    f"{light['requests']} requests while the endless query ran (it ended with "
                    f"{stalled.get('endless_status')} after {stalled.get('endless_seconds')} s)")
            peer.stop()
            del peers[name]
            done[name] = peer.result
    finally:
        for peer in peers.values():
            peer.stop()
    return done


def _failed(rows: int | str) -> bool:
    return isinstance(rows, str)


def ratios(servers: dict[str, dict]) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    """stancekg's throughput (light, heavy at 1 and 8 clients) and summed named-query p50 over each peer's."""
    ours = servers.get("stancekg")
    out: dict[str, dict[str, float]] = {}
    if not ours:
        return out
    for peer, theirs in servers.items():
        if peer == "stancekg":
            continue
        r: dict[str, float] = {}
        for label in ("light", "heavy"):
            for clients in ("1", "8"):
                a, b = ours[label][clients]["requests_per_s"], theirs[label][clients]["requests_per_s"]
                r[f"{label}_x{clients}_throughput"] = round(a / b, 2) if b else None  # type: ignore[assignment]
        # Over the named queries both answered: how much longer the peer takes in all (sum of p50s).
        common = [q for q in ours["queries"] if _answered(ours["queries"][q]) and _answered(theirs["queries"].get(q))]
        mine = sum(ours["queries"][q]["p50_ms"] for q in common)
        other = sum(theirs["queries"][q]["p50_ms"] for q in common)
        r["named_queries_both_answered"] = len(common)
        r["named_queries_peer_failed"] = sum(1 for q in ours["queries"] if not _answered(theirs["queries"].get(q)))
        r["named_queries_p50_sum_ratio"] = round(other / mine, 2) if mine else None  # type: ignore[assignment]
        out[f"stancekg_vs_{peer}"] = r
    return out


def _answered(entry: dict | None) -> bool:  # type: ignore[type-arg]
    """A named query with a measured latency (not failed, timed out or refused)."""
    return bool(entry) and isinstance(entry.get("p50_ms"), int | float) and entry["p50_ms"] == entry["p50_ms"]


def _no_nan(value: object) -> object:
    """JSON has no NaN: unmeasured values become null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def goals(servers: dict[str, dict], table: dict[str, dict[str, float]]) -> dict[str, object]:  # type: ignore[type-arg]
    """The issue's targets, checked against this run."""
    out: dict[str, object] = {}
    vs_rdflib = table.get("stancekg_vs_rdflib-endpoint")
    if vs_rdflib:
        worst = min(v for k, v in vs_rdflib.items() if k.endswith("_throughput") and v is not None)
        out["at_least_5x_rdflib_endpoint_throughput"] = {"worst_ratio": worst, "met": worst >= 5}
    vs_ox = table.get("stancekg_vs_oxigraph-server")
    if vs_ox:
        worst = min(v for k, v in vs_ox.items() if k.endswith("_throughput") and v is not None)
        out["within_2x_of_oxigraph_server"] = {"worst_ratio": worst, "met": worst >= 0.5}
    stall_result = servers.get("stancekg", {}).get("stall")
    if stall_result:
        p99 = stall_result["light_during_endless"]["p99_ms"]
        out["light_p99_under_50ms_during_endless_query"] = {"p99_ms": p99, "met": p99 < 50}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the seed article graph in the corpus")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per light/heavy measurement")
    parser.add_argument("--query-seconds", type=float, default=3.0, help="most seconds per named query")
    parser.add_argument("--query-requests", type=int, default=10, help="most requests per named query")
    parser.add_argument("--request-timeout", type=float, default=20.0, help="seconds a client waits for an answer")
    parser.add_argument("--stall", type=float, default=20.0, help="seconds the endless query runs (0: skip)")
    parser.add_argument("--only", nargs="*", choices=SERVERS, help="run only these servers")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument("--rescore", action="store_true",
                        help="only recompute ratios and goals in an existing results file (--out)")
    args = parser.parse_args()
    if args.rescore:
        report = json.loads(args.out.read_text(encoding="utf-8"))
        report["ratios"] = ratios(report["servers"])
        report["goals"] = goals(report["servers"], report["ratios"])
        args.out.write_text(json.dumps(_no_nan(report), indent=2) + "\n", encoding="utf-8")
        print(json.dumps({"ratios": report["ratios"], "goals": report["goals"]}, indent=2))
        return 0

    def log(line: str) -> None:
        print(line, flush=True)

    import pyoxigraph
    import rdflib

    # Stores, corpus and server logs live in benchmarks/results/tmp/ (ignored by git) until the next run,
    # so a server that misbehaved can be looked at afterwards.
    work = WORK
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data = work / "corpus.nq"
    corpus = build_corpus(args.copies, data)
    log(f"corpus: {corpus}")
    servers = run_all(list(args.only or SERVERS), data, work, args, log)
    table = ratios(servers)
    report = {
        "benchmark": "SPARQL endpoint throughput and latency against peers, same corpus, one run",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "rdflib": rdflib.__version__, "pyoxigraph": pyoxigraph.__version__,
                    "rdflib_endpoint": _version("rdflib-endpoint"), "oxigraph_cli": _version("oxigraph")},
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "rescore")},
        "corpus": corpus,
        "queries": {"light": LIGHT, "heavy": HEAVY, "endless": ENDLESS},
        "servers": servers,
        "ratios": table,
        "goals": goals(servers, table),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(_no_nan(report), indent=2) + "\n", encoding="utf-8")
    log(json.dumps({"ratios": table, "goals": report["goals"]}, indent=2))
    log(f"written to {args.out}")
    return 0


def _version(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-rdflib-app":
        serve_rdflib_app(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--serve-rdflib-endpoint":
        serve_rdflib_endpoint(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
