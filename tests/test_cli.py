"""The `kg` command line, run in-process with click's CliRunner on a copy of `tests/data/mini`.

Exit codes (kg/cli.py): 0 success or conforms, 1 does not conform, 2 bad input or usage, 3 store error.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result

from kg.cli import main
from kg.extract.curated import load_seed_extracts
from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.resources import project_root
from kg.store.oxigraph import OxigraphStore

MINI = Path(__file__).parent / "data" / "mini"
ARTICLE = "900_test_article"
KGR = "https://w3id.org/ceasefire-kg/id/"
KGG = "https://w3id.org/ceasefire-kg/graph/"
QUOTE = "Hamas broke the truce"
NETANYAHU = KGR + "actor/benjamin-netanyahu"
OUTPUTS = ("graph.nq", "graph.trig", "graph.ttl", "validation.ttl")
PARSE_AS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE}


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def copy_mini(folder: Path) -> Path:
    shutil.copytree(MINI, folder)
    return folder


@dataclass(frozen=True)
class Built:
    seeds: Path
    out: Path
    store: Path
    result: Result

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(path=self.out / "graph.nq", format=ox.RdfFormat.N_QUADS))


def run_build(base: Path, seeds: Path, name: str = "") -> Built:
    out, store = base / f"out{name}", base / f"store{name}"
    return Built(seeds, out, store, kg("build", "--seeds", seeds, "--out", out, "--store", store))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("cli")
    done = run_build(base, copy_mini(base / "seeds"))
    assert done.result.exit_code == 0, done.result.output
    return done


def store_quads(path: Path) -> list[str]:
    return sorted(OxigraphStore.open_existing(path, read_only=True).dump_nquads().decode("utf-8").splitlines())


def has_blank(statement: ox.Quad | ox.Triple) -> bool:
    return any(isinstance(term, ox.BlankNode) for term in (statement.subject, statement.object))


def same_graph(parsed: list[ox.Quad] | list[ox.Triple], expected: list[ox.Quad] | list[ox.Triple]) -> None:
    """As many distinct statements, and the same ones apart from blank-node labels (which a store renames)."""
    assert len(set(parsed)) == len(parsed), "duplicate statements"
    assert len(parsed) == len(set(expected))
    assert {s for s in parsed if not has_blank(s)} == {s for s in expected if not has_blank(s)}


def triples_of(quads: list[ox.Quad]) -> list[ox.Triple]:
    return list({q.triple: None for q in quads})


# --- help ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = kg(command, "--help")
    assert result.exit_code == 0, result.output
    assert main.commands[command].help, f"'kg {command}' has no docstring"
    assert re.search(rf"^\s*Example: kg {command}\b", result.output, re.MULTILINE), result.output


def test_main_help_has_an_example_and_lists_every_command() -> None:
    result = kg("--help")
    assert result.exit_code == 0
    assert "Example: kg " in result.output
    for command in main.commands:
        assert re.search(rf"^\s+{command}\s", result.output, re.MULTILINE), command


# --- build ---------------------------------------------------------------------------------------------------

def test_build_reports_and_writes_every_output(built: Built) -> None:
    output = built.result.output
    assert "validation: conforms, 0 violations" in output
    quads = (built.out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert f"graph: {len(quads)} quads" in output
    assert sorted(p.name for p in built.out.iterdir()) == sorted(OUTPUTS)
    assert built.store.is_dir()


def test_build_nquads_are_sorted_and_unique(built: Built) -> None:
    lines = (built.out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert lines, "graph.nq is empty"
    assert lines == sorted(set(lines))


def test_build_nquads_have_no_blank_nodes(built: Built) -> None:
    blank = [line for line in (built.out / "graph.nq").read_text(encoding="utf-8").splitlines()
             if line.startswith("_:") or " _:" in line]
    # docs/data-model.md: "No blank nodes anywhere ... so that two builds give byte-identical sorted N-Quads"
    assert not blank, f"{len(blank)} quads with blank nodes, e.g. {blank[0]}"


@pytest.mark.parametrize("name", ["graph.trig", "graph.ttl"])
def test_build_outputs_hold_the_graph(built: Built, name: str) -> None:
    """TriG holds every quad of graph.nq; Turtle holds the union's distinct triples."""
    quads = built.quads()
    parsed = list(ox.parse(path=built.out / name, format=PARSE_AS[Path(name).suffix]))
    if name.endswith(".trig"):
        same_graph(parsed, quads)
    else:
        same_graph([q.triple for q in parsed], triples_of(quads))


