"""The stance listings' narrowing parameters ?holder and ?target (issue 7: every query under 1 s at 10^6).

hedged-stances, stances-by-cameo, stances-by-plover and reported-via list a share of every stance in the
store; a researcher narrows them to one actor's stances (?holder), to the stances toward one actor
(?target), or both. Each query starts from the bound actor when one is given and runs its corpus-wide plan
when both are left out, so two things must hold, on the bundled seed plus a 1,000-stance synthetic corpus:

1. left out, the parameters change nothing: the answer is the one of the text before them
   (`tests/data/queries-before/NAME.rq`), row for row and in the same ORDER BY order;
2. given, the answer is the bare answer cut down in Python to the rows whose stance has that holder
   and/or that target, for a busy actor, a rare one, one without rows and the seed's actors.

The same narrowed questions are then asked of Virtuoso, which must answer like the embedded store.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

ROOT = Path(__file__).resolve().parent.parent
BEFORE = Path(__file__).resolve().parent / "data" / "queries-before"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

SYNTHETIC_STANCES = 1000
NARROWED = ("hedged-stances", "stances-by-cameo", "stances-by-plover", "reported-via")
# Required parameters each query runs with: a code, a code prefix, categories (each answers on the corpus).
REQUIRED: dict[str, list[dict[str, str]]] = {
    "hedged-stances": [{}],
    "stances-by-cameo": [{"code": "112"}, {"code": "1"}],
    "stances-by-plover": [{"category": "ACCUSE"}, {"category": "SUPPORT"}],
    "reported-via": [{}],
}
# Aggregated columns whose value is a GROUP_CONCAT, with their separator (their order is unspecified).
CONCATENATED = {"reportedVia": " | ", "statedBy": " | ", "onBehalfOf": " | "}
# An actor IRI that no stance names: a narrowed answer for it is empty.
NOBODY = "https://w3id.org/stancekg/id/actor/nobody-at-all"


def _synthetic_actor(kind: str, index: int) -> str:
    from kg.namespaces import entity

    pool = synthetic.ActorPool(SYNTHETIC_STANCES)
    group = {"state": pool.states, "person": pool.people}[kind]
    return str(entity("actor", group[index].key))


# The busiest synthetic state, the benchmark's selective one (about 1 % of the stances at 10^6; none of
# the hedged ones at 10^3), a person, Putin and Syria from the seed (Wikidata ids), and nobody.
ACTORS = (_synthetic_actor("state", 0), _synthetic_actor("state", 10), _synthetic_actor("person", 3),
          "Q7747", "Q858", NOBODY)


def _narrowings() -> list[dict[str, str]]:
    """?holder alone, ?target alone, and both (a busy holder toward each other actor, and back)."""
    cases = [{"holder": a} for a in ACTORS] + [{"target": a} for a in ACTORS]
    busy = ACTORS[0]
    cases += [{"holder": busy, "target": other} for other in ACTORS[1:4]]
    cases += [{"holder": other, "target": busy} for other in ACTORS[1:4]]
    cases += [{"holder": "Q7747", "target": "Q858"}, {"holder": "Q30", "target": "Q858"}]
    return cases


def _value(name: str, term: object) -> object:
    if term is not None and name in CONCATENATED:
        return ("concat", tuple(sorted(str(term).split(CONCATENATED[name]))))
    return term


def _run(ds: Dataset, path: Path, params: dict[str, str]) -> tuple[list[str], list[tuple[object, ...]]]:
    from kg.queries import _load, execute, named_query_text
    from kg.settings import Settings

    query = _load(path)
    text = named_query_text(ds, query, params, Settings())
    result = execute(ds, text)
    names = [str(v) for v in result.vars or []]
    return names, [tuple(_value(n, row.get(v)) for n, v in zip(names, result.vars or [], strict=True))
                   for row in result.bindings]


def _order_keys(path: Path) -> list[str]:
    """The variables the query sorts by, in order."""
    match = re.search(r"^ORDER BY (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} is ordered"
    return re.findall(r"\?(\w+)", match.group(1))


def _now(name: str) -> Path:
    from kg.queries import queries_dir

    return queries_dir() / f"{name}.rq"


def _sort_keys(path: Path, names: list[str], rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    keys = [names.index(k) for k in _order_keys(path)]
    return [tuple(r[i] for i in keys) for r in rows]


def _links(ds: Dataset, prop: str) -> dict[URIRef, set[URIRef]]:
    """Every stance's holders (prop "holder") or targets ("target"), read straight from the store."""
    out: dict[URIRef, set[URIRef]] = {}
    for stance, actor in ds.query(f"SELECT ?s ?a WHERE {{ ?s <https://w3id.org/stancekg/ontology#{prop}> ?a }}"):
        out.setdefault(stance, set()).add(actor)  # type: ignore[arg-type]
    return out


