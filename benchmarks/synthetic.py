"""A deterministic synthetic corpus: articles' worth of stances, events, sanctions and actors.

Every article is a real article text plus an annotation in the project's format (kg/annotation.schema.json),
with every quote copied from the text, so the lead's own ingest (`kg.ingest_article`) turns it into RDF.
For the scaling benchmark the same annotations go through the ingest's triple builder
(`kg.triples.article_graphs`) and stream out as N-Quads, so the corpus follows the data model exactly:
article graphs hold stances, events, sanctions, alignments, relations and their evidence; actors, offices
and tenures are described once, in the shared actors graph, never copied per article.

The names are invented (syllable pairs such as "Varenia", "Osk Delmar"): no statement about any real
state or person. The same `seed` and size always give byte-identical output.

    python benchmarks/synthetic.py --stances 1000 --out corpus.nq.gz     # N-Quads for a bulk load
    python benchmarks/synthetic.py --articles 5 --folder articles/      # .txt + .yaml pairs to ingest
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.bulk import nquad

STANCES_PER_ARTICLE = 40
SIZES = (1_000, 10_000, 100_000, 1_000_000)
INGEST_TIME = datetime(2024, 1, 1, tzinfo=UTC)  # fixed, so the output is deterministic
FIRST_DAY = date(2010, 1, 1)  # articles are dated over CORPUS_DAYS from here
CORPUS_DAYS = 5000
TERM_DAYS = 1461  # a foreign minister's term: four years
VERSION = "0.1.0"

_SYLLABLES = ("va", "re", "os", "ka", "del", "mar", "lu", "tan", "bri", "sol", "no", "ve", "ar", "ium",
              "ter", "ga", "lo", "phen", "dru", "cas", "mi", "ren", "tor", "zel", "hal", "quin", "ber", "id")
_STATE_ENDINGS = ("ia", "land", "stan", "ora", "ica")
# (stance type, a verb phrase that reads naturally, needs a sanction topic)
_STANCE_PHRASES: tuple[tuple[str, str], ...] = (
    ("support", "backed"), ("praise", "praised"), ("cooperate", "agreed to work with"),
    ("consult", "held talks with"), ("makeStatement", "commented on"), ("demand", "demanded concessions from"),
    ("appeal", "appealed to"), ("oppose", "opposed"), ("criticize", "criticized"), ("accuse", "accused"),
    ("threaten", "threatened"), ("reject", "rejected the proposal of"), ("deny", "denied the claims of"),
    ("reduceRelations", "downgraded ties with"), ("expressAccord", "voiced agreement with"),
    ("pessimisticComment", "was pessimistic about"), ("defendVerbally", "defended"),
    ("materialSupport", "sent aid to"), ("intendToMeet", "planned to meet"), ("ultimatum", "issued an ultimatum to"),
)
_SANCTION_PHRASES = (("advocateSanction", "called for sanctions on"), ("opposeSanction", "argued against sanctions on"),
                     ("imposeSanction", "imposed sanctions on"))
_MODALITIES = ("asserted",) * 6 + ("negated", "hypothetical", "future", "historical")
_CERTAINTIES = ("certain",) * 5 + ("probable", "possible")
_EVENT_TYPES = ("Meeting", "Visit", "MilitaryStrike", "Agreement", "SpeechEvent", "Election", "Conflict")
_QUALITIES = ("warm", "cordial", "neutral", "strained", "soured", "hostile")
_SANCTION_KINDS = ("economic", "financial", "travel", "arms", "diplomatic", "trade")
_SANCTION_STATUS = ("proposed", "underDiscussion", "noConsensus", "adopted", "inForce", "tightened", "eased", "lifted")


@dataclass(frozen=True)
class Actor:
    """One invented actor of the pool; `number` fixes its description everywhere."""

    number: int
    key: str
    label: str
    kind: str
    affiliated: int | None  # number of the state a person belongs to

    def annotation(self, pool: ActorPool) -> dict[str, Any]:
        item: dict[str, Any] = {"key": self.key, "label": self.label, "type": self.kind}
        if self.affiliated is not None:
            item["affiliated_with"] = pool.actors[self.affiliated].key
        return item


class ActorPool:
    """A corpus's actors: states, their foreign ministers, media outlets and forums.

    Sized to the corpus (about one actor per 50 stances, at least 60) and sampled with a skew, so that a
    few actors appear in many articles, as real news coverage does.
    """

    def __init__(self, n_stances: int, seed: int = 7) -> None:
        count = max(60, n_stances // 50)
        rng = random.Random(f"pool-{seed}-{count}")
        self.actors: list[Actor] = []
        states = max(20, count // 4)
        used: set[str] = set()
        for i in range(count):
            if i < states:
                name = _name(rng, used, _STATE_ENDINGS)
                self.actors.append(Actor(i, f"state-{i}-{_slug(name)}", name, "State", None))
            elif i % 10 == 0:
                name = _name(rng, used, (" Times", " Herald", " Wire", " News"))
                self.actors.append(Actor(i, f"outlet-{i}-{_slug(name)}", name, "MediaOutlet", None))
            elif i % 17 == 0:
                name = "Forum of " + _name(rng, used, ("",))
                self.actors.append(Actor(i, f"forum-{i}-{_slug(name)}", name, "InformalForum", None))
            else:  # given names repeat across people, as they do; the full name is unique
                name = _name(rng, used, ("",), given=True) + " " + _name(rng, used, ("",))
                self.actors.append(Actor(i, f"person-{i}-{_slug(name)}", name.title(), "Person", rng.randrange(states)))
        self.states = [a for a in self.actors if a.kind == "State"]
        self.people = [a for a in self.actors if a.kind == "Person"]
        self.outlets = [a for a in self.actors if a.kind == "MediaOutlet"]
        self.members = {forum.number: self._members(rng) for forum in self.actors if forum.kind == "InformalForum"}
        self.tenures = self._tenures()

    def _members(self, rng: random.Random) -> list[int]:
        """A forum's member states: 3 to 8, drawn with the same skew, so the big players sit in most forums."""
        chosen: dict[int, None] = {}
        size = rng.randint(3, 8)
        while len(chosen) < size:
            chosen[self.pick(rng, self.states).number] = None
        return sorted(chosen)

    def _tenures(self) -> list[tuple[Actor, Actor, date, date | None]]:
        """(person, state, from, to) for each state's foreign minister: the first people affiliated with the
        state take turns of TERM_DAYS across the corpus's dates (the last term is open), so that a stance's
        date falls in one tenure and who-speaks-for-whom questions have answers."""
        terms = []
        affiliated: dict[int | None, list[Actor]] = {}
        for person in self.people:
            affiliated.setdefault(person.affiliated, []).append(person)
        for state in self.states:
            ministers = affiliated.get(state.number, [])[:4]
            for i, start in enumerate(range(0, CORPUS_DAYS, TERM_DAYS)):
                if not ministers:
                    break
                begin = FIRST_DAY + timedelta(days=start)
                end = None if start + TERM_DAYS >= CORPUS_DAYS else FIRST_DAY + timedelta(days=start + TERM_DAYS - 1)
                terms.append((ministers[i % len(ministers)], state, begin, end))
        return terms

    def pick(self, rng: random.Random, group: list[Actor]) -> Actor:
        """A skewed draw: low numbers (the big players) come up far more often."""
        return group[min(int(rng.paretovariate(1.2)) - 1, len(group) - 1)]


