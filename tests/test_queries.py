"""Every research query in queries/ runs on the seed graph and gives the rows a careful reader expects.

The expected rows come from the seed article (kg/data/articles/tillerson-moscow-2017.*) and are
cross-checked, where one exists, against an independent path: the stance and sanction tables.
Parameters are bound as RDF terms; the injection tests show a hostile value changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg import stance_table
from kg.errors import QueryNotFoundError, QueryParameterError, QuerySyntaxError
from kg.namespaces import ID
from kg.queries import (
    PARAMETER_TYPES,
    list_queries,
    load_query,
    parse_header,
    queries_dir,
    run_named_query,
    with_values,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.txt"
# Queries tested elsewhere against a local Wikidata server (tests/test_federation.py, test_enrich.py).
TESTED_ELSEWHERE = {"wikidata-federated-profile": "tests/test_federation.py"}


def short(value: object) -> str:
    """A result value as a person reads it: data IRIs without the id/ base, empty for unbound."""
    if value is None:
        return ""
    return str(value).replace(str(ID), "").replace("https://w3id.org/stancekg/ontology#", "skg:")


def rows(ds, name: str, **params: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    result = run_named_query(ds, name, params)
    names = [str(v) for v in result.vars]  # type: ignore[union-attr]
    return [{n: short(row[i]) for i, n in enumerate(names)} for row in result]  # type: ignore[index]


# ---------- the files themselves ----------
def test_there_are_at_least_twenty_queries_each_with_a_header() -> None:
    queries = list_queries()
    assert len(queries) >= 20
    for q in queries:
        assert q.title and q.description, q.name
        assert q.text.startswith("# title:"), q.name
        assert all(p.kind in PARAMETER_TYPES for p in q.parameters)


def test_every_query_has_a_test_here_or_is_named_as_tested_elsewhere() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for q in list_queries():
        assert f'"{q.name}"' in source or q.name in TESTED_ELSEWHERE, f"{q.name}.rq has no test"
    for name, where in TESTED_ELSEWHERE.items():
        assert f'"{name}"' in (ROOT / where).read_text(encoding="utf-8"), where


def test_every_query_is_listed_in_the_queries_readme_with_its_parameters() -> None:
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z0-9-]+)` \| .* \| (.*) \|$", readme, flags=re.M))
    for q in list_queries():
        assert q.name in listed, f"queries/README.md does not list {q.name}"
        params = ", ".join(f"`?{p.name}` ({p.kind}{', optional' if p.optional else ''})" for p in q.parameters)
        assert listed[q.name] == (params or "none"), f"queries/README.md gives {q.name} other parameters"


def test_package_data_folder_is_the_top_level_queries_folder() -> None:
    assert queries_dir().resolve() == (ROOT / "queries").resolve()


def test_header_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    with pytest.raises(QuerySyntaxError, match="lacks '# title:'"):
        parse_header("# description: x\n# parameters: none\nSELECT * {}", path)
    with pytest.raises(QuerySyntaxError) as e:
        parse_header("# title: t\n# description: d\n# parameters:\n#   ?x: thing (type: number)\nSELECT ?x {}", path)
    assert e.value.line == 4 and "unknown parameter type" in str(e.value)
    path.write_text("# title: t\n# description: d\n# parameters:\n#   ?y: a thing (type: iri)\nSELECT * { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match="never uses it"):
        load_query("bad", tmp_path)


def test_unknown_query_names_the_known_ones(seed_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryNotFoundError, match="who-opposes"):
        run_named_query(seed_store, "who-hates")
    with pytest.raises(QueryNotFoundError):
        run_named_query(seed_store, "../pyproject")


# ---------- parameters ----------
def test_parameters_are_checked_before_anything_runs(seed_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryParameterError, match="no parameter 'holder'"):
        run_named_query(seed_store, "who-opposes", {"holder": "Q30"})
    with pytest.raises(QueryParameterError, match=r"needs \?date"):
        run_named_query(seed_store, "office-holders-at-date", {})
    with pytest.raises(QueryParameterError, match="not a date"):
        run_named_query(seed_store, "office-holders-at-date", {"date": "11 April 2017"})
    with pytest.raises(QueryParameterError, match="no entity in the store carries Wikidata id Q42"):
        run_named_query(seed_store, "who-opposes", {"target": "Q42"})


@pytest.mark.parametrize("value", [
    "Q858> } ; DROP ALL ; #",
    "<https://w3id.org/stancekg/id/actor/syria> } } DROP ALL { {",
    "https://w3id.org/x> ?p ?o } #",
    "not an iri",
])
def test_injection_in_an_iri_parameter_is_refused(seed_store, value: str) -> None:  # type: ignore[no-untyped-def]
    before = len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")))
    with pytest.raises(QueryParameterError):
        run_named_query(seed_store, "who-opposes", {"target": value})
    assert len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == before


@pytest.mark.parametrize("value", [
    'ACCUSE" ) } ; DROP ALL ; SELECT * { ?s ?p ?o FILTER("',
    "ACCUSE' } } UNION { ?stance ?p ?o } #",
    'ACCUSE"\n} INSERT DATA { <http://evil> <http://evil> <http://evil> } #',
])
def test_injection_in_a_literal_parameter_is_only_a_string(seed_store, value: str) -> None:  # type: ignore[no-untyped-def]
    before = len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")))
    result = rows(seed_store, "stances-by-plover", category=value)
    assert result == []  # the whole value is one string literal, which names no PLOVER category
    assert len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == before
    assert seed_store.query("ASK { <http://evil> ?p ?o }").askAnswer is False


def test_values_are_written_as_terms_not_pasted() -> None:
    text = with_values("SELECT ?x WHERE { ?s ?p ?x }", {"x": Literal('a" } DROP ALL #')})
    assert text == 'SELECT ?x WHERE { VALUES ?x { "a\\" } DROP ALL #" } ?s ?p ?x }'
    construct = with_values("CONSTRUCT { ?s ?p \"{\" } WHERE { ?s ?p ?o }", {"s": URIRef("http://a")})
    assert construct == 'CONSTRUCT { ?s ?p "{" } WHERE { VALUES ?s { <http://a> } ?s ?p ?o }'


def test_a_qid_parameter_also_takes_an_actor_iri_or_prefixed_name(seed_store) -> None:  # type: ignore[no-untyped-def]
    by_qid = rows(seed_store, "who-opposes", target="Q858")
    by_iri = rows(seed_store, "who-opposes", target=str(ID["actor/syria"]))
    by_name = rows(seed_store, "who-opposes", target="id:actor/syria")
    assert by_qid == by_iri == by_name and by_qid


# ---------- the research questions, on the seed ----------
def test_who_opposes_syria_reaches_its_government_and_president(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "who-opposes", target="Q858")
    assert {(r["holder"], r["stanceTarget"], r["via"]) for r in got} >= {
        ("actor/g7", "actor/bashar-al-assad", "an office holder"),
        ("actor/jean-marc-ayrault", "actor/bashar-al-assad", "an office holder"),
        ("actor/rex-tillerson", "actor/bashar-al-assad", "an office holder"),
        ("actor/united-states", "actor/bashar-al-assad", "an office holder"),
        ("actor/united-states", "actor/government-of-syria", "its government"),
        ("actor/us-and-allies", "actor/government-of-syria", "its government"),
    }
    assert {r["target"] for r in got} == {"actor/syria"}
    assert {r["via"] for r in got} <= {"itself", "its government", "an office holder"}
    assert ("actor/united-states", "use force", "a U.S. missile strike hit a Syrian government air base") in {
        (r["holder"], r["stanceType"], r["quote"]) for r in got}
    assert all(r["quote"] for r in got)
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert all(r["quote"] in text for r in got)


def test_who_opposes_without_target_lists_all_non_negated_negative_stances(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "who-opposes")
    table = [r for r in stance_table(seed_store)
             if r["polarity"] == "-1" and r["modality"] != "negated" and r["target"]]
    assert len(got) == len(table) >= 15
    assert {r["via"] for r in got} == {"itself"}
    assert "stopped short of directly calling for him to step down" not in {r["quote"] for r in got}


def test_who_supports_syria(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "who-supports", target="Q858")
    assert {r["holder"] for r in got} == {"actor/vladimir-putin", "actor/kremlin", "actor/russia"}
    assert ("actor/russia", "defend verbally", "the Russians say there is no proof of this claim") in {
        (r["holder"], r["stanceType"], r["quote"]) for r in got}
    assert ("actor/vladimir-putin", "material support", "actor/government-of-syria") in {
        (r["holder"], r["stanceType"], r["stanceTarget"]) for r in got}


def test_who_makes_demands_of_russia(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "who-makes-demands", target="Q159")
    assert {(r["holder"], r["stanceType"], r["modality"]) for r in got} == {
        ("actor/rex-tillerson", "demand", "Asserted")}
    assert {r["quote"] for r in got} == {
        "Tillerson warns that Russia must end support for Syrian President Assad",
        "Russia must choose who to align with: the U.S. and its allies, or Assad, Iran, and Hezbollah"}


def test_actor_timeline_of_putin_is_in_date_order(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "actor-timeline", actor="Q7747")
    table = [r for r in stance_table(seed_store) if "Q7747" in (r["holder_wikidata"], r["target_wikidata"])]
    assert len(got) == len(table) >= 8
    assert got[0]["other"] == "actor/rex-tillerson" and got[0]["stanceType"] == "praise or honour"
    assert got[0]["modality"] == "Historical" and got[0]["date"].startswith("2013")
    dates = [r["date"] for r in got]
    dated = [d for d in dates if d]
    assert dates == dated + [""] * (len(dates) - len(dated))  # undated (historical) stances come last
    assert dated == sorted(dated)
    assert Counter(r["role"] for r in got) == Counter(
        {"holder": sum(r["holder_wikidata"] == "Q7747" for r in table),
         "target": sum(r["target_wikidata"] == "Q7747" for r in table)})


def test_sanction_measures_agree_with_the_sanction_table(seed_store) -> None:  # type: ignore[no-untyped-def]
    from kg import sanction_table

    got = rows(seed_store, "sanction-measures", target="Q159")
    (table,) = sanction_table(seed_store)
    assert len(got) == 1
    (row,) = got
    assert row["status"] == "NoConsensus" and row["kind"] == "EconomicSanction"
    assert row["targetLabel"] == table["target"] == "Russia"
    assert row["imposerLabel"] == table["imposer"]
    assert set(row["backers"].split(" | ")) == set(table["backers"].split("|")) == {"Canada", "United Kingdom"}
    assert row["resisters"] == table["resisters"] == "Angelino Alfano"


def test_sanction_positions_show_each_side_with_its_quote(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "sanction-positions")
    assert {(r["side"], r["holder"]) for r in got} == {
        ("backs", "actor/canada"), ("backs", "actor/united-kingdom"), ("resists", "actor/angelino-alfano")}
    assert {r["status"] for r in got} == {"NoConsensus"}
    measure = got[0]["measure"]
    assert rows(seed_store, "sanction-positions", measure=str(ID[measure])) == got


def test_group_splits_find_the_g7_split_over_russia_sanctions(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "group-splits", group="Q1764511")
    assert {(r["against"], r["againstStance"], r["for"], r["forStance"]) for r in got} == {
        ("actor/canada", "advocate sanctions", "actor/italy", "oppose sanctions"),
        ("actor/united-kingdom", "advocate sanctions", "actor/italy", "oppose sanctions"),
    }
    assert {r["topic"] for r in got} == {"sanction/g7-tighter-russia-sanctions-2017"}
    assert rows(seed_store, "group-splits") == got  # no other group splits in the seed


def test_group_members_of_the_g7(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "group-members", group="Q1764511")
    assert {r["memberWikidata"] for r in got} == {"Q16", "Q142", "Q183", "Q38", "Q17", "Q145", "Q30"}
    assert {r["kind"] for r in got} == {"InformalForum"}


def test_alignment_sides(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = {r["alignmentLabel"]: r for r in rows(seed_store, "alignment-sides")}
    us = got["The side of the U.S. and its allies"]
    assert set(us["members"].split(" | ")) == {"the U.S. and its allies", "United States of America"}
    assert set(us["opponents"].split(" | ")) == {"Bashar al-Assad", "Iran", "Hezbollah"}
    assert us["opposedToLabel"] == "The side of Assad, Iran and Hezbollah"
    assert {r["modality"] for r in got.values()} == {"Hypothetical"}
    assert len(got) == 2


@pytest.mark.parametrize(("date", "secretary"), [("2017-04-11", "Rex Tillerson"), ("2016-06-01", "John Kerry")])
def test_office_holders_at_a_date(seed_store, date: str, secretary: str) -> None:  # type: ignore[no-untyped-def]
    got = {r["officeLabel"]: r["holderLabel"] for r in rows(seed_store, "office-holders-at-date", date=date)}
    assert got["United States Secretary of State"] == secretary
    assert got["President of Russia"] == "Vladimir Putin"
    assert got["President of the United States"] == ("Donald Trump" if date.startswith("2017") else "Barack Obama")


def test_tenures_of_putin(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "tenures", holder="Q7747")
    assert [(r["officeLabel"], r["officeWikidata"], r["start"][:10], r["end"]) for r in got] == [
        ("President of Russia", "Q218295", "2012-05-07", "")]
    everyone = rows(seed_store, "tenures")
    assert ("actor/rex-tillerson", "Q14213") in {(r["holder"], r["officeWikidata"]) for r in everyone}
    assert len({r["holder"] for r in everyone}) >= 8


def test_events_and_what_they_responded_to(seed_store) -> None:  # type: ignore[no-untyped-def]
    (row,) = rows(seed_store, "event-responses")
    assert (row["event"], row["eventKinds"], row["cause"], row["causeKinds"]) == (
        "event/shayrat-strike", "MilitaryStrike", "event/khan-shaykhun-attack", "ChemicalAttack")
    assert row["eventDate"].startswith("2017-04-07") and row["causeDate"].startswith("2017-04-04")
    assert "in response to" in row["quote"]


def test_events_with_putin(seed_store) -> None:  # type: ignore[no-untyped-def]
    everything = rows(seed_store, "events")
    assert len(everything) == len({r["event"] for r in everything}) >= 12
    got = {r["event"]: r for r in rows(seed_store, "events", actor="Q7747")}
    assert set(got) == {
        "event/putin-tillerson-past-meetings", "event/kerry-moscow-meetings", "event/putin-hosts-tillerson",
        "event/order-of-friendship-2013", "event/tillerson-putin-meeting"}
    assert got["event/tillerson-putin-meeting"]["modality"] == "Negated"
    assert got["event/order-of-friendship-2013"]["kinds"] == "AwardConferral"


def test_relation_between_moscow_and_washington_soured(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "relation-changes", actor="Q30")
    assert [(r["previousQuality"], r["quality"], r["changedByLabel"]) for r in got] == [
        ("", "Warm", "2016 United States presidential election"),
        ("Warm", "Soured", "US missile strike on Shayrat air base")]
    assert {(r["partyA"], r["partyB"]) for r in got} == {("actor/russia", "actor/united-states")}
    assert rows(seed_store, "relation-changes") == got
    assert rows(seed_store, "relation-changes", actor="Q38") == []


def test_stances_by_cameo_prefix(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "stances-by-cameo", code="112")
    assert sorted(r["cameo"] for r in got) == ["112", "112", "1123", "1124"]
    assert {r["cameoLabel"] for r in got if r["cameo"] == "1123"} == {"Accuse of aggression"}
    assert rows(seed_store, "stances-by-cameo", code="999") == []


def test_stances_by_plover_category(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "stances-by-plover", category="ACCUSE")
    count = seed_store.query("""PREFIX skg: <https://w3id.org/stancekg/ontology#>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a skg:Stance ; skg:ploverCategory <https://w3id.org/stancekg/plover/ACCUSE> }""")
    assert len(got) == int(next(iter(count))[0]) >= 8  # type: ignore[index]
    assert {r["mode"] for r in got} == {"allege", "disapprove"}
    assert {r["category"] for r in got} == {"ACCUSE"}
    assert len(rows(seed_store, "stances-by-plover", category="SANCTION")) == 0


