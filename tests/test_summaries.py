"""The corpus summaries kept at ingest (kg/summaries.py) answer exactly as the direct aggregates did.

`articles`, `stance-type-counts`, `actor-network` and `contested-topics` read counts kept at ingest
instead of scanning every stance (issue 7: a million stances). Their earlier texts, which aggregate over
the article graphs directly, are kept in tests/data/queries-before/ and serve as the reference: after
bulk loads, ingests, re-ingests with changed annotations, deletions and concurrent writers, the named
queries give the same rows (as multisets, and in the same order under ORDER BY), and a rebuild
(`stancekg summarize`) gives the same summaries graph as incremental maintenance.
"""

from __future__ import annotations

import copy
import sys
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import by_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from kg import ingest_article, ingest_bundled, open_store
from kg.bulk import LineStream, bulk_load
from kg.ingest import delete_article
from kg.namespaces import SKG, SUMMARY_GRAPH
from kg.queries import list_queries, load_query, run_named_query
from kg.shares import recount_ops
from kg.store import replace_graphs
from kg.summaries import summarize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

BEFORE = ROOT / "tests" / "data" / "queries-before"
SUMMARY_QUERIES = ("articles", "stance-type-counts", "actor-network", "contested-topics")
# The queries whose rows are unchanged from their predecessors; contested-topics changed its shape (one row
# per side instead of one per opposing pair) and is compared side by side (assert_same_sides).
SAME_ROWS = ("articles", "stance-type-counts", "actor-network")
# The ORDER BY keys of each query, compared in order.
ORDER_KEYS = {"articles": ("date", "title"), "stance-type-counts": ("stances", "stanceType"),
              "actor-network": ("stances", "holderLabel", "targetLabel")}


def answer(ds: Dataset, name: str, *, before: bool = False) -> list[dict[str, object]]:
    """The rows of named query `name` (or of its earlier, direct text), values compared by value.

    The ingest times in `articles` are not compared (each store was filled at its own moment)."""
    query = load_query(name, BEFORE if before else None)
    result = run_named_query(ds, name, {}) if not before else ds.query(query.text)
    names = [str(v) for v in result.vars]  # type: ignore[union-attr]
    return [{n: by_value(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]


def assert_same_answers(ds: Dataset, name: str, *, skip: tuple[str, ...] = ()) -> int:
    """The named query and its direct predecessor give the same rows in the same ORDER BY order."""
    new, old = answer(ds, name), answer(ds, name, before=True)
    assert set(new[0]) == set(old[0]) if new and old else True
    drop = set(skip)
    assert Counter(tuple(sorted((k, v) for k, v in r.items() if k not in drop)) for r in new) == \
        Counter(tuple(sorted((k, v) for k, v in r.items() if k not in drop)) for r in old), name
    keys = ORDER_KEYS[name]
    assert [tuple(r[k] for k in keys) for r in new] == [tuple(r[k] for k in keys) for r in old], name
    return len(new)


def assert_same_sides(ds: Dataset) -> int:
    """contested-topics lists the sides the earlier pair-per-row text implied, and no others but a holder's
    side opposed only by itself; each side's count, types and quote are those of its stances.

    A pair row (topic, A, B) of the earlier text says A is on the positive side of the topic and B on the
    negative one. The new text lists every holder of a positive or a negative (not negated) stance on a topic
    that has both; the pairs needed A != B, so a side appears there only if the other side has another holder.
    """
    new, old = answer(ds, "contested-topics"), answer(ds, "contested-topics", before=True)
    positive, negative = "https://w3id.org/stancekg/ontology#Positive", "https://w3id.org/stancekg/ontology#Negative"
    old_sides = {(r["topic"], r["positiveHolder"], positive) for r in old} | \
        {(r["topic"], r["negativeHolder"], negative) for r in old}
    new_sides = [(r["topic"], r["holder"], r["polarity"]) for r in new]
    assert len(new_sides) == len(set(new_sides)), "one row per side"
    opposed_by_another = {(t, h, p) for t, h, p in new_sides
                          if any(t2 == t and p2 != p and h2 != h for t2, h2, p2 in new_sides)}
    assert opposed_by_another == old_sides
    # The same holders, labels, types and quotes as the pairs showed, side by side.
    old_detail = {(r["topic"], r["positiveHolder"], positive): (r["topicLabel"], r["positiveHolderLabel"])
                  for r in old}
    old_detail |= {(r["topic"], r["negativeHolder"], negative): (r["topicLabel"], r["negativeHolderLabel"])
                   for r in old}
    types: dict[tuple[object, ...], set[object]] = {}
    quotes: dict[tuple[object, ...], set[object]] = {}
    for r in old:
        for side, t, q in (((r["topic"], r["positiveHolder"], positive), r["positiveType"], r["positiveQuote"]),
                           ((r["topic"], r["negativeHolder"], negative), r["negativeType"], r["negativeQuote"])):
            types.setdefault(side, set()).add(t)
            quotes.setdefault(side, set()).add(q)
    for r in new:
        side = (r["topic"], r["holder"], r["polarity"])
        assert r["polarity"] in (positive, negative) and r["stances"] >= 1  # type: ignore[operator]
        if side in old_detail:
            assert (r["topicLabel"], r["holderLabel"]) == old_detail[side]
            assert set(str(r["stanceTypes"]).split(" | ")) == types[side]
            assert r["quote"] == min(q for q in quotes[side] if q is not None)  # type: ignore[type-var]
    # Ordered by topic label, positive side first, then holder label.
    keys = [(r["topicLabel"] or "", r["topic"], r["polarity"] != positive, r["holderLabel"] or "", r["holder"])
            for r in new]
    assert keys == sorted(keys)  # type: ignore[type-var]
    return len(new)


def summary_dump(ds: Dataset) -> set[tuple[str, str, str]]:
    """The summaries graph as a set of N-Triples-like rows (counts by value)."""
    rows = ds.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?s ?p ?o }} }}")
    return {(str(s), str(p), str(by_value(o))) for s, p, o in rows}  # type: ignore[misc]


