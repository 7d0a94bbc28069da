"""The only place that mints IRIs (see the table in docs/data-model.md).

IRIs derive from keys, article ids and character offsets only, never from counters, clocks or
hashes of Python objects, so building twice gives the same graph byte for byte.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.vocab import KGG, KGR


def article(article_id: str) -> URIRef:
    return KGR[f"article/{article_id}"]


def article_author(article_id: str) -> URIRef:
    """The unnamed author of an article, for what the article states in its own voice."""
    return actor("author-of-" + re.sub(r"[^a-z0-9]+", "-", article_id.lower()).strip("-"))


def actor(key: str) -> URIRef:
    return KGR[f"actor/{key}"]


def place(key: str) -> URIRef:
    return KGR[f"place/{key}"]


def agreement(key: str) -> URIRef:
    return KGR[f"agreement/{key}"]


def phase(agreement_key: str, ordinal: int) -> URIRef:
    return KGR[f"agreement/{agreement_key}/phase/{ordinal}"]


def term(key: str) -> URIRef:
    return KGR[f"term/{key}"]


def event(key: str) -> URIRef:
    return KGR[f"event/{key}"]


def statement(article_id: str, start: int, end: int, n: int = 0) -> URIRef:
    return KGR[f"statement/{article_id}/{start}-{end}" + (f"-{n}" if n else "")]


def figure(article_id: str, start: int, end: int, n: int = 0) -> URIRef:
    return KGR[f"figure/{article_id}/{start}-{end}" + (f"-{n}" if n else "")]


def evidence(article_id: str, start: int, end: int) -> URIRef:
    return KGR[f"evidence/{article_id}/{start}-{end}"]


def _digest(text: str) -> str:
    """Twelve hex digits of the SHA-1 of `text`: a short, stable IRI segment for what cannot be one."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def position_selector(article_id: str, start: int, end: int) -> URIRef:
    return KGR[f"evidence/{article_id}/{start}-{end}/position"]


def quote_selector(article_id: str, start: int, end: int) -> URIRef:
    return KGR[f"evidence/{article_id}/{start}-{end}/quote"]


def annotation(article_id: str, start: int, end: int, body: URIRef) -> URIRef:
    return KGR[f"annotation/{article_id}/{start}-{end}/{_digest(str(body))}"]


def activity(step: str, article_id: str | None = None) -> URIRef:
    return KGR[f"activity/{step}" + (f"/{article_id}" if article_id else "")]


def software(version: str) -> URIRef:
    return KGR[f"software/ceasefire-kg/{version}"]


def catalogue() -> URIRef:
    return KGR["catalogue/wikidata"]


def wikidata_match(kind: str, key: str, qid: str | None = None) -> URIRef:
    """The link decision for an actor or place (`qid` None), or one suggestion for it."""
    return KGR[f"link/{kind}/{key}" + (f"/suggestion/{qid}" if qid else "")]


def wikidata_source(request_key: str) -> URIRef:
    """One cached answer of the Wikidata API (named by the digest of its request), as a prov:Entity."""
    return KGR[f"source/wikidata/{request_key}"]


def article_graph(article_id: str) -> URIRef:
    return KGG[f"article/{article_id}"]


def inferred_graph() -> URIRef:
    return KGG["inferred"]


def links_graph() -> URIRef:
    return KGG["links"]


def wikidata_graph() -> URIRef:
    return KGG["wikidata"]


def ontology_graph() -> URIRef:
    return KGG["ontology"]


def validation_graph() -> URIRef:
    return KGG["validation"]


def validation_runs_graph() -> URIRef:
    return KGG["validation-runs"]


def validation_run(name: str) -> URIRef:
    """A validation run: `kg validate`'s are named by their UTC start (20261123T131500.123456Z), the one
    clock-derived IRI, kept out of the build's files; a build's by a digest of its findings (build-{hex})."""
    return KGR[f"validation-run/{name}"]


def shape_tally(run_name: str, shape: str) -> URIRef:
    """The count of one shape's results in one run; the shape's IRI is hashed to keep the path one segment."""
    return KGR[f"validation-run/{run_name}/shape/{_digest(shape)}"]


def is_article_graph(name: str) -> bool:
    return name.startswith(str(KGG["article/"]))


def coreference_graph() -> URIRef:
    return KGG["coreference"]


def figure_comparison_graph() -> URIRef:
    return KGG["figure-comparison"]


def coreference_decision(kind: str, key: str, merged: tuple[URIRef, URIRef]) -> URIRef:
    """One merge of two records (named by their main evidence IRIs) into `kind`/`key`."""
    return KGR[f"coreference/{kind}/{key}/{_digest(' '.join(sorted(str(m) for m in merged)))}"]


def figure_comparison(counts: str, figures: list[URIRef]) -> URIRef:
    """A comparison of figures of kind `counts`, named by the figures it compares."""
    return KGR[f"comparison/{counts}/{_digest(' '.join(sorted(str(f) for f in figures)))}"]
