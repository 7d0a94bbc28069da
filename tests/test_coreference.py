"""Event and agreement coreference by rule (kg/resolve/coreference.py).

On the seeds the curated keys are first ERASED (rewritten to article-local ones), so every merge
comes from the rule; the curated keys serve only as the answer key the merges are measured against.
Unit cases use short news-style articles written for these tests.
"""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

import pytest

from kg.extract.curated import load_seed_extracts
from kg.records import Agreement, Article, DateClaim, Event, Evidence, Extract
from kg.resolve.coreference import RecordRef, Resolution, rekeyed, resolve

from conftest import SEEDS


def erased(extract: Extract) -> tuple[Extract, dict[RecordRef, str]]:
    """The extract with article-local event and agreement keys, and the curated key of each record."""
    prefix = extract.article.id[:3]
    agreements = {a.key: f"a{prefix}-{i}" for i, a in enumerate(extract.agreements)}
    events = {e.key: f"e{prefix}-{i}" for i, e in enumerate(extract.events)}

    def about(ref: str) -> str:
        if "/phase-" in ref:
            parent, ordinal = ref.split("/phase-")
            return f"{agreements[parent]}/phase-{ordinal}"
        return agreements.get(ref) or events[ref]

    local = replace(
        extract,
        agreements=tuple(replace(a, key=agreements[a.key]) for a in extract.agreements),
        phases=tuple(replace(p, agreement=agreements[p.agreement]) for p in extract.phases),
        terms=tuple(replace(t, agreement=agreements[t.agreement]) for t in extract.terms),
        statements=tuple(replace(s, about=tuple(about(r) for r in s.about)) for s in extract.statements),
        events=tuple(replace(e, key=events[e.key], violates=tuple(agreements[k] for k in e.violates))
                     for e in extract.events),
        figures=tuple(replace(f, event=events[f.event] if f.event else None) for f in extract.figures),
    )
    truth = {RecordRef(extract.article.id, "agreement", v): k for k, v in agreements.items()}
    truth |= {RecordRef(extract.article.id, "event", v): k for k, v in events.items()}
    return local, truth


@pytest.fixture(scope="module")
def seeds_erased() -> tuple[list[Extract], dict[RecordRef, str]]:
    extracts, truth = [], {}
    for extract in load_seed_extracts(SEEDS):
        local, keys = erased(extract)
        extracts.append(local)
        truth |= keys
    return extracts, truth


@pytest.fixture(scope="module")
def resolution(seeds_erased: tuple[list[Extract], dict[RecordRef, str]]) -> Resolution:
    return resolve(seeds_erased[0])


def pairwise(resolution: Resolution, truth: dict[RecordRef, str], kind: str) -> tuple[int, int, int]:
    """True positive, false positive and false negative merges over all pairs of records of `kind`."""
    refs = sorted(r for r in truth if r.kind == kind)
    tp = fp = fn = 0
    for a, b in combinations(refs, 2):
        same, merged = truth[a] == truth[b], resolution.keys[a] == resolution.keys[b]
        tp, fp, fn = tp + (same and merged), fp + (merged and not same), fn + (same and not merged)
    return tp, fp, fn


def test_no_curated_key_survives_erasure(seeds_erased: tuple[list[Extract], dict[RecordRef, str]]) -> None:
    extracts, truth = seeds_erased
    local_keys = {e.key for x in extracts for e in x.events} | {a.key for x in extracts for a in x.agreements}
    assert not local_keys & set(truth.values())
    assert len(local_keys) == len(truth)


def test_strikes_of_18_march_2025_are_one_event_from_three_articles(
        seeds_erased: tuple[list[Extract], dict[RecordRef, str]], resolution: Resolution) -> None:
    extracts, _ = seeds_erased
    text = {x.article.id: x.article.text for x in extracts}
    strikes = [(x.article.id, e) for x in extracts for e in x.events
               if e.type == "air-strike" and e.date == "2025-03-18"]
    keys = {resolution.key(article, "event", e.key) for article, e in strikes}
    assert len(keys) == 1
    cluster = resolution.clusters("event")[keys.pop()]
    assert sorted(ref.article[:3] for ref in cluster) == ["000", "001", "003"]
    # the three sentences, as the articles print them
    spans = {ref.article[:3]: next(e.evidence[0] for a, e in strikes if a == ref.article) for ref in cluster}
    assert "Israeli strikes" in text["001_15bafae28f224b27"][spans["001"].start:spans["001"].end]
    assert "airstrikes overnight Tuesday" in spans["000"].text and spans["003"].text == "Israel's renewed offensive"


