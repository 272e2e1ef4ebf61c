"""The offline gazetteer: names, aliases, demonyms and metonyms of actors, offices and tenures.

`build_gazetteer()` turns the reference tables in `../shared/reference/` (wikidata-actors.tsv,
wikidata-entities.tsv) plus the curated metonyms, governments, outlets and tenures below into
`kg/data/gazetteer.tsv`, which ships as package data, so `Gazetteer.load()` works without
`../shared`. Only rows marked verified carry a Wikidata id; unverified rows still match by label
or alias, with `qid` None. This module reads text and files; it never touches a store or the network.

Matching is token-based (an n-gram dictionary, no regular-expression alternation), so finding
every mention in a 700-word article costs well under a millisecond per sentence.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import GazetteerError
from .namespaces import slug

GAZETTEER_FILE = "gazetteer.tsv"
COLUMNS = ("kind", "key", "label", "type", "qid", "iso3", "aliases", "link", "start", "end", "note")
"""Columns of gazetteer.tsv. kind is actor|office|tenure. `link` is, for a Government the State it
governs, for a Company the State that controls it, for an office the actor it belongs to, for a
tenure the office key (the tenure's `key` is the holder). `start`/`end` are tenure dates."""

# The reference table's `kind` → the ontology's actor class.
_KIND_TYPE = {
    "state": "State", "igo": "IntergovernmentalBody", "alliance": "Alliance", "armed-group": "ArmedGroup",
    "other": "Organization", "person": "Person", "media": "MediaOutlet",
}
# Informal forums are igo rows in the reference table, but the ontology has a class for them.
_INFORMAL_FORUMS = {"Q1764511", "Q19771", "Q243630", "Q170481"}  # G7, G20, BRICS, APEC
# Keys readers expect for long official labels; every other key is slug(label).
_KEY_OVERRIDES = {
    "United States of America": "united-states", "People's Republic of China": "china",
    "Group of Seven": "g7", "Group of Twenty": "g20", "North Atlantic Treaty Organization": "nato",
    "Islamic State of Iraq and the Levant": "islamic-state", "United Nations": "united-nations",
}
# Aliases in wikidata-entities.tsv that only make sense inside the seed article ("his father",
# "our president", a bare role) must not enter a general-purpose gazetteer: a person alias is kept
# only when it contains the person's surname. Roles resolve through OFFICES and TENURES instead.

# Government metonyms and governments: the actor a seat of power stands for (issue 5 item 3).
GOVERNMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # key, label, governed state key, aliases
    # "The Kremlin" is the Russian presidency (the Presidential Administration), not the cabinet.
    ("kremlin", "Kremlin", "russia", ("Kremlin", "the Kremlin", "Russian leadership")),
    ("government-of-russia", "Government of Russia", "russia",
     ("Russian government", "Russian authorities")),
    ("government-of-the-united-states", "Government of the United States", "united-states",
     ("White House", "the White House", "U.S. government", "US government", "American government",
      "U.S. administration", "U.S. authorities")),
    ("government-of-the-united-kingdom", "Government of the United Kingdom", "united-kingdom",
     ("Downing Street", "Whitehall", "Number 10", "No 10", "No. 10", "British government", "UK government",
      "U.K. government")),
    ("government-of-france", "Government of France", "france",
     ("Élysée", "Elysee", "Élysée Palace", "Elysee Palace", "French government", "Quai d'Orsay")),
    ("government-of-germany", "Government of Germany", "germany", ("German government", "Berlin government")),
    ("government-of-china", "Government of China", "china",
     ("Zhongnanhai", "Chinese government", "Chinese authorities", "Chinese leadership")),
    ("government-of-syria", "Government of Syria", "syria",
     ("Assad regime", "the Assad regime", "Syrian government", "Syrian regime", "Syrian authorities",
      "forces loyal to the Syrian president")),
    ("government-of-iran", "Government of Iran", "iran", ("Iranian government", "Iranian regime")),
    ("government-of-israel", "Government of Israel", "israel", ("Israeli government",)),
    ("government-of-ukraine", "Government of Ukraine", "ukraine", ("Ukrainian government",)),
    ("government-of-turkey", "Government of Turkey", "turkey", ("Turkish government",)),
    ("government-of-north-korea", "Government of North Korea", "north-korea",
     ("North Korean regime", "North Korean government")),
    ("united-states-department-of-state", "United States Department of State", "united-states",
     ("State Department", "U.S. State Department", "Foggy Bottom")),
    ("united-states-department-of-defense", "United States Department of Defense", "united-states",
     ("Pentagon", "the Pentagon", "Defense Department")),
    ("obama-administration", "Obama administration", "united-states", ("Obama administration",)),
    ("trump-administration", "Trump administration", "united-states", ("Trump administration",)),
    ("biden-administration", "Biden administration", "united-states", ("Biden administration",)),
)

