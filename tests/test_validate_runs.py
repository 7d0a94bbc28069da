"""`kg validate` as a user runs it: injected faults reported clearly (by shape, by article, with value and
evidence), and validation runs recorded in the store so quality can be followed as articles are added."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV

from kg.cli import main
from kg.export import sorted_nquads
from kg.extract.curated import load_seed_extracts
from kg.map import iris
from kg.pipeline import build, graphs_from
from kg.resources import query_text
from kg.store.oxigraph import OxigraphStore
from kg.vocab import KG, KGR

from conftest import SEEDS, TEST_DATA, SeedBuild

ARTICLE = "900_test_article"
PHASE = ("phases:\n  - {agreement: test-truce-2025-06, ordinal: 1, start: \"2025-06-09\", end: \"2025-06-01\", "
         "span: [118, 158], text: the truce that began on 2 June collapsed}\n")
DENIAL = KGR[f"statement/{ARTICLE}/279-306"]
FIGURE = KGR[f"figure/{ARTICLE}/23-41"]
BROKEN_QID = URIRef("https://www.wikidata.org/wiki/Q38799")


def kg(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def faulty_article_graph(tmp_path: Path):
    """The test article mapped by the real mapper, with four faults a curator or an extractor could make:
    a phase ending before it starts, a statement without speaker, a negative count, a broken Wikidata IRI."""
    seeds = Path(shutil.copytree(TEST_DATA / "mini", tmp_path / "seeds"))
    extract = seeds / "extracts" / f"{ARTICLE}.yaml"
    extract.write_text(extract.read_text(encoding="utf-8").replace("statements:\n", PHASE + "statements:\n"),
                       encoding="utf-8")
    [named] = [g for g in graphs_from(load_seed_extracts(seeds)) if iris.is_article_graph(str(g.name))]
    graph = named.graph
    assert list(graph.objects(DENIAL, PROV.wasAttributedTo)) and graph.value(FIGURE, KG.value) == Literal(12)
    graph.remove((DENIAL, PROV.wasAttributedTo, None))
    graph.set((FIGURE, KG.value, Literal(-12)))
    graph.add((KGR["actor/hamas"], OWL.sameAs, BROKEN_QID))
    return named


@pytest.fixture(scope="module")
def faulty(seed_build: SeedBuild, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A copy of the seed store plus the faulty article graph, validated once with `kg validate`."""
    base = tmp_path_factory.mktemp("faulty")
    store_path = Path(shutil.copytree(seed_build.store_path, base / "store"))
    named = faulty_article_graph(base)
    store = OxigraphStore(store_path)
    store.replace_graphs(sorted_nquads([(named.name, named.graph)]), [str(named.name)])
    store.close()
    return store_path, kg("validate", "--store", store_path)


def section(output: str, title: str) -> str:
    return output.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0]


def shape_blocks(by_shape: str) -> dict[str, str]:
    """Each shape's heading line and its indented results, by the shape's prefixed name."""
    blocks: dict[str, str] = {}
    current = ""
    for line in by_shape.splitlines()[1:]:
        if not line.startswith(" "):
            current = line.split(" ", 1)[0].rstrip(":")
            blocks[current] = ""
        blocks[current] += line + "\n"
    return blocks


def test_each_injected_fault_is_reported_with_shape_value_and_evidence(faulty) -> None:
    _, result = faulty
    assert result.exit_code == 1, result.output
    by_shape = section(result.output, "By shape")
    expected = {
        "kgsh:PhaseDatesOrdered": ["Violation agreement:test-truce-2025-06/phase/1",
                                   "ends (2025-06-01) before it starts (2025-06-09)",
                                   f'evidence: {ARTICLE} [118-158] "the truce that began on 2 June collapsed"'],
        "kgsh:wasAttributedTo": [f"Violation statement:{ARTICLE}/279-306  path prov:wasAttributedTo",
                                 f'evidence: {ARTICLE} [279-306] "Hamas denied the accusation"'],
        "kgsh:Figure-value": [f"Violation figure:{ARTICLE}/23-41  path kg:value  value '-12'",
                              f'evidence: {ARTICLE} [23-41] "at least 12 people"'],
        "kgsh:SameAs-wikidata": [f"Violation actor:hamas  path owl:sameAs  value <{BROKEN_QID}>",
                                 '"Hamas"', "more evidence spans"],
        "kgsh:SameAsHasProvenance": ["Violation actor:hamas", f"owl:sameAs {BROKEN_QID} has no kg:WikidataLink"],
    }
    blocks = shape_blocks(by_shape)
    for shape, lines in expected.items():
        assert shape in blocks, f"{shape} not reported:\n{by_shape}"
        assert ": 1 violation" in blocks[shape].splitlines()[0], blocks[shape]
        for line in lines:
            assert line in blocks[shape], f"{line!r} not in:\n{blocks[shape]}"
    assert "does not conform: 5 violations" in result.output  # the broken link also lacks its kg:WikidataLink