def test_merges_measured_against_the_curated_keys(seeds_erased: tuple[list[Extract], dict[RecordRef, str]],
                                                  resolution: Resolution) -> None:
    """Pairwise precision and recall of the merges (measured on the seeds: 1.0 and 1.0 for both kinds)."""
    _, truth = seeds_erased
    for kind, expected_pairs in (("event", 12), ("agreement", 4)):
        tp, fp, fn = pairwise(resolution, truth, kind)
        assert tp + fn == expected_pairs          # pairs the curators joined: counted from the extracts
        assert fp == 0, f"{kind}: {fp} false merges"
        assert tp / (tp + fn) >= 0.9, f"{kind}: recall {tp / (tp + fn):.2f}"


def test_distinct_events_stay_distinct(seeds_erased: tuple[list[Extract], dict[RecordRef, str]],
                                       resolution: Resolution) -> None:
    extracts, truth = seeds_erased
    by_curated = {}
    for ref, key in truth.items():
        by_curated.setdefault(key, set()).add(resolution.keys[ref])
    assert all(len(keys) == 1 for keys in by_curated.values())
    assert len(set(resolution.keys.values())) == len(set(truth.values()))
    # the 2023 truce and the 2025 ceasefires are different agreements
    types = {resolution.key(x.article.id, "agreement", a.key): a.type for x in extracts for a in x.agreements}
    assert sum(1 for t in types.values() if t in ("Truce", "Ceasefire")) == 3


def test_every_merge_is_traced(resolution: Resolution) -> None:
    for kind, clusters in (("event", resolution.clusters("event")), ("agreement", resolution.clusters("agreement"))):
        for key, members in clusters.items():
            merges = [m for m in resolution.merges if m.kind == kind and m.key == key]
            assert len(merges) == len(members) - 1          # a spanning tree of the cluster
            assert {r for m in merges for r in m.records} == (set(members) if merges else set())
    strikes = [m for m in resolution.merges if "same-violated-agreement" in m.features]
    assert strikes and all({"same-type", "same-day", "shared-agent"} <= set(m.features) for m in strikes)


def test_independent_of_input_order(seeds_erased: tuple[list[Extract], dict[RecordRef, str]],
                                    resolution: Resolution) -> None:
    extracts = list(seeds_erased[0])
    shuffle = random.Random(5)
    for _ in range(3):
        shuffle.shuffle(extracts)
        mixed = [replace(x, events=tuple(shuffle.sample(x.events, len(x.events)))) for x in extracts]
        again = resolve(mixed)
        assert again.keys == resolution.keys and again.merges == resolution.merges


def test_rekeyed_extracts_point_at_the_canonical_nodes(seeds_erased: tuple[list[Extract], dict[RecordRef, str]],
                                                       resolution: Resolution) -> None:
    for extract in seeds_erased[0]:
        resolved = rekeyed(extract, resolution)
        keys = {e.key for e in resolved.events}
        assert all(f.event in keys for f in resolved.figures if f.event)
        agreements = {a.key for a in resolved.agreements}
        assert all(p.agreement in agreements for p in resolved.phases)
        assert all(k in agreements for e in resolved.events for k in e.violates)


# --- short articles written for these tests -------------------------------------------------------

def article(article_id: str, text: str, published: str) -> Article:
    return Article(article_id, text, "0" * 64, DateClaim(published, "inferred-from-content", "test"),
                   DateClaim(None, "unknown", "test"))


def span(text: str, words: str) -> tuple[Evidence, ...]:
    start = text.index(words)
    return (Evidence(start, start + len(words), words),)


TRUCE_2023 = ("Fighting resumed in Gaza on Friday after the ceasefire between Israel and Hamas expired, "
              "mediators in Qatar said.")
CEASEFIRE_2025 = ("Israel and Hamas accused each other of breaking the ceasefire on Sunday, as mediators "
                  "pressed for talks on its second phase.")
CEASEFIRE_2025_DATED = ("Gaza's calm ended when the ceasefire that took effect on Jan. 19 between Israel and "
                        "Hamas collapsed on Tuesday as Israeli jets struck across Gaza.")


def ceasefire(article_id: str, text: str, published: str, key: str, **dates: str) -> Extract:
    return Extract(article(article_id, text, published), "curation",
                   agreements=(Agreement(key, "Ceasefire", "the ceasefire", span(text, "the ceasefire"),
                                         parties=("israel", "hamas"), **dates),))


