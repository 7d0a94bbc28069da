"""Bad input is rejected with a readable error that says where: file, line, record and field.

Each case copies `tests/data/mini` to a temporary folder, rewrites its extract in block style (so
every field sits on a line of its own and `.line` can tell a field from its record), changes one
thing in the text and expects `load_seed_extracts` to fail at exactly that place. The expected line
is computed from the mutated file, never hard-coded.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.concepts import concept_keys
from kg.errors import ExtractError, InputError
from kg.extract.articles import MAX_ARTICLE_BYTES, load_article, read_article_text
from kg.extract.curated import load_seed_extracts
from kg.extract.yamlfile import read_yaml

MINI = Path(__file__).parent / "data" / "mini"
ARTICLE = "900_test_article"
ARTICLE_TEXT = (MINI / f"{ARTICLE}.txt").read_text(encoding="utf-8")


def block_style(path: Path) -> str:
    """The extract at `path` with one field per line (flow style kept only for short lists)."""
    data, _ = read_yaml(path)
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=1000, allow_unicode=True)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the mini seeds whose extract is in block style."""
    copy = tmp_path / "seeds"
    shutil.copytree(MINI, copy)
    extract = copy / "extracts" / f"{ARTICLE}.yaml"
    extract.write_text(block_style(extract), encoding="utf-8")
    return copy


def extract_file(seeds: Path) -> Path:
    return seeds / "extracts" / f"{ARTICLE}.yaml"


def test_block_style_copy_loads_like_the_original(seeds: Path) -> None:
    """The base every case mutates is valid and means the same as the original extract."""
    [original] = load_seed_extracts(MINI)
    [copy] = load_seed_extracts(seeds)
    assert copy == original
    assert len(copy.statements) == 2 and len(copy.figures) == 1


@dataclass(frozen=True)
class Case:
    id: str
    old: str                       # text of the block-style extract to replace (must occur exactly once)
    new: str                       # its replacement
    marker: str                    # text on the line the error must point to (searched in `new`, else in the file)
    record: str | None             # the record the error must name ("statements[0]"), or None
    field: str | None              # the field it must name, or None
    says: tuple[str, ...] = ()     # fragments the message must contain
    error: type[InputError] = ExtractError
    says_all: Callable[[], list[str]] | None = None  # more fragments, computed: e.g. every allowed value


def allowed(scheme: str) -> Callable[[], list[str]]:
    return lambda: list(concept_keys().keys(scheme))


QUOTE = "  span: [228, 249]\n  text: Hamas broke the truce\n"
QUOTE_AT = ARTICLE_TEXT.index("Hamas broke the truce")

