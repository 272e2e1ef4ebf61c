"""The ontology files: OWL 2 DL discipline, documentation, the SKOS schemes, and the Protégé check.

The Java check (issue 3, item 5) compiles tests/java/OwlCheck.java against the HermiT.jar that
owlready2 ships (it bundles OWL API 3.4.3, the API Protégé is built on) and asserts, on the
merged ontology (Turtle and RDF/XML) and on the full Protégé export of the seed store:
0 unparsed triples, 0 OWL 2 DL profile violations, consistent, 0 unsatisfiable classes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import require, require_executable
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.namespaces import CAMEO, ONTOLOGY_IRI, PLOVER, SKG
from kg.ontology import load_file, load_stance_types, load_value_sets, ontology_dir, ontology_graph
from kg.protege import export_protege, write_rdfxml

ROOT = Path(__file__).resolve().parent.parent
VANN = "http://purl.org/vocab/vann/"
OWL2_DATATYPES = {XSD.string, XSD.dateTime, XSD.decimal, XSD.nonNegativeInteger, XSD.anyURI, XSD.integer,
                  RDF.langString, RDF.PlainLiteral}


# ---------- header and documentation ----------
def test_header_names_title_licence_creators_version_and_prefix() -> None:
    g = ontology_graph()
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in g
    assert g.value(o, OWL.versionIRI) == URIRef("https://w3id.org/stancekg/ontology/0.1.0")
    assert str(g.value(o, OWL.versionInfo)) == "0.1.0"
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert g.value(o, prop) is not None, prop
    assert str(g.value(o, URIRef(VANN + "preferredNamespacePrefix"))) == "skg"


def test_no_remote_imports() -> None:
    g = ontology_graph()
    assert list(g.objects(None, OWL.imports)) == []


def test_reused_terms_are_declared_locally_with_their_namespace() -> None:
    g = ontology_graph()
    for term, ns in [(URIRef("http://www.w3.org/ns/prov#Agent"), "http://www.w3.org/ns/prov#"),
                     (URIRef("http://www.w3.org/ns/oa#Annotation"), "http://www.w3.org/ns/oa#"),
                     (URIRef("http://www.w3.org/ns/org#Membership"), "http://www.w3.org/ns/org#"),
                     (URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event"), "http://semanticweb.cs.vu.nl/2009/11/sem/"),
                     (URIRef("http://www.w3.org/2006/time#ProperInterval"), "http://www.w3.org/2006/time#"),
                     (URIRef("http://groundedannotationframework.org/gaf#denotedBy"),
                      "http://groundedannotationframework.org/gaf#")]:
        assert g.value(term, RDFS.isDefinedBy) == URIRef(ns), term
        assert g.value(term, RDFS.label) is not None
    # the alignments themselves
    assert (SKG.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#Annotation")) in g
    assert (SKG.Tenure, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Membership")) in g
    assert (SKG.Event, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in g
    assert (SKG.hasMember, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#hasMember")) in g


def test_inverses_disjointness_and_characteristics_are_stated() -> None:
    g = ontology_graph()
    assert (SKG.hasMember, OWL.inverseOf, SKG.memberOf) in g
    assert (SKG.backedBy, OWL.inverseOf, SKG.backsSanction) in g
    assert (SKG.opposedTo, RDF.type, OWL.SymmetricProperty) in g
    assert (SKG.Person, OWL.disjointWith, SKG.CollectiveActor) in g
    assert (SKG.polarity, RDF.type, OWL.FunctionalProperty) in g
    disjoint_sets = [_members(g, m) for m in g.objects(None, OWL.members)]
    assert any({SKG.Stance, SKG.Event, SKG.Actor} <= s for s in disjoint_sets)


def _members(g: Graph, head) -> set:  # type: ignore[no-untyped-def]
    from rdflib.collection import Collection

    return set(Collection(g, head))


# ---------- OWL 2 DL discipline, checked in Python too ----------
def test_no_punning_between_classes_individuals_and_property_kinds() -> None:
    g = ontology_graph()
    classes = set(g.subjects(RDF.type, OWL.Class))
    objects = set(g.subjects(RDF.type, OWL.ObjectProperty))
    datas = set(g.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(g.subjects(RDF.type, OWL.AnnotationProperty))
    individuals = {s for s, o in g.subject_objects(RDF.type) if o in classes}
    assert not classes & individuals
    assert not objects & datas and not objects & annotations and not datas & annotations


def test_skos_only_on_concepts_and_schemes() -> None:
    g = ontology_graph()
    skos_subjects = {s for s, p, _ in g if str(p).startswith(str(SKOS)) and p not in (SKOS.prefLabel,)}
    concepts = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    properties = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.AnnotationProperty))
    stray = {s for s in skos_subjects - concepts - properties}
    assert not stray, stray


def test_lists_only_in_owl_constructs() -> None:
    g = ontology_graph()
    heads = {s for s in g.subjects(RDF.first, None)} - set(g.objects(None, RDF.rest))
    allowed = {OWL.oneOf, OWL.unionOf, OWL.members, OWL.withRestrictions, OWL.distinctMembers}
    for head in heads:
        users = set(g.predicates(None, head))
        assert users and users <= allowed, (head, users)


def test_datatypes_come_from_the_owl2_datatype_map() -> None:
    g = ontology_graph()
    used = {o.datatype for o in g.objects() if isinstance(o, Literal) and o.datatype is not None}
    used |= {o for o in g.objects(None, RDFS.range) if str(o).startswith(str(XSD))}
    assert used <= OWL2_DATATYPES, used - OWL2_DATATYPES
    assert XSD.date not in used


# ---------- stance types, CAMEO, PLOVER ----------
def test_at_least_twenty_stance_types_each_fully_mapped() -> None:
    g = ontology_graph()
    types = load_stance_types()
    assert len(types) >= 20
    roots = set(g.subjects(SKOS.topConceptOf, CAMEO.scheme))
    tops = {SKG.supports, SKG.opposes, SKG.demandsOf, SKG.engagesWith}
    for key, t in types.items():
        assert str(g.value(t.iri, SKOS.notation)) == key
        assert t.polarity in {"+1", "-1", "0", "d"}
        assert t.cameo_codes, key
        for code in t.cameo_iris:
            assert (code, RDF.type, SKG.CameoCode) in g, code
            assert g.value(code, SKOS.prefLabel) is not None
            chain = set(g.transitive_objects(code, SKOS.broader))
            assert chain & roots, f"{code} does not reach a CAMEO cue category"
        if key != "makeStatement":  # PLOVER has no category for plain statements (CAMEO 010)
            assert (t.plover_category_iri, RDF.type, SKG.PloverCategory) in g, key
        if t.plover_mode_iri is not None:
            assert (t.plover_mode_iri, RDF.type, SKG.PloverMode) in g
        assert (t.direct_edge, RDF.type, OWL.ObjectProperty) in g
        assert set(g.transitive_objects(t.direct_edge, RDFS.subPropertyOf)) & tops, key


def test_stance_types_match_the_data_model() -> None:
    t = load_stance_types()
    assert (t["accuse"].polarity, t["accuse"].plover_category, t["accuse"].plover_mode) == ("-1", "ACCUSE", "allege")
    assert t["demand"].polarity == "d" and t["demand"].cameo_codes == ("100", "1041", "1042")
    assert t["imposeSanction"].plover_category == "SANCTION" and t["imposeSanction"].plover_mode == "discontinue"
    assert t["opposeSanction"].polarity == "+1" and t["consult"].polarity == "0"
    assert t["useWMD"].cameo_codes == ("2041",) and t["accuse"].direct_edge == SKG.accuses
    assert t["makeStatement"].plover_category is None


def test_cameo_labels_follow_the_codebook() -> None:
    g = load_file("cameo.ttl")
    assert str(g.value(CAMEO["1123"], SKOS.prefLabel)) == "Accuse of aggression"
    assert str(g.value(CAMEO["139"], SKOS.prefLabel)) == "Give ultimatum"
    assert g.value(CAMEO["1123"], SKOS.broader) == CAMEO["112"]
    assert g.value(CAMEO["112"], SKOS.broader) == CAMEO["11"]
    assert "Schrodt" in (ontology_dir() / "cameo.ttl").read_text(encoding="utf-8")


def test_plover_has_sixteen_categories_in_its_own_attributed_file() -> None:
    g = load_file("plover.ttl")
    categories = set(g.subjects(RDF.type, SKG.PloverCategory))
    assert len(categories) == 16
    assert {PLOVER.REQUEST, PLOVER.ACCUSE, PLOVER.SANCTION, PLOVER.ASSAULT} <= categories
    assert g.value(PLOVER.scheme, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    text = (ontology_dir() / "plover.ttl").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text and "Open Event Data Alliance" in text
    # PLOVER-derived definitions live only in plover.ttl
    core = load_file("stancekg.ttl") + load_file("stance-types.ttl")
    assert not any(True for _ in core.triples((None, SKOS.definition, None)) if _[0] in categories)


def test_value_sets_are_closed_and_coded() -> None:
    sets = load_value_sets()
    assert set(sets["Polarity"]) == {"+1", "-1", "0", "d"}
    assert set(sets["Modality"]) == {"asserted", "negated", "hypothetical", "future", "historical"}
    assert sets["SanctionStatus"]["noConsensus"] == SKG.NoConsensus
    assert sets["RelationQuality"]["neutral"] == SKG.NeutralRelation
    assert set(sets["AnnotationSource"].values()) == {SKG.Curated, SKG.MachineDraft}
    g = ontology_graph()
    assert (SKG.Polarity, OWL.equivalentClass, None) in g


def test_ontology_folder_ships_inside_the_package() -> None:
    assert (ROOT / "kg" / "data" / "ontology").resolve() == (ROOT / "ontology").resolve()
    assert (ontology_dir() / "catalog-v001.xml").is_file()
    assert (ontology_dir() / "README.md").is_file()


def test_readme_lists_at_least_fifteen_competency_questions() -> None:
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    questions = [line for line in text.splitlines() if line.lstrip().startswith("| CQ")]
    assert len(questions) >= 15


# ---------- the Protégé check (Java, OWL API 3.4.3 + HermiT) ----------
@pytest.fixture(scope="session")
def owlcheck(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command prefix that runs the compiled OwlCheck against owlready2's HermiT.jar."""
    javac = require_executable("javac", "openjdk-17-jdk-headless")
    java = require_executable("java", "openjdk-17-jdk-headless")
    try:
        import owlready2
    except ImportError:
        require(False, "owlready2 is not installed (pip install 'stancekg[reason]')")
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    require(jar.is_file(), f"owlready2 ships no HermiT.jar at {jar}")
    out = tmp_path_factory.mktemp("owlcheck")
    done = subprocess.run([javac, "-cp", str(jar), "-d", str(out), str(ROOT / "tests" / "java" / "OwlCheck.java")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return [java, "-cp", f"{jar}:{out}", "OwlCheck"]


def run_owlcheck(command: list[str], path: Path) -> dict[str, str]:
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, check=False, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    report = {}
    for line in done.stdout.splitlines():
        if not line.startswith(" ") and ": " in line:
            key, value = line.split(": ", 1)
            report[key] = value
    report["full"] = done.stdout
    return report


def assert_clean(report: dict[str, str]) -> None:
    assert report["unparsed-triples"] == "0", report["full"]
    assert report["profile-violations"] == "0", report["full"]
    assert report["consistent"] == "true", report["full"]
    assert report["unsatisfiable-classes"] == "0", report["full"]
    assert report["imports"] == "0"


@pytest.mark.java
def test_protege_check_on_the_merged_turtle(owlcheck: list[str], tmp_path: Path) -> None:
    path = tmp_path / "stancekg-merged.ttl"
    ontology_graph().serialize(path, format="turtle")
    report = run_owlcheck(owlcheck, path)
    assert_clean(report)
    assert int(report["axioms"]) > 2500


@pytest.mark.java
def test_protege_check_on_the_core_file_as_written(owlcheck: list[str]) -> None:
    # ontology/stancekg.ttl exactly as a researcher opens it in Protégé.
    assert_clean(run_owlcheck(owlcheck, ROOT / "ontology" / "stancekg.ttl"))


@pytest.mark.java
def test_protege_check_on_the_rdfxml_export(owlcheck: list[str], tmp_path: Path) -> None:
    path = tmp_path / "stancekg.owl"
    write_rdfxml(ontology_graph(), path)
    assert_clean(run_owlcheck(owlcheck, path))


@pytest.mark.java
def test_protege_check_catches_punning(owlcheck: list[str], tmp_path: Path) -> None:
    # The check can fail: a property used as both object and datatype property is a DL violation.
    g = ontology_graph()
    g.add((SKG.holder, RDF.type, OWL.DatatypeProperty))
    path = tmp_path / "punned.ttl"
    g.serialize(path, format="turtle")
    report = run_owlcheck(owlcheck, path)
    assert report["profile-violations"] != "0"


@pytest.mark.java
@pytest.mark.slow
def test_protege_check_on_the_full_seed_export(owlcheck: list[str], seed_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_protege(seed_store, tmp_path / "protege")
    assert (tmp_path / "protege" / "catalog-v001.xml").is_file()
    report = run_owlcheck(owlcheck, path)
    assert_clean(report)
    # the seed's individuals are in it: far more axioms than the ontology alone
    assert int(report["axioms"]) > 4000


# ---------- the commands ----------
def test_docs_command_renders_offline_html(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pylode")
    from kg.cli import main

    result = runner.invoke(main, ["docs", "-o", str(tmp_path / "docs")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    assert "Stance" in html and "accuse" in html and "stancekg" in html
    # opens from disk: no script or stylesheet fetched from the network
    import re

    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)


def test_validate_command_on_the_seed_store(runner, seed_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.validate import validate_store

    # the command opens its own store; the seed store is session-scoped and open, so check the library
    # result here and the command on an empty store (which conforms trivially)
    assert validate_store(seed_store).conforms
    from kg.cli import main

    result = runner.invoke(main, ["validate", "--store", f"oxigraph:{tmp_path / 'empty'}"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
