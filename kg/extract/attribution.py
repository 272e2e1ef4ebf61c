"""Speech attribution: who said it, and through which outlets it reached the article.

A stance inside the clausal complement of a speech verb ("X said that …", "X told reporters …")
is attributed to the speech verb's subject. Outlets come from the speech verb's own arguments
("told the Financial Times"), from a participle clause ("Speaking to the Daily Telegraph,"), or
from an appearance ("Appearing on the CBS show 'Face the Nation'"). This module reads parses and
the sentence's actor map; it creates no actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import Registry, SentenceActors
from .lexicon import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

_MEDIA_VERBS = frozenset({"speak", "talk", "appear", "write", "tell", "say"})


@dataclass
class Attribution:
    """The speaker (an actor key or None) and the outlets, nearest the speaker first."""

    speaker: str | None = None
    speech_verb: Token | None = None
    via: list[str] = field(default_factory=list)


def _subject(verb: Token, found: SentenceActors) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            key = found.by_token.get(child.i)
            if key is None:  # "Trump's son Eric": the head word carries the name
                key = next((found.by_token[t.i] for t in child.subtree if t.i in found.by_token), None)
            return key
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subject(verb.head, found)
    return None


def _outlets(verb: Token, found: SentenceActors, registry: Registry) -> list[str]:
    outlets: list[str] = []

    def collect(tok: Token) -> None:
        for t in tok.subtree:
            key = found.by_token.get(t.i)
            if key and registry.type_of(key) == "MediaOutlet" and key not in outlets:
                outlets.append(key)

    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj") or (
                child.dep_ == "prep" and child.lower_ in ("to", "with", "on", "in")) or (
                child.dep_ in ("advcl", "prep") and child._.lem in _MEDIA_VERBS):
            collect(child)
    # a sentence-initial participle clause may hang from the root rather than the speech verb
    root = verb.sent.root
    if root is not verb:
        for child in root.children:
            if child.dep_ == "advcl" and child._.lem in _MEDIA_VERBS:
                collect(child)
    return outlets


def attribute(trigger: Token, found: SentenceActors, registry: Registry) -> Attribution:
    """The speech verb governing `trigger` (or the trigger itself when it is one), its subject and outlets."""
    cur = trigger
    speech: Token | None = None
    for _ in range(8):
        if cur._.lem in SPEECH_VERBS and cur.pos_ in ("VERB", "AUX"):
            speech = cur
            if cur is not trigger:
                break
        if cur.head is cur:
            break
        if cur.dep_ in ("ccomp", "parataxis") and cur.head._.lem in SPEECH_VERBS:
            speech = cur.head
            break
        cur = cur.head
    if speech is None:
        return Attribution()
    return Attribution(_subject(speech, found), speech, _outlets(speech, found, registry))
