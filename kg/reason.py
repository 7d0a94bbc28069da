"""Reasoning stage: consistency under OWL 2 DL (HermiT via owlready2) and the OWL 2 RL closure of the data.

Two engines, each for what it does best (figures in the README, from `bench/reason.py`):
- HermiT answers "is there a model?" completely for OWL 2 DL, but through owlready2 it hands back
  only the most specific types and a few property values, not the entailed triples;
- the OWL 2 RL rules (`owlrl`, forward chaining on rdflib) give every entailed triple of the
  subclass, subproperty, inverse, transitivity, property-chain and domain/range axioms, which is
  what `kgg:inferred` is for.

Graph in, graph out: nothing here reads or writes the store, and each check runs in its own
owlready2 `World`, so no state survives between calls.
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass
from importlib.metadata import version
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import ReasoningError
from kg.resources import ontology_files
from kg.vocab import KGR

_HERMIT = "HermiT (owlready2)"
_SCRATCH_IRI = "urn:ceasefire-kg:reasoning"


@dataclass(frozen=True)
class ConsistencyReport:
    """The outcome of a consistency check.

    `consistent` is True only when a reasoner actually ran (`checked`) and found the ontology
    (with the data) consistent and every named class satisfiable; when no reasoner could run,
    `checked` is False, `consistent` is False and `explanation` says why.
    """

    consistent: bool
    checked: bool
    reasoner: str
    explanation: str
    seconds: float = 0.0


def load_ontology_graph() -> Graph:
    """Every `ontology/*.ttl` file parsed into one graph."""
    graph = Graph()
    for path in ontology_files():
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
            raise ReasoningError(f"{path}: cannot parse the ontology file: {exc}") from exc
    return graph


def check_consistency(ontology: Graph, data: Graph | None = None) -> ConsistencyReport:
    """Run HermiT over `ontology` (and `data`, when given) and report whether a model exists.

    The graphs are handed to owlready2 as N-Triples in a fresh `World`. HermiT runs with
    `ignore_unsupported_datatypes`: our dates are xsd:date / xsd:gYearMonth / xsd:gYear, which
    are outside the OWL 2 datatype map; no axiom constrains them, so ignoring those literals
    cannot hide an inconsistency. Raises `ReasoningError` only when the reasoner cannot run.
    """
    if shutil.which("java") is None:
        return ConsistencyReport(
            consistent=False,
            checked=False,
            reasoner="none (java not found)",
            explanation="not checked: HermiT needs a Java runtime (apt-get install default-jre-headless)",
        )
    from owlready2 import World, sync_reasoner_hermit
    from owlready2.base import OwlReadyError, OwlReadyInconsistentOntologyError

    merged = Graph()
    merged += ontology
    if data is not None:
        merged += data
    world = World()
    started = time.monotonic()
    try:
        world.get_ontology(_SCRATCH_IRI).load(
            fileobj=io.BytesIO(merged.serialize(format="nt", encoding="utf-8")), format="ntriples"
        )
        sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    except OwlReadyInconsistentOntologyError:
        clashes = explain_inconsistency(data, ontology) if data is not None else []
        detail = "; ".join(clashes[:20]) if clashes else \
            "HermiT found no model (no disjointness or functional-property clash found)"
        return ConsistencyReport(False, True, _HERMIT, f"inconsistent: {detail}", time.monotonic() - started)
    except (OwlReadyError, OSError) as exc:
        raise ReasoningError(f"HermiT could not run: {exc}") from exc
    finally:
        world.close()
    seconds = time.monotonic() - started
    if unsatisfiable:
        return ConsistencyReport(
            False, True, _HERMIT, "unsatisfiable classes: " + ", ".join(unsatisfiable), seconds
        )
    return ConsistencyReport(True, True, _HERMIT, "consistent; every named class is satisfiable", seconds)


_ANNOTATIONS = frozenset({RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionInfo})


@dataclass(frozen=True)
class Inference:
    """What the OWL 2 RL rules add to the data: `graph` holds only new triples about our resources.

    `problems` are the rules' own inconsistency findings (e.g. "Disjoint classes ... have a common
    individual ..."), in the order they were found; HermiT remains the judge of consistency.
    """

    graph: Graph
    engine: str
    seconds: float
    problems: tuple[str, ...] = ()


def axioms_of(ontology: Graph) -> Graph:
    """The ontology without its annotations (labels, definitions, concept-scheme prose): the rules only read axioms."""
    annotation = _ANNOTATIONS | set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    axioms = Graph()
    for triple in ontology:
        if triple[1] not in annotation:
            axioms.add(triple)
    return axioms


def rule_input(data: Graph, axioms: Graph) -> Graph:
    """The triples of `data` an OWL 2 RL rule can fire on, with the axioms.

    A rule needs a schema triple that names the class or property, so a data triple whose predicate
    (or, for rdf:type, whose class) the axioms never mention cannot take part: evidence selectors,
    article texts and labels are left out, which cuts the rules' work to a third without changing the result
    (tests/test_reason.py compares with the closure of the whole graph). owl:sameAs is left out on
    purpose: the Wikidata links would copy every fact onto the Wikidata IRIs.
    """
    terms = {node for node in axioms.all_nodes() if isinstance(node, URIRef)}
    kept = Graph()
    kept += axioms
    for s, p, o in data:
        if (o in terms) if p == RDF.type else (p in terms and p != OWL.sameAs):
            kept.add((s, p, o))
    return kept


def _ours(triple: tuple[object, object, object]) -> bool:
    """A new triple worth keeping: about one of our resources, with a named value, and not trivial."""
    s, p, o = triple
    return (isinstance(s, URIRef) and s.startswith(str(KGR)) and not isinstance(o, BNode)
            and p != OWL.sameAs and o not in (OWL.Thing, RDFS.Resource))


def materialise(data: Graph, ontology: Graph) -> Inference:
    """The OWL 2 RL closure of `data` under the ontology's axioms, minus what `data` already says.

    Subclasses, subproperties (kg:agent -> sem:hasActor), inverses (kg:said, kg:agentOf, kg:hasPhase
    <-> kg:phaseOf), transitivity (kg:partOf), chains (kg:reportedIn) and domains/ranges. Kept:
    triples whose subject is one of our resources (kgr:), whose object is not a blank node, and that
    are not owl:sameAs or typings as owl:Thing. The result is a set, independent of parse order.
    """
    from owlrl import OWLRL_Semantics

    working = rule_input(data, axioms_of(ontology))
    before = set(working)
    started = time.monotonic()
    closure = OWLRL_Semantics(working, False, False, rdfs=False)
    closure.closure()
    seconds = time.monotonic() - started
    inferred = Graph()
    for triple in working:
        if triple not in before and _ours(triple) and triple not in data:
            inferred.add(triple)
    return Inference(inferred, f"OWL 2 RL (owlrl {version('owlrl')})", seconds, tuple(closure.error_messages))


def class_ancestors(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Named strict superclasses of every named class, from the told rdfs:subClassOf / owl:equivalentClass closure.

    Used to explain an inconsistency (which told subclass path gave an individual a class): the
    ontology defines no class by restrictions, so the named subsumptions are exactly the told ones.
    owl:equivalentClass between named classes is followed both ways; blank-node class expressions
    and owl:Thing are skipped.
    """
    parents: dict[URIRef, set[URIRef]] = {}

    def link(sub: object, sup: object) -> None:
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            parents.setdefault(sub, set()).add(sup)

    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        link(sub, sup)
    for a, b in ontology.subject_objects(OWL.equivalentClass):
        link(a, b)
        link(b, a)

    ancestors: dict[URIRef, frozenset[URIRef]] = {}
    for cls in parents:
        seen: set[URIRef] = set()
        stack = list(parents[cls])
        while stack:
            sup = stack.pop()
            if sup not in seen:
                seen.add(sup)
                stack.extend(parents.get(sup, ()))
        seen.discard(cls)
        seen.discard(OWL.Thing)
        ancestors[cls] = frozenset(seen)
    return ancestors


