"""Scaling benchmark: load time, store size, peak memory and the latency of every named query, at
10^3 .. 10^6 stances, for the embedded Oxigraph store, rdflib's Memory store and Virtuoso (remote store).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_scale.py --sizes 1000,10000,100000 \
        --stores oxigraph,memory,virtuoso --data /tmp/stancekg-bench

Each (store, size) runs in its own process, so peak memory is that run's alone. Corpora come from
benchmarks/synthetic.py (written once per size and reused); on-disk stores are kept in --data and reused
by later runs (`--fresh` reloads). Results merge into benchmarks/results/scale.json (one entry per store and
size, replaced when measured again) and the plot benchmarks/results/scale.png is redrawn from all of them.
Queries that call SERVICE (Wikidata) are skipped: the benchmark makes no outside requests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import synthetic  # noqa: E402

# rdflib's Memory store: 10^4 stances (0.4M quads) load in about 30 s; 10^5 would take about 5 minutes and
# 5 GB and its pure-Python engine answers full-scan queries in minutes: measured up to this size only.
MEMORY_MAX_STANCES = 10_000
QUERY_TIMEOUT_S = 120  # per query execution; --timeout changes it
REPEATS = 3
SLOW_S = 5.0  # a query slower than this twice is measured twice (a first run can be slow alone)
# A query runs as a researcher asks it: its required parameters, its first optional actor parameter (one
# actor of middling coverage) and its date window, each with a selective value; codes and categories cannot
# be rarer than one stance type (about 1/23 of the stances each), so their answers grow with the corpus. A
# query with optional parameters also runs bare (required ones only), the whole-corpus listing.
PARAMS: dict[str, str] = {"qid": "Q30", "date": "2012-06-01", "code": "112", "category": "ACCUSE",
                          "item": "http://www.wikidata.org/entity/Q7747",
                          "property": "https://w3id.org/stancekg/ontology#accuses",
                          "from": "2016-01-01", "to": "2016-06-30"}
ACTOR_PARAMS = ("actor", "holder", "target", "principal", "group", "of")
SELECTIVE_STATE = 10  # the 11th state of the skewed pool: about 1 % of the stances name it


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def selective_params(n: int) -> dict[str, str]:
    """Parameter values that exist in the corpus of `n` stances and select a small part of it."""
    from kg.namespaces import entity

    pool = synthetic.ActorPool(n)
    actor = str(entity("actor", pool.states[SELECTIVE_STATE].key))
    forum = str(entity("actor", pool.actors[min(pool.members)].key))  # the first forum of the pool
    first = synthetic.synthetic_article(0, pool)
    aid = hashlib.sha256(first.text.encode("utf-8")).hexdigest()[:16]
    measure = str(entity("sanction", first.annotation["sanctions"][0]["key"]))
    return {**PARAMS, **dict.fromkeys(ACTOR_PARAMS, actor), "group": forum, "article": str(entity("article", aid)),
            "measure": measure}


def _params_for(query: Any, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]] | None:
    """The parameters `query` runs with as asked and bare, or None when a required one cannot be filled.

    Asked: every required parameter, the first optional actor parameter unless an actor is required (two
    actor parameters bound to one actor would ask for an actor's stances toward itself), and every other
    optional parameter `values` has (a date window, an edge property). Bare: the required ones only."""
    asked: dict[str, str] = {}
    bare: dict[str, str] = {}
    actor_bound = False
    for p in sorted(query.parameters, key=lambda p: p.optional):
        if p.name not in values:
            if not p.optional:
                return None
            continue
        if not p.optional:
            bare[p.name] = asked[p.name] = values[p.name]
            actor_bound = actor_bound or p.name in ACTOR_PARAMS
        elif p.name not in ACTOR_PARAMS or not actor_bound:
            asked[p.name] = values[p.name]
            actor_bound = actor_bound or p.name in ACTOR_PARAMS
    return asked, bare


def _previous(store: str, n: int) -> dict[str, Any]:
    """The queries of the largest run of `store` below `n` stances in results/scale.json, if any."""
    path = RESULTS / "scale.json"
    if not path.exists():
        return {}
    runs = [r for r in json.loads(path.read_text())["runs"]
            if r["store"] == store and r["stances"] < n and "queries" in r]
    return max(runs, key=lambda r: r["stances"])["queries"] if runs else {}


def run_queries(ds: Any, values: dict[str, str], timeout_s: int | None = None,
                skip: dict[str, str] | None = None) -> dict[str, Any]:
    """Every named query on `ds` as asked (see `_params_for`), and bare when that differs: median and first
    latency, rows; SERVICE queries skipped.

    Each run goes the endpoint's way (`server.engine.Engine`: the store's own engine, the answer written
    as SPARQL JSON results, no HTTP), so the latency is what a researcher at /sparql waits for, without
    turning every value into an rdflib term first. The row cap is lifted (the endpoint's default refuses
    answers over STANCEKG_MAX_RESULT_ROWS); the engine's deadline stops a query after `timeout_s`
    (default QUERY_TIMEOUT_S), recorded as a timeout. `skip` maps the names of queries not to run to the
    reason; `NAME bare` skips only the bare form. The bare form's figures go under the key "bare".

    Every asked form runs before any bare form: a whole-corpus listing of 10^5 rows leaves the process
    slower for a while (at 10^6, contradictions as asked took 1.03 s right after contested-topics' bare
    answer of 144,435 rows, 0.78-0.88 s on its own)."""
    from kg.queries import list_queries
    from kg.settings import Settings
    from server.engine import Engine

    settings = Settings(query_timeout=float(timeout_s or QUERY_TIMEOUT_S), max_result_rows=100_000_000)
    engine = Engine(ds, settings)
    skip = skip or {}
    out: dict[str, Any] = {}
    bare_forms = []
    for query in list_queries():
        params = _params_for(query, values)
        if query.name in skip:
            out[query.name] = {"skipped": skip[query.name]}
        elif query.uses_service:
            out[query.name] = {"skipped": "calls SERVICE (Wikidata)"}
        elif params is None:
            out[query.name] = {"skipped": "needs a parameter the benchmark cannot fill"}
        else:
            asked, bare = params
            out[query.name] = _time_query(engine, ds, query, asked, settings)
            if bare != asked:
                bare_forms.append((query, bare))
    for query, bare in bare_forms:
        reason = skip.get(f"{query.name} bare")
        out[query.name]["bare"] = ({"skipped": reason, "params": bare} if reason
                                   else _time_query(engine, ds, query, bare, settings))
    return out


def _time_query(engine: Any, ds: Any, query: Any, params: dict[str, str], settings: Any) -> dict[str, Any]:
    """Median and first latency of `query` with `params` bound, and its row count; or why it did not finish."""
    from kg.errors import QueryTimeoutError
    from kg.queries import named_query_text
    from server.engine import QueryRequest

    request = QueryRequest(text=named_query_text(ds, query, params, settings), accept="application/sparql-results+json")
    times, body = [], b""
    try:
        for _ in range(REPEATS):
            start = time.perf_counter()
            body = engine.query(request).body
            times.append(time.perf_counter() - start)
            if sum(t > SLOW_S for t in times) == 2:  # slow twice: two measurements are enough
                break
    except QueryTimeoutError:
        return {"timeout_s": settings.query_timeout, "params": params}
    except Exception as e:  # a query one engine cannot run is a result, not a crash
        return {"error": f"{type(e).__name__}: {str(e)[:200]}", "params": params}
    return {"median_s": statistics.median(times), "first_s": times[0], "rows": _rows(body), "params": params}


def _rows(body: bytes) -> int:
    """Rows of a SPARQL JSON results document (1 for an ASK)."""
    document = json.loads(body)
    return len(document["results"]["bindings"]) if "results" in document else 1


def _summarize(ds: Any) -> dict[str, Any]:
    """Build the summaries graph of a bulk-loaded store (kg.summaries: corpus-wide counts and group splits
    that ingest keeps up to date, which a bulk load bypasses); returns the seconds it took, the number of
    tallies and of splits, and the version of the code that built it."""
    from kg.namespaces import SKG, SUMMARY_GRAPH
    from kg.summaries import summarize

    start = time.perf_counter()
    tallies = summarize(ds)
    took = time.perf_counter() - start
    count = f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?s a <{SKG.GroupSplit}> }} }}"
    splits = int(next(iter(ds.query(count)))[0])
    return {"summarize_s": took, "summary_tallies": tallies, "summary_splits": splits,
            "summaries_version": _summaries_version()}


def _summaries_version() -> str:
    """A digest of the code that builds the summaries graph: a store summarized by other code is rebuilt."""
    sources = [(ROOT / "kg" / name).read_bytes() for name in ("summaries.py", "splits.py")]
    return hashlib.sha256(b"".join(sources)).hexdigest()[:12]


# ---------- one store, one size (runs in a child process) ----------
def _skips(store: str, n: int, skip_slow: float | None) -> dict[str, str]:
    """Queries that took longer than `skip_slow` seconds (or timed out) at the previous size: not run again.
    A bare form that did is named `NAME bare`."""
    if not skip_slow:
        return {}
    out = {}
    for name, asked in _previous(store, n).items():
        for key, q in ((name, asked), (f"{name} bare", asked.get("bare", {}))):
            if str(q.get("skipped", "")).startswith("not run"):  # too slow two sizes ago: slower still now
                out[key] = q["skipped"]
                continue
            took = q.get("median_s") or q.get("timeout_s")
            if took and took > skip_slow:
                verb = "timed out after" if "timeout_s" in q else "took"
                out[key] = f"not run: {verb} {took:.1f} s at the previous size (--skip-slow {skip_slow:g})"
    return out


def worker(store: str, n: int, data: Path, fresh: bool, timeout_s: int = QUERY_TIMEOUT_S,
           skip_slow: float | None = None, load_only: bool = False) -> dict[str, Any]:
    corpus = synthetic.write_corpus(n, data / f"corpus-{n}")
    quads = None
    record: dict[str, Any] = {"store": store, "stances": n, "query_timeout_s": timeout_s}
    if store == "oxigraph":
        record.update(_oxigraph(n, corpus, data, fresh, timeout_s, skip_slow, load_only))
    elif store == "memory":
        from kg.bulk import bulk_load
        from kg.store import open_store

        start = time.perf_counter()
        ds = open_store("memory:")
        for part in corpus:
            bulk_load(ds, part)
        record["load_s"] = time.perf_counter() - start
        record.update(_summarize(ds))
        quads = len(ds)
        record["quads"] = quads
        record["queries"] = run_queries(ds, selective_params(n), timeout_s, _skips(store, n, skip_slow))
    elif store == "virtuoso":
        record.update(_virtuoso(n, corpus, data, timeout_s, _skips(store, n, skip_slow)))
    record["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return record


def _oxigraph(n: int, corpus: list[Path], data: Path, fresh: bool, timeout_s: int,
              skip_slow: float | None, load_only: bool = False) -> dict[str, Any]:
    from kg.bulk import bulk_load
    from kg.store import native_oxigraph, open_store

    folder = data / f"oxigraph-{n}"
    meta = folder.parent / f"oxigraph-{n}.load.json"
    if fresh or not meta.exists():
        shutil.rmtree(folder, ignore_errors=True)
        meta.unlink(missing_ok=True)
        ds = open_store(f"oxigraph:{folder}")
        ox = native_oxigraph(ds)
        start = time.perf_counter()
        for part in corpus:
            bulk_load(ds, part)
        loaded = time.perf_counter() - start
        ox.optimize()  # platform-notes: the first open after a bulk load compacts; pay it here
        optimized = time.perf_counter() - start
        summarized = _summarize(ds)
        quads = len(ox)
        load = {"load_s": loaded, "load_and_optimize_s": optimized, **summarized, "quads": quads,
                "load_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        meta.write_text(json.dumps(load))
    else:  # reuse the store loaded by an earlier run (one process may open it: no reopen after loading)
        ds = open_store(f"oxigraph:{folder}")
        kept = json.loads(meta.read_text())
        if kept.get("summaries_version") != _summaries_version():  # summarized by other code, or never
            kept.update(_summarize(ds))
            kept["quads"] = len(native_oxigraph(ds))
            meta.write_text(json.dumps(kept))
    load = json.loads(meta.read_text())
    load["store_bytes"] = _du(folder)
    # which queries to skip is decided after loading, when the smaller sizes may have finished meanwhile
    if not load_only:
        load["queries"] = run_queries(ds, selective_params(n), timeout_s, _skips("oxigraph", n, skip_slow))
    ds.close()
    return load


def _virtuoso(n: int, corpus: list[Path], data: Path, timeout_s: int, skip: dict[str, str]) -> dict[str, Any]:
    from virtuoso import VirtuosoServer

    from kg.store import open_store

    folder = data / f"virtuoso-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    buffers = 340_000 if n >= 100_000 else 50_000  # Virtuoso's guide: about 85,000 per GB of RAM given to it
    server = VirtuosoServer(folder, max_rows=2_000_000, load_dirs=(corpus[0].parent,), buffers=buffers)
    server.start()
    try:
        start = time.perf_counter()
        server.bulk_load(corpus[0].parent, "*.nq.gz")
        load_s = time.perf_counter() - start
        ds = open_store(server.store_spec)
        summarized = _summarize(ds)
        quads = len(ds)
        queries = run_queries(ds, selective_params(n), timeout_s, skip)
        status = Path(f"/proc/{server.process.pid}/status").read_text()  # type: ignore[union-attr]
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        server.isql_run("checkpoint;\n")
        size = sum(p.stat().st_size for p in folder.glob("*.db"))
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)
    return {"load_s": load_s, **summarized, "quads": quads, "store_bytes": size, "server_peak_rss_mb": hwm / 1024,
            "queries": queries}


# ---------- orchestration ----------
def _merge(records: list[dict[str, Any]]) -> dict[str, Any]:
    path = RESULTS / "scale.json"
    old = json.loads(path.read_text()) if path.exists() else {"runs": []}
    keep = [r for r in old["runs"] if not any(r["store"] == n["store"] and r["stances"] == n["stances"]
                                              for n in records)]
    runs = sorted(keep + records, key=lambda r: (r["store"], r["stances"]))
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "notes": {"memory": f"rdflib's Memory store measured up to {MEMORY_MAX_STANCES} stances only: "
                                  "larger sizes take minutes to load, gigabytes of RAM, and its pure-Python engine "
                                  "runs full-scan queries for minutes",
                        "repeats": REPEATS, "slow_s_measured_twice": SLOW_S},
              "runs": runs}
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=1) + "\n")
    return result


def _latency(q: dict[str, Any]) -> float | None:
    return q.get("median_s")


def _series(runs: list[dict[str, Any]], name: str, bare: bool = False) -> list[tuple[int, float]]:
    """(stances, latency) of one query's asked or bare form at each size it finished at (floored for log axes)."""
    forms = [(r["stances"], r["queries"].get(name, {})) for r in runs]
    latencies = [(n, _latency(q.get("bare", {}) if bare else q)) for n, q in forms]
    return [(n, max(y, 1e-4)) for n, y in latencies if y is not None]


