"""Who is mentioned where: gazetteer names first, then roles, anonymous sources and NER for the rest.

For each parsed sentence `SentenceActors` maps token indexes to actor keys. Sources, in order:
the gazetteer (names, aliases, demonyms, metonyms); offices resolved to their holders (apposition
"Foreign Minister X", an "as secretary of state" phrase, an earlier binding in the article, or the
tenure at the article's date); "his Italian counterpart"; anonymous sources ("one Russian diplomat");
and spaCy's NER for people and organisations the gazetteer lacks (new keys are slugs). Media outlets
are registered too (for attribution) but never become holders or targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..gazetteer import Entry, Gazetteer, key_for
from .coref import DESCRIPTIONS, History

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Nouns naming people who speak or act for a collective ("Russian officials", "one Russian diplomat").
ROLE_NOUNS = frozenset({
    "official", "diplomat", "source", "spokesman", "spokeswoman", "spokesperson", "minister", "officer",
    "envoy", "ambassador", "aide", "lawmaker", "senator", "negotiator", "leader", "representative",
    "government", "authority", "force", "troop", "military", "army", "police", "regime", "administration",
    "delegation", "president", "prime", "premier", "chancellor", "foreign", "navy", "soldier", "militia",
    "rebel", "fighter", "security", "people", "parliament", "embassy", "ministry", "agency",
    "businessman", "activist", "journalist", "lawyer", "cleric", "citizen", "national",
    "tank", "jet", "warplane", "aircraft", "helicopter", "artillery", "warship", "ship", "drone", "plane",
})
SINGULAR_ANONYMOUS = frozenset({"official", "diplomat", "source", "officer", "envoy", "aide", "lawmaker",
                                "negotiator", "spokesperson", "spokesman", "spokeswoman", "businessman",
                                "activist", "journalist", "lawyer", "cleric", "citizen", "national"})
TITLES = frozenset({"President", "Prime", "Minister", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.",
                    "General", "Gen.", "King", "Queen", "Prince", "Chancellor", "Secretary", "Senator", "Sen.",
                    "Rep.", "Ambassador", "Foreign", "Defense", "Defence", "Premier", "Sheikh", "Emir"})
# Role classes, so "his Italian counterpart" of a secretary of state is Italy's foreign minister.
ROLE_CLASSES = (("spokes", "spokesperson"), ("press secretary", "spokesperson"),
                ("foreign", "foreign-minister"), ("secretary of state", "foreign-minister"),
                ("prime minister", "head-of-government"), ("chancellor", "chancellor"),
                ("president", "head-of-state"),
                ("defen", "defence-minister"))  # first match wins: "Press Secretary of the President"
NON_ACTOR_TYPES = frozenset({"MediaOutlet"})


def role_class(office_label: str) -> str | None:
    """A coarse class of an office ('foreign-minister', 'head-of-state', ...), or None."""
    lower = office_label.lower()
    for needle, klass in ROLE_CLASSES:
        if needle in lower:
            return klass
    return None


@dataclass
class Actor:
    """An actor of the draft, ready for the annotation's `actors` list."""

    key: str
    label: str
    type: str
    qid: str | None = None
    governs: str | None = None
    controlled_by: str | None = None
    affiliated_with: str | None = None
    aliases: set[str] = field(default_factory=set)
    from_gazetteer: bool = True
    members: list[str] = field(default_factory=list)

    def as_annotation(self) -> dict[str, object]:
        """The actor as an entry of the annotation's `actors` list (schema order, no empty fields)."""
        out: dict[str, object] = {"key": self.key, "label": self.label, "type": self.type}
        if self.qid:
            out["wikidata"] = self.qid
        aliases = sorted(a for a in self.aliases if a != self.label)
        if aliases:
            out["aliases"] = aliases
        if self.members:
            out["members"] = list(self.members)
        if self.affiliated_with:
            out["affiliated_with"] = self.affiliated_with
        if self.governs:
            out["governs"] = self.governs
        if self.controlled_by:
            out["controlled_by"] = self.controlled_by
        return out


