"""`stancekg enrich`: facts about linked actors copied from a real local Wikidata-shaped SPARQL server."""

from __future__ import annotations

import pytest
from wikidata_server import wikidata_endpoint  # noqa: F401 - the fixture

from kg.errors import LinkingError
from kg.link import WikidataClient, enrich_linked_actors
from kg.link.enrich import linked_items
from kg.namespaces import WIKIDATA_GRAPH
from kg.queries import run_named_query


@pytest.fixture
def seeded(store):  # type: ignore[no-untyped-def]
    from kg import ingest_bundled

    ingest_bundled(store)
    return store


def _profile(ds, qid: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    result = run_named_query(ds, "wikidata-profiles", {"actor": qid})
    names = [str(v) for v in result.vars]  # type: ignore[union-attr]
    return [{n: "" if row[i] is None else str(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]


def test_enrich_copies_positions_memberships_labels_and_descriptions(seeded, settings, wikidata_endpoint) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    local = settings.with_(wikidata_endpoint=wikidata_endpoint, wikidata_rate=50.0)
    items = linked_items(seeded)
    assert "http://www.wikidata.org/entity/Q7747" in {str(i) for i in items}
    result = enrich_linked_actors(seeded, local)
    assert result.items == len(items) and result.triples > 0
    putin = _profile(seeded, "Q7747")
    assert {r["wikidataLabel"] for r in putin} == {"Vladimir Putin"}
    assert {r["description"] for r in putin} == {"President of Russia"}
    positions = sorted((r["valueLabel"], r["start"][:10], r["end"][:10])
                       for r in putin if r["property"] == "position held")
    assert positions == [("President of Russia", "2000-05-07", "2008-05-07"), ("President of Russia", "2012-05-07", "")]
    us = _profile(seeded, "Q30")
    assert ("member of", "Group of Seven") in {(r["property"], r["valueLabel"]) for r in us}
    # Wikidata's facts stay in their own graph; the curated actor descriptions are untouched.
    assert seeded.query(f"""ASK {{ GRAPH <{WIKIDATA_GRAPH}> {{
        <http://www.wikidata.org/entity/Q7747> <http://www.wikidata.org/prop/direct/P39>
        <http://www.wikidata.org/entity/Q218295> }} }}""").askAnswer
    assert not seeded.query("""ASK { GRAPH <https://w3id.org/stancekg/id/graph/actors> {
        ?a <http://schema.org/description> ?d } }""").askAnswer


def test_enrich_again_comes_from_the_cache_and_changes_nothing(seeded, settings, wikidata_endpoint) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    local = settings.with_(wikidata_endpoint=wikidata_endpoint, wikidata_rate=50.0)
    enrich_linked_actors(seeded, local)
    count = len(list(seeded.query(f"SELECT * WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{ ?s ?p ?o }} }}")))
    client = WikidataClient(local)
    enrich_linked_actors(seeded, local, client=client)
    assert client.requests == 0
    assert len(list(seeded.query(f"SELECT * WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{ ?s ?p ?o }} }}"))) == count


def test_enrich_with_the_endpoint_down_leaves_the_store_unchanged(seeded, settings, free_port: int) -> None:  # type: ignore[no-untyped-def]
    dead = settings.with_(wikidata_endpoint=f"http://127.0.0.1:{free_port}/query", wikidata_rate=50.0)
    with pytest.raises(LinkingError):
        enrich_linked_actors(seeded, dead)
    assert not seeded.query(f"ASK {{ GRAPH <{WIKIDATA_GRAPH}> {{ ?s ?p ?o }} }}").askAnswer


def test_enrich_command(seeded, settings, wikidata_endpoint, runner, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from kg import open_store
    from kg.cli import main
    from kg.store import native_oxigraph

    path = tmp_path / "copy"
    native_oxigraph(seeded).backup(str(path))
    env = {"STANCEKG_WIKIDATA_ENDPOINT": wikidata_endpoint, "STANCEKG_WIKIDATA_RATE": "50",
           "STANCEKG_CACHE_DIR": str(tmp_path / "cache")}
    result = runner.invoke(main, ["enrich", "--store", f"oxigraph:{path}"], env=env)
    assert result.exit_code == 0, result.output
    assert "copied" in result.output
    result = runner.invoke(main, ["query", "--store", f"oxigraph:{path}", "--name", "wikidata-profiles",
                                  "--param", "actor=Q22686", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    assert "President of the United States" in result.output and "2017-01-20" in result.output
    ds = open_store(f"oxigraph:{path}")
    ds.close()
