"""Events found in short news-style texts: trigger families, agents, places, dates, violations, figures,
and the merging of mentions of one event.

Actor, place and date mentions are made by hand, so these tests do not depend on the earlier steps."""

from __future__ import annotations

import pytest

from kg.concepts import concept_keys
from kg.extract.text.document import parse
from kg.extract.text.events import find_events
from kg.extract.text.mentions import ActorMention, DateMention, PlaceMention, PublicationDate
from kg.records import Agreement, Article, DateClaim, Event, Evidence, Figure, Phase

from handmade import actor, evidence

PUBLISHED = "2025-03-19"


def place(text: str, phrase: str, key: str, nth: int = 0) -> PlaceMention:
    return PlaceMention(evidence(text, phrase, nth), key, "City", phrase, "test")


def date(text: str, phrase: str, value: str, nth: int = 0) -> DateMention:
    return DateMention(evidence(text, phrase, nth), value, {10: "day", 7: "month", 4: "year"}[len(value)], "test")


def run(text: str, actors: list[ActorMention] | None = None, places: list[PlaceMention] | None = None,
        dates: list[DateMention] | None = None, agreements: tuple[Agreement, ...] = (),
        figures: tuple[Figure, ...] = (), phases: tuple[Phase, ...] = ()) -> tuple[list[Event], list[Figure]]:
    article = Article("992_events", text, "0" * 64, DateClaim(PUBLISHED, "stated-in-text", "test"),
                      DateClaim(None, "unknown", ""))
    return find_events(parse(article), actors or [], places or [], dates or [],
                       PublicationDate(PUBLISHED, "stated-in-text", "test"), list(agreements), list(figures),
                       phases=phases)


FAMILIES = [
    ("Israeli airstrikes hit Khan Younis on Tuesday.", "air-strike"),
    ("An Israeli drone strike hit a car in Rafah on Monday.", "drone-strike"),
    ("Militants fired a barrage of rockets at Ashkelon on Friday.", "rocket-fire"),
    ("The Houthis launched a ballistic missile at Israel on Sunday.", "missile-fire"),
    ("Air defenses intercepted two drones over the Golan Heights.", "interception"),
    ("Ground troops raided the Jenin camp on Wednesday.", "ground-operation"),
    ("Hamas released three hostages in Khan Younis on Saturday.", "hostage-release"),
    ("Israel freed 90 Palestinian prisoners from Ofer prison on Sunday.", "prisoner-release"),
    ("Hamas handed over the bodies of four hostages on Thursday.", "body-return"),
    ("The army ordered residents of Rafah to evacuate on Monday.", "evacuation-order"),
    ("Israel blocked the entry of aid into Gaza on March 2.", "aid-blockade"),
    ("Aid trucks entered Gaza through the Rafah crossing on Sunday.", "aid-delivery"),
    ("Negotiations with Egyptian mediators are ongoing in Cairo.", "negotiation"),
    ("Gunmen opened fire on a bus near Hebron on Tuesday.", "attack"),
    ("The army said it killed a militant near Jenin on Monday.", "killing"),
    ("Israel resumed fighting in Gaza on Friday after the truce expired.", "resumption-of-hostilities"),
    ("Fighters clashed with soldiers in Nablus overnight.", "armed-clash"),
]


@pytest.mark.parametrize(("text", "event_type"), FAMILIES, ids=[t for _, t in FAMILIES])
def test_each_trigger_family_gives_its_event_type(text: str, event_type: str) -> None:
    events, _ = run(text)
    assert [e.type for e in events] == [event_type]
    (found,) = events
    assert all(text[e.start:e.end] == e.text for e in found.evidence)


def test_every_type_the_rules_give_is_an_event_type_of_the_ontology() -> None:
    allowed = set(concept_keys().keys("event-type"))
    assert {t for _, t in FAMILIES} <= allowed


@pytest.mark.parametrize("text", [
    "Hamas refused to release more hostages.",
    "Israel threatened to resume strikes if the talks failed.",
    "Families called for the release of their loved ones.",
    "The plan would see the release of all remaining hostages in exchange for more Palestinian prisoners.",
    "Israel does not target civilians, the army said.",
    "Officials warned of possible future attacks.",
    "“Return the hostages,” the minister said.",
    "Thousands of displaced Palestinians returned to their homes.",
    "Israel and Hamas struck a deal on Wednesday.",
    "Israel will free 600 prisoners next week.",
])
def test_what_did_not_happen_is_not_an_event(text: str) -> None:
    assert run(text)[0] == []


