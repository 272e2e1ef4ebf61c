"""Every namespace and IRI pattern stancekg uses, declared once.

rdflib ships PROV, ORG, SKOS, TIME, DCTERMS, OWL and XSD; Web Annotation, SEM, GAF and our own
namespaces are declared here so that no other module spells an IRI by hand.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/stancekg/"

SKG = Namespace(BASE + "ontology#")
"""The ontology: classes, properties and the closed value sets (polarity, modality, ...)."""

ONTOLOGY_IRI = URIRef(BASE + "ontology")
STANCE_TYPE = Namespace(BASE + "stance-type/")
CAMEO = Namespace(BASE + "cameo/")
PLOVER = Namespace(BASE + "plover/")
ID = Namespace(BASE + "id/")

OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
SCHEMA = Namespace("http://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"

# Named graphs shared by every article (design.md, "Identifiers").
ONTOLOGY_GRAPH = ID["graph/ontology"]
ACTORS_GRAPH = ID["graph/actors"]
LINKSET_GRAPH = ID["graph/wikidata-links"]
WIKIDATA_GRAPH = ID["graph/wikidata"]
SUMMARY_GRAPH = ID["graph/summaries"]

PREFIXES: dict[str, str] = {
    "skg": str(SKG),
    "stype": str(STANCE_TYPE),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
    "id": str(ID),
    "oa": str(OA),
    "prov": str(PROV),
    "org": str(ORG),
    "sem": str(SEM),
    "gaf": str(GAF),
    "time": str(TIME),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
    "wdt": str(WDT),
}


def sparql_prefixes(names: list[str] | None = None) -> str:
    """The PREFIX lines for a SPARQL query, all of them or the ones named."""
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in chosen.items())


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A stable, readable IRI segment: lower case ASCII letters, digits and hyphens."""
    value = _SLUG.sub("-", text.lower()).strip("-")
    return value or "x"


def entity(kind: str, key: str) -> URIRef:
    """The IRI of a data entity, `https://w3id.org/stancekg/id/{kind}/{key}`."""
    return ID[f"{kind}/{key}"]


def article_graph(article_id: str) -> URIRef:
    """The named graph that holds everything one article says."""
    return ID[f"graph/article/{article_id}"]