def test_build_validation_report_parses(built: Built) -> None:
    report = rdflib.Graph().parse(built.out / "validation.ttl", format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(True)]


def test_build_loads_the_store_with_graph_nq(built: Built) -> None:
    stored = list(OxigraphStore.open_existing(built.store, read_only=True).quads())
    same_graph(stored, built.quads())


def test_two_builds_are_byte_identical(built: Built, tmp_path: Path) -> None:
    again = run_build(tmp_path, copy_mini(tmp_path / "seeds"))
    assert again.result.exit_code == 0, again.result.output
    assert (again.out / "graph.nq").read_bytes() == (built.out / "graph.nq").read_bytes()


PHASE = ("phases:\n  - {agreement: test-truce-2025-06, ordinal: 1, start: \"2025-06-09\", end: \"2025-06-01\", "
         "span: [118, 158], text: the truce that began on 2 June collapsed}\n")


def test_build_with_shacl_violation_exits_1_and_keeps_the_store(tmp_path: Path) -> None:
    seeds = copy_mini(tmp_path / "seeds")
    good = run_build(tmp_path, seeds, "-good")
    assert good.result.exit_code == 0, good.result.output
    before = store_quads(good.store)

    extract = seeds / "extracts" / f"{ARTICLE}.yaml"
    text = extract.read_text(encoding="utf-8")
    assert text.count("statements:\n") == 1
    extract.write_text(text.replace("statements:\n", PHASE + "statements:\n"), encoding="utf-8")
    [checked] = load_seed_extracts(seeds)          # the extract checker accepts it: only the shapes reject it
    assert len(checked.phases) == 1

    out = tmp_path / "out-bad"
    result = kg("build", "--seeds", seeds, "--out", out, "--store", good.store)
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output and "Violation" in result.output
    assert store_quads(good.store) == before
    assert not list(tmp_path.glob("store-good.*")), "staging or retired store left behind"

    phase = rdflib.URIRef(KGR + "agreement/test-truce-2025-06/phase/1")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = rdflib.Graph().parse(out / "validation.ttl", format="turtle")
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(False)]
    assert phase in set(report.objects(None, sh.focusNode))
    assert f"<{phase}>" in (out / "graph.nq").read_text(encoding="utf-8")


def test_build_with_bad_extract_exits_2_naming_file_line_and_field(tmp_path: Path) -> None:
    seeds = copy_mini(tmp_path / "seeds")
    extract = seeds / "extracts" / f"{ARTICLE}.yaml"
    text = extract.read_text(encoding="utf-8")
    assert text.count("speech_act: denial") == 1
    text = text.replace("speech_act: denial", "speech_act: shrugging")
    extract.write_text(text, encoding="utf-8")
    line = text[: text.index("shrugging")].count("\n") + 1
    result = kg("build", "--seeds", seeds, "--out", tmp_path / "out", "--store", tmp_path / "store")
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())   # rich may wrap long paths
    assert f"{ARTICLE}.yaml:{line}:" in output
    assert "statements[1]" in output and "field 'speech_act'" in output and "'shrugging'" in output
    assert "Traceback" not in result.output
    assert not (tmp_path / "store").exists()


# --- query ---------------------------------------------------------------------------------------------------

QUOTES = "SELECT DISTINCT ?quote ?speaker WHERE { ?s a kg:DirectQuote ; kg:quotation ?quote ; prov:wasAttributedTo ?speaker }"


def rows_of(output: str, fmt: str) -> list[dict[str, str]]:
    """The rows of a SELECT result printed in `fmt`, as {variable: lexical value or IRI}."""
    if fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(output), delimiter="," if fmt == "csv" else "\t"))
        if fmt == "tsv":   # SPARQL TSV writes terms in N-Triples syntax
            rows = [{k.lstrip("?"): re.sub(r'^<(.*)>$|^"(.*)"$', lambda m: m.group(1) or m.group(2), v)
                     for k, v in row.items()} for row in rows]
        return rows
    if fmt == "json":
        data = json.loads(output)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    if fmt == "xml":
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(output)
        return [{b.get("name"): "".join(b.itertext()) for b in r.findall("s:binding", ns)}
                for r in root.findall("s:results/s:result", ns)]
    assert fmt == "table"
    lines = output.splitlines()
    header = [c.strip() for c in lines[0].split(" | ")]
    assert re.fullmatch(r"\(\d+ rows?\)", lines[-1])
    return [dict(zip(header, (c.strip() for c in line.split(" | ")))) for line in lines[2:-1]]


