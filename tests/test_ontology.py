"""The ontology files: they parse, match kg/vocab.py, document every term, and reason cleanly."""

from __future__ import annotations

import ast
import io
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import reason
from kg.reason import check_consistency, load_ontology_graph, materialise
from kg.resources import ontology_dir, ontology_files, package_file
from kg.vocab import ACLED, CAMEO, EVT, KG, KGC, KGR, PROV, SCHEMA, SEM

NO_JAVA = "Java not found: HermiT needs a JRE (apt-get install default-jre-headless)"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason=NO_JAVA)

KIND = {"classes": OWL.Class, "object properties": OWL.ObjectProperty, "datatype properties": OWL.DatatypeProperty}

# The members of each scheme, as docs/data-model.md lists them.
SCHEMES: dict[str, set[str]] = {
    "speech-act": {"accusation", "denial", "threat", "commitment", "demand", "blame", "claim", "warning", "statement"},
    "medium": {"video-on-x", "post-on-x", "telegram", "tv-interview", "press-conference", "written-statement",
               "interview-with-outlet", "un-statement", "televised-statement", "social-media"},
    "figure-kind": {"killed", "injured", "hostages-taken", "hostages-held", "hostages-released", "bodies-returned",
                    "prisoners-released", "aid-trucks", "people-displaced"},
    "qualifier": {"exact", "more-than", "at-least", "nearly", "around", "over", "some", "up-to"},
    "status": {"proposed", "in-effect", "held", "violated", "collapsed", "expired", "completed", "never-began",
               "planned", "ongoing"},
    "date-method": {"stated-in-text", "inferred-from-content", "unknown"},
}
EVENT_TYPES = {
    "air-strike", "drone-strike", "rocket-fire", "missile-fire", "ground-operation", "hostage-release",
    "prisoner-release", "body-return", "killing", "interception", "evacuation-order", "aid-blockade",
    "aid-delivery", "ceasefire-violation", "resumption-of-hostilities", "armed-clash", "attack", "abduction",
    "negotiation",
}
EVT_SCHEME = URIRef(str(EVT).rstrip("/"))


def vocab_terms() -> dict[str, URIRef]:
    """Each name in class KG of kg/vocab.py mapped to the OWL kind its section comment gives."""
    source = package_file("vocab.py").read_text(encoding="utf-8")
    body = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "KG")
    lines = source.splitlines()
    kinds: dict[str, URIRef] = {}
    section = None
    for lineno in range(body.lineno, body.end_lineno or body.lineno):
        line = lines[lineno].strip()
        if line.startswith("#"):
            section = KIND[line.lstrip("# ").strip()]
        elif ":" in line and section is not None and not line.startswith(("_", '"')):
            kinds[line.split(":")[0].strip()] = section
    return kinds


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def core() -> Graph:
    return Graph().parse(ontology_dir() / "ceasefire.ttl", format="turtle")


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.name)
def test_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0


def test_expected_files_present() -> None:
    assert {p.name for p in ontology_files()} >= {"ceasefire.ttl", "concepts.ttl", "event-types.ttl"}