def test_stance_type_counts_add_up_to_every_stance(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "stance-type-counts")
    table = stance_table(seed_store)
    assert sum(int(r["stances"]) for r in got) == len(table) >= 40
    counts = {r["type"].rsplit("/", 1)[-1]: int(r["stances"]) for r in got}
    assert counts == dict(Counter(r["stance"] for r in table))


def test_contradictions_are_none_in_the_seed_and_found_when_present(seed_store, store) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from kg import ingest_article

    assert rows(seed_store, "contradictions") == []
    # One more stance, ingested like any other (so the summaries graph counts it): Russia praising the
    # United States, beside its rejections of it in the seed.
    annotation = yaml.safe_load(SEED_TEXT.with_suffix(".yaml").read_text(encoding="utf-8"))
    annotation["stances"].append({"holder": "russia", "type": "praise", "target": "united-states",
                                  "time": "2017-04-12", "confidence": 0.6,
                                  "quote": "Russia must choose who to align with"})
    ingest_article(store, SEED_TEXT, annotation=annotation)
    got = rows(store, "contradictions", holder="Q159")
    assert {(r["holder"], r["target"]) for r in got} == {("actor/russia", "actor/united-states")}
    # One row per stance of the pair, both sides: the praise and every non-negated negative stance.
    table = [r for r in stance_table(store) if r["holder_wikidata"] == "Q159" and r["target_wikidata"] == "Q30"
             and r["modality"] != "negated" and r["polarity"] in ("+1", "-1")]
    assert sorted((r["polarity"], r["quote"]) for r in got) == sorted(
        ({"+1": "Positive", "-1": "Negative"}[r["polarity"]], r["quote"]) for r in table)
    assert [r["quote"] for r in got if r["polarity"] == "Positive"] == ["Russia must choose who to align with"]
    assert {r["stanceType"] for r in got if r["polarity"] == "Positive"} == {"praise or honour"}
    # In date order within the pair: the denial (April), the rejection (11 April), then the praise (12 April).
    assert [r["date"][:10] for r in got] == ["2017-04-01", "2017-04-11", "2017-04-12"]
    assert [r["polarity"] for r in got] == ["Negative", "Negative", "Positive"]
    assert all(r["article"].startswith("article/") for r in got)
    assert rows(store, "contradictions", holder="Q30") == []