def test_results_are_grouped_by_article(faulty) -> None:
    _, result = faulty
    by_article = section(result.output, "By article")
    assert f"{ARTICLE}: 5 violations" in by_article, by_article  # a result shows under every article describing its focus
    assert "Violation kgsh:SameAs-wikidata actor:hamas" in by_article
    assert "001_15bafae28f224b27: " in by_article and "warning" in by_article.split("001_15bafae28f224b27: ")[1]


def test_the_faulty_run_is_recorded_with_counts_per_shape(faulty) -> None:
    store_path, _ = faulty
    store = OxigraphStore.open_existing(store_path, read_only=True)
    rows = list(store.query(query_text("14-validation-history")))
    timed = [r for r in rows if r["ended"] is not None]
    assert len(timed) == 1 and int(timed[0]["violations"].value) == 5
    shapes = dict(part.rsplit(" ", 1) for part in timed[0]["shapes"].value.split(", "))
    for shape in ("PhaseDatesOrdered", "wasAttributedTo", "Figure-value", "SameAs-wikidata", "SameAsHasProvenance"):
        assert shapes[shape] == "1/0"
    assert int(timed[0]["articles"].value) == len(list(SEEDS.glob("*.txt"))) + 1
    stored = store.query("PREFIX sh: <http://www.w3.org/ns/shacl#> "
                         "ASK { GRAPH kgg:validation { ?r sh:focusNode ?f ; sh:resultSeverity sh:Violation } }")
    assert bool(stored), "the store's kgg:validation holds the new report"


@pytest.fixture(scope="module")
def growing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the test article, validated, rebuilt with article 001 added, validated again."""
    base = tmp_path_factory.mktemp("growing")
    seeds = Path(shutil.copytree(TEST_DATA / "mini", base / "seeds"))
    store = base / "store"
    build(seeds, base / "out1", store)
    assert kg("validate", "--store", store).exit_code == 0
    added = "001_15bafae28f224b27"
    for suffix in (".txt", ".meta.yaml"):
        shutil.copy(SEEDS / f"{added}{suffix}", seeds / f"{added}{suffix}")
    shutil.copy(SEEDS / "extracts" / f"{added}.yaml", seeds / "extracts" / f"{added}.yaml")
    build(seeds, base / "out2", store)
    assert b"validation-run/2" not in (base / "out2" / "graph.nq").read_bytes(), "timed runs stay out of the build"
    assert kg("validate", "--store", store).exit_code == 0
    return store


def test_quality_can_be_followed_as_articles_are_added(growing: Path) -> None:
    rows = [{k: (r[k].value if r[k] is not None else None) for k in ("run", "ended", "articles", "triples",
                                                                     "violations", "warnings")}
            for r in OxigraphStore.open_existing(growing, read_only=True).query(query_text("14-validation-history"))]
    assert [r["articles"] for r in rows] == ["1", "1", "2", "2"], rows
    assert [r["ended"] is None for r in rows] == [True, False, True, False], "a build's run, then kg validate's"
    one, two = rows[1], rows[3]
    assert int(two["triples"]) > int(one["triples"])
    assert one["warnings"] == "0" and int(two["warnings"]) > 0, "article 001's stated date brings warnings"
    assert one["ended"] < two["ended"]


def test_validate_json_has_counts_per_shape_evidence_and_the_run(growing: Path, tmp_path: Path) -> None:
    store = Path(shutil.copytree(growing, tmp_path / "store"))
    result = kg("validate", "--format", "json", "--store", store)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["warnings"] == sum(c["warnings"] for c in report["by_shape"].values()) > 0
    assert report["run"]["recorded"] and report["run"]["articles"] == 2
    dated = [r for r in report["results"] if r["focus"].endswith("/article/001_15bafae28f224b27")]
    assert dated and dated[0]["evidence"] == [{"article": "001_15bafae28f224b27", "start": None, "end": None,
                                               "exact": None}]
    spans = [e for r in report["results"] for e in r["evidence"] if e["exact"]]
    text = (SEEDS / "001_15bafae28f224b27.txt").read_text(encoding="utf-8")
    assert spans and all(text[e["start"]:e["end"]] == e["exact"] for e in spans)


def test_no_record_leaves_the_store_as_it_was(growing: Path, tmp_path: Path) -> None:
    store = Path(shutil.copytree(growing, tmp_path / "store"))
    before = OxigraphStore.open_existing(store, read_only=True).dump_nquads()
    result = kg("validate", "--no-record", "--format", "turtle", "--store", store)
    assert result.exit_code == 0, result.output
    assert "kg:ValidationRun" in result.stdout or "ValidationRun" in result.stdout
    assert OxigraphStore.open_existing(store, read_only=True).dump_nquads() == before


def test_a_store_in_use_is_validated_and_the_run_not_recorded(growing: Path, tmp_path: Path) -> None:
    store = Path(shutil.copytree(growing, tmp_path / "store"))
    writer = OxigraphStore(store)
    try:
        result = kg("validate", "--store", store)
    finally:
        writer.close()
    assert result.exit_code == 0, result.output
    assert "not recorded" in result.output
