"""Ingest: an article and its annotation become the article's named graph, in one transaction.

Validation happens completely before anything is written (kg.annotation), so a bad annotation
leaves the store exactly as it was. The same files twice change nothing; a changed annotation
replaces the article's graph atomically (kg.store.replace_graphs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml
from rdflib import Dataset, Graph, Literal, URIRef

from .annotation import Annotation, load_annotation, parse_annotation, read_article
from .errors import AnnotationError
from .namespaces import ACTORS_GRAPH, LINKSET_GRAPH, ONTOLOGY_GRAPH, SKG, article_graph, entity
from .ontology import load_stance_types, ontology_graph
from .splits import member_ops, members_touched
from .store import replace_graphs
from .summaries import maintenance_ops
from .triples import article_graphs


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: which article, which graph, and whether anything changed."""

    article_id: str
    graph: URIRef
    changed: bool
    stances: int
    triples: int


def version() -> str:
    """The installed stancekg version (recorded in every ingest's provenance)."""
    try:
        return metadata.version("stancekg")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def annotation_path_for(text_path: Path) -> Path:
    """The annotation that sits beside an article: `article.txt` → `article.yaml`."""
    return text_path.with_suffix(".yaml")


def ingest_article(ds: Dataset, text_path: Path | str, *, annotation: Path | str | dict[str, Any] | None = None,
                   max_bytes: int = 2 * 1024 * 1024, replace_curated: bool = False) -> IngestResult:
    """Validate an article and its annotation, then store them as the article's named graph.

    `annotation` is a YAML path (default: beside the text, same name, `.yaml`) or an annotation as a
    dict (as the extractor drafts it). Atomic and idempotent: the same files twice change nothing; a
    changed annotation replaces the article's graph in one transaction. A machine draft never replaces
    a curated annotation unless `replace_curated`. Raises ArticleError or AnnotationError (naming file
    and line) before anything is written.
    """
    text_path = Path(text_path)
    text = read_article(text_path, max_bytes=max_bytes)
    if isinstance(annotation, dict):
        source = yaml.safe_dump(annotation, allow_unicode=True, sort_keys=False)
        parsed = parse_annotation(source, text, path=text_path.with_suffix(".draft.yaml"),
                                  stance_types=set(load_stance_types()))
    else:
        path = Path(annotation) if annotation is not None else annotation_path_for(text_path)
        if not path.exists():
            raise AnnotationError("no annotation found: write one (see kg/annotation.schema.json), pass "
                                  "--annotation FILE, or draft one with --auto", path=path)
        parsed = load_annotation(path, text, stance_types=set(load_stance_types()))
    return store_annotation(ds, parsed, replace_curated=replace_curated)


def store_annotation(ds: Dataset, annotation: Annotation, *, replace_curated: bool = False) -> IngestResult:
    """Write a validated annotation; see `ingest_article`."""
    graphs = article_graphs(annotation, load_stance_types(), verified=_verified_qids(),
                            ingest_time=datetime.now(UTC).replace(microsecond=0), version=version())
    stances = len(annotation.section("stances"))
    if _already_stored(ds, graphs.graph_name, annotation):
        return IngestResult(graphs.article_id, graphs.graph_name, False, stances, 0)
    if annotation.machine_made and not replace_curated and _is_curated(ds, graphs.graph_name):
        raise AnnotationError(f"article {graphs.article_id} already has a curated annotation; a machine draft "
                              "would replace it (use --force to replace it anyway)", path=annotation.path)
    replace = {graphs.graph_name: graphs.article}
    if not _has_graph(ds, ONTOLOGY_GRAPH):
        replace[ONTOLOGY_GRAPH] = ontology_graph()
    # The corpus tallies and group splits change in the same request, splits of members whose
    # memberships, offices or tenures this annotation adds included.
    before, after = maintenance_ops([graphs.graph_name])
    after += member_ops(members_touched(ds, graphs.actors))
    replace_graphs(ds, replace, merge={ACTORS_GRAPH: graphs.actors, LINKSET_GRAPH: graphs.linkset},
                   before=before, after=after)
    return IngestResult(graphs.article_id, graphs.graph_name, True, stances, len(graphs.article))


def ingest_bundled(ds: Dataset) -> list[IngestResult]:
    """Ingest every article bundled in kg/data/articles (the seed), each with its curated annotation."""
    return [ingest_article(ds, path) for path in bundled_articles()]


def bundled_articles() -> list[Path]:
    """The article texts shipped with the package, sorted by name."""
    folder = Path(str(resources.files("kg").joinpath("data", "articles")))
    return sorted(folder.glob("*.txt"))


def refresh_ontology(ds: Dataset) -> None:
    """Replace the ontology graph with the ontology files of this version."""
    replace_graphs(ds, {ONTOLOGY_GRAPH: ontology_graph()})


def delete_article(ds: Dataset, article_id: str) -> bool:
    """Remove an article's named graph; True when there was one. Shared actor descriptions stay.

    Its share of the corpus tallies leaves the summaries graph in the same transaction."""
    name = article_graph(article_id)
    if not _has_graph(ds, name):
        return False
    before, after = maintenance_ops([name])
    replace_graphs(ds, {name: Graph()}, before=before, after=after)
    return True


def _already_stored(ds: Dataset, name: URIRef, annotation: Annotation) -> bool:
    query = (f"ASK {{ GRAPH <{name}> {{ ?doc <{SKG.annotationSha256}> ?sha }} "
             f"FILTER(?sha = {Literal(annotation.sha256).n3()}) }}")
    return bool(ds.query(query).askAnswer)


def _is_curated(ds: Dataset, name: URIRef) -> bool:
    return bool(ds.query(f"ASK {{ GRAPH <{name}> {{ ?run <{SKG.annotationSource}> <{SKG.Curated}> }} }}").askAnswer)


def _has_graph(ds: Dataset, name: URIRef) -> bool:
    return bool(ds.query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").askAnswer)


def _verified_qids() -> set[str] | None:
    """Wikidata ids the gazetteer marks verified; only these may produce owl:sameAs links."""
    try:
        from .gazetteer import verified_qids
    except ImportError:  # the gazetteer ships with the package; absent only in a partial checkout
        return None
    return verified_qids()


__all__ = ["IngestResult", "delete_article", "entity", "ingest_article", "ingest_bundled", "store_annotation"]
