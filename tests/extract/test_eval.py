"""The `kg eval` matcher on small hand-made record sets, and the command on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract.evaluate import Unit, align_keys, evaluate_extracts, match, overlap
from kg.resources import project_root
from kg.records import Actor, Article, DateClaim, Event, Evidence, Extract, Figure, Phase, Statement

SEEDS = project_root() / "seeds"
TEXT = ("Israeli Prime Minister Benjamin Netanyahu said on Tuesday that “Hamas broke the truce.” "
        "Netanyahu spoke after strikes killed at least 58 people in Rafah, the health ministry said.")
ARTICLE = Article("950_eval", TEXT, "0" * 64, DateClaim("2025-03-19", "stated-in-text", ""),
                  DateClaim(None, "unknown", ""))


def ev(text: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Evidence(start, start + len(text), text)


def unit(text: str, key: str = "", label: str = "", nth: int = 0) -> Unit:
    return Unit(ARTICLE.id, (ev(text, nth),), label or text, None, key)


def extract(**records: tuple) -> Extract:
    return Extract(ARTICLE, "test", **records)


NETANYAHU = Actor("benjamin-netanyahu", "Person", "Benjamin Netanyahu",
                  (ev("Israeli Prime Minister Benjamin Netanyahu"), ev("Netanyahu", 1)))
MINISTRY = Actor("gaza-ministry-of-health", "Ministry", "Gaza Health Ministry", (ev("the health ministry"),))
QUOTE = Statement("DirectQuote", ("benjamin-netanyahu",), "accusation", (ev("Hamas broke the truce."),),
                  "Hamas broke the truce.", "2025-03-18")
STRIKES = Event("strikes-2025-03-18", "airstrike", "strikes", (ev("strikes"),), "2025-03-18")
KILLED = Figure(58, "at-least", "killed", "gaza-ministry-of-health", (ev("killed at least 58 people"),))


def test_overlap_is_the_best_pair_of_spans_and_zero_across_articles() -> None:
    a = Unit("x", (Evidence(0, 10, ""), Evidence(20, 30, "")), "a")
    assert overlap(a, Unit("x", (Evidence(25, 40, ""),), "b")) == 5
    assert overlap(a, Unit("x", (Evidence(10, 20, ""),), "b")) == 0
    assert overlap(a, Unit("y", (Evidence(0, 10, ""),), "b")) == 0


def test_match_is_one_to_one_and_takes_the_largest_overlap_first() -> None:
    curated = [unit("Prime Minister Benjamin Netanyahu"), unit("Netanyahu", nth=1)]
    predicted = [unit("Netanyahu"), unit("Israeli Prime Minister Benjamin")]
    matched = match(curated, predicted, lambda p, c: None)
    # "Israeli Prime Minister Benjamin" shares 23 characters with curated[0], "Netanyahu" only 9: it wins,
    # and the first "Netanyahu" is left without a partner (the second is elsewhere in the text).
    assert matched == {1: 0}


def test_match_skips_pairs_that_disagree() -> None:
    curated = [unit("strikes", label="airstrike")]
    predicted = [unit("strikes killed", label="attack"), unit("strikes", label="airstrike")]
    matched = match(curated, predicted, lambda p, c: None if p.label == c.label else "type differs")
    assert matched == {1: 0}


def test_keys_align_by_majority_of_overlapping_mentions() -> None:
    curated = [unit("Benjamin Netanyahu", "benjamin-netanyahu"), unit("Netanyahu", "benjamin-netanyahu", nth=1),
               unit("Rafah", "rafah")]
    predicted = [unit("Netanyahu", "netanyahu"), unit("Netanyahu", "netanyahu", nth=1), unit("Rafah", "rafah-city"),
                 unit("Tuesday", "tuesday")]
    assert align_keys(curated, predicted) == {("950_eval", "netanyahu"): "benjamin-netanyahu",
                                              ("950_eval", "rafah-city"): "rafah"}


def test_a_key_aligns_to_the_curated_key_it_shares_most_characters_with() -> None:
    # One predicted mention covers the curated "Israeli" (7 characters, key israel) and the curated
    # "Prime Minister Benjamin Netanyahu" (33 characters): one mention each, but it stands for the person.
    curated = [unit("Israeli", "israel"), unit("Prime Minister Benjamin Netanyahu", "netanyahu")]
    predicted = [unit("Israeli Prime Minister Benjamin Netanyahu", "israeli-prime-minister")]
    assert align_keys(curated, predicted) == {("950_eval", "israeli-prime-minister"): "netanyahu"}


def test_a_perfect_prediction_scores_one_everywhere() -> None:
    gold = extract(actors=(NETANYAHU, MINISTRY), statements=(QUOTE,), events=(STRIKES,), figures=(KILLED,))
    result = evaluate_extracts([(gold, gold)])
    for name in ("actors", "quotes with speaker", "statements with speaker", "figures", "events"):
        score = result.score(name)
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), name
    assert (result.dates.dated, result.dates.right) == (2, 2)


def test_a_slug_actor_counts_under_the_curated_key_it_aligns_to() -> None:
    gold = extract(actors=(NETANYAHU,), statements=(QUOTE,))
    slug = Actor("netanyahu", "Person", "Netanyahu", (ev("Benjamin Netanyahu"), ev("Netanyahu", 1)))
    quote = Statement("DirectQuote", ("netanyahu",), "statement", (ev("Hamas broke the truce"),))
    result = evaluate_extracts([(gold, extract(actors=(slug,), statements=(quote,)))])
    assert result.score("actors").hits == 2
    assert result.score("quotes with speaker").hits == 1
    assert (result.dates.dated, result.dates.right) == (1, 0)
    assert "date (none), curated 2025-03-18" in result.dates.wrong[0].why


def test_wrong_speaker_value_attribution_and_type_are_misses_with_reasons() -> None:
    gold = extract(actors=(NETANYAHU, MINISTRY), statements=(QUOTE,), events=(STRIKES,), figures=(KILLED,))
    predicted = extract(
        actors=(NETANYAHU, MINISTRY),
        statements=(Statement("DirectQuote", ("gaza-ministry-of-health",), "statement", QUOTE.evidence),),
        events=(Event("strikes", "shelling", "strikes", STRIKES.evidence),),
        figures=(Figure(58, "at-least", "killed", "article", KILLED.evidence),
                 Figure(7, "exact", "killed", "gaza-ministry-of-health", (ev("Rafah"),))))
    result = evaluate_extracts([(gold, predicted)])
    quotes = result.score("quotes with speaker")
    assert (quotes.hits, quotes.curated, quotes.predicted) == (0, 1, 1)
    assert "speakers ['gaza-ministry-of-health'] are not ['benjamin-netanyahu']" in quotes.misses[0].why
    figures = result.score("figures")
    assert (figures.hits, figures.precision, figures.recall) == (0, 0.0, 0.0)
    assert "attributed to article, not gaza-ministry-of-health" in figures.misses[0].why
    assert any("no curated record overlaps" in m.why for m in figures.false_hits)
    assert "type shelling is not airstrike" in result.score("events").misses[0].why
    assert result.dates.dated == 0


def test_precision_recall_f1_arithmetic() -> None:
    mentions = (ev("Netanyahu", 1), ev("Rafah"), ev("Tuesday"))
    gold = extract(actors=(NETANYAHU,))
    predicted = extract(actors=(Actor("benjamin-netanyahu", "Person", "Benjamin Netanyahu", mentions),))
    score = evaluate_extracts([(gold, predicted)]).score("actors")
    assert (score.hits, score.predicted, score.curated) == (1, 3, 2)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_phases_need_the_same_ordinal() -> None:
    gold = extract(phases=(Phase("truce", 1, (ev("Tuesday"),)),))
    assert evaluate_extracts([(gold, extract(phases=(Phase("other", 1, (ev("Tuesday"),)),)))]).score("phases").hits == 1
    assert evaluate_extracts([(gold, extract(phases=(Phase("truce", 2, (ev("Tuesday"),)),)))]).score("phases").hits == 0


def test_kg_eval_prints_the_table_and_json_on_the_seeds(tmp_path: Path) -> None:
    table = CliRunner().invoke(main, ["eval", "--seeds", str(SEEDS), "--misses"])
    assert table.exit_code == 0, table.output
    for name in ("actors", "quotes with speaker", "figures", "events", "agreements", "phases", "dates right"):
        assert name in table.output
    data = json.loads(CliRunner().invoke(main, ["eval", "--json", "--seeds", str(SEEDS)]).output)
    assert len(data["articles"]) == 5
    actors = next(s for s in data["scores"] if s["name"] == "actors")
    assert actors["curated"] == sum(len(a.evidence) for e in _seed_extracts() for a in e.actors)
    assert actors["curated"] == actors["hits"] + len(actors["misses"])
    assert actors["predicted"] == actors["hits"] + len(actors["false_hits"])


def test_kg_eval_without_articles_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--seeds", str(tmp_path)])
    assert result.exit_code == 2
    assert "no article files" in result.output


def _seed_extracts() -> list[Extract]:
    from kg.extract.curated import load_seed_extracts
    return load_seed_extracts(SEEDS)
