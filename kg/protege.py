"""Export the ontology and all data as one RDF/XML file that Protégé opens offline.

`export_protege(ds, out_dir)` writes `out_dir/stancekg-full.owl` (the ontology graph's content, or the
shipped ontology files when the store has none, plus every other named graph) and a
`catalog-v001.xml` that maps the ontology IRIs to that file, so Protégé never goes to the network.

The RDF/XML is written here rather than by rdflib's serializer because the OWL API that Protégé is
built on (3.x, also inside owlready2's HermiT.jar) reads RDF/XML as a stream: an annotation whose
value is an IRI (dcterms:license, skg:directEdge) is only recognised when the property's declaration
and the subject's rdf:type come before it. rdflib writes subjects in hash order, which left 25-32
triples unparsed (tests/test_ontology.py); this writer puts declarations first and rdf:type first in
each description. This module only reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES
from .ontology import ontology_graph

#: The file name of the full export inside the output folder.
EXPORT_FILE = "stancekg-full.owl"
CATALOG_FILE = "catalog-v001.xml"
VERSION_IRI = "https://w3id.org/stancekg/ontology/0.1.0"

_DECLARATION_TYPES = (OWL.AnnotationProperty, OWL.Ontology, OWL.ObjectProperty, OWL.DatatypeProperty,
                      OWL.Class, RDFS.Datatype)
_NAME_START = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")


def export_protege(ds: Dataset, out_dir: Path | str) -> Path:
    """Write the ontology plus every data graph of `ds` as one RDF/XML file, with a Protégé catalog.

    Returns the path of the .owl file. The file merges all named graphs (the SPARQL union), so
    Protégé and any OWL reasoner see one ontology: the TBox from the ontology graph (or the shipped
    ontology files when the store has no ontology graph) and the individuals of every article,
    actor and linkset graph. Writes only inside `out_dir`, which is created; the store is not changed.

    >>> import tempfile
    >>> from kg import open_store
    >>> path = export_protege(open_store("memory:"), tempfile.mkdtemp())
    >>> path.name, (path.parent / "catalog-v001.xml").is_file()
    ('stancekg-full.owl', True)
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    merged = merged_graph(ds)
    path = out / EXPORT_FILE
    write_rdfxml(merged, path)
    write_catalog(out / CATALOG_FILE, {str(ONTOLOGY_IRI): EXPORT_FILE, VERSION_IRI: EXPORT_FILE})
    return path


def merged_graph(ds: Dataset) -> Graph:
    """One Graph with the ontology and every named graph's triples (duplicates across graphs collapse)."""
    merged = Graph()
    has_ontology = False
    for graph in ds.graphs():
        if graph.identifier == ONTOLOGY_GRAPH:
            has_ontology = len(graph) > 0
        for triple in graph:
            merged.add(triple)
    if not has_ontology:
        merged += ontology_graph()
    for prefix, iri in PREFIXES.items():
        merged.bind(prefix, iri, override=True)
    return merged


def write_catalog(path: Path, mapping: dict[str, str]) -> None:
    """An OASIS XML catalog as Protégé reads it (catalog-v001.xml): ontology IRI → local file."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">']
    for iri, file in mapping.items():
        lines.append(f'    <uri id="stancekg" name={quoteattr(iri)} uri={quoteattr(file)}/>')
    lines.append("</catalog>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_rdfxml(graph: Graph, path: Path) -> None:
    """Write `graph` as RDF/XML with declarations first and rdf:type first in each description.

    Raises ValueError for a predicate IRI that cannot be written as an XML element name (none of
    stancekg's vocabularies has one).
    """
    namespaces = _namespaces(graph)
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF')
        for prefix, iri in sorted(namespaces.items(), key=lambda kv: kv[1]):
            f.write(f"\n    xmlns:{prefix}={quoteattr(iri)}")
        f.write(">\n")
        for subject in _subject_order(graph):
            f.write(_description(graph, subject, namespaces))
        f.write("</rdf:RDF>\n")


def _namespaces(graph: Graph) -> dict[str, str]:
    known = {iri: prefix for prefix, iri in PREFIXES.items()}
    known[str(RDF)] = "rdf"
    chosen: dict[str, str] = {"rdf": str(RDF)}
    counter = 0
    for predicate in set(graph.predicates()):
        ns, _ = _split(predicate)
        if ns in chosen.values():
            continue
        prefix = known.get(ns)
        if prefix is None or prefix in chosen:
            counter += 1
            prefix = f"ns{counter}"
        chosen[prefix] = ns
    return chosen


def _split(iri: Node) -> tuple[str, str]:
    text = str(iri)
    for i in range(len(text) - 1, -1, -1):
        if text[i] in "#/":
            local = text[i + 1:]
            if _NAME_START.match(local):
                return text[: i + 1], local
            break
    raise ValueError(f"cannot write predicate {text} as an RDF/XML element name")


def _subject_order(graph: Graph) -> Iterable[Node]:
    declared = []
    for kind in _DECLARATION_TYPES:
        declared.extend(sorted(set(graph.subjects(RDF.type, kind)), key=str))
    seen: set[Node] = set()
    for subject in declared:
        if subject not in seen:
            seen.add(subject)
            yield subject
    typed = sorted({s for s in graph.subjects(RDF.type, None)} - seen, key=str)
    rest = sorted({s for s in graph.subjects()} - seen - set(typed), key=str)
    yield from typed
    yield from rest


def _node_attr(node: Node) -> str:
    if isinstance(node, BNode):
        return f"rdf:nodeID={quoteattr('b' + str(node))}"
    return f"rdf:about={quoteattr(str(node))}"


def _description(graph: Graph, subject: Node, namespaces: dict[str, str]) -> str:
    prefix_of = {iri: prefix for prefix, iri in namespaces.items()}
    lines = [f"  <rdf:Description {_node_attr(subject)}>"]
    pairs = sorted(graph.predicate_objects(subject), key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))
    for predicate, obj in pairs:
        ns, local = _split(predicate)
        name = f"{prefix_of[ns]}:{local}"
        if isinstance(obj, URIRef):
            lines.append(f"    <{name} rdf:resource={quoteattr(str(obj))}/>")
        elif isinstance(obj, BNode):
            lines.append(f"    <{name} rdf:nodeID={quoteattr('b' + str(obj))}/>")
        else:
            assert isinstance(obj, Literal)
            attrs = ""
            if obj.language:
                attrs = f" xml:lang={quoteattr(obj.language)}"
            elif obj.datatype is not None and obj.datatype != XSD.string:
                attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
            lines.append(f"    <{name}{attrs}>{escape(str(obj))}</{name}>")
    lines.append("  </rdf:Description>\n")
    return "\n".join(lines)
