"""`stancekg extract` (draft annotations) and `stancekg evaluate` (score drafts against gold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..settings import Settings
from . import main


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Draft YAML to write (one article), or the folder for the drafts (a folder; "
                   "default SOURCE/drafts).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv", "json"]), default="yaml", show_default=True,
              help="yaml: the draft annotation; csv/json: its stance table (the columns of `stancekg stances`).")
@click.option("--published", metavar="DATE", help="Publication date (2017-04-11): anchors roles and 'historical'.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for a folder.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786): draft the folder there.")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Which files of a folder to draft.")
def extract(source: Path, output: Path | None, fmt: str, published: str | None, jobs: int,
            scheduler: str | None, pattern: str) -> None:
    """Draft an annotation for an English news article (or every article in a folder).

    The draft is in the annotation format, marked machine_made, every stance with its exact quote
    and a confidence; a curator corrects it, then `stancekg ingest ARTICLE.txt` stores it.
    Empty, binary, non-English and oversized files are refused with a clear error.

    \b
    Examples:
        stancekg extract article.txt -o article.yaml
        stancekg extract article.txt --format csv
        stancekg extract corpus/ --jobs 2
        stancekg extract corpus/ --scheduler tcp://127.0.0.1:8786
    """
    from ..errors import ExtractionError
    from ..extract.batch import jobs_for, run_jobs

    settings = Settings.from_env()
    if source.is_dir():
        _extract_folder(source, output, published, jobs, scheduler, pattern, settings.max_article_bytes)
        return
    outcome = run_jobs(list(jobs_for([source], published=published, max_bytes=settings.max_article_bytes)))[0]
    if outcome.annotation is None:
        raise ExtractionError(outcome.error or f"{source}: no draft")
    _emit_one(source, outcome.annotation, output, fmt)


def _emit_one(source: Path, annotation: dict, output: Path | None, fmt: str) -> None:  # type: ignore[type-arg]
    from ..extract import STANCE_COLUMNS, dump_yaml, stance_rows
    from ..formats import format_rows

    if fmt == "yaml":
        text = dump_yaml(annotation)
    else:
        article_text = source.read_text(encoding="utf-8")
        text = format_rows(STANCE_COLUMNS, stance_rows(annotation, article_text), fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({len(annotation['stances'])} stances)", err=True)


def _extract_folder(folder: Path, output: Path | None, published: str | None, jobs: int, scheduler: str | None,
                    pattern: str, max_bytes: int) -> None:
    from tqdm import tqdm

    from ..extract import write_draft
    from ..extract.batch import jobs_for, run_jobs

    paths = sorted(p for p in folder.glob(pattern) if p.is_file())
    if not paths:
        raise click.UsageError(f"no files matching {pattern!r} in {folder}")
    out_dir = output or folder / "drafts"
    out_dir.mkdir(parents=True, exist_ok=True)
    failures = []
    with tqdm(total=len(paths), unit="article", desc="drafting", file=sys.stderr) as bar:
        outcomes = run_jobs(list(jobs_for(paths, published=published, max_bytes=max_bytes)),
                            workers=jobs, scheduler=scheduler, progress=lambda _o: bar.update(1))
    for outcome in outcomes:
        if outcome.annotation is None:
            failures.append(outcome.error or outcome.name)
            continue
        write_draft(outcome.annotation, out_dir / (Path(outcome.name).stem + ".yaml"))
    click.echo(f"drafted {len(outcomes) - len(failures)} of {len(outcomes)} articles into {out_dir}")
    for message in failures:
        click.echo(f"skipped: {message}", err=True)
    if failures:
        raise click.exceptions.Exit(1)


@main.command()
@click.option("--seed-text", type=click.Path(exists=True, path_type=Path),
              help="Article to draft (default: the bundled seed, kg/data/articles/tillerson-moscow-2017.txt).")
@click.option("--seed-gold", type=click.Path(exists=True, path_type=Path),
              help="Its curated annotation (default: the bundled seed's YAML).")
@click.option("--plover", type=click.Path(exists=True, path_type=Path),
              help="PLOVER_GSR_CAMEO.txt (default: ../shared/eval/plover/ when it exists).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("benchmarks/results/extract-eval.json"),
              show_default=True, help="Where to write the scores as JSON.")
def evaluate(seed_text: Path | None, seed_gold: Path | None, plover: Path | None, out: Path) -> None:
    """Score extractor drafts against gold: the seed's curated annotation and PLOVER's records.

    Levels: (holder, polarity, target) pairs and stance types (holder, PLOVER category, target);
    precision, recall and F1 for each. PLOVER is a development set: the score is reported, no
    rule is fitted to a record.

    \b
    Example:
        stancekg evaluate --plover ../shared/eval/plover/PLOVER_GSR_CAMEO.txt
    """
    import datetime as dt

    from ..extract.evaluate import evaluate_plover, evaluate_seed

    bundled = Path(__file__).resolve().parent.parent / "data" / "articles"
    seed_text = seed_text or bundled / "tillerson-moscow-2017.txt"
    seed_gold = seed_gold or seed_text.with_suffix(".yaml")
    if plover is None:
        guess = Path.cwd().parent / "shared" / "eval" / "plover" / "PLOVER_GSR_CAMEO.txt"
        plover = guess if guess.exists() else None
    report: dict[str, object] = {"generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                 "goal": "pair F1 >= 0.75 (seed), >= 0.65 (PLOVER), precision >= 0.7"}
    report["seed"] = evaluate_seed(seed_text, seed_gold)
    if plover is not None:
        report["plover"] = evaluate_plover(plover)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("seed", "plover"):
        part = report.get(name)
        if isinstance(part, dict):
            for level in ("pair", "type"):
                s = part[level]
                click.echo(f"{name:6} {level:4}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                           f"F1 {s['f1']:.3f}  ({s['true_positives_predicted']}/{s['predicted']} drafted, "
                           f"{s['true_positives_gold']}/{s['gold']} gold)")
    click.echo(f"wrote {out}")