class Registry:
    """The actors of one article, keyed; gazetteer entries keep their global keys."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.actors: dict[str, Actor] = {}
        self.roles: dict[str, str] = {}  # office key → person key, as bound in this article
        self.acts: list[tuple[str, str]] = []  # (noun lemma, author) of acts of force reported so far

    def from_entry(self, entry: Entry, alias: str | None = None) -> str:
        actor = self.actors.get(entry.key)
        if actor is None:
            actor = Actor(entry.key, entry.label, entry.type, entry.qid)
            if entry.type == "Government" and entry.link:
                actor.governs = self.from_key(entry.link)
            elif entry.type == "Company" and entry.link:
                actor.controlled_by = self.from_key(entry.link)
            self.actors[entry.key] = actor
        if alias and alias != entry.label:
            actor.aliases.add(alias)
        return entry.key

    def from_key(self, key: str) -> str:
        entry = self.gaz.get(key)
        return self.from_entry(entry) if entry else key

    def new(self, label: str, type_: str, *, affiliated_with: str | None = None, key: str | None = None) -> str:
        """Register an actor the gazetteer lacks; its key is a slug of its label (never a gazetteer key)."""
        key = key or key_for(label)
        entry = self.gaz.get(key)
        if entry is not None and entry.label != label:
            key = f"{key}-{type_.lower()}"
        if key not in self.actors:
            self.actors[key] = Actor(key, label, type_, affiliated_with=affiliated_with, from_gazetteer=False)
        return key

    def type_of(self, key: str) -> str:
        return self.actors[key].type if key in self.actors else "Organization"


@dataclass
class SentenceActors:
    """Token index → actor key for one sentence, with how each was found."""

    by_token: dict[int, str] = field(default_factory=dict)
    how: dict[int, str] = field(default_factory=dict)  # "name" | "role" | "pronoun" | "ner" | "anonymous"
    extra: dict[int, list[str]] = field(default_factory=dict)  # more actors a role noun stands for

    def set(self, tokens: range | list[int], key: str, how: str) -> None:
        for i in tokens:
            if i not in self.by_token:
                self.by_token[i] = key
                self.how[i] = how


def _tokens_in(sent: Span, start: int, end: int) -> list[int]:
    """The tokens lying wholly inside doc offsets [start, end) (a char span, not a scan of the sentence)."""
    span = sent.doc.char_span(start, end, alignment_mode="contract")
    return list(range(span.start, span.end)) if span is not None else []


def resolve_sentence(sent: Span, registry: Registry, history: History, sentence_no: int,
                     *, date: str | None, quotes: Sequence[tuple[int, int, str]] = ()) -> SentenceActors:
    """Find every actor mention of a parsed sentence (see the module docstring for the order).

    `quotes` are (start, end, speaker key) of quotations in the doc's character offsets: inside them
    "I"/"my" is the speaker and "we"/"our" the speaker's collective (a person's state or body).
    """
    from . import groups  # groups builds on this module's registry: imported here, the dependency stays one-way

    found = SentenceActors()
    base = sent.start_char
    offices: list[tuple[list[int], Entry]] = []
    mentions = [(m, _tokens_in(sent, base + m.start, base + m.end))
                for m in registry.gaz.find_mentions(sent.text, kinds=("actor", "office"))]
    covered = {i for _, idx in mentions for i in idx}
    for m, idx in mentions:
        if not idx or (m.entry.kind == "actor" and _inside_longer_name(sent, idx, covered)):
            continue
        if m.entry.kind == "office":
            offices.append((idx, m.entry))
        else:
            found.set(idx, registry.from_entry(m.entry, m.text), "name")
    _resolve_offices(sent, offices, found, registry, date)
    if sent.doc.has_annotation("ENT_IOB"):
        _apply_ner(sent, found, registry)
    _resolve_first_person(sent, found, registry, quotes, date)
    groups.resolve_anonymous(sent, found, registry, date)
    groups.resolve_allies(sent, found, registry)
    groups.resolve_spokespeople(sent, found, registry, history, sentence_no)
    _affiliate_people(sent, found, registry)  # before pronouns: a person's "they" is not his own side
    _resolve_pronouns(sent, found, registry, history, sentence_no, date)
    _resolve_counterparts(sent, found, registry, history, sentence_no, date)
    _affiliate_people(sent, found, registry)  # and the counterparts just found
    return found


def _inside_longer_name(sent: Span, idx: list[int], covered: set[int]) -> bool:
    """Is a gazetteer name only a word of a person's longer name ('Jordan Bardella', 'Chad Wolf', 'Ivanka
    Trump')? So when NER reads a person's name around it and a word of that name right beside it is a
    proper noun that is neither a title nor another gazetteer name ('Russian President Putin' keeps Russia).
    Then the name is the person's, left to NER, not the country or namesake it would otherwise be."""
    doc = sent.doc
    for ent in sent.ents:
        if ent.label_ != "PERSON" or not (ent.start <= idx[0] and idx[-1] < ent.end) or len(ent) <= len(idx):
            continue
        beside = [doc[i] for i in (idx[0] - 1, idx[-1] + 1) if ent.start <= i < ent.end]
        if any(t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in covered and t.text not in TITLES
               for t in beside):
            return True
    return False


FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def speaker_collective(speaker: str, registry: Registry, date: str | None = None) -> str | None:
    """Whom a speaker's "we" stands for: a collective speaker itself, a person's or anonymous source's
    affiliation (a diplomat's state), else the actor of the office a person holds on `date` (a secretary
    of state's United States); None when none of these is known."""
    actor = registry.actors.get(speaker)
    if actor is None or actor.type in NON_ACTOR_TYPES:
        return None
    if actor.type not in ("Person", "AnonymousActor"):
        return speaker
    if actor.affiliated_with or not date:
        return actor.affiliated_with
    bound = [o for o, p in registry.roles.items() if p == speaker]
    bound += [t.office for t in registry.gaz.offices_of(speaker)
              if t.start[: len(date)] <= date and (t.end is None or date < t.end)]
    links = {e.link for e in (registry.gaz.get(o) for o in bound) if e is not None and e.link}
    return registry.from_key(links.pop()) if len(links) == 1 else None


def _resolve_first_person(sent: Span, found: SentenceActors, registry: Registry,
                          quotes: Sequence[tuple[int, int, str]], date: str | None) -> None:
    """'“We could have worked on Assad,” one Russian diplomat said': inside a quotation "we" is the
    speaker's side and "I" the speaker. Outside quotations first-person pronouns are the writer's."""
    if not quotes:
        return
    for tok in sent:
        if tok.i in found.by_token or tok.pos_ != "PRON" or tok.lower_ not in FIRST_SINGULAR | FIRST_PLURAL:
            continue
        speaker = next((k for a, b, k in quotes if a <= tok.idx < b), None)
        if speaker is None:
            continue
        key = speaker if tok.lower_ in FIRST_SINGULAR else speaker_collective(speaker, registry, date)
        if key:
            found.set([tok.i], key, "pronoun")


def _affiliate_people(sent: Span, found: SentenceActors, registry: Registry) -> None:
    """'Israeli President Moshe Katsav', 'Syria's Foreign Minister X': a person named with a state's
    demonym or possessive is affiliated with that state (the first such mention decides)."""
    for tok in sent:
        key = found.by_token.get(tok.i)
        actor = registry.actors.get(key) if key else None
        if actor is None or actor.type != "Person" or actor.affiliated_with or found.how.get(tok.i) == "pronoun":
            continue
        near = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        near += [g for c in near for g in c.children if g.dep_ in ("amod", "compound", "poss")]
        for c in near:
            other = found.by_token.get(c.i)
            if other and other != key and registry.type_of(other) in ("State", "Government"):
                actor.affiliated_with = other
                break
        if not actor.affiliated_with and actor.from_gazetteer:
            for alias in sorted(actor.aliases):  # "Russian President Vladimir Putin": its demonym
                words = (registry.gaz.lookup(w) for w in alias.split()[:-1])
                states = [e.key for e in words if e is not None and e.type in ("State", "Government")]
                if states:
                    actor.affiliated_with = registry.from_key(states[0])
                    break