# Collective actors of news language that are neither states nor bodies.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("the-west", "the West", ("West", "Western powers", "Western countries", "Western governments")),
    ("international-community", "the international community", ("international community",)),
)

# News outlets: needed so "told the Financial Times" is an outlet, not an actor, and so
# "Washington Post" never reads as the United States. No Wikidata ids unless verified above.
OUTLETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Financial Times", ("FT",)), ("The Daily Telegraph", ("Daily Telegraph", "Telegraph")),
    ("CBS", ("CBS News",)), ("Reuters", ()), ("Associated Press", ("AP",)),
    ("Agence France-Presse", ("AFP",)),
    ("BBC", ("BBC News",)), ("CNN", ()), ("The New York Times", ("New York Times",)),
    ("The Washington Post", ("Washington Post",)), ("The Wall Street Journal", ("Wall Street Journal",)),
    ("The Guardian", ("Guardian",)), ("Al Jazeera", ()), ("TASS", ("Tass",)), ("RIA Novosti", ()),
    ("Interfax", ()), ("Xinhua", ("Xinhua News Agency",)), ("NBC News", ("NBC",)), ("ABC News", ()),
    ("Fox News", ()), ("Bloomberg", ()), ("Politico", ()), ("Der Spiegel", ("Spiegel",)), ("Le Monde", ()),
    ("The Times", ()), ("The Economist", ("Economist",)), ("Sky News", ()), ("RT", ("Russia Today",)),
    ("Face the Nation", ()),
)

