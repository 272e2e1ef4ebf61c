"""Group splits kept at ingest: members of one group that take opposite sides on the same topic.

Answered from the stances, `group-splits` reads every stance of every member of the group: 40 s at
10^6 stances for a forum of the most active states, however few its splits. So the splits are kept in
the summaries graph (`id:graph/summaries`), one `skg:GroupSplit` node per group, member against (a
negative stance on the topic), member for (a positive stance on it) and the two stances, and the query
reads those nodes: its cost follows the number of splits.

A member speaks through its own stances (skg:holder), stances made on its behalf (skg:onBehalfOf) and
the stances of the holders of its offices (a tenure's skg:officeHolder and skg:office, the office's
skg:officeOf), negated stances left out: the earlier, direct text of the query
(tests/data/queries-before/group-splits.rq), which the tests compare with. Groups, members, offices
and tenures are read from the actors graph, where ingest and bulk loads put them.

Kept in the request that writes an article (`kg.summaries.maintenance_ops`, `member_ops`):

- before the article's graph is replaced or deleted, the splits of its stances leave;
- after it is written, the splits of its new stances are added, on either side;
- when the write adds a membership, an office or a tenure to the actors graph, the splits of the
  member concerned are added (ingest only ever adds to the actors graph; after an /update that removes
  one, `stancekg summarize` rebuilds everything).

A split's IRI is a hash of its five parts (MD5, which Oxigraph, rdflib and Virtuoso all compute), so
adding one twice adds it once. This module writes only the summaries graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Dataset, Graph, URIRef

from .namespaces import ACTORS_GRAPH, ID, SKG, SUMMARY_GRAPH

_A, _S = f"<{ACTORS_GRAPH}>", f"<{SUMMARY_GRAPH}>"
_STRUCTURE = (SKG.hasMember, SKG.officeOf, SKG.office, SKG.officeHolder)
"""The actors-graph properties that decide who speaks for which group member."""


def _stance(n: int, graph: str, polarity: str) -> str:
    """Stance ?s{n} in `graph`: on ?topic, of `polarity`, not negated."""
    return (f"GRAPH {graph} {{ ?s{n} <{SKG.topic}> ?topic ; <{SKG.polarity}> ?p{n} ; <{SKG.modality}> ?m{n} }}\n"
            f"FILTER (?p{n} = <{SKG[polarity]}> && ?m{n} != <{SKG.Negated}>)\n"
            f"GRAPH {graph} {{ ?s{n} a <{SKG.Stance}> }}\n")


def _speaker(n: int, graph: str, member: str) -> str:
    """`member` is an actor stance ?s{n} speaks for and a member of some group.

    One row per way of speaking (holder, on behalf of, office), each a value computed from the stance's
    own terms: a UNION of three patterns makes Oxigraph 0.5 evaluate each branch over every stance before
    joining (9 s against 0.6 s at 10^4 stances). Each step is one pattern, a one-pattern OPTIONAL or a
    path, which Oxigraph looks up row by row; a GRAPH block holding an OPTIONAL, or an OPTIONAL of several
    patterns, was evaluated over the whole store (2.4 s instead of 0.1 s for one article's splits at 10^5
    stances). The way is numbered by a UNION of three BINDs: with `VALUES ?k {1 2 3}` Virtuoso 7.2 paired
    the sub-SELECT's members with the wrong stances. A way that only repeats the holder (no principal, no
    office) is dropped at once, by a test on bound terms (`BOUND` there made Virtuoso's compiler fail): the
    rebuild peaked at 400 MB instead of 990 MB at 10^5 stances."""
    office = f"^<{SKG.officeHolder}>/<{SKG.office}>/<{SKG.officeOf}>"
    return (f"GRAPH {graph} {{ ?s{n} <{SKG.holder}> ?h{n} }}\n"
            f"OPTIONAL {{ GRAPH {graph} {{ ?s{n} <{SKG.onBehalfOf}> ?b{n} }} }}\n"
            f"OPTIONAL {{ GRAPH {_A} {{ ?h{n} {office} ?st{n} }} }}\n"
            f"{{ BIND (1 AS ?k{n}) }} UNION {{ BIND (2 AS ?k{n}) }} UNION {{ BIND (3 AS ?k{n}) }}\n"
            f"BIND (IF(?k{n} = 1, ?h{n}, IF(?k{n} = 2, COALESCE(?b{n}, ?h{n}), COALESCE(?st{n}, ?h{n}))) AS {member})\n"
            f"FILTER (?k{n} = 1 || {member} != ?h{n})\n"
            f"FILTER EXISTS {{ GRAPH {_A} {{ ?anyGroup{n} <{SKG.hasMember}> {member} }} }}\n")


def _from_member(way: str, n: int, graph: str, member: str) -> str:
    """Stance ?s{n} in `graph` speaking for `member` in one `way` (holder, onBehalfOf or office), found
    from the member: one pattern for each way, so that no UNION hides the member from the planner."""
    if way == "office":
        return (f"GRAPH {_A} {{ ?o{n} <{SKG.officeOf}> {member} . "
                f"?t{n} <{SKG.office}> ?o{n} ; <{SKG.officeHolder}> ?h{n} }}\n"
                f"GRAPH {graph} {{ ?s{n} <{SKG.holder}> ?h{n} }}\n")
    return f"GRAPH {graph} {{ ?s{n} <{SKG[way]}> {member} }}\n"


def _insert(pairs: str) -> str:
    """The operation adding the splits whose stances and members `pairs` finds (?s1, ?against; ?s2, ?for).

    The pairs of stances are found first and deduplicated; only then are the groups the two members
    share looked up (a busy state is in dozens of groups: joining them before the pairs are known made
    the rebuild 141 s instead of 9 s at 10^5 stances)."""
    key = ', " ", '.join(f"STR(?{v})" for v in ("group", "against", "s1", "for", "s2"))
    return (f"INSERT {{ GRAPH {_S} {{ ?split a <{SKG.GroupSplit}> ; <{SKG.splitGroup}> ?group ;\n"
            f"  <{SKG.splitAgainst}> ?against ; <{SKG.againstStance}> ?s1 ;\n"
            f"  <{SKG.splitFor}> ?for ; <{SKG.forStance}> ?s2 }} }}\n"
            f"WHERE {{ {{ SELECT DISTINCT ?against ?s1 ?for ?s2 WHERE {{\n{pairs}"
            f"FILTER (?against != ?for) }} }}\n"
            f"GRAPH {_A} {{ ?group <{SKG.hasMember}> ?against . ?group <{SKG.hasMember}> ?for }}\n"
            f"BIND (IRI(CONCAT(\"{ID}split/\", MD5(CONCAT({key})))) AS ?split) }}")


def _pairs(first: str = "?g1", second: str = "?g2", *, negative_first: bool = True) -> str:
    """Pairs of opposite stances on one topic in graphs `first` and `second`, read from the side named
    first, with their members: both stances before either speaker, so that a constant graph (one
    article) is where the reading starts."""
    negative = _stance(1, first if negative_first else second, "Negative")
    positive = _stance(2, second if negative_first else first, "Positive")
    g1, g2 = (first, second) if negative_first else (second, first)
    stances = negative + positive if negative_first else positive + negative
    return stances + _speaker(1, g1, "?against") + _speaker(2, g2, "?for")


def _added_with(name: URIRef) -> list[str]:
    """Operations adding the splits with a stance of graph `name` on either side (after it is written)."""
    g = f"<{name}>"
    return [_insert(_pairs(g, "?g2")), _insert(_pairs(g, "?g1", negative_first=False))]


def _removed_with(name: URIRef) -> str:
    """The operation removing the splits with a stance of graph `name` on either side (before it goes)."""
    return (f"DELETE {{ GRAPH {_S} {{ ?split ?p ?o }} }}\n"
            f"WHERE {{ GRAPH <{name}> {{ ?stance a <{SKG.Stance}> }}\n"
            f"        GRAPH {_S} {{ ?split <{SKG.againstStance}>|<{SKG.forStance}> ?stance . ?split ?p ?o }} }}")


def graph_ops(name: URIRef) -> tuple[list[str], list[str]]:
    """(before, after): the operations keeping the splits right while graph `name` is replaced."""
    return [_removed_with(name)], _added_with(name)


def member_ops(members: Iterable[URIRef]) -> list[str]:
    """Operations adding every split of `members` (run after a write that adds to their memberships,
    offices or tenures); each starts from the member's stances, so it costs what that member said."""
    values = " ".join(f"<{m}>" for m in sorted(set(members)))
    if not values:
        return []
    ops = []
    for way in ("holder", "onBehalfOf", "office"):
        own_against = (f"VALUES ?against {{ {values} }}\n{_from_member(way, 1, '?g1', '?against')}"
                       + _stance(1, "?g1", "Negative") + _stance(2, "?g2", "Positive") + _speaker(2, "?g2", "?for"))
        own_for = (f"VALUES ?for {{ {values} }}\n{_from_member(way, 2, '?g2', '?for')}"
                   + _stance(2, "?g2", "Positive") + _stance(1, "?g1", "Negative") + _speaker(1, "?g1", "?against"))
        ops += [_insert(own_against), _insert(own_for)]
    return ops


def members_touched(ds: Dataset, actors: Graph) -> set[URIRef]:
    """The group members whose splits `actors`, about to be merged into the actors graph, can add to:
    the member of a new membership, the state of a new office or of a new tenure's office."""
    batch = {(s, p, o) for s, p, o in actors if p in _STRUCTURE}
    if not batch:
        return set()
    rows = " ".join(f"({s.n3()} {p.n3()} {o.n3()})" for s, p, o in batch)
    stored = ds.query(f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} GRAPH {_A} {{ ?s ?p ?o }} }}")
    new = batch - {tuple(row) for row in stored}  # type: ignore[misc]
    offices = {o for s, p, o in new if p == SKG.office} | \
        {o for s, p, _ in new if p == SKG.officeHolder for o in actors.objects(s, SKG.office)}
    members = {o for _, p, o in new if p in (SKG.hasMember, SKG.officeOf)}
    members |= {state for office in offices for state in actors.objects(office, SKG.officeOf)}  # type: ignore[misc]
    if offices:
        known = " ".join(o.n3() for o in offices)  # type: ignore[union-attr]
        members |= {row[0] for row in ds.query(  # type: ignore[index]
            f"SELECT ?state WHERE {{ VALUES ?office {{ {known} }} GRAPH {_A} {{ ?office <{SKG.officeOf}> ?state }} }}")}
    return members  # type: ignore[return-value]


