"""Ingest throughput and bulk-load speed (issue 2, item 8).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_ingest.py --articles 50

1. `kg.ingest_article` over synthetic articles (benchmarks/synthetic.py; text + annotation files) into an
   on-disk Oxigraph store: articles/s, stances/s, triples/s.
2. A synthetic dataset of about 1,000,000 triples loaded into a fresh on-disk store by our loader
   (`kg.bulk.bulk_load`) and by pyoxigraph's own `Store.bulk_load` on the same file: seconds, ratio and
   peak memory, each in its own process.
Writes benchmarks/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import synthetic  # noqa: E402


def ingest_throughput(count: int, folder: Path) -> dict[str, float]:
    from kg import ingest_article, open_store

    paths = synthetic.write_articles(folder / "articles", count)
    ds = open_store(f"oxigraph:{folder / 'store'}")
    ingest_article(ds, paths[0])  # the first ingest also writes the ontology graph: not timed
    start = time.perf_counter()
    stances = triples = 0
    for path in paths[1:]:
        result = ingest_article(ds, path)
        stances += result.stances
        triples += result.triples
    took = time.perf_counter() - start
    n = len(paths) - 1
    return {"articles": n, "seconds": took, "articles_per_s": n / took, "stances_per_s": stances / took,
            "triples_per_s": triples / took, "stances_per_article": stances / n}


def _child(kind: str, data: Path, store: Path) -> None:
    start = time.perf_counter()
    if kind == "ours":
        from kg.bulk import bulk_load
        from kg.store import open_store

        bulk_load(open_store(f"oxigraph:{store}"), data)
    else:
        from pyoxigraph import RdfFormat, Store

        s = Store(str(store))
        s.bulk_load(path=str(data), format=RdfFormat.N_QUADS)
        s.flush()
    took = time.perf_counter() - start
    print(json.dumps({"seconds": took, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def bulk_comparison(folder: Path, triples: int = 1_000_000) -> dict[str, object]:
    data = folder / "bulk.nq"
    stances = triples // 40  # about 40 quads per stance in the synthetic corpus
    with data.open("w", encoding="utf-8") as out:
        written = 0
        for line in synthetic.corpus_nquads(stances):
            out.write(line)
            written += 1
    result: dict[str, object] = {"quads": written}
    for kind in ("ours", "pyoxigraph"):
        done = subprocess.run([sys.executable, __file__, "--child", kind, str(data), str(folder / f"store-{kind}")],
                              capture_output=True, text=True, check=True)
        result[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    ours, theirs = result["ours"], result["pyoxigraph"]
    result["ratio_ours_to_pyoxigraph"] = ours["seconds"] / theirs["seconds"]  # type: ignore[index]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = {"ingest": ingest_throughput(args.articles, folder),
                  "bulk_load": bulk_comparison(folder, args.triples)}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "ingest.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