def _disjointness_axioms(ontology: Graph) -> dict[frozenset[URIRef], str]:
    """Each pair of classes declared disjoint, with the axiom that declares it (as Turtle-like text)."""
    pairs: dict[frozenset[URIRef], str] = {}
    for a, b in sorted(ontology.subject_objects(OWL.disjointWith)):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.setdefault(frozenset((a, b)), f"{_short(ontology, a)} owl:disjointWith {_short(ontology, b)}")
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in ontology.objects(node, OWL.members):
            named = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
            axiom = "owl:AllDisjointClasses(" + " ".join(_short(ontology, m) for m in named) + ")"
            for pair in combinations(named, 2):
                pairs.setdefault(frozenset(pair), axiom)
    return pairs


def _short(graph: Graph, node: object) -> str:
    try:
        return graph.namespace_manager.normalizeUri(node)  # type: ignore[arg-type]
    except (ValueError, KeyError):
        return f"<{node}>"


def _derivations(data: Graph, ontology: Graph, node: URIRef, cls: URIRef,
                 ancestors: dict[URIRef, frozenset[URIRef]]) -> list[str]:
    """How `node` came to be a `cls`: an asserted type (with its subclass path) or a property's domain/range."""
    how = []
    for asserted in sorted(data.objects(node, RDF.type)):
        if asserted == cls:
            how.append(f"asserted a {_short(ontology, cls)}")
        elif cls in ancestors.get(asserted, ()):  # type: ignore[call-overload]
            how.append(f"asserted a {_short(ontology, asserted)}, a subclass of {_short(ontology, cls)}")
    for axiom, side in ((RDFS.domain, "subject"), (RDFS.range, "object")):
        for prop, declared in ontology.subject_objects(axiom):
            if declared != cls and cls not in ancestors.get(declared, ()):  # type: ignore[call-overload]
                continue
            used = data.objects(node, prop) if side == "subject" else data.subjects(prop, node)
            for other in sorted(used):
                how.append(f"{side} of {_short(ontology, prop)} (with {_short(ontology, other)}), whose "
                           f"rdfs:{axiom.split('#')[1]} is {_short(ontology, declared)}")
    return how