def test_ontology_header(core: Graph) -> None:
    onto = URIRef("https://w3id.org/ceasefire-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in core
    assert core.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert (onto, URIRef("http://purl.org/dc/terms/license"), URIRef("https://creativecommons.org/licenses/by/4.0/")) in core


def test_vocab_sections_read() -> None:
    kinds = vocab_terms()
    assert set(kinds) == set(KG.__annotations__), "tests/test_ontology.py misread the sections of kg/vocab.py"


@pytest.mark.parametrize("name,kind", sorted(vocab_terms().items()))
def test_vocab_term_declared_with_kind(core: Graph, name: str, kind: URIRef) -> None:
    term = KG[name]
    declared = set(core.objects(term, RDF.type))
    assert kind in declared, f"kg:{name} is in kg/vocab.py as {kind.n3()} but ceasefire.ttl declares {declared or 'nothing'}"


def test_no_term_beyond_vocab(core: Graph) -> None:
    ns = str(KG._NS)
    declared = {str(s)[len(ns):] for s in core.subjects(RDF.type, None) if str(s).startswith(ns)}
    extra = sorted(declared - set(KG.__annotations__))
    assert not extra, f"ceasefire.ttl declares terms missing from kg/vocab.py: {', '.join('kg:' + e for e in extra)}"


def _has_en(graph: Graph, node: URIRef, prop: URIRef) -> bool:
    return any(isinstance(o, Literal) and o.language == "en" and str(o).strip() for o in graph.objects(node, prop))


@pytest.mark.parametrize("name", sorted(KG.__annotations__))
def test_term_documented(core: Graph, name: str) -> None:
    assert _has_en(core, KG[name], RDFS.label), f"kg:{name} has no rdfs:label@en"
    assert _has_en(core, KG[name], SKOS.definition), f"kg:{name} has no skos:definition@en"


def test_every_concept_documented(ontology: Graph) -> None:
    nodes = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    missing = sorted(str(c) for c in nodes if not (_has_en(ontology, c, SKOS.prefLabel) and _has_en(ontology, c, SKOS.definition)))
    assert not missing, f"concepts without skos:prefLabel@en and skos:definition@en: {missing}"


def test_every_concept_placed(ontology: Graph) -> None:
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        scheme = ontology.value(concept, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, f"{concept} has no skos:inScheme"
        top = (concept, SKOS.topConceptOf, scheme) in ontology
        broader = ontology.value(concept, SKOS.broader)
        assert top or (broader, SKOS.inScheme, scheme) in ontology, f"{concept} is neither top concept nor narrower"
        assert ontology.value(concept, SKOS.notation) is not None, f"{concept} has no skos:notation"


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme_members(ontology: Graph, scheme: str) -> None:
    scheme_iri = URIRef(KGC[scheme])
    members = {str(c) for c in ontology.subjects(SKOS.inScheme, scheme_iri)}
    assert members == {f"{scheme_iri}/{key}" for key in SCHEMES[scheme]}
    for key in SCHEMES[scheme]:
        assert ontology.value(URIRef(f"{scheme_iri}/{key}"), SKOS.notation) == Literal(key)


def test_qualifiers_state_their_numeric_meaning(ontology: Graph) -> None:
    for key in SCHEMES["qualifier"]:
        definition = str(ontology.value(URIRef(f"{KGC}qualifier/{key}"), SKOS.definition))
        assert "true value" in definition, f"qualifier {key} does not say what it means numerically"


def test_event_types(ontology: Graph) -> None:
    members = {str(c) for c in ontology.subjects(SKOS.inScheme, EVT_SCHEME)}
    assert members == {str(EVT[k]) for k in EVENT_TYPES}


@pytest.mark.parametrize("key", sorted(EVENT_TYPES))
def test_event_type_linked(ontology: Graph, key: str) -> None:
    concept = EVT[key]
    acled = list(ontology.objects(concept, KG.acledCategory))
    cameo = list(ontology.objects(concept, KG.cameoCategory))
    assert acled or cameo, f"evt:{key} has neither an ACLED nor a CAMEO category"
    for target, ns in [(t, ACLED) for t in acled] + [(t, CAMEO) for t in cameo]:
        assert str(target).startswith(str(ns)), f"evt:{key} links {target} outside {ns}"
        assert (target, RDF.type, SKOS.Concept) in ontology, f"evt:{key} links {target}, which is not defined"


def test_cameo_notation_is_code(ontology: Graph) -> None:
    for concept in ontology.subjects(SKOS.inScheme, URIRef(str(CAMEO).rstrip("/"))):
        code = str(concept)[len(str(CAMEO)):]
        assert code.isdigit() and ontology.value(concept, SKOS.notation) == Literal(code)


def test_loads_in_owlready2(ontology: Graph) -> None:
    from owlready2 import World

    world = World()
    try:
        onto = world.get_ontology("urn:test").load(
            fileobj=io.BytesIO(ontology.serialize(format="nt", encoding="utf-8")), format="ntriples"
        )
        assert world[str(KG.Person)] is not None and onto is not None
        assert world[str(KG.Actor)] in world[str(KG.Person)].ancestors()
    finally:
        world.close()


@needs_java
def test_ontology_consistent(ontology: Graph) -> None:
    report = check_consistency(ontology)
    assert report.checked and report.consistent, report.explanation


@needs_java
def test_inconsistent_data_detected(ontology: Graph) -> None:
    data = Graph()
    node = KGR["statement/x/1-2"]
    data.add((node, RDF.type, KG.Statement))
    data.add((node, RDF.type, KG.Event))
    report = check_consistency(ontology, data)
    assert report.checked and not report.consistent
    assert str(node) in report.explanation


@needs_java
def test_dates_do_not_break_hermit(ontology: Graph) -> None:
    from rdflib.namespace import XSD  # imported here: pytest's collection probes module-level XSD and warns

    data = Graph()
    event = KGR["event/x"]
    data.add((event, RDF.type, KG.Event))
    data.add((event, KG.date, Literal("2025-03-18", datatype=XSD.date)))
    data.add((event, KG.startDate, Literal("2025-03", datatype=XSD.gYearMonth)))
    data.add((event, KG.endDate, Literal("2025", datatype=XSD.gYear)))
    assert check_consistency(ontology, data).consistent


def test_without_java_nothing_is_pretended(ontology: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reason.shutil, "which", lambda name: None)
    report = check_consistency(ontology)
    assert not report.checked and not report.consistent
    assert report.reasoner == "none (java not found)"


def test_materialise_gives_the_inherited_types(ontology: Graph) -> None:
    person = KGR["actor/benjamin-netanyahu"]
    data = Graph()
    data.add((person, RDF.type, KG.Person))
    data.add((person, RDF.type, PROV.Person))
    inferred = materialise(data, ontology).graph
    assert (person, RDF.type, KG.Actor) in inferred
    assert (person, RDF.type, PROV.Agent) in inferred
    assert (person, RDF.type, SCHEMA.Person) in inferred
    assert (person, RDF.type, PROV.Person) not in inferred, "asserted types must not be repeated"
    assert (person, RDF.type, KG.Person) not in inferred
    assert (person, RDF.type, OWL.Thing) not in inferred


def test_materialise_types_a_state_and_an_event(ontology: Graph) -> None:
    state, event = KGR["actor/israel"], KGR["event/x"]
    data = Graph()
    data.add((state, RDF.type, KG.State))
    data.add((event, RDF.type, KG.Event))
    inferred = materialise(data, ontology).graph
    assert {o for o in inferred.objects(state, RDF.type)} == {KG.Actor, KG.Place, PROV.Agent, SCHEMA.Place, SEM.Place}
    assert {o for o in inferred.objects(event, RDF.type)} == {SEM.Event, SCHEMA.Event}
