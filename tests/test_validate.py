"""kg.validate: SHACL shapes plus the text-slice check, on the seed store and on broken data."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import ShapeViolationError
from kg.namespaces import OA, SKG
from kg.store import replace_graphs
from kg.validate import data_graph, validate_graph, validate_store


@pytest.fixture(scope="module")
def seed_data(seed_store) -> Graph:  # type: ignore[no-untyped-def]
    return data_graph(seed_store)


def test_the_seed_store_conforms(seed_store) -> None:  # type: ignore[no-untyped-def]
    report = validate_store(seed_store)
    assert report.conforms, report.violations
    assert report.selectors_checked >= 20  # every evidence span was sliced out of the article text


def _copy(graph: Graph) -> Graph:
    out = Graph()
    out += graph
    return out


def test_a_position_that_does_not_slice_to_the_quote_is_reported(seed_data: Graph) -> None:
    data = _copy(seed_data)
    position = next(data.subjects(RDF.type, OA.TextPositionSelector))
    start = int(data.value(position, OA.start).toPython())
    data.set((position, OA.start, Literal(start + 1, datatype=XSD.nonNegativeInteger)))
    report = validate_graph(data)
    assert not report.conforms
    assert any(str(position) in v and "the quote selector says" in v for v in report.violations)
    # the SHACL constraint on the target sees the length mismatch too
    assert any("code points long" in v for v in report.violations)


def test_a_stance_with_two_polarities_and_no_evidence_is_reported(seed_data: Graph) -> None:
    data = _copy(seed_data)
    stance = next(data.subjects(RDF.type, SKG.Stance))
    data.add((stance, SKG.polarity, SKG.Positive))
    data.add((stance, SKG.polarity, SKG.Negative))
    data.remove((stance, SKG.evidence, None))
    report = validate_graph(data)
    mine = [v for v in report.violations if v.startswith(str(stance))]
    assert any("exactly one polarity" in v for v in mine)
    assert any("at least one piece of evidence" in v for v in mine)


def test_a_tenure_without_start_and_a_measure_without_status_are_reported() -> None:
    data = Graph()
    tenure, measure = URIRef("https://w3id.org/stancekg/id/tenure/x"), URIRef("https://w3id.org/stancekg/id/sanction/y")
    person, office = URIRef("https://w3id.org/stancekg/id/actor/p"), URIRef("https://w3id.org/stancekg/id/office/o")
    data.add((tenure, RDF.type, SKG.Tenure))
    data.add((tenure, SKG.officeHolder, person))
    data.add((person, RDF.type, SKG.Person))
    data.add((tenure, SKG.office, office))
    data.add((office, RDF.type, SKG.Office))
    data.add((measure, RDF.type, SKG.SanctionMeasure))
    report = validate_graph(data)
    assert any(v.startswith(str(tenure)) and "start date" in v for v in report.violations)
    assert any(v.startswith(str(measure)) and "status" in v for v in report.violations)


def test_validate_store_raises_with_the_violations(store, seed_data: Graph) -> None:  # type: ignore[no-untyped-def]
    data = _copy(seed_data)
    quote = next(data.subjects(RDF.type, OA.TextQuoteSelector))
    data.set((quote, OA.exact, Literal("not in the article")))
    replace_graphs(store, {URIRef("https://w3id.org/stancekg/id/graph/broken"): data})
    with pytest.raises(ShapeViolationError) as caught:
        validate_store(store)
    assert any(str(quote) in v or "not in the article" in v for v in caught.value.violations)
    report = validate_store(store, raise_on_violation=False)
    assert not report.conforms and report.violations == caught.value.violations
