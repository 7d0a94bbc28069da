"""Agreements and phases found in short news-style texts, resolved to known agreements by date.

Actor and date mentions are made by hand, so these tests do not depend on the actor and date steps."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg import resources
from kg.extract.text.agreements import find_agreements
from kg.extract.text.document import parse
from kg.extract.text.mentions import ActorMention, DateMention, PublicationDate
from kg.records import Agreement, Article, DateClaim, Phase
from kg.vocab import KG

from handmade import actor, evidence

TRUCE_2023 = Agreement("truce-2023-11", "Truce", "November 2023 Gaza truce", (), start="2023-11-24", end="2023-12-01")
CEASEFIRE_2025 = Agreement("ceasefire-2025-01", "Ceasefire", "January 2025 Gaza ceasefire", (), start="2025-01-19",
                           end="2025-03-18")
KNOWN = (TRUCE_2023, CEASEFIRE_2025)


def date(text: str, phrase: str, value: str) -> DateMention:
    return DateMention(evidence(text, phrase), value, {10: "day", 7: "month", 4: "year"}[len(value)], "test")


def run(text: str, published: str, actors: list[ActorMention] | None = None, dates: list[DateMention] | None = None,
        known: tuple[Agreement, ...] = ()) -> tuple[list[Agreement], list[Phase]]:
    article = Article("990_agreements", text, "0" * 64, DateClaim(published, "stated-in-text", "test"),
                      DateClaim(None, "unknown", ""))
    return find_agreements(parse(article), actors or [], dates or [],
                           PublicationDate(published, "stated-in-text", "test"), known)


def test_every_mention_of_one_ceasefire_is_one_record_keyed_by_its_start() -> None:
    text = ("The ceasefire that took effect on Jan. 19 is under strain. Both sides accuse each other of breaking "
            "the truce.\nOfficials said the deal could still be saved.")
    agreements, _ = run(text, "2025-02-10", dates=[date(text, "Jan. 19", "2025-01-19")])
    assert len(agreements) == 1
    ceasefire = agreements[0]
    assert (ceasefire.key, ceasefire.type, ceasefire.start) == ("ceasefire-2025-01", "Ceasefire", "2025-01-19")
    assert [e.text for e in ceasefire.evidence] == ["The ceasefire that took effect on Jan. 19", "the truce",
                                                    "the deal"]
    assert all(text[e.start:e.end] == e.text for e in ceasefire.evidence)


def test_hypothetical_agreements_are_not_mentions() -> None:
    text = ("Hamas called for a permanent ceasefire. Any agreement must include a full withdrawal, officials said, "
            "and a lasting truce remains far off.")
    assert run(text, "2025-02-10") == ([], [])


def test_the_truce_of_a_2023_article_is_the_2023_truce() -> None:
    text = "Hamas released 12 hostages on Tuesday under the truce, and the pause was extended by two days."
    agreements, _ = run(text, "2023-11-28", known=KNOWN)
    assert [(a.key, a.type, a.name) for a in agreements] == [("truce-2023-11", "Truce", "November 2023 Gaza truce")]
    assert len(agreements[0].evidence) == 2


def test_the_truce_of_a_2025_article_is_the_2025_ceasefire_even_just_after_it_ended() -> None:
    text = "Israeli strikes overnight shattered the fragile truce, officials said."
    agreements, _ = run(text, "2025-03-19", known=KNOWN)
    assert [a.key for a in agreements] == ["ceasefire-2025-01"]
    assert agreements[0].status == "collapsed"


def test_a_ceasefire_with_a_start_no_known_agreement_has_is_created() -> None:
    text = "The ceasefire, which took effect on Oct. 10, has continued to hold despite accusations of violations."
    agreements, _ = run(text, "2025-11-20", dates=[date(text, "Oct. 10", "2025-10-10")], known=KNOWN)
    assert [(a.key, a.start, a.status) for a in agreements] == [("ceasefire-2025-10", "2025-10-10", "held")]


def test_without_a_start_the_key_uses_the_publication_month() -> None:
    agreements, _ = run("Residents returned home as the truce entered its third day.", "2024-07-03")
    assert [(a.key, a.type, a.start) for a in agreements] == [("truce-2024-07", "Truce", None)]


def test_parties_mediators_and_status_come_from_the_words_around_the_mention() -> None:
    text = "The ceasefire between Israel and Hamas, brokered by Qatar and Egypt, collapsed on Tuesday."
    actors = [actor(text, "Israel", "israel"), actor(text, "Hamas", "hamas"), actor(text, "Qatar", "qatar"),
              actor(text, "Egypt", "egypt")]
    agreements, _ = run(text, "2025-03-19", actors=actors)
    (ceasefire,) = agreements
    assert ceasefire.parties == ("israel", "hamas")
    assert ceasefire.mediators == ("qatar", "egypt")
    assert ceasefire.status == "collapsed"


def test_mediators_named_by_their_country() -> None:
    text = "The truce held for a week. Talks continue with Qatari and Egyptian mediators."
    actors = [actor(text, "Qatari", "qatar"), actor(text, "Egyptian", "egypt")]
    (truce,), _ = run(text, "2023-12-01", actors=actors)
    assert truce.mediators == ("qatar", "egypt")


def test_a_peace_plan_and_a_proposal_are_agreements_of_their_own() -> None:
    text = ("Netanyahu accepted a plan by Steve Witkoff to extend the ceasefire, a proposal rejected by Hamas. "
            "Separately, the United Nations endorsed Trump's peace plan for Gaza.")
    actors = [actor(text, "Netanyahu", "benjamin-netanyahu"), actor(text, "Steve Witkoff", "steve-witkoff"),
              actor(text, "Hamas", "hamas"), actor(text, "Trump", "donald-trump")]
    agreements, _ = run(text, "2025-03-10", actors=actors)
    by_type = {a.type: a for a in agreements}
    assert set(by_type) == {"Agreement", "Ceasefire", "PeacePlan"}
    proposal = by_type["Agreement"]
    assert (proposal.status, proposal.mediators) == ("proposed", ("steve-witkoff",))
    assert [e.text for e in proposal.evidence] == ["a plan by Steve Witkoff", "a proposal"]
    assert by_type["PeacePlan"].evidence[0].text == "Trump's peace plan"


def test_phases_by_ordinal_with_dates_and_status() -> None:
    text = ("The first phase of the deal ran from Jan. 19 to March 1. Phase two never began, and far-right ministers "
            "threatened to quit if Israel moved to the second phase of the ceasefire.")
    dates = [date(text, "Jan. 19", "2025-01-19"), date(text, "March 1", "2025-03-01")]
    agreements, phases = run(text, "2025-03-19", dates=dates)
    (deal,) = agreements
    assert deal.start == "2025-01-19"
    first, second = sorted(phases, key=lambda p: p.ordinal)
    assert (first.agreement, first.ordinal, first.start, first.end, first.status) == (
        deal.key, 1, "2025-01-19", "2025-03-01", "completed")
    assert (second.ordinal, second.status) == (2, "never-began")
    assert [e.text for e in second.evidence] == ["Phase two", "the second phase of the ceasefire"]


def test_the_next_phase_follows_the_current_one() -> None:
    text = ("Hamas has yet to fulfil the first phase of the ceasefire agreement. Envoys now seek to implement the "
            "next phase of the deal.")
    _, phases = run(text, "2025-11-20")
    assert [(p.ordinal, p.status) for p in phases] == [(1, "ongoing"), (2, "planned")]


def test_agreement_types_are_classes_of_the_ontology() -> None:
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    allowed = {str(c).removeprefix(str(KG)) for c in graph.subjects(RDFS.subClassOf, URIRef(str(KG) + "Agreement"))}
    text = ("The ceasefire held. Trump's peace plan was endorsed. The truce, a humanitarian pause, ended. "
            "Hamas rejected a proposal by Qatar.")
    agreements, _ = run(text, "2025-03-19", actors=[actor(text, "Qatar", "qatar")])
    assert {a.type for a in agreements} <= allowed | {"Agreement"}
    assert {a.type for a in agreements} >= {"Ceasefire", "PeacePlan", "Agreement"}


def test_a_start_stated_before_the_mention_and_an_article_without_any_date() -> None:
    text = "Nearly 1,900 prisoners have been freed since January 19, when the truce took effect."
    (truce,), _ = run(text, "2025-02-05", dates=[date(text, "January 19", "2025-01-19")])
    assert (truce.key, truce.start) == ("truce-2025-01", "2025-01-19")
    article = Article("993_no_date", "Hamas said the ceasefire was holding.", "0" * 64,
                      DateClaim(None, "unknown", "test"), DateClaim(None, "unknown", ""))
    (ceasefire,), _ = find_agreements(parse(article), [], [], PublicationDate(None, "unknown", "test"), KNOWN)
    assert ceasefire.key == "ceasefire-993-no-date"


def test_a_start_at_the_end_of_a_long_relative_clause_and_mediators_brokering_it() -> None:
    text = ("The ceasefire between Israel and Hezbollah, which was brokered by the United States and France and took "
            "effect on Nov. 27, is under strain.")
    actors = [actor(text, "Israel", "israel"), actor(text, "Hezbollah", "hezbollah"),
              actor(text, "the United States", "united-states"), actor(text, "France", "france")]
    (ceasefire,), _ = run(text, "2025-03-25", actors=actors, dates=[date(text, "Nov. 27", "2024-11-27")])
    assert (ceasefire.key, ceasefire.start) == ("ceasefire-2024-11", "2024-11-27")
    assert (ceasefire.parties, ceasefire.mediators) == (("israel", "hezbollah"), ("united-states", "france"))


def test_the_end_of_an_agreement_is_the_date_it_broke_down() -> None:
    text = "Israel resumed fighting after a week-long truce to allow hostages to be released broke down on Friday."
    (truce,), _ = run(text, "2023-12-01", dates=[date(text, "Friday", "2023-12-01")])
    assert (truce.end, truce.status) == ("2023-12-01", "collapsed")


def test_a_ceasefire_between_other_parties_is_not_the_known_one() -> None:
    known = (replace(CEASEFIRE_2025, parties=("israel", "hamas")),)
    text = "The ceasefire between Israel and Hezbollah held on Sunday."
    actors = [actor(text, "Israel", "israel"), actor(text, "Hezbollah", "hezbollah")]
    (lebanon,), _ = run(text, "2025-02-10", actors=actors, known=known)
    assert lebanon.key == "ceasefire-2025-02"
    text = "The ceasefire between Israel and Hamas held on Sunday."
    (gaza,), _ = run(text, "2025-02-10", actors=[actor(text, "Israel", "israel"), actor(text, "Hamas", "hamas")],
                     known=known)
    assert gaza.key == "ceasefire-2025-01"
