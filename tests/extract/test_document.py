"""The parsed document: sentences over the exact article text."""

from __future__ import annotations

from kg.extract.text.document import parse
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
