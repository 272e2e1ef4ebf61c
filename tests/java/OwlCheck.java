// The Protégé check (issue 3, item 5): load an ontology document with the OWL API that Protégé is
// built on (owlready2's HermiT.jar bundles OWL API 3.4.3) and report, as one "key: value" per line:
//   unparsed-triples  triples the RDF parser could not turn into OWL axioms (each listed below it)
//   profile-violations  OWL 2 DL profile violations (OWL2DLProfile; each listed below it)
//   consistent  whether HermiT finds the ontology consistent
//   unsatisfiable-classes  named classes HermiT finds unsatisfiable (each listed below it)
// Usage: java -cp HermiT.jar:. OwlCheck FILE   (Turtle or RDF/XML; one merged document)
// Exit code 0 when the report was written, whatever it says; the Python test judges it.

import java.io.File;
import java.util.Set;
import java.util.TreeSet;

import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyDocumentSource;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp HermiT.jar:. OwlCheck FILE");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Offline: an owl:imports that cannot be resolved is reported, never fetched silently.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        OWLOntologyDocumentSource source = new FileDocumentSource(new File(args[0]));
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(source, config);
        System.out.println("file: " + args[0]);
        System.out.println("format: " + manager.getOntologyFormat(ontology).getClass().getSimpleName());
        System.out.println("axioms: " + ontology.getAxiomCount());
        System.out.println("imports: " + ontology.getImportsDeclarations().size());

        Set<String> unparsed = new TreeSet<String>();
        Object meta = manager.getOntologyFormat(ontology).getOntologyLoaderMetaData();
        if (meta instanceof RDFParserMetaData) {
            for (RDFTriple t : ((RDFParserMetaData) meta).getUnparsedTriples()) {
                unparsed.add(t.toString());
            }
        }
        System.out.println("unparsed-triples: " + unparsed.size());
        for (String t : unparsed) {
            System.out.println("  unparsed: " + t);
        }

        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        Set<String> violations = new TreeSet<String>();
        for (OWLProfileViolation v : report.getViolations()) {
            violations.add(v.getClass().getSimpleName() + ": " + v.toString().replace('\n', ' '));
        }
        System.out.println("profile-violations: " + violations.size());
        for (String v : violations) {
            System.out.println("  violation: " + v);
        }

        Reasoner reasoner = new Reasoner(ontology);
        boolean consistent = reasoner.isConsistent();
        System.out.println("consistent: " + consistent);
        Set<String> unsatisfiable = new TreeSet<String>();
        if (consistent) {
            for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                unsatisfiable.add(c.getIRI().toString());
            }
        }
        System.out.println("unsatisfiable-classes: " + unsatisfiable.size());
        for (String c : unsatisfiable) {
            System.out.println("  unsatisfiable: " + c);
        }
        reasoner.dispose();
    }
}