def _name(rng: random.Random, used: set[str], endings: tuple[str, ...], *, given: bool = False) -> str:
    """An invented name; unique unless `given` (28 syllables, 2 to 4 of them: about 600,000 names)."""
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() + rng.choice(endings)
        if given:
            return name
        if name not in used:
            used.add(name)
            return name


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


@dataclass(frozen=True)
class SyntheticArticle:
    """One article: its file stem, its text and its annotation (a dict in the annotation format)."""

    stem: str
    text: str
    annotation: dict[str, Any]


def synthetic_article(number: int, pool: ActorPool, *, seed: int = 7,
                      stances: int = STANCES_PER_ARTICLE) -> SyntheticArticle:
    """Article `number` of a corpus: a dated news text with `stances` stances, 3 events, a sanction
    measure (with backers and resisters), two opposed alignments and a relation, all quoted from the text."""
    rng = random.Random(f"article-{seed}-{number}")
    day = FIRST_DAY + timedelta(days=(number * 7919) % CORPUS_DAYS)
    published = day.isoformat()
    place = pool.pick(rng, pool.states)
    involved: dict[str, Actor] = {}

    def use(actor: Actor) -> Actor:
        involved[actor.key] = actor
        if actor.affiliated is not None:
            involved[pool.actors[actor.affiliated].key] = pool.actors[actor.affiliated]
        return actor

    outlet = use(pool.outlets[number % len(pool.outlets)])
    target_state = use(pool.pick(rng, pool.states))
    imposer = use(pool.pick(rng, pool.states))
    if imposer.key == target_state.key:
        imposer = use(pool.states[(pool.states.index(target_state) + 1) % len(pool.states)])
    sentences: list[str] = [f"Report {number} from {place.label}, {day:%d %B %Y}."]
    ann: dict[str, Any] = {
        "article": {"title": f"Diplomatic week {number}: {imposer.label} and {target_state.label}",
                    "publisher": outlet.label, "published": published,
                    "url": f"https://news.example.org/synthetic/{number}", "language": "en",
                    "annotator": "stancekg synthetic corpus", "machine_made": False},
        "events": [], "sanctions": [], "alignments": [], "relations": [], "stances": [],
    }
    sanction_key = f"sanctions-{number}"
    quote = (f"{imposer.label} proposed {rng.choice(_SANCTION_KINDS)} sanctions against {target_state.label} "
             f"in case {number}")
    sentences.append(quote + ".")
    ann["sanctions"].append({"key": sanction_key, "label": f"Sanctions on {target_state.label} (case {number})",
                             "imposer": imposer.key, "target": target_state.key,
                             "kind": rng.choice(_SANCTION_KINDS), "status": rng.choice(_SANCTION_STATUS),
                             "reason": f"the dispute of case {number}", "time": published, "quote": quote})
    event_keys = []
    for e in range(3):
        a, b = use(pool.pick(rng, pool.people)), use(pool.pick(rng, pool.states))
        kind = _EVENT_TYPES[(number + e) % len(_EVENT_TYPES)]
        key = f"event-{number}-{e}"
        quote = f"{a.label} took part in a {kind.lower()} with {b.label} (event {e} of report {number})"
        sentences.append(quote + ".")
        item: dict[str, Any] = {"key": key, "type": kind, "label": f"{kind} of {a.label} and {b.label}",
                                "participants": [a.key, b.key], "time": published, "quote": quote}
        if event_keys:
            item["in_response_to"] = event_keys[-1]
        ann["events"].append(item)
        event_keys.append(key)
    side_a, side_b = f"side-{number}-a", f"side-{number}-b"
    quote_a = f"one camp formed around {imposer.label} in report {number}"
    quote_b = f"the other around {target_state.label} in report {number}"
    sentences.append(f"Observers said {quote_a}, and {quote_b}.")
    ann["alignments"] += [
        {"key": side_a, "label": f"The side of {imposer.label}", "members": [imposer.key], "opposed_to": side_b,
         "modality": "asserted", "time": published, "quote": quote_a},
        {"key": side_b, "label": f"The side of {target_state.label}", "members": [target_state.key],
         "opposed_to": side_a, "modality": "asserted", "time": published, "quote": quote_b}]
    quote = (f"relations between {imposer.label} and {target_state.label} turned {_QUALITIES[number % 6]} "
             f"in report {number}")
    sentences.append(f"Diplomats noted that {quote}.")
    ann["relations"].append({"key": f"relation-{number}", "parties": [imposer.key, target_state.key],
                             "quality": _QUALITIES[number % 6], "previous_quality": _QUALITIES[(number + 1) % 6],
                             "since": published, "changed_by": event_keys[0], "quote": quote})
    for s in range(stances):
        holder = use(pool.pick(rng, pool.people if s % 3 else pool.states))
        target = use(pool.pick(rng, pool.states if s % 2 else pool.people))
        if target.key == holder.key:
            target = use(pool.states[(pool.states.index(target) + 1) % len(pool.states)]
                         if target.kind == "State" else target_state)
        item = {"holder": holder.key, "target": target.key}
        if s % 8 == 7:
            kind, verb = _SANCTION_PHRASES[s % 3]
            item["topic"] = sanction_key
        else:
            kind, verb = _STANCE_PHRASES[rng.randrange(len(_STANCE_PHRASES))]
            if s % 5 == 0:
                item["topic"] = event_keys[s % 3]
        quote = f"{holder.label} {verb} {target.label}, remark {s + 1} of report {number}"
        sentences.append(f"On {day:%A}, {quote}, according to {outlet.label}.")
        item.update({"type": kind, "modality": rng.choice(_MODALITIES), "certainty": rng.choice(_CERTAINTIES),
                     "time": published, "confidence": round(rng.uniform(0.6, 0.99), 2), "via": [outlet.key],
                     "quote": quote})
        if holder.kind == "Person" and holder.affiliated is not None:
            item["on_behalf_of"] = pool.actors[holder.affiliated].key
        ann["stances"].append(item)
    ann["actors"] = [a.annotation(pool) for a in sorted(involved.values(), key=lambda a: a.number)]
    text = "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)) + "\n"
    ordered = {k: ann[k] for k in ("article", "actors", "events", "alignments", "relations", "sanctions", "stances")}
    return SyntheticArticle(f"synthetic-{number:07d}", text, ordered)


