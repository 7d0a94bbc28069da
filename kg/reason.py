"""Reasoning stage: consistency under OWL 2 DL (HermiT via owlready2) and the materialised rdf:type closure.

Graph in, graph out: nothing here reads or writes the store, and each check runs in its own
owlready2 `World`, so no state survives between calls.
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass
from itertools import combinations

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import ReasoningError
from kg.resources import ontology_files

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
        clashes = disjointness_clashes(data, ontology) if data is not None else []
        detail = "; ".join(clashes[:20]) if clashes else "HermiT found no model (no explicit disjointness clash found)"
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


def class_ancestors(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Named strict superclasses of every named class, from the told rdfs:subClassOf / owl:equivalentClass closure.

    Computed from the graph rather than with owlready2's `ancestors()`: the ontology defines no
    class by restrictions or equivalences to class expressions, so its named subsumptions are
    exactly the told ones (HermiT would infer nothing more between named classes), and the
    graph walk needs no Java and no copy of the ontology in a World. owl:equivalentClass between
    named classes is followed both ways; blank-node class expressions and owl:Thing are skipped.
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


def materialise_types(data: Graph, ontology: Graph) -> Graph:
    """The rdf:type triples implied by the class hierarchy and not already in `data`.

    For every `?s rdf:type ?c` in `data`, adds `?s rdf:type ?super` for each named superclass of
    `?c` (ours and the aligned PROV-O / schema.org / SEM classes). Ancestry is computed once per
    class (see `class_ancestors`), so the cost is one pass over the type triples of `data`.
    The result is a set of triples, hence independent of parse order.
    """
    ancestors = class_ancestors(ontology)
    inferred = Graph()
    for subject, cls in data.subject_objects(RDF.type):
        for sup in ancestors.get(cls, ()):  # type: ignore[call-overload]
            triple = (subject, RDF.type, sup)
            if triple not in data:
                inferred.add(triple)
    return inferred


def _disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    pairs: set[frozenset[URIRef]] = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.add(frozenset((a, b)))
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in ontology.objects(node, OWL.members):
            named = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
            pairs.update(frozenset(p) for p in combinations(named, 2))
    return pairs


def disjointness_clashes(data: Graph, ontology: Graph) -> list[str]:
    """Nodes of `data` whose types (asserted or inherited) include two classes declared disjoint.

    A cheap, explainable diagnosis to go with HermiT's bare "inconsistent": it covers the commonest
    cause in our data (one IRI minted for two kinds of thing), not every possible inconsistency.
    """
    ancestors = class_ancestors(ontology)
    pairs = _disjoint_pairs(ontology)
    types: dict[object, set[URIRef]] = {}
    for subject, cls in data.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and not isinstance(subject, BNode):
            types.setdefault(subject, set()).update({cls, *ancestors.get(cls, ())})
    clashes = []
    for subject in sorted(types, key=str):
        for pair in sorted((p for p in pairs if p <= types[subject]), key=lambda p: sorted(map(str, p))):
            a, b = sorted(map(str, pair))
            clashes.append(f"<{subject}> is typed <{a}> and <{b}>, which are disjoint")
    return clashes


__all__ = [
    "ConsistencyReport", "load_ontology_graph", "check_consistency", "class_ancestors",
    "materialise_types", "disjointness_clashes",
]