def test_contested_topics(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "contested-topics")
    sides = {(r["topic"], r["polarity"], r["holder"]) for r in got}
    assert len(sides) == len(got)  # one row per side
    khan, g7 = "event/khan-shaykhun-attack", "sanction/g7-tighter-russia-sanctions-2017"
    assert sides >= {
        (khan, "skg:Negative", "actor/us-and-allies"),  # accuse
        (khan, "skg:Negative", "actor/russia"), (khan, "skg:Positive", "actor/russia"),  # deny, defend verbally
        (g7, "skg:Positive", "actor/angelino-alfano"),  # oppose sanctions
        (g7, "skg:Negative", "actor/canada"), (g7, "skg:Negative", "actor/united-kingdom"),  # advocate sanctions
    }
    by_side = {(r["topic"], r["polarity"], r["holder"]): r for r in got}
    assert by_side[(g7, "skg:Positive", "actor/angelino-alfano")]["stanceTypes"] == "oppose sanctions"
    assert by_side[(khan, "skg:Negative", "actor/us-and-allies")]["holderLabel"] == "the U.S. and its allies"
    table = stance_table(seed_store)
    for r in got:  # every side is backed by the stances it counts, quoted from the article
        assert r["polarity"] in ("skg:Positive", "skg:Negative") and r["quote"]
        mine = [t for t in table if t["holder"] == r["holderLabel"] and t["topic"] == r["topicLabel"]
                and t["polarity"] == {"skg:Positive": "+1", "skg:Negative": "-1"}[r["polarity"]]
                and t["modality"] != "negated"]
        assert int(r["stances"]) == len(mine) >= 1 and r["quote"] == min(t["quote"] for t in mine)
    # every topic listed has both sides, the positive one first
    for topic in {r["topic"] for r in got}:
        assert next(r["polarity"] for r in got if r["topic"] == topic) == "skg:Positive"
        assert {r["polarity"] for r in got if r["topic"] == topic} == {"skg:Positive", "skg:Negative"}