def _person_after(sent: Span, idx: list[int], found: SentenceActors) -> tuple[list[int], str | None]:
    """A person named right after an office ("Foreign Minister Sergei Lavrov"), if any."""
    nxt = idx[-1] + 1
    if nxt < sent.end and nxt in found.by_token:
        return [], found.by_token[nxt]
    name = []
    j = nxt
    while j < sent.end and sent.doc[j].pos_ == "PROPN" and sent.doc[j].text[:1].isupper() \
            and j not in found.by_token:
        name.append(j)
        j += 1
    return name, None


def _resolve_offices(sent: Span, offices: list[tuple[list[int], Entry]], found: SentenceActors,
                     registry: Registry, date: str | None) -> None:
    doc = sent.doc
    for idx, office in offices:
        name, person = _person_after(sent, idx, found)
        if person is None and name and len(name) >= 1:
            label = " ".join(doc[i].text for i in name)
            person = registry.new(label, "Person")
            found.set(name, person, "ner")
        if person is None:
            # "as secretary of state, Rex Tillerson issued ..." binds the office to the clause subject
            head = doc[idx[-1]]
            prep = head.head if head.dep_ == "pobj" else None
            while prep is not None and prep.dep_ == "pobj":  # "secretary of state": climb to "as"
                prep = prep.head.head if prep.head.dep_ == "prep" else None
            if prep is not None and prep.lower_ == "as":
                verb = prep.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                    verb = verb.head
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    span_ids = [t.i for t in subj[0].subtree]
                    candidates = [found.by_token[i] for i in span_ids if i in found.by_token
                                  and registry.type_of(found.by_token[i]) == "Person"]
                    person = candidates[-1] if candidates else None
        if person is None:
            person = registry.roles.get(office.key)
        if person is None:
            holder = registry.gaz.office_holder(office.key, date)
            person = registry.from_key(holder) if holder else None
        if person is None:
            # no holder known on that date (or no date): "a demand from the US President" is at least the
            # state's, as "the Chinese president" is through the role-noun rule
            if office.link and registry.type_of(registry.from_key(office.link)) == "State":
                found.set(idx, office.link, "anonymous")
            continue
        registry.roles.setdefault(office.key, person)
        holder = registry.actors.get(person)
        if holder is not None and holder.type == "Person" and not holder.affiliated_with and office.link:
            holder.affiliated_with = registry.from_key(office.link)  # "Turkish President Erdogan" → Turkey
        found.set(idx, person, "role")


def _resolve_counterparts(sent: Span, found: SentenceActors, registry: Registry, history: History,
                          sentence_no: int, date: str | None) -> None:
    for tok in sent:
        if tok.lower_ not in ("counterpart", "counterparts") or tok.i in found.by_token:
            continue
        appos = [c for c in tok.children if c.dep_ == "appos"]
        for a in appos:  # "his counterpart, Russian Foreign Minister Sergei Lavrov"
            key = next((found.by_token[t.i] for t in a.subtree if t.i in found.by_token), None)
            if key:
                found.set([tok.i], key, "role")
                break
        if tok.i in found.by_token:
            continue
        owner_tok = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner_tok is None:
            continue
        state = next((found.by_token[c.i] for c in tok.children if c.dep_ in ("amod", "compound")
                      and c.i in found.by_token and registry.type_of(found.by_token[c.i]) == "State"), None)
        if state is None:
            continue
        owner, classes = _counterpart_owner(sent, tok, owner_tok, found, registry, history, sentence_no, date)
        if owner is None:
            continue
        for entry in registry.gaz:
            if entry.kind == "office" and entry.link == state and role_class(entry.label) in classes:
                holder = registry.gaz.office_holder(entry.key, date)
                if holder:
                    found.set([tok.i], registry.from_key(holder), "role")
                    break


