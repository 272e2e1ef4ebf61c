"""Run the HermiT reasoner (through owlready2) over the ontology and a store's data.

`reason_store(ds)` loads the ontology plus every data graph into a private owlready2 World, asks
HermiT for the class and property assertions it entails, and returns what is new: types from
domains, ranges and subclass axioms, inverse edges (skg:memberOf from skg:hasMember,
skg:backsSanction from skg:backedBy), super-property edges (skg:opposes from skg:accuses) and
sameAs links. Inconsistent data raises InconsistentDataError with HermiT's explanation. The store
is only read; `Inferences.graph` holds the new triples for a caller that wants to keep them
(the design's "inferred" named graph). owlready2 is imported here only, when reasoning is asked for.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from .errors import InconsistentDataError, ReasonerError
from .namespaces import LINKSET_GRAPH
from .ontology import ontology_graph
from .protege import write_rdfxml


@dataclass(frozen=True)
class Inferences:
    """What HermiT entails beyond the asserted triples (named individuals only)."""

    graph: Graph
    asserted_triples: int
    types: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    edges: list[tuple[URIRef, URIRef, URIRef]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.graph)


_TYPE = re.compile(r"^Type\( <([^>]+)> <([^>]+)> \)", re.MULTILINE)
_PROPERTY = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)\s*\|\s*possible instances:", re.MULTILINE)
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")


def reason_graph(graph: Graph) -> Inferences:
    """Reason over one graph holding ontology and data; see `reason_store`.

    Runs the HermiT that owlready2 bundles, the way owlready2's `sync_reasoner_hermit` does
    (same jar, same Java, same flags: classify, realise, property values), but reads HermiT's
    answer itself: owlready2 drops an entailed edge whose inverse is asserted (its Python API
    derives inverses on the fly), and those inverse edges are what a SPARQL user needs stored.
    """
    try:
        import owlready2
        from owlready2.reasoning import _HERMIT_CLASSPATH
    except ImportError as e:  # pragma: no cover - an optional dependency (stancekg[reason])
        raise ReasonerError("reasoning needs owlready2: pip install 'stancekg[reason]'") from e

    graph = declare_individuals(graph)
    with tempfile.TemporaryDirectory(prefix="stancekg-reason-") as tmp:
        path = Path(tmp) / "input.owl"
        write_rdfxml(graph, path)
        command = [owlready2.JAVA_EXE, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", _HERMIT_CLASSPATH,
                   "org.semanticweb.HermiT.cli.CommandLine", "-c", "-O", "-D", "-I", path.as_uri(), "-Y"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as e:
            raise ReasonerError(f"cannot run Java for HermiT ({owlready2.JAVA_EXE}): {e}") from e
    output = done.stdout + done.stderr
    if done.returncode != 0:
        if "Inconsistent ontology" in output or "InconsistentOntology" in output:
            raise InconsistentDataError("HermiT finds the ontology plus data inconsistent: "
                                        + _first_line(output, "nconsistent"))
        raise ReasonerError(f"HermiT failed (exit {done.returncode}): {output[-2000:]}")
    # Inferences about the data only: the ontology's own individuals (CAMEO codes, stance types)
    # get their skos:narrower and skos:hasTopConcept inverses too, which say nothing about the news.
    schema = set(ontology_graph().subjects())
    individuals: set[URIRef] = set()
    for subject, predicate, obj in graph:
        if isinstance(subject, URIRef) and subject not in schema:
            individuals.add(subject)
            if isinstance(obj, URIRef) and predicate != RDF.type and obj not in schema:
                individuals.add(obj)
    new = Graph()
    for subject, cls in _TYPE.findall(output):
        triple = (URIRef(subject), RDF.type, URIRef(cls))
        if triple[0] in individuals and triple[2] != OWL.Thing and triple not in graph:
            new.add(triple)
    for prop, known in _PROPERTY.findall(output):
        for a, b in _PAIR.findall(known):
            triple = (URIRef(a), URIRef(prop), URIRef(b))
            if triple[0] in individuals and triple not in graph:
                new.add(triple)
    types = sorted((s, o) for s, p, o in new if p == RDF.type)
    edges = sorted((s, p, o) for s, p, o in new if p != RDF.type)
    return Inferences(graph=new, asserted_triples=len(graph), types=types, edges=edges)  # type: ignore[arg-type]


def _first_line(text: str, needle: str) -> str:
    return next((line.strip() for line in text.splitlines() if needle in line), text.strip()[:300])


def declare_individuals(graph: Graph) -> Graph:
    """A copy of `graph` in which every IRI typed with a class is also an owl:NamedIndividual.

    owlready2 hands HermiT only the individuals it recognises as such; without the declaration
    the data's individuals reach the reasoner as nothing, and it entails nothing about them.
    """
    out = Graph()
    out += graph
    schema = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
              OWL.AllDisjointClasses, OWL.AllDifferent, OWL.Restriction}
    for subject, kind in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and kind not in schema and not str(kind).startswith(str(RDF)):
            out.add((subject, RDF.type, OWL.NamedIndividual))
    return out


def reason_store(ds: Dataset, *, include_linkset: bool = False) -> Inferences:
    """Everything HermiT entails about the named individuals of `ds`, given the shipped ontology.

    The Wikidata linkset (owl:sameAs to wd: IRIs) is left out unless `include_linkset` is True:
    with it, every fact is copied onto the wd: IRI, which is entailed but tells a researcher nothing new.
    Guarantees: the store is not changed; the returned graph holds only entailed triples that
    were not asserted. Raises InconsistentDataError when the data contradicts the ontology
    (for example a person typed as a state, two polarities on one stance).
    """
    from .namespaces import ONTOLOGY_GRAPH

    merged = ontology_graph()
    for graph in ds.graphs():
        if graph.identifier == ONTOLOGY_GRAPH or (graph.identifier == LINKSET_GRAPH and not include_linkset):
            continue
        for triple in graph:
            merged.add(triple)
    return reason_graph(merged)