def test_provenance_audit_matches_the_stance_table_and_the_text(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "provenance-audit")
    table = stance_table(seed_store)
    assert len(got) == len(table) >= 40
    assert Counter((r["quote"], r["start"], r["end"]) for r in got) == Counter(
        (r["quote"], r["start"], r["end"]) for r in table)
    assert {r["quoteMatchesText"] for r in got} == {"true"}
    assert {r["annotationSource"] for r in got} == {"Curated"}
    assert all(r["ingestStarted"] and r["software"] for r in got)
    article = got[0]["article"]
    assert len(rows(seed_store, "provenance-audit", article=str(ID[article]))) == len(table)
    assert rows(seed_store, "provenance-audit", article="id:article/0000000000000000") == []


def test_articles(seed_store) -> None:  # type: ignore[no-untyped-def]
    (row,) = rows(seed_store, "articles")
    assert int(row["stances"]) == len(stance_table(seed_store)) and int(row["sanctionMeasures"]) == 1
    assert int(row["chars"]) == len(SEED_TEXT.read_text(encoding="utf-8"))
    assert row["annotationSource"] == "Curated"
    assert row["title"].startswith("Tillerson warns that Russia must end support")


def test_entity_by_wikidata_id(seed_store) -> None:  # type: ignore[no-untyped-def]
    (row,) = rows(seed_store, "entity-by-wikidata-id", qid="Q7747")
    table = stance_table(seed_store)
    assert (row["entity"], row["label"], row["sameAs"]) == (
        "actor/vladimir-putin", "Vladimir Putin", "http://www.wikidata.org/entity/Q7747")
    assert "Person" in row["kinds"].split()
    assert int(row["stancesHeld"]) == sum(r["holder_wikidata"] == "Q7747" for r in table) >= 4
    assert int(row["stancesReceived"]) == sum(r["target_wikidata"] == "Q7747" for r in table) >= 2
    assert rows(seed_store, "entity-by-wikidata-id", qid="Q42") == []