def assert_summaries_are_exact(ds: Dataset) -> None:
    """Incremental maintenance left the same summaries graph a rebuild makes, and the queries agree."""
    kept = summary_dump(ds)
    summarize(ds)
    assert summary_dump(ds) == kept
    for name in SAME_ROWS:
        assert_same_answers(ds, name)
    assert_same_sides(ds)


def test_the_predecessors_are_kept_for_every_summary_query() -> None:
    for name in SUMMARY_QUERIES:
        assert (BEFORE / f"{name}.rq").is_file()
        assert "summaries" not in (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    assert set(SUMMARY_QUERIES) <= {q.name for q in list_queries()}


# ---------- a bulk-loaded corpus: summarize, then compare ----------
@pytest.fixture(scope="module")
def corpus_store() -> Dataset:
    """The 1000-stance synthetic corpus (25 articles) bulk-loaded, then summarized."""
    ds = open_store("oxigraph:")
    bulk_load(ds, LineStream(synthetic.corpus_nquads(1000)))
    assert summarize(ds) > 1000
    return ds


@pytest.mark.parametrize("name", SUMMARY_QUERIES)
def test_queries_answer_as_the_direct_aggregates_on_the_synthetic_corpus(corpus_store, name: str) -> None:  # type: ignore[no-untyped-def]
    rows = assert_same_sides(corpus_store) if name == "contested-topics" else assert_same_answers(corpus_store, name)
    assert rows >= {"articles": 25, "stance-type-counts": 20, "actor-network": 100, "contested-topics": 25}[name]


def test_articles_carry_their_counts(corpus_store) -> None:  # type: ignore[no-untyped-def]
    rows = answer(corpus_store, "articles")
    assert {r["stances"] for r in rows} == {Decimal(40)}
    assert {r["events"] for r in rows} == {Decimal(3)} and {r["sanctionMeasures"] for r in rows} == {Decimal(1)}


def assert_pair_tallies_name_their_stances(ds: Dataset) -> int:
    """Each pair tally of an article graph names (skg:countsStance) exactly that graph's stances with its
    holder, target and polarity, negated ones left out, as many as its share counts; the summaries graph
    names none (`contradictions` finds a pair's stances this way). Returns the number of links."""
    tallies = ds.query(f"""SELECT ?g ?tally ?holder ?target ?pol ?share WHERE {{ GRAPH ?g {{
        ?tally a <{SKG.PairPolarityTally}> ; <{SKG.tallyHolder}> ?holder ; <{SKG.tallyTarget}> ?target ;
               <{SKG.tallyPolarity}> ?pol ; <{SKG.countInArticle}> ?share }} }}""")
    links = list(ds.query(f"SELECT ?g ?t ?s WHERE {{ GRAPH ?g {{ ?t <{SKG.countsStance}> ?s }} }}"))
    named: dict[tuple[Any, Any], set[Any]] = {(g, t): set() for g, t, *_ in tallies}  # type: ignore[misc]
    for g, t, stance in links:  # type: ignore[misc]
        named.setdefault((g, t), set()).add(stance)
    for g, tally, holder, target, pol, share in tallies:  # type: ignore[misc]
        stances = {row[0] for row in ds.query(f"""SELECT ?s WHERE {{ GRAPH <{g}> {{
            ?s a <{SKG.Stance}> ; <{SKG.holder}> <{holder}> ; <{SKG.target}> <{target}> ; <{SKG.polarity}> <{pol}> ;
               <{SKG.modality}> ?mod FILTER (?mod != <{SKG.Negated}>) }} }}""")}  # type: ignore[index]
        assert named.pop((g, tally)) == stances and len(stances) == int(share), (g, tally)
    assert not named, f"links from nodes that are no pair tally of their graph: {sorted(named)[:3]}"
    summary = summary_dump(ds)
    assert summary and not [r for r in summary if r[1] in (str(SKG.countsStance), str(SKG.countInArticle))]
    return len(links)


def test_pair_tallies_name_the_stances_they_count(corpus_store, seed_store) -> None:  # type: ignore[no-untyped-def]
    assert assert_pair_tallies_name_their_stances(corpus_store) > 500
    assert assert_pair_tallies_name_their_stances(seed_store) > 20


def test_a_bulk_load_has_no_summaries_until_stancekg_summarize_runs(tmp_path: Path) -> None:
    # Each step in its own process: only one process at a time may open an on-disk Oxigraph store.
    import subprocess

    spec = f"oxigraph:{tmp_path / 'store'}"
    load = ("import sys; sys.path.insert(0, 'benchmarks'); import synthetic; from kg import open_store; "
            "from kg.bulk import LineStream, bulk_load; "
            f"bulk_load(open_store({spec!r}), LineStream(synthetic.corpus_nquads(200)))")
    subprocess.run([sys.executable, "-c", load], check=True, cwd=ROOT)
    done = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "summarize", "--store", spec],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "summaries rebuilt:" in done.stdout
    ds = open_store(spec)
    assert sum(r["stances"] for r in answer(ds, "stance-type-counts")) == 200  # type: ignore[misc]
    assert_same_answers(ds, "stance-type-counts")


