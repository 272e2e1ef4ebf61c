"""Ingest as a researcher relies on it: grounded, idempotent, atomic, and nothing stored on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg import ingest_article, open_store, stance_table
from kg.errors import AnnotationError, ArticleError, QuoteNotFoundError, UnknownKeyError
from kg.export import export_dataset
from kg.namespaces import ACTORS_GRAPH, LINKSET_GRAPH, ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.txt"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """The seed text with the minimal annotation beside it."""
    text = tmp_path / "article.txt"
    shutil.copyfile(SEED_TEXT, text)
    shutil.copyfile(MINIMAL, tmp_path / "article.yaml")
    return text


def quads(ds) -> set:  # type: ignore[no-untyped-def]
    return set(ds.quads((None, None, None, None)))


def test_stances_land_with_exact_quotes_and_offsets(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    result = ingest_article(store, article)
    assert result.changed and result.stances == 2
    rows = stance_table(store)
    text = article.read_text(encoding="utf-8")
    assert {(r["holder"], r["stance"], r["polarity"], r["target"]) for r in rows} == {
        ("United States of America", "oppose", "-1", "Bashar al-Assad"),
        ("United States of America", "demand", "d", "Russia"),
    }
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["quote"]
        assert row["article"] == result.article_id
    assert {r["holder_wikidata"] for r in rows} == {"Q30"}


def test_direct_edges_answer_simple_questions(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_article(store, article)
    answer = store.query("""PREFIX skg: <https://w3id.org/stancekg/ontology#>
        SELECT ?t WHERE { <https://w3id.org/stancekg/id/actor/united-states> skg:opposes ?t }""")
    assert [str(r[0]) for r in answer] == ["https://w3id.org/stancekg/id/actor/bashar-al-assad"]


def test_shared_graphs_hold_actors_links_and_ontology(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_article(store, article)
    names = {str(c.identifier) for c in store.contexts()}
    assert {str(ACTORS_GRAPH), str(LINKSET_GRAPH), str(ONTOLOGY_GRAPH)} <= names
    ask = f"""ASK {{ GRAPH <{LINKSET_GRAPH}> {{
        <https://w3id.org/stancekg/id/actor/russia> <http://www.w3.org/2002/07/owl#sameAs>
        <http://www.wikidata.org/entity/Q159> }} }}"""
    assert store.query(ask).askAnswer


def test_reingest_changes_nothing(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_article(store, article)
    before = quads(store)
    again = ingest_article(store, article)
    assert not again.changed
    assert quads(store) == before


def test_changed_annotation_replaces_the_article_graph(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    first = ingest_article(store, article)
    annotation = article.with_suffix(".yaml")
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    del data["stances"][1]
    annotation.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    second = ingest_article(store, article)
    assert second.changed and second.graph == first.graph
    assert [r["stance"] for r in stance_table(store)] == ["oppose"]


def test_store_survives_a_restart(settings, article: Path) -> None:  # type: ignore[no-untyped-def]
    ds = open_store(settings.store)
    ingest_article(ds, article)
    rows = stance_table(ds)
    ds.close()
    reopened = open_store(settings.store)
    assert stance_table(reopened) == rows
    reopened.close()


@pytest.mark.parametrize(("change", "error"), [
    (lambda d: d["stances"][0].update(quote="no such words in the article"), QuoteNotFoundError),
    (lambda d: d["stances"][0].update(holder="nobody"), UnknownKeyError),
    (lambda d: d["stances"][0].update(type="dislike"), UnknownKeyError),
    (lambda d: d["article"].update(published="2017-13-45x"), AnnotationError),
])
def test_bad_annotation_leaves_the_store_unchanged(store, article: Path, change, error) -> None:  # type: ignore[no-untyped-def]
    ingest_article(store, article)
    before = quads(store)
    annotation = article.with_suffix(".yaml")
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    change(data)
    annotation.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(error) as caught:
        ingest_article(store, article)
    assert caught.value.path == annotation
    assert quads(store) == before


def test_bad_article_text_stores_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "latin1.txt"
    text.write_bytes("Tillerson warns Moscow – caf\xe9".encode("latin-1", errors="replace"))
    shutil.copyfile(MINIMAL, tmp_path / "latin1.yaml")
    with pytest.raises(ArticleError, match="not UTF-8"):
        ingest_article(store, text)
    assert quads(store) == set()


def test_missing_annotation_says_how_to_get_one(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "lonely.txt"
    shutil.copyfile(SEED_TEXT, text)
    with pytest.raises(AnnotationError, match="--auto"):
        ingest_article(store, text)


def test_exports_round_trip(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Dataset, Graph

    ingest_article(store, article)
    trig = Dataset()
    trig.parse(data=export_dataset(store, "trig"), format="trig")
    assert len(quads(trig)) == len(quads(store))
    for fmt, parser in (("ttl", "turtle"), ("xml", "xml"), ("nt", "nt"), ("jsonld", "json-ld")):
        graph = Graph().parse(data=export_dataset(store, fmt), format=parser)
        assert len(graph) == len({(s, p, o) for s, p, o, _ in quads(store)}), fmt


def test_a_machine_draft_never_silently_replaces_curated_work(store, article: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import draft_annotation

    ingest_article(store, article)
    before = quads(store)
    draft = draft_annotation(article.read_text(encoding="utf-8"), published="2017-04-11")
    with pytest.raises(AnnotationError, match="already has a curated annotation"):
        ingest_article(store, article, annotation=draft)
    assert quads(store) == before
    replaced = ingest_article(store, article, annotation=draft, replace_curated=True)
    assert replaced.changed
    assert store.query("""PREFIX skg: <https://w3id.org/stancekg/ontology#>
        ASK { GRAPH ?g { ?run skg:annotationSource skg:MachineDraft } }""").askAnswer
