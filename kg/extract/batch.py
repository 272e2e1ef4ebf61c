"""Draft many articles at once: in this process, in a local process pool, or on a Dask cluster.

Each worker loads the spaCy model once (a cached loader) and drafts the texts it is sent; the
texts travel to the workers, not paths, so a remote Dask worker needs no shared file system. The
drafts are identical to a sequential run's (the pipeline is deterministic). A file that cannot be
drafted yields an error message for that file; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExtractionError
from .pipeline import DEFAULT_MAX_BYTES


@dataclass
class Job:
    """One article to draft: a name (its path), its raw bytes and options."""

    name: str
    data: bytes
    published: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class Outcome:
    """A drafted annotation, or the reason there is none."""

    name: str
    annotation: dict[str, Any] | None
    error: str | None = None


def draft_job(job: Job) -> Outcome:
    """Draft one job; an ExtractionError becomes the outcome's error (never raised)."""
    from .draft import draft_annotation
    from .pipeline import check_text

    try:
        text = check_text(job.data, max_bytes=job.max_bytes, source=job.name)
        return Outcome(job.name, draft_annotation(text, source=job.name, published=job.published,
                                                  max_bytes=job.max_bytes))
    except ExtractionError as e:
        return Outcome(job.name, None, str(e))


def jobs_for(paths: Iterable[Path], *, published: str | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Job]:
    """A job per file; a file over `max_bytes` is not read whole (its first bytes only, to fail fast)."""
    for path in paths:
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1) if size > max_bytes else fh.read()
        except OSError as e:
            raise ExtractionError(f"{path}: cannot read the article: {e.strerror}") from e
        yield Job(str(path), data, published, max_bytes)


def _warm() -> None:
    from .pipeline import load_model

    load_model()


def run_jobs(jobs: list[Job], *, workers: int = 1, scheduler: str | None = None, connect_timeout: float = 20.0,
             progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Draft every job and return the outcomes in the jobs' order.

    `scheduler` (a Dask address such as tcp://127.0.0.1:8786) runs them on that cluster through
    dask.distributed's Client; otherwise `workers` > 1 uses a local process pool, 1 runs here.
    `progress` is called once per finished job (for a progress bar).
    """
    order = {job.name: i for i, job in enumerate(jobs)}
    results: list[Outcome | None] = [None] * len(jobs)

    def done(outcome: Outcome) -> None:
        results[order[outcome.name]] = outcome
        if progress:
            progress(outcome)

    if scheduler:
        _run_dask(jobs, scheduler, done, connect_timeout)
    elif workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
            futures = [pool.submit(draft_job, job) for job in jobs]
            for fut in as_completed(futures):
                done(fut.result())
    else:
        for job in jobs:
            done(draft_job(job))
    return [r for r in results if r is not None]


def _run_dask(jobs: list[Job], scheduler: str, done: Callable[[Outcome], None], timeout: float) -> None:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError as e:  # pragma: no cover - dask is in the extract extra
        raise ExtractionError("--scheduler needs dask.distributed (pip install 'stancekg[extract]')") from e
    try:
        client = Client(scheduler, timeout=f"{timeout}s")
    except (OSError, TimeoutError) as e:
        raise ExtractionError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
    try:
        futures = client.map(draft_job, jobs, pure=False)
        for fut in dask_completed(futures):
            done(fut.result())
    finally:
        client.close()
