"""Speech attribution: who said it, and through which outlets it reached the article.

A stance inside the clausal complement of a speech verb ("X said that …", "X told reporters …")
is attributed to the speech verb's subject. Outlets come from the speech verb's own arguments
("told the Financial Times"), from a participle clause ("Speaking to the Daily Telegraph,"), or
from an appearance ("Appearing on the CBS show 'Face the Nation'"). A quotation that runs over
several sentences has its speaker where it ends or begins ('“… . …,” one Russian diplomat told the
Financial Times'): `find_quotes` and `speaker_of` find that speaker for every sentence inside it.
This module reads text, parses and the sentence's actor map; it creates no actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import Registry, SentenceActors
from .lexicon import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

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
    if verb.dep_ == "ROOT":
        return _name_before(verb, found)
    return None


def _name_before(verb: Token, found: SentenceActors) -> str | None:
    """'Speaking to the Daily Telegraph, Trump's son Eric said …': the parser may hang the speaker from the
    opening clause and leave the speech verb without a subject. The actor named right before the verb
    (punctuation aside) is then its subject."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].is_punct:
        i -= 1
    return found.by_token.get(i) if i >= verb.sent.start else None


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


# ---------- quotations whose speaker is named outside the sentence ----------

_OPEN, _CLOSE = "“", "”"
# Inflected speech verbs that name a quotation's speaker ('"…," one diplomat told the Financial Times').
_SPEECH_WORDS = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|insisted|insists|stated|states|declared|declares|explained|"
    r"warned|warns|noted|notes|argued|argues|wrote|writes|stressed|stresses|asked|asks|continued|"
    r"according to)\b")


@dataclass
class Quote:
    """A quotation of the article (offsets of its text, marks included) and whoever is said to speak it."""

    start: int
    end: int
    speaker: str | None = None
    via: list[str] = field(default_factory=list)
    resolved: bool = False


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in curly (“…”) or straight ("…") double quotes, in text order.

    Straight quotes pair up in order within a paragraph; an unpaired mark is ignored. Nested or
    single quotes are not quotations here (an inner ‘…’ belongs to the outer speaker).
    """
    quotes: list[Quote] = []
    depth_start: int | None = None
    for i, ch in enumerate(text):
        if ch == _OPEN and depth_start is None:
            depth_start = i
        elif ch == _CLOSE and depth_start is not None:
            quotes.append(Quote(depth_start, i + 1))
            depth_start = None
    for para_start, para in _paragraphs(text):
        marks = [m.start() + para_start for m in re.finditer('"', para)]
        quotes.extend(Quote(a, b + 1) for a, b in zip(marks[::2], marks[1::2], strict=False))
    return sorted(quotes, key=lambda q: q.start)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in [*re.finditer(r"\n\s*\n", text), None]:
        end = m.start() if m else len(text)
        out.append((pos, text[pos:end]))
        if m:
            pos = m.end()
    return out


def speech_outside(text: str, quote: Quote, sentence: tuple[int, int]) -> str | None:
    """Where the sentence holding a quotation's end (or start) names a speaker: "after" when a speech
    verb follows the closing mark in that sentence ('…,” one diplomat told the FT'), "before" when one
    precedes the opening mark ('Tillerson told reporters: “…'), else None."""
    start, end = sentence
    if start <= quote.end <= end and _SPEECH_WORDS.search(text[quote.end:end]):
        return "after"
    if start <= quote.start <= end and _SPEECH_WORDS.search(text[start:quote.start]):
        return "before"
    return None


def speaker_of(sent: Span, found: SentenceActors, registry: Registry, *, after: int | None = None,
               before: int | None = None) -> Attribution:
    """The speaker and outlets of the speech verb of `sent` that lies after doc offset `after` (or before
    `before`), as `attribute` would give them; an empty Attribution when there is none."""
    for tok in sent:
        if tok._.lem not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if (after is not None and tok.idx < after) or (before is not None and tok.idx >= before):
            continue
        speaker = _subject(tok, found)
        if speaker is not None:
            return Attribution(speaker, tok, _outlets(tok, found, registry))
    return Attribution()
