"""The narrowing parameters of event-responses, alignment-sides, contested-topics and direct-edges (issue 7).

Each of these listings gained optional parameters so that a researcher's question (one actor's, within a
window, about one topic) reads only what it returns at a million stances. Two things must hold:

1. Left out, the parameters change nothing: the bare form answers as the text before the change
   (`tests/data/queries-before/NAME.rq`; for contested-topics, whose earlier text had another shape, as
   the stances themselves say), on the bundled seed and on a 1,000-stance synthetic corpus.
2. Given, a parameter keeps exactly the bare rows it means (computed here in Python from the bare answer
   and the store's own triples), in the same ORDER BY order: a busy actor, a rare one, one with no rows, a
   window with rows and one without, and combinations.

The same narrowed questions run on Virtuoso 7.2 and must answer as on the embedded store.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

BEFORE = Path(__file__).resolve().parent / "data" / "queries-before"
SYNTHETIC_STANCES = 1000
SKG = "https://w3id.org/stancekg/ontology#"
QUERIES = ("event-responses", "alignment-sides", "contested-topics", "direct-edges")
# The GROUP_CONCAT columns, compared as sets of values (their order is unspecified in SPARQL 1.1).
CONCATENATED = {"members": " | ", "opponents": " | ", "eventKinds": " ", "causeKinds": " ", "stanceTypes": " | "}

Row = dict[str, object]


def _actor(kind: str, index: int) -> str:
    """The IRI of a synthetic actor: `kind` is state, person or outlet."""
    from kg.namespaces import entity

    pool = synthetic.ActorPool(SYNTHETIC_STANCES)
    group = {"state": pool.states, "person": pool.people, "outlet": pool.outlets}[kind]
    return str(entity("actor", group[index].key))


# In the 1000-stance corpus: the most named state, a middling one, a rare one (2 or 3 rows per query), the
# benchmark's selective state (almost nothing at this size), a person, and an outlet that no query names.
BUSY, MIDDLE, RARE, SELECTIVE = _actor("state", 0), _actor("state", 2), _actor("state", 5), _actor("state", 10)
PERSON, NOBODY = _actor("person", 3), _actor("outlet", 0)
# Seed actors: Syria, the United States, Russia, Putin, Trump; Tillerson by his IRI.
SEED_ACTORS = ("Q858", "Q30", "Q159", "Q7747", "Q22686")
TILLERSON = "id:actor/rex-tillerson"
ACTORS = (*SEED_ACTORS, BUSY, MIDDLE, RARE, SELECTIVE, PERSON, NOBODY)
# (from, to): synthetic articles are dated 2010 to 2023, the seed's in April 2017.
WINDOWS = (("2012-01-01", "2013-12-31"), ("2017-04-01", "2017-04-30"), ("1990-01-01", "1990-12-31"),
           ("2020-01-01", None), (None, "2011-06-30"))
# Contested topics (a synthetic sanction measure, the seed's chemical attack), one no stance is about and one
# that does not exist.
TOPICS = ("https://w3id.org/stancekg/id/sanction/sanctions-1", "https://w3id.org/stancekg/id/event/khan-shaykhun-attack",
          "https://w3id.org/stancekg/id/event/event-1-0", "https://w3id.org/stancekg/id/sanction/no-such-measure")


def _window(start: str | None, end: str | None) -> dict[str, str]:
    return {k: v for k, v in (("from", start), ("to", end)) if v is not None}


def _cases() -> list[tuple[str, dict[str, str]]]:
    cases: list[tuple[str, dict[str, str]]] = []
    cases += [("event-responses", {"actor": a}) for a in ACTORS]
    cases += [("event-responses", _window(*w)) for w in WINDOWS]
    cases += [("event-responses", {"actor": a, **_window(*WINDOWS[0])}) for a in (BUSY, RARE, NOBODY)]
    cases += [("event-responses", {"actor": "Q30", **_window(*WINDOWS[1])})]
    cases += [("alignment-sides", {"actor": a}) for a in ACTORS]
    cases += [("contested-topics", {"actor": a}) for a in ACTORS]
    cases += [("contested-topics", {"topic": t}) for t in TOPICS]
    cases += [("contested-topics", {"actor": a, "topic": TOPICS[0]}) for a in (BUSY, RARE)]
    cases += [("direct-edges", {"holder": a}) for a in ACTORS]
    cases += [("direct-edges", {"target": a}) for a in ACTORS]
    cases += [("direct-edges", {"holder": a, "property": f"skg:{p}"}) for a in (TILLERSON, BUSY, RARE)
              for p in ("opposes", "supports", "accuses")]
    cases += [("direct-edges", {"target": a, "property": "skg:opposes"}) for a in ("Q159", BUSY)]
    cases += [("direct-edges", {"holder": TILLERSON, "target": "Q159"}),
              ("direct-edges", {"holder": BUSY, "target": MIDDLE})]
    return cases


def _case_id(value: object) -> str:
    if isinstance(value, str):
        return value
    assert isinstance(value, dict)
    return "-".join(f"{k}={str(v).rsplit('/', 1)[-1]}" for k, v in value.items()) or "bare"


def _value(name: str, term: Node | None) -> object:
    if term is not None and name in CONCATENATED:
        return ("concat", tuple(sorted(str(term).split(CONCATENATED[name]))))
    return term


def _run(ds: Dataset, name: str, params: dict[str, str], *, before: bool = False) -> list[Row]:
    """The rows of query `name` (or of its text before, from tests/data/queries-before) with `params` bound."""
    from kg.queries import execute, load_query, named_query_text
    from kg.settings import Settings

    query = load_query(name, BEFORE if before else None)
    result = execute(ds, named_query_text(ds, query, params, Settings()))
    names = [str(v) for v in result.vars or []]
    return [{n: _value(n, row.get(v)) for n, v in zip(names, result.vars or [], strict=True)}
            for row in result.bindings]


def _order_keys(name: str) -> list[str]:
    """The variables of the query's ORDER BY clause, in order (DESC(...) included)."""
    from kg.queries import load_query

    clause = re.search(r"^ORDER BY (.+)$", load_query(name).text, re.MULTILINE)
    assert clause, f"{name} is ordered"
    return re.findall(r"\?(\w+)", clause.group(1))


