"""The build, and adding one article: the only module that knows the order of the stages.

extract (curated records) → link (catalogue) → resolve (coreference, figures compared) → map (named graphs)
→ reason (types, consistency)
→ validate (SHACL gate) → write files → store. Nothing is written to the store unless the graph
conforms; files are written either way so a failing build can be inspected.

`add` runs the same stages for one article read from raw text (extract from text → resolve against
the records the store holds → map → validate that article's graph, link) and writes its graph, the grown
links and coreference graphs and the recomputed figure-comparison and inferred graphs in one store
transaction; everything is computed before the store is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH

from kg import __version__, resources
from kg.concepts import concept_keys
from kg.errors import ExtractError, KgError, ReasoningError, ValidationFailed
from kg.export import serialize, skolemised, sorted_nquads, write_atomic
from kg.extract.articles import load_article
from kg.extract.curated import load_extract, load_seed_extracts
from kg.extract.evaluate import Evaluation, evaluate_seeds
from kg.extract.text.extractor import extract_article
from kg.extract.writer import extract_yaml
from kg.formats import RDF_FORMATS
from kg.link.catalogue import load_catalogue
from kg.link.resolve import LinkResult, Mention, mentions_from_extracts, resolve
from kg.link.wikidata import WikidataClient
from kg.map import iris
from kg.map.links import map_links, map_wikidata
from kg.map.mapper import NamedGraph, map_extract
from kg.map.provenance import Triple, describe_bundle
from kg.map.resolution import map_coreference, map_figure_comparisons
from kg.reason import (ConsistencyReport, Inference, check_consistency, explain_inconsistency, load_ontology_graph,
                       materialise)
from kg.records import Agreement, Extract
from kg.resolve.coreference import Merge, rekeyed
from kg.resolve.coreference import resolve as resolve_coreference
from kg.resolve.figures import quantities
from kg.store.extracts import known_agreements, stored_extracts
from kg.store.oxigraph import OxigraphStore, build_store
from kg.validate.runs import RunFacts, run_record
from kg.validate.shacl import ValidationReport, validate_graph
from kg.vocab import KG, KGR

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
        for triple in named.triples:
            union.add(triple)
    return union


def _described(name: URIRef, graph: Graph, activity: URIRef, label: str) -> NamedGraph:
    """`graph` (made by rdflib: reasoning, SHACL) named `name` and described as `activity`'s bundle."""
    description: list[Triple] = []
    describe_bundle(description, name, activity, label, __version__)
    graph += description
    return NamedGraph.of(name, graph)


def graphs_from(extracts: list[Extract]) -> list[NamedGraph]:
    """Resolve events and agreements across the extracts (kg/resolve/), then map every extract to its
    article graph, the catalogue links to the links graph, and the merges and compared figures to the
    coreference and figure-comparison graphs."""
    concepts = concept_keys()
    resolution = resolve_coreference(extracts)
    resolved = [rekeyed(extract, resolution) for extract in extracts]
    graphs = [map_extract(extract, concepts, __version__) for extract in resolved]
    graphs.append(map_links(resolve(mentions_from_extracts(resolved), load_catalogue()).links, __version__))
    graphs.append(map_coreference(resolution, __version__))
    graphs.append(map_figure_comparisons(quantities(resolved), resolved, __version__))
    return graphs


def reason(data: Graph, ontology: Graph) -> tuple[NamedGraph, ConsistencyReport]:
    """Check `data` (the union of the mapped graphs) with the ontology; return the graph of inferred triples."""
    consistency = check_consistency(ontology, data)
    if consistency.checked and not consistency.consistent:
        raise ReasoningError(f"the ontology with the data is inconsistent ({consistency.reasoner}): "
                             f"{consistency.explanation}")
    return inferred_graph(data, ontology, consistency), consistency


