"""Actors that are no single name: groups, anonymous sources, allies, critics and spokespeople.

A news report names many of its actors only by what they are: "Syrian rebels", "one Russian diplomat",
"Western diplomats", "a human rights group", "the Saudi-led coalition", "the U.S. and its allies",
"Kremlin critics", "a spokesperson for the ministry". Each rule here turns such a phrase into an actor of
the article's registry (kg.extract.actors) or into the collective it speaks for. The rules keep apart
what news language keeps apart: people of a country acting on their own ("Venezuelan protesters") are
never its state, while its officials are; critics of an actor never belong to it; a spokesperson speaks
for an institution, not for himself. Named mentions, demonyms, offices and roles are kg.extract.actors'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gazetteer import key_for
from .actors import NON_ACTOR_TYPES, ROLE_NOUNS, SINGULAR_ANONYMOUS, Registry, SentenceActors, role_holder

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .coref import History

# Nouns for groups that act together ("Darfur rebels", "Kurdish protesters"): with a name before them
# that the gazetteer lacks they become an ActorGroup of their own.
GROUP_NOUNS = frozenset({
    "rebel", "militant", "guerrilla", "insurgent", "separatist", "protester", "demonstrator", "student",
    "worker", "opposition", "refugee", "troop", "force", "police", "soldier", "army", "official", "leader",
    "government", "authority", "parliament", "party", "movement", "group", "elder", "politician", "villager",
    "partner", "faction", "militia", "fighter", "court", "judge", "union", "council", "assembly", "side",
    "administration", "regime", "cabinet", "ministry", "network", "coalition", "front", "alliance",
    "activist", "supporter", "member", "inhabitant", "resident", "youth", "militiaman", "gunman", "bomber",
    "policeman", "agent", "guard", "commando", "marine", "paramilitary", "wing",
})
# People of a country who act apart from its state: with a state's name they form a group of their own.
# Not "critics" or "opponents": "Kremlin critics" oppose the actor named, they do not belong to it.
NON_STATE_GROUPS = frozenset({
    "rebel", "militant", "guerrilla", "insurgent", "separatist", "protester", "demonstrator", "student",
    "worker", "opposition", "refugee", "activist", "dissident", "fighter", "militia", "militiaman", "gunman",
    "fundamentalist", "extremist", "hacker", "exile", "nationalist", "loyalist", "settler", "tribesman",
    "jihadist", "islamist", "supporter", "villager", "resident", "youth",
    "farmer", "miner", "trader", "teacher", "doctor", "nurse", "fisherman", "trucker", "veteran", "monk",
})
# People named by whom they oppose ("Kremlin critics", "opponents of the reform"): a group of their own.
OPPONENT_NOUNS = frozenset({"critic", "opponent", "detractor"})
_ROLE_OR_GROUP = ROLE_NOUNS | GROUP_NOUNS | NON_STATE_GROUPS | OPPONENT_NOUNS
# Singular nouns that name a whole collective ("the Bush administration", "the Umma party").
COLLECTIVE_NOUNS = frozenset({"administration", "regime", "cabinet", "government", "party", "movement", "group",
                              "council", "assembly", "parliament", "court", "army", "police", "military",
                              "ministry", "opposition", "militia", "union"})


def resolve_anonymous(sent: Span, found: SentenceActors, registry: Registry, date: str | None = None) -> None:
    """'one Russian diplomat' → an AnonymousActor affiliated with Russia; 'Russian officials' → Russia;
    'Syrian rebels', 'Kurdish fighters in Iraq' → an ActorGroup of their own (affiliated with the state
    named, never the state itself); 'Western diplomats' → the West; 'a human rights group' → an
    AnonymousActor. The rules are tried in order, the first that reads the noun wins."""
    for tok in sent:
        if tok.i in found.by_token or tok.pos_ not in ("NOUN", "PROPN") or tok._.lem not in _ROLE_OR_GROUP:
            continue
        if _apposed(tok, found) or _tied_group(sent, tok, found, registry) or _critics(sent, tok, found, registry):
            continue
        noun = _read_noun(sent, tok, found, registry)
        for rule in (_leader_government, _the_west, _named_group, _unnamed_body, _people_of_a_country):
            if rule(sent, noun, found, registry):
                break
        else:
            _role_or_source(sent, noun, found, registry, date)


_INDEFINITE = frozenset({"one", "a", "an", "another"})
_LEADER_BODIES = frozenset({"administration", "regime", "government", "cabinet"})


@dataclass
class _Noun:
    """A role or group noun and the actors that modify it, read once for the rules of `resolve_anonymous`."""

    tok: Token
    lemma: str
    mods: list[Token]  # modifiers that are actors: direct ones (and their conjuncts) first, then 'of X'
    states: list[str]  # the collectives among them
    direct_states: list[str]  # the collectives among the direct modifiers
    people: list[Token]  # the persons among them ("the Bush administration")
    plural: bool  # a plural, or a singular that names a whole collective ("the regime")
    names: list[Token]  # capitalised modifiers the registry does not know ("Kurdish fighters")
    dets: set[str]  # determiners and numbers ("one", "a", "the")


def _read_noun(sent: Span, tok: Token, found: SentenceActors, registry: Registry) -> _Noun:
    """What a role or group noun says about whom it names."""
    lemma = tok._.lem
    mods = _direct_modifiers(tok, found)
    direct = len(mods)
    # "leaders of Iran"; for groups also "Opposition groups in Zimbabwe", "refugees from Syria"
    preps = ("of", "in", "from") if lemma in GROUP_NOUNS else ("of",)
    for p in (p for p in tok.children if p.dep_ == "prep" and p.lower_ in preps):
        mods += [o for o in p.children if o.dep_ == "pobj" and o.i in found.by_token]
    states = [found.by_token[m.i] for m in mods
              if registry.type_of(found.by_token[m.i]) not in NON_ACTOR_TYPES | {"Person"}]
    direct_states = [found.by_token[m.i] for m in mods[:direct]
                     if registry.type_of(found.by_token[m.i]) not in NON_ACTOR_TYPES | {"Person"}]
    people = [m for m in mods if registry.type_of(found.by_token[m.i]) == "Person"]
    names = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i
             and c.text[:1].isupper() and c.pos_ in ("PROPN", "ADJ") and c.i not in found.by_token
             and (not states or _name_like(c))]
    return _Noun(tok, lemma, mods, states, direct_states, people,
                 plural=tok.tag_ in ("NNS", "NNPS") or lemma in COLLECTIVE_NOUNS, names=names,
                 dets={c.lower_ for c in tok.children if c.dep_ in ("det", "nummod")})


def _direct_modifiers(tok: Token, found: SentenceActors) -> list[Token]:
    """The actors modifying a noun directly ("Russian officials", "Russia's president"), with their
    conjuncts ("French and German diplomats")."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in found.by_token]
    return mods + [cc for m in mods for cc in m.children if cc.dep_ == "conj" and cc.i in found.by_token]