# Offices with their holders' tenures, so roles resolve by date ("the secretary of state" in
# April 2017 is Tillerson). Dates are the public start and end of each term.
OFFICES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # key, label, of (actor key), qid (verified in wikidata-entities.tsv, else ""), aliases
    ("united-states-secretary-of-state", "United States Secretary of State", "united-states", "Q14213",
     ("secretary of state", "Secretary of State", "U.S. Secretary of State", "US Secretary of State",
      "America's top diplomat")),
    ("president-of-the-united-states", "President of the United States", "united-states", "Q11696",
     ("U.S. President", "US President", "American President", "President of the United States")),
    ("president-of-russia", "President of Russia", "russia", "Q218295", ("Russian President",)),
    ("minister-of-foreign-affairs-of-russia", "Minister of Foreign Affairs of Russia", "russia", "",
     ("Russian Foreign Minister", "Russian foreign minister")),
    ("press-secretary-of-the-president-of-russia", "Press Secretary of the President of Russia",
     "kremlin", "", ("Kremlin spokesman", "Kremlin spokesperson", "Kremlin press secretary")),
    ("president-of-syria", "President of Syria", "syria", "", ("Syrian President", "Syrian president")),
    ("minister-of-foreign-affairs-of-france", "Minister of Foreign Affairs of France", "france", "",
     ("French Foreign Minister", "French foreign minister")),
    ("minister-of-foreign-affairs-of-italy", "Minister of Foreign Affairs of Italy", "italy", "",
     ("Italian Foreign Minister", "Italian foreign minister")),
)
# Heads of state and government of the states news reports on most, so that "the French president" or
# "the British prime minister" resolves to a person by the article's date. General knowledge, no Wikidata
# ids (none of these rows is marked verified in ../shared/reference). A surname is an alias only where it
# names no one else in common use ("May", "Brown", "Johnson", "Bush", "Clinton" would; they are left out).
HEAD_OFFICES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("president-of-france", "President of France", "france", "", ("French President", "French president")),
    ("prime-minister-of-the-united-kingdom", "Prime Minister of the United Kingdom", "united-kingdom", "",
     ("British Prime Minister", "British prime minister", "UK Prime Minister", "U.K. Prime Minister")),
    ("chancellor-of-germany", "Chancellor of Germany", "germany", "", ("German Chancellor", "German chancellor")),
    ("president-of-china", "President of China", "china", "", ("Chinese President", "Chinese president")),
    ("president-of-turkey", "President of Turkey", "turkey", "", ("Turkish President", "Turkish president")),
    ("president-of-iran", "President of Iran", "iran", "", ("Iranian President", "Iranian president")),
    ("president-of-ukraine", "President of Ukraine", "ukraine", "", ("Ukrainian President", "Ukrainian president")),
    ("prime-minister-of-israel", "Prime Minister of Israel", "israel", "",
     ("Israeli Prime Minister", "Israeli prime minister")),
)
HEADS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # key, label, aliases
    ("george-w-bush", "George W. Bush", ()),
    ("joe-biden", "Joe Biden", ("Biden",)),
    ("hillary-clinton", "Hillary Clinton", ("Hillary Rodham Clinton",)),
    ("mike-pompeo", "Mike Pompeo", ("Pompeo",)),
    ("antony-blinken", "Antony Blinken", ("Blinken",)),
    ("marco-rubio", "Marco Rubio", ("Rubio",)),
    ("dmitry-medvedev", "Dmitry Medvedev", ("Medvedev",)),
    ("jacques-chirac", "Jacques Chirac", ("Chirac",)),
    ("nicolas-sarkozy", "Nicolas Sarkozy", ("Sarkozy",)),
    ("francois-hollande", "François Hollande", ("Francois Hollande", "Hollande")),
    ("emmanuel-macron", "Emmanuel Macron", ("Macron",)),
    ("tony-blair", "Tony Blair", ("Blair",)),
    ("gordon-brown", "Gordon Brown", ()),
    ("david-cameron", "David Cameron", ("Cameron",)),
    ("theresa-may", "Theresa May", ()),
    ("boris-johnson", "Boris Johnson", ()),
    ("liz-truss", "Liz Truss", ()),
    ("rishi-sunak", "Rishi Sunak", ("Sunak",)),
    ("keir-starmer", "Keir Starmer", ("Starmer",)),
    ("gerhard-schroder", "Gerhard Schröder", ("Gerhard Schroeder", "Schröder", "Schroeder")),
    ("angela-merkel", "Angela Merkel", ("Merkel",)),
    ("olaf-scholz", "Olaf Scholz", ("Scholz",)),
    ("friedrich-merz", "Friedrich Merz", ("Merz",)),
    ("jiang-zemin", "Jiang Zemin", ()),
    ("hu-jintao", "Hu Jintao", ()),
    ("xi-jinping", "Xi Jinping", ("Xi",)),
    ("abdullah-gul", "Abdullah Gül", ("Abdullah Gul",)),
    ("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", ("Recep Tayyip Erdogan", "Erdoğan", "Erdogan")),
    ("mahmoud-ahmadinejad", "Mahmoud Ahmadinejad", ("Ahmadinejad",)),
    ("hassan-rouhani", "Hassan Rouhani", ("Rouhani",)),
    ("ebrahim-raisi", "Ebrahim Raisi", ("Raisi",)),
    ("masoud-pezeshkian", "Masoud Pezeshkian", ("Pezeshkian",)),
    ("petro-poroshenko", "Petro Poroshenko", ("Poroshenko",)),
    ("volodymyr-zelensky", "Volodymyr Zelensky", ("Volodymyr Zelenskyy", "Zelensky", "Zelenskyy")),
    ("ehud-olmert", "Ehud Olmert", ("Olmert",)),
    ("benjamin-netanyahu", "Benjamin Netanyahu", ("Netanyahu",)),
    ("naftali-bennett", "Naftali Bennett", ()),
    ("yair-lapid", "Yair Lapid", ("Lapid",)),
)
TENURES: tuple[tuple[str, str, str, str], ...] = (
    # holder key, office key, from, to ("" = still in office at the time the table was written)
    ("john-kerry", "united-states-secretary-of-state", "2013-02-01", "2017-01-20"),
    ("rex-tillerson", "united-states-secretary-of-state", "2017-02-01", "2018-03-31"),
    ("barack-obama", "president-of-the-united-states", "2009-01-20", "2017-01-20"),
    ("donald-trump", "president-of-the-united-states", "2017-01-20", "2021-01-20"),
    ("vladimir-putin", "president-of-russia", "2012-05-07", ""),
    ("sergei-lavrov", "minister-of-foreign-affairs-of-russia", "2004-03-09", ""),
    ("dmitry-peskov", "press-secretary-of-the-president-of-russia", "2012-05-22", ""),
    ("bashar-al-assad", "president-of-syria", "2000-07-17", "2024-12-08"),
    ("jean-marc-ayrault", "minister-of-foreign-affairs-of-france", "2016-02-11", "2017-05-17"),
    ("angelino-alfano", "minister-of-foreign-affairs-of-italy", "2016-12-12", "2018-06-01"),
    # heads of state and government, and the secretaries of state before and after the seed's (general knowledge).
    # A holder may have several tenures of one office (Putin 2000-2008 and since 2012, Trump 2017-2021 and since 2025).
    ("vladimir-putin", "president-of-russia", "2000-05-07", "2008-05-07"),
    ("donald-trump", "president-of-the-united-states", "2025-01-20", ""),
    ("george-w-bush", "president-of-the-united-states", "2001-01-20", "2009-01-20"),
    ("joe-biden", "president-of-the-united-states", "2021-01-20", "2025-01-20"),
    ("hillary-clinton", "united-states-secretary-of-state", "2009-01-21", "2013-02-01"),
    ("mike-pompeo", "united-states-secretary-of-state", "2018-04-26", "2021-01-20"),
    ("antony-blinken", "united-states-secretary-of-state", "2021-01-26", "2025-01-20"),
    ("marco-rubio", "united-states-secretary-of-state", "2025-01-21", ""),
    ("dmitry-medvedev", "president-of-russia", "2008-05-07", "2012-05-07"),
    ("jacques-chirac", "president-of-france", "1995-05-17", "2007-05-16"),
    ("nicolas-sarkozy", "president-of-france", "2007-05-16", "2012-05-15"),
    ("francois-hollande", "president-of-france", "2012-05-15", "2017-05-14"),
    ("emmanuel-macron", "president-of-france", "2017-05-14", ""),
    ("tony-blair", "prime-minister-of-the-united-kingdom", "1997-05-02", "2007-06-27"),
    ("gordon-brown", "prime-minister-of-the-united-kingdom", "2007-06-27", "2010-05-11"),
    ("david-cameron", "prime-minister-of-the-united-kingdom", "2010-05-11", "2016-07-13"),
    ("theresa-may", "prime-minister-of-the-united-kingdom", "2016-07-13", "2019-07-24"),
    ("boris-johnson", "prime-minister-of-the-united-kingdom", "2019-07-24", "2022-09-06"),
    ("liz-truss", "prime-minister-of-the-united-kingdom", "2022-09-06", "2022-10-25"),
    ("rishi-sunak", "prime-minister-of-the-united-kingdom", "2022-10-25", "2024-07-05"),
    ("keir-starmer", "prime-minister-of-the-united-kingdom", "2024-07-05", ""),
    ("gerhard-schroder", "chancellor-of-germany", "1998-10-27", "2005-11-22"),
    ("angela-merkel", "chancellor-of-germany", "2005-11-22", "2021-12-08"),
    ("olaf-scholz", "chancellor-of-germany", "2021-12-08", "2025-05-06"),
    ("friedrich-merz", "chancellor-of-germany", "2025-05-06", ""),
    ("jiang-zemin", "president-of-china", "1993-03-27", "2003-03-15"),
    ("hu-jintao", "president-of-china", "2003-03-15", "2013-03-14"),
    ("xi-jinping", "president-of-china", "2013-03-14", ""),
    ("abdullah-gul", "president-of-turkey", "2007-08-28", "2014-08-28"),
    ("recep-tayyip-erdogan", "president-of-turkey", "2014-08-28", ""),
    ("mahmoud-ahmadinejad", "president-of-iran", "2005-08-03", "2013-08-03"),
    ("hassan-rouhani", "president-of-iran", "2013-08-03", "2021-08-03"),
    ("ebrahim-raisi", "president-of-iran", "2021-08-03", "2024-05-19"),
    ("masoud-pezeshkian", "president-of-iran", "2024-07-28", ""),
    ("petro-poroshenko", "president-of-ukraine", "2014-06-07", "2019-05-20"),
    ("volodymyr-zelensky", "president-of-ukraine", "2019-05-20", ""),
    ("ehud-olmert", "prime-minister-of-israel", "2006-04-14", "2009-03-31"),
    ("benjamin-netanyahu", "prime-minister-of-israel", "2009-03-31", "2021-06-13"),
    ("naftali-bennett", "prime-minister-of-israel", "2021-06-13", "2022-06-30"),
    ("yair-lapid", "prime-minister-of-israel", "2022-07-01", "2022-12-29"),
    ("benjamin-netanyahu", "prime-minister-of-israel", "2022-12-29", ""),
)


