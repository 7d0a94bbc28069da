"""The seeds: articles unchanged, metadata honest, every curated span exactly its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.articles import load_article
from kg.extract.curated import extract_path, load_extract
from kg.extract.yamlfile import read_yaml

from conftest import ROOT, SEEDS

ARTICLES = sorted(p.stem for p in SEEDS.glob("*.txt"))
SHARED = ROOT.parent / "shared" / "seeds"


def test_five_seed_articles() -> None:
    assert len(ARTICLES) == 5


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("article", ARTICLES)
def test_article_is_byte_identical_to_the_original(article: str) -> None:
    assert (SEEDS / f"{article}.txt").read_bytes() == (SHARED / f"{article}.txt").read_bytes()


@pytest.mark.parametrize("article", ARTICLES)
def test_every_span_covers_its_text(article: str) -> None:
    """Reads the YAML directly (not through the checker) so this test does not trust the code it guards."""
    text = (SEEDS / f"{article}.txt").read_text(encoding="utf-8")
    data, _ = read_yaml(extract_path(SEEDS, article))
    checked = 0
    for section, records in data.items():
        if not isinstance(records, list):
            continue
        for record in records:
            for item in [record] + record.get("mentions", []):
                start, end = item["span"]
                assert text[start:end] == item["text"], f"{section}: {item['text']!r} at {start}-{end}"
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("article", ARTICLES)
def test_extract_loads_and_covers_every_record_kind_it_should(article: str) -> None:
    extract = load_extract(extract_path(SEEDS, article), load_article(SEEDS / f"{article}.txt"))
    assert extract.actors and extract.statements and extract.events and extract.figures


@pytest.mark.parametrize("article", ARTICLES)
def test_every_double_quoted_passage_is_a_direct_quote(article: str) -> None:
    """Every passage between double quotation marks (straight or curly) lies inside a DirectQuote span."""
    text = (SEEDS / f"{article}.txt").read_text(encoding="utf-8")
    extract = load_extract(extract_path(SEEDS, article), load_article(SEEDS / f"{article}.txt"))
    quotes = [e for s in extract.statements if s.kind == "DirectQuote" for e in s.evidence]
    opening, inside, missing = None, False, []
    for index, char in enumerate(text):
        if char in "\u201c\"" and not inside:
            opening, inside = index + 1, True
        elif char in "\u201d\"" and inside:
            inside = False
            if index - opening > 3 and not any(q.start <= opening + 1 and index - 1 <= q.end for q in quotes):
                missing.append(text[opening:index])
    assert not missing, f"quoted passages without a DirectQuote record: {missing}"


def test_metadata_keeps_the_stated_date_of_article_001() -> None:
    article = load_article(SEEDS / "001_15bafae28f224b27.txt")
    assert article.published.value == "2024-02-06"
    assert article.published.method == "stated-in-text"
    assert article.inferred_published == "2025-03-18"
    assert article.text[article.published.evidence.start:article.published.evidence.end] == "date 2024-02-06"


@pytest.mark.parametrize("article", ARTICLES)
def test_metadata_says_how_each_value_was_determined(article: str) -> None:
    meta = load_article(SEEDS / f"{article}.txt")
    for claim in (meta.published, meta.outlet):
        assert claim.method in ("stated-in-text", "inferred-from-content", "unknown")
        assert claim.note
        assert (claim.value is None) == (claim.method == "unknown")


def test_cnn_is_stated_by_article_002() -> None:
    article = load_article(SEEDS / "002_6f0f6d7dc1d14af9.txt")
    assert article.outlet.value == "cnn" and article.outlet.method == "stated-in-text"
    assert "cnn.com" in article.outlet.evidence.text
