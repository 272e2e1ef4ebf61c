"""The offline gazetteer: names, demonyms and metonyms resolve to the right actor; only verified ids link."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import GazetteerError
from kg.gazetteer import Gazetteer, build_gazetteer, key_for

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_metonyms_map_to_the_actor_not_the_city(gaz: Gazetteer) -> None:
    assert gaz.lookup("Washington").key == "united-states"
    assert gaz.lookup("Washington").qid == "Q30"  # the state, never Washington, D.C. (Q61)
    assert gaz.lookup("Moscow").key == "russia"
    assert gaz.lookup("Beijing").key == "china"
    assert gaz.lookup("Tehran").key == "iran"
    assert gaz.lookup("Brussels").key == "european-union"
    kremlin = gaz.lookup("the Kremlin")
    assert (kremlin.key, kremlin.type, kremlin.governs) == ("kremlin", "Government", "russia")
    assert kremlin.qid is None  # no verified id for the Kremlin as government
    for name, state in [("the White House", "united-states"), ("Downing Street", "united-kingdom"),
                        ("Whitehall", "united-kingdom")]:
        assert gaz.lookup(name).governs == state, name


def test_demonyms_map_to_states(gaz: Gazetteer) -> None:
    for demonym, key in [("Russian", "russia"), ("British", "united-kingdom"), ("French", "france"),
                         ("Italian", "italy"), ("Syrian", "syria"), ("American", "united-states")]:
        assert gaz.lookup(demonym).key == key, demonym


def test_only_verified_rows_carry_a_qid() -> None:
    if not (SHARED / "reference").exists():
        pytest.skip("../shared/reference is not beside the checkout")
    verified = {}
    for name in ("wikidata-actors.tsv", "wikidata-entities.tsv"):
        text = (SHARED / "reference" / name).read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["verified"] == "yes" or row["label"] not in verified:  # verified in either table wins
                verified[row["label"]] = row["qid"] if row["verified"] == "yes" else None
    gaz = Gazetteer.load()
    checked = 0
    for entry in gaz:
        if entry.label in verified:
            assert entry.qid == verified[entry.label], entry.label
            checked += 1
    assert checked > 250
    assert gaz.get("bashar-al-assad").qid is None  # conflicting id in the reference: never linked
    assert gaz.get("vladimir-putin").qid == "Q7747"


def test_find_mentions_spans_are_exact_and_longest(gaz: Gazetteer) -> None:
    text = ("Russian President Vladimir Putin met the G-7 in Brussels; the Kremlin said the "
            "Washington Post was wrong, and US officials told us so.")
    found = [(m.key, m.text) for m in gaz.find_mentions(text)]
    assert found == [("vladimir-putin", "Russian President Vladimir Putin"), ("g7", "G-7"),
                     ("european-union", "Brussels"), ("kremlin", "Kremlin"),
                     ("washington-post", "Washington Post"), ("united-states", "US")]
    for m in gaz.find_mentions(text):
        assert text[m.start:m.end] == m.text and m.span == (m.start, m.end)


def test_lower_case_words_and_acronyms_do_not_match(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("who told us about the turkey and the chad?") == []
    assert gaz.lookup("WHO").key == "world-health-organization"
    assert gaz.lookup("who") is None


def test_offices_resolve_through_tenures(gaz: Gazetteer) -> None:
    office = gaz.find_mentions("the secretary of state arrived", kinds=("office",))[0]
    assert office.key == "united-states-secretary-of-state"
    assert gaz.office_holder(office.key, "2017-04-11") == "rex-tillerson"
    assert gaz.office_holder(office.key, "2015-06") == "john-kerry"
    assert gaz.office_holder(office.key, None) is None


def test_build_gazetteer_reproduces_the_bundled_file(tmp_path: Path) -> None:
    reference = SHARED / "reference"
    if not reference.exists():
        pytest.skip("../shared/reference is not beside the checkout")
    out = build_gazetteer(reference, tmp_path / "gazetteer.tsv")
    bundled = Path(__file__).resolve().parent.parent / "kg" / "data" / "gazetteer.tsv"
    assert out.read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")
    rebuilt = Gazetteer.load(out)
    assert rebuilt.lookup("G-7").key == "g7" and rebuilt.lookup("G-7").type == "InformalForum"


def test_missing_reference_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"wikidata-actors\.tsv"):
        build_gazetteer(tmp_path, tmp_path / "out.tsv")


def test_keys_are_slugs() -> None:
    assert key_for("São Tomé and Príncipe") == "sao-tome-and-principe"
    assert key_for("People's Republic of China") == "china"
