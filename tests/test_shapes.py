"""Data-driven tests for shapes/*.ttl: one case per folder under tests/shapes/.

A case folder holds `data.ttl` or `data.trig` and `expected.yaml`:

    conforms: false
    results:
      - {shape: kgsh:PhaseDatesOrdered, severity: Violation, focus: kgr:agreement/ceasefire-2025-01/phase/2}

The data graph is what `kg validate` sees: the union of every graph in the case (plus the shared
fixture in `tests/shapes/_fixture/`, unless `fixture: false`) merged with `ontology/*.ttl`.
A failing case must list exactly the (sourceShape, severity, focusNode) results it produces.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pyshacl import validate
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from kg import resources

CASES_DIR = Path(__file__).parent / "shapes"
FIXTURE_DIR = CASES_DIR / "_fixture"
KGSH = Namespace("https://w3id.org/ceasefire-kg/shapes#")
SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}

CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _rdf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".ttl", ".trig"))


def _load_union(files: list[Path]) -> Graph:
    """Every triple of every graph in `files`, as one graph (what the validator sees)."""
    union = Graph()
    for path in files:
        ds = Dataset(default_union=True)
        ds.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        for triple in ds.triples((None, None, None)):
            union.add(triple)
    return union


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    files = resources.shape_files()
    assert files, "no shapes/*.ttl"
    return _load_union(files)


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    # ontology/*.ttl may not exist yet; the fixture carries the concepts the cases need.
    return _load_union(resources.ontology_files())


def _expected(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


PREFIXES = {
    "kgsh:": str(KGSH),
    "kgr:": "https://w3id.org/ceasefire-kg/id/",
    "kgg:": "https://w3id.org/ceasefire-kg/graph/",
}


def _iri(text: str) -> URIRef:
    """An IRI from expected.yaml: full, or with one of the PREFIXES."""
    for prefix, ns in PREFIXES.items():
        if text.startswith(prefix):
            return URIRef(ns + text.removeprefix(prefix))
    return URIRef(text)


def _case_data(case: Path, expected: dict, ontology_graph: Graph) -> Graph:
    files = _rdf_files(case)
    if expected.get("fixture", True):
        files = _rdf_files(FIXTURE_DIR) + files
    data = _load_union(files)
    data += ontology_graph
    return data


def _short(node) -> str:
    text = str(node)
    return "kgsh:" + text.removeprefix(str(KGSH)) if text.startswith(str(KGSH)) else text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, shapes_graph: Graph, ontology_graph: Graph) -> None:
    expected = _expected(case)
    data = _case_data(case, expected, ontology_graph)
    conforms, report, text = validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=False
    )
    got = {
        (report.value(r, SH.sourceShape), report.value(r, SH.resultSeverity), report.value(r, SH.focusNode))
        for r in report.objects(None, SH.result)  # top-level results, not sh:detail ones
    }
    want = {
        (_iri(r["shape"]), SEVERITIES[r["severity"]], _iri(r["focus"]))
        for r in expected.get("results") or []
    }
    show = lambda rs: sorted(f"{_short(s)} {_short(v)} {f}" for s, v, f in rs)  # noqa: E731
    assert conforms == expected["conforms"], text
    assert got == want, f"missing: {show(want - got)}\nunexpected: {show(got - want)}\n{text}"


def _tested_shapes() -> set[URIRef]:
    tested = set()
    for case in CASES:
        for r in _expected(case).get("results") or []:
            tested.add(_iri(r["shape"]))
    return tested


def test_every_shape_has_a_failing_case(shapes_graph: Graph) -> None:
    """Every targeted node shape, every named property shape and every SPARQL shape is expected
    to fail in at least one case (a node shape counts as failing when one of its property shapes does)."""
    tested = _tested_shapes()
    untested = []
    for shape in set(shapes_graph.subjects(RDF.type, SH.NodeShape)) | set(shapes_graph.subjects(RDF.type, SH.PropertyShape)):
        if not isinstance(shape, URIRef):
            continue
        targeted = any(
            shapes_graph.value(shape, p) is not None
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
        )
        is_property = (shape, RDF.type, SH.PropertyShape) in shapes_graph
        if not (targeted or is_property):
            continue  # a value shape used through sh:node, exercised by the property shapes that use it
        covered = {shape} | set(shapes_graph.objects(shape, SH.property))
        if not covered & tested:
            untested.append(_short(shape))
    assert not untested, f"shapes with no failing case: {sorted(untested)}"


def _focus_nodes(shapes_graph: Graph, shape: URIRef, data: Graph) -> bool:
    """Does `shape` have at least one focus node in `data`? (the target kinds shapes/ uses)"""
    for cls in shapes_graph.objects(shape, SH.targetClass):
        if any(data.subjects(RDF.type, cls)):
            return True
    for prop in shapes_graph.objects(shape, SH.targetSubjectsOf):
        if any(data.subjects(prop, None)):
            return True
    for target in shapes_graph.objects(shape, SH.target):
        select = shapes_graph.value(target, SH.select)
        prefixes = shapes_graph.value(target, SH.prefixes)
        ns = {
            str(shapes_graph.value(d, SH.prefix)): str(shapes_graph.value(d, SH.namespace))
            for d in shapes_graph.objects(prefixes, SH.declare)
        }
        if select is not None and len(data.query(str(select), initNs=ns)):
            return True
    return False


def test_every_targeted_shape_has_a_passing_case(shapes_graph: Graph, ontology_graph: Graph) -> None:
    """Every targeted shape has focus nodes in at least one conforming case."""
    passing = [c for c in CASES if _expected(c)["conforms"]]
    datas = [_case_data(c, _expected(c), ontology_graph) for c in passing]
    missing = []
    for shape in shapes_graph.subjects(RDF.type, SH.NodeShape):
        if not isinstance(shape, URIRef):
            continue
        has_target = any(shapes_graph.value(shape, p) is not None for p in (SH.targetClass, SH.targetSubjectsOf, SH.target))
        if has_target and not any(_focus_nodes(shapes_graph, shape, d) for d in datas):
            missing.append(_short(shape))
    assert not missing, f"shapes with no focus node in any passing case: {sorted(missing)}"


def test_concept_schemes_exist_in_ontology(shapes_graph: Graph, ontology_graph: Graph) -> None:
    """The schemes the shapes require (sh:hasValue on skos:inScheme) are defined in ontology/*.ttl."""
    if not len(ontology_graph):
        pytest.skip("ontology/*.ttl not written yet")
    skos_in_scheme = URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
    schemes = {
        shapes_graph.value(p, SH.hasValue)
        for p in shapes_graph.subjects(SH.path, skos_in_scheme)
        if shapes_graph.value(p, SH.hasValue) is not None
    }
    missing = sorted(str(s) for s in schemes if not any(ontology_graph.subjects(skos_in_scheme, s)))
    assert not missing, f"schemes with no concepts in ontology/*.ttl: {missing}"
