"""Stances from one parsed sentence: lexicon triggers whose holder and target both resolve to actors.

Three rule families, all precision first (no actor on either side, no stance):
1. verb triggers ("Britain condemned Russia", "called on Iran to …", passives with "by");
2. noun triggers with a possessor, a modifier or a light verb ("Putin's support for Assad",
   "the U.S. missile strike", "imposed sanctions on", "could not agree on tightening sanctions against");
3. directives in reported speech ("X said Russia must choose …" → X demands of Russia).
Each stance gets modality (modality.py), attribution (attribution.py) and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import NON_ACTOR_TYPES, Registry, SentenceActors
from .attribution import attribute
from .idioms import IdiomRules
from .lexicon import (
    ADJ_TRIGGERS,
    ADVOCACY_VERBS,
    CAPTIVE_WORDS,
    DEMAND_WORDS,
    DENIED_NOUNS,
    DIRECTIVE_MODALS,
    LABEL_VERBS,
    LIGHT_VERBS,
    RELATION_WORDS,
    RESISTING_VERBS,
    SPEECH_VERBS,
    Trigger,
    noun_triggers,
    stance_type,
    verb_triggers,
)
from .modality import modality, reporting_verb, time_expression

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OBJECT_CONTROL = frozenset({"urge", "ask", "tell", "call", "press", "force", "persuade", "order", "encourage",
                            "invite", "allow", "pressure", "push", "warn", "implore"})
SYMMETRIC = frozenset({"consult", "cooperate", "expressAccord", "signAgreement", "intendToMeet"})
HEDGES = frozenset({"believe", "think", "suggest", "claim", "allege", "suspect"})
_HOW_SCORE = {"name": 0.05, "role": -0.05, "pronoun": -0.1, "ner": -0.05, "anonymous": -0.05}
_DEEP_TARGETS = frozenset({"threaten", "materialSupport", "imposeSanction", "reduceRelations", "useForce",
                           "consult", "criticize", "oppose", "reject", "deny", "accuse"})
_DEEP_PREPS = frozenset({"to", "against", "with", "on", "for", "from", "into"})
# "rejected calls by Belarus's rulers", "dismissed an appeal from the president": the author is the target
_AUTHOR_PREPS = frozenset({"by", "from", "of"})
_SANCTION_TYPES = frozenset({"advocateSanction", "imposeSanction", "opposeSanction"})
# Nouns for what one side puts to another; "from" names their author.
SPEECH_ACT_NOUNS = frozenset({"demand", "request", "offer", "proposal", "call", "plan", "appeal", "ultimatum",
                              "invitation", "criticism", "pressure", "initiative", "bid", "overture"})
# "independence from Iraq": whom a separation is from
SEPARATION_NOUNS = frozenset({"independence", "autonomy", "secession", "separation", "liberation", "freedom"})
# Heads of phrases that stand for the actor their modifier names ("Iraqi forces", "leaders of Hamas").
COLLECTIVE_HEADS = frozenset({"force", "troop", "army", "soldier", "official", "authority", "leader", "leadership",
                              "government", "police", "delegation", "negotiator", "representative", "diplomat",
                              "envoy", "minister", "ministry", "spokesman", "spokeswoman", "military", "navy",
                              "administration", "regime", "officer", "militia", "chief", "head", "ambassador",
                              "president", "premier", "cabinet", "parliament", "court", "judge", "prosecutor"})
_RECEIVE = frozenset({"draw", "face", "receive", "attract", "earn", "win", "meet", "provoke", "spark", "prompt",
                      "trigger", "elicit", "invite", "bring", "cause"})
_HIT = frozenset({"hit", "target", "strike", "destroy", "pound", "kill", "damage", "wound"})
_SANCTION_IMPOSERS = frozenset({"impose", "slap", "level", "extend", "announce", "adopt", "introduce", "expand",
                                "raise", "increase", "hike", "reimpose", "double", "triple"})
# "a hunger strike", "a general strike", "an open-ended strike": collective protest, not an armed strike
_STRIKE_KINDS = frozenset({"hunger", "general", "labour", "labor", "national", "nationwide", "open-ended",
                           "indefinite", "worker", "teacher", "rail", "transport", "sit-down", "token", "work"})
_EMERGENCY = Trigger("emergency", "coerce", ("in", "on", "over"))
_MEDIATION_HEADS = frozenset({"mission", "effort", "bid", "initiative", "role", "attempt", "trip"})
_MEDIATION = Trigger("mediation", "consult", ("between", "with"))
_ON_STRIKE = frozenset({"go", "be", "remain", "stay", "come", "walk"})
_LABOUR_STRIKE = Trigger("strike", "protest", ("against", "over", "to"))
# Acts of protest; a demand or a disapproval that is their purpose ("blocked roads to demand reforms
# from the government", "staged a sit-in, demanding the minister's resignation") is the protest itself.
PROTEST_ACTS = frozenset({"protest", "demonstrate", "rally", "march", "riot", "picket", "strike", "block",
                          "barricade", "occupy", "boycott"})
PROTEST_NOUNS = frozenset({"protest", "demonstration", "rally", "march", "riot", "strike", "sit-in", "boycott",
                           "blockade", "vigil"})
# Stance types that report an act; an act that is demanded of someone is not done.
ACT_TYPES = frozenset({"yield", "coerce", "investigate", "protest", "useForce", "useWMD", "imposeSanction",
                       "materialSupport"})
DIRECTIVE_HEADS = frozenset({"demand", "urge", "call", "ask", "press", "insist", "appeal", "request", "plead",
                             "pressure", "push", "implore", "exhort"})
_ENDING = frozenset({"end", "suspend", "halt", "break", "abandon", "quit", "cancel", "stop", "freeze", "postpone"})
REFUSING = frozenset({"refuse", "decline", "reject", "resist", "rule", "balk", "vow", "insist", "deny", "determine",
                      "determined", "swear", "pledge", "promise"})
_DIRECTIVE_TYPES = frozenset({"demand", "appeal", "ultimatum", "advocateSanction", "opposeSanction"})
_LIFTING = frozenset({"lift", "ease", "relax", "end", "shorten", "suspend", "drop", "scrap", "remove", "call"})
CLAUSE_COMPLAINTS = frozenset({"protest", "complain", "charge", "allege", "object", "lament", "deplore"})
_RETYPED_BY_PROTEST = frozenset({"demand", "appeal", "oppose", "criticize"})
# Nouns whose target is often named through whose act it is: "a probe into crimes by the militia"
# "urged both sides to …", "called on the parties to …": someone is named, only not by name
_ASIDE_MARKS = frozenset({"while", "whereas", "although", "though", "as", "because", "since", "after", "before",
                          "when", "if", "unless"})
_UNNAMED_PARTIES = frozenset({"side", "party", "country", "nation", "government", "leader", "everyone", "all",
                              "community", "world", "neighbour", "neighbor", "rival", "belligerent"})
_QUANTITY_HEADS = frozenset({"billion", "million", "thousand", "worth", "ton", "tonne", "percent", "share", "range",
                             "list", "number", "amount", "value"})
_ERAS = frozenset({"administration", "presidency", "government", "tenure", "rule", "reign", "era", "term",
                   "chancellorship", "premiership", "leadership"})
_MEETINGS = frozenset({"meeting", "talk", "summit", "conference", "negotiation", "round", "dialogue"})
_MUTUAL = frozenset({"fight", "clash", "battle", "negotiate", "trade"})  # "Israel and Hamas fought a war"
_MOVES = frozenset({"move", "decision", "step", "measure", "action", "announcement", "gesture", "deal", "plan"})
# Noun stances whose target may be named through whose act or policy it is ("disapproval of the United
# States' military policies", "criticism of Russia's actions", "tariffs on American goods")
_WHOSE_ACT = frozenset({"protest", "investigate", "coerce", "yield", "advocateSanction", "imposeSanction",
                        "opposeSanction", "oppose", "criticize", "accuse", "reject"})
_CLAIMS = frozenset({"allegation", "claim", "complaint", "report", "accusation", "charge", "suspicion"})
_ACT_TARGETS = frozenset({"protest", "investigate", "coerce", "yield"})


@dataclass
class Stance:
    """One drafted stance; offsets are code points in the article, end exclusive."""

    holder: str
    type: str
    target: str | None
    polarity: str
    modality: str
    certainty: str
    confidence: float
    start: int
    end: int
    trigger: str
    trigger_lemma: str = ""
    stated_by: str | None = None
    via: list[str] = field(default_factory=list)
    when: str | None = None  # the words that date it ("tuesday", "year:2013"); see modality.resolve_time


# Agreement and praise are about a partner named as such; an actor deeper inside is rarely that partner.
_NO_NESTED = frozenset({"expressAccord", "signAgreement", "support", "praise", "alignWith", "cooperate",
                        "defendVerbally"})
_NO_NESTED_LEMMAS = frozenset({"order", "agree", "cancel", "travel", "fly", "arrive", "head", "receive", "open",
                               "reopen", "close"})
_QUANTITIES = frozenset({"thousand", "hundred", "dozen", "million", "crowd", "number", "group", "member", "people",
                         "some", "many", "most", "all", "majority", "minority"})
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "men", "ee")


def _peopleish(tok: Token) -> bool:
    """Does a subject's head word name people ("doctors", "protesters", "thousands of …")? A name inside
    such a phrase may stand for them; inside "the U.S. missile strikes" it does not."""
    lemma = tok._.lem
    return lemma in _QUANTITIES or (tok.tag_ in ("NNS", "NNPS") and lemma.endswith(_PERSON_ENDINGS))


class SentenceStances(IdiomRules):
    """The rules applied to one sentence; `run()` returns its stances."""

    def __init__(self, sent: Span, found: SentenceActors, registry: Registry, *, span: tuple[int, int],
                 article_year: int | None) -> None:
        self.sent, self.found, self.registry = sent, found, registry
        self.span, self.year = span, article_year
        self.out: list[Stance] = []
        self.nested_holder = False  # set when a holder came from inside its noun phrase (lower confidence)

    # ---------- noun phrases → actors ----------
    def actors_of(self, tok: Token, *, modifiers: bool = False) -> list[str]:
        """The actors a noun phrase headed by `tok` names, its conjuncts included."""
        keys: list[str] = []
        stack = [tok]
        while stack:
            t = stack.pop(0)
            if t.i in self.found.by_token:
                keys.append(self.found.by_token[t.i])
                keys.extend(self.found.extra.get(t.i, []))
            elif any(c.dep_ == "appos" and c.i in self.found.by_token for c in t.children):
                keys.extend(self.found.by_token[c.i] for c in t.children
                            if c.dep_ == "appos" and c.i in self.found.by_token)
            elif t._.lem in SPEECH_ACT_NOUNS | SEPARATION_NOUNS and any(p.dep_ == "prep" and p.lower_ == "from"
                                                                       for p in t.children):
                # "a demand from the U.S. president", "an offer from Kabul": the author
                keys.extend(self.found.by_token[o.i] for p in t.children if p.dep_ == "prep" and p.lower_ == "from"
                            for o in p.children if o.dep_ == "pobj" and o.i in self.found.by_token)
            elif t._.lem in COLLECTIVE_HEADS and not modifiers:
                # "U.S. and British forces", "leaders of Romania's new government": whose forces, whose leaders
                mods = [c for c in t.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
                mods += [c for m in mods for c in m.children if c.dep_ == "conj"]
                keys.extend(self.found.by_token[c.i] for c in mods
                            if c.i in self.found.by_token and self.found.how.get(c.i) != "pronoun")
                keys.extend(self.found.by_token[o.i] for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                            for o in p.children if o.dep_ == "pobj" and o.i in self.found.by_token)
            elif modifiers:  # "Russia's actions"; never "his counterpart" (a pronoun possessor is not the target)
                keys.extend(self.found.by_token[c.i] for c in t.children
                            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in self.found.by_token
                            and self.found.how.get(c.i) != "pronoun")
                for p in t.children:  # "the actions of Russia", "the strike by the U.S."
                    if p.dep_ == "prep" and p.lower_ in ("of", "by"):
                        keys.extend(self.found.by_token[o.i] for o in p.children
                                    if o.dep_ == "pobj" and o.i in self.found.by_token)
                    elif p.dep_ == "acl":  # "crimes committed by Croat forces", "bribes paid by Siemens"
                        keys.extend(self.found.by_token[o.i] for a in p.children if a.dep_ == "agent"
                                    for o in a.children if o.dep_ == "pobj" and o.i in self.found.by_token)
            stack.extend(c for c in t.children if c.dep_ == "conj")
        return [k for k in dict.fromkeys(keys) if self.registry.type_of(k) not in NON_ACTOR_TYPES]

    def how(self, tok_keys: list[str], toks: list[Token]) -> float:
        score = 0.0
        for t in toks:
            for s in t.subtree:
                if s.i in self.found.how and self.found.by_token[s.i] in tok_keys:
                    score = min(score, _HOW_SCORE[self.found.how[s.i]]) if score else _HOW_SCORE[self.found.how[s.i]]
                    break
        return score

    def subject(self, verb: Token, depth: int = 0) -> tuple[list[str], list[Token]]:
        """The actors doing what `verb` says, with the tokens they came from."""
        if depth > 4:
            return [], []
        agent = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return (self.actors_of(agent[0]), agent) if agent else ([], [])
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return self.actors_of(verb.head), [verb.head]
            keys = self.actors_of(s)
            if not keys and _peopleish(s):  # "Thousands of Iraqi Kurds", "Doctors from American aid groups"
                inside = sorted((t for t in s.subtree if t.i in self.found.by_token and t.i != s.i
                                 and self.found.how.get(t.i) != "pronoun"
                                 and self.registry.type_of(self.found.by_token[t.i]) not in NON_ACTOR_TYPES),
                                key=lambda t: (t.dep_ != "pobj", t.i))  # "A group of Serbian students": the students
                inner = [self.found.by_token[t.i] for t in inside]
                if inner:
                    self.nested_holder = True
                    return inner[:1], [s]
            return keys, [s]
        head = verb.head
        if head is verb:
            return [], []
        if verb.dep_ == "xcomp":
            if head._.lem in OBJECT_CONTROL:
                obj = [c for c in head.children if c.dep_ in ("dobj", "dative")]
                obj += [o for p in head.children if p.dep_ in ("prep", "prt") and p.lower_ == "on"
                        for o in p.children if o.dep_ == "pobj"]
                if obj:
                    return self.actors_of(obj[0]), obj
            passive = [c for c in head.children if c.dep_ == "nsubjpass"]
            if passive and not any(c.dep_ == "agent" for c in head.children):
                # "Russia was asked to leave", "they will be determined not to …": the passive subject acts
                return self.actors_of(passive[0]), passive
            return self.subject(head, depth + 1)
        reporter = reporting_verb(verb)
        if reporter is not None:
            # "Tillerson added that the U.S. sees … but stopped short of …", "said Turkey must release … and
            # warned …": the past tense coordinates with the past-tense reporting verb, not the clause it reports
            return self.subject(reporter, depth + 1)
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and depth == 0:
            agent = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            if agent:  # "…, a move welcomed by the European Union"
                return self.actors_of(agent[0]), agent
        if verb.dep_ in ("conj", "advcl", "pcomp", "acomp") and head.pos_ in ("VERB", "AUX"):
            return self.subject(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            up = head.head  # "stopped short of calling": past the adverb to the verb it modifies
            while up.pos_ not in ("VERB", "AUX") and up.head is not up and up.dep_ in ("advmod", "acomp", "amod"):
                up = up.head
            seen = [c for c in up.children if c.dep_ == "nsubjpass"] if head.lower_ == "as" else []
            if seen and not any(c.dep_ == "agent" for c in up.children):
                return self.actors_of(seen[0]), seen  # "Hungary would never be seen as bending to …"
            return self.subject(up, depth + 1)
        if verb.dep_ == "relcl":
            return self.actors_of(head), [head]
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
            # "his Italian counterpart warning that …"; "issued a declaration demanding that …": whoever issued it
            keys = self.actors_of(head)
            if keys:
                return keys, [head]
            if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                return self.subject(head.head, depth + 1)
        return [], []

    def objects(self, verb: Token, slots: tuple[str, ...]) -> tuple[list[str], list[Token]]:
        """The targets of a verb trigger, from the first slot that names an actor."""
        for slot in slots:
            toks: list[Token] = []
            if slot == "dobj":
                toks = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            elif slot == "dative":
                toks = [c for c in verb.children if c.dep_ == "dative"]
            elif slot == "on:to":
                toks = [o for p in verb.children if p.dep_ in ("prep", "prt") and p.lower_ == "on"
                        for o in p.children if o.dep_ == "pobj"]
                toks += [c for c in verb.children if c.dep_ == "dobj"]
            else:
                toks = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == slot
                        for o in p.children if o.dep_ == "pobj"]
                if not toks:  # "met with X" sometimes hangs the preposition on the particle or object
                    toks = [o for c in verb.children if c.dep_ == "dobj" for p in c.children
                            if p.dep_ == "prep" and p.lower_ == slot for o in p.children if o.dep_ == "pobj"]
            found = [(k, tok) for tok in toks for k in self.actors_of(tok, modifiers=slot not in ("with",))]
            if found:
                keys = list(dict.fromkeys(k for k, _ in found))
                return keys, list(dict.fromkeys(t for _, t in found))
        return [], []

    def deep_objects(self, verb: Token, stance: str = "") -> tuple[list[str], list[Token]]:
        """Targets one step further in: the object's preposition ("halted aid to Serbia"), or what an
        infinitive does ("threatened to break relations with Russia", "threatened to attack Israel")."""
        preps = _DEEP_PREPS | (_AUTHOR_PREPS if stance in ("reject", "deny") else frozenset()) \
            | ({"in"} if stance == "threaten" else frozenset())
        for obj in [c for c in verb.children if c.dep_ == "dobj"]:
            for p in obj.children:
                if p.dep_ == "prep" and p.lower_ in preps:
                    for o in p.children:
                        keys = self.actors_of(o, modifiers=True) if o.dep_ == "pobj" else []
                        if keys:
                            return keys, [o]
        for x in [c for c in verb.children if c.dep_ == "xcomp"]:
            keys, toks = self.objects(x, ("dobj", *sorted(preps)))
            if keys:
                return keys, toks
            keys, toks = self.deep_objects(x, stance) if x is not verb else ([], [])
            if keys:
                return keys, toks
        return [], []

    # ---------- output ----------
    def emit(self, trigger: Token, holders: list[str], htoks: list[Token], targets: list[str],
             ttoks: list[Token], stance: str, base: float, *,
             fixed_modality: tuple[str, str] | None = None) -> None:
        if not holders or not targets:
            return
        if stance in SYMMETRIC and len(holders) > 1 and targets == holders[1:]:
            holders = holders[:1]
        if stance in _RETYPED_BY_PROTEST and self._purpose_of_protest(trigger):
            stance = "protest"
        if stance not in _DIRECTIVE_TYPES and (self._demanded(trigger) or self._obliged(trigger)):
            return  # "urged Israel to ease restrictions", "said the US must mediate": demanded, not done
        mod, certainty = fixed_modality or modality(trigger, article_year=self.year)
        if mod == "asserted" and self._past_tenure(trigger):
            mod = "historical"  # "during the Obama administration, Kerry often met Putin"
        if stance == "yield" and mod == "negated" and self._refusal(trigger):
            stance, mod = "reject", "asserted"  # "refused to release", "would not lift the ban": CAMEO 124
        unless = self._unless(trigger)
        if stance in ACT_TYPES | {"reduceRelations"} and unless is not None:
            # "will withdraw its troops unless France pays": a conditional act threatens who must act (CAMEO 13x)
            stance = "threaten"
            subj = [c for c in unless.children if c.dep_ in ("nsubj", "nsubjpass")]
            conditioned = [k for k in (self.actors_of(subj[0]) if subj else []) if k not in targets]
            if conditioned:  # the one threatened with the act, and the one who must act to avert it
                targets, ttoks = [*targets, *conditioned], [*ttoks, *subj]
        if stance == "consult" and mod == "future":
            stance = "intendToMeet"  # "will visit", "is due to meet": CAMEO 036
        att = attribute(trigger, self.found, self.registry)
        if att.speech_verb is not None and att.speech_verb._.lem in HEDGES and certainty == "certain":
            certainty = "probable"
        if stance in _SANCTION_TYPES:
            # sanctions bind states: "sanctions against the Kremlin" are sanctions on Russia
            targets = [self.registry.actors[t].governs or t if t in self.registry.actors else t for t in targets]
        conf = base + self.how(holders, htoks) + self.how(targets, ttoks) - (0.2 if self.nested_holder else 0.0)
        self.nested_holder = False
        if stance in SYMMETRIC and att.speaker and len(holders) == 1 and len(targets) == 1 \
                and self.registry.type_of(att.speaker) in ("Government", "State"):
            # "the Kremlin said there was no meeting scheduled between Tillerson and Putin": a meeting of the
            # speaker's own side is the speaker's stance toward the other party
            own = self.state_of(att.speaker)
            h_own, t_own = self.state_of(holders[0]) == own, self.state_of(targets[0]) == own
            if own and h_own != t_own:
                other = targets if h_own else holders
                holders, htoks, targets = [att.speaker], [], other
        speakers_for = {h: self.speaks_for(h) for h in holders}
        when = time_expression(trigger)
        for h0 in holders:
            h = speakers_for[h0] or h0
            for t in targets:
                if h == t or self._same_side(h, t):
                    continue
                stated_by = h0 if h != h0 else (att.speaker if att.speaker and att.speaker not in (h, t) else None)
                self.out.append(Stance(
                    holder=h, type=stance, target=t, polarity=stance_type(stance).polarity, modality=mod,
                    certainty=certainty, confidence=round(max(0.2, min(0.95, conf)), 2),
                    start=self.span[0], end=self.span[1], trigger=trigger.text, trigger_lemma=trigger._.lem,
                    stated_by=stated_by,
                    via=list(att.via), when=when))

    def _past_tenure(self, trigger: Token) -> bool:
        """Is the trigger's clause set in a leader's time that ended before the article's year ("during the
        Obama administration", "under Merkel's chancellorship")? Read from the gazetteer's tenures."""
        if self.year is None:
            return False
        clause = trigger
        while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl") and clause.head is not clause:
            clause = clause.head
        for tok in clause.subtree:
            if tok.lower_ not in ("during", "under") or tok.dep_ != "prep":
                continue
            era = [o for o in tok.children if o.dep_ == "pobj" and o._.lem in _ERAS]
            for e in era:
                for m in e.children:
                    if m.dep_ not in ("compound", "poss", "amod"):
                        continue
                    entry = self.registry.gaz.lookup(m.text)  # "Obama" in "the Obama administration"
                    key = entry.key if entry is not None else self.found.by_token.get(m.i)
                    tenures = self.registry.gaz.offices_of(key) if key else []
                    # a tenure that starts after the article is not the one it speaks of (Trump's second term
                    # in a 2023 article)
                    tenures = [t for t in tenures if not t.start or int(t.start[:4]) <= self.year]
                    # ended before the article's year, or in it when the clause is in the past tense
                    if tenures and all(t.end is not None and (int(t.end[:4]) < self.year or (
                            int(t.end[:4]) == self.year and trigger.tag_ == "VBD")) for t in tenures):
                        return True
        return False

    def _refusal(self, trigger: Token) -> bool:
        """Is a negated act refused ("refused to release", "will not bow to", "won't be seen as bending"),
        rather than merely not done ("has not lifted the curfew")?"""
        cur = trigger
        for _ in range(5):
            if cur._.lem in REFUSING or (any(c.dep_ == "neg" for c in cur.children) and any(
                    c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "can", "could")
                    for c in cur.children)):
                return True
            if cur.head is cur or cur.dep_ in ("ROOT", "ccomp"):
                return False
            cur = cur.head
        return False

    def _obliged(self, trigger: Token) -> bool:
        """Is a verb trigger what its subject must or should do ("Kagame must agree to reforms", "the US must
        be ready to mediate")? The reported directive is the stance; the act is not done."""
        if trigger.pos_ != "VERB":
            return False
        cur = trigger
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in DIRECTIVE_MODALS for c in cur.children):
                return True
            if cur.dep_ not in ("xcomp", "acomp", "conj") or cur.head is cur:
                return False
            cur = cur.head
        return False

    def _demanded(self, trigger: Token) -> bool:
        """Is the trigger what someone demands, urges or asks ("demanded that Israel lift the blockade",
        "urged Iran to release", "calls for the release of")? Looks up at most three heads."""
        cur = trigger
        for _ in range(3):
            if cur.head is cur or cur.dep_ not in ("xcomp", "ccomp", "acl", "pobj", "prep", "pcomp", "dobj"):
                return False
            cur = cur.head
            if cur._.lem in DIRECTIVE_HEADS or any(c.dep_ == "dobj" and c._.lem in DIRECTIVE_HEADS
                                                   for c in cur.children if c.i < trigger.i):
                return True  # "… reiterated its demand that Israel ease …"
        return False

    def _unless(self, trigger: Token) -> Token | None:
        """The clause with "unless" that hangs from the trigger or the verb it depends on, if any."""
        for tok in (trigger, trigger.head):
            for c in tok.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children):
                    return c
        return None

    def _purpose_of_protest(self, trigger: Token) -> bool:
        """Is the trigger what an act of protest is for ("marched to demand …", "began a hunger strike
        to protest …", "blocked roads, demanding …")? Looks up at most three heads."""
        cur = trigger
        for _ in range(3):
            if cur.dep_ not in ("xcomp", "advcl", "acl", "pobj", "prep", "dobj", "pcomp", "relcl") or cur.head is cur:
                return False
            cur = cur.head
            if cur.pos_ == "VERB" and (cur._.lem in PROTEST_ACTS or any(
                    c.dep_ == "dobj" and c._.lem in PROTEST_NOUNS for c in cur.children)):
                return True
            if cur.pos_ == "NOUN" and cur._.lem in PROTEST_NOUNS:
                return True
        return False

    def speaks_for(self, person: str) -> str | None:
        """The collective a spokesperson speaks for ("Kremlin spokesman Dmitry Peskov" → the Kremlin),
        from the office they hold at the article's date; None for anyone else."""
        from .actors import role_class

        gaz = self.registry.gaz
        date = str(self.year) if self.year else None
        for office_key in [o for o, p in self.registry.roles.items() if p == person] + \
                [t.office for t in gaz.offices_of(person) if date and t.start[:4] <= date
                 and (t.end is None or date <= t.end[:4])]:
            office = gaz.get(office_key)
            if office is not None and role_class(office.label) == "spokesperson" and office.link:
                return self.registry.from_key(office.link)
        return None

    def _same_side(self, a: str, b: str) -> bool:
        """A government and the state it governs, a company and its state, a person and their state are one
        side; a group of a country's people and that country are not."""
        actors = self.registry.actors
        x, y = actors.get(a), actors.get(b)
        if x is None or y is None:
            return False
        # a group of a country's people is not its state: "Iraqi Kurds called for independence from Iraq"
        x_aff = x.affiliated_with if x.type != "ActorGroup" else None
        y_aff = y.affiliated_with if y.type != "ActorGroup" else None
        return b in (x.governs, x.controlled_by, x_aff) or a in (y.governs, y.controlled_by, y_aff)

    # ---------- the rules ----------
    def run(self) -> list[Stance]:
        for tok in self.sent:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX"):
                continue
            lemma = tok._.lem
            if tok.lower_ in ADJ_TRIGGERS and (tok.pos_ == "ADJ" or (any(
                    c.dep_ == "auxpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children))):
                self.adjective_rule(tok, *ADJ_TRIGGERS[tok.lower_])
                continue
            if tok.pos_ in ("VERB", "AUX") or tok.lower_ == "numbered":
                self.end_rule(tok)
            if tok.pos_ == "VERB":
                self.defiance_rule(tok)
                self.conditional_threat_rule(tok)
            if tok.pos_ == "VERB":
                if lemma in LABEL_VERBS:
                    self.label_rule(tok)
                for trig in verb_triggers(lemma):
                    self.verb_rule(tok, trig)
                if lemma in SPEECH_VERBS:
                    self.directive_rule(tok)
            elif tok.pos_ == "NOUN":
                if lemma in DENIED_NOUNS and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                    self.denied_rule(tok, *DENIED_NOUNS[lemma])
                if (lemma == "law" and any(c.lower_ == "martial" for c in tok.children)) or (
                        lemma == "state" and any(p.lower_ == "of" and any(o._.lem in ("emergency", "siege")
                                                                           for o in p.children)
                                                 for p in tok.children if p.dep_ == "prep")):
                    self.noun_rule(tok, _EMERGENCY)  # "declared martial law in", "a state of emergency in"
                    continue
                if lemma in _MEDIATION_HEADS and any(c._.lem == "mediation" and c.dep_ in ("compound", "amod")
                                                    for c in tok.children):
                    self.noun_rule(tok, _MEDIATION)
                    continue
                if lemma == "strike" and (any(c._.lem in _STRIKE_KINDS for c in tok.children
                                              if c.dep_ in ("compound", "amod")) or (  # "went on strike"
                        tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head._.lem in _ON_STRIKE)):
                    self.noun_rule(tok, _LABOUR_STRIKE)  # "a hunger strike", "a general strike": a protest
                    continue
                for trig in noun_triggers(lemma):
                    self.noun_rule(tok, trig)
        # "warned that Russia must not be pushed into a corner" speaks for Russia: no threat to it as well
        defended = {(s.holder, s.target) for s in self.out if s.type == "defendVerbally"}
        self.out = [s for s in self.out if not (s.type == "threaten" and (s.holder, s.target) in defended)]
        # "Kerry met Putin and Lavrov when he visited Moscow": meeting its leaders subsumes visiting the state
        met = {(s.holder, self.state_of(s.target)) for s in self.out if s.type in ("consult", "intendToMeet")
               and s.target and self.registry.type_of(s.target) != "State"}
        self.out = [s for s in self.out if not (s.type in ("consult", "intendToMeet") and s.target
                                                 and self.registry.type_of(s.target) == "State"
                                                 and (s.holder, s.target) in met)]
        return self.out

    def state_of(self, key: str | None, depth: int = 0) -> str | None:
        """The state an actor is, governs, or belongs to (None when unknown)."""
        actor = self.registry.actors.get(key) if key else None
        if key is None or depth > 3:
            return None
        gaz = self.registry.gaz
        entry = gaz.get(key)
        if (actor.type if actor else entry.type if entry else None) == "State":
            return key
        link = (actor.governs or actor.controlled_by or actor.affiliated_with) if actor else None
        if link is None and entry is not None:
            link = entry.governs if entry.kind == "actor" else entry.link  # a government, or an office
        if link is None:  # a person: the state of an office they hold or held (the gazetteer's tenures)
            link = next((t.office for t in gaz.offices_of(key)), None)
        return self.state_of(link, depth + 1) if link else None

    def verb_rule(self, verb: Token, trig: Trigger) -> None:
        if trig.needs:
            parts = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt", "advmod")}  # "hit back"
            # "calling for him to step down": "for" marks the clause that says what is called for
            parts |= {m.lower_ for c in verb.children if c.dep_ in ("advcl", "ccomp", "xcomp")
                      for m in c.children if m.dep_ == "mark"}
            if trig.needs not in parts:
                return
        if trig.objects is not None and not any(t._.lem in trig.objects for c in verb.children
                                                if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree) \
                and not (trig.objects is CAPTIVE_WORDS and any(c.i in self.found.by_token for c in verb.children
                                                               if c.dep_ in ("dobj", "nsubjpass"))):
            return  # "released Prime Minister Chaudhry": a named captive
        if trig.stance == "consult" and any(c.dep_ == "dobj" and c._.lem in DEMAND_WORDS for c in verb.children):
            return  # "met the demands of …": giving way, read by the yield entry
        holders, htoks = self.subject(verb)
        if not holders:
            return
        if trig.stance in ("demand", "appeal", "support") and self.sanctions_antecedent(verb, holders, htoks):
            return
        if trig.stance in ("demand", "appeal") and any(
                o._.lem in ("sanction", "embargo") for c in verb.children
                for o in ([c] if c.dep_ == "dobj" else [x for x in c.children if x.dep_ == "pobj"]
                          if c.dep_ == "prep" else [])):
            return  # "called for sanctions against Nigeria": advocacy of sanctions, read by the noun rule
        targets, ttoks = self.objects(verb, trig.slots)
        if not targets and trig.stance in ("demand", "appeal"):
            # "demanding that President Mugabe abandon …", "called for him to step down"
            for c in verb.children:
                if c.i < verb.i or any(m.dep_ == "mark" and m.lower_ in _ASIDE_MARKS for m in c.children):
                    continue  # a demand's content follows the verb; "…, while the EU called for …" is another
                if c.dep_ in ("ccomp", "advcl", "xcomp") or (c.dep_ == "prep" and c.lower_ == "for"):
                    subj = [s for s in c.subtree if (s.dep_ == "nsubj" and s.head.head in (verb, c)) or
                            (s.dep_ == "nsubj" and s.head is c)]
                    if subj:
                        targets, ttoks = self.actors_of(subj[0]), subj[:1]
                        if targets:
                            break
        if not targets and verb._.lem in CLAUSE_COMPLAINTS:
            # "Croatian authorities are failing to …, a rights group protested": what the clause's subject does
            for c in verb.children:
                subj = [x for x in c.children if x.dep_ == "nsubj"] if c.dep_ == "ccomp" else []
                if subj:
                    targets, ttoks = self.actors_of(subj[0]), subj[:1]
                    if targets:
                        if trig.stance == "protest":  # protesting in words, not in the street
                            trig = Trigger(trig.lemma, "criticize", trig.slots, trig.weight)
                        break
        if not targets and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head._.lem in _MOVES:
            # "Israel eased restrictions, a move welcomed by the EU": the stance is toward who made the move
            up = verb.head
            while up.dep_ in ("appos", "dobj", "pobj", "prep", "npadvmod", "attr") and up.head is not up \
                    and up.pos_ != "VERB":
                up = up.head
            if up.pos_ == "VERB" and up is not verb:
                targets, ttoks = self.subject(up)
        if not targets and trig.lemma == "warn":
            # "warned that Russia must …" aims at Russia; "warned that relations would suffer" at no one named
            subj = [x for c in verb.children if c.dep_ == "ccomp" for x in c.children if x.dep_ == "nsubj"]
            targets, ttoks = (self.actors_of(subj[0]), subj[:1]) if subj else ([], [])
            if not targets:
                return
        if not targets and trig.stance == "deny" and any(c.dep_ in ("xcomp", "ccomp") or c.tag_ == "VBG"
                                                         for c in verb.children if c.i > verb.i):
            return  # "denied supplying weapons to the Taliban": the denial answers an unnamed accuser
        if not targets and trig.stance in _DEEP_TARGETS:
            targets, ttoks = self.deep_objects(verb, trig.stance)
        if not targets and trig.stance == "threaten":
            # a conditional threat aims at whoever must act: "… unless Israel rescinded", "if the U.S. goes ahead"
            for clause in verb.subtree:
                if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                  for m in clause.children):
                    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        targets, ttoks = self.actors_of(subj[0]), subj[:1]
                        if targets:
                            break
        if not targets and (trig.stance in SYMMETRIC or trig.objects is RELATION_WORDS
                            or trig.lemma in _MUTUAL) and len(holders) > 1:
            targets, ttoks = holders[1:], htoks  # "Czechia and Albania upgraded their ties"
        base = 0.8 * trig.weight
        # "met the demands of the IMF": a meeting names whom it meets as its object, not deeper inside;
        # "host a meeting between A and B": the host consults both
        hosted = [o for c in verb.children if c.dep_ == "dobj" and c._.lem in _MEETINGS for p in c.children
                  if p.dep_ == "prep" and p.lower_ == "between" for o in p.children if o.dep_ == "pobj"]
        if not targets and trig.stance == "consult" and hosted:
            targets, ttoks = self.actors_of(hosted[0]), hosted
        unmet = trig.stance == "consult" and any(c.dep_ == "dobj" and c.i not in self.found.by_token
                                                 for c in verb.children)
        pronoun_object = any(
            (c.dep_ in ("dobj", "dative") and (c.pos_ == "PRON" or c._.lem in _UNNAMED_PARTIES)
             and c.i not in self.found.by_token)
            or (c.dep_ in ("ccomp", "xcomp") and any(x.dep_ == "nsubj" and x.pos_ == "PRON" and x.i < c.i
                                                     for x in c.children))
            for c in verb.children)
        if not targets and trig.stance not in _NO_NESTED and trig.lemma not in _NO_NESTED_LEMMAS \
                and not pronoun_object and not unmet:  # "to help him oust Aoun": the target is "him", unresolved
            # last resort: the first actor named inside what the verb governs ("threatened to cut off
            # electricity to the Azerbaijani republic of Nakhichevan"), at a lower confidence
            targets, ttoks = self.nested_actor(verb, holders)
            base -= 0.2
        self.emit(verb, holders, htoks, targets, ttoks, trig.stance, base)

    def nested_actor(self, verb: Token, holders: list[str]) -> tuple[list[str], list[Token]]:
        """The first actor inside the verb's object, complement or prepositional phrases after it. As in
        CAMEO's coding, a protest "in Serbia" is aimed at Serbia when nothing else names its target."""
        for child in verb.children:
            passive_subject = child.dep_ == "nsubjpass"  # "a camp for Congolese refugees was attacked"
            if not passive_subject and (child.i < verb.i or child.dep_ not in (
                    "dobj", "xcomp", "prep", "dative", "ccomp", "attr")):
                continue
            if child.dep_ == "prep" and child.lower_ in ("with", "without") and any(
                    t.pos_ == "VERB" and t.dep_ in ("acl", "ccomp", "advcl") for t in child.subtree):
                continue  # "…, with a spokesman saying …": an absolute clause, not the verb's object
            inside = {t.i for a in child.subtree if a.dep_ == "appos" and a._.lem in _MOVES
                      for t in a.subtree}  # "…, a move welcomed by X": a comment on the act, not its object
            for t in child.subtree:
                if t.i in inside:
                    continue
                key = self.found.by_token.get(t.i)
                if key and key not in holders and self.registry.type_of(key) not in NON_ACTOR_TYPES \
                        and self.found.how.get(t.i) != "pronoun":
                    return [key], [t]
        return [], []

    def noun_rule(self, noun: Token, trig: Trigger) -> None:
        stance = trig.stance
        targets: list[str] = []
        ttoks: list[Token] = []
        for p in noun.children:
            if p.dep_ == "prep" and p.lower_ in trig.slots:
                ttoks = [o for o in p.children if o.dep_ == "pobj"]
                targets = [k for o in ttoks for k in (self.claim_target(o) if stance in _WHOSE_ACT
                                                      else self.actors_of(o))]  # "tariffs on American goods"
                if targets:
                    break
        if not targets and noun.dep_ == "dobj" and (noun.head._.lem in LIGHT_VERBS | _SANCTION_IMPOSERS
                                                    or stance in _ACT_TARGETS):
            # "staged rallies in Gaza against the party's leader": the preposition hangs from the verb
            for p in noun.head.children:
                if p.dep_ in ("prep", "dative") and p.lower_ in trig.slots:  # "issued a reminder Saturday to Iraq"
                    ttoks = [o for o in p.children if o.dep_ == "pobj"]
                    targets = [k for o in ttoks for k in self.claim_target(o)]
                    if targets:
                        break
        hosts = [noun, *[c for c in noun.children if c.dep_ == "acl"]]  # "no meeting scheduled between"
        between = [o for h in hosts for p in h.children if p.dep_ == "prep" and p.lower_ == "between"
                   for o in p.children if o.dep_ == "pobj"]
        holders: list[str] = []
        htoks: list[Token] = []
        if between and trig.lemma == "mediation":
            targets, ttoks = self.actors_of(between[0]), between  # the mediator consults both sides
        elif between and stance in SYMMETRIC:
            pair = self.actors_of(between[0])
            if len(pair) >= 2:
                holders, targets, htoks, ttoks = pair[:1], pair[1:2], between, between
        poss = [c for c in noun.children if c.dep_ == "poss"]
        by = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children
              if o.dep_ == "pobj"]
        if not holders and not poss and by and "by" not in trig.slots:
            holders, htoks = self.actors_of(by[0]), by  # "the condemnation of Israel by Jordan"
        if not holders and poss:
            holders, htoks = self.actors_of(poss[0]), poss
            if not holders:
                return  # "its support": an owner we could not resolve is still the owner
        if not holders and stance in ("support", "useForce", "imposeSanction", "materialSupport", "consult",
                                      "protest"):
            mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
            mods += [g for m in list(mods) for g in m.children if g.dep_ in ("compound", "amod")]
            holders = [self.found.by_token[m.i] for m in mods if m.i in self.found.by_token]
            holders = [h for h in holders if self.registry.type_of(h) not in NON_ACTOR_TYPES]
            htoks = mods
        verb = self._governing_verb(noun)
        if verb is not None:
            vlemma = verb._.lem
            chain = self._verb_chain(verb)
            if stance == "coerce" and vlemma in _LIFTING:
                return  # "lifted the curfew": the yield rule reads that
            if stance == "consult" and vlemma in _ENDING and noun.dep_ == "dobj":
                return  # "ended mediation efforts", "broke off talks": no consultation
            if stance == "imposeSanction":
                if any(v._.lem in ADVOCACY_VERBS for v in chain):
                    stance = "advocateSanction"
                elif any(v._.lem in RESISTING_VERBS for v in chain):
                    stance = "opposeSanction"
                elif not holders and vlemma not in _SANCTION_IMPOSERS:
                    return
            direct = noun.dep_ in ("dobj", "nsubjpass", "attr")
            if not holders and (
                    (direct and vlemma in LIGHT_VERBS | ADVOCACY_VERBS | RESISTING_VERBS | _SANCTION_IMPOSERS
                     | {"have", "agree", "tighten"})
                    or (not direct and vlemma in ADVOCACY_VERBS | RESISTING_VERBS)):
                holders, htoks = self.subject(chain[-1] if chain else verb)
            if not holders and stance in _ACT_TARGETS and noun.dep_ != "nsubj":
                # "went on hunger strike in protest against …", "opened an investigation into …"
                holders, htoks = self.subject(verb)
        elif not holders and stance in _ACT_TARGETS and noun.dep_ == "pobj":
            up = noun.head  # "began a hunger strike in protest against …": up to the verb of the act
            for _ in range(3):
                if up.pos_ == "VERB" or up.head is up:
                    break
                up = up.head
            if up.pos_ == "VERB":
                holders, htoks = self.subject(up)
        if stance in ("criticize", "oppose", "accuse", "praise", "support") and noun.dep_ == "dobj" \
                and noun.head._.lem in _RECEIVE:
            # "Putin's support for Assad has drawn criticism from the West": the West criticizes Putin
            source = [o for h in (noun, noun.head) for p in h.children if p.dep_ == "prep"
                      and p.lower_ in ("from", "by") for o in p.children if o.dep_ == "pobj"]
            subj = [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if source and subj:
                holders, htoks = self.actors_of(source[0]), source
                targets, ttoks = self.actors_of(subj[0], modifiers=True), subj
            elif source and noun.head.dep_ in ("advcl", "conj", "xcomp"):
                # "Police detained six journalists, prompting criticism from Berlin": whoever did the act
                holders, htoks = self.actors_of(source[0]), source
                targets, ttoks = self.subject(noun.head)
            if source and (subj or noun.head.dep_ in ("advcl", "conj", "xcomp")):
                self.emit(noun, holders, htoks, targets, ttoks, stance, 0.7 * trig.weight)
            return
        if stance == "useForce" and not targets and noun.dep_ == "nsubj" and noun.head._.lem in _HIT:
            targets, ttoks = self.objects(noun.head, ("dobj",))  # "the U.S. missile strike hit a Syrian base"
        if not holders and not targets:
            return
        if not targets and stance in SYMMETRIC and len(holders) > 1:
            targets, ttoks = holders[1:], htoks
        if stance in ("demand", "appeal", "ultimatum") and not targets:
            # "reiterated its demand that Israel ease restrictions": who must act is the clause's subject
            for host in (noun, noun.head):
                for c in host.children:
                    if c.dep_ in ("ccomp", "acl") and c.i > noun.i and any(m.lower_ == "that" for m in c.children):
                        subj = [x for x in c.children if x.dep_ == "nsubj"]
                        if subj:
                            targets, ttoks = self.actors_of(subj[0]), subj[:1]
                if targets:
                    break
        if stance == "ultimatum" and not targets and verb is not None:
            for c in verb.children:  # "issued an ultimatum, telling Putin …"
                if c.dep_ in ("advcl", "xcomp", "conj") and c._.lem in ("tell", "warn", "give"):
                    targets, ttoks = self.objects(c, ("dobj", "dative"))
        self.emit(noun, holders, htoks, targets, ttoks, stance, 0.7 * trig.weight)

    def claim_target(self, obj: Token) -> list[str]:
        """Whom an act named by `obj` aims at: "crimes by Croat forces" → the forces, but "an allegation by
        Ghana that Togo closed the border" → Togo (the accused, not the accuser)."""
        if obj._.lem in _CLAIMS:
            return [k for c in obj.children if c.dep_ in ("acl", "ccomp") for s in c.children
                    if s.dep_ in ("nsubj", "nsubjpass") for k in self.actors_of(s)]
        keys = self.actors_of(obj, modifiers=True)
        if not keys and (obj.like_num or obj._.lem in _QUANTITY_HEADS):  # "$60 billion of American goods"
            keys = [k for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                    if o.dep_ == "pobj" for k in self.actors_of(o, modifiers=True)]
        return keys

    def _governing_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
            return head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        return None

    def _verb_chain(self, verb: Token) -> list[Token]:
        """`verb` and the verbs it hangs from within its clause ("agree on tightening")."""
        chain = [verb]
        cur = verb
        for _ in range(3):
            if cur.dep_ in ("pcomp", "xcomp") and cur.head.pos_ in ("VERB", "AUX", "ADP"):
                cur = cur.head if cur.head.pos_ != "ADP" else cur.head.head
                chain.append(cur)
            else:
                break
        return chain
