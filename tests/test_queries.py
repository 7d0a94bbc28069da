"""The ten competency questions on the seed graph. Expected values come from reading the articles."""

from __future__ import annotations

import pytest

from kg.resources import query_text, query_files
from kg.store.oxigraph import OxigraphStore

from conftest import SEEDS

ARTICLE_TEXT = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


def run(store: OxigraphStore, name: str) -> list[dict[str, str]]:
    result = store.query(query_text(name), source=f"queries/{name}.rq")
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


def article_id(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_there_are_fourteen_competency_queries() -> None:
    assert len([p for p in query_files() if p.stem[:2].isdigit()]) == 14


def test_cq1_agreements(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "01-agreements")
    truce = [r for r in rows if "2023-11-24" in r["starts"]]
    assert len(truce) == 1 and truce[0]["type"] == "Truce" and truce[0]["ends"] == "2023-12-01"
    assert {"Israel", "Hamas"} <= set(truce[0]["parties"].split(", "))
    january = [r for r in rows if "2025-01-19" in r["starts"]]
    assert len(january) == 1 and january[0]["type"] == "Ceasefire" and january[0]["phases"] == "3"
    october = [r for r in rows if "2025-10-10" in r["starts"]]
    assert len(october) == 1 and october[0]["type"] == "Ceasefire"
    assert "United States" in october[0]["mediators"] or "Donald Trump" in october[0]["mediators"]


def test_cq2_phases_of_the_january_2025_ceasefire(seed_store: OxigraphStore) -> None:
    rows = {r["ordinal"]: r for r in run(seed_store, "02-phases-january-2025")}
    assert set(rows) == {"1", "2", "3"}
    assert rows["1"]["starts"] == "2025-01-19" and rows["1"]["ends"] == "2025-03-01"
    assert "never-began" in rows["2"]["status"]
    assert "hostages" in rows["1"]["terms"] and "rebuild Gaza" in rows["3"]["terms"]


NETANYAHU_QUOTES = [
    ("000_ff6ac10d70de2fe7", "this is just the beginning."),
    ("000_ff6ac10d70de2fe7", "From now on, Israel will act against the militant group"),
    ("000_ff6ac10d70de2fe7", "only take place under fire."),
    ("001_15bafae28f224b27", "We are committed to continuing the war after a pause"),
    ("001_15bafae28f224b27", "we reserve the right to return to war"),
    ("003_dfad1371a03ebbb7", "Hamas refused offer after offer"),
    ("003_dfad1371a03ebbb7", "Israel does not target Palestinian civilians."),
]


def test_cq3_every_direct_quote_by_netanyahu(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "03-netanyahu-quotes")
    for article, words in NETANYAHU_QUOTES:
        assert any(article_id(r["article"]) == article and r["quote"].startswith(words) for r in rows), words
    assert len(rows) == len(NETANYAHU_QUOTES)
    for r in rows:
        assert ARTICLE_TEXT[article_id(r["article"])][int(r["start"]):int(r["end"])] == r["quote"]
    tv = [r for r in rows if r["quote"].startswith("We are committed")][0]
    assert tv["date"] == "2024-06" and "interview" in tv["medium"]
    assert {r["medium"] for r in rows if article_id(r["article"]) == "003_dfad1371a03ebbb7"} == {"video on X"}


def test_cq4_figures_for_the_strikes_of_18_march_2025(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "04-figures-18-march-2025")
    killed = {(article_id(r["article"]), r["value"], r["qualifier"]) for r in rows if r["counts"] == "killed"}
    assert ("000_ff6ac10d70de2fe7", "400", "more-than") in killed
    assert ("003_dfad1371a03ebbb7", "400", "over") in killed
    assert all(r["attributedTo"] == "Gaza Health Ministry" for r in rows if r["value"] == "400")
    assert all(r["agreement"].startswith("same value in 2 article(s)") for r in rows if r["counts"] == "killed")


def test_cq5_who_blamed_whom_in_march_2025(seed_store: OxigraphStore) -> None:
    pairs = {(r["who"], r["whom"]) for r in run(seed_store, "05-blame-march-2025")}
    assert {("Israel", "Hamas"), ("Trump administration", "Hamas"), ("Benjamin Netanyahu", "Hamas")} <= pairs
    assert ("Hamas", "Israel") in pairs
    assert not any(who == whom for who, whom in pairs)


def test_cq6_exchanges_with_numbers_and_ratios(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "06-exchanges")
    assert any(r["ratio"] == "1 hostage(s) : 3 prisoner(s)" and article_id(r["article"]) == "002_6f0f6d7dc1d14af9"
               for r in rows)
    prisoners = {(article_id(r["article"]), r["value"], r["qualifier"]) for r in rows if r["kind"] == "prisoner-release"}
    assert {("000_ff6ac10d70de2fe7", "1800", "around"), ("001_15bafae28f224b27", "1800", "nearly")} <= prisoners
    assert any(r["kind"] == "hostage-release" and r["value"] == "25" for r in rows)
    assert any(r["kind"] == "hostage-release" and r["value"] == "110" for r in rows)


def test_cq7_events_in_khan_younis_in_date_order(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "07-khan-younis-events")
    assert any(r["type"] == "evacuation-order" and r["date"] == "2023-12-01" for r in rows)
    assert any(r["date"].startswith("2025-03") for r in rows)
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates)