def test_agent_place_and_date_attach_to_the_trigger() -> None:
    text = "Israeli airstrikes hit Khan Younis on Tuesday, Israel's military said."
    events, _ = run(text, actors=[actor(text, "Israel's military", "israel-defense-forces"),
                                  ActorMention(Evidence(0, 7, "Israeli"), "israel", "State", "Israel", "test")],
                    places=[place(text, "Khan Younis", "khan-younis")], dates=[date(text, "Tuesday", "2025-03-18")])
    (strike,) = events
    assert (strike.type, strike.agents, strike.places, strike.date) == (
        "air-strike", ("israel",), ("khan-younis",), "2025-03-18")
    assert strike.key == "israel-air-strike-2025-03-18"
    assert strike.label == "Air strike by Israel in Khan Younis, 18 March 2025"


def test_an_agent_named_after_by_and_a_target_after_at() -> None:
    text = "A missile fired by the Houthis at Israel was intercepted on Thursday."
    events, _ = run(text, actors=[actor(text, "the Houthis", "houthis"), actor(text, "Israel", "israel")],
                    dates=[date(text, "Thursday", "2025-03-20")])
    fired = next(e for e in events if e.type == "missile-fire")
    assert (fired.agents, fired.targets) == (("houthis",), ("israel",))


def test_each_date_governs_the_trigger_nearest_to_it() -> None:
    text = "Hamas gunmen stormed into Israel on October 7, and Israel launched attacks on Gaza on October 8."
    events, _ = run(text, actors=[actor(text, "Hamas", "hamas"), actor(text, "Israel", "israel", 1)],
                    places=[place(text, "Gaza", "gaza-strip")],
                    dates=[date(text, "October 7", "2023-10-07"), date(text, "October 8", "2023-10-08")])
    assert [(e.agents, e.date) for e in events] == [(("hamas",), "2023-10-07"), (("israel",), "2023-10-08")]


def test_mentions_of_one_event_are_one_record() -> None:
    text = ("Israeli strikes killed dozens across Gaza on Tuesday. Israel said Tuesday's strikes targeted militants. "
            "Aid groups condemned the strikes.")
    events, _ = run(text, actors=[ActorMention(Evidence(0, 7, "Israeli"), "israel", "State", "Israel", "test"),
                                  actor(text, "Israel", "israel", 1)],
                    places=[place(text, "Gaza", "gaza-strip")],
                    dates=[date(text, "Tuesday", "2025-03-18"), date(text, "Tuesday", "2025-03-18", 1)])
    (strike,) = events
    assert [e.text for e in strike.evidence] == ["Israeli strikes killed dozens across Gaza", "strikes", "strikes"]


def test_strikes_on_different_days_are_different_events() -> None:
    text = "Israeli strikes hit Rafah on Monday. More Israeli strikes hit Rafah on Wednesday."
    israel = [ActorMention(evidence(text, "Israeli", n), "israel", "State", "Israel", "test") for n in (0, 1)]
    events, _ = run(text, actors=israel + [actor(text, "Israeli", "israel", name="Israel")],
                    places=[place(text, "Rafah", "rafah"), place(text, "Rafah", "rafah", 1)],
                    dates=[date(text, "Monday", "2025-03-17"), date(text, "Wednesday", "2025-03-19")])
    assert [e.date for e in events] == ["2025-03-17", "2025-03-19"]
    assert len({e.key for e in events}) == 2


def test_a_generic_mention_refers_back_to_the_event_before_it() -> None:
    text = "Hamas fired rockets at Israel on Thursday. The attack was the first since the truce ended."
    events, _ = run(text, actors=[actor(text, "Hamas", "hamas"), actor(text, "Israel", "israel")],
                    dates=[date(text, "Thursday", "2025-03-20")])
    (rockets,) = events
    assert rockets.type == "rocket-fire"
    assert [e.text for e in rockets.evidence][-1] == "attack"


def test_an_event_violates_the_agreement_the_text_says_it_broke() -> None:
    text = ("The army accused Hamas of violating the truce by firing rockets at Israel on Friday. Israel carried out "
            "strikes in violation of the ceasefire on Saturday.")
    truce = Agreement("truce-2023-11", "Truce", "truce", (evidence(text, "the truce"),))
    ceasefire = Agreement("ceasefire-2023-11", "Ceasefire", "ceasefire", (evidence(text, "the ceasefire"),))
    events, _ = run(text, actors=[actor(text, "Hamas", "hamas"), actor(text, "Israel", "israel"),
                                  actor(text, "Israel", "israel", 1)],
                    dates=[date(text, "Friday", "2023-12-01"), date(text, "Saturday", "2023-12-02")],
                    agreements=(truce, ceasefire))
    by_type = {e.type: e for e in events}
    assert by_type["rocket-fire"].violates == ("truce-2023-11",)
    assert by_type["rocket-fire"].agents == ("hamas",)
    assert by_type["air-strike"].violates == ("ceasefire-2023-11",)