def test_wikidata_profiles_are_empty_before_enrich(seed_store) -> None:  # type: ignore[no-untyped-def]
    # After `stancekg enrich` this query shows positions and memberships: tests/test_enrich.py.
    assert rows(seed_store, "wikidata-profiles") == []


def test_actor_network_counts_by_polarity(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = {(r["holder"], r["target"]): r for r in rows(seed_store, "actor-network")}
    putin_assad = got[("actor/vladimir-putin", "actor/bashar-al-assad")]
    assert (putin_assad["stances"], putin_assad["positive"], putin_assad["negative"]) == ("2", "2", "0")
    tillerson_russia = got[("actor/rex-tillerson", "actor/russia")]
    assert tillerson_russia["directive"] == "2"
    for r in got.values():
        assert int(r["stances"]) == sum(int(r[k]) for k in ("positive", "negative", "directive", "neutral"))
    table = [r for r in stance_table(seed_store) if r["target"] and r["modality"] != "negated"]
    assert sum(int(r["stances"]) for r in got.values()) == len(table)


def test_reported_via_shows_outlets_and_speakers(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "reported-via")
    eric = [r for r in got if r["holder"] == "actor/eric-trump"]
    assert eric and {r["reportedVia"] for r in eric} == {"The Daily Telegraph"}
    diplomat = [r for r in got if r["holder"] == "actor/russian-diplomat"]
    assert diplomat and {r["reportedVia"] for r in diplomat} == {"Financial Times"}
    kremlin = [r for r in got if r["holder"] == "actor/kremlin" and r["stanceType"] == "accuse"]
    assert kremlin and kremlin[0]["statedBy"] == "Dmitry Peskov"


def test_spokespeople_for_russia(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "spokespeople", principal="Q159")
    assert {r["speaker"] for r in got} == {"actor/vladimir-putin", "actor/russian-diplomat"}
    assert {r["principalLabel"] for r in got} == {"Russia"}


def test_hedged_stances(seed_store) -> None:  # type: ignore[no-untyped-def]
    got = rows(seed_store, "hedged-stances")
    table = stance_table(seed_store)
    assert len([r for r in got if r["modality"] != "Asserted"]) == sum(r["modality"] != "asserted" for r in table)
    assert ("Negated", "demand", "stopped short of directly calling for him to step down") in {
        (r["modality"], r["stanceType"], r["quote"]) for r in got}
    assert not [r for r in got if r["modality"] == "Asserted" and r["certainty"] == "Certain"]


def test_direct_edges_follow_the_sub_property_hierarchy(seed_store) -> None:  # type: ignore[no-untyped-def]
    opposes = rows(seed_store, "direct-edges", property="skg:opposes")
    edges = {r["edge"] for r in opposes}
    assert {"skg:opposes", "skg:accuses", "skg:criticizes"} <= edges
    assert "skg:supports" not in edges and "skg:praises" not in edges
    assert ("actor/kremlin", "skg:accuses", "actor/united-states") in {
        (r["holder"], r["edge"], r["target"]) for r in opposes}
    everything = rows(seed_store, "direct-edges")
    direct = seed_store.query("""SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        GRAPH ?g { ?s ?p ?o }
        GRAPH <https://w3id.org/stancekg/id/graph/ontology> { ?type <https://w3id.org/stancekg/ontology#directEdge> ?p }
    } }""")
    assert len(everything) == int(next(iter(direct))[0]) >= 25  # type: ignore[index]


# ---------- the command line ----------
def test_cli_runs_a_named_query_with_a_qid_parameter(seed_store, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    from kg.cli import main
    from kg.store import native_oxigraph

    # The CLI opens its own store; copy the seed into one it can open (Oxigraph allows one process).
    path = tmp_path / "copy"
    native_oxigraph(seed_store).backup(str(path))
    store = ["--store", f"oxigraph:{path}"]
    result = runner.invoke(main, ["query", "--name", "who-opposes", "--param", "target=Q858",
                                  "--format", "csv", *store])
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["stance"] for r in got} == {
        str(ID[r["stance"]]) for r in rows(seed_store, "who-opposes", target="Q858")}
    result = runner.invoke(main, ["query", "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a skg:Stance }",
                                  "--format", "json", *store])
    assert result.exit_code == 0, result.output
    count = json.loads(result.output)["results"]["bindings"][0]["n"]["value"]
    assert int(count) == len(stance_table(seed_store))
    result = runner.invoke(main, ["query", "--name", "office-holders-at-date", "-p", "date=yesterday", *store])
    assert result.exit_code == 1 and "is not a date" in result.output
    result = runner.invoke(main, ["query", "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }", *store])
    assert result.exit_code == 1 and "not allowed" in result.output
    result = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p }", *store])
    assert result.exit_code == 1 and "line 1, column" in result.output
    result = runner.invoke(main, ["query", "--name", "who-opposes", "--param", "target=Q858", "--limit", "2",
                                  "--offset", "1", "--format", "csv", *store])
    assert result.exit_code == 0, result.output
    whole = rows(seed_store, "who-opposes", target="Q858")
    assert [r["stance"] for r in csv.DictReader(io.StringIO(result.output))] == [
        str(ID[r["stance"]]) for r in whole[1:3]]
    result = runner.invoke(main, ["query", "--name", "who-opposes", "--limit", "0", *store])
    assert result.exit_code == 1 and "limit must be a whole number" in result.output


