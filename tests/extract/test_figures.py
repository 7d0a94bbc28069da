"""Figures found in short news-style texts: value, qualifier, kind, population, attribution, as_of.

The actor mentions are made by hand here, so these tests do not depend on the actor step."""

from __future__ import annotations

import pytest

from kg.concepts import concept_keys
from kg.extract.text.dates import find_dates
from kg.extract.text.document import parse
from kg.extract.text.figures import find_figures
from kg.extract.text.mentions import ActorMention, PlaceMention, PublicationDate
from kg.records import Article, DateClaim, Evidence, Figure

PUBLISHED = "2025-03-20"


def article(text: str) -> Article:
    return Article("991_figures", text, "0" * 64, DateClaim(PUBLISHED, "stated-in-text", "test"),
                   DateClaim(None, "unknown", ""))


def mention(text: str, name: str, key: str, kind: str = "Ministry", nth: int = 0) -> ActorMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return ActorMention(Evidence(start, start + len(name), name), key, kind, name, "test")


def figures(text: str, *actors: tuple[str, str]) -> list[Figure]:
    document = parse(article(text))
    dates = find_dates(document, PublicationDate(PUBLISHED, "stated-in-text", ""))
    return find_figures(document, [mention(text, name, key) for name, key in actors], dates)


def only(text: str, *actors: tuple[str, str]) -> Figure:
    found = figures(text, *actors)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("More than 400 people were killed in the strikes.", 400, "more-than"),
    ("Over 710 people have been killed since the truce ended.", 710, "over"),
    ("At least 58 Palestinians were killed overnight.", 58, "at-least"),
    ("No fewer than 30 people were killed in the raid.", 30, "at-least"),
    ("Nearly 1,800 Palestinian prisoners were released in the first phase.", 1800, "nearly"),
    ("Almost 90 people were wounded in the blast.", 90, "nearly"),
    ("Around 250 people were taken hostage in the attack.", 250, "around"),
    ("The deal freed about 240 Palestinian prisoners.", 240, "around"),
    ("Approximately 70 people were injured.", 70, "around"),
    ("Gunmen killed some 1,200 people in the attack.", 1200, "some"),
    ("Up to 600 aid trucks a day will enter under the deal.", 600, "up-to"),
    ("Israeli strikes killed 13 people in a refugee camp.", 13, "exact"),
])
def test_each_qualifier(text: str, value: int, qualifier: str) -> None:
    figure = only(text)
    assert (figure.value, figure.qualifier) == (value, qualifier)
    assert figure.qualifier in concept_keys().keys("qualifier")


@pytest.mark.parametrize(("text", "value", "counts", "population"), [
    ("The strikes on the camp killed two Palestinians.", 2, "killed", "Palestinians"),
    ("More than 400 people were killed and 562 were wounded.", 400, "killed", "people"),
    ("The blast left 35 people wounded near the market.", 35, "injured", "people"),
    ("Hamas released three Israeli hostages at a ceremony in Gaza.", 3, "hostages-released", "Israeli hostages"),
    ("Israel freed 183 Palestinian prisoners from Ofer prison.", 183, "prisoners-released",
     "Palestinian prisoners"),
    ("Hamas handed over the bodies of four hostages.", 4, "bodies-returned", "bodies"),
    ("Fifty-nine hostages are still held in Gaza.", 59, "hostages-held", "hostages"),
    ("Gunmen abducted 251 hostages during the attack.", 251, "hostages-taken", "hostages"),
    ("More than 600 trucks carrying aid entered the territory.", 600, "aid-trucks", "trucks"),
    ("The evacuation orders displaced 90,000 people from the city.", 90000, "people-displaced", "people"),
    ("The death toll rose to 48,000 people, officials said.", 48000, "killed", "people"),
    ("One family lost 12 members in the strike.", 12, "killed", "members"),
    ("The strike left 20 dead in the school.", 20, "killed", None),
    ("The militants killed twenty-five soldiers at the base.", 25, "killed", "soldiers"),
    ("Some 2.5 million people have been displaced across the region.", 2_500_000, "people-displaced", "people"),
])
def test_what_a_figure_counts_and_its_population(text: str, value: int, counts: str, population: str | None) -> None:
    figure = figures(text)[0]
    assert (figure.value, figure.counts, figure.population) == (value, counts, population)
    assert figure.counts in concept_keys().keys("figure-kind")


def test_the_evidence_covers_qualifier_number_and_population() -> None:
    text = "Israeli strikes killed more than 45 Palestinians overnight."
    start = text.index("more than")
    assert only(text).evidence == (Evidence(start, start + 25, "more than 45 Palestinians"),)


def test_the_noun_before_of_is_the_population() -> None:
    figure = only("Hamas returned the bodies of eight others on Thursday.")
    assert (figure.value, figure.counts, figure.population) == (8, "bodies-returned", "bodies")