def _apposed(tok: Token, found: SentenceActors) -> bool:
    """A role noun in apposition with a name is that name: "Iran's religious leader Ayatollah Ruhollah
    Khomeini"; "Hamas, the Islamist group that controls Gaza" (only with 'the': "a group" after a comma is
    often someone else, "…, a human rights group protested")."""
    appos = [c for c in tok.children if c.dep_ == "appos" and c.i in found.by_token]
    if appos:
        found.set([tok.i], found.by_token[appos[0].i], "name")
        return True
    if tok.dep_ == "appos" and tok.head.i in found.by_token \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not any(
            c.dep_ in ("amod", "compound", "poss") and c.i in found.by_token for c in tok.children):
        found.set([tok.i, *(c.i for c in tok.children if c.dep_ in ("amod", "compound"))],
                  found.by_token[tok.head.i], "name")
        return True
    return False


def _critics(sent: Span, tok: Token, found: SentenceActors, registry: Registry) -> bool:
    """'Kremlin critics', 'opponents of the reform': a group of their own, never the actor they oppose.
    True for every critic noun, so that no later rule reads the actor named as the critics' own side."""
    if tok._.lem not in OPPONENT_NOUNS:
        return False
    of_whom = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    if tok.tag_ in ("NNS", "NNPS") and (_direct_modifiers(tok, found) or of_whom):
        found.set([tok.i], registry.new(_phrase(sent, tok), "ActorGroup"), "anonymous")
    return True


