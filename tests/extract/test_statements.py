"""Direct quotes and reported speech with their speakers, on short news-style texts.

The actor mentions are made here by hand (every occurrence of a listed name), so these tests check
the statement rules alone, whatever the actor step finds.
"""

from __future__ import annotations

import re

import pytest

from kg.concepts import concept_keys
from kg.extract.text import lexicon
from kg.extract.text.document import parse
from kg.extract.text.mentions import ActorMention, DateMention
from kg.extract.text.statements import find_quotes, find_statements
from kg.records import Agreement, Article, DateClaim, Evidence, Statement

UNKNOWN = DateClaim(None, "unknown", "test")

ACTORS: dict[str, tuple[str, str]] = {
    "Benjamin Netanyahu": ("benjamin-netanyahu", "Person"),
    "Netanyahu": ("benjamin-netanyahu", "Person"),
    "Israel Katz": ("israel-katz", "Person"),
    "Katz": ("israel-katz", "Person"),
    "Danny Danon": ("danny-danon", "Person"),
    "Basem Naim": ("basem-naim", "Person"),
    "Kobi Michael": ("kobi-michael", "Person"),
    "Donald Trump": ("donald-trump", "Person"),
    "Trump": ("donald-trump", "Person"),
    "Institute for National Security Studies": ("institute-for-national-security-studies", "ResearchOrganization"),
    "Hamas": ("hamas", "ArmedGroup"),
    "Israel": ("israel", "State"),
    "the United States": ("united-states", "State"),
    "Qatar": ("qatar", "State"),
    "the Israeli military": ("israel-defense-forces", "ArmedForces"),
    "The Israeli military": ("israel-defense-forces", "ArmedForces"),
    "The IDF": ("israel-defense-forces", "ArmedForces"),
    "the IDF": ("israel-defense-forces", "ArmedForces"),
    "the United Nations": ("united-nations", "InternationalOrganization"),
    "the Associated Press": ("associated-press", "MediaOutlet"),
    "NBC News": ("nbc-news", "MediaOutlet"),
}


def document(text: str):
    return parse(Article("991_statements", text, "0" * 64, UNKNOWN, UNKNOWN))


def mentions(text: str) -> list[ActorMention]:
    """Every occurrence of a name in ACTORS, the longest name winning where names overlap."""
    found: list[ActorMention] = []
    taken: list[range] = []
    for name in sorted(ACTORS, key=len, reverse=True):
        key, kind = ACTORS[name]
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(match.start() in r or match.end() - 1 in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found.append(ActorMention(Evidence(match.start(), match.end(), name), key, kind, name, "test"))
    return sorted(found)


def dated(text: str, expression: str, value: str) -> DateMention:
    start = text.index(expression)
    return DateMention(Evidence(start, start + len(expression), expression), value, "day", "test")


def statements(text: str, dates: tuple[DateMention, ...] = (), agreements: tuple[Agreement, ...] = ()) \
        -> list[Statement]:
    return find_statements(document(text), mentions(text), dates, agreements)


def quotes_of(found: list[Statement]) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.quotation or "", s.speakers) for s in found if s.kind == "DirectQuote"]


def reported(found: list[Statement]) -> list[Statement]:
    return [s for s in found if s.kind == "ReportedSpeech"]


# --- quotation marks -----------------------------------------------------------------------------------

def test_curly_and_straight_quotes_cover_everything_inside_the_marks():
    text = "“We will act,” he said. Later \"it is over.\" Then “mixed marks,\" she said."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["We will act,", "it is over.", "mixed marks,"]


def test_apostrophes_and_nested_single_quotes_are_not_quotations():
    text = ("Hamas’ armed wing said it’s “responsible for the ‘Israeli’ occupation.” "
            "Hamas’ leaders agreed.")
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["responsible for the ‘Israeli’ occupation."]


def test_single_quotes_in_a_headline_are_a_quotation():
    text = "Netanyahu vows ‘total victory’ as talks stall\nThe talks stalled."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["total victory"]


