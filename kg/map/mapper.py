"""Records to RDF: one named graph per article, every described node with its evidence.

Pure and deterministic: the same records give the same triples. What an article asserts goes
into its own graph (`kgg:article/{id}`), so facts reported by several articles appear in several
graphs with evidence from each, and the union default graph shows one node per real-world thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef

from kg.concepts import ConceptKeys
from kg.errors import MappingError
from kg.extract.curated import OWN_VOICE
from kg.map import iris
from kg.map.provenance import Triple, add_evidence, describe_article_graph, integer_literal, text_literal
from kg.records import Evidence, Extract
from kg.vocab import KG, OA, PROV, RDF, RDFS, SCHEMA, XSD


@dataclass(frozen=True)
class NamedGraph:
    """A named graph as its distinct triples, in the order they were made.

    Mapping makes a tuple of rdflib terms, which the build's union graph and the N-Quads (files, store)
    read as it is: filling an rdflib Graph for each article cost more than making its terms. `graph`,
    built on first use, serves what needs an rdflib Graph (pySHACL, owlrl, `kg add`'s check, the tests).
    A graph rdflib made (reasoning, the SHACL report) is taken by its triples like any other.
    """

    name: URIRef
    triples: tuple[Triple, ...]

    @classmethod
    def of(cls, name: URIRef, triples: Iterable[Triple]) -> NamedGraph:
        """The named graph of `triples`, duplicates dropped (a graph is a set)."""
        return cls(name, tuple(dict.fromkeys(triples)))

    @cached_property
    def graph(self) -> Graph:
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph


def date_literal(value: str) -> Literal:
    """`2025-03-18` → xsd:date, `2025-03` → xsd:gYearMonth, `2025` → xsd:gYear: precision as written."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value))
    if datatype is None:
        raise MappingError(f"not an ISO date of day, month or year precision: {value!r}")
    return Literal(value, datatype=datatype)


class _ArticleMapper:
    def __init__(self, extract: Extract, concepts: ConceptKeys, version: str) -> None:
        self.extract, self.concepts = extract, concepts
        self.article = extract.article
        self.triples: list[Triple] = []
        self.agreements = {a.key for a in extract.agreements}
        self.places = {p.key for p in extract.places}
        self.generated_by = describe_article_graph(self.triples, self.article, extract.method, version)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def text(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value:
            self.triples.append((s, p, text_literal(value)))

    def date(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value:
            self.triples.append((s, p, date_literal(value)))

    def concept(self, s: URIRef, p: URIRef, scheme: str, key: str | None) -> None:
        if key is None:
            return
        iri = self.concepts.iri(scheme, key)
        if iri is None:
            raise MappingError(f"{self.article.id}: unknown {scheme} {key!r}")
        self.triples.append((s, p, iri))

    def evidence(self, node: URIRef, found: Iterable[Evidence], motivation: URIRef = OA.describing) -> None:
        for item in found:
            add_evidence(self.triples, self.article, node, item, self.generated_by, motivation)

    def located(self, key: str) -> URIRef:
        return iris.place(key) if key in self.places else iris.actor(key)

    def referenced(self, ref: str) -> URIRef:
        if "/phase-" in ref:
            agreement, ordinal = ref.split("/phase-")
            return iris.phase(agreement, int(ordinal))
        return iris.agreement(ref) if ref in self.agreements else iris.event(ref)

    def describe(self, node: URIRef, cls: URIRef, label: str | None, evidence: Iterable[Evidence],
                 motivation: URIRef = OA.describing) -> None:
        """What every described node gets: its class, a label and its evidence in this article."""
        self.add(node, RDF.type, cls)
        self.text(node, RDFS.label, label)
        self.evidence(node, evidence, motivation)

    def refer(self, node: URIRef, predicate: URIRef, keys: Iterable[str], mint: Callable[[str], URIRef]) -> None:
        for key in keys:
            self.add(node, predicate, mint(key))

    def map(self) -> list[Triple]:
        self.map_article()
        for actor in self.extract.actors:
            node = iris.actor(actor.key)
            self.describe(node, KG[actor.type], actor.name, actor.evidence, OA.identifying)
            self.text(node, KG.role, actor.role)
            self.refer(node, KG.memberOf, actor.member_of, iris.actor)
        for place in self.extract.places:
            self.describe(iris.place(place.key), KG[place.type], place.name, place.evidence, OA.identifying)
        for agreement in self.extract.agreements:
            node = iris.agreement(agreement.key)
            self.describe(node, KG[agreement.type], agreement.name, agreement.evidence)
            self.text(node, KG.description, agreement.description)
            self.refer(node, KG.party, agreement.parties, iris.actor)
            self.refer(node, KG.mediator, agreement.mediators, iris.actor)
            self.date(node, KG.startDate, agreement.start)
            self.date(node, KG.endDate, agreement.end)
            self.concept(node, KG.status, "status", agreement.status)
        for phase in self.extract.phases:
            node = iris.phase(phase.agreement, phase.ordinal)
            parent = iris.agreement(phase.agreement)
            self.describe(node, KG.Phase, f"phase {phase.ordinal} of {phase.agreement}", phase.evidence)
            self.add(node, KG.ordinal, integer_literal(phase.ordinal))
            self.add(node, KG.phaseOf, parent)
            self.add(parent, KG.hasPhase, node)
            self.text(node, KG.description, phase.description)
            self.date(node, KG.startDate, phase.start)
            self.date(node, KG.endDate, phase.end)
            self.date(node, KG.plannedStartDate, phase.planned_start)
            self.date(node, KG.plannedEndDate, phase.planned_end)
            self.concept(node, KG.status, "status", phase.status)
        for term in self.extract.terms:
            node = iris.term(term.key)
            holder = iris.phase(term.agreement, term.phase) if term.phase else iris.agreement(term.agreement)
            self.describe(node, KG[term.kind], term.description, term.evidence)
            self.text(node, KG.description, term.description)
            self.add(holder, KG.hasTerm, node)
            if term.hostages is not None:
                self.add(node, KG.hostagesPerExchange, integer_literal(term.hostages))
            if term.prisoners is not None:
                self.add(node, KG.prisonersPerExchange, integer_literal(term.prisoners))
        self.map_statements()
        for event in self.extract.events:
            node = iris.event(event.key)
            self.describe(node, KG.Event, event.label, event.evidence)
            self.concept(node, KG.eventType, "event-type", event.type)
            self.date(node, KG.date, event.date)
            self.date(node, KG.endDate, event.end)
            self.refer(node, KG.agent, event.agents, iris.actor)
            self.refer(node, KG.target, event.targets, iris.actor)
            self.refer(node, KG.place, event.places, self.located)
            self.refer(node, KG.violates, event.violates, iris.agreement)
        self.map_figures()
        return self.triples

    def map_article(self) -> None:
        article = self.article
        node = iris.article(article.id)
        self.add(node, RDF.type, SCHEMA.NewsArticle)
        self.text(node, RDFS.label, article.title or f"article {article.id}")
        self.text(node, SCHEMA.headline, article.title)
        self.text(node, SCHEMA.identifier, article.id)
        self.text(node, SCHEMA.text, article.text)
        self.text(node, KG.sha256, article.sha256)
        self.date(node, SCHEMA.datePublished, article.published.value)
        self.concept(node, KG.datePublishedMethod, "date-method", article.published.method)
        self.text(node, KG.dateNote, article.published.note)
        self.date(node, KG.inferredDatePublished, article.inferred_published)
        self.concept(node, KG.publisherMethod, "date-method", article.outlet.method)
        self.text(node, KG.publisherNote, article.outlet.note)
        if article.outlet.value:
            outlet = iris.actor(article.outlet.value)
            self.add(node, SCHEMA.publisher, outlet)
            self.add(outlet, RDF.type, KG.MediaOutlet)
            self.text(outlet, RDFS.label, article.outlet_name)
            if article.outlet.evidence:
                self.evidence(outlet, [article.outlet.evidence], OA.identifying)

    def own_voice(self) -> URIRef:
        """Who stands behind what the article says without crediting a source: its publisher, else its author."""
        if self.article.outlet.value:
            return iris.actor(self.article.outlet.value)
        author = iris.article_author(self.article.id)
        self.add(author, RDF.type, KG.Group)
        self.text(author, RDFS.label, f"unnamed author of article {self.article.id}")
        self.add(iris.article(self.article.id), SCHEMA.author, author)
        return author

    def map_statements(self) -> None:
        seen: Counter[tuple[int, int]] = Counter()
        for statement in self.extract.statements:
            main = statement.evidence[0]
            node = iris.statement(self.article.id, main.start, main.end, seen[(main.start, main.end)])
            seen[(main.start, main.end)] += 1
            self.describe(node, KG[statement.kind], None, statement.evidence)
            self.text(node, KG.quotation, statement.quotation)
            self.refer(node, PROV.wasAttributedTo, statement.speakers, iris.actor)
            self.concept(node, KG.speechAct, "speech-act", statement.speech_act)
            self.concept(node, KG.medium, "medium", statement.medium)
            self.date(node, KG.date, statement.date)
            self.refer(node, KG.target, statement.targets, iris.actor)
            self.refer(node, KG.about, statement.about, self.referenced)

    def map_figures(self) -> None:
        for figure, node in zip(self.extract.figures, figure_nodes(self.extract), strict=True):
            self.describe(node, KG.ReportedFigure, None, figure.evidence)
            self.add(node, KG.value, integer_literal(figure.value))
            self.concept(node, KG.qualifier, "qualifier", figure.qualifier)
            self.concept(node, KG.counts, "figure-kind", figure.counts)
            self.text(node, KG.population, figure.population)
            source = self.own_voice() if figure.attributed_to == OWN_VOICE else iris.actor(figure.attributed_to)
            self.add(node, PROV.wasAttributedTo, source)
            if figure.attributed_to == OWN_VOICE and not self.article.outlet.value:
                self.evidence(source, figure.evidence, OA.identifying)
            if figure.event:
                self.add(node, KG.figureOf, iris.event(figure.event))
                self.add(iris.event(figure.event), KG.hasFigure, node)
            self.date(node, KG.asOf, figure.as_of)
            if figure.place:
                self.add(node, KG.place, self.located(figure.place))


def figure_nodes(extract: Extract) -> list[URIRef]:
    """The IRI of each of the extract's figures, in order: several figures on one span get `-1`, `-2` ..."""
    seen: Counter[tuple[int, int]] = Counter()
    nodes = []
    for figure in extract.figures:
        main = figure.evidence[0]
        nodes.append(iris.figure(extract.article.id, main.start, main.end, seen[(main.start, main.end)]))
        seen[(main.start, main.end)] += 1
    return nodes


def map_extract(extract: Extract, concepts: ConceptKeys, version: str) -> NamedGraph:
    """The named graph of one article: what it asserts, with evidence and provenance."""
    return NamedGraph.of(iris.article_graph(extract.article.id), _ArticleMapper(extract, concepts, version).map())