def plot(result: dict[str, Any]) -> None:
    """scale.png, log-log against corpus size: load time per store; each query's latency on the embedded
    store (one line per query, the 1 s goal dashed); median and slowest query latency per store."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [r for r in result["runs"] if "queries" in r]
    fig, axes = plt.subplots(1, 3, figsize=(19, 7.5), gridspec_kw={"width_ratios": [1, 1.6, 1]})
    for store in sorted({r["store"] for r in runs}):
        mine = sorted((r for r in runs if r["store"] == store), key=lambda r: r["stances"])
        xs = [r["stances"] for r in mine]
        axes[0].plot(xs, [r.get("load_s") for r in mine], marker="o", label=f"{store}: load")
        lat = [[v for v in map(_latency, r["queries"].values()) if v] or [1e-4] for r in mine]
        axes[2].plot(xs, [statistics.median(v) for v in lat], marker="o", label=f"{store}: median")
        axes[2].plot(xs, [max(v) for v in lat], marker="^", linestyle="--", label=f"{store}: slowest")
    embedded = sorted((r for r in runs if r["store"] == "oxigraph"), key=lambda r: r["stances"])
    names = sorted({name for r in embedded for name, q in r["queries"].items() if "skipped" not in q})
    colours = plt.get_cmap("tab20")
    for i, name in enumerate(names):
        points = _series(embedded, name)
        timeouts = [(r["stances"], r["queries"][name]["timeout_s"]) for r in embedded
                    if "timeout_s" in r["queries"].get(name, {})]
        style = "-" if i < 20 else "--"
        line, = axes[1].plot([x for x, _ in points], [y for _, y in points], marker="o", markersize=3,
                             linestyle=style, color=colours(i % 20), label=name)
        if timeouts:
            axes[1].plot([x for x, _ in timeouts], [y for _, y in timeouts], marker="x", linestyle="",
                         color=line.get_color())
        bare = _series(embedded, name, bare=True)
        if bare:
            axes[1].plot([x for x, _ in bare], [y for _, y in bare], marker=".", markersize=2, linestyle=":",
                         linewidth=0.8, color=line.get_color())
    titles = ("load time (s)", "latency per query as asked, embedded Oxigraph (s; x = timed out; dotted: bare form)",
              "median and slowest latency of the queries that finished (s)")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("stances")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
    for ax in (axes[1], axes[2]):
        ax.axhline(1.0, color="grey", linestyle=":", linewidth=1)
    axes[0].legend(fontsize=8)
    axes[2].legend(fontsize=8)
    handles, labels = axes[1].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.17, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=7, fontsize=8, frameon=False)
    fig.savefig(RESULTS / "scale.png", dpi=100)


def _growth(runs: list[dict[str, Any]], name: str, bare: bool = False) -> str:
    """How latency and row count grew between the two largest sizes the query was measured at."""
    forms = [r["queries"].get(name, {}) for r in runs]
    done = [q for q in (f.get("bare", {}) if bare else f for f in forms) if "median_s" in q]
    if len(done) < 2:
        return ""
    a, b = done[-2], done[-1]
    rows = f"{b['rows'] / a['rows']:.0f}" if a["rows"] else ("0" if not b["rows"] else "from 0")
    return f"{b['median_s'] / a['median_s']:.1f} / {rows}"


def _cell(q: dict[str, Any]) -> str:
    if "median_s" in q:
        return f"{q['median_s']:.3g} s ({q['rows']:,})"
    if "timeout_s" in q:
        return f"> {q['timeout_s']} s"
    if "skipped" in q:
        return "not run" if q["skipped"].startswith("not run") else "skipped"
    return "error" if q else ""


def _table_row(name: str, forms: list[dict[str, Any]], runs: list[dict[str, Any]], bare: bool = False) -> str:
    params = next((", ".join(sorted(q["params"])) for q in forms if q.get("params")), "") or "none"
    return (f"| `{name}` | {params} | " + " | ".join(_cell(q) for q in forms)
            + f" | {_growth(runs, name, bare)} |")


def table(result: dict[str, Any]) -> str:
    """The README's markdown: one row per store and size (load, size, memory), then one row per query
    with its latency and row count at each size on the embedded store."""
    runs = sorted((r for r in result["runs"] if "queries" in r), key=lambda r: (r["store"], r["stances"]))
    lines = ["| store | stances | quads | load + optimize (s) | summarize (s) | group splits | on disk (MB) "
             "| peak RSS (MB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        size = f"{r['store_bytes'] / 1e6:.0f}" if r.get("store_bytes") else "in memory"
        rss = r.get("server_peak_rss_mb") or r.get("peak_rss_mb") or 0
        load = r.get("load_and_optimize_s") or r.get("load_s") or 0
        summarized = f"{r['summarize_s']:.1f}" if r.get("summarize_s") is not None else "not run"
        splits = f"{r['summary_splits']:,}" if r.get("summary_splits") is not None else "not counted"
        lines.append(f"| {r['store']} | {r['stances']:,} | {r.get('quads', 0):,} | {load:.1f} | {summarized} "
                     f"| {splits} | {size} | {rss:.0f} |")
    embedded = [r for r in runs if r["store"] == "oxigraph"]
    sizes = [r["stances"] for r in embedded]
    lines += ["", "| query (embedded Oxigraph) | parameters | " + " | ".join(f"{n:,}" for n in sizes)
              + " | latency × / rows × (last measured step) |",
              "|---|---|" + "---:|" * len(sizes) + "---:|"]
    names = sorted({name for r in embedded for name in r["queries"]})
    for name in names:
        forms = [r["queries"].get(name, {}) for r in embedded]
        lines.append(_table_row(name, forms, embedded))
    lines += ["", "Bare forms (optional parameters left out: the whole-corpus listing):", "",
              "| query (embedded Oxigraph) | parameters | " + " | ".join(f"{n:,}" for n in sizes)
              + " | latency × / rows × (last measured step) | µs a row (largest measured) |",
              "|---|---|" + "---:|" * len(sizes) + "---:|---:|"]
    for name in names:
        forms = [r["queries"].get(name, {}).get("bare", {}) for r in embedded]
        if any(forms):
            done = [q for q in forms if q.get("rows")]
            per_row = f"{done[-1]['median_s'] / done[-1]['rows'] * 1e6:.0f}" if done else ""
            lines.append(_table_row(name, forms, embedded, bare=True) + f" {per_row} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--stores", default="oxigraph,memory,virtuoso")
    parser.add_argument("--data", type=Path, default=Path("/tmp/stancekg-bench"))
    parser.add_argument("--fresh", action="store_true", help="reload stores kept from an earlier run")
    parser.add_argument("--timeout", type=int, default=QUERY_TIMEOUT_S, help="seconds allowed per query run")
    parser.add_argument("--skip-slow", type=float, default=None, metavar="S",
                        help="skip queries that took more than S seconds at the previous size in results/scale.json")
    parser.add_argument("--report", action="store_true", help="redraw scale.png and print the markdown table")
    parser.add_argument("--load-only", action="store_true",
                        help="write the corpora and load the Oxigraph stores for a later run; time no query")
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.report:
        result = json.loads((RESULTS / "scale.json").read_text())
        plot(result)
        print(table(result), end="")
        return 0
    if args.worker:
        record = worker(args.worker[0], int(args.worker[1]), args.data, args.fresh, args.timeout, args.skip_slow,
                        args.load_only)
        print("RESULT " + json.dumps(record), flush=True)
        return 0
    records = []
    for n in (int(s) for s in args.sizes.split(",")):
        for store in args.stores.split(","):
            if store == "memory" and n > MEMORY_MAX_STANCES:
                records.append({"store": store, "stances": n, "skipped": "too slow for rdflib's Memory store"})
                continue
            if store == "virtuoso" and shutil.which("virtuoso-t") is None:
                records.append({"store": store, "stances": n, "skipped": "virtuoso-t not installed"})
                continue
            cmd = [sys.executable, __file__, "--worker", store, str(n), "--data", str(args.data),
                   "--timeout", str(args.timeout)]
            cmd += ["--skip-slow", str(args.skip_slow)] if args.skip_slow else []
            cmd += ["--fresh"] if args.fresh else []
            cmd += ["--load-only"] if args.load_only else []
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
            record = json.loads(line[7:]) if line else {"store": store, "stances": n,
                                                        "error": done.stderr.strip()[-1500:]}
            record["wall_s"] = time.perf_counter() - start
            records.append(record)
            print(f"{store} {n}: " + ("error" if "error" in record else f"load {record.get('load_s', 0):.1f} s"),
                  flush=True)
            if not args.load_only:  # stores ready, nothing measured: results/ stays as it is
                plot(_merge(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