def inferred_graph(data: Graph, ontology: Graph, consistency: ConsistencyReport | None = None,
                   inference: Inference | None = None) -> NamedGraph:
    """The closure of the ontology's axioms over `data` (`inference`, when already computed), described as
    the reasoning activity's bundle."""
    if inference is None:
        inference = materialise(data, ontology)
    if not (consistency and consistency.checked) and inference.problems:
        raise ReasoningError(f"the data breaks the ontology's axioms ({inference.engine}): "
                             + "; ".join(inference.problems[:20]))
    inference.graph.add((iris.activity("reason"), PROV.used, iris.ontology_graph()))
    return _described(iris.inferred_graph(), inference.graph, iris.activity("reason"),
                      f"materialise the closure of the ontology's axioms with {inference.engine}")


def validate(data: Graph, ontology: Graph) -> tuple[NamedGraph, ValidationReport]:
    report = validate_graph(data, ontology)
    return report_graph(report), report


def report_graph(report: ValidationReport) -> NamedGraph:
    """The graph kgg:validation: the SHACL report, described as generated by the validate step (no time in it)."""
    return _described(iris.validation_graph(), report.rdf, iris.activity("validate"),
                      "validate the graph against shapes/*.ttl with pySHACL")


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
    data += inferred.triples
    step("validating")
    validation, report = validate(data, ontology)
    graphs.append(validation)
    articles = tuple(sorted(g.name for g in graphs if iris.is_article_graph(str(g.name))))
    _, run = run_record(report, RunFacts(None, None, len(data), articles), __version__)
    graphs.append(NamedGraph.of(iris.validation_runs_graph(), run))
    graphs.append(NamedGraph.of(iris.ontology_graph(), skolemised(ontology, str(iris.ontology_graph()) + "/")))
    nquads = sorted_nquads((g.name, g.triples) for g in graphs)
    step("writing files")
    outputs = write_outputs(out, nquads, report)
    result = BuildResult(tuple(extracts), tuple(graphs), nquads, report, consistency, outputs)
    if not report.conforms:
        raise ValidationFailed(report)
    step("loading the store")
    build_store(store, nquads + previous_runs(store))
    return result


@dataclass(frozen=True)
class StoreValidation:
    """A validation of what a store holds: the report, the graph it judged, and the run's facts."""

    report: ValidationReport
    data: Graph
    facts: RunFacts

    @cached_property
    def run(self) -> tuple[URIRef, Graph]:
        """The run's IRI and its record (kg:ValidationRun), as kgg:validation-runs keeps it."""
        return run_record(self.report, self.facts, __version__)


def check_store(store: OxigraphStore) -> StoreValidation:
    """Validate what a store holds now (its article, links and inferred graphs) against the shapes."""
    started = datetime.now(timezone.utc)
    skip = {str(iris.validation_graph()), str(iris.ontology_graph()), str(iris.validation_runs_graph())}
    names = [name for name in store.graph_names() if name not in skip]
    graph = store.graph(names)
    articles = tuple(URIRef(name) for name in names if iris.is_article_graph(name))
    report = validate_graph(graph, load_ontology_graph())
    facts = RunFacts(started, datetime.now(timezone.utc), len(graph), articles)
    return StoreValidation(report, graph, facts)


def validate_store(store: OxigraphStore) -> ValidationReport:
    return check_store(store).report


def record_validation(store_path: Path, validation: StoreValidation) -> None:
    """Write the report as kgg:validation and add the run to kgg:validation-runs, in one transaction.

    Raises `StoreError` when the store cannot be opened for writing (e.g. another process writes to it).
    """
    _, record = validation.run
    report = report_graph(validation.report)
    nquads = sorted_nquads([(report.name, report.triples), (iris.validation_runs_graph(), record)])
    store = OxigraphStore(store_path)
    try:
        store.replace_graphs(nquads, [str(iris.validation_graph())])
    finally:
        store.close()


def previous_runs(store_path: Path) -> bytes:
    """The validation runs a store holds (N-Quads), so a rebuild keeps the history; empty when there is none."""
    if not store_path.is_dir():
        return b""
    store = OxigraphStore.open_existing(store_path, read_only=True)
    if str(iris.validation_runs_graph()) not in store.graph_names():
        return b""
    return store.dump_nquads(str(iris.validation_runs_graph()))