def _leader_government(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry) -> bool:
    """'the Bush administration', 'the Maduro government': a government named for its leader, not him."""
    if noun.states or not noun.people or noun.lemma not in _LEADER_BODIES:
        return False
    leader = registry.actors[found.by_token[noun.people[0].i]]
    ids = [t.i for t in sent.doc[min(m.i for m in noun.people):noun.tok.i + 1]]
    for i in ids:
        found.by_token.pop(i, None)
    found.set(ids, registry.new(f"{leader.label.split()[-1]} {noun.lemma}", "Government"), "name")
    return True


def _the_west(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry) -> bool:
    """'Western diplomats', 'Western powers': the West, a collective of news language."""
    if noun.direct_states or not noun.plural or not any(n.text in _WEST_WORDS for n in noun.names):
        return False
    west = registry.gaz.get(_WEST_KEY)
    if west is None:
        return False
    found.set([noun.tok.i, *(n.i for n in noun.names)], registry.from_entry(west, None), "anonymous")
    return True


def _named_group(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry) -> bool:
    """'Kurdish fighters in northern Iraq', 'Moslem forces in Bosnia': a name the gazetteer lacks says who
    they are (an ActorGroup, or a Government for 'the X regime'); the place they are in is only their
    affiliation."""
    if noun.direct_states or not noun.names or not noun.plural \
            or (noun.lemma not in GROUP_NOUNS and noun.lemma not in NON_STATE_GROUPS):
        return False
    first = min(min(t.i for t in n.subtree) for n in noun.names)
    words = [t for t in sent.doc[first:noun.tok.i + 1] if t.pos_ != "DET"]
    kind = "Government" if noun.lemma in _LEADER_BODIES else "ActorGroup"
    affiliated = noun.states[0] if noun.states and kind == "ActorGroup" \
        and registry.type_of(noun.states[0]) in ("State", "Government") else None
    label = " ".join(t.text for t in words)
    found.set([t.i for t in words], registry.new(label, kind, affiliated_with=affiliated), "ner")
    return True


def _unnamed_body(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry) -> bool:
    """With no actor modifying the noun the only reading left is an unnamed body ('a human rights group')."""
    if noun.states:
        return False
    _indefinite_body(sent, noun.tok, found, registry)
    return True


def _people_of_a_country(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry) -> bool:
    """'Syrian rebels', 'the Venezuelan opposition', 'protesters in Caracas', 'a Russian activist': people
    of a country acting apart from (often against) its state, so never the state itself. True for every
    such noun, also when it is read as no one ('the Syrian rebel')."""
    tok = noun.tok
    nonstate = noun.lemma in NON_STATE_GROUPS or any(c.dep_ in ("compound", "amod") and c.i not in found.by_token
                                                     and c._.lem in NON_STATE_GROUPS for c in tok.children)
    if not nonstate or registry.type_of(noun.states[0]) not in ("State", "Government"):
        return False
    state = noun.states[0]
    if noun.plural:
        key = registry.new(_phrase(sent, tok), "ActorGroup", affiliated_with=state)
    elif noun.dets & _INDEFINITE:
        label = f"{sent.doc[noun.mods[0].i].text} {tok.text}"
        key = registry.new(label, "AnonymousActor", affiliated_with=state, key=key_for(label))
    else:
        return True
    found.set([tok.i], key, "anonymous")
    return True


