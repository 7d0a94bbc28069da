"""Date expressions found and resolved against the publication date, on short news-style texts."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.text import dates as date_step
from kg.extract.text.dates import find_dates, infer_publication_date, publication_date
from kg.extract.text.document import parse
from kg.extract.text.extractor import extract_article
from kg.extract.text.mentions import PublicationDate
from kg.concepts import concept_keys
from kg.extract.articles import METHODS
from kg.records import Article, DateClaim
from kg.resources import seeds_dir

UNKNOWN = DateClaim(None, "unknown", "no metadata file")


def article(text: str, published: str | None = None, method: str = "stated-in-text",
            inferred: str | None = None) -> Article:
    claim = DateClaim(published, method, "test") if published else UNKNOWN
    return Article("990_dates", text, "0" * 64, claim, UNKNOWN, inferred_published=inferred)


def resolved(text: str, published: str) -> dict[str, tuple[str, str]]:
    """Each date expression's text -> (value, precision), against a stated publication date."""
    document = parse(article(text, published))
    return {m.evidence.text: (m.value, m.precision)
            for m in find_dates(document, PublicationDate(published, "stated-in-text", ""))}


# 2025-03-19 is a Wednesday.
@pytest.mark.parametrize(("text", "expression", "value", "precision"), [
    ("The truce took effect on January 19, 2025, after months of talks.", "January 19, 2025", "2025-01-19", "day"),
    ("Hamas attacked Israel on Oct. 7, 2023, killing about 1,200 people.", "Oct. 7, 2023", "2023-10-07", "day"),
    ("The deal was signed on 19 January 2025 in Doha.", "19 January 2025", "2025-01-19", "day"),
    ("The first phase ended March 1.", "March 1", "2025-03-01", "day"),
    ("The first phase began Jan. 19 with three releases.", "Jan. 19", "2025-01-19", "day"),
    ("Talks resumed on 3 March in Cairo.", "3 March", "2025-03-03", "day"),
    ("The war began in 2023 and has not ended.", "2023", "2023", "year"),
    ("The agreement reached in January called for a phased truce.", "January", "2025-01", "month"),
    ("Mediators met in March 2024 in Paris.", "March 2024", "2024-03", "month"),
    ("The talks collapsed in mid-January after a dispute.", "mid-January", "2025-01", "month"),
    ("He said so in a TV interview last June.", "last June", "2024-06", "month"),
    ("Israeli jets struck overnight Tuesday across Gaza.", "overnight Tuesday", "2025-03-18", "day"),
    ("Israeli strikes on Tuesday killed 13 people.", "Tuesday", "2025-03-18", "day"),
    ("Sirens sounded Monday night in the south.", "Monday night", "2025-03-17", "day"),
    ("On Wednesday, the military said it had expanded the operation.", "Wednesday", "2025-03-19", "day"),
    ("The ministry said on Thursday that the toll had risen.", "Thursday", "2025-03-13", "day"),
    ("The envoy will arrive next Tuesday for talks.", "next Tuesday", "2025-03-25", "day"),
    ("The cabinet will meet on Friday to vote on the deal.", "Friday", "2025-03-21", "day"),
    ("Hamas said it would free three hostages on Saturday.", "Saturday", "2025-03-22", "day"),
    ("Officials said yesterday that talks had stalled.", "yesterday", "2025-03-18", "day"),
    ("The army said today that it had struck 20 targets.", "today", "2025-03-19", "day"),
    ("Hamas fired rockets last night at southern towns.", "last night", "2025-03-18", "day"),
    ("The talks collapsed last month after the first phase.", "last month", "2025-02", "month"),
    ("The truce broke down three days ago, officials said.", "three days ago", "2025-03-16", "day"),
    ("The government fell last year over the deal.", "last year", "2024", "year"),
])
def test_each_expression_resolves_against_the_publication_date(text: str, expression: str, value: str,
                                                                 precision: str) -> None:
    assert resolved(text, "2025-03-19")[expression] == (value, precision)


def test_a_date_later_in_the_year_than_publication_is_last_year() -> None:
    dates = resolved("The truce that began on November 24 collapsed in December.", "2025-01-05")
    assert dates["November 24"] == ("2024-11-24", "day")
    assert dates["December"] == ("2024-12", "month")


def test_a_future_date_without_year_rolls_over_into_next_year() -> None:
    dates = resolved("The second phase will begin on Jan. 10, officials said.", "2024-12-20")
    assert dates["Jan. 10"] == ("2025-01-10", "day")