def test_a_quote_running_into_the_next_paragraph_is_kept_and_an_unbalanced_one_dropped():
    text = "Katz said: “We will not stop.\n“We will finish the job,” he added.\nA stray “mark here."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["We will not stop.", "We will finish the job,"]


# --- speakers of direct quotes ---------------------------------------------------------------------------

def test_speaker_named_after_a_curly_quote():
    text = "“From now on, Israel will act with increasing intensity,” Netanyahu said."
    assert quotes_of(statements(text)) == [("From now on, Israel will act with increasing intensity,",
                                            ("benjamin-netanyahu",))]


def test_speaker_after_the_verb_after_a_straight_quote():
    text = "\"Hamas wants to set new terms,\" said Danny Danon, Israel's ambassador to the UN."
    assert quotes_of(statements(text)) == [("Hamas wants to set new terms,", ("danny-danon",))]


def test_speaker_before_the_quote_with_a_colon_and_the_statement_medium():
    text = "The Israeli military said in a statement: “Troops struck a Hamas command center in Gaza City.”"
    [quote] = statements(text)
    assert (quote.kind, quote.speakers, quote.medium) == ("DirectQuote", ("israel-defense-forces",),
                                                           "written-statement")


def test_quote_split_around_he_said_gives_two_statements_of_one_speaker():
    text = "“We are ready for a deal,” Katz said, “but not at any price.”"
    assert quotes_of(statements(text)) == [("We are ready for a deal,", ("israel-katz",)),
                                           ("but not at any price.", ("israel-katz",))]


def test_a_quote_opening_the_next_sentence_continues_the_same_speaker():
    text = "“We are ready,” Katz said on Wednesday. “The hostages must come home first.”"
    found = statements(text, (dated(text, "Wednesday", "2025-03-19"),))
    assert quotes_of(found) == [("We are ready,", ("israel-katz",)),
                                ("The hostages must come home first.", ("israel-katz",))]
    assert [s.date for s in found] == ["2025-03-19", "2025-03-19"]


def test_pronoun_speaker_resolves_to_the_last_person_not_an_organisation():
    text = "Senior Hamas official Basem Naim spoke in Doha. “We remain committed to the deal,” he said."
    assert quotes_of(statements(text)) == [("We remain committed to the deal,", ("basem-naim",))]


def test_pronoun_prefers_the_previous_speaker_to_a_nearer_person():
    text = ("Kobi Michael said Israel was pushing Hamas to a decision. With Trump in power, "
            "“Israel is coordinated with Washington,” he said.")
    assert quotes_of(statements(text)) == [("Israel is coordinated with Washington,", ("kobi-michael",))]


def test_it_and_the_group_refer_to_organisations():
    text = ("Israel struck Gaza overnight and Hamas rejected the plan. “The occupation is lying,” the group said. "
            "The IDF gave no details. “Troops remain in the area,” it said.")
    assert quotes_of(statements(text)) == [("The occupation is lying,", ("hamas",)),
                                           ("Troops remain in the area,", ("israel-defense-forces",))]


def test_head_of_an_appositive_is_the_speaker():
    text = ("Kobi Michael, a researcher at the Institute for National Security Studies, said Israel wanted "
            "to push Hamas to a “decision phase” with the strikes.")
    assert quotes_of(statements(text)) == [("decision phase", ("kobi-michael",))]


def test_naming_verb_attributes_a_short_quote():
    text = "The IDF called the area a “dangerous combat zone” and told residents to “evacuate immediately.”"
    assert quotes_of(statements(text)) == [("dangerous combat zone", ("israel-defense-forces",)),
                                           ("evacuate immediately.", ("israel-defense-forces",))]


def test_attribution_closing_the_sentence_and_telegram_medium():
    text = "Fighters were told to “remain on high alert” until dawn, Hamas said on Telegram."
    [quote] = statements(text)
    assert (quote.speakers, quote.medium) == (("hamas",), "telegram")


