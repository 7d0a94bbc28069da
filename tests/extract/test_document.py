"""The parsed document: sentences over the exact article text."""

from __future__ import annotations

import pytest

from kg.extract.text.document import Word, english, parse
from kg.resources import seeds_dir
from kg.records import Article, DateClaim

UNKNOWN = DateClaim(value=None, method="unknown", note="test")


def article(text: str) -> Article:
    return Article(id="test", text=text, sha256="0" * 64, published=UNKNOWN, outlet=UNKNOWN)


def test_a_military_rank_does_not_end_the_sentence() -> None:
    document = parse(article("“We will respond,” military spokesman Lt. Col. Avi Cohen told reporters on Friday. "
                             "Brig.-Gen. Dan Levi and Capt. Noa Bar agreed."))
    assert [s.text for s in document.sentences] == [
        "“We will respond,” military spokesman Lt. Col. Avi Cohen told reporters on Friday.",
        "Brig.-Gen. Dan Levi and Capt. Noa Bar agreed."]


def test_a_line_break_ends_a_sentence_without_punctuation() -> None:
    document = parse(article("Truce holds in Gaza\nThe ceasefire held on Monday."))
    assert [s.text.strip() for s in document.sentences] == ["Truce holds in Gaza", "The ceasefire held on Monday."]


def test_an_article_longer_than_spacys_default_limit_parses() -> None:
    text = "The ceasefire held on Monday. " * 40_000
    assert len(text) > 1_000_000
    assert len(parse(article(text)).sentences) == 40_000


def test_sentence_index_gives_the_sentence_holding_an_offset_or_the_one_before_its_gap() -> None:
    text = "Truce holds in Gaza\nThe ceasefire held on Monday. Talks resume."
    document = parse(article(text))
    gap = text.index(". Talks") + 1
    assert document.sentence_index(text.index("Gaza")) == 0
    assert document.sentence_index(text.index("ceasefire")) == 1
    assert document.sentence_index(gap) == 1
    assert document.sentences[1].end_char == gap          # the space after a sentence lies in no sentence
    assert document.sentence_index(text.index("Talks")) == 2
    assert document.sentences[document.sentence_index(text.index("resume"))].text == "Talks resume."


WORD_TEXTS = [
    "Gaza’s Health Ministry said 1,800 people, including twenty-five children, were killed.\n"
    "HAMAS AGREES TO TRUCE\n  Lt. Col. Avi Cohen (IDF) told 3.5 million viewers: “It’s over.”",
    "",
]


@pytest.mark.parametrize("text", WORD_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))])
def test_each_word_holds_what_its_spacy_token_says(text: str) -> None:
    document = parse(article(text))
    fields = Word._fields
    assert [tuple(word) for word in document.words] == [tuple(getattr(token, f) for f in fields)
                                                         for token in document.doc]
    assert all(len(word.text) == len(token) for word, token in zip(document.words, document.doc, strict=True))
    assert document.words is document.words


def test_tokens_do_not_depend_on_the_articles_parsed_before() -> None:
    """The tokenizer's per-process cache, filled line by line in `parse`, gives the tokens a fresh
    pipeline gives (seeds parsed after each other, compared with a new pipeline's for each)."""
    for path in sorted(seeds_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        fresh = english.__wrapped__()(text)
        parsed = parse(article(text)).doc
        assert [(t.text, t.idx, t.is_sent_start) for t in parsed] == [(t.text, t.idx, t.is_sent_start) for t in fresh]