def _iri(ds: Dataset, actor: str) -> URIRef:
    from kg.queries import resolve_wikidata_id

    return resolve_wikidata_id(ds, actor) if re.fullmatch(r"Q\d+", actor) else URIRef(actor)


# ---------- 1. left out, the parameters change nothing ----------

def _bare_cases() -> list:  # type: ignore[type-arg]
    return [pytest.param(name, params, id=f"{name}-{'-'.join(params.values()) or 'bare'}")
            for name in NARROWED for params in REQUIRED[name]]


def _compare_with_before(ds: Dataset, name: str, params: dict[str, str]) -> int:
    names, now = _run(ds, _now(name), params)
    before_names, before = _run(ds, BEFORE / f"{name}.rq", params)
    assert names == before_names, f"{name}: the columns changed"
    assert Counter(now) == Counter(before), (
        f"{name} {params}: only now {Counter(now) - Counter(before)}; only before {Counter(before) - Counter(now)}")
    assert _order_keys(_now(name)) == _order_keys(BEFORE / f"{name}.rq")
    assert _sort_keys(_now(name), names, now) == _sort_keys(_now(name), names, before)
    return len(now)


@pytest.mark.parametrize(("name", "params"), _bare_cases())
def test_bare_form_answers_as_before_on_the_corpus(corpus_store: Dataset, name: str, params: dict[str, str]) -> None:
    assert _compare_with_before(corpus_store, name, params) > 0, f"{name} {params}: no rows, the comparison is empty"


@pytest.mark.parametrize(("name", "params"), _bare_cases())
def test_bare_form_answers_as_before_on_the_seed(seed_store: Dataset, name: str, params: dict[str, str]) -> None:
    _compare_with_before(seed_store, name, params)


def test_parameters_are_the_old_ones_plus_holder_and_target() -> None:
    from kg.queries import _load

    for name in NARROWED:
        before, now = _load(BEFORE / f"{name}.rq"), _load(_now(name))
        added = [p for p in now.parameters if p not in before.parameters]
        assert [(p.name, p.kind, p.optional) for p in added] == [("holder", "qid", True), ("target", "qid", True)]
        assert [p for p in now.parameters if p in before.parameters] == list(before.parameters), name
        assert "?holder" in now.description and "?target" in now.description, f"{name}: the header says what they do"


# ---------- 2. given, the answer is the bare answer cut down to the actor's stances ----------

def _narrowed_cases() -> list:  # type: ignore[type-arg]
    def short(value: str) -> str:
        return value.rsplit("/", 1)[-1]

    return [pytest.param(name, required, narrowing,
                         id=f"{name}-{'-'.join(required.values()) or 'all'}-"
                            + "-".join(f"{k}={short(v)}" for k, v in narrowing.items()))
            for name in NARROWED for required in REQUIRED[name] for narrowing in _narrowings()]


@pytest.fixture(scope="module")
def bare_answers(corpus_store: Dataset) -> dict[tuple[str, tuple[tuple[str, str], ...]], tuple[list[str], list]]:  # type: ignore[type-arg]
    """Each query's bare answer on the corpus, computed once."""
    return {(name, tuple(sorted(required.items()))): _run(corpus_store, _now(name), required)
            for name in NARROWED for required in REQUIRED[name]}


@pytest.fixture(scope="module")
def stance_links(corpus_store: Dataset) -> dict[str, dict[URIRef, set[URIRef]]]:
    return {"holder": _links(corpus_store, "holder"), "target": _links(corpus_store, "target")}


