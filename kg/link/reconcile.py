"""Propose Wikidata ids for actors that have none, for a curator to accept.

For each actor in the actors graph without `skg:wikidataId`, its label and aliases are matched
against Wikidata labels and aliases (rdfs:label, skos:altLabel, English), constrained by type:
a Person must be an instance of human (Q5); a State of country (Q6256) or sovereign state
(Q3624078); a Government of government (Q7188); other actors of an organisation class. Candidates
are ranked by how the names matched, with the evidence spelled out.

Nothing is linked until a curator accepts: `write_review_file` writes the ranked candidates as a
TSV with an empty `accept` column; `accept_proposals` writes the rows marked `yes` into the store
(skg:wikidataId in the actors graph, owl:sameAs in the linkset graph), and skips any actor that
already carries an id: a curated id is never replaced.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL

from ..errors import LinkingError
from ..namespaces import ACTORS_GRAPH, LINKSET_GRAPH, SKG, WD
from ..settings import Settings
from ..store import replace_graphs
from .client import WikidataClient

HUMAN = ("Q5",)
STATE = ("Q6256", "Q3624078")  # country, sovereign state
GOVERNMENT = ("Q7188",)  # government
ORGANISATION = (
    "Q43229",  # organization
    "Q484652",  # international organization
    "Q245065",  # intergovernmental organization
    "Q4830453",  # business
    "Q783794",  # company
    "Q891723",  # public company
    "Q6881511",  # enterprise
    "Q11032",  # newspaper
    "Q1110794",  # daily newspaper
)
TYPE_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "Person": HUMAN,
    "State": STATE,
    "Government": GOVERNMENT + ORGANISATION,
}
"""Wikidata classes an actor's match must be an instance of (P31, or a subclass of one by P279), by skg class."""

SKIPPED_KINDS = ("ActorGroup", "AnonymousActor")
"""Actors that no Wikidata item can stand for ("the U.S. and its allies", "one Russian diplomat")."""

# How well the names matched: our label or an alias, against Wikidata's label or an alias.
SCORES = {("label", "label"): 1.0, ("label", "alias"): 0.85, ("alias", "label"): 0.8, ("alias", "alias"): 0.6}

REVIEW_COLUMNS = ("actor", "actor_label", "kind", "rank", "qid", "wikidata_label", "description", "score",
                  "evidence", "accept")
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item that may be the actor, with the score and the evidence for it."""

    qid: str
    label: str
    description: str
    score: float
    evidence: str


@dataclass(frozen=True)
class Proposal:
    """An unlinked actor and its ranked candidates (best first; empty when nothing matched)."""

    actor: URIRef
    label: str
    kind: str
    names: tuple[str, ...]
    candidates: tuple[Candidate, ...]


_UNLINKED = f"""
PREFIX skg: <{SKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?label (GROUP_CONCAT(DISTINCT ?kind; separator=" ") AS ?kinds)
       (GROUP_CONCAT(DISTINCT ?alias; separator="\\u001f") AS ?aliases)
WHERE {{
  GRAPH <{ACTORS_GRAPH}> {{
    ?actor a ?class ; rdfs:label ?label .
    FILTER (STRSTARTS(STR(?actor), "https://w3id.org/stancekg/id/actor/"))
    FILTER NOT EXISTS {{ ?actor skg:wikidataId ?any }}
    OPTIONAL {{ ?actor skg:alias ?alias }}
  }}
  FILTER (STRSTARTS(STR(?class), STR(skg:)))
  BIND (STRAFTER(STR(?class), "#") AS ?kind)
}}
GROUP BY ?actor ?label
ORDER BY ?actor
"""


def unlinked_actors(ds: Dataset) -> list[tuple[URIRef, str, str, tuple[str, ...]]]:
    """(actor, label, kind, names) for every actor without a Wikidata id, skipping groups and anonymous actors."""
    out = []
    for actor, label, kinds, aliases in ds.query(_UNLINKED):  # type: ignore[misc]
        kind_set = str(kinds).split()
        if any(k in SKIPPED_KINDS for k in kind_set):
            continue
        kind = next((k for k in ("Person", "State", "Government") if k in kind_set), kind_set[0] if kind_set else "")
        names = [str(label), *[a for a in str(aliases or "").split("\u001f") if a]]
        out.append((URIRef(str(actor)), str(label), kind, tuple(dict.fromkeys(n.strip() for n in names if n.strip()))))
    return out


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"@en'


def candidate_query(names: Sequence[str], classes: Sequence[str]) -> str:
    """The SPARQL sent to Wikidata for one actor: items whose English label or alias is one of `names`."""
    values = " ".join(_string(n) for n in names)
    types = " ".join(f"wd:{c}" for c in classes)
    return f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?item ?name ?field ?type ?itemLabel ?description WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name . BIND ("label" AS ?field) }}
  UNION
  {{ ?item skos:altLabel ?name . BIND ("alias" AS ?field) }}
  VALUES ?type {{ {types} }}
  ?item wdt:P31/wdt:P279* ?type .
  OPTIONAL {{ ?item rdfs:label ?itemLabel . FILTER (LANG(?itemLabel) = "en") }}
  OPTIONAL {{ ?item schema:description ?description . FILTER (LANG(?description) = "en") }}
}}
LIMIT 200"""


def propose_links(ds: Dataset, settings: Settings, *, client: WikidataClient | None = None,
                  limit: int = 5) -> list[Proposal]:
    """Ranked Wikidata candidates for every actor that has no id (at most `limit` each).

    Read-only: the store is not changed. Raises LinkingError when the endpoint fails.
    """
    client = client or WikidataClient(settings)
    proposals = []
    for actor, label, kind, names in unlinked_actors(ds):
        classes = TYPE_CONSTRAINTS.get(kind, ORGANISATION)
        rows = client.select(candidate_query(names, classes))
        proposals.append(Proposal(actor, label, kind, names, tuple(_rank(rows, label, limit))))
    return proposals


def _rank(rows: Iterable[dict[str, dict[str, str]]], label: str, limit: int) -> list[Candidate]:
    best: dict[str, tuple[float, list[str], str, str]] = {}
    for row in rows:
        item = row["item"]["value"]
        if not item.startswith(str(WD)):
            continue
        qid = item[len(str(WD)):]
        name = row["name"]["value"]
        ours = "label" if name == label else "alias"
        theirs = row["field"]["value"]
        score = SCORES[(ours, theirs)]
        why = f'our {ours} "{name}" = Wikidata {theirs}; instance of {row["type"]["value"].rsplit("/", 1)[-1]}'
        old = best.get(qid)
        if old is None or score > old[0]:
            best[qid] = (score, [why, *(old[1] if old else [])], row.get("itemLabel", {}).get("value", ""),
                         row.get("description", {}).get("value", ""))
        elif why not in old[1]:
            old[1].append(why)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -len(kv[1][1]), int(kv[0][1:])))
    return [Candidate(qid, lab, desc, score, "; ".join(dict.fromkeys(whys)))
            for qid, (score, whys, lab, desc) in ranked[:limit]]


