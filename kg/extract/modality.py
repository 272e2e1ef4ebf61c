"""Modality and certainty of a stance trigger: negated, hypothetical, future, historical or asserted.

PLOVER's auxiliary modes decide whether a stance is asserted: "stopped short of calling for",
"if they cross us", "is due to meet", "in 2013" must not become asserted stances. The rules read
the dependency parse around the trigger, up to the clause that a speech verb embeds.
This module reads spaCy tokens; it decides nothing about actors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


NEGATING_HEADS = frozenset({"stop", "decline", "fail", "avoid", "refrain", "refuse", "resist", "hesitate",
                            "reluctant", "unwilling", "unable", "deny"})
FUTURE_HEADS = frozenset({"plan", "intend", "expect", "due", "prepare", "set", "schedule", "poise", "aim",
                          "go", "vow", "promise", "pledge", "hope", "seek", "agree", "offer", "decide",
                          "ready", "willing", "prepared"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may"})
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
HYPOTHETICAL_HEADS = frozenset({"choose", "decide", "consider", "weigh", "whether"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
PAST_MARKERS = frozenset({"previously", "formerly", "once", "earlier", "prior"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# Dependencies along which a trigger's modality is inherited from its head (same clause chain).
_CHAIN = frozenset({"xcomp", "pcomp", "prep", "pobj", "dobj", "conj", "acomp", "advcl", "acl", "relcl"})
_ADJUNCT_PREPS = frozenset({"for", "because", "over", "despite", "after", "before", "since", "amid"})
_STOP = frozenset({"ccomp", "ROOT", "parataxis"})


def _clause_chain(token: Token, limit: int = 6) -> list[Token]:
    """The trigger and its heads up to (and including) the head of its clause: where modality lives."""
    chain = [token]
    cur = token
    for _ in range(limit):
        if cur.dep_ in _STOP or cur.head is cur:
            break
        if cur.dep_ not in _CHAIN and cur.dep_ not in ("amod", "compound", "nsubj", "nsubjpass", "attr"):
            break
        if cur.dep_ == "pobj" and cur.head.lower_ in _ADJUNCT_PREPS:
            break  # "… for its continued support": an adjunct keeps its own modality
        cur = cur.head
        chain.append(cur)
        if cur.dep_ == "ccomp":
            break
    return chain


def modality(trigger: Token, *, article_year: int | None = None) -> tuple[str, str]:
    """(modality, certainty) for a stance trigger.

    Negated wins over hypothetical, which wins over future and historical; certainty is
    "possible" for hypotheticals, "probable" under hedging modals, otherwise "certain".
    """
    chain = _clause_chain(trigger)
    negated = hypothetical = future = historical = False
    for tok in chain:
        for child in tok.children:
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no" and tok.pos_ == "NOUN"):
                negated = True
            elif child.dep_ == "aux" and lower in FUTURE_AUX:
                future = True
            elif (child.dep_ == "aux" and lower in HYPOTHETICAL_MODALS) or (
                    child.dep_ == "mark" and lower in ("if", "unless", "whether")):
                hypothetical = True
            elif child.dep_ == "aux" and lower in OBLIGATION_MODALS and trigger.pos_ != "NOUN":
                hypothetical = True  # "Kagame must agree": demanded, not done ("must end support" keeps the support)
            elif (child.dep_ == "advmod" and lower in PAST_MARKERS) or (
                    child.dep_ == "prep" and lower in ("in", "during", "since")
                    and _is_past_year(child, article_year)):
                historical = True
        if tok is not trigger and tok._.lem in NEGATING_HEADS and tok.i < trigger.i:
            negated = True
        if tok is not trigger and tok._.lem in HYPOTHETICAL_HEADS and tok.i < trigger.i:
            hypothetical = True
        if tok is not trigger and tok._.lem in FUTURE_HEADS and tok.i < trigger.i and (
                tok._.lem != "go" or (tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in tok.children))):
            future = True  # "is going to impose", but not "went on strike"
        if tok.lower_ == "short" or any(c.lower_ == "short" and c.dep_ == "advmod" for c in tok.children):
            negated = negated or tok._.lem == "stop" or tok.head._.lem == "stop"
    sent = trigger.sent
    if not historical and article_year is not None:
        # a sentence-initial "In 2013," sets the time of everything in it
        first = sent[0]
        if first.lower_ in ("in", "during") and len(sent) > 1 and _YEAR.match(sent[1].text) \
                and int(sent[1].text) < article_year:
            historical = True
    if any(t.lower_ == "past" and t.i > 0 and t.nbor(-1).lower_ == "the" and t.nbor(-2).lower_ == "in"
           for t in sent if t.i >= 2):
        historical = True
    if negated:
        return "negated", "certain"
    if hypothetical:
        return "hypothetical", "possible"
    if future:
        return "future", "probable"
    if historical:
        return "historical", "certain"
    return "asserted", "certain"


def _is_past_year(prep: Token, article_year: int | None) -> bool:
    for tok in prep.subtree:
        if _YEAR.match(tok.text):
            return article_year is None or int(tok.text) < article_year
    return False
