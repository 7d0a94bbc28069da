"""Figures that count the same quantity, and whether their sources agree (kg/resolve/figures.py).

Seed cases run on extracts whose event keys were erased and resolved again by rule (see
tests/test_coreference.py), so the grouping does not lean on the curators' shared keys. Values
asserted are the numbers the articles print.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from kg.extract.curated import load_seed_extracts
from kg.records import Article, DateClaim, Event, Evidence, Extract, Figure
from kg.resolve.coreference import rekeyed, resolve
from kg.resolve.figures import FigureRef, Quantity, bounds, quantities, subgroup

from conftest import SEEDS
from test_coreference import erased


@pytest.fixture(scope="module")
def seed_quantities() -> tuple[Quantity, ...]:
    local = [erased(x)[0] for x in load_seed_extracts(SEEDS)]
    resolution = resolve(local)
    return quantities([rekeyed(x, resolution) for x in local])


def claims(quantity: Quantity) -> set[tuple[str, int, str]]:
    return {(f.article[:3], f.value, f.qualifier) for f in quantity.figures}


def test_deaths_in_the_strikes_of_18_march_2025(seed_quantities: tuple[Quantity, ...]) -> None:
    # 000: "More than 400 people were killed"; 003: "over 400 deaths on Tuesday alone"
    (strikes,) = [q for q in seed_quantities if q.counts == "killed" and (("000", 400, "more-than") in claims(q))]
    assert claims(strikes) == {("000", 400, "more-than"), ("003", 400, "over")}
    assert not strikes.disputed and strikes.spread == 0
    assert {f.source for f in strikes.figures} == {"gaza-ministry-of-health"}


def test_total_deaths_in_gaza_disagree(seed_quantities: tuple[Quantity, ...]) -> None:
    # 000: "More than 48,000 people have died in Gaza"; 003: "Nearly 49,000 Palestinians have been killed";
    # 003's "over 710 martyrs in the last three days" counts another period and stays out
    (total,) = [q for q in seed_quantities if q.event is None and q.counts == "killed"]
    assert claims(total) == {("000", 48000, "more-than"), ("003", 49000, "nearly")}
    assert total.disputed and total.spread == 1000 and total.values == (48000, 49000)
    assert total.bounds_compatible           # "more than 48,000" and "nearly 49,000" can both be true
    assert not any(f.value == 710 for q in seed_quantities for f in q.figures)


def test_hostages_taken_on_7_october_2023_disagree(seed_quantities: tuple[Quantity, ...]) -> None:
    # 000 and 003: "around 250"; 002: "more than 200 hostages"
    (taken,) = [q for q in seed_quantities if q.counts == "hostages-taken"]
    assert claims(taken) == {("000", 250, "around"), ("002", 200, "more-than"), ("003", 250, "around")}
    assert taken.disputed and taken.spread == 50
    (killed,) = [q for q in seed_quantities if q.counts == "killed" and q.event == taken.event]
    assert killed.values == (1200,) and len({f.article for f in killed.figures}) == 3


def test_subgroups_are_not_compared_with_the_whole(seed_quantities: tuple[Quantity, ...]) -> None:
    # 002: 137 hostages held, of them 117 men and 20 women: parts, not disagreeing totals
    assert not any(q.counts == "hostages-held" for q in seed_quantities)
    assert not any(f.value == 6000 for q in seed_quantities for f in q.figures)   # "6,000 children"


@pytest.mark.parametrize(("population", "expected"), [
    ("people", None), ("Palestinians", None), ("deaths, predominantly women and children", None),
    ("individuals, including children", None), ("children", "children"),
    ("members of one family", "members of one family"), ("abductees under the age of 18", "abductees under the age of 18"),
    (None, None),
])
def test_subgroup(population: str | None, expected: str | None) -> None:
    assert subgroup(population) == expected


def test_bounds_read_the_qualifier() -> None:
    assert bounds(FigureRef("a", 0, 200, "more-than", "s")) == (201, float("inf"))
    assert bounds(FigureRef("a", 0, 49000, "nearly", "s")) == (44100, 49000)
    assert bounds(FigureRef("a", 0, 12, "exact", "s")) == (12, 12)


TEXT = ("Gaza's health ministry said at least 90 people were killed in the strikes on Monday. The army put the "
        "toll at 9. By Tuesday the ministry said 30,000 people had been killed in Gaza since October, and "
        "a hospital said 120 people had died in the past week.")


def figure(words: str, value: int, source: str, **more: object) -> Figure:
    start = TEXT.index(words)
    return Figure(value, "exact", "killed", source, (Evidence(start, start + len(words), words),),
                  **more)  # type: ignore[arg-type]


def test_same_event_differences_are_disagreements_however_large() -> None:
    start = TEXT.index("the strikes on Monday")
    extract = Extract(
        Article("920_t", TEXT, "0" * 64, DateClaim("2024-03-05", "stated-in-text", "t"), DateClaim(None, "unknown", "t")),
        "curation",
        events=(Event("e1", "air-strike", "strikes", (Evidence(start, start + 21, "the strikes on Monday"),),
                      date="2024-03-04", agents=("israel",)),),
        figures=(figure("at least 90 people were killed", 90, "ministry", event="e1"),
                 figure("the toll at 9", 9, "army", event="e1"),
                 figure("30,000 people had been killed", 30000, "ministry", as_of="2024-03-05", place="gaza-strip"),
                 figure("120 people had died", 120, "hospital", as_of="2024-03-05")),
    )
    (found,) = quantities([extract])
    assert found.values == (9, 90) and found.event == "e1" and found.disputed
    assert found.bounds_compatible is False
    shuffled = replace(extract, figures=tuple(random.Random(3).sample(extract.figures, 4)))
    assert [q.values for q in quantities([shuffled])] == [(9, 90)]
