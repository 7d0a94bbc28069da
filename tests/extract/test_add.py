"""`kg add` and `kg extract` on articles that are not seeds: the store changes only where it should,
and not at all when anything fails (bad input, SHACL violations, an exception mid-way)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import URIRef

from kg import pipeline
from kg.cli import main
from kg.extract.articles import MAX_ARTICLE_BYTES
from kg.extract.curated import load_extract
from kg.extract.text.extractor import METHOD
from kg.map import iris
from kg.reason import load_ontology_graph, materialise
from kg.records import Agreement, Evidence
from kg.store.oxigraph import OxigraphStore
from kg.validate.shacl import validate_graph

from conftest import graph_of, quads_by_graph

ARTICLES = Path(__file__).parent.parent / "data" / "articles"
TEST_ARTICLES = sorted(ARTICLES.glob("*.txt"))
CLASSES_WITH_EVIDENCE = """
    PREFIX kg: <https://w3id.org/ceasefire-kg/ontology#>
    SELECT DISTINCT ?node ?evidence WHERE { GRAPH <%s> {
      ?node a ?class .
      FILTER(STRSTARTS(STR(?class), STR(kg:)))
      OPTIONAL { ?node kg:hasEvidence ?evidence }
    } }"""
"""Every node the article's graph types with one of the ontology's classes (actors, places, agreements,
phases, statements, events, figures), with its evidence if it has any."""


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def store(seed_build, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    copy = tmp_path / "store"
    shutil.copytree(seed_build.store_path, copy)
    return copy


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A two-sentence article: small graphs validate fast."""
    path = tmp_path / "920_readd.txt"
    path.write_text("Hamas said on Monday it would release three hostages under the truce.\n"
                    "“We keep our promises,” Qatar's foreign ministry said.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text_path", TEST_ARTICLES, ids=lambda p: p.stem)
def test_kg_add_of_a_new_article_yields_a_conforming_graph_with_spans(text_path: Path, store: Path) -> None:
    result = kg("add", text_path, "--store", store)
    assert result.exit_code == 0, result.output
    assert f"added {text_path.stem}" in result.output
    name = str(iris.article_graph(text_path.stem))
    graph = graph_of(store, name)
    ontology = load_ontology_graph()
    report = validate_graph(graph + materialise(graph, ontology).graph, ontology)
    assert report.conforms, [r.message for r in report.violations]
    rows = list(OxigraphStore.open_existing(store, read_only=True).query(CLASSES_WITH_EVIDENCE % name))
    assert len(rows) > 5, "the article's graph describes almost nothing"
    assert [str(row["node"]) for row in rows if row["evidence"] is None] == []
    sources = set(graph.objects(None, URIRef("http://www.w3.org/ns/oa#hasSource")))
    assert sources == {iris.article(text_path.stem)}


def test_a_new_article_changes_only_its_graph_the_links_the_resolution_and_the_inferred_types(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Agreement, ...]] = []
    real = pipeline.extract_article

    def spy(article, catalogue, known=()):  # type: ignore[no-untyped-def]
        seen.append(tuple(known))
        return real(article, catalogue, known)

    monkeypatch.setattr(pipeline, "extract_article", spy)
    before = quads_by_graph(store)
    article = ARTICLES / "910_rafah_aid_convoy.txt"
    assert kg("add", article, "--store", store).exit_code == 0
    known = {a.key: a for a in seen[0]}        # the agreements the store held were passed to the extractor
    assert (known["ceasefire-2025-01"].type, known["ceasefire-2025-01"].start) == ("Ceasefire", "2025-01-19")
    assert set(known["ceasefire-2025-01"].parties) == {"israel", "hamas"}
    after = quads_by_graph(store)
    name = f"<{iris.article_graph(article.stem)}>"
    links, inferred = f"<{iris.links_graph()}>", f"<{iris.inferred_graph()}>"
    coreference, comparisons = f"<{iris.coreference_graph()}>", f"<{iris.figure_comparison_graph()}>"
    assert set(after) == set(before) | {name}
    for graph in before:
        if graph not in (links, inferred, coreference, comparisons):   # comparisons: tests/test_add_coreference.py
            assert after[graph] == before[graph], graph
    assert set(before[links]) <= set(after[links])
    assert set(before[coreference]) <= set(after[coreference])    # merge decisions are only added
    assert set(before[inferred]) < set(after[inferred])    # the new article's nodes get their supertypes
    assert after[name]


