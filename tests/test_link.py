"""The offline linker: the catalogue (by key, by label or alias), links as data, `kg link --report`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.plugins.sparql import prepareQuery

from kg.cli import main
from kg.errors import InputError
from kg.link.catalogue import load_catalogue
from kg.link.resolve import Mention, resolve
from kg.map import iris
from kg.pipeline import link_store, store_mentions
from kg.resources import queries_dir
from kg.store.oxigraph import OxigraphStore
from kg.vocab import KG, WD

CATALOGUE = load_catalogue()


def store_copy(seed_build, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.load_nquads(seed_build.result.nquads)
    store.close()
    return path


def links_graph(store: OxigraphStore) -> Dataset:
    data = Dataset(default_union=True)
    data.parse(data=store.dump_nquads(str(iris.links_graph())), format="nquads")
    return data


# --- the catalogue --------------------------------------------------------------------------------------

def test_every_checked_qid_has_a_source_and_a_date() -> None:
    checked = [e for e in CATALOGUE.values() if e.qid]
    assert len(checked) >= 25
    assert all(e.checked and e.checked_on for e in checked)


def test_names_find_entries_an_extractor_keys_differently() -> None:
    mentions = [Mention("netanyahu", "actor", "Person", "Netanyahu"),
                Mention("the-gaza-strip", "place", "Territory", "the Gaza Strip"),
                Mention("hamas-movement", "actor", "Organization", "Hamas")]
    found = {r.mention.key: r for r in resolve(mentions, CATALOGUE).resolutions}
    assert found["netanyahu"].link.qid == "Q43723"
    assert found["the-gaza-strip"].link.qid == "Q39760"
    assert found["hamas-movement"].link.qid == "Q38799"          # Organization and ArmedGroup may name one thing
    assert "by name" in found["netanyahu"].reason


def test_a_name_of_another_type_is_not_linked() -> None:
    person = Mention("israel-person", "actor", "Person", "Israel")
    resolution = resolve([person], CATALOGUE).resolutions[0]
    assert resolution.status == "unlinked" and resolution.link is None


def test_a_name_two_entries_share_links_neither(tmp_path: Path) -> None:
    path = tmp_path / "wikidata.yaml"
    path.write_text("""entities:
  - {key: katz-a, type: Person, name: "Israel Katz", aliases: ["Katz"], qid: Q11, checked: "test", checked_on: 2026-01-01}
  - {key: katz-b, type: Person, name: "Yaakov Katz", aliases: ["Katz"], qid: Q12, checked: "test", checked_on: 2026-01-01}
""", encoding="utf-8")
    catalogue = load_catalogue(path)
    found = {r.mention.key: r for r in resolve([Mention("katz", "actor", "Person", "Katz"),
                                                Mention("israel-katz", "actor", "Person", "Israel Katz")],
                                               catalogue).resolutions}
    assert found["katz"].status == "unlinked"
    assert found["israel-katz"].link.qid == "Q11"


@pytest.mark.parametrize("entry,message", [
    ('{key: x, type: Person, name: X, qid: Q1}', "needs 'checked'"),
    ('{key: x, type: Person, name: X, qid: Q01, checked: s, checked_on: 2026-01-01}', "not a Wikidata item id"),
    ('{key: x, type: Person, name: X, qid: Q1, checked: s, checked_on: yesterday}', "not a date"),
])
def test_bad_catalogue_entries_are_input_errors(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "wikidata.yaml"
    path.write_text(f"entities:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_catalogue(path)
    assert str(path) in str(error.value)


# --- the seeds ------------------------------------------------------------------------------------------

def test_seed_links_are_the_catalogues_checked_qids(seed_build, tmp_path: Path) -> None:
    store = OxigraphStore(store_copy(seed_build, tmp_path))
    result, report = link_store(store)
    assert report.conforms
    for resolution in result.resolutions:
        entry = resolution.catalogue
        if resolution.link:
            assert entry is not None and resolution.link.qid == entry.qid, resolution.mention.key
        elif entry is not None and entry.in_wikidata:
            assert entry.qid is None, f"{entry.key} has a checked QID but was not linked"
    linked, total = result.coverage()
    assert linked == sum(1 for r in result.resolutions if r.catalogue and r.catalogue.qid)
    assert 0 < linked <= total


def test_seed_links_carry_their_provenance(seed_build, tmp_path: Path) -> None:
    store = OxigraphStore(store_copy(seed_build, tmp_path))
    link_store(store)
    graph = links_graph(store)
    same_as = list(graph.triples((None, OWL.sameAs, None)))
    assert same_as
    for subject, _, item in same_as:
        matches = [m for m in graph.subjects(KG.matchSubject, subject) if (m, KG.wikidataItem, item) in graph]
        assert len(matches) == 1
        match = matches[0]
        assert (match, RDF.type, KG.WikidataLink) in graph
        assert str(graph.value(match, KG.matchMethod)) == "catalogue"
        assert str(graph.value(match, KG.matchedOn)) == "2026-11-23"
        assert graph.value(match, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")) == iris.activity("link", "catalogue")


def test_linking_twice_gives_the_same_graph(seed_build, tmp_path: Path) -> None:
    store = OxigraphStore(store_copy(seed_build, tmp_path))
    link_store(store)
    first = store.dump_nquads(str(iris.links_graph()))
    link_store(store)
    assert store.dump_nquads(str(iris.links_graph())) == first
    built = b"".join(line + b"\n" for line in seed_build.result.nquads.splitlines()
                     if line.endswith(b"<" + str(iris.links_graph()).encode() + b"> ."))
    assert sorted(first.splitlines()) == sorted(built.splitlines())   # kg link offline == the build's link stage


def test_store_mentions_include_outlets_and_roles(seed_store: OxigraphStore) -> None:
    mentions = {m.key: m for m in store_mentions(seed_store)}
    assert mentions["benjamin-netanyahu"].type == "Person" and "Prime Minister" in mentions["benjamin-netanyahu"].roles
    assert mentions["gaza-strip"].kind == "place" and len(mentions["gaza-strip"].articles) == 5
    assert "nbc-news" in mentions


def test_kg_link_report_table_and_json(seed_build, tmp_path: Path) -> None:
    path = store_copy(seed_build, tmp_path)
    runner = CliRunner()
    table = runner.invoke(main, ["link", "--store", str(path), "--report"])
    assert table.exit_code == 0, table.output
    assert "actor:benjamin-netanyahu" in table.output and "Q43723" in table.output
    assert "unlinked" in table.output and "catalogue entities mentioned that Wikidata has:" in table.output
    as_json = runner.invoke(main, ["link", "--store", str(path), "--report", "--json"])
    data = json.loads(as_json.stdout)
    rows = {row["entity"]: row for row in data["entities"]}
    assert rows["actor:israel"]["link"]["qid"] == "Q801"
    assert rows["actor:israel-katz"]["status"] == "unlinked"
    assert data["coverage"]["linked"] == sum(1 for row in data["entities"] if row["status"] == "linked"
                                             and row["link"]["method"] == "catalogue")
    store = OxigraphStore.open_existing(path)
    assert str(WD["Q801"]) in store.dump_nquads(str(iris.links_graph())).decode()


def test_the_federated_query_parses_and_names_only_ontology_terms() -> None:
    """It needs the internet, so no test runs it; it must at least parse and not drift from the ontology."""
    text = (queries_dir() / "federated" / "wikidata-positions.rq").read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib parses SERVICE without running it
    for term in set(re.findall(r"\bkg:(\w+)", text)):
        assert getattr(KG, term), term  # rdflib's KG namespace raises AttributeError for terms it does not define