def _role_classes(person: str, registry: Registry, date: str | None) -> set[str]:
    """The role classes of the offices `person` holds in this article (bound) or at `date` (tenures)."""
    offices = [o for o, p in registry.roles.items() if p == person]
    offices += [t.office for t in registry.gaz.offices_of(person)
                if date and t.start[: len(date)] <= date and (t.end is None or date < t.end)]
    entries = (registry.gaz.get(o) for o in offices)
    return {c for c in (role_class(e.label) for e in entries if e is not None) if c}


def _counterpart_owner(sent: Span, tok: Token, owner_tok: Token, found: SentenceActors, registry: Registry,
                       history: History, sentence_no: int, date: str | None) -> tuple[str | None, set[str]]:
    """Whose counterpart "his counterpart" is: a named possessor, else the nearest person before it who
    holds an office, clause subjects first, then the history. A counterpart is defined by an office, so
    "X said ... with Assad still in charge, despite his Italian counterpart" is X's (the minister's), not
    the nearer Assad's, whom the pronoun rules would pick."""
    if found.how.get(owner_tok.i) != "pronoun":
        owner = found.by_token.get(owner_tok.i)
        return (owner, _role_classes(owner, registry, date)) if owner else (None, set())
    before = [(i, k) for i, k in sorted(found.by_token.items())
              if sent.start <= i < tok.i and registry.type_of(k) == "Person"
              and found.how.get(i) != "pronoun"]
    subjects = [k for i, k in reversed(before) if sent.doc[i].dep_ in ("nsubj", "nsubjpass")]
    others = [k for _, k in reversed(before)]
    recent = [s.key for s in reversed(history.seen) if s.type == "Person"
              and sentence_no - s.sentence <= history.window]
    for person in dict.fromkeys([*subjects, *others, *recent]):
        classes = _role_classes(person, registry, date)
        if classes:
            return person, classes
    return None, set()


def role_holder(tok: Token, state: str, registry: Registry, date: str | None) -> str | None:
    """The person holding the office a role noun names for `state` on `date` ("Russia's president",
    "Syria's foreign minister"), when the gazetteer has that office and one tenure then; else None."""
    if not date or registry.type_of(state) != "State":
        return None
    words = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i
             and c.lower_ in ("foreign", "prime", "defence", "defense")]
    klass = role_class(" ".join([*words, tok.lower_]))
    if klass is None or klass == "spokesperson":
        return None
    for entry in registry.gaz:
        if entry.kind == "office" and entry.link == state and role_class(entry.label) == klass:
            holder = registry.gaz.office_holder(entry.key, date)
            if holder:
                return registry.from_key(holder)
    return None



def needs_ner(doc: object, gazetteer: Gazetteer) -> bool:
    """True when a proper noun of the parsed text is not inside a gazetteer name: only then is NER run
    (it costs half as much as the parse; issue 6 item 4 asks for 20 articles/s on 2 cores)."""
    covered: set[int] = set()
    text = doc.text  # type: ignore[attr-defined]
    for m in gazetteer.find_mentions(text, kinds=("actor", "office")):
        covered.update(range(m.start, m.end))
    return any(t.pos_ == "PROPN" and t.text[:1].isupper() and t.idx not in covered  # type: ignore[attr-defined]
               and t.lower_ not in _NOT_NAMES and t.text not in TITLES
               for t in doc)  # type: ignore[attr-defined]


# Capitalised words the tagger calls proper nouns that never name an actor: no reason to run NER.
_NOT_NAMES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms",
})