def test_cli_lists_the_named_queries(runner) -> None:  # type: ignore[no-untyped-def]
    import json

    from kg.cli import main

    result = runner.invoke(main, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = {q["name"]: q for q in json.loads(result.output)}
    assert set(listed) == {q.name for q in list_queries()}
    assert listed["who-opposes"]["parameters"] == "target (qid, optional)"


# ---------- over HTTP ----------
def test_http_lists_the_named_queries(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/queries")
    assert response.status_code == 200
    listed = {q["name"]: q for q in response.get_json()}
    assert set(listed) == {q.name for q in list_queries()}
    assert listed["who-opposes"]["parameters"] == [
        {"name": "target", "type": "qid", "optional": True,
         "meaning": "the actor opposed, a Wikidata id such as Q858 or an actor IRI"}]
    source = client.get(listed["who-opposes"]["source"])
    assert source.status_code == 200 and source.get_data(as_text=True) == load_query("who-opposes").text


def test_http_runs_a_named_query_as_sparql_json_or_csv(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/queries/who-opposes?target=Q858")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/sparql-results+json"
    body = response.get_json()
    assert "stanceTarget" in body["head"]["vars"]
    expected = {str(ID[r["stance"]]) for r in rows(seed_store, "who-opposes", target="Q858")}
    assert {b["stance"]["value"] for b in body["results"]["bindings"]} == expected
    csv_response = client.get("/queries/office-holders-at-date?date=2017-04-11", headers={"Accept": "text/csv"})
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    assert "Rex Tillerson" in csv_response.get_data(as_text=True)


def test_http_pages_a_named_query_in_its_order(client) -> None:  # type: ignore[no-untyped-def]
    """Consecutive pages are the ordered answer cut in slices: nothing skipped, nothing repeated."""
    whole = client.get("/queries/who-opposes").get_json()["results"]["bindings"]
    assert len(whole) >= 7
    pages = [client.get(f"/queries/who-opposes?limit=3&offset={start}") for start in range(0, len(whole) + 3, 3)]
    assert all(page.status_code == 200 for page in pages)
    slices = [page.get_json()["results"]["bindings"] for page in pages]
    assert [len(rows) for rows in slices[:2]] == [3, 3] and slices[-1] == []
    assert [row for rows in slices for row in rows] == whole
    csv_page = client.get("/queries/who-opposes?limit=2&format=csv")
    assert csv_page.status_code == 200 and len(csv_page.get_data(as_text=True).strip().splitlines()) == 3


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/queries/who-opposes?limit=0", 400, "limit must be a whole number from 1 to"),
    ("/queries/who-opposes?limit=ten", 400, "not 'ten'"),
    ("/queries/who-opposes?offset=-3", 400, "offset must be a whole number from 0"),
    ("/queries/who-opposes?limit=100000000", 400, "max_result_rows"),
    ("/queries/who-hates", 404, "no named query"),
    ("/queries/who-opposes?target=Q858%3E%20%7D%20DROP%20ALL%20%23", 400, "neither a Wikidata id"),
    ("/queries/who-opposes?colour=red", 400, "no parameter 'colour'"),
    ("/queries/who-opposes?target=Q858&target=Q159", 400, "given 2 times"),
    ("/queries/office-holders-at-date", 400, "needs ?date"),
])
def test_http_errors_are_json_with_a_status(client, url: str, status: int, message: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status
    assert message in response.get_json()["error"] and response.get_json()["status"] == status


def test_http_literal_injection_is_only_a_string(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    before = len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")))
    response = client.get("/queries/stances-by-plover",
                          query_string={"category": 'ACCUSE" ) } ; DROP ALL ; SELECT * { ?s ?p ?o FILTER("'})
    assert response.status_code == 200 and response.get_json()["results"]["bindings"] == []
    assert len(list(seed_store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == before