def figure(text: str, phrase: str, value: int, counts: str) -> Figure:
    return Figure(value, "exact", counts, "article", (evidence(text, phrase),))


def test_casualty_figures_belong_to_the_event_of_their_sentence_or_the_one_before() -> None:
    text = ("Israeli strikes hit Gaza City on Tuesday, killing 40 people. 12 more people were killed in the north. "
            "More than 48,000 people have been killed since the war began.")
    figures = (figure(text, "killing 40 people", 40, "killed"), figure(text, "12 more people were killed", 12, "killed"),
               figure(text, "More than 48,000 people have been killed", 48000, "killed"))
    events, attached = run(text, actors=[ActorMention(Evidence(0, 7, "Israeli"), "israel", "State", "Israel", "test")],
                           places=[place(text, "Gaza City", "gaza-city")],
                           dates=[date(text, "Tuesday", "2025-03-18")], figures=figures)
    (strike,) = events
    assert [f.event for f in attached] == [strike.key, strike.key, None]


def test_release_figures_belong_to_the_release() -> None:
    text = "Hamas released three hostages on Saturday in exchange for 90 Palestinian prisoners."
    figures = (figure(text, "three hostages", 3, "hostages-released"),
               figure(text, "90 Palestinian prisoners", 90, "prisoners-released"))
    events, attached = run(text, actors=[actor(text, "Hamas", "hamas")],
                           dates=[date(text, "Saturday", "2025-02-15")], figures=figures)
    keys = {e.type: e.key for e in events}
    assert [f.event for f in attached] == [keys["hostage-release"], keys["prisoner-release"]]


def test_keys_are_deterministic_and_unique() -> None:
    text = ("Israeli strikes hit Rafah. Hamas released two hostages. Israeli strikes hit Jabalia. "
            "Israel freed 30 prisoners.")
    first, _ = run(text)
    second, _ = run(text)
    assert [e.key for e in first] == [e.key for e in second]
    assert len({e.key for e in first}) == len(first) >= 3
    assert all(e.key.startswith(e.type) and "992-events" in e.key for e in first)


def test_events_told_within_a_phase_take_its_months() -> None:
    text = ("Under the first phase, which ran from Jan. 19 to March 1, Hamas released 25 hostages in return for "
            "1,800 Palestinian prisoners, and there was a surge of humanitarian aid.")
    phase = Phase("ceasefire-2025-01", 1, (evidence(text, "the first phase"),), start="2025-01-19", end="2025-03-01")
    events, _ = run(text, actors=[actor(text, "Hamas", "hamas")],
                    dates=[date(text, "Jan. 19", "2025-01-19"), date(text, "March 1", "2025-03-01")], phases=(phase,))
    assert {(e.type, e.date, e.end) for e in events} == {
        ("hostage-release", "2025-01", "2025-03"), ("prisoner-release", "2025-01", "2025-03"),
        ("aid-delivery", "2025-01", "2025-03")}


def test_releases_a_truce_provided_for_take_its_period_and_ongoing_talks_the_publication_date() -> None:
    text = ("The truce allowed for the release of 50 hostages held in Gaza. "
            "Negotiations are still ongoing with Egyptian mediators.")
    truce = Agreement("truce-2023-11", "Truce", "truce", (evidence(text, "The truce"),), start="2023-11-24",
                      end="2023-12-01")
    events, _ = run(text, actors=[actor(text, "Egyptian", "egypt", name="Egypt")], agreements=(truce,))
    assert [(e.type, e.date, e.end, e.agents) for e in events] == [
        ("hostage-release", "2023-11-24", "2023-12-01", ()), ("negotiation", PUBLISHED, None, ("egypt",))]


def test_an_act_related_to_a_dated_one_shares_its_date_and_as_of_dates_count_nothing() -> None:
    text = ("Hamas fired rockets at Israel on Thursday. The attack was swiftly followed by Israeli airstrikes across "
            "Gaza. As of Friday, 40 prisoners had been freed.")
    events, _ = run(text, actors=[actor(text, "Hamas", "hamas"), actor(text, "Israel", "israel")],
                    places=[place(text, "Gaza", "gaza-strip")],
                    dates=[date(text, "Thursday", "2025-03-20"), date(text, "Friday", "2025-03-21")])
    assert [(e.type, e.date) for e in events] == [("rocket-fire", "2025-03-20"), ("air-strike", "2025-03-20"),
                                                  ("prisoner-release", None)]


