"""Validation runs as data: each `kg validate` leaves a `kg:ValidationRun` (a prov:Activity) in kgg:validation-runs.

A run says when it ran, with which shapes (a digest of `shapes/*.ttl`) and which software, over how
much data (triples, article graphs), and how many violations and warnings each shape produced, so
queries can follow data quality as articles are added (`queries/14-validation-history.rq`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg import resources
from kg.map import iris
from kg.validate.shacl import ValidationReport
from kg.vocab import KG


@dataclass(frozen=True)
class RunFacts:
    """What a run looked at and when (timezone-aware UTC).

    A build's run has no times (`started` and `ended` are None): the build's files must be the same
    byte for byte on every build, so its run is named by a digest of what it found instead.
    """

    started: datetime | None
    ended: datetime | None
    triples: int
    articles: tuple[URIRef, ...]


def shapes_digest() -> str:
    """SHA-256 over the shapes files, each as its name and its bytes, in name order."""
    digest = hashlib.sha256()
    for path in resources.shape_files():
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_name(report: ValidationReport, facts: RunFacts, digest: str) -> str:
    """A timed run's UTC start to the microsecond (20261123T131500.123456Z); a build's, build-{digest of findings}."""
    if facts.started is not None:
        return facts.started.strftime("%Y%m%dT%H%M%S.%fZ")
    findings = "|".join([digest, str(facts.triples), *map(str, facts.articles),
                         *sorted(str(r.iri) for r in report.results)])
    return "build-" + hashlib.sha256(findings.encode("utf-8")).hexdigest()[:16]


def tallies(report: ValidationReport) -> dict[str, tuple[int, int]]:
    """(violations, warnings) per shape that produced any result."""
    counts = Counter((r.shape or "", r.severity) for r in report.results)
    shapes = sorted({shape for shape, _ in counts})
    return {shape: (counts[shape, "Violation"], counts[shape, "Warning"]) for shape in shapes}


def run_record(report: ValidationReport, facts: RunFacts, version: str) -> tuple[URIRef, Graph]:
    """The run's IRI and its description, for the graph kgg:validation-runs."""
    digest = shapes_digest()
    name = run_name(report, facts, digest)
    run = iris.validation_run(name)
    g = Graph()
    g.add((run, RDF.type, KG.ValidationRun))
    g.add((run, RDF.type, PROV.Activity))
    if facts.started is not None and facts.ended is not None:
        g.add((run, RDFS.label, Literal(f"kg validate at {facts.started.isoformat()}")))
        g.add((run, PROV.startedAtTime, Literal(facts.started.isoformat(), datatype=XSD.dateTime)))
        g.add((run, PROV.endedAtTime, Literal(facts.ended.isoformat(), datatype=XSD.dateTime)))
    else:
        g.add((run, RDFS.label, Literal("kg build (validation stage)")))
        g.add((run, PROV.wasInformedBy, iris.activity("validate")))
    g.add((run, PROV.wasAssociatedWith, iris.software(version)))
    g.add((run, KG.shapesDigest, Literal(digest)))
    g.add((run, KG.tripleCount, Literal(facts.triples)))
    g.add((run, KG.articleCount, Literal(len(facts.articles))))
    g.add((run, KG.violationCount, Literal(len(report.violations))))
    g.add((run, KG.warningCount, Literal(len(report.warnings))))
    for article in facts.articles:
        g.add((run, PROV.used, article))
    for shape, (violations, warnings) in tallies(report).items():
        tally = iris.shape_tally(name, shape)
        g.add((run, KG.tally, tally))
        g.add((tally, RDF.type, KG.ShapeTally))
        if shape:
            g.add((tally, KG.shape, URIRef(shape)))
        g.add((tally, KG.violationCount, Literal(violations)))
        g.add((tally, KG.warningCount, Literal(warnings)))
    return run, g