@dataclass(frozen=True)
class Entry:
    """One actor or office of the gazetteer."""

    key: str
    label: str
    type: str
    qid: str | None = None
    iso3: str | None = None
    aliases: tuple[str, ...] = ()
    link: str | None = None
    kind: str = "actor"

    @property
    def governs(self) -> str | None:
        """For a Government, the key of the State it governs."""
        return self.link if self.type == "Government" else None


@dataclass(frozen=True)
class Tenure:
    """Who held an office from when to when (ISO dates; `end` None while in office)."""

    holder: str
    office: str
    start: str
    end: str | None


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names a gazetteer entry. `start`/`end` are code-point offsets, end exclusive."""

    entry: Entry
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def type(self) -> str:
        return self.entry.type

    @property
    def qid(self) -> str | None:
        return self.entry.qid

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


_TOKEN = re.compile(r"\w+|[^\w\s]")
_ACRONYM = re.compile(r"^[A-Z0-9.\-&]+$")


# Compass words that are names on their own ("the West") but begin other names ("West Africa").
_COMPASS = frozenset({"West", "East", "North", "South"})


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _norm(token: str) -> str:
    return "'" if token in ("’", "‘") else token


def _is_case_sensitive(alias: str) -> bool:
    """Acronyms (US, UN, WHO, AU) match only in capitals: 'us', 'who' and 'au' are common words."""
    return bool(_ACRONYM.match(alias.replace(" ", ""))) and any(c.isupper() for c in alias)


@dataclass
class Gazetteer:
    """Name lookup over actors and offices; build with `Gazetteer.load()`.

    >>> g = Gazetteer.load()
    >>> g.lookup("the Kremlin").key, g.lookup("the Kremlin").type, g.lookup("the Kremlin").governs
    ('kremlin', 'Government', 'russia')
    >>> [(m.key, m.text) for m in g.find_mentions("Washington and Moscow met at the G-7.")]
    [('united-states', 'Washington'), ('russia', 'Moscow'), ('g7', 'G-7')]
    """

    entries: dict[str, Entry]
    tenures: list[Tenure] = field(default_factory=list)
    _exact: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _folded: dict[tuple[str, ...], tuple[str, bool]] = field(default_factory=dict, repr=False)
    _max_len: int = 1
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _mentions: dict[tuple[str, tuple[str, ...]], tuple[Mention, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for name in (entry.label, *entry.aliases):
                self._add_name(name, entry.key)
        # name lengths by first word (lower case), longest first: most tokens start no name at all
        lengths: dict[str, set[int]] = {}
        for words in [*self._exact, *self._folded]:
            lengths.setdefault(words[0].lower(), set()).add(len(words))
        self._lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}

    def _add_name(self, name: str, key: str) -> None:
        words = [_norm(t) for t, _, _ in _tokens(name)]
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]  # "the Kremlin" matches with or without its article
        if not words:
            return
        self._max_len = max(self._max_len, len(words))
        if _is_case_sensitive(" ".join(words)):  # "the UN" is an acronym too: 'Un' (Kim Jong Un) is not it
            self._exact.setdefault(tuple(words), key)
        else:  # remember whether the name is written with a capital ("Turkey", not "secretary of state")
            folded = tuple(w.lower() for w in words)
            old_key, capital = self._folded.get(folded, (key, True))
            self._folded[folded] = (old_key, capital and words[0][:1].isupper())

    # ---------- loading ----------
    @classmethod
    def load(cls, path: Path | str | None = None) -> Gazetteer:
        """The gazetteer from a TSV written by `build_gazetteer` (default: the bundled one). Cached.

        Raises GazetteerError when the file is missing or a row is malformed.
        """
        return _load(str(path) if path else None)

    # ---------- queries ----------
    def get(self, key: str) -> Entry | None:
        """The entry with this key, or None."""
        return self.entries.get(key)

    def lookup(self, text: str) -> Entry | None:
        """The entry whose label or alias is exactly `text` (an article 'the' is optional), or None."""
        words = [_norm(t) for t, _, _ in _tokens(text.strip())]
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]
        key = self._exact.get(tuple(words))
        key = key or self._folded.get(tuple(w.lower() for w in words), ("", True))[0]
        return self.entries[key] if key else None

    def find_mentions(self, text: str, *, kinds: Iterable[str] = ("actor",)) -> list[Mention]:
        """Every non-overlapping mention in `text`, leftmost-longest first, in text order.

        A lower-case word never matches a capitalised name ('turkey' is not Turkey), so only
        names written as names are found; acronyms match only in capitals.
        """
        cache_key = (text, tuple(kinds))
        cached = self._mentions.get(cache_key)
        if cached is not None:  # the extractor asks about the same sentence three or four times
            return list(cached)
        if len(self._mentions) > 4096:
            self._mentions.clear()
        found = self._find_mentions(text, set(kinds))
        self._mentions[cache_key] = tuple(found)
        return found

    def _find_mentions(self, text: str, wanted: set[str]) -> list[Mention]:
        toks = _tokens(text)
        words = [_norm(t) for t, _, _ in toks]
        folded = [w.lower() for w in words]
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            hit: tuple[int, str] | None = None
            for n in self._lengths.get(folded[i], ()):
                if i + n > len(toks):
                    continue
                key = self._exact.get(tuple(words[i:i + n]))
                if key is None:
                    key, capital = self._folded.get(tuple(folded[i:i + n]), (None, True))
                    if capital and words[i][:1].islower():
                        key = None  # a name is written with a capital
                if key is not None and self.entries[key].kind in wanted:
                    hit = (n, key)
                    break
            if hit is None:
                i += 1
                continue
            n, key = hit
            if n == 1 and words[i] in _COMPASS and i + 1 < len(toks) and words[i + 1][:1].isupper():
                i += 1  # "West African", "West Bank", "East Timor": part of a longer name, not the West
                continue
            start, end = toks[i][1], toks[i + n - 1][2]
            found.append(Mention(self.entries[key], text[start:end], start, end))
            i += n
        return found

    def forget_mentions(self) -> None:
        """Drop the remembered mentions of `find_mentions` (the extractor does so for each article, so
        that a benchmark repeating one article measures the work of every article)."""
        self._mentions.clear()

    def office_holder(self, office: str, date: str | None) -> str | None:
        """The key of who held `office` on `date` (ISO, year or month precision accepted), or None.

        Without a date, or when two tenures overlap the date, there is no single answer: None.
        """
        if not date:
            return None
        holders = {t.holder for t in self.tenures
                   if t.office == office and t.start[: len(date)] <= date and (t.end is None or date < t.end)}
        return holders.pop() if len(holders) == 1 else None

    def offices_of(self, holder: str) -> list[Tenure]:
        """Every tenure of `holder` in the gazetteer."""
        return [t for t in self.tenures if t.holder == holder]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


@cache
def _load(path: str | None) -> Gazetteer:
    try:
        if path is None:
            raw = (Path(__file__).parent / "data" / GAZETTEER_FILE).read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise GazetteerError(f"cannot read the gazetteer {path or GAZETTEER_FILE}: {e}") from e
    entries: dict[str, Entry] = {}
    tenures: list[Tenure] = []
    reader = csv.DictReader((line for line in raw.splitlines() if not line.startswith("#")),
                            delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, row in enumerate(reader, start=2):
        try:
            if row["kind"] == "tenure":
                tenures.append(Tenure(row["key"], row["link"], row["start"], row["end"] or None))
                continue
            entries[row["key"]] = Entry(
                key=row["key"], label=row["label"], type=row["type"], qid=row["qid"] or None,
                iso3=row["iso3"] or None, aliases=tuple(a for a in row["aliases"].split("|") if a),
                link=row["link"] or None, kind=row["kind"])
        except (KeyError, AttributeError) as e:
            raise GazetteerError(f"{path or GAZETTEER_FILE}: row {n} is malformed ({e})") from e
    return Gazetteer(entries, tenures)


# ---------- building the TSV from ../shared/reference ----------


def _read_reference(path: Path) -> list[dict[str, str]]:
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    except OSError as e:
        raise GazetteerError(f"cannot read the reference table {path}: {e}") from e
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# Endings of demonyms ("Iraqi", "Omani", "Afghan", "Italian") but of almost no capital city.
_DEMONYM_ENDS = ("an", "qi", "ni", "li", "di", "ti", "ri", "ui")


def key_for(label: str) -> str:
    """The actor key the gazetteer gives a name: ASCII slug of the label without accents or brackets.

    >>> key_for("São Tomé and Príncipe"), key_for("United States of America")
    ('sao-tome-and-principe', 'united-states')
    """
    if label in _KEY_OVERRIDES:
        return _KEY_OVERRIDES[label]
    plain = unicodedata.normalize("NFKD", label.split(" (")[0]).encode("ascii", "ignore").decode()
    return slug(plain)


def build_gazetteer(reference_dir: Path | str, out: Path | str | None = None) -> Path:
    """Write gazetteer.tsv from the reference tables in `reference_dir` (../shared/reference).

    Only verified rows keep their Wikidata id. An alias claimed by two entries goes to the first
    (states before everything else), so a name never means two things. Returns the path written
    (default: kg/data/gazetteer.tsv next to this module). Raises GazetteerError when a table is missing.
    """
    ref = Path(reference_dir)
    rows: dict[str, dict[str, str]] = {}
    claimed: set[str] = set()

    def add(kind: str, key: str, label: str, type_: str, qid: str = "", iso3: str = "",
            aliases: Iterable[str] = (), link: str = "", note: str = "") -> None:
        kept = []
        for alias in (label, *aliases):
            alias = alias.strip()
            fold = alias if _is_case_sensitive(alias) else alias.lower().removeprefix("the ")
            if alias and fold not in claimed:
                claimed.add(fold)
                if alias != label:
                    kept.append(alias)
        if key in rows:  # a second source for the same entry: merge its aliases and missing facts
            old = rows[key]
            old["aliases"] = "|".join(dict.fromkeys([*old["aliases"].split("|"), *kept]).keys()).strip("|")
            old["qid"] = old["qid"] or qid
            return
        rows[key] = {"kind": kind, "key": key, "label": label, "type": type_, "qid": qid, "iso3": iso3,
                     "aliases": "|".join(kept), "link": link, "start": "", "end": "", "note": note}

    actors = _read_reference(ref / "wikidata-actors.tsv")
    for row in sorted(actors, key=lambda r: r["kind"] != "state"):
        verified = row["verified"] == "yes"
        type_ = _KIND_TYPE.get(row["kind"], "Organization")
        if row["qid"] in _INFORMAL_FORUMS:
            type_ = "InformalForum"
        aliases = row["aliases"].split("|")
        if row["kind"] == "state":  # "Iraqi" → "Iraqis", "Afghan" → "Afghans": people of a state, in the plural
            aliases += [a + "s" for a in aliases if " " not in a and a[:1].isupper() and a.endswith(_DEMONYM_ENDS)
                        and a != row["label"] and not a.endswith(("stan", "ran", "pan", "wan"))]
        add("actor", key_for(row["label"]), row["label"], type_, row["qid"] if verified else "",
            row.get("iso3", ""), aliases, note=row["kind"])
    for key, label, state, aliases in GOVERNMENTS:
        add("actor", key, label, "Government", aliases=aliases, link=state, note="government metonym")
    entities = _read_reference(ref / "wikidata-entities.tsv")
    for row in entities:
        verified = row["verified"] == "yes"
        if row["kind"] == "person":
            surname = _tokens(row["label"])[-1][0]
            aliases = [a for a in row["aliases"].split("|") if surname in {t for t, _, _ in _tokens(a)}]
            add("actor", key_for(row["label"]), row["label"], "Person", row["qid"] if verified else "",
                aliases=aliases, note="person")
        elif row["kind"] == "media":
            add("actor", key_for(row["label"].removeprefix("The ")), row["label"], "MediaOutlet",
                row["qid"] if verified else "", aliases=row["aliases"].split("|"), note="media")
        elif row["kind"] == "organisation" and row["label"] in ("ExxonMobil", "Rosneft"):
            link = "russia" if row["label"] == "Rosneft" else ""
            aliases = [a for a in row["aliases"].split("|") if not a.startswith("the ")]
            add("actor", key_for(row["label"]), row["label"], "Company", row["qid"] if verified else "",
                aliases=aliases, link=link, note="company")
    for key, label, aliases in GROUPS:
        add("actor", key, label, "ActorGroup", aliases=aliases, note="group")
    for label, aliases in OUTLETS:
        add("actor", key_for(label.removeprefix("The ")), label, "MediaOutlet", aliases=aliases, note="media")
    for key, label, aliases in HEADS:
        add("actor", key, label, "Person", aliases=aliases, note="office holder")
    for key, label, of, qid, aliases in (*OFFICES, *HEAD_OFFICES):
        add("office", key, label, "Office", qid, aliases=aliases, link=of)
    lines = ["# stancekg gazetteer, generated by kg.gazetteer.build_gazetteer() from ../shared/reference",
             "# (wikidata-actors.tsv, wikidata-entities.tsv) plus the governments, outlets, offices",
             "# and tenures in kg/gazetteer.py. Only verified Wikidata ids are kept.",
             "# Do not edit by hand: rebuild with `python -m kg.gazetteer`.",
             "\t".join(COLUMNS)]
    for row in rows.values():
        lines.append("\t".join(row[c].replace("\t", " ") for c in COLUMNS))
    for holder, office, start, end in TENURES:
        lines.append("\t".join(["tenure", holder, "", "Tenure", "", "", "", office, start, end, ""]))
    target = Path(out) if out else Path(__file__).parent / "data" / GAZETTEER_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _load.cache_clear()
    return target


if __name__ == "__main__":  # python -m kg.gazetteer [REFERENCE_DIR]
    import sys

    default = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"
    print(build_gazetteer(sys.argv[1] if len(sys.argv) > 1 else default))
