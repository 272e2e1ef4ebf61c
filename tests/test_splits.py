"""The group splits kept at ingest (kg/splits.py) are the splits the stances show.

`group-splits` reads the `skg:GroupSplit` nodes of the summaries graph instead of every member's stances
(issue 7: 40 s at 10^6 stances for a forum of the most active states). Its earlier, direct text
(tests/data/queries-before/group-splits.rq) is the reference: after ingests, changed annotations,
deletions, and articles that only add a member, an office or a tenure, in any order, the named query
gives the rows the direct text gives, and a rebuild (`stancekg summarize`) gives back the summaries
graph that incremental maintenance kept.

Five small articles about one forum and a proposed sanction on Carpathian steel; each side of a split
speaks in one of the three ways the query knows (as holder, through an envoy on its behalf, through the
holder of its foreign ministry), and two articles change nothing but the actors graph.
"""

from __future__ import annotations

import copy
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import by_value
from hypothesis import HealthCheck, given, settings
from rdflib import Dataset
from test_summaries import apply, assert_summaries_are_exact, operations

from kg import ingest_article, open_store
from kg import splits as kept_splits
from kg.annotation import article_id
from kg.bulk import LineStream, bulk_load
from kg.ingest import delete_article
from kg.namespaces import ID, SKG, SUMMARY_GRAPH
from kg.queries import load_query, run_named_query
from kg.summaries import summarize

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "tests" / "data" / "queries-before"
FORUM = "https://w3id.org/stancekg/id/actor/northern-forum"

STATES = [{"key": k, "label": k.title(), "type": "State"}
          for k in ("aland", "borduria", "carpathia", "cordania", "estoria", "fredonia")]
FORUM_ACTOR = {"key": "northern-forum", "label": "Northern Forum", "type": "InformalForum"}
SANCTION = {"key": "carpathian-steel", "label": "Sanctions on Carpathian steel", "imposer": "aland",
            "target": "carpathia", "status": "proposed", "quote": "sanctions on Carpathian steel", "occurrence": 1}