def test_re_adding_replaces_the_article_graph_and_leaves_the_rest(store: Path, tiny: Path) -> None:
    article = tiny
    assert kg("add", article, "--store", store).exit_code == 0
    first = quads_by_graph(store)
    again = kg("add", article, "--store", store)
    assert again.exit_code == 0 and "replaced 920_readd" in again.output
    assert quads_by_graph(store) == first
    article.write_text("Israel said on Monday that it would free 90 Palestinian prisoners.\n", encoding="utf-8")
    assert kg("add", article, "--store", store).exit_code == 0
    changed = quads_by_graph(store)
    name = f"<{iris.article_graph('920_readd')}>"
    assert changed[name] != first[name]
    assert not any("Qatar" in line for line in changed[name])
    for graph in first:
        if graph not in (name, f"<{iris.links_graph()}>", f"<{iris.inferred_graph()}>"):
            assert changed[graph] == first[graph]


def bad_inputs(folder: Path) -> dict[str, Path]:
    files = {"empty": b"", "binary": bytes(range(256)) * 4, "not UTF-8": "Gaza truce – café".encode("cp1252"),
             "too large": b"Hamas said the truce held. " * (10_000_000 // 27 + 1)}
    assert len(files["too large"]) > MAX_ARTICLE_BYTES
    paths = {}
    for label, data in files.items():
        path = folder / f"{label.replace(' ', '_')}.txt"
        path.write_bytes(data)
        paths[label] = path
    return paths


@pytest.mark.parametrize("label, message", [("empty", "empty"), ("binary", "binary"), ("not UTF-8", "not UTF-8"),
                                            ("too large", "the limit is")])
def test_bad_input_is_exit_2_with_the_store_untouched(label: str, message: str, store: Path, tmp_path: Path) -> None:
    path = bad_inputs(tmp_path)[label]
    before = quads_by_graph(store)
    for command in (["add", path, "--store", store], ["extract", path, "-o", tmp_path / "out.yaml"]):
        result = kg(*command)
        assert result.exit_code == 2, result.output
        assert message in result.output and path.name in result.output
    assert not (tmp_path / "out.yaml").exists()
    assert quads_by_graph(store) == before


def test_a_graph_with_violations_is_exit_1_and_the_store_untouched(store: Path, tiny: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_article

    def ends_before_it_starts(*args, **kwargs):  # type: ignore[no-untyped-def]
        extract = real(*args, **kwargs)
        text = extract.article.text
        broken = Agreement("broken-truce", "Truce", "broken truce", (Evidence(0, 4, text[:4]),),
                           start="2025-03-01", end="2025-02-01")
        return replace(extract, agreements=extract.agreements + (broken,))

    monkeypatch.setattr(pipeline, "extract_article", ends_before_it_starts)
    before = quads_by_graph(store)
    result = kg("add", tiny, "--store", store)
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output and "the store was not changed" in result.output
    assert quads_by_graph(store) == before


@pytest.mark.parametrize("stage", ["map_extract", "sorted_nquads"])
def test_an_exception_mid_way_leaves_the_store_untouched(stage: str, store: Path, tiny: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"{stage} broke")

    monkeypatch.setattr(pipeline, stage, fail)
    before = quads_by_graph(store)
    with pytest.raises(RuntimeError, match="broke"):
        pipeline.add(tiny, store)
    assert quads_by_graph(store) == before


def test_kg_extract_writes_yaml_that_loads_back(tmp_path: Path) -> None:
    article = ARTICLES / "911_hostage_talks_cairo.txt"
    out = tmp_path / "extract.yaml"
    result = kg("extract", article, "--meta", ARTICLES / "911_hostage_talks_cairo.meta.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    extract = pipeline.extract_file(article)
    assert load_extract(out, extract.article, method=METHOD) == extract
    printed = kg("extract", article)
    assert printed.exit_code == 0 and printed.output == out.read_text(encoding="utf-8")


def test_kg_add_needs_an_existing_store(tmp_path: Path) -> None:
    result = kg("add", TEST_ARTICLES[0], "--store", tmp_path / "nowhere")
    assert result.exit_code == 3 and "kg build" in result.output
    assert not (tmp_path / "nowhere").exists()