def store_mentions(store: OxigraphStore) -> list[Mention]:
    """The actors and places the store's article graphs describe (`queries/link/mentions.rq`)."""
    rows = store.query((resources.queries_dir() / "link" / "mentions.rq").read_text(encoding="utf-8"),
                       source="queries/link/mentions.rq")
    found: dict[str, dict] = {}
    for row in rows:
        iri = row["entity"].value
        kind, key = iri[len(str(KGR)):].split("/", 1)
        entry = found.setdefault(iri, {"kind": kind, "key": key, "type": row["type"].value.rsplit("#", 1)[1],
                                       "label": row["label"].value, "roles": set(), "articles": set()})
        if row["role"] is not None:
            entry["roles"].add(row["role"].value)
        entry["articles"].add(row["graph"].value.rsplit("/", 1)[1])
    return [Mention(v["key"], v["kind"], v["type"], v["label"], tuple(sorted(v["roles"])), tuple(sorted(v["articles"])))
            for _, v in sorted(found.items())]


def link_store(store: OxigraphStore, client: WikidataClient | None = None) -> tuple[LinkResult, ValidationReport]:
    """Link the store's actors and places; replace kgg:links (and kgg:wikidata when online) if they conform.

    The new graphs are validated on their own against the shapes (the link shapes need nothing else);
    on violations nothing is written and `ValidationFailed` is raised.
    """
    result = resolve(store_mentions(store), load_catalogue(), client)
    graphs = [map_links(result.links, __version__)]
    if client is not None:
        graphs.append(map_wikidata(result.items, __version__))
    report = validate_graph(union_of(graphs), load_ontology_graph())
    if not report.conforms:
        raise ValidationFailed(report)
    store.replace_graphs(sorted_nquads((g.name, g.triples) for g in graphs), [str(g.name) for g in graphs])
    return result, report


def evaluate(seeds: Path) -> Evaluation:
    """Extract every seed article from its text and score the records against its curated extract."""
    return evaluate_seeds(seeds, load_catalogue())


def extract_file(text_path: Path, meta_path: Path | None = None,
                 known_agreements: tuple[Agreement, ...] = ()) -> Extract:
    """The records the extractor finds in one article file (metadata beside it, or `meta_path`)."""
    return extract_article(load_article(text_path, meta_path), load_catalogue(), known_agreements)


def checked_yaml(extract: Extract) -> str:
    """The extract in the curated YAML format, after checking that it loads back as what it says."""
    text = extract_yaml(extract)
    with tempfile.TemporaryDirectory(prefix="kg-extract-") as folder:
        path = Path(folder) / f"{extract.article.id}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_extract(path, extract.article, method=extract.method)
        except ExtractError as error:
            raise KgError(f"the extractor produced an extract that fails its own checks: {error}") from None
    return text


def resolution_shapes() -> Graph:
    """The shapes of the coreference decisions and figure comparisons (shapes/resolution.ttl): checking
    only these on the whole store after `kg add` takes seconds; every shape on it takes minutes."""
    shapes = Graph().parse(resources.shapes_dir() / "resolution.ttl", format="turtle")
    declared = Graph().parse(resources.shapes_dir() / "consistency.ttl", format="turtle")
    for prefixes in set(shapes.objects(None, SH.prefixes)):
        shapes += declared.cbd(prefixes)
    return shapes


def _without_decisions_of(coreference: Graph, article_id: str) -> Graph:
    """`coreference` without the merge decisions that name a record of `article_id` (it is being replaced)."""
    prefix = str(iris.evidence(article_id, 0, 0)).rsplit("/", 1)[0] + "/"
    dropped = {decision for decision, evidence in coreference.subject_objects(KG.mergedRecord)
               if str(evidence).startswith(prefix)}
    kept = Graph()
    for s, p, o in coreference:
        if s not in dropped:
            kept.add((s, p, o))
    return kept