def test_a_weekday_named_on_the_publication_day_is_that_day_and_last_goes_back_a_week() -> None:
    dates = resolved("The strikes on Wednesday followed a warning last Wednesday.", "2025-03-19")
    assert dates["Wednesday"] == ("2025-03-19", "day")
    assert dates["last Wednesday"] == ("2025-03-12", "day")


def test_a_weekday_across_a_year_boundary() -> None:
    assert resolved("Rockets were fired on Monday from Gaza.", "2025-01-01")["Monday"] == ("2024-12-30", "day")


def test_days_later_counts_from_the_date_mentioned_before() -> None:
    dates = resolved("The first phase ended March 1.\nThe second was set to begin 16 days later.", "2025-03-19")
    assert dates["16 days later"] == ("2025-03-17", "day")


def test_the_next_day_and_the_same_day_count_from_the_previous_date() -> None:
    text = "Israel struck Rafah on Tuesday. The next day, Hamas fired rockets. The same day, talks resumed."
    dates = resolved(text, "2025-03-20")
    assert dates["The next day"] == ("2025-03-19", "day")
    assert dates["The same day"] == ("2025-03-19", "day")


def test_an_offset_without_a_date_before_it_is_not_resolved() -> None:
    assert "two days later" not in resolved("Fighting resumed two days later in the north.", "2025-03-19")


def test_the_eve_of_a_date_is_the_day_before() -> None:
    dates = resolved("He spoke on the eve of the March 1 deadline.", "2025-03-19")
    assert dates["the eve of"] == ("2025-02-28", "day")
    assert dates["March 1"] == ("2025-03-01", "day")


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    dates = resolved("May 5 was calm, but 400 people may die and 1,800 prisoners march home.", "2025-06-01")
    assert set(dates) == {"May 5"}


@pytest.mark.parametrize("text", ["date 2024-02-06 Israeli jets struck Gaza.",
                                  "Published: March 3, 2025\nIsraeli jets struck Gaza."])
def test_a_dateline_is_not_a_date_the_article_reports(text: str) -> None:
    assert resolved(text, "2025-03-19") == {}


def test_a_dateline_states_the_publication_date_when_the_metadata_has_none() -> None:
    published = publication_date(parse(article("Published: March 3, 2025\nIsraeli jets struck Gaza on Monday.")))
    assert (published.value, published.method) == ("2025-03-03", "stated-in-text")
    assert "March 3, 2025" in published.note


def test_every_how_names_a_rule_and_precision_matches_the_value() -> None:
    text = "On Tuesday, a week after talks began in January, officials said the March 1 deal held."
    document = parse(article(text, "2025-03-19"))
    for mention in find_dates(document, PublicationDate("2025-03-19", "stated-in-text", "")):
        assert mention.how
        assert {"day": 10, "month": 7, "year": 4}[mention.precision] == len(mention.value)
        assert document.text[mention.evidence.start:mention.evidence.end] == mention.evidence.text


def test_the_metadata_date_is_the_publication_date() -> None:
    published = publication_date(parse(article("Israeli strikes on Tuesday killed 13 people.", "2025-11-20")))
    assert published == PublicationDate("2025-11-20", "stated-in-text", "test")


def test_an_inferred_date_beside_a_contradicted_stated_one_is_what_relative_dates_resolve_against() -> None:
    text = "date 2024-02-06 Israeli strikes early Tuesday ended the truce that began on Jan. 19."
    document = parse(article(text, "2024-02-06", inferred="2025-03-18"))
    published = publication_date(document)
    assert (published.value, published.method) == ("2025-03-18", "inferred-from-content")
    assert "2024-02-06" in published.note
    assert {m.evidence.text: m.value for m in find_dates(document, published)}["early Tuesday"] == "2025-03-18"


def test_an_inferred_date_in_metadata_without_a_stated_one_claims_no_stated_date() -> None:
    published = publication_date(parse(article("Israeli strikes early Tuesday ended the truce.", inferred="2025-03-18")))
    assert (published.value, published.method) == ("2025-03-18", "inferred-from-content")
    assert "None" not in published.note and "stated" not in published.note


def test_a_stated_date_before_a_dated_event_of_the_text_is_replaced_by_an_inferred_one() -> None:
    text = "The truce took effect on January 19, 2025. Israeli jets struck on Tuesday."
    published = publication_date(parse(article(text, "2024-02-06")))
    assert published.method == "inferred-from-content"
    assert published.value == "2025-01-21"
    assert "'January 19, 2025'" in published.note


