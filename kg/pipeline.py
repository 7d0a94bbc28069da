"""The build: the only module that knows the order of the stages.

extract (curated records) → link (catalogue) → map (named graphs) → reason (types, consistency)
→ validate (SHACL gate) → write files → store. Nothing is written to the store unless the graph
conforms; files are written either way so a failing build can be inspected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg import __version__
from kg.concepts import concept_keys
from kg.errors import ReasoningError, ValidationFailed
from kg.export import serialize, skolemised, sorted_nquads, write_atomic
from kg.extract.curated import load_seed_extracts
from kg.extract.evaluate import Evaluation, evaluate_seeds
from kg.formats import RDF_FORMATS
from kg.link.catalogue import links_for, load_catalogue
from kg.map import iris
from kg.map.mapper import NamedGraph, map_extract, map_links
from kg.reason import ConsistencyReport, check_consistency, load_ontology_graph, materialise_types
from kg.records import Extract
from kg.store.oxigraph import OxigraphStore, build_store
from kg.validate.shacl import ValidationReport, validate_graph

Step = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    extracts: tuple[Extract, ...]
    graphs: tuple[NamedGraph, ...]
    nquads: bytes
    report: ValidationReport
    consistency: ConsistencyReport
    outputs: tuple[Path, ...]

    @property
    def quad_count(self) -> int:
        return self.nquads.count(b"\n")


def union_of(graphs: list[NamedGraph]) -> Graph:
    union = Graph()
    for named in graphs:
        for triple in named.graph:
            union.add(triple)
    return union


def _described(name: URIRef, graph: Graph, activity: URIRef, label: str) -> NamedGraph:
    graph.add((name, RDF.type, PROV.Bundle))
    graph.add((name, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDFS.label, Literal(label)))
    graph.add((activity, PROV.wasAssociatedWith, iris.software(__version__)))
    return NamedGraph(name, graph)


def graphs_from(extracts: list[Extract]) -> list[NamedGraph]:
    """Map every extract to its article graph, and the catalogue links to the links graph."""
    concepts = concept_keys()
    graphs = [map_extract(extract, concepts, __version__) for extract in extracts]
    graphs.append(map_links(links_for(extracts, load_catalogue()), __version__))
    return graphs


def reason(data: Graph, ontology: Graph) -> tuple[NamedGraph, ConsistencyReport]:
    """Check `data` (the union of the mapped graphs) with the ontology; return the inferred-types graph."""
    consistency = check_consistency(ontology, data)
    if consistency.checked and not consistency.consistent:
        raise ReasoningError(f"the ontology with the data is inconsistent ({consistency.reasoner}): "
                             f"{consistency.explanation}")
    inferred = materialise_types(data, ontology)
    return _described(iris.inferred_graph(), inferred, iris.activity("reason"),
                      "materialise the rdf:type closure of the ontology's class hierarchy"), consistency


def validate(data: Graph, ontology: Graph) -> tuple[NamedGraph, ValidationReport]:
    report = validate_graph(data, ontology)
    return _described(iris.validation_graph(), report.rdf, iris.activity("validate"),
                      "validate the graph against shapes/*.ttl with pySHACL"), report


def write_outputs(out: Path, nquads: bytes, report: ValidationReport) -> tuple[Path, ...]:
    files = {
        out / "graph.nq": nquads,
        out / "graph.trig": serialize(nquads, RDF_FORMATS["trig"]),
        out / "graph.ttl": serialize(nquads, RDF_FORMATS["turtle"]),
        out / "validation.ttl": report.rdf.serialize(format="turtle", encoding="utf-8"),
    }
    for path, data in files.items():
        write_atomic(path, data)
    return tuple(files)


def build(seeds: Path, out: Path, store: Path, step: Step = lambda _: None) -> BuildResult:
    """Build, validate and (when the graph conforms) store the graph of the articles in `seeds`."""
    step("checking extracts")
    extracts = load_seed_extracts(seeds)
    step("linking and mapping")
    graphs = graphs_from(extracts)
    step("reasoning")
    ontology = load_ontology_graph()
    data = union_of(graphs)
    inferred, consistency = reason(data, ontology)
    graphs.append(inferred)
    data += inferred.graph
    step("validating")
    validation, report = validate(data, ontology)
    graphs.append(validation)
    graphs.append(NamedGraph(iris.ontology_graph(), skolemised(ontology, str(iris.ontology_graph()) + "/")))
    nquads = sorted_nquads((g.name, g.graph) for g in graphs)
    step("writing files")
    outputs = write_outputs(out, nquads, report)
    result = BuildResult(tuple(extracts), tuple(graphs), nquads, report, consistency, outputs)
    if not report.conforms:
        raise ValidationFailed(report)
    step("loading the store")
    build_store(store, nquads)
    return result


def validate_store(store: OxigraphStore) -> ValidationReport:
    """Validate what a store holds now (its article, links and inferred graphs) against the shapes."""
    skip = {str(iris.validation_graph()), str(iris.ontology_graph())}
    quads = Dataset()
    quads.parse(data=store.dump_nquads(), format="nquads")
    graph = Graph()
    for s, p, o, g in quads.quads((None, None, None, None)):
        if str(g) not in skip:
            graph.add((s, p, o))
    return validate_graph(graph, load_ontology_graph())


def evaluate(seeds: Path) -> Evaluation:
    """Extract every seed article from its text and score the records against its curated extract."""
    return evaluate_seeds(seeds, load_catalogue())