def _assert_same(name: str, got: list[Row], expected: list[Row], what: str) -> None:
    """Same rows as a multiset, and the same sequence of ORDER BY keys."""
    def frozen(rows: list[Row]) -> Counter[tuple[tuple[str, object], ...]]:
        return Counter(tuple(sorted(r.items())) for r in rows)

    assert frozen(got) == frozen(expected), (
        f"{name} {what}: only got {frozen(got) - frozen(expected)}; only expected {frozen(expected) - frozen(got)}")
    keys = _order_keys(name)
    assert [tuple(r[k] for k in keys) for r in got] == [tuple(r[k] for k in keys) for r in expected], what


def _term(ds: Dataset, name: str, key: str, value: str) -> Node:
    """`value` as the query binds it (a QID resolved to its actor IRI, a date to a midnight dateTime)."""
    from kg.queries import bind_parameters, load_query

    return bind_parameters(ds, load_query(name), {key: value})[key]


def _pairs(ds: Dataset, where: str) -> dict[Node, set[Node]]:
    """?x -> {?y} for the plain pattern `where` (read straight from the store, not through a named query)."""
    out: dict[Node, set[Node]] = {}
    for x, y in ds.query(f"PREFIX skg: <{SKG}> SELECT DISTINCT ?x ?y WHERE {{ {where} }}"):  # type: ignore[misc]
        out.setdefault(x, set()).add(y)
    return out


def _in_window(date: object, start: Node | None, end: Node | None) -> bool:
    if start is None and end is None:
        return True
    if not isinstance(date, Literal):
        return False  # an undated row is kept only when no window is given
    when = date.toPython()
    return ((start is None or when >= start.toPython())  # type: ignore[union-attr]
            and (end is None or when <= end.toPython()))  # type: ignore[union-attr]


def _expected(ds: Dataset, name: str, params: dict[str, str]) -> list[Row]:
    """The rows the narrowed form must give: the bare (or ?property-only) answer, filtered by what each
    parameter means."""
    bound = {k: _term(ds, name, k, v) for k, v in params.items()}
    keep: Callable[[Row], bool]
    if name == "event-responses":
        roles = _pairs(ds, "VALUES ?role { skg:actor skg:recipient skg:participant } ?y ?role ?x")  # actor -> events
        events = roles.get(bound["actor"], set()) if "actor" in bound else None
        keep = lambda r: ((events is None or r["event"] in events or r["cause"] in events)  # noqa: E731
                          and _in_window(r["eventDate"], bound.get("from"), bound.get("to")))
        return [r for r in _run(ds, name, {}) if keep(r)]
    if name == "alignment-sides":
        sides = _pairs(ds, "?y skg:alignedActor ?x").get(bound["actor"], set())  # the actor's alignments
        return [r for r in _run(ds, name, {}) if r["alignment"] in sides or r["opposedTo"] in sides]
    if name == "contested-topics":
        bare = _run(ds, name, {})
        topics = {r["topic"] for r in bare if "actor" not in bound or r["holder"] == bound["actor"]}
        return [r for r in bare if r["topic"] in topics and r["topic"] == bound.get("topic", r["topic"])]
    assert name == "direct-edges"
    base = _run(ds, name, {"property": params["property"]} if "property" in params else {})
    return [r for r in base if all(r[k] == bound[k] for k in ("holder", "target") if k in bound)]