CASES = [
    Case("span-does-not-cover-text", QUOTE, QUOTE.replace("[228, 249]", "[230, 251]"), "span: [230, 251]",
         "statements[0]", "span",
         says=("covers 'mas broke the truce\" '", f"that text occurs at [{QUOTE_AT}, {QUOTE_AT + 21}]")),
    Case("span-outside-article", QUOTE, QUOTE.replace("[228, 249]", f"[300, {len(ARTICLE_TEXT) + 5}]"),
         "span: [300,", "statements[0]", "span", says=("not inside the article", f"0..{len(ARTICLE_TEXT)}")),
    Case("span-empty", QUOTE, QUOTE.replace("[228, 249]", "[249, 228]"), "span: [249, 228]",
         "statements[0]", "span", says=("not inside the article",)),
    Case("mention-span-does-not-cover-text", "  - span: [279, 284]\n", "  - span: [278, 283]\n",
         "span: [278, 283]", "actors[1]", "span", says=("that text occurs at [228, 233]",)),
    Case("unknown-speech-act", "  speech_act: accusation\n", "  speech_act: gloating\n", "speech_act: gloating",
         "statements[0]", "speech_act", says=("'gloating'",), says_all=allowed("speech-act")),
    Case("unknown-medium", "  medium: video-on-x\n", "  medium: carrier-pigeon\n", "medium: carrier-pigeon",
         "statements[0]", "medium", says=("'carrier-pigeon'",), says_all=allowed("medium")),
    Case("speaker-not-declared", "  speakers: [benjamin-netanyahu]\n", "  speakers: [yahya-sinwar]\n",
         "speakers: [yahya-sinwar]", "statements[0]", "speakers", says=("'yahya-sinwar'", "actors declared")),
    Case("about-not-declared", "  about: [test-truce-2025-06]\n", "  about: [test-truce-2025-06/phase-2]\n",
         "about: [test", "statements[0]", "about", says=("'test-truce-2025-06/phase-2'",)),
    Case("figure-event-not-declared", "  event: test-strikes-khan-younis-2025-06-09\n",
         "  event: test-strikes-rafah\n", "event: test-strikes-rafah", "figures[0]", "event",
         says=("'test-strikes-rafah'",)),
    Case("unknown-event-type", "  type: air-strike\n", "  type: carpet-bombing\n", "type: carpet-bombing",
         "events[0]", "type", says=("'carpet-bombing'",), says_all=allowed("event-type")),
    Case("unknown-figure-qualifier", "  qualifier: at-least\n", "  qualifier: roughly\n", "qualifier: roughly",
         "figures[0]", "qualifier", says=("'roughly'",), says_all=allowed("qualifier")),
    Case("negative-figure-value", "- value: 12\n", "- value: -12\n", "value: -12", "figures[0]", "value",
         says=("-12", "minimum")),
    Case("bad-date", "  date: '2025-06-10'\n", "  date: '2025-13-01'\n", "date: '2025-13-01'", "statements[0]",
         "date", says=("2025-13-01",)),
    Case("bad-key-slug", "- key: khan-younis\n", "- key: Khan_Younis\n", "key: Khan_Younis", "places[0]", "key",
         says=("Khan_Younis",)),
            Case("unknown-field", "  population: people\n", "  population: people\n  casualties: 12\n",
         "casualties: 12", "figures[0]", "casualties", says=("'casualties' was unexpected",)),
    Case("direct-quote-quotation-differs", QUOTE, QUOTE + "  quotation: Hamas broke the ceasefire\n",
         "quotation: Hamas", "statements[0]", "quotation", says=("exactly its span's text",)),
    Case("wrong-article-id", f"article: {ARTICLE}\n", "article: 901_another_article\n", "article: 901",
         None, "article", says=("'901_another_article'", f"expected '{ARTICLE}'")),
    Case("invalid-yaml", "  speech_act: accusation\n", "  speech_act: accusation: again\n",
         "speech_act: accusation: again", None, None, says=("invalid YAML",), error=InputError),
            Case("duplicate-actor-key", "- key: israel\n",
         "- key: hamas\n  type: ArmedGroup\n  name: Hamas\n  span: [279, 284]\n  text: Hamas\n- key: israel\n",
         "key: hamas", "actors[2]", "key", says=("'hamas' is declared twice in actors",)),
            Case("missing-required-field", "  attributed_to: gaza-ministry-of-health\n", "", "- value: 12",
         "figures[0]", "attributed_to", says=("'attributed_to' is a required property",)),
]


def case_id(case: object) -> str:
    return case.id if isinstance(case, Case) else str(case)


def mutate(path: Path, case: Case) -> int:
    """Apply the case to the file; return the (1-based) line the error must point to."""
    text = path.read_text(encoding="utf-8")
    assert text.count(case.old) == 1, f"{case.id}: {case.old!r} must occur exactly once in the extract"
    at = text.index(case.old)
    mutated = text[:at] + case.new + text[at + len(case.old):]
    path.write_text(mutated, encoding="utf-8")
    if case.marker in case.new:
        offset = at + case.new.index(case.marker)
    else:
        assert mutated.count(case.marker) == 1, f"{case.id}: marker {case.marker!r} is not unique"
        offset = mutated.index(case.marker)
    return mutated[:offset].count("\n") + 1


@pytest.mark.parametrize("case", [c if not isinstance(c, Case) else pytest.param(c, id=c.id) for c in CASES],
                         ids=case_id)