def test_the_ceasefire_of_2023_and_of_2025_are_different_agreements() -> None:
    old = ceasefire("900_truce", TRUCE_2023, "2023-12-01", "the-ceasefire")
    new = ceasefire("901_ceasefire", CEASEFIRE_2025, "2025-02-16", "the-ceasefire")
    result = resolve([old, new])
    assert result.key("900_truce", "agreement", "the-ceasefire") != result.key("901_ceasefire", "agreement",
                                                                                "the-ceasefire")
    assert not result.merges


def test_undated_mention_joins_the_agreement_in_force_at_publication() -> None:
    dated = ceasefire("902_collapse", CEASEFIRE_2025_DATED, "2025-03-18", "c1", start="2025-01-19", end="2025-03-18")
    undated = ceasefire("901_ceasefire", CEASEFIRE_2025, "2025-02-16", "c7")
    old = ceasefire("900_truce", TRUCE_2023, "2023-12-01", "c3")
    result = resolve([dated, undated, old])
    assert result.key("902_collapse", "agreement", "c1") == result.key("901_ceasefire", "agreement", "c7")
    assert result.key("900_truce", "agreement", "c3") != result.key("902_collapse", "agreement", "c1")
    (merge,) = result.merges
    assert merge.rule == "agreement-coreference-v1" and "publication-context" in merge.features


STRIKES_A = "Israeli warplanes struck Khan Younis on Tuesday, killing 30 people, officials said."
STRIKES_B = ("Israel carried out strikes on Khan Younis on Tuesday. Later that day Israeli jets struck Rafah, "
             "and a separate raid hit a school in Khan Younis.")


def strike(text: str, words: str, key: str, date: str, places: tuple[str, ...], **more: object) -> Event:
    return Event(key, "air-strike", words, span(text, words), date=date, agents=("israel",), places=places,
                 **more)  # type: ignore[arg-type]


def test_strikes_in_one_article_are_never_merged_and_the_best_match_wins() -> None:
    a = Extract(article("910_a", STRIKES_A, "2025-03-19"), "curation",
                events=(strike(STRIKES_A, "Israeli warplanes struck Khan Younis", "e1", "2025-03-18", ("khan-younis",)),))
    b = Extract(article("911_b", STRIKES_B, "2025-03-19"), "curation", events=(
        strike(STRIKES_B, "Israel carried out strikes on Khan Younis", "e1", "2025-03-18", ("khan-younis",)),
        strike(STRIKES_B, "Israeli jets struck Rafah", "e2", "2025-03-18", ("rafah",)),
        strike(STRIKES_B, "a separate raid hit a school in Khan Younis", "e3", "2025-03", ("khan-younis",)),
    ))
    result = resolve([b, a])
    assert result.key("910_a", "event", "e1") == result.key("911_b", "event", "e1")
    assert len({result.key("911_b", "event", k) for k in ("e1", "e2", "e3")}) == 3
    assert len(result.merges) == 1 and "same-day" in result.merges[0].features


def test_a_campaign_is_not_one_of_its_strikes() -> None:
    a = Extract(article("910_a", STRIKES_A, "2025-03-19"), "curation",
                events=(strike(STRIKES_A, "Israeli warplanes struck Khan Younis", "e1", "2025-01",
                               ("khan-younis",), end="2025-03"),))
    b = Extract(article("911_b", STRIKES_B, "2025-03-19"), "curation",
                events=(strike(STRIKES_B, "Israel carried out strikes on Khan Younis", "e1", "2025-03-18",
                               ("khan-younis",)),))
    assert not resolve([a, b]).merges


def test_kg_add_keeps_stored_keys_and_joins_a_stored_event() -> None:
    stored = Extract(article("910_a", STRIKES_A, "2025-03-19"), "curation",
                     events=(strike(STRIKES_A, "Israeli warplanes struck Khan Younis", "strikes-khan-younis-2025-03-18",
                                    "2025-03-18", ("khan-younis",)),))
    added = Extract(article("911_b", STRIKES_B, "2025-03-19"), "extractor", events=(
        strike(STRIKES_B, "Israel carried out strikes on Khan Younis", "e1", "2025-03-18", ("khan-younis",)),
        strike(STRIKES_B, "Israeli jets struck Rafah", "e2", "2025-03-18", ("rafah",)),
    ))
    result = resolve([added], existing=[stored])
    assert result.key("910_a", "event", "strikes-khan-younis-2025-03-18") == "strikes-khan-younis-2025-03-18"
    assert result.key("911_b", "event", "e1") == "strikes-khan-younis-2025-03-18"
    assert result.key("911_b", "event", "e2") == "e2"
    assert rekeyed(added, result).events[0].key == "strikes-khan-younis-2025-03-18"