def test_without_summaries_the_counts_are_empty_not_wrong() -> None:
    ds = open_store("oxigraph:")
    bulk_load(ds, LineStream(synthetic.corpus_nquads(200)))
    assert answer(ds, "stance-type-counts") == [] and answer(ds, "actor-network") == []
    summarize(ds)
    assert len(answer(ds, "stance-type-counts")) > 10


# ---------- the seed ----------
def test_seed_answers_match_the_direct_aggregates(seed_store) -> None:  # type: ignore[no-untyped-def]
    for name in ("stance-type-counts", "actor-network"):
        assert_same_answers(seed_store, name)
    assert_same_sides(seed_store)
    # The seed has two events without actors or participants (the Khan Shaykhun attack, the Stazzema
    # massacre), which the direct text did not count; the stored count has every event of the annotation.
    assert_same_answers(seed_store, "articles", skip=("events",))
    (row,) = answer(seed_store, "articles")
    events = yaml.safe_load((ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.yaml")
                            .read_text(encoding="utf-8"))["events"]
    assert row["events"] == len(events) == 16


# ---------- ingests, re-ingests and deletions in any order ----------
ARTICLES = 3


@pytest.fixture(scope="module")
def small_articles(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """Three synthetic articles of 8 stances, each with its annotation and a changed one (a stance
    dropped, another's type and polarity turned around, one made negated)."""
    folder = tmp_path_factory.mktemp("articles")
    out = []
    for path in synthetic.write_articles(folder, ARTICLES, stances=8):
        original = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        changed = copy.deepcopy(original)
        changed["stances"].pop()
        first = changed["stances"][0]
        first["type"] = "praise" if first["type"] != "praise" else "criticize"
        first.pop("polarity", None)
        changed["stances"][1]["modality"] = "negated"
        out.append((path, original, changed))
    return out


def operations(articles: int, most: int) -> st.SearchStrategy[list[tuple[str, int]]]:
    """Sequences of up to `most` writes: ingest, change (the changed annotation) or delete article i."""
    return st.lists(st.tuples(st.sampled_from(("ingest", "change", "delete")), st.integers(0, articles - 1)),
                    min_size=1, max_size=most)


def apply(ds: Dataset, articles: list[tuple[Path, dict[str, Any], dict[str, Any]]],
          writes: list[tuple[str, int]]) -> None:
    """Run `writes` (from `operations`) on `ds` through the ingest."""
    from kg.annotation import article_id

    for op, i in writes:
        path, original, changed = articles[i]
        if op == "delete":
            delete_article(ds, article_id(path.read_text(encoding="utf-8")))
        else:
            ingest_article(ds, path, annotation=original if op == "ingest" else changed)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations(ARTICLES, 7))
def test_summaries_follow_any_sequence_of_ingests_changes_and_deletions(small_articles, writes) -> None:  # type: ignore[no-untyped-def]
    ds = open_store("oxigraph:")
    apply(ds, small_articles, writes)
    assert_summaries_are_exact(ds)


def test_deleting_every_article_empties_the_summaries(small_articles) -> None:  # type: ignore[no-untyped-def]
    from kg.annotation import article_id

    ds = open_store("oxigraph:")
    for path, original, _ in small_articles:
        ingest_article(ds, path, annotation=original)
    assert summary_dump(ds)
    for path, _, _ in small_articles:
        assert delete_article(ds, article_id(path.read_text(encoding="utf-8")))
    assert summary_dump(ds) == set()


def test_rdflib_memory_store_keeps_summaries_too(small_articles) -> None:  # type: ignore[no-untyped-def]
    ds = open_store("memory:")
    path, original, changed = small_articles[0]
    ingest_article(ds, path, annotation=original)
    ingest_article(ds, path, annotation=changed)
    assert_summaries_are_exact(ds)


# ---------- writes that bypass ingest ----------
def all_quads(ds: Dataset) -> set[tuple[str, ...]]:
    rows = ds.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple(str(by_value(t)) for t in row) for row in rows}  # type: ignore[union-attr]


