"""Federated queries: `SERVICE <https://query.wikidata.org/sparql>` answered by a real local server.

The named query "wikidata-federated-profile" is written against Wikidata's endpoint; kg.queries
points it at settings.wikidata_endpoint, and the endpoint must be on settings.service_allowlist.
"""

from __future__ import annotations

import pytest
from wikidata_server import wikidata_endpoint  # noqa: F401 - the fixture

from kg.errors import ForbiddenOperationError, QuerySyntaxError, ServiceError
from kg.queries import execute, load_query, prepare_text, run_named_query


def _rows(result) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    names = [str(v) for v in result.vars]
    return [{n: "" if row[i] is None else str(row[i]) for i, n in enumerate(names)} for row in result]


def test_federated_profile_of_putin(seed_store, settings, wikidata_endpoint: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    local = settings.with_(wikidata_endpoint=wikidata_endpoint, service_allowlist=(wikidata_endpoint,))
    got = _rows(run_named_query(seed_store, "wikidata-federated-profile", {"item": "wd:Q7747"}, settings=local))
    assert {r["actor"] for r in got} == {"https://w3id.org/stancekg/id/actor/vladimir-putin"}
    assert {(r["wikidataLabel"], r["description"]) for r in got} == {("Vladimir Putin", "President of Russia")}
    assert ("position held", "President of Russia", "2012-05-07") in {
        (r["property"], r["valueLabel"], r["start"][:10]) for r in got}


def test_federated_profile_of_the_city_joins_the_place(seed_store, settings, wikidata_endpoint: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    local = settings.with_(wikidata_endpoint=wikidata_endpoint, service_allowlist=(wikidata_endpoint,))
    got = _rows(run_named_query(seed_store, "wikidata-federated-profile", {"item": "wd:Q649"}, settings=local))
    assert [(r["actor"], r["wikidataLabel"], r["description"]) for r in got] == [
        ("https://w3id.org/stancekg/id/thing/moscow", "Moscow", "capital of Russia")]


def test_the_item_is_sent_inside_the_service_block(settings, wikidata_endpoint: str) -> None:  # noqa: F811
    # Oxigraph sends a SERVICE pattern without the outer bindings; the VALUES block must be inside it.
    from rdflib import URIRef

    from kg.queries import with_values

    local = settings.with_(wikidata_endpoint=wikidata_endpoint, service_allowlist=(wikidata_endpoint,))
    text = with_values(prepare_text(load_query("wikidata-federated-profile"), local),
                       {"item": URIRef("http://www.wikidata.org/entity/Q7747")})
    service = text[text.index(f"SERVICE <{wikidata_endpoint}>"):]
    assert "VALUES ?item { <http://www.wikidata.org/entity/Q7747> }" in service


def test_service_off_the_allowlist_is_refused(seed_store, settings, wikidata_endpoint: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    not_allowed = settings.with_(wikidata_endpoint=wikidata_endpoint)  # allowlist: only the real Wikidata
    with pytest.raises(ForbiddenOperationError, match="not allowed"):
        run_named_query(seed_store, "wikidata-federated-profile", {"item": "wd:Q7747"}, settings=not_allowed)


def test_a_service_that_does_not_answer_is_a_service_error(seed_store, settings, free_port: int) -> None:  # type: ignore[no-untyped-def]
    dead = f"http://127.0.0.1:{free_port}/query"
    local = settings.with_(wikidata_endpoint=dead, service_allowlist=(dead,))
    with pytest.raises(ServiceError, match=str(free_port)):
        run_named_query(seed_store, "wikidata-federated-profile", {"item": "wd:Q7747"}, settings=local)


def test_a_hand_written_federated_query_joins_local_actors_with_wikidata(seed_store, wikidata_endpoint: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    text = f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        PREFIX wd: <http://www.wikidata.org/entity/>
        SELECT ?actor ?member WHERE {{
          SERVICE <{wikidata_endpoint}> {{ ?member wdt:P463 wd:Q1764511 }}
          GRAPH <https://w3id.org/stancekg/id/graph/wikidata-links> {{ ?actor owl:sameAs ?member }}
        }} ORDER BY ?actor"""
    got = [str(r[0]).rsplit("/", 1)[-1] for r in execute(seed_store, text)]  # type: ignore[index]
    assert got == ["canada", "france", "italy", "united-kingdom", "united-states"]
    with pytest.raises(QuerySyntaxError):
        execute(seed_store, "SELECT * WHERE { SERVICE <x> { ?s ?p } }")