def write_review_file(proposals: Sequence[Proposal], path: Path) -> int:
    """Write the candidates as a TSV a curator fills in (`accept` = yes); returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(REVIEW_COLUMNS)
        for p in proposals:
            for rank, c in enumerate(p.candidates, start=1):
                writer.writerow([str(p.actor), p.label, p.kind, rank, c.qid, c.label, c.description,
                                 f"{c.score:.2f}", c.evidence, ""])
                count += 1
    return count


def read_review_file(path: Path) -> list[tuple[URIRef, str]]:
    """The (actor, qid) pairs a curator marked `accept` = yes. Raises LinkingError for a malformed file."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as e:
        raise LinkingError(f"{path}: cannot read the review file: {e}") from e
    if rows and not set(REVIEW_COLUMNS) <= set(rows[0]):
        raise LinkingError(f"{path}: a review file has the columns {', '.join(REVIEW_COLUMNS)}")
    accepted = []
    for line, row in enumerate(rows, start=2):
        if row.get("accept", "").strip().lower() not in ("yes", "y", "x", "true", "1"):
            continue
        qid = row.get("qid", "").strip()
        if not _QID.match(qid) or not row.get("actor", "").startswith("https://w3id.org/stancekg/id/actor/"):
            raise LinkingError(f"{path}:{line}: an accepted row needs an actor IRI and a QID, got {row!r}")
        accepted.append((URIRef(row["actor"]), qid))
    actors = [a for a, _ in accepted]
    doubled = sorted({str(a) for a in actors if actors.count(a) > 1})
    if doubled:
        raise LinkingError(f"{path}: more than one QID accepted for {', '.join(doubled)}")
    return accepted


def accept_proposals(ds: Dataset, accepted: Sequence[tuple[URIRef, str]]) -> list[tuple[URIRef, str, str]]:
    """Link each accepted (actor, qid): skg:wikidataId in the actors graph, owl:sameAs wd:QID in the linkset.

    An actor that already has an id keeps it (a curated id is never replaced): it is reported with
    status "kept", the others "linked". One transaction: all accepted links or none.
    """
    have = {str(a): str(q) for a, q in ds.query(
        f"SELECT ?a ?q WHERE {{ GRAPH <{ACTORS_GRAPH}> {{ ?a <{SKG.wikidataId}> ?q }} }}")}  # type: ignore[misc]
    actors, links = Graph(), Graph()
    report = []
    for actor, qid in accepted:
        if str(actor) in have:
            report.append((actor, have[str(actor)], "kept"))
            continue
        actors.add((actor, SKG.wikidataId, Literal(qid)))
        links.add((actor, OWL.sameAs, WD[qid]))
        report.append((actor, qid, "linked"))
    if len(actors):
        replace_graphs(ds, {}, merge={ACTORS_GRAPH: actors, LINKSET_GRAPH: links})
    return report