def test_recounting_what_ingest_counted_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    """The SPARQL recount mints the tally IRIs and counts exactly as kg/triples.py does: on graphs ingest
    wrote it writes nothing (a different hash or count would add or change shares)."""
    bulk_load(store, LineStream(synthetic.corpus_nquads(1000)))
    ingest_bundled(store)
    before = all_quads(store)
    replace_graphs(store, {}, after=recount_ops())
    assert all_quads(store) == before


UPDATES = f"""PREFIX skg: <{SKG}>
# A positive stance turns negative (its type-holder and type-target shares stay, its topic and pair shares move).
DELETE {{ GRAPH ?g {{ ?s skg:polarity skg:Positive }} }} INSERT {{ GRAPH ?g {{ ?s skg:polarity skg:Negative }} }}
WHERE {{ {{ SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s skg:polarity skg:Positive ; skg:topic ?t ; skg:target ?o ;
                                               skg:modality skg:Asserted }} }} ORDER BY ?s LIMIT 3 }} }} ;
# An asserted stance is made negated (it leaves the topic and pair tallies).
DELETE {{ GRAPH ?g {{ ?s skg:modality skg:Asserted }} }} INSERT {{ GRAPH ?g {{ ?s skg:modality skg:Negated }} }}
WHERE {{ {{ SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s skg:polarity skg:Negative ; skg:topic ?t ;
                                               skg:modality skg:Asserted }} }} ORDER BY DESC(?s) LIMIT 2 }} }} ;
# A stance goes, every triple of it.
DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }}
WHERE {{ {{ SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s a skg:Stance ; skg:target ?x }} }} ORDER BY ?s OFFSET 7 LIMIT 1 }}
        GRAPH ?g {{ ?s ?p ?o }} }} ;
# A new stance, another holder's copy of one, in the same article.
INSERT {{ GRAPH ?g {{ ?new a skg:Stance ; skg:holder ?h2 ; skg:stanceType ?type ; skg:target ?o ; skg:topic ?t ;
                      skg:polarity ?pol ; skg:modality skg:Asserted }} }}
WHERE {{ {{ SELECT ?g ?s ?h2 WHERE {{ GRAPH ?g {{ ?s a skg:Stance ; skg:topic ?x ; skg:target ?y ; skg:holder ?h1 .
                                             ?s2 a skg:Stance ; skg:holder ?h2 FILTER (?h2 != ?h1) }} }}
           ORDER BY ?s ?h2 LIMIT 1 }}
        GRAPH ?g {{ ?s skg:stanceType ?type ; skg:target ?o ; skg:topic ?t ; skg:polarity ?pol }}
        BIND (IRI(CONCAT(STR(?s), "-copy")) AS ?new) }} ;
# An event goes.
DELETE {{ GRAPH ?g {{ ?e ?p ?o }} }}
WHERE {{ {{ SELECT ?g ?e WHERE {{ GRAPH ?g {{ ?e a skg:Meeting }} }} ORDER BY ?e LIMIT 1 }} GRAPH ?g {{ ?e ?p ?o }} }}
"""