@pytest.mark.parametrize(("attribution", "medium"), [
    ("Netanyahu said in a video posted on X:", "video-on-x"),
    ("Netanyahu posted on X:", "post-on-x"),
    ("Netanyahu told NBC News:", "interview-with-outlet"),
    ("Netanyahu told reporters:", "press-conference"),
    ("Netanyahu said in a televised address:", "televised-statement"),
])
def test_medium_named_by_the_attribution(attribution, medium):
    [quote] = statements(f"{attribution} “Hamas will pay a heavy price.”")
    assert (quote.speakers, quote.medium) == (("benjamin-netanyahu",), medium)


def test_quote_with_nobody_to_attribute_is_left_out():
    assert statements("“Bring them home now,” read a banner outside the Knesset.") == []


# --- reported speech -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "act"), [
    ("Hamas said the talks would resume in Cairo.", "statement"),
    ("Hamas accused Israel of violating the truce.", "accusation"),
    ("Hamas denied firing the rockets.", "denial"),
    ("Hamas warned that the ceasefire could collapse.", "warning"),
    ("Hamas threatened to halt the releases.", "threat"),
    ("Hamas vowed to honour the agreement.", "commitment"),
    ("Hamas demanded a full withdrawal from Gaza.", "demand"),
    ("Hamas called for an immediate end to the strikes.", "demand"),
    ("Hamas blamed Israel for the collapse of the talks.", "blame"),
    ("Hamas claimed responsibility for the attack.", "claim"),
])
def test_reported_speech_speech_act_from_the_verb(sentence, act):
    [statement] = statements(sentence)
    assert (statement.kind, statement.speakers, statement.speech_act) == ("ReportedSpeech", ("hamas",), act)
    assert set(lexicon.REPORTING_VERBS.values()) <= set(concept_keys().keys("speech-act"))


def test_reported_speech_span_runs_from_speaker_to_clause_end_with_targets():
    text = "On Tuesday, Israel accused Hamas of preparing new attacks, citing intelligence reports."
    [statement] = statements(text, (dated(text, "Tuesday", "2025-03-18"),))
    assert statement.evidence[0].text == "Israel accused Hamas of preparing new attacks"
    assert (statement.targets, statement.date) == (("hamas",), "2025-03-18")


def test_coordinated_speakers_and_date_after_the_verb():
    text = "Both Israel and the United States blamed Hamas on Tuesday for the end of the truce."
    [statement] = statements(text, (dated(text, "Tuesday", "2025-03-18"),))
    assert (statement.speakers, statement.targets, statement.date) == (("israel", "united-states"), ("hamas",),
                                                                       "2025-03-18")


def test_passive_agent_speaks_and_a_passive_without_agent_is_left_out():
    [statement] = statements("The proposal was rejected by Hamas within hours.")
    assert (statement.speakers, statement.speech_act) == (("hamas",), "denial")
    assert statements("Hamas was accused of breaking the ceasefire.") == []


def test_attribution_closing_a_sentence_reports_the_whole_sentence():
    text = "But aid convoys were blocked at the crossing for a third day, the United Nations said."
    [statement] = statements(text)
    assert statement.speakers == ("united-nations",)
    assert statement.evidence[0].text == ("aid convoys were blocked at the crossing for a third day, "
                                          "the United Nations said")


def test_a_news_agency_reporting_is_not_a_statement():
    assert statements("Israeli jets struck a house in Rafah, the Associated Press said.") == []


def test_a_clause_carrying_a_quote_is_the_quotes_and_the_agreement_it_is_about():
    text = "Netanyahu said the ceasefire agreement was over and vowed that “this is just the beginning.”"
    deal = Agreement("ceasefire-2025-01", "CeasefireAgreement", "January ceasefire",
                     (Evidence(text.index("ceasefire agreement"), text.index("ceasefire agreement") + 19,
                               "ceasefire agreement"),))
    found = statements(text, agreements=(deal,))
    assert quotes_of(found) == [("this is just the beginning.", ("benjamin-netanyahu",))]
    assert [(s.evidence[0].text, s.about) for s in reported(found)] == [
        ("Netanyahu said the ceasefire agreement was over", ("ceasefire-2025-01",))]


