"""Reasoning over the ontology plus the seed individuals (issue 3, item 6).

owlready2 loads the Protégé export of the seed store and runs its HermiT; the tests show
inferences a researcher wants: a type from a property's domain, an inverse edge, membership of
a group found through membership. kg.reason returns the same kind of inferences as triples, and
refuses data that contradicts the ontology.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_executable
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InconsistentDataError
from kg.namespaces import ID, SKG
from kg.ontology import ontology_graph
from kg.protege import export_protege
from kg.reason import reason_graph, reason_store

owlready2 = pytest.importorskip("owlready2")
pytestmark = pytest.mark.java

ACTOR = "https://w3id.org/stancekg/id/actor/"
SANCTION = ID["sanction/g7-tighter-russia-sanctions-2017"]


@pytest.fixture(scope="module")
def seed_inferences(seed_store):  # type: ignore[no-untyped-def]
    require_executable("java", "openjdk-17-jdk-headless")
    return reason_store(seed_store)


def test_owlready2_reasons_over_the_seed_individuals(seed_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    require_executable("java", "openjdk-17-jdk-headless")
    path = export_protege(seed_store, tmp_path)
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    assert world[ACTOR + "test-only-member"] is None  # not in the seed; added below, untyped
    g7 = world[ACTOR + "g7"]
    italy = world[ACTOR + "italy"]
    assert g7 is not None and italy is not None
    with onto:
        member = world["https://w3id.org/stancekg/ontology#Actor"]("test-only-member")
        del member.is_a[:]
        member.is_a.append(owlready2.Thing)
        g7.hasMember.append(member)
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    actor_class = world["https://w3id.org/stancekg/ontology#Actor"]
    # 1. a type from the range of skg:hasMember
    assert actor_class in member.INDIRECT_is_a
    # 2. an inverse edge: Italy is a member of the G-7 because the G-7 has member Italy
    assert g7 in italy.memberOf
    # 3. the G-7 itself is typed by the domain of skg:hasMember, and every asserted member is found
    #    through the inverse, so "which groups is the UK in?" needs no extra triples
    assert world["https://w3id.org/stancekg/ontology#CollectiveActor"] in g7.INDIRECT_is_a
    assert g7 in world[ACTOR + "united-kingdom"].memberOf
    world.close()


def test_inverse_membership_is_entailed(seed_inferences) -> None:  # type: ignore[no-untyped-def]
    edges = set(seed_inferences.edges)
    assert (URIRef(ACTOR + "italy"), SKG.memberOf, URIRef(ACTOR + "g7")) in edges
    assert (URIRef(ACTOR + "united-states"), SKG.memberOf, URIRef(ACTOR + "g7")) in edges


def test_backers_and_resisters_of_the_sanction_measure_are_entailed(seed_inferences) -> None:  # type: ignore[no-untyped-def]
    edges = set(seed_inferences.edges)
    assert (URIRef(ACTOR + "united-kingdom"), SKG.backsSanction, SANCTION) in edges
    assert (URIRef(ACTOR + "canada"), SKG.backsSanction, SANCTION) in edges
    assert any(p == SKG.resistsSanction and o == SANCTION for _, p, o in edges)


def test_reasoning_does_not_change_the_store(seed_store, seed_inferences) -> None:  # type: ignore[no-untyped-def]
    inferred = next(iter(seed_inferences.graph))
    assert inferred not in seed_store


def _small(extra: str) -> Graph:
    g = ontology_graph()
    g.parse(data="""
        @prefix skg: <https://w3id.org/stancekg/ontology#> .
        @prefix a: <https://w3id.org/stancekg/id/actor/> .
        @prefix s: <https://w3id.org/stancekg/id/stance/> .
        a:g7 a skg:InformalForum ; skg:hasMember a:italy .
        a:italy a skg:State .
        s:one a skg:Stance ; skg:holder a:someone ; skg:polarity skg:Negative .
    """ + extra, format="turtle")
    return g


def test_type_from_domain_and_inverse_edge_on_a_small_graph() -> None:
    require_executable("java", "openjdk-17-jdk-headless")
    result = reason_graph(_small(""))
    assert (URIRef(ACTOR + "someone"), SKG.Actor) in result.types  # from the range of skg:holder
    assert (URIRef(ACTOR + "italy"), SKG.memberOf, URIRef(ACTOR + "g7")) in result.edges


@pytest.mark.parametrize("mistake", [
    "a:italy a skg:Person .",                                   # Person and State are disjoint
    "s:one skg:polarity skg:Positive .",                        # polarity is functional, values differ
    's:one skg:confidence "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .',  # confidence in [0, 1]
    "a:g7 a skg:Stance .",                                      # an actor is not a stance
])
def test_the_reasoner_catches_real_mistakes(mistake: str) -> None:
    require_executable("java", "openjdk-17-jdk-headless")
    with pytest.raises(InconsistentDataError):
        reason_graph(_small(mistake))


def test_a_literal_confidence_in_range_is_fine() -> None:
    require_executable("java", "openjdk-17-jdk-headless")
    g = _small("")
    g.add((ID["stance/one"], SKG.confidence, Literal("0.9", datatype=XSD.decimal)))
    g.add((ID["stance/one"], RDF.type, SKG.Stance))
    assert reason_graph(g).asserted_triples > 0
