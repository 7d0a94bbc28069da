"""The reason stage: the OWL 2 RL closure in kgg:inferred, its provenance, and inconsistencies explained."""

from __future__ import annotations

import shutil

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, XSD

from kg.errors import ReasoningError
from kg.extract.curated import load_seed_extracts
from kg.map import iris
from kg.pipeline import graphs_from, reason, union_of
from kg.reason import axioms_of, check_consistency, explain_inconsistency, load_ontology_graph, materialise
from kg.vocab import KG, KGR, OA, SCHEMA, SEM

from conftest import TEST_DATA, SeedBuild

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")

ARTICLE = KGR["article/700_test"]
SPEAKER = KGR["actor/defence-minister"]
GROUP = KGR["actor/militia"]
QUOTE = KGR["statement/700_test/10-40"]
STRIKE = KGR["event/shelling-2025-07-01"]
TRUCE = KGR["agreement/truce-2025-06"]
PHASE = KGR["agreement/truce-2025-06/phase/1"]
TERM = KGR["term/truce-2025-06-phase-1-withdrawal"]
EVIDENCE = KGR["evidence/700_test/10-40"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


def small_graph() -> Graph:
    """A news-style fragment: a minister's quote about a truce, a shelling by a militia, a phase and its term."""
    g = Graph()
    g.add((ARTICLE, RDF.type, SCHEMA.NewsArticle))
    g.add((SPEAKER, RDF.type, KG.Person))
    g.add((GROUP, RDF.type, KG.ArmedGroup))
    g.add((QUOTE, RDF.type, KG.DirectQuote))
    g.add((QUOTE, PROV.wasAttributedTo, SPEAKER))
    g.add((QUOTE, KG.target, GROUP))
    g.add((QUOTE, KG.hasEvidence, EVIDENCE))
    g.add((EVIDENCE, RDF.type, OA.SpecificResource))
    g.add((EVIDENCE, OA.hasSource, ARTICLE))
    g.add((STRIKE, RDF.type, KG.Event))
    g.add((STRIKE, KG.agent, GROUP))
    g.add((STRIKE, KG.date, Literal("2025-07-01", datatype=XSD.date)))
    g.add((TRUCE, RDF.type, KG.Truce))
    g.add((TRUCE, KG.hasPhase, PHASE))
    g.add((PHASE, RDF.type, KG.Phase))
    g.add((PHASE, KG.hasTerm, TERM))
    g.add((TERM, RDF.type, KG.Term))
    g.add((GROUP, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")))
    return g


def test_materialise_inverses_chains_part_of_and_subproperties(ontology: Graph) -> None:
    data = small_graph()
    inferred = materialise(data, ontology).graph
    expected = {
        (SPEAKER, KG.said, QUOTE),                   # inverse of prov:wasAttributedTo
        (GROUP, KG.targetOf, QUOTE),                 # inverse of kg:target
        (GROUP, KG.agentOf, STRIKE),                 # inverse of kg:agent
        (STRIKE, SEM.hasActor, GROUP),               # kg:agent ⊑ sem:hasActor
        (STRIKE, SEM.hasTimeStamp, Literal("2025-07-01", datatype=XSD.date)),
        (PHASE, KG.phaseOf, TRUCE),                  # inverse of kg:hasPhase
        (PHASE, KG.partOf, TRUCE),
        (TERM, KG.termOf, PHASE),
        (TERM, KG.partOf, TRUCE),                    # transitive: term of a phase of the truce
        (QUOTE, KG.reportedIn, ARTICLE),             # chain kg:hasEvidence / oa:hasSource
        (SPEAKER, RDF.type, KG.Actor),
        (SPEAKER, RDF.type, PROV.Agent),
        (QUOTE, RDF.type, KG.Statement),
        (TRUCE, RDF.type, KG.Agreement),
        (GROUP, RDF.type, KG.Organization),
    }
    assert expected <= set(inferred), sorted(expected - set(inferred))


def test_materialise_keeps_only_new_named_triples_about_our_resources(ontology: Graph) -> None:
    data = small_graph()
    inferred = materialise(data, ontology).graph
    assert len(inferred)
    for s, p, o in inferred:
        assert (s, p, o) not in data
        assert str(s).startswith(str(KGR)), s
        assert not isinstance(o, BNode) and o != OWL.Thing and p != OWL.sameAs
        assert "wikidata" not in str(s) + str(o), "owl:sameAs links must not copy facts onto Wikidata IRIs"


def test_the_rule_input_gives_the_closure_of_the_whole_graph(ontology: Graph) -> None:
    """Leaving out triples no axiom mentions (kg.reason.rule_input) changes nothing on the test article."""
    from owlrl import OWLRL_Semantics

    data = union_of(graphs_from(load_seed_extracts(TEST_DATA / "mini")))
    working = Graph()
    for triple in data.triples((None, None, None)):
        if triple[1] != OWL.sameAs:                         # left out on purpose (see rule_input)
            working.add(triple)
    working += axioms_of(ontology)
    OWLRL_Semantics(working, False, False, rdfs=False).closure()
    whole = {(s, p, o) for s, p, o in working if (s, p, o) not in data and str(s).startswith(str(KGR))
             and not isinstance(o, BNode) and p != OWL.sameAs and o != OWL.Thing}
    assert whole == set(materialise(data, ontology).graph)


@needs_java
def test_two_disjoint_classes_are_explained_with_individual_classes_and_axiom(ontology: Graph) -> None:
    data = small_graph()
    data.add((SPEAKER, RDF.type, KG.Organization))          # injected: a person minted as an organisation too
    report = check_consistency(ontology, data)
    assert report.checked and not report.consistent
    assert f"<{SPEAKER}> is both kg:Organization and kg:Person" in report.explanation
    assert "kg:Person owl:disjointWith kg:Organization" in report.explanation
    assert "asserted a kg:Person" in report.explanation and "asserted a kg:Organization" in report.explanation


@needs_java
def test_a_type_given_by_a_domain_is_explained(ontology: Graph) -> None:
    data = small_graph()
    data.add((QUOTE, KG.agent, GROUP))                      # injected: a quote used as an event (kg:agent's domain)
    report = check_consistency(ontology, data)
    assert report.checked and not report.consistent
    assert f"<{QUOTE}> is both kg:Event and kg:Statement" in report.explanation
    assert "subject of kg:agent" in report.explanation and "rdfs:domain is kg:Event" in report.explanation
    assert "owl:AllDisjointClasses(" in report.explanation
    assert "a subclass of kg:Statement" in report.explanation


@needs_java
def test_two_values_of_a_functional_property_are_explained(ontology: Graph) -> None:
    figure = KGR["figure/700_test/50-60"]
    data = small_graph()
    data.add((figure, RDF.type, KG.ReportedFigure))
    data.add((figure, KG.value, Literal(400)))
    data.add((figure, KG.value, Literal(500)))               # injected: two figures merged into one node
    report = check_consistency(ontology, data)
    assert report.checked and not report.consistent
    assert f"<{figure}> has 2 values for kg:value (400, 500), a owl:FunctionalProperty" in report.explanation


def test_the_explanation_needs_no_reasoner(ontology: Graph) -> None:
    data = small_graph()
    assert explain_inconsistency(data, ontology) == []
    data.add((GROUP, RDF.type, KG.Agreement))
    [explanation] = explain_inconsistency(data, ontology)
    assert explanation.startswith(f"<{GROUP}> is both kg:Actor and kg:Agreement, disjoint by owl:AllDisjointClasses(")
    assert "kg:Actor: asserted a kg:ArmedGroup, a subclass of kg:Actor" in explanation
    assert "kg:Agreement: asserted a kg:Agreement" in explanation


@needs_java
def test_the_build_stops_on_an_inconsistency_with_its_explanation(ontology: Graph) -> None:
    data = small_graph()
    data.add((SPEAKER, RDF.type, KG.Group))
    with pytest.raises(ReasoningError, match="is both kg:Group and kg:Person"):
        reason(data, ontology)


def test_the_inferred_graph_is_a_bundle_of_the_reasoning_activity(seed_build: SeedBuild) -> None:
    [inferred] = [g for g in seed_build.result.graphs if g.name == iris.inferred_graph()]
    activity = iris.activity("reason")
    assert (inferred.name, RDF.type, PROV.Bundle) in inferred.graph
    assert (inferred.name, PROV.wasGeneratedBy, activity) in inferred.graph
    assert (activity, PROV.used, iris.ontology_graph()) in inferred.graph
    assert "owlrl" in str(inferred.graph.value(activity, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))


def test_the_seed_store_answers_through_inferred_triples(seed_build: SeedBuild) -> None:
    """Inverses and chains let a query start from the actor or the agreement."""
    store = seed_build.store()

    def count(sparql: str) -> int:
        return int(next(iter(store.query(sparql)))["n"].value)

    said = count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { actor:benjamin-netanyahu kg:said ?s }")
    attributed = count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s prov:wasAttributedTo actor:benjamin-netanyahu }")
    assert said == attributed > 0
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:inferred { actor:benjamin-netanyahu kg:said ?s } }") > 0
    phases = count("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Phase ; kg:partOf agreement:ceasefire-2025-01 }")
    assert phases == count("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { agreement:ceasefire-2025-01 kg:hasPhase ?p }") > 0
    reported = count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { event:israeli-strikes-2025-03-18 kg:reportedIn ?a }")
    assert reported == count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { "
                             "event:israeli-strikes-2025-03-18 kg:hasEvidence/oa:hasSource ?a }") >= 2


def test_no_inferred_triple_repeats_an_asserted_one(seed_build: SeedBuild) -> None:
    graphs = {g.name: g.graph for g in seed_build.result.graphs}
    inferred = graphs[iris.inferred_graph()]
    asserted = [g for name, g in graphs.items() if iris.is_article_graph(str(name))]
    repeated = [t for t in inferred if any(t in g for g in asserted)]
    assert not repeated, repeated[:5]