def test_statements_inside_quotes_and_nested_reports_are_not_repeated():
    text = "Netanyahu said the war aims, which he said were clear, had not changed."
    assert len(statements(text)) == 1


def test_media_keys_are_ontology_concepts():
    media = {medium for _, medium in lexicon.MEDIUM_PATTERNS}
    assert media <= set(concept_keys().keys("medium"))
    assert set(lexicon.PHRASAL_REPORTING.values()) | set(lexicon.QUOTE_ONLY_VERBS.values()) <= \
        set(concept_keys().keys("speech-act"))


def test_said_that_a_and_that_b_gives_one_statement_per_clause():
    text = "Netanyahu said that the strikes would go on and that Israel would not negotiate under fire."
    assert [s.evidence[0].text for s in statements(text)] == ["Netanyahu said that the strikes would go on",
                                                              "Israel would not negotiate under fire"]


def test_a_noun_naming_a_statement_attributes_the_quote():
    text = "The strikes drew concerns from Qatar that they posed “a dangerous escalation.”"
    [quote] = statements(text)
    assert (quote.speakers, quote.speech_act) == (("qatar",), "warning")


def test_a_capitalised_he_said_after_a_full_stop_starts_new_reported_speech():
    text = ("Basem Naim told reporters that Israel was “looking for excuses.” "
            "He said Hamas remained committed to the deal.")
    found = statements(text)
    assert quotes_of(found) == [("looking for excuses.", ("basem-naim",))]
    assert [(s.evidence[0].text, s.speakers) for s in reported(found)] == [
        ("He said Hamas remained committed to the deal", ("basem-naim",))]


def test_a_straight_quote_opening_a_sentence_is_not_attributed_to_the_sentence_before():
    text = "The United States urged both sides to talk. \"We are in close contact,\" an aide said."
    assert quotes_of(statements(text)) == []


def test_a_verb_coordinated_after_a_quote_keeps_the_speaker():
    text = "Hamas blamed Israel for the violence and called on the mediators to intervene."
    assert [(s.speakers, s.speech_act, s.evidence[0].text) for s in statements(text)] == [
        (("hamas",), "blame", "Hamas blamed Israel for the violence"),
        (("hamas",), "demand", "called on the mediators to intervene")]


def test_participle_takes_the_date_of_its_main_clause_and_an_opening_phrase_dates_the_sentence():
    text = "The IDF dropped leaflets on Friday, calling the area a “combat zone.”"
    [quote] = statements(text, (dated(text, "Friday", "2023-12-01"),))
    assert (quote.speakers, quote.date) == (("israel-defense-forces",), "2023-12-01")
    text = "In a TV interview last June, Netanyahu said a lasting truce was impossible."
    [statement] = statements(text, (dated(text, "last June", "2024-06"),))
    assert statement.date == "2024-06"


@pytest.mark.parametrize(("words", "act"), [
    ("Hamas will pay a heavy price for this,", "threat"),
    ("Release the hostages now,", "demand"),
    ("The occupation keeps violating the truce,", "accusation"),
    ("We remain committed to the agreement,", "commitment"),
    ("The talks went on late into the night,", "statement"),
])
def test_a_neutral_verb_leaves_the_speech_act_to_the_quotations_words(words, act):
    [quote] = statements(f"“{words}” Katz said.")
    assert quote.speech_act == act
    [quote] = statements(f"“{words}” Katz warned.")
    assert quote.speech_act == "warning"


def test_according_to_after_a_quote_names_the_speaker():
    text = "Troops would “stay in position,” according to a statement from the Israeli military."
    [quote] = statements(text)
    assert (quote.speakers, quote.speech_act) == (("israel-defense-forces",), "statement")
    text = "The border would stay “closed until further notice,” according to Qatar."
    assert quotes_of(statements(text)) == [("closed until further notice,", ("qatar",))]