# ---------- 1. the bare forms answer as before ----------
@pytest.mark.parametrize("name", [q for q in QUERIES if q != "contested-topics"])
def test_bare_form_answers_as_the_text_before_on_the_corpus(corpus_store: Dataset, name: str) -> None:
    now, before = _run(corpus_store, name, {}), _run(corpus_store, name, {}, before=True)
    _assert_same(name, now, before, "bare")
    assert len(now) >= 25, f"{name}: the corpus answers with rows, so the comparison can fail"


@pytest.mark.parametrize("name", [q for q in QUERIES if q != "contested-topics"])
def test_bare_form_answers_as_the_text_before_on_the_seed(seed_store: Dataset, name: str) -> None:
    now, before = _run(seed_store, name, {}), _run(seed_store, name, {}, before=True)
    _assert_same(name, now, before, "bare")
    assert now, f"{name}: the seed answers with rows"


def _sides_from_stances(ds: Dataset) -> list[Row]:
    """contested-topics computed in Python from every stance with a topic: each (topic, polarity, holder)
    of a positive or negative, not negated, stance on a topic that has both, with the stance count, the
    types and the alphabetically first quote, ordered as the query orders them."""
    rows = ds.query(f"""PREFIX skg: <{SKG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT DISTINCT ?stance ?topic ?polarity ?holder ?typeLabel ?modality ?exact WHERE {{
          ?stance a skg:Stance ; skg:topic ?topic ; skg:polarity ?polarity ; skg:holder ?holder ;
                  skg:stanceType ?type ; skg:modality ?modality .
          OPTIONAL {{ ?type skos:prefLabel ?typeLabel }}
          OPTIONAL {{ ?stance skg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact }} }}""")
    positive, negative = URIRef(SKG + "Positive"), URIRef(SKG + "Negative")
    stances = [r for r in rows if r.modality != URIRef(SKG + "Negated")  # type: ignore[union-attr]
               and r.polarity in (positive, negative)]  # type: ignore[union-attr]
    polarities: dict[Node, set[Node]] = {}
    for r in stances:
        polarities.setdefault(r.topic, set()).add(r.polarity)  # type: ignore[union-attr]
    sides: dict[tuple[Node, Node, Node], dict[str, set[object]]] = {}
    for r in stances:
        if polarities[r.topic] == {positive, negative}:  # type: ignore[union-attr]
            side = sides.setdefault((r.topic, r.polarity, r.holder), {"stances": set(), "types": set(),  # type: ignore[union-attr]
                                                                      "quotes": set()})
            side["stances"].add(r.stance)  # type: ignore[union-attr]
            side["types"].add(str(r.typeLabel))  # type: ignore[union-attr]
            if r.exact is not None:  # type: ignore[union-attr]
                side["quotes"].add(str(r.exact))  # type: ignore[union-attr]
    labels = _pairs(ds, "?x <http://www.w3.org/2000/01/rdf-schema#label> ?y")
    out = []
    for (topic, polarity, holder), side in sides.items():
        out.append({"topic": topic, "topicLabel": min(labels.get(topic, {None}), key=str),  # type: ignore[arg-type]
                    "polarity": polarity, "holder": holder,
                    "holderLabel": min(labels.get(holder, {None}), key=str),  # type: ignore[arg-type]
                    "stances": len(side["stances"]), "types": tuple(sorted(side["types"])),  # type: ignore[arg-type]
                    "quote": min(side["quotes"]) if side["quotes"] else None})  # type: ignore[type-var]
    return out