def _role_or_source(sent: Span, noun: _Noun, found: SentenceActors, registry: Registry, date: str | None) -> None:
    """A role noun of a state: the office's holder on the date ("Russia's president"), an unnamed source
    ("one Russian diplomat", an AnonymousActor of Russia), else the collective itself ("Russian officials"
    are Russia), each member of a conjunction apart ("French and German diplomats")."""
    tok, states = noun.tok, noun.states
    holder = role_holder(tok, states[0], registry, date) if not noun.dets & _INDEFINITE \
        and tok.tag_ in ("NN", "NNP") else None
    if holder:  # "Russia's president", "our president" (a Russian speaking): who held the office then
        found.set([tok.i, *(c.i for c in tok.children if c.dep_ in ("compound", "amod")
                            and c.i not in found.by_token)], holder, "role")
    elif tok.tag_ == "NN" and noun.lemma in SINGULAR_ANONYMOUS and noun.dets & _INDEFINITE:
        label = f"{sent.doc[noun.mods[0].i].text} {tok.text}"
        key = registry.new(label, "AnonymousActor", affiliated_with=states[0], key=key_for(label))
        found.set([tok.i], key, "anonymous")
    else:
        found.set([tok.i], states[0], "anonymous")
        if len(states) > 1:
            found.extra[tok.i] = states[1:]


_WEST_WORDS = frozenset({"Western", "Westerners"})
_WEST_KEY = "the-west"
# Unnamed bodies met as "a human rights group", "an opposition party", "a rights organisation".
_BODY_NOUNS = frozenset({"group", "organization", "organisation", "party", "movement", "coalition", "network",
                         "association", "union", "agency", "watchdog", "charity", "newspaper"})


# Endings of adjectives of peoples, places and faiths ("Kurdish", "Islamic", "Shiite", "Moslem").
_PROPER_ADJ_ENDINGS = ("ic", "ish", "ian", "an", "ese", "i", "ist", "ite", "im", "em", "ch", "ean")


def _name_like(tok: Token) -> bool:
    """Is a capitalised modifier a name, strong enough to outweigh a named actor in "activists from X"?
    At the start of a sentence every word has a capital, so there an adjective counts only with the
    ending of a people's, place's or faith's adjective ("Kurdish fighters in Iraq", not "Angry activists
    from the Fatah party")."""
    if tok.pos_ == "PROPN" or tok.i != tok.sent.start:
        return True
    return tok.lower_.endswith(_PROPER_ADJ_ENDINGS)


# "Saudi-led coalition", "Iranian-backed militias", "Kurdish-dominated forces": a group named by its tie.
_TIE_WORDS = frozenset({"led", "backed", "allied", "aligned", "sponsored", "funded", "supported", "dominated",
                        "controlled", "trained", "armed", "affiliated", "linked", "inspired"})


def _tied_group(sent: Span, tok: Token, found: SentenceActors, registry: Registry) -> bool:
    """'the Saudi-led coalition', 'Iranian-backed militias', 'Turkish-backed Syrian rebels': one ActorGroup
    labelled as written, affiliated with a state named directly ('Syrian'), else with the state that leads
    or backs it. The leader or backer is not the group, so its name is no longer an actor mention here.
    True when the group was made."""
    doc = sent.doc
    for c in tok.children:
        if c.dep_ not in ("amod", "compound") or c.lower_ not in _TIE_WORDS or c.i < sent.start + 2 \
                or doc[c.i - 1].text not in ("-", "–"):
            continue
        name = doc[c.i - 2]
        if name.head.i != c.i or not name.text[:1].isupper():
            continue
        first = min(t.i for t in name.subtree)
        ids = list(range(first, tok.i + 1))
        backer = found.by_token.get(name.i)
        direct = [found.by_token[m.i] for m in tok.children if m.i in found.by_token and m.i not in (name.i, c.i)
                  and registry.type_of(found.by_token[m.i]) == "State"]
        state = direct[0] if direct else (backer if backer and registry.type_of(backer) in ("State", "Government")
                                          else None)
        key = registry.new(doc[first:tok.i + 1].text, "ActorGroup", affiliated_with=state)
        for i in ids:
            found.by_token.pop(i, None)
        found.set(ids, key, "ner")
        return True
    return False

