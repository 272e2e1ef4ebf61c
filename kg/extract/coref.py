"""Pronouns and definite descriptions resolved to the actors they stand for (simple, explainable rules).

"he"/"him"/"his" → the latest person, preferring the subject of the current or previous sentence;
"they"/"them"/"their" → the latest collective actor; "the group", "the bloc", "the alliance" → the
latest forum, body or alliance; "the country" → the latest state; "the regime" → the latest
government; "all sides", "all parties" → the latest forum, body or alliance (those who met). A
resolution too far back (more than `window` sentences) is refused: no guess is better than a wrong
holder. This module keeps a history; it never parses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
COLLECTIVE_TYPES = frozenset({"State", "Government", "IntergovernmentalBody", "InformalForum", "Alliance",
                              "ArmedGroup", "ActorGroup", "Organization", "Company"})
DESCRIPTIONS: dict[str, frozenset[str]] = {
    "group": frozenset({"InformalForum", "IntergovernmentalBody", "Alliance", "ArmedGroup", "ActorGroup"}),
    "bloc": frozenset({"InformalForum", "IntergovernmentalBody", "Alliance"}),
    "alliance": frozenset({"Alliance", "InformalForum"}),
    "organization": frozenset({"IntergovernmentalBody", "Organization"}),
    "organisation": frozenset({"IntergovernmentalBody", "Organization"}),
    "country": frozenset({"State"}),
    "nation": frozenset({"State"}),
    "regime": frozenset({"Government"}),
    "administration": frozenset({"Government"}),
    "government": frozenset({"Government"}),
    "militants": frozenset({"ArmedGroup"}),
    "movement": frozenset({"ArmedGroup"}),
    "company": frozenset({"Company"}),
}


@dataclass
class Seen:
    """One actor mention in the history: which sentence, whether it was a clause subject."""

    key: str
    type: str
    sentence: int
    subject: bool


@dataclass
class History:
    """Actor mentions in reading order, for pronoun and description resolution."""

    window: int = 2
    seen: list[Seen] = field(default_factory=list)

    def add(self, key: str, type_: str, sentence: int, *, subject: bool = False) -> None:
        self.seen.append(Seen(key, type_, sentence, subject))

    def _latest(self, types: frozenset[str] | None, sentence: int, exclude: set[str]) -> str | None:
        recent = [s for s in self.seen if sentence - s.sentence <= self.window and s.key not in exclude
                  and (types is None or s.type in types)]
        if not recent:
            return None
        # the subject of the latest sentence that has a candidate wins; otherwise the latest mention
        last_sentence = recent[-1].sentence
        subjects = [s for s in recent if s.sentence == last_sentence and s.subject]
        return (subjects[0] if subjects else recent[-1]).key

    def resolve_pronoun(self, word: str, sentence: int, *, exclude: set[str] | None = None) -> str | None:
        """The actor a pronoun refers to, or None when the rules give no answer."""
        word = word.lower()
        excluded = exclude or set()
        if word in PERSON_PRONOUNS:
            return self._latest(frozenset({"Person"}), sentence, excluded)
        if word in PLURAL_PRONOUNS:
            return self._latest(COLLECTIVE_TYPES, sentence, excluded)
        return None

    def resolve_types(self, types: frozenset[str], sentence: int, *, exclude: set[str] | None = None) -> str | None:
        """The latest actor of one of `types` within the window ("all sides" → the forum that met)."""
        return self._latest(types, sentence, exclude or set())

    def resolve_description(self, noun: str, sentence: int, *, exclude: set[str] | None = None) -> str | None:
        """The actor "the group" / "the country" / "the regime" refers to, or None."""
        types = DESCRIPTIONS.get(noun.lower())
        return self._latest(types, sentence, exclude or set()) if types else None