def test_summarize_recounts_what_an_update_changed(store) -> None:  # type: ignore[no-untyped-def]
    """Polarities, modalities, stances and events changed through SPARQL Update (/update), not ingest:
    afterwards `stancekg summarize` answers every corpus-wide query as the direct aggregates over the
    stances do, and each pair tally names the stances it counts."""
    bulk_load(store, LineStream(synthetic.corpus_nquads(1000)))
    ingest_bundled(store)
    summarize(store)
    events_before = sum(r["events"] for r in answer(store, "articles"))  # type: ignore[misc]
    replace_graphs(store, {}, after=[UPDATES])
    with pytest.raises(AssertionError):  # the update left the kept counts behind the stances
        assert_same_answers(store, "stance-type-counts")
    summarize(store)
    for name in ("stance-type-counts", "actor-network"):
        assert_same_answers(store, name)
    assert_same_answers(store, "articles", skip=("events",))  # the direct text misses actorless events
    assert sum(r["events"] for r in answer(store, "articles")) == events_before - 1  # type: ignore[misc]
    assert_same_sides(store)
    assert assert_pair_tallies_name_their_stances(store) > 500
    kept = all_quads(store)
    summarize(store)  # a second time: nothing left to mend
    assert all_quads(store) == kept


# ---------- writers in threads ----------
def test_concurrent_ingests_lose_no_count(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = synthetic.write_articles(tmp_path / "articles", 8, stances=10)
    errors: list[BaseException] = []

    def write(mine: list[Path]) -> None:
        try:
            for path in mine:
                ingest_article(store, path)
        except BaseException as e:  # reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(paths[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r["stances"] for r in answer(store, "stance-type-counts")) == 80  # type: ignore[misc]
    assert_summaries_are_exact(store)