def _article(title: str, text: str, actors: list[dict[str, Any]], stances: list[dict[str, Any]],
             **sections: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    annotation: dict[str, Any] = {
        "article": {"title": title, "published": "2019-03-04", "language": "en"},
        "actors": STATES + actors,
    }
    if stances:
        annotation["sanctions"] = [SANCTION]
        annotation["stances"] = [{"target": "carpathia", "topic": "carpathian-steel", "time": "2019-03-04", **s}
                                 for s in stances]
    annotation.update(sections)
    return text, annotation


def _advocate(holder: str, quote: str, **more: str) -> dict[str, Any]:
    return {"holder": holder, "type": "advocateSanction", "quote": quote, **more}


def _resist(holder: str, quote: str, **more: str) -> dict[str, Any]:
    return {"holder": holder, "type": "opposeSanction", "quote": quote, **more}


ARTICLES = [
    # Two members on opposite sides, each as holder.
    _article("Forum split on steel",
             "The Northern Forum met on Monday. Aland called for sanctions on Carpathian steel. "
             "Borduria argued against the sanctions on Carpathian steel.",
             [{**FORUM_ACTOR, "members": ["aland", "borduria"]}],
             [_advocate("aland", "Aland called for sanctions on Carpathian steel"),
              _resist("borduria", "Borduria argued against the sanctions")]),
    # A new member, speaking through the holder of its foreign ministry (new office and tenure).
    _article("Cordania joins the debate",
             "Cordania, now in the Northern Forum, spoke through Ivo Kral. Foreign Minister Ivo Kral "
             "rejected sanctions on Carpathian steel.",
             [{**FORUM_ACTOR, "members": ["cordania"]}, {"key": "ivo-kral", "label": "Ivo Kral", "type": "Person"}],
             [_resist("ivo-kral", "Ivo Kral rejected sanctions on Carpathian steel")],
             offices=[{"key": "foreign-minister-of-cordania", "label": "Foreign Minister of Cordania",
                       "of": "cordania"}],
             tenures=[{"holder": "ivo-kral", "office": "foreign-minister-of-cordania", "from": "2019-01-01",
                       "quote": "Foreign Minister Ivo Kral"}]),
    # An envoy on Borduria's behalf, and two speakers who are not (yet) members or office holders.
    _article("Envoys on steel",
             "Mira Sol, speaking for Borduria, urged sanctions on Carpathian steel. Estoria opposed any "
             "sanctions on Carpathian steel. Lev Bron demanded sanctions on Carpathian steel too.",
             [{"key": "mira-sol", "label": "Mira Sol", "type": "Person"},
              {"key": "lev-bron", "label": "Lev Bron", "type": "Person"}],
             [_advocate("mira-sol", "Mira Sol, speaking for Borduria, urged sanctions", on_behalf_of="borduria"),
              _resist("estoria", "Estoria opposed any sanctions"),
              _advocate("lev-bron", "Lev Bron demanded sanctions")]),
    # Only the actors graph changes: two members join.
    _article("The forum grows",
             "Estoria and Fredonia joined the Northern Forum.",
             [{**FORUM_ACTOR, "members": ["estoria", "fredonia"]}], []),
    # Only the actors graph changes: Lev Bron takes an office of Fredonia.
    _article("A new minister",
             "Lev Bron became Foreign Minister of Fredonia.",
             [{"key": "lev-bron", "label": "Lev Bron", "type": "Person"}], [],
             offices=[{"key": "foreign-minister-of-fredonia", "label": "Foreign Minister of Fredonia",
                       "of": "fredonia"}],
             tenures=[{"holder": "lev-bron", "office": "foreign-minister-of-fredonia", "from": "2019-02-01",
                       "quote": "Lev Bron became Foreign Minister of Fredonia"}]),
]


def _changed(annotation: dict[str, Any]) -> dict[str, Any]:
    """The annotation with its first stance negated (it leaves every split) and a note on the article."""
    changed = copy.deepcopy(annotation)
    if changed.get("stances"):
        changed["stances"][0]["modality"] = "negated"
    changed["article"]["note"] = "corrected"
    return changed


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict[str, Any], dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("forum")
    out = []
    for i, (text, annotation) in enumerate(ARTICLES):
        path = folder / f"forum-{i}.txt"
        path.write_text(text, encoding="utf-8")
        out.append((path, annotation, _changed(annotation)))
    return out


def splits(ds: Dataset, *, before: bool = False, group: str | None = None) -> Counter[tuple[object, ...]]:
    """The rows of group-splits (or of its earlier, direct text), compared by value."""
    if before:
        text = load_query("group-splits", BEFORE).text
        if group:
            text = text.replace("WHERE {", f"WHERE {{ VALUES ?group {{ <{group}> }}", 1)
        result = ds.query(text)
    else:
        result = run_named_query(ds, "group-splits", {"group": group} if group else {})
    names = [str(v) for v in result.vars]  # type: ignore[union-attr]
    return Counter(tuple((n, by_value(row[i])) for i, n in enumerate(names)) for row in result)  # type: ignore[index]


def pairs(ds: Dataset) -> set[tuple[str, str]]:
    """(member against, member for) of the forum's splits, by label."""
    rows = run_named_query(ds, "group-splits", {"group": FORUM})
    return {(str(r["againstLabel"]), str(r["forLabel"])) for r in rows}  # type: ignore[index]


def assert_splits_are_exact(ds: Dataset) -> None:
    assert splits(ds) == splits(ds, before=True)
    assert splits(ds, group=FORUM) == splits(ds, before=True, group=FORUM)
    assert_summaries_are_exact(ds)


def test_each_way_of_speaking_and_each_actors_change_adds_its_splits(articles) -> None:  # type: ignore[no-untyped-def]
    ds = open_store("oxigraph:")
    ingest_article(ds, articles[0][0], annotation=articles[0][1])
    assert pairs(ds) == {("Aland", "Borduria")}
    ingest_article(ds, articles[1][0], annotation=articles[1][1])  # a member speaking through its minister
    assert pairs(ds) == {("Aland", "Borduria"), ("Aland", "Cordania")}
    ingest_article(ds, articles[2][0], annotation=articles[2][1])  # Borduria through an envoy
    assert pairs(ds) == {("Aland", "Borduria"), ("Aland", "Cordania"), ("Borduria", "Cordania")}
    ingest_article(ds, articles[3][0], annotation=articles[3][1])  # no stance: Estoria and Fredonia join
    assert pairs(ds) == {("Aland", "Borduria"), ("Aland", "Cordania"), ("Borduria", "Cordania"),
                         ("Aland", "Estoria"), ("Borduria", "Estoria")}
    ingest_article(ds, articles[4][0], annotation=articles[4][1])  # no stance: Lev Bron now speaks for Fredonia
    assert pairs(ds) == {("Aland", "Borduria"), ("Aland", "Cordania"), ("Borduria", "Cordania"),
                         ("Aland", "Estoria"), ("Borduria", "Estoria"),
                         ("Fredonia", "Borduria"), ("Fredonia", "Cordania"), ("Fredonia", "Estoria")}
    assert_splits_are_exact(ds)
    # Deleting the first article takes Aland's stance and Borduria's own one out; the envoy stays.
    assert delete_article(ds, article_id(articles[0][0].read_text(encoding="utf-8")))
    assert pairs(ds) == {("Borduria", "Cordania"), ("Borduria", "Estoria"),
                         ("Fredonia", "Cordania"), ("Fredonia", "Estoria")}
    assert_splits_are_exact(ds)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations(len(ARTICLES), 8))