def test_coordinated_numbers_share_what_the_first_counts() -> None:
    found = figures("Some 137 people are still being held hostage, including 117 men and 20 women.")
    assert [(f.value, f.counts, f.population) for f in found] == [
        (137, "hostages-held", "people"), (117, "hostages-held", "men"), (20, "hostages-held", "women")]


@pytest.mark.parametrize("text", [
    "Dozens of people were killed and hundreds injured in the strikes.",
    "The seven-day pause ended at 7 a.m. on Friday.",
    "The 20-year-old was killed on Oct. 7, 2023, in Kfar Aza.",
    "Two million people in Gaza face famine, aid agencies said.",
    "Israel must free 10 prisoners for each hostage released.",
    "Prices rose 40% and the fund paid $200 million to 3,000 families.",
    "Negotiations on phase two were to begin within 16 days of the truce.",
    "The first hostages were released in the second week of the truce.",
    "The truce held for 42 days before strikes killed people again.",
    "Victims aged 75 and over were among those killed.",
])
def test_numbers_that_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_according_to_after_the_number() -> None:
    text = "At least 32 people were killed in Gaza, according to the Health Ministry in Gaza."
    assert only(text, ("Health Ministry in Gaza", "gaza-ministry-of-health")).attributed_to == \
        "gaza-ministry-of-health"


def test_according_to_before_the_number() -> None:
    text = "According to the Health Ministry, more than 45 people were killed overnight."
    assert only(text, ("Health Ministry", "gaza-ministry-of-health")).attributed_to == "gaza-ministry-of-health"


def test_according_to_skips_names_used_as_modifiers_and_relays() -> None:
    text = ("More than 400 people were killed, according to officials in the Hamas-run enclave. "
            "At least 58 people died, according to hospital sources cited by the Associated Press.")
    found = figures(text, ("Hamas", "hamas"), ("Associated Press", "associated-press"))
    assert [f.attributed_to for f in found] == ["article", "article"]


def test_speaker_before_the_number() -> None:
    text = "The ministry said 137 people are still being held hostage in Gaza."
    assert only(text, ("The ministry", "gaza-ministry-of-health")).attributed_to == "gaza-ministry-of-health"


def test_speaker_after_the_number() -> None:
    text = "One family lost 12 members in the strike, NBC News reported."
    assert only(text, ("NBC News", "nbc-news")).attributed_to == "nbc-news"


def test_said_followed_by_the_speaker() -> None:
    text = "The strike killed 14 people, said the civil defense agency."
    assert only(text, ("the civil defense agency", "civil-defense")).attributed_to == "civil-defense"


def test_it_said_takes_the_speaker_of_the_sentence_before() -> None:
    text = "The army said the raid was over. It said 11 militants were killed in the raid."
    found = figures(text, ("The army", "israel-defense-forces"))
    assert [(f.value, f.attributed_to) for f in found] == [(11, "israel-defense-forces")]


def test_a_reporting_clause_about_something_else_does_not_attribute_the_figure() -> None:
    text = "Three bodies remain in Gaza, as the group says it is still searching the rubble."
    figure = only(text, ("the group", "hamas"))
    assert (figure.counts, figure.attributed_to) == ("hostages-held", "article")


def test_a_figure_without_a_source_is_the_articles() -> None:
    text = "Israeli strikes killed 13 people in a refugee camp in southern Lebanon."
    assert only(text, ("Israeli", "israel")).attributed_to == "article"


def test_running_totals_are_as_of_the_publication_date_or_the_date_given() -> None:
    text = ("More than 48,000 people have been killed in Gaza since the war began.\n"
            "As of Wednesday, 240 Palestinians had been freed from Israeli prisons.\n"
            "Israeli strikes killed 13 people on Tuesday.")
    assert [(f.value, f.as_of) for f in figures(text)] == [(48000, PUBLISHED), (240, "2025-03-19"), (13, None)]


def test_figures_without_actors_are_all_the_articles() -> None:
    text = "At least 32 people were killed, the ministry said. Hamas freed 25 hostages."
    assert [(f.value, f.attributed_to) for f in figures(text)] == [(32, "article"), (25, "article")]


def test_a_total_over_the_last_days_is_a_running_total() -> None:
    assert only("Over 710 people were killed in the last three days.").as_of == PUBLISHED


def test_the_place_named_after_in_within_the_clause() -> None:
    text = "At least 32 people were killed in Gaza on Friday, and 12 were wounded near Rafah."
    start = text.index("Gaza")
    gaza = PlaceMention(Evidence(start, start + 4, "Gaza"), "gaza-strip", "Territory", "Gaza", "test")
    rafah_start = text.index("Rafah")
    rafah = PlaceMention(Evidence(rafah_start, rafah_start + 5, "Rafah"), "rafah", "City", "Rafah", "test")
    document = parse(article(text))
    found = find_figures(document, [], find_dates(document, PublicationDate(PUBLISHED, "stated-in-text", "")),
                         places=[gaza, rafah])
    assert [(f.value, f.counts, f.place) for f in found] == [(32, "killed", "gaza-strip"), (12, "injured", None)]