def explain_inconsistency(data: Graph, ontology: Graph, closure: Graph | None = None) -> list[str]:
    """Explain the commonest causes of an inconsistency in our data, naming individuals, classes and axioms.

    - an individual whose types (asserted, inherited through subclasses, or given by a property's
      domain or range) include two classes declared disjoint: one IRI minted for two kinds of thing;
    - a functional datatype property with two different values on one individual (two figures
      merged into one node).
    HermiT says only "no model"; this names the culprits for these two cases, not for every possible one.
    `closure` is `materialise(data, ontology).graph` when the caller has it already (its types are read).
    """
    ancestors = class_ancestors(ontology)
    inferred = closure if closure is not None else materialise(data, ontology).graph
    types: dict[URIRef, set[URIRef]] = {}
    for graph in (data, inferred):
        for subject, cls in graph.subject_objects(RDF.type):
            if isinstance(cls, URIRef) and isinstance(subject, URIRef):
                types.setdefault(subject, set()).update({cls, *ancestors.get(cls, ())})
    explanations = []
    disjoint = _disjointness_axioms(ontology)
    for subject in sorted(types):
        for pair, axiom in sorted(((p, a) for p, a in disjoint.items() if p <= types[subject]),
                                  key=lambda item: sorted(map(str, item[0]))):
            a, b = sorted(pair)
            why = "; ".join(f"{_short(ontology, c)}: " + (", ".join(_derivations(data, ontology, subject, c, ancestors))
                                                          or "inferred") for c in (a, b))
            explanations.append(f"<{subject}> is both {_short(ontology, a)} and {_short(ontology, b)}, "
                                f"disjoint by {axiom} ({why})")
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty)) & set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty))
    for prop in sorted(functional):
        for subject in sorted({s for s in data.subjects(prop, None) if isinstance(s, URIRef)}):
            values = sorted({o for o in data.objects(subject, prop) if isinstance(o, Literal)}, key=str)
            if len({v.toPython() for v in values}) > 1:
                explanations.append(f"<{subject}> has {len(values)} values for {_short(ontology, prop)} "
                                    f"({', '.join(str(v) for v in values)}), a owl:FunctionalProperty")
    return explanations


__all__ = [
    "ConsistencyReport", "Inference", "load_ontology_graph", "check_consistency", "materialise",
    "axioms_of", "rule_input", "class_ancestors", "explain_inconsistency",
]