def test_splits_follow_any_sequence_of_ingests_changes_and_deletions(articles, writes) -> None:  # type: ignore[no-untyped-def]
    ds = open_store("oxigraph:")
    apply(ds, articles, writes)
    assert_splits_are_exact(ds)


def test_rdflib_memory_store_keeps_splits_too(articles) -> None:  # type: ignore[no-untyped-def]
    ds = open_store("memory:")
    for path, original, _ in articles:
        ingest_article(ds, path, annotation=original)
    assert len(pairs(ds)) == 8
    assert_splits_are_exact(ds)


@pytest.fixture
def corpus() -> Dataset:
    """The 1000-stance synthetic corpus, bulk-loaded into a new in-memory Oxigraph store, not summarized."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    ds = open_store("oxigraph:")
    bulk_load(ds, LineStream(synthetic.corpus_nquads(1000)))
    return ds


def record_writes(monkeypatch: pytest.MonkeyPatch, name: str, most: int) -> list[str]:
    """Make kg.splits' `name` (rebuild_ops or clear_ops) write at most `most` a write; returns the list
    its operations will be recorded in."""
    writes: list[str] = []
    original = getattr(kept_splits, name)

    def recorded(store: Dataset, **options: bool) -> list[str]:
        writes.extend(original(store, most, **options))
        return writes

    monkeypatch.setattr(kept_splits, name, recorded)
    return writes


def test_a_rebuild_in_many_writes_finds_every_split(corpus: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """`summarize` writes the splits a slice of the topics at a time, so that no write outgrows memory at
    10^6 stances; with slices of a few topics, the 1000-stance corpus still gets exactly its splits."""
    writes = record_writes(monkeypatch, "rebuild_ops", 3)
    summarize(corpus)
    assert len(writes) > 20
    # Every topic with stances on both sides is in exactly one write.
    sliced = [t for w in writes for t in re.search(r"VALUES \?topic \{([^}]*)\}", w)[1].split()]  # type: ignore[index]
    both = corpus.query("SELECT DISTINCT ?t WHERE { GRAPH ?a { ?n skg:topic ?t ; skg:polarity skg:Negative } "
                        "GRAPH ?b { ?p skg:topic ?t ; skg:polarity skg:Positive } }", initNs={"skg": SKG})
    assert sorted(sliced) == sorted(f"<{row[0]}>" for row in both)  # type: ignore[index]
    found = splits(corpus)
    assert sum(found.values()) >= 16
    assert found == splits(corpus, before=True)


def test_a_rebuild_removes_every_old_split_in_many_writes(corpus: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before rebuilding, `summarize` removes the old splits a share of their hashes at a time; a stale
    split in the last share (a copy of a real one under another hash) is gone afterwards."""
    summarize(corpus)
    expected = splits(corpus, before=True)
    nodes = f"SELECT ?split WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?split a <{SKG.GroupSplit}> }} }}"
    built = {str(row[0]) for row in corpus.query(nodes)}  # type: ignore[index]
    corpus.update(f"INSERT {{ GRAPH <{SUMMARY_GRAPH}> {{ <{ID}split/ffff> ?p ?o }} }} WHERE {{ "
                  f"{{ SELECT ?s WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?s a <{SKG.GroupSplit}> }} }} LIMIT 1 }} "
                  f"GRAPH <{SUMMARY_GRAPH}> {{ ?s ?p ?o }} }}")
    assert len(list(corpus.query(nodes))) == len(built) + 1 > 16
    writes = record_writes(monkeypatch, "clear_ops", 1)
    summarize(corpus)
    assert len(writes) == 16 ** 2  # over 16 splits, at most one a write: two hex digits
    assert {str(row[0]) for row in corpus.query(nodes)} == built  # type: ignore[index]
    assert splits(corpus) == expected


@pytest.mark.virtuoso
def test_virtuoso_keeps_splits_too(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same operations, sent as SPARQL Update to Debian's Virtuoso."""
    from conftest import require_executable

    require_executable("virtuoso-t", "virtuoso-opensource")
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from virtuoso import VirtuosoServer

    server = VirtuosoServer(tmp_path / "virtuoso", password="splitCheck5")
    server.start()
    try:
        ds = open_store(server.store_spec)
        for path, original, _ in articles:
            ingest_article(ds, path, annotation=original)
        assert len(pairs(ds)) == 8
        ingest_article(ds, articles[0][0], annotation=articles[0][2])  # Aland's stance negated
        assert pairs(ds) == {("Borduria", "Cordania"), ("Borduria", "Estoria"),
                             ("Fredonia", "Borduria"), ("Fredonia", "Cordania"), ("Fredonia", "Estoria")}
        assert_splits_are_exact(ds)
    finally:
        server.stop()