def test_a_headline_and_its_lead_are_one_event() -> None:
    text = "Israeli strikes hit central Gaza\nIsraeli airstrikes killed at least 27 people in central Gaza overnight."
    israeli = [ActorMention(evidence(text, "Israeli", n), "israel", "State", "Israel", "test") for n in (0, 1)]
    events, _ = run(text, actors=israeli, places=[place(text, "central Gaza", "central-gaza"),
                                                  place(text, "central Gaza", "central-gaza", 1)])
    (strike,) = events
    assert len(strike.evidence) == 2


def test_talks_held_by_mediators_named_by_their_countries() -> None:
    text = ("Egyptian and Qatari mediators met Hamas officials in Cairo on Tuesday to discuss the second phase. "
            "Hamas accused Israel of delaying the release of 50 prisoners.")
    actors = [actor(text, "Egyptian", "egypt", name="Egypt"), actor(text, "Qatari", "qatar", name="Qatar"),
              actor(text, "Hamas", "hamas"),
              ActorMention(evidence(text, "Hamas officials"), "hamas-officials", "Group", "Hamas officials", "test"),
              actor(text, "Hamas", "hamas", 1), actor(text, "Israel", "israel")]
    events, _ = run(text, actors=actors, dates=[date(text, "Tuesday", "2025-02-04")])
    (talks,) = events
    assert (talks.type, talks.date) == ("negotiation", "2025-02-04")
    assert talks.agents == ("egypt", "qatar", "hamas-officials")


def test_a_nationality_the_actor_step_knows_names_the_actor_behind_an_act() -> None:
    text = "Israel said Jordanian jets intercepted the drones on Monday, and Jordan confirmed it."
    actors = [actor(text, "Israel", "israel"), actor(text, "Jordan", "jordan", 1)]
    events, _ = run(text, actors=actors, dates=[date(text, "Monday", "2025-03-17")])
    assert [(e.type, e.agents) for e in events] == [("interception", ("jordan",))]


def test_scanning_only_where_a_trigger_can_open_finds_what_the_full_pattern_finds() -> None:
    from kg.extract.text.event_words import TRIGGER_PATTERN
    from kg.extract.text.events import _triggers
    text = " ".join(sentence for sentence, _ in FAMILIES) + (
        " Incursions, invasions and interceptions followed; an influx of aid, in exchange for prisoners, "
        "instructed residents to flee. Air raids, shelling, skirmishes, gunfights and a stabbing were reported.")
    document = parse(Article("994_scan", text, "0" * 64, DateClaim(PUBLISHED, "stated-in-text", "test"),
                             DateClaim(None, "unknown", "")))
    assert [m.span() for _, m in _triggers(document)] == [m.span() for m in TRIGGER_PATTERN.finditer(text)]


def test_a_date_after_an_act_is_its_date_not_the_next_clauses() -> None:
    text = ("Israeli jets struck targets in southern Lebanon on Monday after Hezbollah fired rockets at Metula. "
            "Hamas fired rockets at Sderot, and on Friday Israel struck Gaza City.")
    israeli = ActorMention(evidence(text, "Israeli"), "israel", "State", "Israel", "test")
    events, _ = run(text, actors=[israeli, actor(text, "Hezbollah", "hezbollah"), actor(text, "Hamas", "hamas"),
                                  actor(text, "Israel", "israel", 1)],
                    places=[place(text, "southern Lebanon", "southern-lebanon"), place(text, "Gaza City", "gaza-city")],
                    dates=[date(text, "Monday", "2025-03-24"), date(text, "Friday", "2025-03-28")])
    found = [(e.type, e.agents, e.places, e.date) for e in events]
    assert found == [("air-strike", ("israel",), ("southern-lebanon",), "2025-03-24"),
                     ("rocket-fire", ("hezbollah",), (), None), ("rocket-fire", ("hamas",), (), None),
                     ("air-strike", ("israel",), ("gaza-city",), "2025-03-28")]


def test_a_place_after_another_predicate_is_not_the_acts_and_different_targets_keep_events_apart() -> None:
    text = ("Israeli strikes on Gaza killed 20 people on Wednesday. A series of Israeli strikes on Lebanon this week "
            "have heightened tensions in the Middle East.")
    israeli = [ActorMention(evidence(text, "Israeli", n), "israel", "State", "Israel", "test") for n in (0, 1)]
    events, _ = run(text, actors=israeli + [actor(text, "Lebanon", "lebanon")],
                    places=[place(text, "Gaza", "gaza-strip"), place(text, "the Middle East", "middle-east")],
                    dates=[date(text, "Wednesday", "2025-11-19"), date(text, "this week", "2025-11")])
    assert [(e.places, e.targets, e.date) for e in events] == [(("gaza-strip",), (), "2025-11-19"),
                                                                ((), ("lebanon",), "2025-11")]


