"""SHACL validation (pySHACL over `shapes/*.ttl`) and the report as a typed result and as RDF.

pySHACL's report uses blank nodes; the report kept in the graph (`kgg:validation`) gives each
result an IRI derived from what it says (focus, shape, path, value, message), so two builds of
the same data give the same report, and results can be cited and queried.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg import resources
from kg.vocab import KGR

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    severity: str
    focus: str
    message: str
    shape: str | None
    path: str | None
    value: str | None
    constraint: str | None
    iri: URIRef


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...]
    rdf: Graph = field(compare=False, repr=False)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")


def load_shapes() -> Graph:
    shapes = Graph()
    for path in resources.shape_files():
        shapes.parse(path, format="turtle")
    return shapes


def validate_graph(data: Graph, ontology: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate `data` against the shapes, with `ontology` merged in for class and concept checks.

    The merge is explicit: pySHACL mixes `ont_graph` in only when it runs inference, and inference
    here is done once, by the reason stage, not again by the validator.
    """
    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in ontology:
        merged.add(triple)
    _, report_graph, _ = pyshacl_validate(
        merged, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", advanced=True, allow_warnings=True, abort_on_first=False,
    )
    return _normalise(report_graph)


def _term(graph: Graph, node: object, predicate: URIRef) -> object | None:
    value = graph.value(node, predicate)
    return None if isinstance(value, BNode) else value


def _normalise(report: Graph) -> ValidationReport:
    results: list[ValidationResult] = []
    out = Graph()
    report_iri = KGR["validation/report"]
    out.add((report_iri, RDF.type, SH.ValidationReport))
    for node in report.subjects(RDF.type, SH.ValidationResult):
        kept = {p: _term(report, node, p) for p in (SH.focusNode, SH.resultSeverity, SH.sourceShape, SH.resultPath,
                                                    SH.value, SH.sourceConstraintComponent)}
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        key = "|".join(str(v) for v in kept.values()) + "|" + "|".join(messages)
        iri = KGR["validation/result/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]]
        out.add((report_iri, SH.result, iri))
        out.add((iri, RDF.type, SH.ValidationResult))
        for predicate, value in kept.items():
            if value is not None:
                out.add((iri, predicate, value))
        for message in messages:
            out.add((iri, SH.resultMessage, Literal(message)))
        severity = SEVERITIES.get(kept[SH.resultSeverity], str(kept[SH.resultSeverity]))
        results.append(ValidationResult(severity, str(kept[SH.focusNode]), "; ".join(messages),
                                        _str(kept[SH.sourceShape]), _str(kept[SH.resultPath]), _str(kept[SH.value]),
                                        _str(kept[SH.sourceConstraintComponent]), iri))
    conforms = not any(r.severity == "Violation" for r in results)
    out.add((report_iri, SH.conforms, Literal(conforms)))
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.shape or "", r.message))
    return ValidationReport(conforms, tuple(results), out)


def _str(value: object | None) -> str | None:
    return None if value is None else str(value)