@pytest.mark.parametrize(("name", "required", "narrowing"), _narrowed_cases())
def test_narrowed_form_is_the_bare_answer_of_that_actor(corpus_store: Dataset, bare_answers, stance_links,  # type: ignore[no-untyped-def]
                                                        name: str, required: dict[str, str],
                                                        narrowing: dict[str, str]) -> None:
    names, bare = bare_answers[(name, tuple(sorted(required.items())))]
    wanted = {key: _iri(corpus_store, actor) for key, actor in narrowing.items()}
    stance = names.index("stance")
    expected = [row for row in bare
                if all(iri in stance_links[key].get(row[stance], set()) for key, iri in wanted.items())]
    got_names, got = _run(corpus_store, _now(name), {**required, **narrowing})
    assert got_names == names
    assert Counter(got) == Counter(expected), (
        f"{name} {required} {narrowing}: only narrowed {Counter(got) - Counter(expected)}; "
        f"only in the filtered bare answer {Counter(expected) - Counter(got)}")
    assert _sort_keys(_now(name), names, got) == _sort_keys(_now(name), names, expected)
    if NOBODY in narrowing.values():
        assert got == []


@pytest.mark.parametrize("name", NARROWED)
def test_narrowing_selects_rows_that_exist(corpus_store: Dataset, name: str) -> None:
    """The comparisons above are not all empty: the busy actor has rows as holder, as target and both
    ways with the seed's Putin/Syria pair absent from the synthetic corpus, and a holder's rows all name it."""
    required = REQUIRED[name][0]
    busy = ACTORS[0]
    for narrowing in ({"holder": busy}, {"target": busy}):
        names, rows = _run(corpus_store, _now(name), {**required, **narrowing})
        assert rows, f"{name} {narrowing}: no rows, the narrowed comparison proves nothing"
    names, rows = _run(corpus_store, _now(name), {**required, "holder": busy})
    if "holder" in names:  # reported-via shows the holder itself
        assert {row[names.index("holder")] for row in rows} == {URIRef(busy)}


def test_seed_narrowing_by_wikidata_id(seed_store: Dataset) -> None:
    """On the seed alone, a Wikidata id narrows too: Putin's hedged stances are among all hedged ones."""
    _, every = _run(seed_store, _now("hedged-stances"), {})
    _, putin = _run(seed_store, _now("hedged-stances"), {"holder": "Q7747"})
    assert set(putin) <= set(every)
    assert len(putin) < len(every)


# ---------- 3. the narrowed forms on Virtuoso ----------

# Known differences of Virtuoso 7.2.5, kept visible: a fix there (or in the query) makes the xfail fail.
VIRTUOSO_MISSES = {
    ("reported-via", (("target", ACTORS[0]),)):
        "with ?target alone Virtuoso 7.2 joins the three OPTIONALs of reported-via into rows that mix the "
        "labels and quotes of different stances (each OPTIONAL alone answers right; Oxigraph answers right)",
}


def _virtuoso_cases() -> list:  # type: ignore[type-arg]
    narrowings = [{"holder": ACTORS[0]}, {"target": ACTORS[0]}, {"holder": ACTORS[0], "target": ACTORS[2]},
                  {"holder": "Q7747"}, {"target": "Q858"}, {}]
    cases = []
    for name in NARROWED:
        for n in narrowings:
            miss = VIRTUOSO_MISSES.get((name, tuple(sorted(n.items()))))
            cases.append(pytest.param(
                name, {**REQUIRED[name][0], **n},
                id=f"{name}-" + ("-".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in n.items()) or "bare"),
                marks=[pytest.mark.xfail(strict=True, reason=miss)] if miss else []))
    return cases


@pytest.mark.virtuoso
@pytest.mark.slow
@pytest.mark.parametrize(("name", "params"), _virtuoso_cases())
def test_narrowed_form_answers_alike_on_virtuoso(corpus_store: Dataset, virtuoso_corpus_store: Dataset, name: str,
                                                 params: dict[str, str]) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from test_virtuoso import _answers

    from kg.queries import run_named_query

    here = _answers(run_named_query(corpus_store, name, params))
    there = _answers(run_named_query(virtuoso_corpus_store, name, params))
    if name == "reported-via":  # GROUP_CONCAT's order is unspecified: compare the concatenated values as sets
        here, there = (Counter(tuple(_split(v) for v in row) for row in c.elements()) for c in (here, there))
    if len(params) - len(REQUIRED[name][0]) == 1 and ACTORS[0] in params.values():
        assert here, f"{name} {params}: no rows on the embedded store, the comparison proves nothing"
    # Virtuoso's union default graph keeps fewer duplicates than Oxigraph's: compare as sets then.
    assert here == there or set(here) == set(there), (
        f"{name} {params}: only embedded {set(here) - set(there)}; only Virtuoso {set(there) - set(here)}")


def _split(value: object) -> object:
    return tuple(sorted(value.split(" | "))) if isinstance(value, str) and " | " in value else value
