"""The validation report for people: results grouped by shape and by article, each with its offending
value and the evidence span (the article text the focus node's evidence quotes), as text or JSON."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.validate.runs import tallies
from kg.validate.shacl import ValidationReport, ValidationResult, load_shapes
from kg.vocab import KG, OA, PREFIXES, SCHEMA

NO_ARTICLE = "(no article)"
_SHOWN_SPANS = 3


@dataclass(frozen=True)
class GraphSpan:
    """A span as the graph states it (its selectors): unlike `kg.records.Evidence`, it names its article and
    may lack offsets or text (an article locates itself, a broken evidence node may miss a selector)."""

    article: str
    start: int | None
    end: int | None
    exact: str | None


def short(iri: str | None) -> str:
    """`actor:hamas` for a project IRI (the longest matching prefix), the IRI in <> otherwise."""
    if not iri:
        return "-"
    best = max((p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
    if best is None and iri.startswith("https://w3id.org/ceasefire-kg/shapes#"):
        return "kgsh:" + iri.split("#", 1)[1]
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def _article_id(article: object) -> str:
    return str(article).rsplit("/", 1)[-1]


def _span(data: Graph, evidence: object) -> GraphSpan | None:
    """The article, offsets and quoted text of one evidence node (its position and quote selectors)."""
    source = data.value(evidence, OA.hasSource)
    if source is None:
        return None
    found: dict[URIRef, object] = {}
    for selector in data.objects(evidence, OA.hasSelector):
        for predicate in (OA.start, OA.end, OA.exact):
            value = data.value(selector, predicate)
            if value is not None:
                found[predicate] = value.toPython() if hasattr(value, "toPython") else value
    start, end, exact = found.get(OA.start), found.get(OA.end), found.get(OA.exact)
    return GraphSpan(_article_id(source), int(start) if start is not None else None,  # type: ignore[call-overload]
                    int(end) if end is not None else None, str(exact) if exact is not None else None)  # type: ignore[call-overload]


def evidence_of(data: Graph, focus: str) -> list[GraphSpan]:
    """The spans that locate `focus` in the articles, in article order.

    A described node has them through kg:hasEvidence; an evidence node is its own span; a selector or
    an annotation leads to its evidence node; an article is located by itself (no span).
    """
    node = URIRef(focus)
    if (node, RDF.type, SCHEMA.NewsArticle) in data:
        return [GraphSpan(_article_id(node), None, None, None)]
    evidences = list(data.objects(node, KG.hasEvidence))
    evidences += list(data.subjects(OA.hasSelector, node)) + list(data.objects(node, OA.hasTarget))
    if data.value(node, OA.hasSource) is not None:
        evidences.append(node)
    spans = {span for span in (_span(data, e) for e in set(evidences)) if span is not None}
    return sorted(spans, key=lambda e: (e.article, e.start or 0, e.end or 0))


def _shape_names() -> dict[str, str]:
    shapes = load_shapes()
    names = {}
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        label = shapes.value(shape, RDFS.label) or shapes.value(shape, SH.name)
        if isinstance(shape, URIRef) and label is not None:
            names[str(shape)] = str(label)
    return names


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(results: list[ValidationResult]) -> str:
    violations = sum(r.severity == "Violation" for r in results)
    warnings = sum(r.severity == "Warning" for r in results)
    return ", ".join(p for p in (_plural(violations, "violation") if violations else "",
                                 _plural(warnings, "warning") if warnings else "") if p) or "no results"


def _value(value: str) -> str:
    return short(value) if value.startswith(("http://", "https://")) else repr(value)


def _span_line(span: GraphSpan) -> str:
    if span.start is None:
        return f"article {span.article}"
    return f"{span.article} [{span.start}-{span.end}] \"{span.exact}\""


def text_report(report: ValidationReport, data: Graph) -> str:
    """Results grouped by shape (each with value, message and evidence), then by article."""
    names = _shape_names()
    by_shape: dict[str, list[ValidationResult]] = defaultdict(list)
    by_article: dict[str, list[ValidationResult]] = defaultdict(list)
    spans = {r.iri: evidence_of(data, r.focus) for r in report.results}
    for result in report.results:
        by_shape[result.shape or ""].append(result)
        for article in sorted({s.article for s in spans[result.iri]}) or [NO_ARTICLE]:
            by_article[article].append(result)
    lines = [f"{'conforms' if report.conforms else 'does not conform'}: "
             f"{_plural(len(report.violations), 'violation')}, {_plural(len(report.warnings), 'warning')}"]
    if not report.results:
        return lines[0] + "\n"
    lines += ["", "By shape", "--------"]
    for shape in sorted(by_shape, key=lambda s: (not any(r.severity == "Violation" for r in by_shape[s]), s)):
        results = by_shape[shape]
        label = f" ({names[shape]})" if shape in names else ""
        lines.append(f"{short(shape)}{label}: {_counts(results)}")
        for result in results:
            lines.append(f"  {result.severity} {short(result.focus)}"
                         + (f"  path {short(result.path)}" if result.path else "")
                         + (f"  value {_value(result.value)}" if result.value not in (None, result.focus) else ""))
            lines.append(f"    {result.message}")
            shown = spans[result.iri][:_SHOWN_SPANS]
            for span in shown:
                lines.append(f"    evidence: {_span_line(span)}")
            if len(spans[result.iri]) > len(shown):
                lines.append(f"    ... and {len(spans[result.iri]) - len(shown)} more evidence spans")
    lines += ["", "By article", "----------"]
    for article in sorted(by_article, key=lambda a: (a == NO_ARTICLE, a)):
        results = by_article[article]
        lines.append(f"{article}: {_counts(results)}")
        for result in results:
            lines.append(f"  {result.severity} {short(result.shape)} {short(result.focus)}")
    return "\n".join(lines) + "\n"


def json_report(report: ValidationReport, data: Graph, run: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report as JSON-ready data: totals, counts per shape, and each result with its evidence spans."""
    return {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "by_shape": {shape: {"violations": violations, "warnings": warnings}
                     for shape, (violations, warnings) in tallies(report).items()},
        "run": run,
        "results": [{k: v for k, v in vars(r).items() if k != "iri"} | {"iri": str(r.iri)}
                    | {"evidence": [asdict(e) for e in evidence_of(data, r.focus)]} for r in report.results],
    }