def test_an_article_without_a_date_gets_one_inferred_from_its_content() -> None:
    text = ("Israel and Hamas agreed to a truce on November 24, 2023.\n"
            "The truce broke down on Friday, and strikes resumed on Saturday, officials said.")
    published = publication_date(parse(article(text)))
    assert published.method == "inferred-from-content"
    assert published.value == "2023-11-25"
    assert dt.date.fromisoformat(published.value).strftime("%A") == "Saturday"
    assert "November 24, 2023" in published.note and "Friday" in published.note


def test_dates_without_a_year_after_the_dated_events_push_the_inferred_date_forward() -> None:
    text = ("Hamas attacked Israel on Oct. 7, 2023.\n"
            "The ceasefire ran from Jan. 19 to March 1, and Israel struck again on Tuesday.")
    published = infer_publication_date(parse(article(text)))
    assert published.value == "2024-03-05"


def test_an_article_with_no_usable_date_is_unknown() -> None:
    published = publication_date(parse(article("Israel struck Gaza on Tuesday, officials said.")))
    assert (published.value, published.method) == (None, "unknown")
    assert find_dates(parse(article("Strikes on Tuesday.")), published) == []


@pytest.mark.parametrize(("text", "stated", "inferred"), [
    ("Strikes on Tuesday killed 13 people.", "2025-11-20", None),
    ("Strikes on Tuesday killed 13 people.", "2024-02-06", "2025-03-18"),
    ("The truce took effect on January 19, 2025. Jets struck on Tuesday.", None, None),
    ("Jets struck on Tuesday.", None, None),
])
def test_publication_methods_are_the_ontology_date_method_keys(text: str, stated: str | None,
                                                               inferred: str | None) -> None:
    method = publication_date(parse(article(text, stated, inferred=inferred))).method
    assert method in concept_keys().keys("date-method")
    assert method in METHODS


def test_the_extract_keeps_a_contradicted_stated_date_and_records_the_inferred_one_beside_it() -> None:
    text = "The truce took effect on January 19, 2025. Israeli jets struck on Tuesday."
    extracted = extract_article(article(text, "2024-02-06"), {}).article
    assert (extracted.published.value, extracted.published.method) == ("2024-02-06", "stated-in-text")
    assert extracted.inferred_published == "2025-01-21"


def test_the_extract_of_an_undated_article_carries_the_inferred_date() -> None:
    text = "Hamas attacked Israel on Oct. 7, 2023.\nIsraeli jets struck Gaza on Tuesday."
    extracted = extract_article(article(text), {}).article
    assert (extracted.published.value, extracted.published.method) == ("2023-10-10", "inferred-from-content")
    assert extracted.inferred_published == "2023-10-10"


def test_the_publication_date_and_the_dates_of_a_document_come_from_one_matcher_run(monkeypatch) -> None:
    runs = []
    matches = date_step._matches
    monkeypatch.setattr(date_step, "_matches", lambda document: runs.append(document) or matches(document))
    document = parse(article("The truce took effect on January 19, 2025. Israeli jets struck on Tuesday."))
    published = publication_date(document)
    found = find_dates(document, published)
    assert len(runs) == 1
    assert [m.evidence.text for m in found] == ["January 19, 2025", "Tuesday"]


WINDOW_TEXTS = [
    "Twenty five days ago, on Jan. 19, 2025, talks began; 3 4 5 6 7 8 weeks later came the eve of Ramadan.",
    "May 2024 was calm. In May, late March 2023 and mid-June, the 2nd of February, 2024-06-01 and 12 June 2024.",
    "Last night and this morning the envoy said next Tuesday evening, a week later, the following day.",
]


@pytest.mark.parametrize("text", WINDOW_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))])
def test_matching_in_windows_finds_what_the_matcher_finds_over_the_whole_text(text: str) -> None:
    document = parse(article(text))
    doc = document.doc
    whole = [(doc.vocab.strings[m], start, end) for m, start, end in date_step._matcher()(doc)]
    assert whole
    assert [(span.label_, span.start, span.end) for span in date_step._matches(document)] == whole


def test_every_date_pattern_holds_an_anchor_word() -> None:
    def anchored(token: dict) -> bool:
        words = token.get("LOWER", {})
        words = words.get("IN", []) if isinstance(words, dict) else [words]
        return token is date_step._YEAR or bool(words) and set(words) <= date_step.ANCHOR_WORDS

    for patterns in date_step.PATTERNS.values():
        assert all(any(anchored(token) for token in pattern) for pattern in patterns)