def _phrase(sent: Span, tok: Token) -> str:
    """A group's name as the text writes it: the modifiers that say who they are (a demonym, a name, a
    noun), the noun and a place phrase ("Opposition activists in Caracas", "French farmers"), without
    articles, numbers or mood words ("Angry", "Striking"), so that the same group keeps one key."""
    left = [t.i for c in tok.children if c.i < tok.i and (
                c.dep_ in ("compound", "nmod") or (c.text[:1].isupper() and c.pos_ in ("PROPN", "ADJ")
                and _name_like(c))) for t in c.subtree]
    right = [t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of") for t in c.subtree]
    return sent.doc[min([tok.i, *left]):max([tok.i, *right]) + 1].text


def _indefinite_body(sent: Span, tok: Token, found: SentenceActors, registry: Registry) -> None:
    """'a human rights group', 'an opposition party': an unnamed body, an AnonymousActor labelled as
    written. Only with an indefinite article and a noun modifier that says what kind of body it is
    ("a group of protesters" is left to its members)."""
    if tok.tag_ != "NN" or tok._.lem not in _BODY_NOUNS:
        return
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return
    kinds = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i and c.pos_ == "NOUN"]
    if not kinds or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return
    first = min(min(t.i for t in k.subtree) for k in kinds)
    words = [t for t in sent.doc[first:tok.i + 1] if t.i not in found.by_token]
    if len(words) != tok.i + 1 - first:
        return
    label = "a " + " ".join(t.text for t in words) if words[0].text[:1].lower() not in "aeiou" \
        else "an " + " ".join(t.text for t in words)
    key = registry.new(label, "AnonymousActor")
    registry.actors[key].aliases.add(" ".join(t.text for t in words))  # "terror group based in X" names it too
    found.set([t.i for t in words], key, "anonymous")


_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"})
_INSTITUTION_TYPES = frozenset({"Government", "IntergovernmentalBody", "InformalForum", "Alliance", "ArmedGroup",
                                "Organization", "Company", "State"})


def resolve_spokespeople(sent: Span, found: SentenceActors, registry: Registry, history: History,
                          sentence_no: int) -> None:
    """'a spokesperson for the ministry'; 'the Kremlin said …, though a spokesperson didn't rule it out': a
    spokesperson named for no one speaks for the institution that is a subject before it in the sentence
    ("Germany will meet Japan, a spokesman said" is Germany's), else for the one the pronoun history gives;
    a spokesperson's position is the institution's (the seed's conventions)."""
    for tok in sent:
        if tok.lower_ not in _SPOKES or tok.i in found.by_token:
            continue
        if any(c.dep_ in ("amod", "compound", "poss", "nmod") and c.i in found.by_token for c in tok.children):
            continue
        of = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("for", "of")
              for o in p.children if o.dep_ == "pobj" and o.i in found.by_token]
        if of:
            found.set([tok.i], found.by_token[of[0].i], "role")
            continue
        same = [k for i, k in sorted(found.by_token.items()) if i < tok.i and found.how.get(i) != "pronoun"
                and registry.type_of(k) in _INSTITUTION_TYPES and sent.doc[i].dep_ in ("nsubj", "nsubjpass")]
        key = same[-1] if same else history.resolve_types(_INSTITUTION_TYPES, sentence_no)
        if key:
            found.set([tok.i], key, "role")


def resolve_allies(sent: Span, found: SentenceActors, registry: Registry) -> None:
    """'the U.S. and its allies' → one ActorGroup whose members are the U.S. (and the allies unnamed)."""
    for tok in sent:
        if tok.lower_ != "allies" or tok.dep_ != "conj" or tok.i in found.by_token:
            continue
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in tok.children):
            continue
        head = tok.head
        lead = found.by_token.get(head.i)
        if lead is None or registry.type_of(lead) not in ("State", "Government", "Person", "Alliance"):
            continue
        left = min(t.i for t in head.subtree if t.i <= head.i)
        span = range(left, tok.i + 1)
        surface = sent.doc[left:head.i + 1].text
        key = registry.new(f"{surface} and its allies", "ActorGroup", key=f"{lead}-and-allies")
        registry.actors[key].members = [lead]
        for i in span:
            found.by_token.pop(i, None)
        found.set(list(span), key, "name")
