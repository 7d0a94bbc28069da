"""Provenance triples: article graphs described with PROV-O, evidence as Web Annotation targets.

Every described node points (`kg:hasEvidence`) to an `oa:SpecificResource` on the article with a
position selector (code-point offsets) and a quote selector (exact text, 32 characters of prefix
and suffix); an `oa:Annotation` ties node and target and says which step produced it.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.map import iris
from kg.records import Article, Evidence
from kg.vocab import KG, OA, SCHEMA

CONTEXT_CHARS = 32


def add_evidence(graph: Graph, article: Article, node: URIRef, evidence: Evidence, generated_by: URIRef,
                 motivation: URIRef) -> None:
    start, end = evidence.start, evidence.end
    target = iris.evidence(article.id, start, end)
    position = iris.position_selector(article.id, start, end)
    quote = iris.quote_selector(article.id, start, end)
    graph.add((node, KG.hasEvidence, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, iris.article(article.id)))
    graph.add((target, OA.hasSelector, position))
    graph.add((target, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.integer)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(article.text[start:end])))
    graph.add((quote, OA.prefix, Literal(article.text[max(0, start - CONTEXT_CHARS):start])))
    graph.add((quote, OA.suffix, Literal(article.text[end:end + CONTEXT_CHARS])))
    annotation = iris.annotation(article.id, start, end, node)
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.hasBody, node))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((annotation, OA.motivatedBy, motivation))
    graph.add((annotation, PROV.wasGeneratedBy, generated_by))


def describe_article_graph(graph: Graph, article: Article, extraction_step: str, version: str) -> URIRef:
    """Say what the article's named graph is and how it was made; return the extraction activity."""
    name = iris.article_graph(article.id)
    source = iris.article(article.id)
    mapping = iris.activity("map", article.id)
    extraction = iris.activity(extraction_step, article.id)
    software = iris.software(version)
    graph.add((name, RDF.type, PROV.Bundle))
    graph.add((name, PROV.wasDerivedFrom, source))
    graph.add((name, PROV.wasGeneratedBy, mapping))
    graph.add((mapping, RDF.type, PROV.Activity))
    graph.add((mapping, RDFS.label, Literal(f"map the extract of {article.id} to RDF")))
    graph.add((mapping, PROV.used, source))
    graph.add((mapping, PROV.wasInformedBy, extraction))
    graph.add((mapping, PROV.wasAssociatedWith, software))
    graph.add((extraction, RDF.type, PROV.Activity))
    graph.add((extraction, RDFS.label, Literal(f"{extraction_step} of the records of {article.id}")))
    graph.add((extraction, PROV.used, source))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDFS.label, Literal(f"ceasefire-kg {version}")))
    graph.add((software, SCHEMA.softwareVersion, Literal(version)))
    return extraction