def _apply_ner(sent: Span, found: SentenceActors, registry: Registry) -> None:
    """People and organisations that spaCy's NER found (its entities are on the doc already)."""
    for ent in sent.ents:
        ids = list(range(ent.start, ent.end))
        if any(i in found.by_token for i in ids):
            continue
        words = [t.text for t in ent if t.text not in TITLES and t.pos_ == "PROPN"]
        if ent.label_ == "PERSON" and words:
            label = _written([t for t in ent], drop=TITLES)
            prior = _known_person(registry, words[-1])
            found.set(ids, prior or registry.new(label, "Person"), "ner")
        elif ent.label_ == "ORG" and words and len(ent) <= 6:
            label = _written([t for t in ent], drop=frozenset({"the", "The"}))
            found.set(ids, registry.new(label, "Organization"), "ner")


def _written(tokens: list[Token], *, drop: frozenset[str]) -> str:
    """A name as the text writes it ("Fazl-ur-Rehman", not "Fazl - ur - Rehman"): the tokens between
    the first and last proper noun, leading titles and articles dropped, an unclosed bracket cut off."""
    while tokens and (tokens[0].text in drop or tokens[0].pos_ != "PROPN"):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ != "PROPN":
        tokens = tokens[:-1]
    label = "".join(t.text_with_ws for t in tokens).strip()
    if label.count("(") > label.count(")"):
        label = label[:label.rindex("(")].strip()
    return label or " ".join(t.text for t in tokens)


def _known_person(registry: Registry, surname: str) -> str | None:
    """A person already in the article with this surname ('Mugabe' after 'Robert Mugabe')."""
    for actor in registry.actors.values():
        if actor.type == "Person" and actor.label.split()[-1] == surname:
            return actor.key
    return None


def _resolve_pronouns(sent: Span, found: SentenceActors, registry: Registry, history: History,
                      sentence_no: int, date: str | None = None) -> None:
    in_sentence: list[tuple[int, str]] = sorted(found.by_token.items())
    for tok in sent:
        if tok.i in found.by_token:
            continue
        key = None
        if tok.pos_ == "PRON" and tok.lower_ == "it" and tok.dep_ == "nsubj":
            # "Switzerland said it had expelled …": the subject of the reporting verb
            clause = tok.head
            while clause.dep_ in ("conj", "xcomp") and clause.head is not clause:
                clause = clause.head
            if clause.dep_ == "ccomp":
                subj = [c for c in clause.head.children if c.dep_ == "nsubj" and c.i in found.by_token]
                if subj and _pronoun_fits("they", registry.type_of(found.by_token[subj[0].i])):
                    key = found.by_token[subj[0].i]
        elif tok.pos_ == "PRON" and tok.lower_ == "its":
            # "the Kremlin for its continued support": the nearest collective before it, same sentence only
            near = [k for i, k in in_sentence if i < tok.i and _pronoun_fits("they", registry.type_of(k))]
            key = near[-1] if near else None
        elif tok.pos_ == "PRON" and tok.lower_ in ("he", "him", "his", "she", "her", "they", "them", "their"):
            # an antecedent earlier in the same sentence comes first ("Tillerson said he ...")
            # an object pronoun is never its own clause's subject ("Putin awarded him" is not Putin)
            own_subject = {found.by_token.get(c.i) for c in tok.head.children if c.dep_ == "nsubj"} \
                if tok.dep_ in ("dobj", "dative", "pobj") else set()
            if tok.dep_ == "pobj" and tok.head.head is not tok.head:
                own_subject |= {found.by_token.get(c.i) for c in tok.head.head.children if c.dep_ == "nsubj"}
            same = [k for i, k in in_sentence if i < tok.i and _pronoun_fits(tok.lower_, registry.type_of(k))
                    and k not in own_subject]
            own_side = _reporter_side(tok, found, registry, date) if tok.lower_ in _THEY else None
            if own_side and any(k != own_side for k in same):
                # "Duda said Poland would not be bullied by Moscow and they would regret it": a person's
                # "they" is not the side he speaks for when another side is named
                same = [k for k in same if k != own_side]
            told = _addressee(tok, found)
            if told and _pronoun_fits(tok.lower_, registry.type_of(told)):
                key = told  # "telling Putin that he has to choose": the one told
            elif same and (tok.dep_ != "nsubj" or tok.lower_ in ("him", "her", "them")):  # objective case: nearest
                key = same[-1]
            elif same:
                subjects = [k for i, k in in_sentence if i < tok.i and sent.doc[i].dep_ in ("nsubj", "nsubjpass")
                            and _pronoun_fits(tok.lower_, registry.type_of(k)) and k in same]
                key = subjects[-1] if subjects else same[-1]
            else:
                key = None
                if tok.lower_ in ("they", "them", "their"):
                    # "not be pushed around by Putin … if they cross us": no collective in the sentence, but a
                    # person of one is; "they" are that person's side before anyone of an earlier sentence
                    sides = [registry.actors[k].affiliated_with for i, k in in_sentence if i < tok.i
                             and registry.type_of(k) == "Person" and registry.actors[k].affiliated_with
                             and found.how.get(i) != "pronoun" and registry.actors[k].affiliated_with != own_side]
                    key = sides[-1] if sides else None
                key = key or history.resolve_pronoun(tok.lower_, sentence_no, exclude={k for k in own_subject if k})
        elif tok.lower_ in _ALL_SIDES and any(c.lower_ == "all" and c.dep_ in ("det", "predet") for c in tok.children):
            # "all sides agreed", "all parties": the forum or body of a meeting just reported
            same = [k for i, k in in_sentence if i < tok.i and registry.type_of(k) in _FORUM_TYPES]
            key = same[-1] if same else history.resolve_types(_FORUM_TYPES, sentence_no)
        elif tok.pos_ == "NOUN" and any(c.lower_ == "the" and c.dep_ == "det" for c in tok.children) \
                and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children) \
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            types = DESCRIPTIONS.get(tok.lower_)
            same = [k for i, k in in_sentence if i < tok.i and types and registry.type_of(k) in types]
            key = same[-1] if same else history.resolve_description(tok.lower_, sentence_no)
            if key is None and tok.lower_ in SINGULAR_ANONYMOUS:
                # "A senior EU diplomat said … “…,” the diplomat said": the unnamed source met just before
                sources = [s.key for s in reversed(history.seen) if s.type == "AnonymousActor"
                           and sentence_no - s.sentence <= history.window
                           and registry.actors[s.key].label.lower().endswith(tok.lower_)]
                key = sources[0] if sources else None
        if key:
            found.set([tok.i], key, "pronoun")


