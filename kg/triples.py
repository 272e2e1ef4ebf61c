"""Turn a validated annotation into RDF graphs shaped by the ontology. Pure: no store, no I/O.

`article_graphs(annotation, ...)` returns the article's own named graph (stances, events, evidence,
provenance), the shared actors graph (actors, offices, tenures, things, each described once) and the
Wikidata linkset (owl:sameAs, verified identifiers only). See ontology/stancekg.ttl for the terms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import product
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from .annotation import Annotation, Span, article_id
from .errors import AnnotationError
from .namespaces import (
    CAMEO,
    GAF,
    OA,
    SKG,
    STANCE_TYPE,
    WD,
    article_graph,
    entity,
)
from .ontology import StanceType

POLARITY = {"+1": SKG.Positive, "-1": SKG.Negative, "0": SKG.Neutral, "d": SKG.Directive}
MODALITY = {m: SKG[m.capitalize()] for m in ("asserted", "negated", "hypothetical", "future", "historical")}
CERTAINTY = {c: SKG[c.capitalize()] for c in ("certain", "probable", "possible", "underspecified")}
QUALITY = {"warm": SKG.Warm, "cordial": SKG.Cordial, "neutral": SKG.NeutralRelation, "strained": SKG.Strained,
           "soured": SKG.Soured, "hostile": SKG.Hostile}
SANCTION_KIND = {k: SKG[k.capitalize() + "Sanction"]
                 for k in ("economic", "financial", "travel", "arms", "diplomatic", "trade", "unspecified")}
SANCTION_STATUS = {s: SKG[s[0].upper() + s[1:]] for s in (
    "proposed", "underDiscussion", "noConsensus", "rejected", "adopted", "inForce", "tightened", "eased",
    "lifted", "expired")}
DIRECT_EDGE_BY_POLARITY = {"+1": SKG.supports, "-1": SKG.opposes, "d": SKG.demandsOf, "0": SKG.engagesWith}
BACKING_TYPES = {"advocateSanction", "imposeSanction"}
RESISTING_TYPES = {"opposeSanction"}
EDGE_MODALITIES = {"asserted", "historical"}
EDGE_CERTAINTIES = {"certain", "probable"}  # a hedged stance ("some see") draws no edge
CONTEXT_CHARS = 32
# Where a key is defined → the kind segment of its IRI; earlier sections win when a key is in two.
_KINDS = (("actors", "actor"), ("things", "thing"), ("offices", "office"), ("events", "event"),
          ("alignments", "alignment"), ("relations", "relation"), ("sanctions", "sanction"))


@dataclass(frozen=True)
class ArticleGraphs:
    """What one article contributes: its own graph, and additions to the shared graphs."""

    article_id: str
    graph_name: URIRef
    article: Graph
    actors: Graph
    linkset: Graph


def date_literal(value: str) -> tuple[Literal, Literal]:
    """An ISO date or year (2017-04-11, 2016-11, 2013) as an xsd:dateTime at midnight UTC and its precision.

    xsd:date is outside the OWL 2 datatype map; Wikidata uses dateTime with a precision, and so do we.
    >>> date_literal("2013")[0]
    rdflib.term.Literal('2013-01-01T00:00:00+00:00', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#dateTime'))
    """
    parts = value.lstrip("-").split("-")
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    moment = datetime.fromisoformat(f"{year:04d}-{month:02d}-{day:02d}T00:00:00+00:00")
    return Literal(moment, datatype=XSD.dateTime), Literal(precision)


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


class _Builder:
    """Collects the triples of one article; one method per annotation section."""

    def __init__(self, annotation: Annotation, types: dict[str, StanceType], verified: set[str] | None,
                 *, ingest_time: datetime, version: str) -> None:
        self.a, self.types, self.verified = annotation, types, verified
        self.aid = article_id(annotation.text)
        self.article_iri = entity("article", self.aid)
        self.g, self.actors, self.links = Graph(), Graph(), Graph()
        self.ingest_time, self.version = ingest_time, version
        self.labels = {item["key"]: item["label"] for item in annotation.section("actors")}
        self.iris = {item["key"]: entity(kind, item["key"])
                     for section, kind in reversed(_KINDS) for item in annotation.section(section) if "key" in item}

    # ----- helpers -----
    def ref(self, key: str) -> URIRef:
        """The IRI of a key defined in any section of this annotation."""
        try:
            return self.iris[key]
        except KeyError:
            raise AnnotationError(f"unknown key {key!r}", path=self.a.path) from None  # prevented by validation

    def when(self, graph: Graph, node: URIRef, value: str | None, prop: URIRef = SKG.date,
             precision: URIRef = SKG.datePrecision) -> None:
        if value:
            moment, exactness = date_literal(value)
            graph.add((node, prop, moment))
            graph.add((node, precision, exactness))

    def wikidata(self, node: URIRef, qid: str | None) -> None:
        if qid and (self.verified is None or qid in self.verified):
            self.actors.add((node, SKG.wikidataId, Literal(qid)))
            self.links.add((node, OWL.sameAs, WD[qid]))

    def evidence(self, body: URIRef, span: Span | None, *kind: object) -> None:
        if span is None:
            return
        g, text = self.g, self.a.text
        ev = entity("evidence", _hash(self.aid, *kind, span.start, span.end))
        target, quote, position = URIRef(ev + "/target"), URIRef(ev + "/quote"), URIRef(ev + "/position")
        g.add((body, SKG.evidence, ev))
        g.add((ev, RDF.type, SKG.Evidence))
        g.add((ev, OA.hasBody, body))
        g.add((ev, OA.motivatedBy, OA.classifying))
        g.add((ev, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.article_iri))
        g.add((target, OA.hasSelector, quote))
        g.add((target, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.exact)))
        g.add((quote, OA.prefix, Literal(text[max(0, span.start - CONTEXT_CHARS): span.start])))
        g.add((quote, OA.suffix, Literal(text[span.end: span.end + CONTEXT_CHARS])))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((body, GAF.denotedBy, URIRef(f"{self.article_iri}#char={span.start},{span.end}")))

    def many(self, node: URIRef, prop: URIRef, keys: Iterable[str] | None, graph: Graph | None = None) -> None:
        for key in keys or []:
            (graph if graph is not None else self.g).add((node, prop, self.ref(key)))

    # ----- sections -----
    def article(self) -> None:
        g, meta, iri = self.g, self.a.article, self.article_iri
        name = article_graph(self.aid)
        annotation_iri = entity("annotation", self.a.sha256[:12])
        run = entity("ingest", f"{self.aid}-{self.a.sha256[:12]}")
        agent = entity("agent", f"stancekg-{self.version}")
        g.add((iri, RDF.type, SKG.NewsArticle))
        g.add((iri, DCTERMS.title, Literal(meta["title"])))
        g.add((iri, DCTERMS.language, Literal(meta["language"])))
        if meta.get("publisher"):
            g.add((iri, SKG.publisherName, Literal(meta["publisher"])))
        if meta.get("url"):
            g.add((iri, SKG.sourceUrl, Literal(meta["url"], datatype=XSD.anyURI)))
        self.when(g, iri, meta["published"])
        g.add((iri, SKG.text, Literal(self.a.text)))
        g.add((iri, SKG.textSha256, Literal(hashlib.sha256(self.a.text.encode("utf-8")).hexdigest())))
        g.add((iri, SKG.charCount, Literal(len(self.a.text), datatype=XSD.nonNegativeInteger)))
        g.add((name, RDF.type, PROV.Bundle))
        g.add((name, PROV.wasDerivedFrom, iri))
        g.add((name, PROV.wasGeneratedBy, run))
        g.add((run, RDF.type, SKG.IngestRun))
        g.add((run, PROV.used, iri))
        g.add((run, PROV.used, annotation_iri))
        g.add((run, PROV.wasAssociatedWith, agent))
        g.add((run, PROV.startedAtTime, Literal(self.ingest_time, datatype=XSD.dateTime)))
        g.add((run, PROV.endedAtTime, Literal(self.ingest_time, datatype=XSD.dateTime)))
        g.add((run, SKG.annotationSource, SKG.MachineDraft if self.a.machine_made else SKG.Curated))
        g.add((annotation_iri, RDF.type, SKG.AnnotationDocument))
        g.add((annotation_iri, SKG.annotationSha256, Literal(self.a.sha256)))
        if meta.get("annotator"):
            g.add((annotation_iri, DCTERMS.creator, Literal(meta["annotator"])))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"stancekg {self.version}")))
        g.add((agent, SKG.softwareVersion, Literal(self.version)))

    def actors_and_things(self) -> None:
        a = self.actors
        for item in self.a.section("actors"):
            node = entity("actor", item["key"])
            a.add((node, RDF.type, SKG[item["type"]]))
            a.add((node, RDFS.label, Literal(item["label"])))
            for alias in item.get("aliases") or []:
                a.add((node, SKG.alias, Literal(alias)))
            if item.get("description"):
                a.add((node, RDFS.comment, Literal(item["description"])))
            self.many(node, SKG.hasMember, item.get("members"), a)
            for field_, prop in (("affiliated_with", SKG.affiliatedWith), ("governs", SKG.governs),
                                 ("controlled_by", SKG.controlledBy)):
                if item.get(field_):
                    a.add((node, prop, self.ref(item[field_])))
            self.wikidata(node, item.get("wikidata"))
        for item in self.a.section("things"):
            node = entity("thing", item["key"])
            a.add((node, RDF.type, SKG[item["type"]]))
            a.add((node, RDFS.label, Literal(item["label"])))
            if item.get("broadcast_by"):
                a.add((node, SKG.broadcastBy, self.ref(item["broadcast_by"])))
            if item.get("located_in"):
                a.add((node, SKG.locatedIn, self.ref(item["located_in"])))
            self.wikidata(node, item.get("wikidata"))
        for item in self.a.section("offices"):
            node = entity("office", item["key"])
            a.add((node, RDF.type, SKG.Office))
            a.add((node, RDFS.label, Literal(item["label"])))
            a.add((node, SKG.officeOf, self.ref(item["of"])))
            self.wikidata(node, item.get("wikidata"))
        for item in self.a.section("tenures"):
            node = entity("tenure", f"{item['holder']}--{item['office']}--{item['from']}")
            a.add((node, RDF.type, SKG.Tenure))
            a.add((node, RDFS.label, Literal(f"{self.labels[item['holder']]} as {self._office_label(item['office'])}")))
            a.add((node, SKG.officeHolder, self.ref(item["holder"])))
            a.add((node, SKG.office, self.ref(item["office"])))
            self.when(a, node, item["from"], SKG.startDate, SKG.startDatePrecision)
            self.when(a, node, item.get("to"), SKG.endDate, SKG.endDatePrecision)
            self.evidence(node, self.a.span(item), "tenure", node)

    def _office_label(self, key: str) -> str:
        return next(o["label"] for o in self.a.section("offices") if o["key"] == key)

    def stances(self) -> None:
        g = self.g
        for item in self.a.section("stances"):
            info = self.types[item["type"]]
            span = self.a.span(item)
            assert span is not None  # the schema requires a quote
            polarity = str(item.get("polarity", info.polarity))
            modality = item.get("modality", "asserted")
            node = entity("stance", _hash(self.aid, item["holder"], item["type"], item.get("target"),
                                          item.get("topic"), span.start, span.end))
            holder = self.ref(item["holder"])
            target = self.ref(item["target"]) if item.get("target") else None
            g.add((node, RDF.type, SKG.Stance))
            g.add((node, RDFS.label, Literal(self._stance_label(item, info))))
            g.add((node, SKG.holder, holder))
            if target is not None:
                g.add((node, SKG.target, target))
            if item.get("topic"):
                g.add((node, SKG.topic, self.ref(item["topic"])))
            g.add((node, SKG.stanceType, STANCE_TYPE[item["type"]]))
            g.add((node, SKG.polarity, POLARITY[polarity]))
            g.add((node, SKG.modality, MODALITY[modality]))
            g.add((node, SKG.certainty, CERTAINTY[item.get("certainty", "certain")]))
            for code in [item["cameo"]] if item.get("cameo") else info.cameo_codes[:1]:
                g.add((node, SKG.cameoCode, CAMEO[code]))
            if info.plover_category_iri is not None:
                g.add((node, SKG.ploverCategory, info.plover_category_iri))
            if info.plover_mode_iri is not None:
                g.add((node, SKG.ploverMode, info.plover_mode_iri))
            # A stance without a time was expressed when the article appeared; a historical one has no such default.
            default_time = None if modality == "historical" else self.a.article["published"]
            self.when(g, node, item.get("time") or default_time)
            for field_, prop in (("stated_by", SKG.statedBy), ("on_behalf_of", SKG.onBehalfOf)):
                if item.get(field_):
                    g.add((node, prop, self.ref(item[field_])))
            self.many(node, SKG.reportedVia, item.get("via"))
            g.add((node, SKG.confidence, Literal(str(item.get("confidence", 1.0)), datatype=XSD.decimal)))
            g.add((node, SKG.inArticle, self.article_iri))
            g.add((node, PROV.wasDerivedFrom, self.article_iri))
            if item.get("note"):
                g.add((node, RDFS.comment, Literal(item["note"])))
            self.evidence(node, span, "stance", node)
            certain = item.get("certainty", "certain") in EDGE_CERTAINTIES
            if target is not None and modality in EDGE_MODALITIES and certain:
                g.add((holder, info.direct_edge or DIRECT_EDGE_BY_POLARITY[polarity], target))
            self._sanction_edge(item, holder)

    def _stance_label(self, item: dict[str, Any], info: StanceType) -> str:
        target = self.labels.get(item.get("target", ""), item.get("topic", ""))
        modality = item.get("modality", "asserted")
        suffix = "" if modality == "asserted" else f" ({modality})"
        return f"{self.labels[item['holder']]} {info.label} {target}{suffix}".strip()

    def _sanction_edge(self, item: dict[str, Any], holder: URIRef) -> None:
        topic = item.get("topic")
        if not topic or not any(s["key"] == topic for s in self.a.section("sanctions")):
            return
        if item["type"] in BACKING_TYPES:
            self.g.add((entity("sanction", topic), SKG.backedBy, holder))
        elif item["type"] in RESISTING_TYPES:
            self.g.add((entity("sanction", topic), SKG.resistedBy, holder))

    def tallies(self) -> None:
        """The article's figures (stances, events, sanction measures) and its share of the corpus tallies.

        Read back from the graph just built, so they count exactly what is stored: distinct stance nodes,
        as `COUNT(DISTINCT ?stance)` over the article graph would. kg/summaries.py adds each
        skg:countInArticle into the summaries graph at ingest and subtracts it when the graph is replaced.
        A pair tally also names the article's stances it counts (skg:countsStance), which stay here.
        """
        g, iri = self.g, self.article_iri
        stances = set(g.subjects(RDF.type, SKG.Stance))
        measures = set(g.subjects(RDF.type, SKG.SanctionMeasure))
        events = {entity("event", item["key"]) for item in self.a.section("events")}
        for prop, count in ((SKG.stanceCount, stances), (SKG.eventCount, events),
                            (SKG.sanctionMeasureCount, measures)):
            g.add((iri, prop, Literal(len(count), datatype=XSD.integer)))
        counts: dict[tuple[URIRef, tuple[Node, ...]], set[URIRef]] = {}
        for stance in stances:
            negated = (stance, SKG.modality, SKG.Negated) in g
            for kind, key in TALLY_KEYS.items():
                if negated and kind in ASSERTED_ONLY_TALLIES:
                    continue
                for values in product(*(g.objects(stance, stance_prop) for _, stance_prop in key)):
                    counts.setdefault((kind, values), set()).add(stance)
        for (kind, values), members in counts.items():
            node = tally_iri(kind, *values)
            g.add((node, RDF.type, kind))
            for (tally_prop, _), value in zip(TALLY_KEYS[kind], values, strict=True):
                g.add((node, tally_prop, value))
            g.add((node, SKG.countInArticle, Literal(len(members), datatype=XSD.integer)))
            if kind == SKG.PairPolarityTally:  # `contradictions` reads a pair's stances from its tallies
                for stance in members:
                    g.add((node, SKG.countsStance, stance))

    def events(self) -> None:
        g = self.g
        for item in self.a.section("events"):
            node = entity("event", item["key"])
            g.add((node, RDF.type, SKG[item["type"]]))
            g.add((node, RDFS.label, Literal(item["label"])))
            self.many(node, SKG.actor, item.get("actors"))
            self.many(node, SKG.recipient, item.get("recipients"))
            self.many(node, SKG.participant, item.get("participants"))
            for field_, prop in (("place", SKG.place), ("in_response_to", SKG.inResponseTo), ("award", SKG.award)):
                if item.get(field_):
                    g.add((node, prop, self.ref(item[field_])))
            self.when(g, node, item.get("time"))
            if item.get("cameo"):
                g.add((node, SKG.cameoCode, CAMEO[item["cameo"]]))
            g.add((node, SKG.modality, MODALITY[item.get("modality", "asserted")]))
            g.add((node, SKG.inArticle, self.article_iri))
            self.evidence(node, self.a.span(item), "event", node)

    def alignments(self) -> None:
        g = self.g
        for item in self.a.section("alignments"):
            node = entity("alignment", item["key"])
            g.add((node, RDF.type, SKG.Alignment))
            g.add((node, RDFS.label, Literal(item["label"])))
            self.many(node, SKG.alignedActor, item["members"])
            if item.get("opposed_to"):
                g.add((node, SKG.opposedTo, self.ref(item["opposed_to"])))
            g.add((node, SKG.modality, MODALITY[item.get("modality", "asserted")]))
            self.when(g, node, item.get("time"))
            g.add((node, SKG.inArticle, self.article_iri))
            self.evidence(node, self.a.span(item), "alignment", node)

    def relations(self) -> None:
        g = self.g
        for item in self.a.section("relations"):
            node = entity("relation", item["key"])
            g.add((node, RDF.type, SKG.RelationState))
            a, b = (self.labels[p] for p in item["parties"])
            g.add((node, RDFS.label, Literal(f"Relations between {a} and {b}: {item['quality']}")))
            self.many(node, SKG.party, item["parties"])
            g.add((node, SKG.quality, QUALITY[item["quality"]]))
            if item.get("previous_quality"):
                g.add((node, SKG.previousQuality, QUALITY[item["previous_quality"]]))
            self.when(g, node, item.get("since"), SKG.since, SKG.sincePrecision)
            if item.get("changed_by"):
                g.add((node, SKG.changedBy, self.ref(item["changed_by"])))
            g.add((node, SKG.inArticle, self.article_iri))
            self.evidence(node, self.a.span(item), "relation", node)

    def sanctions(self) -> None:
        g = self.g
        for item in self.a.section("sanctions"):
            node = entity("sanction", item["key"])
            g.add((node, RDF.type, SKG.SanctionMeasure))
            g.add((node, RDFS.label, Literal(item["label"])))
            if item.get("imposer"):
                g.add((node, SKG.imposer, self.ref(item["imposer"])))
            g.add((node, SKG.sanctionTarget, self.ref(item["target"])))
            g.add((node, SKG.sanctionKind, SANCTION_KIND[item.get("kind", "unspecified")]))
            g.add((node, SKG.sanctionStatus, SANCTION_STATUS[item["status"]]))
            for field_, prop in (("reason", SKG.reason), ("amends", SKG.amends)):
                if item.get(field_):
                    g.add((node, prop, Literal(item[field_])))
            self.when(g, node, item.get("time"))
            g.add((node, SKG.inArticle, self.article_iri))
            self.evidence(node, self.a.span(item), "sanction", node)


TALLY_KINDS = {SKG.TypeHolderTally: "type-holder", SKG.TypeTargetTally: "type-target",
               SKG.PairPolarityTally: "pair-polarity", SKG.TopicPolarityTally: "topic-polarity"}
"""The kinds of stance tally, with the IRI segment of each (`id:tally/{segment}/{hash of the key}`)."""
TALLY_KEYS: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = {
    SKG.TypeHolderTally: ((SKG.tallyStanceType, SKG.stanceType), (SKG.tallyHolder, SKG.holder)),
    SKG.TypeTargetTally: ((SKG.tallyStanceType, SKG.stanceType), (SKG.tallyTarget, SKG.target)),
    SKG.TopicPolarityTally: ((SKG.tallyTopic, SKG.topic), (SKG.tallyPolarity, SKG.polarity)),
    SKG.PairPolarityTally: ((SKG.tallyHolder, SKG.holder), (SKG.tallyTarget, SKG.target),
                            (SKG.tallyPolarity, SKG.polarity)),
}
"""Each kind's key, in the order its IRI hashes it: (the tally's property, the stance's property it copies).
A stance counts once under every combination of its values (two targets: two type-target tallies)."""
ASSERTED_ONLY_TALLIES = frozenset({SKG.TopicPolarityTally, SKG.PairPolarityTally})
"""The kinds that leave negated stances out ("stopped short of calling for him to step down")."""


def tally_iri(kind: URIRef, *key: Node) -> URIRef:
    """The IRI of the tally of `kind` for `key`: the same in every article graph and in the summaries graph.

    >>> tally_iri(SKG.TypeHolderTally, STANCE_TYPE.praise, entity("actor", "russia"))[-34:]
    'tally/type-holder/529ddf11d32f3699'
    """
    return entity("tally", f"{TALLY_KINDS[kind]}/{_hash(*key)}")


def article_graphs(annotation: Annotation, types: dict[str, StanceType], *, verified: set[str] | None,
                   ingest_time: datetime, version: str) -> ArticleGraphs:
    """The triples of one annotated article, split into its own graph and the shared ones.

    `verified` is the set of Wikidata ids allowed to produce links (None: trust the annotation).
    """
    b = _Builder(annotation, types, verified, ingest_time=ingest_time, version=version)
    b.article()
    b.actors_and_things()
    b.stances()
    b.events()
    b.alignments()
    b.relations()
    b.sanctions()
    b.tallies()
    return ArticleGraphs(b.aid, article_graph(b.aid), b.g, b.actors, b.links)
