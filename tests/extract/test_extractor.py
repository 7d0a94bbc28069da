"""The extractor's assembly (a consistent Extract) and the curated-format writer's round trip."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from kg.extract.articles import load_article
from kg.extract.curated import load_extract, load_seed_extracts
from kg.extract.text.document import parse
from kg.extract.text.extractor import METHOD, consistent, extract_article
from kg.extract.writer import extract_yaml
from kg.link.catalogue import load_catalogue
from kg.records import (Actor, Agreement, Article, DateClaim, Event, Evidence, Extract, Figure, Phase, Place,
                        Statement)
from kg.resources import project_root

SEEDS = project_root() / "seeds"
ARTICLES = Path(__file__).parent.parent / "data" / "articles"
TEXT = ("Hamas accused Israel of breaking the truce in Rafah. “We will not accept this,” said Abu Ali. "
        "At least 12 people were killed, the ministry said.")
ARTICLE = Article("960_assembly", TEXT, "0" * 64, DateClaim("2025-02-02", "stated-in-text", ""),
                  DateClaim(None, "unknown", ""))


def ev(text: str) -> Evidence:
    start = TEXT.index(text)
    return Evidence(start, start + len(text), text)


HAMAS = Actor("hamas", "ArmedGroup", "Hamas", (ev("Hamas"),), member_of=("palestinian-factions",))
ISRAEL = Actor("israel", "State", "Israel", (ev("Israel"),))
TRUCE = Agreement("truce-2025", "Truce", "truce", (ev("the truce"),), parties=("hamas", "israel", "egypt"))


def assemble(**records: tuple) -> Extract:
    return consistent(Extract(ARTICLE, METHOD, **records))


def test_references_to_undeclared_keys_are_dropped() -> None:
    event = Event("breach", "ceasefire-violation", "breach", (ev("breaking"),), agents=("israel", "idf"),
                  targets=("hamas",), places=("rafah", "israel", "khan-younis"), violates=("truce-2025", "truce-2024"))
    statement = Statement("ReportedSpeech", ("hamas", "qassam"), "accusation", (ev("Hamas accused Israel"),),
                          targets=("israel", "idf"), about=("breach", "truce-2025/phase-1", "truce-2025/phase-2"))
    figure = Figure(12, "at-least", "killed", "article", (ev("At least 12 people were killed"),), event="strike",
                    place="gaza-city")
    done = assemble(actors=(HAMAS, ISRAEL), places=(Place("rafah", "City", "Rafah", (ev("Rafah"),)),),
                    agreements=(TRUCE,), phases=(Phase("truce-2025", 1, (ev("the truce"),)),), events=(event,),
                    statements=(statement,), figures=(figure,))
    assert done.actors[0].member_of == ()
    assert done.agreements[0].parties == ("hamas", "israel")
    assert (done.events[0].agents, done.events[0].places, done.events[0].violates) == (
        ("israel",), ("rafah", "israel"), ("truce-2025",))
    assert done.statements[0].speakers == ("hamas",)
    assert done.statements[0].targets == ("israel",)
    assert done.statements[0].about == ("breach", "truce-2025/phase-1")
    assert (done.figures[0].event, done.figures[0].place) == (None, None)
    assert done.figures[0].evidence == figure.evidence


def test_records_without_a_required_reference_or_concept_are_dropped() -> None:
    done = assemble(
        actors=(HAMAS,),
        phases=(Phase("no-such-agreement", 1, (ev("the truce"),)),),
        statements=(Statement("DirectQuote", ("abu-ali",), "statement", (ev("We will not accept this,"),)),
                    Statement("ReportedSpeech", ("hamas",), "grumbling", (ev("Hamas accused Israel"),))),
        figures=(Figure(12, "at-least", "killed", "the-ministry", (ev("At least 12"),)),
                 Figure(12, "roughly", "killed", "article", (ev("At least 12"),))),
        events=(Event("breach", "no-such-type", "breach", (ev("breaking"),)),))
    assert (done.phases, done.statements, done.figures, done.events) == ((), (), (), ())
    assert done.actors == (replace(HAMAS, member_of=()),)


def test_bad_spans_duplicates_and_place_actor_clashes() -> None:
    wrong = Evidence(0, 5, "Hamsa")
    outside = Evidence(len(TEXT) - 2, len(TEXT) + 5, "x")
    done = assemble(actors=(Actor("hamas", "ArmedGroup", "Hamas", (wrong, ev("Hamas"))),
                            Actor("hamas", "ArmedGroup", "Hamas", (ev("Hamas"), outside)),
                            Actor("ghost", "Person", "Ghost", (wrong,)),
                            Actor("israel", "State", "Israel", (ev("Israel"),))),
                    places=(Place("israel", "Territory", "Israel", (ev("Israel"),)),
                            Place("rafah", "City", "Rafah", (outside, ev("Rafah")))))
    assert [(a.key, a.evidence) for a in done.actors] == [("hamas", (ev("Hamas"),)), ("israel", (ev("Israel"),))]
    assert [(p.key, p.evidence) for p in done.places] == [("rafah", (ev("Rafah"),))]


def test_a_direct_quote_is_its_first_span_and_unknown_optional_concepts_are_cleared() -> None:
    quote = Statement("DirectQuote", ("abu-ali",), "statement", (ev("We will not accept this"),),
                      quotation="we will not accept this", medium="carrier-pigeon")
    done = assemble(actors=(Actor("abu-ali", "Person", "Abu Ali", (ev("Abu Ali"),)),), statements=(quote,),
                    agreements=(replace(TRUCE, status="wobbly"),))
    assert done.statements[0].quotation == "We will not accept this"
    assert done.statements[0].medium is None
    assert done.agreements[0].status is None


@pytest.mark.parametrize("extract", load_seed_extracts(SEEDS), ids=lambda e: e.article.id)
def test_curated_extracts_round_trip_through_the_writer(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / f"{extract.article.id}.yaml"
    path.write_text(extract_yaml(extract), encoding="utf-8")
    assert load_extract(path, extract.article) == extract


@pytest.mark.parametrize("text_path", sorted(ARTICLES.glob("*.txt")) + sorted(SEEDS.glob("*.txt")),
                         ids=lambda p: p.stem)
def test_extracted_records_round_trip_and_pass_the_curated_checks(text_path: Path, tmp_path: Path) -> None:
    extract = extract_article(load_article(text_path), load_catalogue())
    assert extract.actors, "the extractor found no actor: the round trip would prove little"
    path = tmp_path / f"{extract.article.id}.yaml"
    path.write_text(extract_yaml(extract), encoding="utf-8")
    assert load_extract(path, extract.article, method=METHOD) == extract
    for kind in ("actors", "places", "agreements", "phases", "statements", "events", "figures"):
        for record in getattr(extract, kind):
            assert record.evidence, f"{kind} record without a span: {record}"
            for span in record.evidence:
                assert extract.article.text[span.start:span.end] == span.text


def test_the_extractor_does_not_read_the_curated_extract(tmp_path: Path) -> None:
    name = "000_ff6ac10d70de2fe7"
    for suffix in (".txt", ".meta.yaml"):
        shutil.copy(SEEDS / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    alone = extract_article(load_article(tmp_path / f"{name}.txt"), load_catalogue())
    beside = extract_article(load_article(SEEDS / f"{name}.txt"), load_catalogue())
    assert alone == beside


def test_sentence_at_finds_the_sentence_holding_each_offset() -> None:
    document = parse(load_article(ARTICLES / "911_hostage_talks_cairo.txt"))
    for offset in range(len(document.text)):
        holding = [s for s in document.doc.sents if s.start_char <= offset < s.end_char]
        if holding:
            assert document.sentence_at(offset) == holding[0]
        else:
            with pytest.raises(ValueError):
                document.sentence_at(offset)
    assert len(document.sentences) >= 6      # headline and paragraphs end sentences


def test_every_line_starts_a_sentence() -> None:
    text = "Truce holds in Gaza\nHamas said on Monday it would comply. Israel agreed\n\nA third line"
    document = parse(replace(ARTICLE, text=text))
    starts = {s.start_char for s in document.sentences}
    assert {0, text.index("Hamas"), text.index("A third")} <= starts
    assert text.index("Israel") in starts          # the sentencizer's own split is kept