_THEY = frozenset({"they", "them", "their"})


def _reporter_side(tok: Token, found: SentenceActors, registry: Registry, date: str | None) -> str | None:
    """The side of the single person (or unnamed source) whose words the clause of `tok` reports
    ('Duda said Poland would …': Poland), the nearest reporting clause first; None when the reporter is a
    collective ("the rebels said they …" are the rebels) or no one."""
    for clause in tok.ancestors:
        if clause.dep_ != "ccomp":
            continue
        subj = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in found.by_token]
        if subj:
            speaker = found.by_token[subj[0].i]
            if registry.type_of(speaker) not in ("Person", "AnonymousActor"):
                return None
            return speaker_collective(speaker, registry, date)
    return None


_ALL_SIDES = frozenset({"sides", "parties", "participants", "members", "delegations"})
_FORUM_TYPES = frozenset({"InformalForum", "IntergovernmentalBody", "Alliance"})


def _addressee(pronoun: Token, found: SentenceActors) -> str | None:
    """For the subject of a clause reported by 'tell'/'warn'/'remind', the person addressed."""
    if pronoun.dep_ != "nsubj":
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head._.lem not in ("tell", "warn", "remind", "inform", "assure"):
        return None
    objs = [c for c in clause.head.children if c.dep_ in ("dobj", "dative") and c.i in found.by_token]
    return found.by_token[objs[0].i] if objs else None


def _pronoun_fits(word: str, type_: str) -> bool:
    if word in ("he", "him", "his", "she", "her"):
        return type_ == "Person"
    return type_ not in ("Person", "AnonymousActor", "MediaOutlet")