@dataclass(frozen=True)
class AddResult:
    extract: Extract
    graph: NamedGraph
    report: ValidationReport
    links_added: int
    """Triples new in the links graph (its own description too when the store had no links graph)."""
    replaced: bool
    merges: tuple[Merge, ...] = ()
    """The new coreference decisions: the article's events and agreements that joined stored ones."""
    comparisons: int = 0
    """Figure comparisons in the store after the add."""


def add(text_path: Path, store_path: Path, meta_path: Path | None = None, step: Step = lambda _: None) -> AddResult:
    """Extract one article from its text, resolve it against the store, map and validate its graph, store it.

    The article's events and agreements are resolved against those the store's other article graphs
    describe (read back with queries/extract/stored-*.rq; stored keys never change), so an event the store
    already holds gets the article's evidence on its node; the figures are compared again with the stored
    ones. Only the article's graph (replaced when the article was added before), the links graph (new
    links added, none changed), the coreference graph (the new merge decisions added; those of the
    article's earlier version dropped), the figure-comparison graph (recomputed) and the inferred graph
    (recomputed from the store's graphs) are written, in one transaction after everything has been
    computed: any failure leaves the store as it was.
    Raises `ValidationFailed` (the article's graph has SHACL violations) and `ReasoningError` (a node
    would be typed with two disjoint classes) before writing.
    """
    article = load_article(text_path, meta_path)
    store = OxigraphStore.open_existing(store_path)
    try:
        step("extracting")
        catalogue = load_catalogue()
        found = extract_article(article, catalogue, known_agreements(store))
        step("resolving")
        name = str(iris.article_graph(article.id))
        stored = stored_extracts(store, leave_out=frozenset({name}))
        resolution = resolve_coreference([found], existing=stored)
        extract = rekeyed(found, resolution)
        step("mapping")
        graph = map_extract(extract, concept_keys(), __version__)
        step("validating")
        ontology = load_ontology_graph()
        report = validate_graph(graph.graph + materialise(graph.graph, ontology).graph, ontology)
        if not report.conforms:
            raise ValidationFailed(report, f"the graph of {article.id} does not conform to the shapes; "
                                           "the store was not changed")
        step("linking and reasoning")
        names = store.graph_names()
        kept = [n for n in names if iris.is_article_graph(n) and n != name]
        links = store.graph([str(iris.links_graph())])
        before = len(links)
        links += map_links(resolve(mentions_from_extracts([extract]), catalogue).links, __version__).triples
        coreference = _without_decisions_of(store.graph([str(iris.coreference_graph())]), article.id)
        coreference += map_coreference(resolution, __version__).triples
        every = [*stored, extract]
        comparisons = map_figure_comparisons(quantities(every), every, __version__)
        data = store.graph(kept)
        for part in (graph.triples, links, coreference, comparisons.triples):
            data += part
        inference = materialise(data, ontology)
        clashes = explain_inconsistency(data, ontology, inference.graph)
        if clashes:
            raise ReasoningError(f"adding {article.id} would make the graph inconsistent: " + "; ".join(clashes[:10]))
        inferred = inferred_graph(data, ontology, inference=inference)
        data += inferred.triples
        merged = validate_graph(data, ontology, resolution_shapes())
        if not merged.conforms:
            raise ValidationFailed(merged, f"the coreference decisions or figure comparisons with {article.id} do "
                                           "not conform to shapes/resolution.ttl; the store was not changed")
        step("loading the store")
        written = [(graph.name, graph.triples), (iris.links_graph(), links), (iris.coreference_graph(), coreference),
                   (comparisons.name, comparisons.triples), (inferred.name, inferred.triples)]
        store.replace_graphs(sorted_nquads(written), [str(g) for g, _ in written])
        merges = tuple(m for m in resolution.merges if article.id in {r.article for r in m.records})
        return AddResult(extract, graph, report, len(links) - before, name in names, merges,
                         sum(1 for _, p, o in comparisons.triples if p == RDF.type and o == KG.FigureComparison))
    finally:
        store.close()