def test_cq8_corroboration(seed_store: OxigraphStore) -> None:
    rows = {r["fact"].rsplit("/", 1)[1]: r for r in run(seed_store, "08-corroboration")}
    strikes = rows["israeli-strikes-2025-03-18"]
    assert strikes["reportedBy"] == "3" and strikes["corroboration"] == "several articles"
    assert set(strikes["articles"].split(", ")) == {"000_ff6ac10d70de2fe7", "001_15bafae28f224b27",
                                                    "003_dfad1371a03ebbb7"}
    assert rows["truce-2023-11"]["corroboration"] == "one article"


def test_cq9_validation_warnings(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "09-validation-warnings")
    assert any(r["focus"].endswith("/article/001_15bafae28f224b27") and "2024-02-06" in r["message"] for r in rows)


def test_cq10_wikidata_links(seed_store: OxigraphStore) -> None:
    rows = {r["entity"].rsplit("/", 1)[1]: r for r in run(seed_store, "10-wikidata-links")}
    assert rows["benjamin-netanyahu"]["wikidata"] == "http://www.wikidata.org/entity/Q43723"
    assert rows["hamas"]["status"] == "linked"
    assert rows["afnan-fouad-al-ghannam"]["status"] == "not linked"


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.stem)
def test_every_query_file_answers_on_the_seeds(seed_store: OxigraphStore, path) -> None:
    """Every query parses and has an answer on the seeds (a query that silently matches nothing fails)."""
    assert list(seed_store.query(path.read_text(encoding="utf-8"), source=str(path)))


def test_cq11_the_strikes_of_18_march_2025_are_one_event_from_three_articles(seed_store: OxigraphStore) -> None:
    rows = {r["node"].rsplit("/", 1)[1]: r for r in run(seed_store, "11-coreference")}
    strikes = rows["israeli-strikes-2025-03-18"]
    assert strikes["articles"] == "3" and strikes["rule"] == "event-coreference-v1"
    records = dict(part.split(" ") for part in strikes["records"].split(", "))
    assert set(records) == {"000_ff6ac10d70de2fe7", "001_15bafae28f224b27", "003_dfad1371a03ebbb7"}
    spans = {a: ARTICLE_TEXT[a][slice(*map(int, r.strip("[]").split("-")))] for a, r in records.items()}
    assert "airstrikes overnight Tuesday" in spans["000_ff6ac10d70de2fe7"]
    assert "Israeli strikes" in spans["001_15bafae28f224b27"]
    assert {"same-day", "same-type", "shared-agent"} <= set(strikes["features"].split(", "))
    assert rows["ceasefire-2025-01"]["articles"] == "3"
    assert "truce-2023-11" not in rows and rows["hamas-attack-2023-10-07"]["articles"] == "4"


def test_cq12_disagreeing_figures(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "12-disagreeing-figures")
    total = {r["value"]: r for r in rows if r["quantity"].startswith("killed: as of")}
    assert set(total) == {"48000", "49000"}                       # "More than 48,000", "Nearly 49,000"
    assert "48,000" in ARTICLE_TEXT["000_ff6ac10d70de2fe7"] and "49,000" in ARTICLE_TEXT["003_dfad1371a03ebbb7"]
    assert total["48000"]["sources"] == "Gaza Health Ministry" and total["48000"]["spread"] == "1000"
    assert total["49000"]["verdict"] == "disagree (qualifiers compatible)"
    strikes = [r for r in rows if r["quantity"].startswith("killed: Israeli air strikes across Gaza, 18 March 2025")]
    assert len(strikes) == 1 and strikes[0]["value"] == "400" and strikes[0]["verdict"] == "agree"
    assert set(strikes[0]["articles"].split(", ")) == {"000_ff6ac10d70de2fe7", "003_dfad1371a03ebbb7"}
    taken = {r["value"]: r for r in rows if r["quantity"].startswith("hostages-taken")}
    assert set(taken) == {"200", "250"} and taken["200"]["sources"] == "CNN"
    assert set(taken["250"]["articles"].split(", ")) == {"000_ff6ac10d70de2fe7", "003_dfad1371a03ebbb7"}


def test_cq13_publication_dates(seed_store: OxigraphStore) -> None:
    rows = {article_id(r["article"]): r for r in run(seed_store, "13-publication-dates")}
    assert set(rows) == set(ARTICLE_TEXT)
    first = rows["001_15bafae28f224b27"]
    assert ARTICLE_TEXT["001_15bafae28f224b27"].lstrip().startswith("date " + first["stated"])
    assert first["stated"] == "2024-02-06" and first["inferred"] == "2025-03-18"
    assert first["method"] == "stated-in-text" and first["conflict"] == "yes" and first["flagged"] == "warning"
    others = [r for a, r in rows.items() if a != "001_15bafae28f224b27"]
    assert all(r["conflict"] == "no" and r["method"] == "inferred-from-content" and r["inferred"] for r in others)
    assert rows["002_6f0f6d7dc1d14af9"]["inferred"] == "2023-12-01"