def test_a_toll_told_right_after_its_event_belongs_to_it_but_running_totals_to_none() -> None:
    text = ("Hamas stormed into Israel on October 7, 2023. Around 250 people were taken captive that day. "
            "Israeli strikes hit Gaza on Tuesday. Over 700 people were killed in the last three days.")
    figures = (figure(text, "Around 250 people were taken captive", 250, "hostages-taken"),
               figure(text, "Over 700 people were killed", 700, "killed"))
    events, attached = run(text, actors=[actor(text, "Hamas", "hamas"),
                                         ActorMention(evidence(text, "Israeli"), "israel", "State", "Israel", "test")],
                           places=[place(text, "Gaza", "gaza-strip")],
                           dates=[date(text, "October 7, 2023", "2023-10-07"), date(text, "Tuesday", "2025-03-18")],
                           figures=figures)
    assert [f.event for f in attached] == [events[0].key, None]


def test_an_undated_act_of_a_report_about_recent_days_takes_the_publication_month() -> None:
    text = ("Israeli airstrikes hit a school in Rafah on Monday, medics said.\n"
            "Later, gunmen opened fire on a patrol near the border fence.")
    events, _ = run(text, actors=[], dates=[date(text, "Monday", "2025-03-17")])
    assert [(e.type, e.date) for e in events] == [("air-strike", "2025-03-17"), ("attack", PUBLISHED[:7])]


def test_background_and_stale_frames_leave_an_act_undated() -> None:
    stale = ("The first phase ran until March 1.\n"
             "Gunmen opened fire on a patrol near the border fence.")
    background = ("Israeli airstrikes hit a school in Rafah on Monday.\n"
                  "Gunmen had opened fire on a patrol near the border fence.")
    other_month = ("Israeli airstrikes hit a school in Rafah on Monday.\n"
                   "In January, gunmen opened fire on a patrol near the border fence.")
    assert [e.date for e in run(stale, dates=[date(stale, "March 1", "2025-03-01")])[0]] == [None]
    assert [e.date for e in run(background, dates=[date(background, "Monday", "2025-03-17")])[0]][1:] == [None]
    assert [e.date for e in run(other_month, dates=[date(other_month, "Monday", "2025-03-17"),
                                                    date(other_month, "January", "2025-01")])[0]][1:] == ["2025-01"]


def test_an_act_said_to_run_over_a_range_starts_and_ends_at_the_precision_given() -> None:
    days = "Israeli airstrikes on Rafah ran from Jan. 19 to March 1, residents said."
    months = "Israeli airstrikes on Rafah lasted from January to March."
    relative = "Hamas released 33 hostages during the phase that ran from Jan. 19 to March 1."
    assert [(e.type, e.date, e.end) for e in run(days, dates=[date(days, "Jan. 19", "2025-01-19"),
                                                              date(days, "March 1", "2025-03-01")])[0]] == [
        ("air-strike", "2025-01-19", "2025-03-01")]
    assert [(e.date, e.end) for e in run(months, dates=[date(months, "January", "2025-01"),
                                                        date(months, "March", "2025-03")])[0]] == [
        ("2025-01", "2025-03")]
    assert [e.date for e in run(relative, actors=[actor(relative, "Hamas", "hamas")],
                                dates=[date(relative, "Jan. 19", "2025-01-19"),
                                       date(relative, "March 1", "2025-03-01")])[0]] == [None]


@pytest.mark.parametrize("day", ["Jan. 19", "Jan 19", "January 19"])
def test_a_month_between_the_determiner_and_the_trigger_keeps_the_mention_anaphoric(day: str) -> None:
    text = f"Israeli airstrikes hit Rafah on {day}. Hamas condemned the {day} strikes."
    israeli = ActorMention(evidence(text, "Israeli"), "israel", "State", "Israel", "test")
    events, _ = run(text, actors=[israeli, actor(text, "Hamas", "hamas")], places=[place(text, "Rafah", "rafah")],
                    dates=[date(text, day, "2025-01-19"), date(text, day, "2025-01-19", 1)])
    (strike,) = events
    assert strike.agents == ("israel",)
    assert [e.text for e in strike.evidence] == ["Israeli airstrikes hit Rafah", "strikes"]
