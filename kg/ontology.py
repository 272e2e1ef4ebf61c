"""The ontology files shipped with stancekg, as rdflib Graphs, and the stance types read from them.

This module only reads: it finds `ontology/` (in the installed package or in the checkout), parses
the Turtle files and answers questions about the stance-type scheme and the closed value sets.
It never writes to a store; ingest puts `ontology_graph()` into the ontology named graph.

Where the files are: `kg/data/ontology` is a symlink to the top-level `ontology/` folder, so the
package data glob `data/**/*` ships the files inside the wheel (setuptools copies what the link
points to); a checkout without the link still has `<repo>/ontology/`. `ontology_dir()` tries
`kg/data/ontology` first, then the checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .errors import OntologyFilesError
from .namespaces import CAMEO, PLOVER, SKG, STANCE_TYPE

#: The files whose union is the ontology named graph, in load order.
ONTOLOGY_FILES: tuple[str, ...] = ("stancekg.ttl", "stance-types.ttl", "plover.ttl", "cameo.ttl")
#: The SHACL shapes (kept out of the ontology graph: shapes are checks, not facts).
SHAPES_FILE = "shapes.ttl"
#: The Protégé catalog that maps the ontology IRIs to the local files.
CATALOG_FILE = "catalog-v001.xml"

#: Polarity individual → the stance table's polarity code.
POLARITY_CODES: dict[URIRef, str] = {
    SKG.Positive: "+1",
    SKG.Negative: "-1",
    SKG.Neutral: "0",
    SKG.Directive: "d",
}


@dataclass(frozen=True)
class StanceType:
    """One stance type of the `stype:scheme` SKOS scheme, as ingest and the tables need it.

    `polarity` is the stance table's code: "+1", "-1", "0" (neutral) or "d" (directive).
    `cameo_codes` are CAMEO code strings such as "050", sorted; `plover_category` a PLOVER v2.0
    category such as "SUPPORT" (None for makeStatement, which PLOVER does not code);
    `plover_mode` a mode such as "change" or None; `direct_edge` the skg: property that ingest
    writes from holder to target for an asserted or historical stance.
    """

    key: str
    iri: URIRef
    label: str
    definition: str
    polarity: str
    polarity_iri: URIRef
    cameo_codes: tuple[str, ...]
    cameo_iris: tuple[URIRef, ...]
    plover_category: str | None
    plover_category_iri: URIRef | None
    plover_mode: str | None
    plover_mode_iri: URIRef | None
    direct_edge: URIRef


def ontology_dir() -> Path:
    """The folder holding stancekg.ttl and its companions.

    Guarantees the returned folder contains `stancekg.ttl`. Raises OntologyFilesError when
    neither the packaged copy (`kg/data/ontology/`) nor the checkout's `ontology/` has it.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "ontology", here.parent / "ontology"):
        if (candidate / "stancekg.ttl").is_file():
            return candidate
    raise OntologyFilesError(f"the ontology files are missing: looked for stancekg.ttl in "
                             f"{here / 'data' / 'ontology'} and {here.parent / 'ontology'}")


def ontology_path(name: str) -> Path:
    """The path of one file of the ontology folder, such as `shapes.ttl`; raises OntologyFilesError if absent."""
    path = ontology_dir() / name
    if not path.is_file():
        raise OntologyFilesError(f"{path}: ontology file not found")
    return path


def _parse(names: tuple[str, ...]) -> Graph:
    graph = Graph()
    for name in names:
        path = ontology_path(name)
        try:
            graph.parse(path, format="turtle")
        except Exception as e:  # rdflib raises several parser exception types
            raise OntologyFilesError(f"{path}: cannot parse: {e}") from e
    _bind(graph)
    return graph


def _bind(graph: Graph) -> None:
    from .namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    graph.bind("vann", "http://purl.org/vocab/vann/")


@lru_cache(maxsize=1)
def _ontology_graph_cached() -> Graph:
    return _parse(ONTOLOGY_FILES)


def ontology_graph() -> Graph:
    """A fresh Graph with the whole ontology: stancekg.ttl, stance-types.ttl, plover.ttl, cameo.ttl.

    This is exactly the content of the ontology named graph. The caller may modify the copy.
    Raises OntologyFilesError when a file is missing or does not parse.
    """
    graph = Graph()
    graph += _ontology_graph_cached()
    _bind(graph)
    return graph


def load_file(name: str) -> Graph:
    """One ontology file parsed on its own (for example `"plover.ttl"`); raises OntologyFilesError."""
    return _parse((name,))


