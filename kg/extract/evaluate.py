"""Score drafts against gold standards: the seed's curated annotation and PLOVER's gold records.

Two levels, as issue 6 asks: (holder, polarity, target) pairs, and stance types (holder, PLOVER
category, target). Actors are compared by identity: a verified Wikidata id, else the gazetteer key
their label resolves to, else their key; an anonymous actor is "someone of" its affiliation.
PLOVER records code actors as text and country codes, so there a drafted actor matches a gold
actor when the gold text contains one of the names the draft found for it, or when its country
(a State, the State a Government governs, an anonymous source's State) has the gold's ISO code.
PLOVER is a development set: this module reports a figure; no rule is fitted to a record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ExtractionError
from ..gazetteer import Gazetteer
from .lexicon import STANCE_TYPES
from .pipeline import extract

# PLOVER event → the polarity of a stance of that kind (the 2016 gold records use older names).
PLOVER_POLARITY = {
    "AGREE": "+1", "SUPPORT": "+1", "COOPERATE": "+1", "AID": "+1", "CONCEDE": "+1", "RETREAT": "+1",
    "CONSULT": "0", "DEMAND": "d", "REQUEST": "d", "DISAPPROVE": "-1", "ACCUSE": "-1", "INVESTIGATE": "-1",
    "REJECT": "-1", "THREATEN": "-1", "PROTEST": "-1", "SANCTION": "-1", "MOBILIZE": "-1", "COERCE": "-1",
    "ASSAULT": "-1", "FIGHT": "-1",
}
# Polarities our stance types give a PLOVER category, when more than the one above: AGREE covers
# "agreed to meet" (CAMEO 036, intendToMeet), which our scheme codes neutral.
PLOVER_ALSO = {"AGREE": {"0"}}
# PLOVER categories that no stance type of ontology/stance-types.ttl codes (mobilisation; coercion,
# concessions, retreats and investigations have stance types since the second session): reported apart.
OUT_OF_SCOPE = frozenset({"MOBILIZE"})
PLOVER_RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass
class Score:
    """Counts and the precision, recall and F1 they give."""

    tp_pred: int = 0
    predicted: int = 0
    tp_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp_pred += other.tp_pred
        self.predicted += other.predicted
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "true_positives_predicted": self.tp_pred, "predicted": self.predicted,
                "true_positives_gold": self.tp_gold, "gold": self.gold}


def score_sets(predicted: Iterable[tuple[str, ...]], gold: Iterable[tuple[str, ...]]) -> Score:
    """Set precision/recall of exact tuples.

    >>> s = score_sets({("a", "-1", "b"), ("a", "+1", "c")}, {("a", "-1", "b")})
    >>> (s.precision, s.recall)
    (0.5, 1.0)
    """
    p, g = set(predicted), set(gold)
    return Score(len(p & g), len(p), len(p & g), len(g))


# ---------- the seed: draft against a curated annotation ----------


def _identities(annotation: dict[str, Any], gaz: Gazetteer, *, country: bool = False) -> dict[str, str]:
    """Actor key → identity. With `country`, a government stands for the state it governs and an
    anonymous source for its state (the "country level" of issue 6's anchors)."""
    actors = {a["key"]: a for a in annotation.get("actors", [])}

    def ident(key: str, depth: int = 0) -> str:
        a = actors.get(key)
        if a is None:
            entry = gaz.get(key)
            if country and entry is not None and entry.governs and depth < 3:
                return ident(entry.governs, depth + 1)
            return key
        if country and depth < 3:
            link = a.get("governs") if a.get("type") == "Government" else (
                a.get("affiliated_with") if a.get("type") == "AnonymousActor" else None)
            if link:
                return ident(link, depth + 1)
        if a.get("type") == "AnonymousActor" and a.get("affiliated_with") and depth < 3:
            return "someone-of:" + ident(a["affiliated_with"], depth + 1)
        if a.get("wikidata"):
            return a["wikidata"]
        for name in (a.get("label", ""), *a.get("aliases", [])):
            entry = gaz.lookup(name) if name else None
            if entry is not None and entry.kind == "actor":
                return entry.qid or entry.key
        entry = gaz.get(key)
        return (entry.qid or entry.key) if entry else key

    return {k: ident(k) for k in actors}


def stance_tuples(annotation: dict[str, Any], gaz: Gazetteer, *, level: str = "pair",
                  country: bool = False) -> set[tuple[str, ...]]:
    """(holder, polarity, target) or (holder, PLOVER category, target) for every stance with a target."""
    ids = _identities(annotation, gaz, country=country)
    out = set()
    for s in annotation.get("stances", []):
        if not s.get("target") or s["type"] not in STANCE_TYPES:
            continue
        kind = STANCE_TYPES[s["type"]]
        middle = s.get("polarity") or kind.polarity if level == "pair" else (kind.plover or s["type"])
        out.add((ids.get(s["holder"], s["holder"]), str(middle), ids.get(s["target"], s["target"])))
    return out


def evaluate_seed(text_path: Path, gold_path: Path, *, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """Draft the seed article and score it against its curated annotation, at both levels."""
    from .draft import draft_annotation

    gaz = gazetteer or Gazetteer.load()
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    text = text_path.read_text(encoding="utf-8")
    draft = draft_annotation(text, published=str(gold["article"]["published"]), source=str(text_path),
                             gazetteer=gaz)
    result: dict[str, Any] = {"article": text_path.name, "gold": gold_path.name,
                              "drafted_stances": len(draft["stances"]), "gold_stances": len(gold["stances"])}
    for level in ("pair", "type"):
        pred, ref = stance_tuples(draft, gaz, level=level), stance_tuples(gold, gaz, level=level)
        result[level] = score_sets(pred, ref).as_dict()
        if level == "pair":
            result["pair"]["false_positives"] = sorted("|".join(t) for t in pred - ref)
            result["pair"]["missed"] = sorted("|".join(t) for t in ref - pred)
    pred, ref = stance_tuples(draft, gaz, country=True), stance_tuples(gold, gaz, country=True)
    result["pair_country_level"] = score_sets(pred, ref).as_dict()
    result["pair_country_level"]["note"] = ("a government counts as the state it governs and an anonymous "
                                            "source as its state, in the draft and the gold alike")
    return result


# ---------- PLOVER gold-standard records ----------


def _gold_actors(value: Any) -> list[dict[str, str]]:
    return [a for a in value if isinstance(a, dict) and a.get("actorText")] if isinstance(value, list) else []


def load_plover(path: Path) -> list[dict[str, Any]]:
    """The event records of PLOVER_GSR_CAMEO.txt (the DOCUMENT record dropped)."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ExtractionError(f"{path}: cannot read the PLOVER gold records: {e}") from e
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


class _ActorMatcher:
    """Does a drafted actor match a PLOVER gold actor (by a name found in the text, or by country)?"""

    def __init__(self, ex: Any, gaz: Gazetteer) -> None:
        self.ex, self.gaz = ex, gaz

    def country(self, key: str, depth: int = 0) -> str | None:
        actor = self.ex.registry.actors.get(key)
        if actor is None or depth > 3:
            return None
        if actor.type == "State":
            entry = self.gaz.get(key)
            return entry.iso3 if entry else None
        link = actor.governs or actor.affiliated_with or actor.controlled_by
        return self.country(link, depth + 1) if link else None

    def names(self, key: str) -> list[str]:
        actor = self.ex.registry.actors.get(key)
        if actor is None:
            return [key]
        return [n for n in {actor.label, *actor.aliases} if n]

    def matches(self, key: str, gold: dict[str, str]) -> bool:
        text = _norm(gold.get("actorText", ""))
        if any(_norm(n) in text or (text and text in _norm(n)) for n in self.names(key)):
            return True
        code = gold.get("code", "")
        return len(code) == 3 and code.isalpha() and code != "IGO" and self.country(key) == code


def plover_category(stance_type: str, modality: str) -> str:
    """The PLOVER category of a drafted stance. As in CAMEO's 03x and 13x codes, which PLOVER maps to
    AGREE and THREATEN, an act announced for the future is an intent: cooperation, aid or a concession
    → AGREE (03x), sanctions, cuts, coercion, protest and force → THREATEN (131-138)."""
    category = STANCE_TYPES[stance_type].plover or ""
    if modality == "future":
        if category in ("AID", "COOPERATE", "SUPPORT", "CONSULT", "CONCEDE"):
            return "AGREE"
        if category in ("SANCTION", "ASSAULT", "COERCE", "PROTEST"):
            return "THREATEN"
    return category


def evaluate_plover(path: Path, *, gazetteer: Gazetteer | None = None, limit: int | None = None) -> dict[str, Any]:
    """Draft every PLOVER gold sentence and score (holder, polarity, target) and PLOVER category.

    A gold record gives pairs source → target; with no target and several sources ("Hungarian and
    Romanian officials agreed") the sources pair with each other, either way round. Records with
    neither give no gold pair, but what the draft finds there still counts against precision.
    """
    gaz = gazetteer or Gazetteer.load()
    records = load_plover(path)[:limit]
    pair, typed, in_scope = Score(), Score(), Score()
    by_category: dict[str, Score] = {}
    skipped = 0
    confusions: dict[str, int] = {}
    for rec in records:
        try:
            ex = extract(rec["text"], gazetteer=gaz)
        except ExtractionError:
            skipped += 1
            continue
        sources, targets = _gold_actors(rec.get("source")), _gold_actors(rec.get("target"))
        event = rec["event"]
        polarity = PLOVER_POLARITY.get(event, "")
        category = PLOVER_RENAMED.get(event, event)
        gold_pairs = [(s, t, False) for s in sources for t in targets]
        if not targets and len(sources) > 1:
            gold_pairs = [(a, b, True) for i, a in enumerate(sources) for b in sources[i + 1:]]
        m = _ActorMatcher(ex, gaz)
        preds = {(s.holder, s.polarity, s.target, plover_category(s.type, s.modality))
                 for s in ex.stances if s.target}

        def hit(p: tuple[str, str, str | None, str], g: tuple[dict[str, str], dict[str, str], bool],
                m: _ActorMatcher = m) -> bool:
            h, _, t, _ = p
            src, tgt, symmetric = g
            forward = m.matches(h, src) and t is not None and m.matches(t, tgt)
            return forward or (symmetric and t is not None and m.matches(h, tgt) and m.matches(t, src))

        scores = [("pair", pair), ("type", typed), ("pair", by_category.setdefault(category, Score()))]
        if category not in OUT_OF_SCOPE:
            scores.append(("pair", in_scope))
        for level, score in scores:
            wanted = {polarity, *PLOVER_ALSO.get(event, ())} if level == "pair" else {category}
            index = 1 if level == "pair" else 3

            def ok(p: tuple[str, str, str | None, str], wanted: set[str] = wanted, index: int = index) -> bool:
                return p[index] in wanted

            score.predicted += len(preds)
            score.gold += len(gold_pairs)
            score.tp_pred += sum(1 for p in preds if ok(p) and any(hit(p, g) for g in gold_pairs))
            score.tp_gold += sum(1 for g in gold_pairs if any(ok(p) and hit(p, g) for p in preds))
        for p in preds:
            if any(hit(p, g) for g in gold_pairs) and p[3] != category:
                name = f"{category}->{p[3] or 'none'}"
                confusions[name] = confusions.get(name, 0) + 1
    return {"records": len(records), "skipped": skipped, "pair": pair.as_dict(), "type": typed.as_dict(),
            "pair_in_scope": {**in_scope.as_dict(), "excluded_categories": sorted(OUT_OF_SCOPE)},
            "pair_by_category": {c: {"precision": round(v.precision, 3), "recall": round(v.recall, 3),
                                     "gold": v.gold} for c, v in sorted(by_category.items())},
            "category_confusions": dict(sorted(confusions.items(), key=lambda kv: -kv[1])[:15]),
            "licence": "PLOVER gold records: CC BY-SA 4.0, Open Event Data Alliance"}