@pytest.mark.parametrize("fmt", ["table", *RESULT_FORMATS])
def test_query_formats(built: Built, fmt: str) -> None:
    result = kg("query", QUOTES, "--format", fmt, "--store", built.store)
    assert result.exit_code == 0, result.output
    speaker = "actor:benjamin-netanyahu" if fmt == "table" else NETANYAHU
    assert rows_of(result.output, fmt) == [{"quote": QUOTE, "speaker": speaker}]


def test_query_from_rq_file(built: Built) -> None:
    """The project's competency query CQ3 finds the quote through the Wikidata link of the mini article."""
    result = kg("query", project_root() / "queries" / "03-netanyahu-quotes.rq", "--format", "json",
                "--store", built.store)
    assert result.exit_code == 0, result.output
    [row] = rows_of(result.output, "json")
    assert row["quote"] == QUOTE and row["article"] == KGR + f"article/{ARTICLE}"
    start = (MINI / f"{ARTICLE}.txt").read_text(encoding="utf-8").index(QUOTE)
    assert (row["start"], row["end"]) == (str(start), str(start + len(QUOTE)))


def test_query_file_and_text_agree(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "quotes.rq"
    path.write_text(QUOTES, encoding="utf-8")
    from_file = kg("query", path, "--format", "csv", "--store", built.store)
    inline = kg("query", QUOTES, "--format", "csv", "--store", built.store)
    assert from_file.exit_code == inline.exit_code == 0
    assert from_file.output == inline.output and QUOTE in inline.output


@pytest.mark.parametrize("query, expected", [
    ("ASK { ?s kg:quotation \"Hamas broke the truce\" }", "true\n"),
    ("ASK { ?s kg:quotation \"Hamas kept the truce\" }", "false\n"),
])
def test_query_ask(built: Built, query: str, expected: str) -> None:
    result = kg("query", query, "--store", built.store)
    assert (result.exit_code, result.output) == (0, expected)


def test_query_construct_prints_turtle(built: Built) -> None:
    result = kg("query", "CONSTRUCT { ?s kg:quotation ?q } WHERE { ?s kg:quotation ?q }", "--store", built.store)
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.output.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert [t.object.value for t in triples] == [QUOTE]


def test_query_named_graph_is_visible_with_graph_keyword(built: Built) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s kg:quotation ?q } }"
    result = kg("query", query, "--format", "json", "--store", built.store)
    assert rows_of(result.output, "json") == [{"g": KGG + f"article/{ARTICLE}"}]


@pytest.mark.parametrize("source", ["inline", "file"])
def test_query_syntax_error_exits_2_with_line_and_column(built: Built, tmp_path: Path, source: str) -> None:
    text = "SELECT ?q\nWHERE { ?s kg:quotation ?q "
    arg = text if source == "inline" else tmp_path / "broken.rq"
    if source == "file":
        arg.write_text(text, encoding="utf-8")
    result = kg("query", arg, "--store", built.store)
    assert result.exit_code == 2, result.output
    where = "query" if source == "inline" else str(arg)
    assert re.search(rf"{re.escape(where)}:2:\d+: ", " ".join(result.output.split())), result.output
    assert "Traceback" not in result.output