def shapes_graph() -> Graph:
    """The SHACL shapes of ontology/shapes.ttl; raises OntologyFilesError."""
    return _parse((SHAPES_FILE,))


def _local(iri: URIRef, base: str) -> str:
    return str(iri)[len(base):]


@lru_cache(maxsize=1)
def _stance_types_cached() -> tuple[StanceType, ...]:
    graph = _ontology_graph_cached()
    scheme = STANCE_TYPE.scheme
    found: list[StanceType] = []
    for concept in sorted(graph.subjects(SKOS.inScheme, scheme)):
        assert isinstance(concept, URIRef)
        key = str(graph.value(concept, SKOS.notation) or _local(concept, str(STANCE_TYPE)))
        polarity_iri = graph.value(concept, SKG.defaultPolarity)
        edge = graph.value(concept, SKG.directEdge)
        if polarity_iri not in POLARITY_CODES or not isinstance(edge, URIRef):
            raise OntologyFilesError(f"stance type {key!r} lacks a known skg:defaultPolarity or a skg:directEdge")
        cameo = tuple(sorted(o for o in graph.objects(concept, SKG.cameoCode) if isinstance(o, URIRef)))
        category = graph.value(concept, SKG.ploverCategory)
        mode = graph.value(concept, SKG.ploverMode)
        found.append(StanceType(
            key=key,
            iri=concept,
            label=str(graph.value(concept, SKOS.prefLabel) or key),
            definition=str(graph.value(concept, SKOS.definition) or ""),
            polarity=POLARITY_CODES[polarity_iri],  # type: ignore[index]
            polarity_iri=polarity_iri,  # type: ignore[arg-type]
            cameo_codes=tuple(_local(c, str(CAMEO)) for c in cameo),
            cameo_iris=cameo,
            plover_category=_local(category, str(PLOVER)) if isinstance(category, URIRef) else None,
            plover_category_iri=category if isinstance(category, URIRef) else None,
            plover_mode=_local(mode, str(PLOVER) + "mode/") if isinstance(mode, URIRef) else None,
            plover_mode_iri=mode if isinstance(mode, URIRef) else None,
            direct_edge=edge,
        ))
    if not found:
        raise OntologyFilesError("stance-types.ttl defines no stance type in stype:scheme")
    return tuple(found)


def load_stance_types() -> dict[str, StanceType]:
    """Every stance type of `stype:scheme`, keyed by its key (its skos:notation, e.g. "accuse").

    >>> types = load_stance_types()
    >>> types["accuse"].polarity, types["accuse"].plover_category, types["accuse"].plover_mode
    ('-1', 'ACCUSE', 'allege')
    >>> types["demand"].cameo_codes
    ('100', '1041', '1042')

    Read from stance-types.ttl once per process; each call returns a new dict.
    Raises OntologyFilesError when the files are missing, do not parse, or a type lacks its polarity or edge.
    """
    return {t.key: t for t in _stance_types_cached()}


@lru_cache(maxsize=1)
def _value_sets_cached() -> dict[str, dict[str, URIRef]]:
    graph = _ontology_graph_cached()
    sets: dict[str, dict[str, URIRef]] = {}
    for cls in graph.subjects(RDFS.subClassOf, SKG.ValueSet):
        assert isinstance(cls, URIRef)
        members = {str(graph.value(m, SKG.code)): m for m in graph.subjects(RDF.type, cls)
                   if isinstance(m, URIRef) and isinstance(graph.value(m, SKG.code), Literal)}
        sets[_local(cls, str(SKG))] = members
    return sets


def load_value_sets() -> dict[str, dict[str, URIRef]]:
    """The closed value sets, by class local name, each mapping its code to its individual.

    >>> load_value_sets()["Modality"]["negated"]
    rdflib.term.URIRef('https://w3id.org/stancekg/ontology#Negated')
    >>> load_value_sets()["Polarity"]["d"]
    rdflib.term.URIRef('https://w3id.org/stancekg/ontology#Directive')

    Sets: Polarity, Modality, Certainty, RelationQuality, SanctionKind, SanctionStatus, AnnotationSource.
    Raises OntologyFilesError.
    """
    return {name: dict(members) for name, members in _value_sets_cached().items()}


def declared_terms(namespace: str = str(SKG)) -> set[URIRef]:
    """Every IRI in `namespace` that the ontology declares (typed as a class, property or individual)."""
    graph = _ontology_graph_cached()
    return {s for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(namespace)}


#: OWL entity kinds, for callers that check declarations (the drift test).
ENTITY_TYPES: tuple[URIRef, ...] = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                    OWL.AnnotationProperty, OWL.NamedIndividual)
