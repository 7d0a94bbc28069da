"""Actor and place mentions on short news-style texts: one test per rule, with its ambiguous cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.lang.en import English

from kg.extract.articles import load_article
from kg.extract.text import actors as actor_step
from kg.extract.text.actors import find_actors, find_places, slug
from kg.extract.text.document import parse
from kg.link.catalogue import load_catalogue
from kg.records import Article, DateClaim

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
UNKNOWN = DateClaim(None, "unknown", "no metadata file")
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ACTOR_TYPES = {"Person", "Organization", "ArmedGroup", "ArmedForces", "Government", "GovernmentBody", "Ministry",
               "PoliticalParty", "MediaOutlet", "InternationalOrganization", "ResearchOrganization", "State", "Group"}
PLACE_TYPES = {"Place", "Territory", "City", "Site", "Region"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def document(text: str):
    return parse(Article("991_actors", text, "0" * 64, UNKNOWN, UNKNOWN))


def actors_of(text: str, catalogue) -> list[tuple[str, str, str]]:
    """(mention text, key, how) of every actor mention, in text order."""
    return [(m.evidence.text, m.key, m.how) for m in find_actors(document(text), catalogue)]


def mention(text: str, catalogue, words: str):
    found = [m for m in find_actors(document(text), catalogue) if m.evidence.text == words]
    assert found, f"no actor mention {words!r} in {actors_of(text, catalogue)}"
    return found[0]


def keys_at(text: str, catalogue, words: str) -> set[str]:
    start = text.index(words)
    return {m.key for m in find_actors(document(text), catalogue)
            if m.evidence.start < start + len(words) and start < m.evidence.end}


# --- catalogue --------------------------------------------------------------------------------------

def test_catalogue_names_and_aliases_case_sensitive(catalogue):
    found = actors_of("Hamas said the IDF had struck Gaza, and the U.S. urged restraint; us all.", catalogue)
    assert ("Hamas", "hamas", "catalogue") in found
    assert ("IDF", "israel-defense-forces", "catalogue") in found
    assert ("U.S.", "united-states", "catalogue") in found
    assert not any(text == "us" for text, _, _ in found)


def test_longest_match_wins_israel_katz_is_a_person_not_the_state(catalogue):
    text = "Israel Katz told the Times of Israel that Israel would not stop."
    found = actors_of(text, catalogue)
    assert ("Israel Katz", "israel-katz", "catalogue") in found
    assert ("Times of Israel", "times-of-israel", "catalogue") in found
    assert [key for words, key, _ in found if key == "israel"] == ["israel"]
    assert keys_at(text, catalogue, "Israel Katz") == {"israel-katz"}


@pytest.mark.parametrize("text", ["Israel’s military said it struck a launcher.",
                                  "Israel's military said it struck a launcher."])
def test_possessive_aliases_with_either_apostrophe(catalogue, text):
    assert mention(text, catalogue, text[:17]).key == "israel-defense-forces"


def test_possessive_s_less_apostrophe_still_finds_the_name(catalogue):
    assert mention("Following Hamas' rejection, talks stalled.", catalogue, "Hamas").key == "hamas"


def test_military_used_as_adjective_is_the_possessor_not_the_armed_forces(catalogue):
    text = "Critics condemned Israel’s military campaign in Gaza."
    assert keys_at(text, catalogue, "Israel’s military campaign") == {"israel"}


# --- titles -----------------------------------------------------------------------------------------

def test_title_with_known_person_gives_role_and_government(catalogue):
    found = mention("Israeli Prime Minister Benjamin Netanyahu vowed to press on.", catalogue,
                    "Israeli Prime Minister Benjamin Netanyahu")
    assert (found.key, found.type, found.how) == ("benjamin-netanyahu", "Person", "title")
    assert found.role == "Prime Minister"
    assert found.member_of == ("israeli-government",)


def test_title_before_a_first_name_that_is_a_state_name(catalogue):
    text = "Defense Minister Israel Cohen said the army was ready."
    found = mention(text, catalogue, "Defense Minister Israel Cohen")
    assert (found.key, found.type, found.role) == ("israel-cohen", "Person", "Defense Minister")
    assert "israel" not in keys_at(text, catalogue, "Israel Cohen")


def test_title_with_new_person_keeps_the_owner_as_its_own_mention(catalogue):
    text = "Hamas spokesman Hazem Qassem said the group would respond."
    person = mention(text, catalogue, "Hamas spokesman Hazem Qassem")
    assert (person.key, person.role, person.member_of) == ("hazem-qassem", "spokesman", ("hamas",))
    assert mention(text, catalogue, "Hamas").key == "hamas"


def test_title_owned_by_a_state_that_is_not_a_ministry(catalogue):
    found = mention("U.S. special envoy Steve Witkoff flew to Doha.", catalogue, "U.S. special envoy Steve Witkoff")
    assert (found.key, found.role, found.member_of) == ("steve-witkoff", "special envoy", ("united-states",))


def test_appositive_title_after_a_name(catalogue):
    text = "Talks were led by Steve Witkoff, Trump's special envoy to the Middle East, in Cairo."
    found = mention(text, catalogue, "Steve Witkoff, Trump's special envoy to the Middle East")
    assert found.role == "special envoy to the Middle East"
    assert found.member_of == ("trump-administration",)
    assert mention(text, catalogue, "Trump").key == "donald-trump"


def test_title_with_affiliation_after_it(catalogue):
    text = "Yossi Levy, a senior researcher at the Institute for National Security Studies, said so."
    found = mention(text, catalogue, "Yossi Levy, a senior researcher at the Institute for National Security Studies")
    assert found.member_of == ("institute-for-national-security-studies",)


def test_unnamed_title_holders(catalogue):
    official = mention("The trucks crossed, according to an Egyptian official.", catalogue, "an Egyptian official")
    assert official.type == "Person" and official.member_of == ("egypt",)
    assert official.key == f"egyptian-official-{slug('991_actors')}"
    guterres = mention("The aid must flow, the UN Secretary-General said.", catalogue, "the UN Secretary-General")
    assert guterres.key == "antonio-guterres"


# --- demonyms and groups ----------------------------------------------------------------------------

def test_demonym_names_the_state_only_where_it_acts(catalogue):
    text = "Talks continue with Qatari and Egyptian mediators after Israeli strikes on Palestinian homes."
    found = actors_of(text, catalogue)
    assert ("Qatari", "qatar", "demonym") in found and ("Egyptian", "egypt", "demonym") in found
    assert not any(words in ("Israeli", "Palestinian") for words, _, _ in found)


def test_officials_of_an_owner_are_a_group_of_it(catalogue):
    group = mention("Israeli officials said the deal was close.", catalogue, "Israeli officials")
    assert (group.type, group.member_of, group.how) == ("Group", ("israel",), "group")
    text = "U.S. lawmakers said the aid must continue."
    assert mention(text, catalogue, "U.S. lawmakers").member_of == ("united-states",)
    assert mention(text, catalogue, "U.S.").key == "united-states"


# --- capitalised names, short forms, acronyms ------------------------------------------------------

@pytest.mark.parametrize(("text", "words", "type_"), [
    ("The Lebanese Health Ministry said 12 people were killed.", "Lebanese Health Ministry", "Ministry"),
    ("The Al-Aqsa Martyrs Brigades claimed the attack.", "Al-Aqsa Martyrs Brigades", "ArmedGroup"),
    ("The Civil Defense Agency said crews were searching.", "Civil Defense Agency", "GovernmentBody"),
    ("The Palestine Liberation Organization condemned the raid.", "Palestine Liberation Organization",
     "Organization"),
])
def test_capitalised_names_typed_by_head_word(catalogue, text, words, type_):
    found = mention(text, catalogue, words)
    assert (found.type, found.key, found.how) == (type_, slug(words), "capitalised-name")


def test_new_person_and_later_surname(catalogue):
    text = ("Residents fled, said Mahmoud Bassal, who leads rescue crews. "
            "Bassal added that many were trapped.")
    full = mention(text, catalogue, "Mahmoud Bassal")
    short = mention(text, catalogue, "Bassal")
    assert full.type == "Person" and full.how == "capitalised-name"
    assert (short.key, short.how) == (full.key, "short-form")


def test_catalogue_person_surname_without_alias_resolves_after_full_name(catalogue):
    text = "Defense Minister Israel Katz spoke on Monday. Katz said the strikes would go on."
    assert mention(text, catalogue, "Katz").key == "israel-katz"


def test_surname_alone_before_any_full_name_is_not_resolved(catalogue):
    assert "Bassal" not in {words for words, _, _ in actors_of("Bassal said crews were trapped.", catalogue)}


def test_lowercase_ministry_of_a_place(catalogue):
    found = mention("Lebanon's health ministry said 12 people died.", catalogue, "Lebanon's health ministry")
    assert (found.type, found.key) == ("Ministry", "lebanon-health-ministry")


def test_acronym_in_parentheses_is_one_mention_and_names_the_actor_later(catalogue):
    text = "The Norwegian Refugee Council (NRC) said two staff died. NRC asked for access."
    first = mention(text, catalogue, "Norwegian Refugee Council (NRC)")
    later = mention(text, catalogue, "NRC")
    assert (later.key, later.how) == (first.key, "short-form")


def test_headlines_in_title_case_give_no_names(catalogue):
    assert actors_of("Ceasefire Talks Stall As Aid Trucks Wait", catalogue) == []


# --- descriptors -----------------------------------------------------------------------------------

def test_descriptors_resolve_to_the_nearest_earlier_actor_of_their_type(catalogue):
    text = ("Hamas rejected the offer. The militant group said it wanted a full withdrawal. "
            "The Israeli military said it struck 20 targets. The military added that two soldiers died. "
            "The Lebanese Health Ministry gave a toll. The ministry said 12 people died.")
    assert mention(text, catalogue, "The militant group").key == "hamas"
    assert mention(text, catalogue, "The military").key == "israel-defense-forces"
    assert mention(text, catalogue, "The ministry").key == "lebanese-health-ministry"
    assert all(m.how == "descriptor" for m in find_actors(document(text), catalogue)
               if m.evidence.text.startswith("The m"))


def test_descriptor_without_antecedent_or_used_as_adjective_is_dropped(catalogue):
    found = actors_of("The militant group said it would fight. The military campaign went on.", catalogue)
    assert found == []


def test_his_government_is_the_government_of_the_person_mentioned_before(catalogue):
    text = "Netanyahu said his government remained committed to its war aims."
    assert mention(text, catalogue, "his government").key == "israeli-government"


def test_health_officials_in_a_place_are_its_health_ministry(catalogue):
    text = "The Gaza Strip was hit again. Scores died, according to health officials in the enclave."
    assert mention(text, catalogue, "health officials in the enclave").key == "gaza-ministry-of-health"


# --- unnamed collective sources --------------------------------------------------------------------

def test_collective_sources_where_they_speak_or_act(catalogue):
    text = ("Aid agencies said the trucks were not enough. The move was condemned by rights groups. "
            "According to a source briefed on the talks, progress was slow. Palestinian prisoners were freed.")
    found = {m.evidence.text: m for m in find_actors(document(text), catalogue)}
    assert found["Aid agencies"].type == "Group" and found["rights groups"].type == "Group"
    assert found["a source"].type == "Person"
    assert not any("prisoners" in words for words in found)


def test_qualified_members_of_an_actor_are_a_group_of_it(catalogue):
    text = "Far-right members of the Israeli government threatened to quit."
    group = mention(text, catalogue, "Far-right members of the Israeli government")
    assert group.member_of == ("israeli-government",)
    assert mention(text, catalogue, "Israeli government").key == "israeli-government"


# --- optional statistical model --------------------------------------------------------------------

def test_statistical_entities_add_only_unexplained_candidates(catalogue, monkeypatch):
    model = English()
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Lina"}, {"label": "ORG", "pattern": "Hamas"}])
    monkeypatch.setattr(actor_step, "_statistical_model", lambda: model)
    found = actors_of("Lina said Hamas had agreed.", catalogue)
    assert ("Lina", "lina", "ner") in found
    assert ("Hamas", "hamas", "catalogue") in found and len(found) == 2


# --- places ----------------------------------------------------------------------------------------

def places_of(text: str, catalogue) -> list[tuple[str, str, str]]:
    return [(m.evidence.text, m.key, m.type) for m in find_places(document(text), catalogue)]


def test_places_from_catalogue_prepositions_and_directions(catalogue):
    text = ("Strikes hit Khan Younis and a camp in Bani Suheila, near the Erez crossing, "
            "and later southern Lebanon, but not Israel.")
    found = places_of(text, catalogue)
    assert ("Khan Younis", "khan-younis", "City") in found
    assert ("Bani Suheila", "bani-suheila", "Place") in found
    assert ("Erez crossing", "erez-crossing", "Site") in found
    assert ("southern Lebanon", "southern-lebanon", "Region") in found
    assert not any(key == "israel" for _, key, _ in found)
    assert "lebanon" not in keys_at(text, catalogue, "southern Lebanon")


def test_territory_words_refer_to_the_territory_named_before(catalogue):
    found = places_of("Aid entered the Gaza Strip. Fighting in the Hamas-run enclave went on.", catalogue)
    assert ("the Hamas-run enclave", "gaza-strip", "Territory") in found


def test_direction_before_a_territory_is_a_region_replacing_the_territory_mention(catalogue):
    found = places_of("Troops pushed into northern Gaza, the densely populated enclave.", catalogue)
    assert found == [("northern Gaza", "northern-gaza", "Region"),
                     ("the densely populated enclave", "gaza-strip", "Territory")]


def test_a_place_that_opens_an_actor_name_is_not_a_place_but_one_inside_a_title_is(catalogue):
    assert places_of("The Gaza Health Ministry said 40 people died.", catalogue) == []
    found = places_of("Steve Witkoff, Trump's special envoy to the Middle East, arrived.", catalogue)
    assert found == [("the Middle East", "middle-east", "Region")]


# --- whole articles --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_mentions_are_well_formed_and_deterministic(catalogue, path):
    article = load_article(path)
    actors = find_actors(parse(article), catalogue)
    places = find_places(parse(article), catalogue)
    assert actors == find_actors(parse(article), catalogue)
    assert len(actors) > 20
    for found in [*actors, *places]:
        assert article.text[found.evidence.start:found.evidence.end] == found.evidence.text
        assert KEY.match(found.key), found.key
    assert {m.type for m in actors} <= ACTOR_TYPES
    assert {m.type for m in places} <= PLACE_TYPES
    assert not {m.key for m in actors} & {m.key for m in places}
    assert {m.member_of for m in actors if m.member_of} and all(k != m.key for m in actors for k in m.member_of)


def test_a_rank_after_the_title_belongs_to_the_role_not_the_name(catalogue) -> None:
    text = "“We will respond,” military spokesman Lt. Col. Avi Cohen told reporters."
    person = mention(text, catalogue, "military spokesman Lt. Col. Avi Cohen")
    assert (person.key, person.name, person.role) == ("avi-cohen", "Avi Cohen", "military spokesman Lt. Col.")