def write_articles(folder: Path, count: int, *, seed: int = 7, n_stances: int | None = None,
                   stances: int = STANCES_PER_ARTICLE) -> list[Path]:
    """Write `count` articles as `synthetic-NNNNNNN.txt` + `.yaml` pairs; returns the text paths."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = ActorPool(n_stances or count * stances, seed)
    paths = []
    for number in range(count):
        art = synthetic_article(number, pool, seed=seed, stances=stances)
        path = folder / f"{art.stem}.txt"
        path.write_text(art.text, encoding="utf-8")
        path.with_suffix(".yaml").write_text(yaml.safe_dump(art.annotation, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
        paths.append(path)
    return paths


# ---------- N-Quads through the ingest's own triple builder ----------
@cache
def _builder_context() -> tuple[Any, Any]:
    from kg.annotation import parse_annotation
    from kg.ontology import load_stance_types

    return parse_annotation, load_stance_types()


def article_quads(art: SyntheticArticle, *, validate: bool = False) -> tuple[str, list[str]]:
    """The article's graph name and its N-Quads lines, as `kg.ingest_article` would store them
    (the actors and linkset parts are left out: `corpus_nquads` writes each actor once).

    With `validate`, the annotation goes through the full loader (YAML, schema, references); without, only
    its quotes are resolved (kg.annotation.find_quote), which is 2.5 times faster at a million stances.
    tests/test_synthetic.py checks that both give the same triples.
    """
    from kg.annotation import Annotation, find_quote
    from kg.triples import article_graphs

    parse_annotation, types = _builder_context()
    if validate:
        source = yaml.safe_dump(art.annotation, allow_unicode=True, sort_keys=False)
        parsed = parse_annotation(source, art.text, stance_types=set(types))
    else:
        digest = hashlib.sha256(yaml.safe_dump(art.annotation["article"]).encode() + art.text.encode()).hexdigest()
        parsed = Annotation(path=None, text=art.text, data=art.annotation, sha256=digest)
        for section in ("events", "alignments", "relations", "sanctions", "stances"):
            for item in art.annotation[section]:
                parsed.spans[id(item)] = find_quote(art.text, item["quote"], item.get("occurrence"))
    graphs = article_graphs(parsed, types, verified=None, ingest_time=INGEST_TIME, version=VERSION)
    name = graphs.graph_name
    return str(name), [nquad(s, p, o, name) for s, p, o in graphs.article]


def shared_quads(pool: ActorPool) -> list[str]:
    """The actors graph (each pool actor described once, forums with their members, each state's foreign
    minister's office and its tenures) and the ontology graph, as N-Quads lines.

    The actors graph comes from the ingest's own triple builder, given a registry annotation that holds
    the whole pool (its article part is dropped), so it has exactly the shape ingest writes. Lines are
    sorted: rdflib's graph order varies between processes, and the output must not."""
    from kg.annotation import Annotation
    from kg.namespaces import ACTORS_GRAPH, ONTOLOGY_GRAPH
    from kg.ontology import ontology_graph
    from kg.triples import article_graphs

    actors = []
    for actor in pool.actors:
        item = actor.annotation(pool)
        if actor.number in pool.members:
            item["members"] = [pool.actors[n].key for n in pool.members[actor.number]]
        actors.append(item)
    offices = [{"key": _office_key(state), "label": f"Foreign Minister of {state.label}", "of": state.key}
               for state in pool.states]
    tenures = [{"holder": person.key, "office": _office_key(state), "from": begin.isoformat(),
                "to": end.isoformat() if end else None} for person, state, begin, end in pool.tenures]
    registry = {"article": {"title": "The synthetic corpus's actors", "publisher": "stancekg", "language": "en",
                            "published": FIRST_DAY.isoformat(), "annotator": "stancekg synthetic corpus",
                            "machine_made": False},
                "actors": actors, "offices": offices, "tenures": tenures}
    annotation = Annotation(path=None, text="The synthetic corpus's actors.\n", data=registry, sha256="0" * 64)
    graphs = article_graphs(annotation, _builder_context()[1], verified=None, ingest_time=INGEST_TIME,
                            version=VERSION)
    lines = sorted(nquad(s, p, o, ACTORS_GRAPH) for s, p, o in graphs.actors)
    return lines + [nquad(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]


def _office_key(state: Actor) -> str:
    return f"foreign-minister-{state.key}"


def corpus_nquads(n_stances: int, *, seed: int = 7, start: int = 0, step: int = 1) -> Iterator[str]:
    """N-Quads lines of a corpus of `n_stances` stances (articles of STANCES_PER_ARTICLE).

    `start`/`step` select every step-th article from `start` (for parallel generation); the shared
    graphs come with start == 0 only.
    """
    pool = ActorPool(n_stances, seed)
    if start == 0:
        yield from shared_quads(pool)
    for number in range(start, n_stances // STANCES_PER_ARTICLE, step):
        yield from article_quads(synthetic_article(number, pool, seed=seed))[1]


def _write_part(args: tuple[int, int, int, int, str]) -> str:
    n_stances, seed, start, step, path = args
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for line in corpus_nquads(n_stances, seed=seed, start=start, step=step):
            out.write(line)
    return path


def write_corpus(n_stances: int, folder: Path, *, seed: int = 7, workers: int = 2) -> list[Path]:
    """Write the corpus as `workers` gzipped N-Quads files in `folder` (reused when already complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "COMPLETE"
    parts = [folder / f"part-{i}.nq.gz" for i in range(workers)]
    jobs = [(n_stances, seed, i, workers, str(p)) for i, p in enumerate(parts)]
    digest = _corpus_digest(jobs)
    if done.exists() and done.read_text() == digest and all(p.exists() for p in parts):
        return parts
    if workers == 1:
        _write_part(jobs[0])
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_part, jobs))
    done.write_text(digest)
    return parts


def _corpus_digest(jobs: list[tuple[int, int, int, int, str]]) -> str:
    """What a written corpus depends on: the jobs, this generator and the ingest's triple builder. A corpus
    written by an older builder (one without the per-article tallies, say) is written again."""
    import kg.triples

    sources = Path(__file__).read_bytes() + Path(kg.triples.__file__).read_bytes()
    return hashlib.sha256(repr(jobs).encode() + sources).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stances", type=int, help="corpus size in stances (N-Quads output)")
    parser.add_argument("--out", type=Path, help="N-Quads file (.nq or .nq.gz); '-' for stdout")
    parser.add_argument("--articles", type=int, help="write this many .txt + .yaml article pairs")
    parser.add_argument("--folder", type=Path, help="folder for --articles")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.articles:
        if not args.folder:
            parser.error("--articles needs --folder")
        write_articles(args.folder, args.articles, seed=args.seed)
        return 0
    if not args.stances:
        parser.error("give --stances (with --out) or --articles (with --folder)")
    lines = corpus_nquads(args.stances, seed=args.seed)
    if args.out is None or str(args.out) == "-":
        sys.stdout.writelines(lines)
    elif args.out.suffix == ".gz":
        with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=1) as out:
            out.writelines(lines)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            out.writelines(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