def test_bad_extract_is_reported_where_it_is(seeds: Path, case: Case) -> None:
    path = extract_file(seeds)
    line = mutate(path, case)
    with pytest.raises(InputError) as raised:
        load_seed_extracts(seeds)
    error = raised.value
    assert isinstance(error, case.error), f"{type(error).__name__}: {error}"
    message = str(error)
    assert (error.path, error.line) == (path, line), message
    if case.record is None:
        assert error.record is None, message
    else:
        assert error.record is not None and re.match(rf"{re.escape(case.record)}( |$)", error.record), message
    for fragment in case.says + tuple(case.says_all() if case.says_all else ()):
        assert fragment in message
    # The message itself says where: "path:line: record: field 'x': ..."
    assert message.startswith(f"{path}:{line}: ")
    if case.record:
        assert case.record in message
    assert error.field == case.field, message
    if case.field:
        assert f"field '{case.field}'" in message


@pytest.mark.parametrize("kind", ["invalid-yaml", "missing-file"])
def test_unreadable_extract_is_an_extract_error(seeds: Path, kind: str) -> None:
    """The class says what failed: every problem with an extract file should be an ExtractError."""
    path = extract_file(seeds)
    if kind == "missing-file":
        path.unlink()
    else:
        path.write_text(path.read_text(encoding="utf-8") + "actors: [\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_seed_extracts(seeds)
    assert raised.value.path == path
    assert isinstance(raised.value, ExtractError), type(raised.value).__name__


def test_missing_extract_file(seeds: Path) -> None:
    path = extract_file(seeds)
    path.unlink()
    with pytest.raises(InputError) as raised:
        load_seed_extracts(seeds)
    assert raised.value.path == path
    assert raised.value.line is None
    assert "not found" in str(raised.value) and str(path) in str(raised.value)


def test_no_articles(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=r"no article files \(\*\.txt\)") as raised:
        load_seed_extracts(tmp_path)
    assert raised.value.path == tmp_path


# --- article files -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadArticle:
    id: str
    write: Callable[[Path], None]      # makes the bad "article" at the given path
    says: str
    line: int | None = None


def write_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


BAD_ARTICLES = [
    BadArticle("empty", write_bytes(b""), "the article is empty"),
    BadArticle("whitespace-only", write_bytes(b" \n\t\n"), "the article is empty"),
    BadArticle("binary", write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary (it contains NUL bytes)"),
    BadArticle("latin-1", write_bytes("Gaza\nthe truce\nCaf\u00e9 talks\n".encode("latin-1")), "not UTF-8 text", 3),
    BadArticle("bad-byte-line-1", write_bytes(b"\xff\xfe truce"), "not UTF-8 text", 1),
    BadArticle("directory", lambda path: path.mkdir(), "got a directory"),
    BadArticle("too-large", write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1)), f"the limit is {MAX_ARTICLE_BYTES:,}"),
    BadArticle("missing", lambda path: None, "article file not found"),
]


@pytest.mark.parametrize("bad", BAD_ARTICLES, ids=lambda b: b.id)
@pytest.mark.parametrize("reader", [read_article_text, load_article], ids=["read_article_text", "load_article"])
def test_bad_article_file(tmp_path: Path, bad: BadArticle, reader: Callable[[Path], object]) -> None:
    path = tmp_path / f"{ARTICLE}.txt"
    bad.write(path)
    with pytest.raises(InputError) as raised:
        reader(path)
    error = raised.value
    assert error.path == path and error.line == bad.line
    assert bad.says in str(error)
    assert str(error).startswith(f"{path}{'' if bad.line is None else f':{bad.line}'}: ")


def test_good_article_reads(tmp_path: Path) -> None:
    """The limit is a limit, not an off-by-one: an article of exactly MAX_ARTICLE_BYTES reads."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"a" * MAX_ARTICLE_BYTES)
    text, digest = read_article_text(path)
    assert len(text) == MAX_ARTICLE_BYTES and len(digest) == 64


@pytest.mark.parametrize("bad", [b for b in BAD_ARTICLES if b.id != "missing"], ids=lambda b: b.id)
def test_kg_check_reports_bad_article_without_traceback(tmp_path: Path, bad: BadArticle) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    path = seeds / f"{ARTICLE}.txt"
    if path.is_file():
        path.unlink()
    bad.write(path)
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert bad.says in result.output and path.name in result.output