SPLITS_PER_WRITE = 100_000
"""About how many splits one write of `clear_ops` removes. Removing the 1.38 million splits of the
10^6-stance benchmark corpus in one write held them all in memory until it committed."""


def clear_ops(ds: Dataset, most: int = SPLITS_PER_WRITE) -> list[str]:
    """Operations removing every split from the summaries graph, about `most` splits a write.

    A split's IRI ends in an MD5, so the splits whose hash starts with one of the 16^k prefixes of k hex
    digits are an even share of them: k is the fewest digits that make a share at most `most`."""
    found = ds.query(f"SELECT (COUNT(?split) AS ?n) WHERE {{ GRAPH {_S} {{ ?split a <{SKG.GroupSplit}> }} }}")
    count = int(next(iter(found))[0])  # type: ignore[index]
    if not count:
        return []
    digits = 0
    while count > most * 16 ** digits:
        digits += 1
    prefixes = [format(i, f"0{digits}x") for i in range(16 ** digits)] if digits else [""]
    return [f"DELETE {{ GRAPH {_S} {{ ?split ?p ?o }} }}\n"
            f"WHERE {{ GRAPH {_S} {{ ?split a <{SKG.GroupSplit}> }}\n"
            f"        FILTER (STRSTARTS(STR(?split), \"{ID}split/{prefix}\"))\n"
            f"        GRAPH {_S} {{ ?split ?p ?o }} }}" for prefix in prefixes]


