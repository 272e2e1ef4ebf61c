"""Phrase-level stance rules: reported directives, stance adjectives, labels, denied nouns, stand-ins.

Mixed into `stances.SentenceStances`, whose helpers they use (`subject`, `actors_of`, `emit`):
"X said Y must …" (a demand), "Israel is opposed to …", "described the strikes as aggression",
"sees no role for X", "… something Britain and France have called for" (sanctions named earlier).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .attribution import attribute
from .lexicon import (
    ACCUSATION_NOUNS,
    DIRECTIVE_MODALS,
    FORCE_NOUNS,
    HOSTILE_VERBS,
    IN_POWER,
    PRESSURE_VERBS,
    RULE_NOUNS,
    SPEECH_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

_STAND_INS = frozenset({"something", "which", "that", "this", "what", "it", "them"})


class IdiomRules:
    """The phrase-level rules; `self` is a SentenceStances."""

    sent: Any
    found: Any
    registry: Any

    def sanctions_antecedent(self, verb: Token, holders: list[str], htoks: list[Token]) -> bool:
        """'… tightening sanctions against the Kremlin — something the U.K. and Canada have called for':
        a call for (or backing of) 'something'/'which' that stands for sanctions named earlier in the
        sentence is advocacy of those sanctions. True when it emitted that stance."""
        objs = [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        objs += [c for c in verb.children if c.dep_ == "dobj"]
        objs += [c for c in verb.head.children if c.dep_ == "pobj" and verb.dep_ in ("relcl", "conj")]
        if not any(o.lower_ in _STAND_INS for o in objs) and not (
                verb.dep_ == "relcl" and verb.head.lower_ in _STAND_INS):
            return False
        for noun in reversed([t for t in self.sent if t.i < verb.i and t._.lem in ("sanction", "embargo")]):
            targets = [k for p in noun.children if p.dep_ == "prep" and p.lower_ in ("against", "on")
                       for o in p.children if o.dep_ == "pobj" for k in self.actors_of(o)]
            if targets:
                self.emit(verb, holders, htoks, targets, [noun], "advocateSanction", 0.65)
                return True
        return False

    def denied_rule(self, noun: Token, stance: str, prep: str) -> None:
        """'the U.S. sees no future role for Assad': the subject of the verb opposes the object of `prep`.
        The "no" is the stance itself, so the modality comes from the verb, not from the noun."""
        objs = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == prep for o in p.children
                if o.dep_ == "pobj"]
        if not objs or noun.dep_ not in ("dobj", "attr") or noun.head.pos_ not in ("VERB", "AUX"):
            return
        if prep == "with" and not any(t.lower_ in IN_POWER for h in (noun, objs[0]) for p in h.children
                                      if p.dep_ == "prep" and p.lower_ in ("in", "at") for t in p.children):
            return  # "no solution with Assad in charge", not "no settlement with the unions yet"
        verb = noun.head
        targets = self.actors_of(objs[0])
        holders, htoks = self.subject(verb)
        self.emit(noun.head, holders, htoks, targets, objs[:1], stance, 0.7)
        while verb.dep_ == "ccomp" and verb.head is not verb:
            # "X said all sides agreed there can be no solution with …": whoever agrees, and whoever says so
            verb = verb.head
            holders, htoks = self.subject(verb)
            self.emit(noun.head, holders, htoks, targets, objs[:1], stance, 0.65)

    def adjective_rule(self, adj: Token, stance: str, prep: str) -> None:
        """'Israel is opposed to French mediation', 'remaining committed to Assad'."""
        objs = [o for p in adj.children if p.dep_ == "prep" and p.lower_ == prep for o in p.children
                if o.dep_ == "pobj"]
        if not objs:
            return
        targets = self.actors_of(objs[0], modifiers=True)
        subj = [c for c in adj.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            holders, htoks = self.actors_of(subj[0]), subj[:1]
        elif adj.dep_ in ("acomp", "xcomp", "oprd") and adj.head is not adj:
            holders, htoks = self.subject(adj.head)
        else:
            return
        self.emit(adj, holders, htoks, targets, objs[:1], stance, 0.75)

    def label_rule(self, verb: Token) -> None:
        """'described the airstrikes as an act of aggression': an accusation of whoever carried them out."""
        as_phrase = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"]
        if not as_phrase or not any(t._.lem in ACCUSATION_NOUNS for t in as_phrase[0].subtree):
            return
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        if not obj:
            return
        targets = self.actors_of(obj[0], modifiers=True)
        if not targets and obj[0]._.lem in FORCE_NOUNS | {n + "s" for n in FORCE_NOUNS}:
            # the act was reported earlier in the article: its author is the target
            targets = [h for lemma, h in reversed(self.registry.acts) if lemma in FORCE_NOUNS][:1]
        holders, htoks = self.subject(verb)
        self.emit(verb, holders, htoks, targets, obj, "accuse", 0.7)

    def protective_rule(self, speech: Token, verb: Token) -> None:
        """'X warned that Russia must not be isolated / should not be punished': X speaks up for Russia
        (CAMEO 052, defend verbally). Only the negated passive directive; "must be punished" is not read."""
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        if not aux & DIRECTIVE_MODALS or not any(c.dep_ == "neg" for c in verb.children):
            return
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subj:
            holders, htoks = self.subject(speech)
            self.emit(speech, holders, htoks, self.actors_of(subj[0]), subj, "defendVerbally", 0.7)

    def end_rule(self, verb: Token) -> None:
        """'X said the reign of the Assad family is coming to an end', '… that Maduro's days are numbered':
        a pessimistic comment (CAMEO 012) of the speaker on the ruler named in the subject."""
        ending = (verb._.lem == "come" and any(p.lower_ == "to" and any(o._.lem == "end" for o in p.children)
                                              for p in verb.children if p.dep_ == "prep")) \
            or verb.lower_ == "numbered" or (verb._.lem == "be" and any(
                c.lower_ == "over" and c.dep_ in ("acomp", "advmod", "prt") for c in verb.children))
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not ending or not subj or subj[0]._.lem not in RULE_NOUNS:
            return
        targets = [self.found.by_token[t.i] for t in subj[0].subtree if t.i in self.found.by_token
                   and self.found.how.get(t.i) != "pronoun"][:1]
        cur = verb
        for _ in range(3):  # up to the verb of saying
            if cur.dep_ not in ("ccomp", "xcomp") or cur.head is cur:
                return
            cur = cur.head
            if cur._.lem in SPEECH_VERBS:
                holders, htoks = self.subject(cur)
                self.emit(verb, holders, htoks, targets, subj, "pessimisticComment", 0.65)
                return

    def defiance_rule(self, verb: Token) -> None:
        """'my father would not be pushed around by Putin', 'Iran will not be bullied by Washington': a
        refusal to bow to the agent (CAMEO 12x), held by whoever says it, else by the passive subject."""
        if verb._.lem not in PRESSURE_VERBS or not any(c.dep_ == "neg" for c in verb.children) or not any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "can") for c in verb.children):
            return
        agent = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not agent or not subj:
            return
        speaker = attribute(verb, self.found, self.registry).speaker
        holders, htoks = ([speaker], []) if speaker else (self.actors_of(subj[0]), subj)
        # the "not" is the refusal itself: the rejection is asserted
        self.emit(verb, holders, htoks, self.actors_of(agent[0]), agent, "reject", 0.7,
                  fixed_modality=("asserted", "certain"))

    def conditional_threat_rule(self, verb: Token) -> None:
        """'… if they cross us', 'we will respond if Israel attacks us': whoever speaks for "us" threatens
        the subject of the condition (CAMEO 13x, hypothetical)."""
        if verb._.lem not in HOSTILE_VERBS or verb.dep_ != "advcl" or not any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless", "should") for m in verb.children):
            return
        if not any(c.dep_ == "dobj" and c.lower_ in ("us", "we") for c in verb.children):
            return
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj:
            return
        speaker = attribute(verb, self.found, self.registry).speaker
        if speaker is None:
            return
        self.emit(verb, [speaker], [], self.actors_of(subj[0]), subj, "threaten", 0.6)

    def directive_rule(self, speech: Token) -> None:
        """'X said that Y must …' / 'telling Y that he has to …': X demands of Y."""
        for clause in speech.children:
            if clause.dep_ != "ccomp":
                continue
            for verb in [clause, *[c for c in clause.children if c.dep_ == "conj"]]:
                if any(c.dep_ == "nsubjpass" or c.dep_ == "auxpass" for c in verb.children):
                    self.protective_rule(speech, verb)
                    continue
                aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
                directive = bool(aux & DIRECTIVE_MODALS)
                if not directive and verb._.lem in ("have", "need") and any(
                        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
                    directive = True
                if not directive:
                    continue
                subj = [c for c in verb.children if c.dep_ == "nsubj"]
                if not subj and verb is not clause:
                    subj = [c for c in clause.children if c.dep_ == "nsubj"]
                if not subj:
                    continue
                targets = self.actors_of(subj[0])
                holders, htoks = self.subject(speech)
                self.emit(speech, holders, htoks, targets, subj, "demand", 0.75)  # modality of the saying