def test_query_missing_file_exits_2(built: Built, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.rq"
    result = kg("query", missing, "--store", built.store)
    assert result.exit_code == 2, result.output
    assert "query file not found" in result.output and "nowhere.rq" in result.output


@pytest.mark.parametrize("command", [["query", "ASK {}"], ["export"], ["stats"], ["validate"]])
def test_missing_store_exits_3(tmp_path: Path, command: list[str]) -> None:
    result = kg(*command, "--store", tmp_path / "no-store")
    assert result.exit_code == 3, result.output
    assert "run 'kg build' first" in result.output
    assert not (tmp_path / "no-store").exists()


# --- export --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(RDF_FORMATS))
def test_export_every_format_parses_back(built: Built, name: str) -> None:
    output = RDF_FORMATS[name]
    result = CliRunner().invoke(main, ["export", "--format", name, "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(result.stdout_bytes, format=output.oxigraph))
    quads = built.quads()
    if output.datasets:
        same_graph(parsed, quads)
    else:
        assert all(q.graph_name == ox.DefaultGraph() for q in parsed)
        same_graph([q.triple for q in parsed], triples_of(quads))


@pytest.mark.parametrize("name", list(RDF_FORMATS))
def test_export_one_graph(built: Built, name: str) -> None:
    graph = KGG + f"article/{ARTICLE}"
    result = CliRunner().invoke(main, ["export", "--format", name, "--graph", graph, "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    expected = {q.triple for q in built.quads() if q.graph_name == ox.NamedNode(graph)}
    parsed = list(ox.parse(result.stdout_bytes, format=RDF_FORMATS[name].oxigraph))
    assert len(parsed) == len(expected) > 0
    assert {getattr(t, "triple", t) for t in parsed} == expected


def test_export_to_file(built: Built, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "graph.trig"
    result = kg("export", "--format", "trig", "-o", target, "--store", built.store)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    same_graph(list(ox.parse(path=target, format=ox.RdfFormat.TRIG)), built.quads())


def ground_lines(lines: list[str]) -> set[str]:
    return {line for line in lines if " _:" not in line and not line.startswith("_:")}


def test_export_nquads_holds_the_lines_of_graph_nq(built: Built) -> None:
    result = CliRunner().invoke(main, ["export", "--store", str(built.store)])
    lines = result.stdout_bytes.decode("utf-8").splitlines()
    built_lines = (built.out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(built_lines)
    assert ground_lines(lines) == ground_lines(built_lines)


def test_export_nquads_are_sorted(built: Built) -> None:
    result = CliRunner().invoke(main, ["export", "--store", str(built.store)])
    lines = result.stdout_bytes.decode("utf-8").splitlines()
    assert lines == sorted(lines)


def test_export_unknown_graph_exits_3(built: Built) -> None:
    graph = KGG + "article/no-such-article"
    result = kg("export", "--graph", graph, "--store", built.store)
    assert result.exit_code == 3, result.output
    assert f"no graph <{graph}>" in result.output


# --- stats, validate, check ----------------------------------------------------------------------------------

def test_stats_counts_quads_per_graph(built: Built) -> None:
    result = kg("stats", "--store", built.store)
    assert result.exit_code == 0, result.output
    quads = built.quads()
    expected: dict[str, int] = {}
    for quad in quads:
        expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
    printed = {m.group(2): int(m.group(1))
               for m in re.finditer(r"^\s+(\d+)\s+(https://\S+)$", result.output, re.MULTILINE)}
    assert printed == expected
    assert f"quads: {len(quads)}" in result.output
    assert re.search(r"^statements\s+\| 2$", result.output, re.MULTILINE), result.output


@pytest.fixture
def store_copy(built: Built, tmp_path: Path) -> Path:
    """A private copy of the built store, opened for writing by the test while read commands run."""
    return Path(shutil.copytree(built.store, tmp_path / "store"))


def test_validate_conforms(store_copy: Path) -> None:
    result = kg("validate", "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violations" in result.output


def test_validate_json(store_copy: Path) -> None:
    result = kg("validate", "--format", "json", "--store", store_copy)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert all(r["severity"] != "Violation" for r in report["results"])


def test_validate_turtle(store_copy: Path) -> None:
    result = kg("validate", "--format", "turtle", "--store", store_copy)
    assert result.exit_code == 0, result.output
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(True)]


@pytest.mark.parametrize("command", [
    ["query", "ASK {}"], ["export"], ["stats"],
    ["validate"],
])
def test_read_commands_work_while_the_store_is_open_for_writing(store_copy: Path, command: list[str]) -> None:
    writer = OxigraphStore(store_copy)
    try:
        result = kg(*command, "--store", store_copy)
        assert result.exit_code == 0, result.output
    finally:
        writer.close()


def test_check(built: Built) -> None:
    result = kg("check", "--seeds", built.seeds)
    assert result.exit_code == 0, result.output
    assert result.output == f"{ARTICLE}: ok (2 statements, 1 events, 1 figures)\n"


def test_check_missing_seeds_folder_exits_2(tmp_path: Path) -> None:
    result = kg("check", "--seeds", tmp_path / "nothing-here")
    assert result.exit_code == 2, result.output
    assert "no article files" in result.output