def test_a_headline_names_its_speaker_before_a_colon():
    text = "Netanyahu: ‘Hamas will not rule Gaza’\nThe prime minister spoke on Sunday."
    assert quotes_of(statements(text)) == [("Hamas will not rule Gaza", ("benjamin-netanyahu",))]


def published_statements(text: str, dates: tuple[DateMention, ...], published: str | None) -> list[Statement]:
    return find_statements(document(text), mentions(text), dates, (), published)


def test_the_lede_day_dates_the_undated_attributions_at_the_top_of_a_breaking_story():
    text = ("Truce collapses in Gaza\n\n"
            "Fighting resumed in Gaza on Friday after a week-long truce broke down.\n\n"
            "The IDF said it had struck targets across the enclave.\n\n"
            "Hamas accused Israel of breaking the truce.\n\n"
            "Qatar said talks would go on.\n\n"
            "Netanyahu said Israel would win.")
    dates = (dated(text, "Friday", "2023-12-01"),)
    found = published_statements(text, dates, "2023-12-01")
    assert [(s.speakers, s.date) for s in found] == [
        (("israel-defense-forces",), "2023-12-01"), (("hamas",), "2023-12-01"), (("qatar",), None),
        (("benjamin-netanyahu",), None)]
    assert [s.date for s in published_statements(text, dates, "2023-12-02")] == [None] * 4
    assert [s.date for s in published_statements(text, dates, None)] == [None] * 4


def test_the_lede_frame_ends_at_another_date_and_skips_perfect_tenses():
    text = ("Fighting resumed in Gaza on Friday.\n\n"
            "Netanyahu has said Israel would win.\n\n"
            "In October, Hamas fighters crossed the border.\n\n"
            "Hamas accused Israel of breaking the truce.")
    dates = (dated(text, "Friday", "2023-12-01"), dated(text, "October", "2023-10"))
    assert [(s.speakers, s.date) for s in published_statements(text, dates, "2023-12-01")] == [
        (("benjamin-netanyahu",), None), (("hamas",), None)]


def test_today_in_a_quote_dates_it_and_the_same_speaker_going_on_shares_the_date():
    text = ("Aid trucks waited at the crossing.\n\n"
            "Netanyahu said Hamas “refused to release the hostages today.”\n\n"
            "Netanyahu said 137 people were still held in Gaza.\n\n"
            "Hamas said the talks had failed.")
    dates = (dated(text, "today", "2023-12-01"),)
    assert [(s.speakers, s.date) for s in published_statements(text, dates, None)] == [
        (("benjamin-netanyahu",), "2023-12-01"), (("benjamin-netanyahu",), "2023-12-01"), (("hamas",), None)]


def test_a_paragraph_of_one_speaker_takes_the_date_it_names_once():
    text = ("Katz repeated the threat, warning Hamas that it would pay a heavy price. "
            "“Return the hostages now,” Katz said on Wednesday. Hamas rejected the demand.")
    found = statements(text, (dated(text, "Wednesday", "2025-03-19"),))
    assert [(s.speakers, s.date) for s in found] == [
        (("israel-katz",), "2025-03-19"), (("israel-katz",), "2025-03-19"), (("hamas",), None)]


def test_a_present_tense_reporting_verb_is_dated_by_the_publication_day():
    text = ("Hamas says it is still searching for the remains of the hostages.\n\n"
            "Netanyahu said the search was a delay tactic.\n\n"
            "“We are looking everywhere,” Qatar tells reporters.")
    found = published_statements(text, (), "2025-11-20")
    assert [(s.speakers, s.date) for s in found] == [
        (("hamas",), "2025-11-20"), (("benjamin-netanyahu",), None), (("qatar",), "2025-11-20")]
    assert [s.date for s in published_statements(text, (), None)] == [None, None, None]
