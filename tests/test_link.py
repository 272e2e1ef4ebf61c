"""`stancekg link`: Wikidata candidates for unlinked actors, from a real local SPARQL server.

The server holds tests/data/wikidata-fixture.ttl (real QIDs of the seed's verified entities only).
To have something to link, the seed is ingested and the curated ids of Putin and Russia removed,
as if their annotation had not carried them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from wikidata_server import wikidata_endpoint  # noqa: F401 - the fixture

from kg.errors import LinkingError
from kg.link import WikidataClient, accept_proposals, propose_links, read_review_file, write_review_file
from kg.link.reconcile import unlinked_actors
from kg.namespaces import ID

PUTIN, RUSSIA, US = ID["actor/vladimir-putin"], ID["actor/russia"], ID["actor/united-states"]


@pytest.fixture
def unlinked_store(store):  # type: ignore[no-untyped-def]
    """The seed with the ids of Putin and Russia taken out (actors graph and linkset)."""
    from kg import ingest_bundled

    ingest_bundled(store)
    for actor in (PUTIN, RUSSIA):
        store.update(f"""PREFIX skg: <https://w3id.org/stancekg/ontology#>
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            DELETE WHERE {{ GRAPH <{ID['graph/actors']}> {{ <{actor}> skg:wikidataId ?q }} }} ;
            DELETE WHERE {{ GRAPH <{ID['graph/wikidata-links']}> {{ <{actor}> owl:sameAs ?x }} }}""")
    return store


@pytest.fixture
def link_settings(settings, wikidata_endpoint: str):  # type: ignore[no-untyped-def]  # noqa: F811
    return settings.with_(wikidata_endpoint=wikidata_endpoint, wikidata_rate=50.0)


def _ids(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(a): str(q) for a, q in store.query(
        "SELECT ?a ?q WHERE { GRAPH <https://w3id.org/stancekg/id/graph/actors> "
        "{ ?a <https://w3id.org/stancekg/ontology#wikidataId> ?q } }")}


def test_unlinked_actors_skip_linked_groups_and_anonymous_ones(unlinked_store) -> None:  # type: ignore[no-untyped-def]
    actors = {str(a): kind for a, _label, kind, _names in unlinked_actors(unlinked_store)}
    assert actors[str(PUTIN)] == "Person" and actors[str(RUSSIA)] == "State"
    assert str(US) not in actors  # linked by the curator
    assert str(ID["actor/russian-diplomat"]) not in actors and str(ID["actor/us-and-allies"]) not in actors


def test_link_proposes_the_right_items_with_evidence(unlinked_store, link_settings) -> None:  # type: ignore[no-untyped-def]
    proposals = {str(p.actor): p for p in propose_links(unlinked_store, link_settings)}
    putin = proposals[str(PUTIN)].candidates
    assert [c.qid for c in putin] == ["Q7747"]
    assert putin[0].score == 1.0 and putin[0].label == "Vladimir Putin"
    assert 'our label "Vladimir Putin" = Wikidata label' in putin[0].evidence and "instance of Q5" in putin[0].evidence
    russia = proposals[str(RUSSIA)].candidates
    assert russia[0].qid == "Q159"
    # "Moscow" may be one of Russia's aliases, but Moscow the city (Q649) is no State.
    assert "Q649" not in {c.qid for c in russia}
    # People and groups whose ids could not be verified find nothing in the fixture: no guesses.
    assert proposals[str(ID["actor/rex-tillerson"])].candidates == ()
    assert proposals[str(ID["actor/sergei-lavrov"])].candidates == ()


def test_link_changes_nothing_until_a_curator_accepts(unlinked_store, link_settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _ids(unlinked_store)
    proposals = propose_links(unlinked_store, link_settings)
    review = tmp_path / "review.tsv"
    assert write_review_file(proposals, review) >= 2
    assert _ids(unlinked_store) == before
    assert read_review_file(review) == []  # nothing marked yet
    lines = review.read_text(encoding="utf-8").splitlines()
    marked = [line + "yes" if ("\tQ7747\t" in line or "\tQ159\t" in line) else line for line in lines]
    review.write_text("\n".join(marked) + "\n", encoding="utf-8")
    accepted = read_review_file(review)
    assert sorted(accepted) == sorted([(PUTIN, "Q7747"), (RUSSIA, "Q159")])
    report = accept_proposals(unlinked_store, accepted)
    assert {(str(a), q, s) for a, q, s in report} == {(str(PUTIN), "Q7747", "linked"), (str(RUSSIA), "Q159", "linked")}
    after = _ids(unlinked_store)
    assert after[str(PUTIN)] == "Q7747" and after[str(RUSSIA)] == "Q159"
    assert unlinked_store.query(f"ASK {{ GRAPH <{ID['graph/wikidata-links']}> {{ <{PUTIN}> "
                                "<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q7747> } }"
                                ).askAnswer


def test_a_curated_id_is_never_replaced(unlinked_store) -> None:  # type: ignore[no-untyped-def]
    before = _ids(unlinked_store)
    report = accept_proposals(unlinked_store, [(US, "Q159")])
    assert report == [(US, "Q30", "kept")]
    assert _ids(unlinked_store) == before


def test_answers_are_cached_on_disk(unlinked_store, link_settings) -> None:  # type: ignore[no-untyped-def]
    first = WikidataClient(link_settings)
    propose_links(unlinked_store, link_settings, client=first)
    assert first.requests > 0
    again = WikidataClient(link_settings)
    propose_links(unlinked_store, link_settings, client=again)
    assert again.requests == 0  # every answer came from settings.cache_dir
    assert any((Path(link_settings.cache_dir) / "wikidata").rglob("*.json"))


def test_a_dead_endpoint_is_a_linking_error(unlinked_store, settings, free_port: int) -> None:  # type: ignore[no-untyped-def]
    dead = settings.with_(wikidata_endpoint=f"http://127.0.0.1:{free_port}/query", wikidata_rate=50.0)
    with pytest.raises(LinkingError, match=f"127.0.0.1:{free_port}"):
        propose_links(unlinked_store, dead)


def test_review_file_rejects_a_bad_accepted_row(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("actor\tactor_label\tkind\trank\tqid\twikidata_label\tdescription\tscore\tevidence\taccept\n"
                      f"{PUTIN}\tPutin\tPerson\t1\tQ77x\tx\tx\t1.00\tx\tyes\n", encoding="utf-8")
    with pytest.raises(LinkingError, match=r"review\.tsv:2"):
        read_review_file(review)


def test_link_command_shows_then_accepts(unlinked_store, link_settings, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main
    from kg.store import native_oxigraph

    path = tmp_path / "copy"
    native_oxigraph(unlinked_store).backup(str(path))
    env = {"STANCEKG_WIKIDATA_ENDPOINT": link_settings.wikidata_endpoint, "STANCEKG_WIKIDATA_RATE": "50",
           "STANCEKG_CACHE_DIR": str(link_settings.cache_dir)}
    review = tmp_path / "review.tsv"
    result = runner.invoke(main, ["link", "--store", f"oxigraph:{path}", "--review", str(review)], env=env)
    assert result.exit_code == 0, result.output
    assert "Q7747" in result.output and "Vladimir Putin" in result.output
    assert review.is_file()
    lines = review.read_text(encoding="utf-8").splitlines()
    review.write_text("\n".join(line + "yes" if "\tQ7747\t" in line else line for line in lines) + "\n",
                      encoding="utf-8")
    result = runner.invoke(main, ["link", "--store", f"oxigraph:{path}", "--accept", str(review)], env=env)
    assert result.exit_code == 0, result.output
    assert "linked" in result.output and "Q7747" in result.output
    from kg import open_store

    ds = open_store(f"oxigraph:{path}")
    try:
        assert _ids(ds)[str(PUTIN)] == "Q7747"
        assert URIRef(str(PUTIN)) in {a for a, *_ in unlinked_actors(unlinked_store)}  # the original is untouched
    finally:
        ds.close()