@pytest.mark.parametrize("where", ["corpus", "seed"])
def test_bare_contested_topics_lists_every_side_the_stances_make(corpus_store: Dataset, seed_store: Dataset,
                                                                  where: str) -> None:
    """The earlier text of contested-topics had one row per opposing pair (tests/test_summaries.py compares
    the two shapes); here the bare answer is checked against the stances themselves."""
    ds = corpus_store if where == "corpus" else seed_store
    got = _run(ds, "contested-topics", {})
    expected = _sides_from_stances(ds)
    assert expected, "the stances make contested topics, so the comparison can fail"
    simple = {(r["topic"], r["polarity"], r["holder"]): (
        str(r["topicLabel"]) if r["topicLabel"] is not None else None,
        str(r["holderLabel"]) if r["holderLabel"] is not None else None,
        int(r["stances"].toPython()), r["stanceTypes"][1], str(r["quote"]) if r["quote"] else None)  # type: ignore[union-attr,index]
        for r in got}
    assert len(simple) == len(got), "one row per side"
    assert simple == {(r["topic"], r["polarity"], r["holder"]): (
        str(r["topicLabel"]) if r["topicLabel"] is not None else None,
        str(r["holderLabel"]) if r["holderLabel"] is not None else None,
        r["stances"], r["types"], r["quote"]) for r in expected}
    keys = [(str(r["topicLabel"] or ""), str(r["topic"]), r["polarity"] != URIRef(SKG + "Positive"),
             str(r["holderLabel"] or ""), str(r["holder"])) for r in got]
    assert keys == sorted(keys)


# ---------- 2. each narrowing parameter keeps exactly the rows it means ----------
@pytest.mark.parametrize(("name", "params"), _cases(), ids=_case_id)
def test_narrowed_form_is_the_bare_answer_filtered(corpus_store: Dataset, name: str, params: dict[str, str]) -> None:
    _assert_same(name, _run(corpus_store, name, params), _expected(corpus_store, name, params), str(params))


# Cases that must answer with rows on the corpus (so the comparisons above can fail) and ones that must not.
NONEMPTY = [("event-responses", {"actor": BUSY}), ("event-responses", {"actor": RARE}),
            ("event-responses", {"actor": "Q30"}), ("event-responses", _window(*WINDOWS[0])),
            ("event-responses", {"actor": BUSY, **_window(*WINDOWS[0])}),
            ("event-responses", {"actor": "Q30", **_window(*WINDOWS[1])}),
            ("event-responses", _window(*WINDOWS[3])), ("event-responses", _window(*WINDOWS[4])),
            ("alignment-sides", {"actor": BUSY}), ("alignment-sides", {"actor": RARE}),
            ("alignment-sides", {"actor": "Q30"}),
            ("contested-topics", {"actor": BUSY}), ("contested-topics", {"actor": RARE}),
            ("contested-topics", {"actor": "Q159"}), ("contested-topics", {"topic": TOPICS[0]}),
            ("contested-topics", {"topic": TOPICS[1]}),
            ("direct-edges", {"holder": BUSY}), ("direct-edges", {"target": RARE}),
            ("direct-edges", {"holder": TILLERSON, "property": "skg:opposes"}),
            ("direct-edges", {"target": "Q159", "property": "skg:opposes"}),
            ("direct-edges", {"holder": TILLERSON, "target": "Q159"}),
            ("direct-edges", {"holder": BUSY, "target": MIDDLE})]
EMPTY = [("event-responses", {"actor": NOBODY}), ("event-responses", _window(*WINDOWS[2])),
         ("alignment-sides", {"actor": NOBODY}), ("contested-topics", {"actor": NOBODY}),
         ("contested-topics", {"topic": TOPICS[2]}), ("contested-topics", {"topic": TOPICS[3]}),
         ("direct-edges", {"holder": NOBODY})]


def test_the_cases_cover_answers_and_empty_answers(corpus_store: Dataset) -> None:
    for name, params in NONEMPTY:
        assert _run(corpus_store, name, params), f"{name} {params} answers nothing: its comparison proves little"
    for name, params in EMPTY:
        assert not _run(corpus_store, name, params), f"{name} {params}"


def test_a_narrowed_row_shows_the_other_side_and_the_other_role(corpus_store: Dataset) -> None:
    """What the parameters promise beyond a plain filter: contested-topics for an actor also lists the sides
    it is not on; event-responses for an actor also lists responses it takes part in only through the cause;
    alignment-sides lists the side opposed to the actor's."""
    actor = _term(corpus_store, "contested-topics", "actor", MIDDLE)
    rows = _run(corpus_store, "contested-topics", {"actor": MIDDLE})
    assert any(r["holder"] != actor for r in rows)
    assert {r["polarity"] for r in rows} == {URIRef(SKG + "Positive"), URIRef(SKG + "Negative")}
    roles = _pairs(corpus_store, "VALUES ?role { skg:actor skg:recipient skg:participant } ?y ?role ?x")
    events = roles[_term(corpus_store, "event-responses", "actor", BUSY)]
    rows = _run(corpus_store, "event-responses", {"actor": BUSY})
    assert any(r["event"] not in events and r["cause"] in events for r in rows)
    sides = _pairs(corpus_store, "?y skg:alignedActor ?x")[_term(corpus_store, "alignment-sides", "actor", MIDDLE)]
    rows = _run(corpus_store, "alignment-sides", {"actor": MIDDLE})
    assert any(r["alignment"] not in sides and r["opposedTo"] in sides for r in rows)


