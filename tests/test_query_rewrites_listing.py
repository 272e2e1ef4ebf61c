"""The corpus-wide listing queries answer exactly as their texts before the issue-7 rewrites did.

The rewrites (hash-joined sub-SELECTs, codes filtered before their stances, labels read from the actors
graph) exist for speed at a million stances; their answers must not move. Each query in LISTINGS runs in
its current form (`queries/NAME.rq`) and in its form before the rewrite (`tests/data/queries-before/NAME.rq`)
on the seed and on a 1,000-stance synthetic corpus, and the rows are compared as multisets, with the
GROUP_CONCAT columns compared as sets of values (their order is unspecified in SPARQL 1.1). Rows must also
come in the same ORDER BY order: the sequence of the sort keys is compared. A later rewrite that changes
an answer fails here.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

ROOT = Path(__file__).resolve().parents[1]
BEFORE = Path(__file__).resolve().parent / "data" / "queries-before"
sys.path.insert(0, str(ROOT / "benchmarks"))

LISTINGS = ("alignment-sides", "event-responses", "hedged-stances", "reported-via", "stances-by-cameo",
            "stances-by-plover")
# Aggregated columns whose value is a GROUP_CONCAT, with their separator.
CONCATENATED = {"members": " | ", "opponents": " | ", "reportedVia": " | ", "statedBy": " | ",
                "onBehalfOf": " | ", "eventKinds": " ", "causeKinds": " "}
# Parameter values to compare with: a code and a category, a code prefix wide enough to match several
# codes, and values that match nothing (an empty prefix matches every code).
PARAMETER_SETS: dict[str, list[dict[str, str]]] = {
    "stances-by-cameo": [{"code": "112"}, {"code": "1"}, {"code": "0"}, {"code": ""}, {"code": "999"}],
    "stances-by-plover": [{"category": "ACCUSE"}, {"category": "SUPPORT"}, {"category": "REQUEST"},
                          {"category": "NO SUCH"}],
}
SYNTHETIC_STANCES = 1000


@pytest.fixture(scope="module")
def synthetic_store() -> Iterator[Dataset]:
    """The 1,000-stance synthetic corpus of benchmarks/synthetic.py in an in-memory Oxigraph store."""
    import synthetic
    from pyoxigraph import RdfFormat

    from kg import open_store
    from kg.store import native_oxigraph

    ds = open_store("memory:oxigraph")
    data = "".join(synthetic.corpus_nquads(SYNTHETIC_STANCES)).encode("utf-8")
    native_oxigraph(ds).bulk_load(data, RdfFormat.N_QUADS)
    yield ds
    ds.close()


def _before(name: str):  # type: ignore[no-untyped-def]
    from kg.queries import load_query

    return load_query(name, BEFORE)


def _run(ds: Dataset, query, params: dict[str, str]) -> tuple[list[str], list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    from kg.queries import execute, named_query_text
    from kg.settings import Settings

    text = named_query_text(ds, query, params, Settings())
    result = execute(ds, text)
    names = [str(v) for v in result.vars]
    rows = [tuple(_value(name, row.get(var)) for name, var in zip(names, result.vars, strict=True))
            for row in result.bindings]
    return names, rows


def _value(name: str, term: object) -> object:
    if term is not None and name in CONCATENATED:
        return ("concat", tuple(sorted(str(term).split(CONCATENATED[name]))))
    return term


def _order_keys(query_text: str) -> list[str]:
    """The variables of the query's ORDER BY clause, in order."""
    clause = re.search(r"ORDER BY([^\n]*)", query_text)
    assert clause, "every listing is ordered"
    return re.findall(r"\?(\w+)", clause.group(1))


def _cases() -> list:  # type: ignore[type-arg]
    return [pytest.param(name, params, id=f"{name}-{'-'.join(params.values()) or 'none'}")
            for name in LISTINGS for params in PARAMETER_SETS.get(name, [{}])]


def _compare(ds: Dataset, name: str, params: dict[str, str]) -> int:
    from kg.queries import load_query

    now, before = load_query(name), _before(name)
    names_now, rows_now = _run(ds, now, params)
    names_before, rows_before = _run(ds, before, params)
    assert names_now == names_before, f"{name}: the columns changed"
    assert Counter(rows_now) == Counter(rows_before), (
        f"{name} {params}: only now {Counter(rows_now) - Counter(rows_before)}; "
        f"only before {Counter(rows_before) - Counter(rows_now)}")
    keys = [names_now.index(k) for k in _order_keys(now.text)]
    assert _order_keys(now.text) == _order_keys(before.text)
    assert [tuple(r[i] for i in keys) for r in rows_now] == [tuple(r[i] for i in keys) for r in rows_before]
    return len(rows_now)


@pytest.mark.parametrize(("name", "params"), _cases())
def test_listing_answers_as_before_on_the_synthetic_corpus(synthetic_store: Dataset, name: str,
                                                           params: dict[str, str]) -> None:
    rows = _compare(synthetic_store, name, params)
    if "NO SUCH" not in params.values() and params.get("code") != "999":
        assert rows > 0, f"{name} {params} answers nothing on the synthetic corpus: the comparison proves nothing"


@pytest.mark.parametrize(("name", "params"), _cases())
def test_listing_answers_as_before_on_the_seed(seed_store: Dataset, name: str, params: dict[str, str]) -> None:
    _compare(seed_store, name, params)


def test_every_listing_has_its_text_before_the_rewrite() -> None:
    from conftest import assert_parameters_kept

    from kg.queries import load_query

    for name in LISTINGS:
        before = _before(name)
        assert_parameters_kept(before, load_query(name))
