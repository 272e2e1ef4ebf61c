"""The synthetic corpus (benchmarks/synthetic.py) follows the data model: what the benchmarks measure is
what the ingest would store, it passes the SHACL shapes, and it is the same on every run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synthetic


@pytest.fixture(scope="module")
def small_corpus() -> list[str]:
    return list(synthetic.corpus_nquads(200))  # 5 articles of 40 stances


def _load(lines: list[str]):  # type: ignore[no-untyped-def]
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    inner = Store()
    inner.bulk_load("".join(lines).encode(), format=RdfFormat.N_QUADS)
    return inner, Dataset(store=OxigraphStore(store=inner), default_union=True)


@pytest.mark.slow
def test_corpus_passes_the_shapes() -> None:
    from kg.validate import validate_store

    _, ds = _load(list(synthetic.corpus_nquads(40)))  # one article: pyshacl takes about a minute
    report = validate_store(ds, raise_on_violation=False)
    assert report.conforms, report.violations[:10]
    assert report.selectors_checked == 40 + 3 + 2 + 1 + 1


def test_stance_count_and_shared_actors(small_corpus: list[str]) -> None:
    inner, _ = _load(small_corpus)
    stances = next(inner.query("PREFIX skg: <https://w3id.org/stancekg/ontology#> "
                               "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a skg:Stance } }"))
    assert int(stances["n"].value) == 200
    # Each actor's type is stated once, in the actors graph, never in an article graph.
    rows = list(inner.query(
        "PREFIX skg: <https://w3id.org/stancekg/ontology#> SELECT ?a (COUNT(?g) AS ?n) WHERE { "
        "GRAPH ?g { ?a a ?t } FILTER(STRSTARTS(STR(?a), 'https://w3id.org/stancekg/id/actor/')) } GROUP BY ?a"))
    assert rows and all(int(r["n"].value) == 1 for r in rows)
    assert not inner.query(
        "ASK { GRAPH ?g { ?a a ?t } FILTER(STRSTARTS(STR(?a), 'https://w3id.org/stancekg/id/actor/') "
        "&& STRSTARTS(STR(?g), 'https://w3id.org/stancekg/id/graph/article/')) }")


def test_fast_path_equals_the_full_loader() -> None:
    pool = synthetic.ActorPool(1000)
    for number in (0, 3):
        art = synthetic.synthetic_article(number, pool)
        fast = synthetic.article_quads(art)[1]
        full = synthetic.article_quads(art, validate=True)[1]
        # Only the annotation document's hash differs (it is the hash of the YAML source).
        strip = [line for line in fast if "/annotation/" not in line and "/ingest/" not in line]
        strip_full = [line for line in full if "/annotation/" not in line and "/ingest/" not in line]
        assert sorted(strip) == sorted(strip_full)


def test_articles_ingest_through_the_real_ingest(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    from kg import ingest_article

    paths = synthetic.write_articles(tmp_path / "articles", 2, stances=10)
    results = [ingest_article(store, path) for path in paths]
    assert [r.stances for r in results] == [10, 10]
    assert all(r.changed for r in results)


def test_deterministic() -> None:
    assert list(synthetic.corpus_nquads(80)) == list(synthetic.corpus_nquads(80))


def test_groups_offices_and_tenures_give_the_benchmark_answers_to_time() -> None:
    """The questions about groups and office holders are timed on answers, not on empty results: forums
    have member states whose stances split on a topic, and every state's foreign minister holds office
    on every date of the corpus."""
    from kg.queries import run_named_query
    from kg.summaries import summarize

    pool = synthetic.ActorPool(1000)
    _, ds = _load(list(synthetic.corpus_nquads(1000)))
    summarize(ds)  # group-splits reads the splits kept in the summaries graph
    forum = min(pool.members)
    members = run_named_query(ds, "group-members", {"group": f"id:actor/{pool.actors[forum].key}"})
    assert {str(row["member"]).rsplit("/", 1)[1] for row in members} == {
        pool.actors[n].key for n in pool.members[forum]}
    splits = [run_named_query(ds, "group-splits", {"group": f"id:actor/{pool.actors[f].key}"}) for f in pool.members]
    assert any(len(list(result)) for result in splits)
    for day in ("2010-01-01", "2016-03-15", "2023-09-08"):
        holders = list(run_named_query(ds, "office-holders-at-date", {"date": day}))
        states_with_ministers = {state.key for _, state, _, _ in pool.tenures}
        assert len(holders) == len(states_with_ministers) > 0, day