def test_a_window_uses_inclusive_dates(corpus_store: Dataset) -> None:
    """?from and ?to are inclusive: a window of one day keeps the responses of that day."""
    rows = _run(corpus_store, "event-responses", {})
    day = next(r["eventDate"] for r in rows if isinstance(r["eventDate"], Literal))
    text = str(day)[:10]
    one_day = _run(corpus_store, "event-responses", {"from": text, "to": text})
    assert one_day and all(str(r["eventDate"])[:10] == text for r in one_day)
    assert Counter(map(str, (r["event"] for r in one_day))) == Counter(
        str(r["event"]) for r in rows if isinstance(r["eventDate"], Literal) and str(r["eventDate"])[:10] == text)


def test_new_parameters_are_optional_and_typed() -> None:
    from kg.queries import load_query

    expected = {"event-responses": {("actor", "qid"), ("from", "date"), ("to", "date")},
                "alignment-sides": {("actor", "qid")},
                "contested-topics": {("actor", "qid"), ("topic", "iri")},
                "direct-edges": {("holder", "qid"), ("target", "qid"), ("property", "iri")}}
    for name, params in expected.items():
        query = load_query(name)
        assert {(p.name, p.kind) for p in query.parameters} == params, name
        assert all(p.optional for p in query.parameters), name
        before = {(p.name, p.kind) for p in load_query(name, BEFORE).parameters}
        assert before <= params, f"{name}: a parameter of the text before was dropped"


def test_a_bad_window_is_refused(corpus_store: Dataset) -> None:
    from kg.errors import QueryParameterError
    from kg.queries import run_named_query

    with pytest.raises(QueryParameterError):
        run_named_query(corpus_store, "event-responses", {"from": "April 2017"})
    assert datetime(2017, 4, 1, tzinfo=UTC) == _term(corpus_store, "event-responses", "from",
                                                      "2017-04-01").toPython()  # type: ignore[union-attr]


# ---------- 3. the narrowed forms on Virtuoso ----------
# The bare forms are compared in tests/e2e/test_virtuoso.py. direct-edges without ?property meets Virtuoso
# 7.2's refusal of a * path whose both ends are variables there and here alike (strict xfail: a fix shows).
VIRTUOSO_MISS = ("Virtuoso 7.2 cannot run a property path with * whose both ends are variables "
                 "(error TR...: transitive start not given)")


def _virtuoso_cases() -> list:  # type: ignore[type-arg]
    cases = [c for c in _cases() if c[1] not in ({"actor": PERSON}, {"target": PERSON}, {"holder": PERSON})]
    return [pytest.param(name, params, marks=pytest.mark.xfail(strict=True, reason=VIRTUOSO_MISS))
            if name == "direct-edges" and "property" not in params else pytest.param(name, params)
            for name, params in cases]


@pytest.mark.virtuoso
@pytest.mark.slow
@pytest.mark.parametrize(("name", "params"), _virtuoso_cases(), ids=_case_id)
def test_narrowed_form_answers_alike_on_virtuoso(corpus_store: Dataset, virtuoso_corpus_store: Dataset, name: str,
                                                 params: dict[str, str]) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from test_virtuoso import _answers

    from kg.queries import run_named_query

    here_result = run_named_query(corpus_store, name, params)
    there_result = run_named_query(virtuoso_corpus_store, name, params)
    here, there = _answers(here_result), _answers(there_result)
    if name == "contested-topics":
        # Virtuoso 7.2's MIN over the quotes of a side can pick another quote than the alphabetically first
        # (the bare form and the text before this change differ there the same way): the quote column is
        # left out, every other column compared.
        at = [str(v) for v in here_result.vars].index("quote")
        here = Counter(row[:at] + row[at + 1:] for row in here.elements())
        there = Counter(row[:at] + row[at + 1:] for row in there.elements())
    # Virtuoso's union default graph keeps fewer duplicates than Oxigraph's: compare as sets then.
    assert here == there or set(here) == set(there), (
        f"{name} {params}: only embedded {set(here) - set(there)}; only Virtuoso {set(there) - set(here)}")