PAIRS_PER_WRITE = 10_000
"""How many candidate pairs of stances (negative times positive stances, topic by topic) one write of
`rebuild_ops` covers. A split costs Oxigraph about 12 kB of memory until its write commits: in one
write, the 1.38 million splits of the 10^6-stance benchmark corpus took 17.6 GB. Its 183,561 candidate
pairs make those splits (a pair of members shares several groups), so about 75,000 splits a write."""

TOPICS_PER_WRITE = 1_000
"""At most this many topics in one write's `VALUES ?topic` (about 80 kB of text): with all 10,001
topics of the 10^5 corpus in one VALUES, Oxigraph took 15.8 s, against 9.1 s in 16 writes."""


def rebuild_ops(ds: Dataset, most: int = PAIRS_PER_WRITE, *, sliced: bool = True) -> Iterator[str]:
    """Operations adding every split of the store to a summaries graph emptied beforehand
    (`kg.summaries.summarize`, its last writes), one for each slice of the topics (one in all unless
    `sliced`).

    A slice's topics have at most `most` candidate pairs together (a topic with more is a slice of its
    own), so each write, and the memory it holds until it commits, stays bounded however big the store.
    The topics are counted first (one pass over the stances; topics without both a negative and a
    positive stance have no split), then each slice's operation reads only its topics' stances
    (`VALUES ?topic`): 9.1 s in 16 writes against 7.5 s in one at 10^5 stances."""
    if not sliced:
        yield _insert(_pairs())
        return
    count = (f"SELECT ?topic (SUM(IF(?p = <{SKG.Negative}>, 1, 0)) AS ?negative) "
             f"(SUM(IF(?p = <{SKG.Positive}>, 1, 0)) AS ?positive)\n"
             f"WHERE {{ GRAPH ?g {{ ?s <{SKG.topic}> ?topic ; <{SKG.polarity}> ?p }} }} GROUP BY ?topic")
    weights = sorted(((topic.n3(), int(negative) * int(positive))
                      for topic, negative, positive in ds.query(count)), key=lambda w: w[0])  # type: ignore[misc]
    for topics in _slices([(topic, weight) for topic, weight in weights if weight], most):
        yield _insert(f"VALUES ?topic {{ {' '.join(topics)} }}\n{_pairs()}")


def _slices(weights: list[tuple[str, int]], most: int) -> Iterator[list[str]]:
    """`weights`' names, in order, gathered into lists of at most TOPICS_PER_WRITE names whose weights
    add up to at most `most` (a name that alone weighs more is a list of its own)."""
    names: list[str] = []
    total = 0
    for name, weight in weights:
        if names and (total + weight > most or len(names) == TOPICS_PER_WRITE):
            yield names
            names, total = [], 0
        names.append(name)
        total += weight
    if names:
        yield names


__all__ = ["PAIRS_PER_WRITE", "SPLITS_PER_WRITE", "TOPICS_PER_WRITE", "clear_ops", "graph_ops", "member_ops",
           "members_touched", "rebuild_ops"]
