"""The annotation format: what a curator writes, and every mistake named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.annotation import decode_article, find_quote, load_annotation, read_article
from kg.errors import AmbiguousQuoteError, AnnotationError, ArticleError, QuoteNotFoundError, UnknownKeyError

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "kg" / "data" / "articles" / "tillerson-moscow-2017.txt"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


@pytest.fixture
def text() -> str:
    return read_article(SEED_TEXT)


def write_variant(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The minimal annotation with one change applied, written as YAML."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_minimal_annotation_resolves_every_quote(text: str) -> None:
    annotation = load_annotation(MINIMAL, text)
    for stance in annotation.section("stances"):
        span = annotation.span(stance)
        assert span is not None
        assert text[span.start:span.end] == stance["quote"]


def test_unknown_actor_names_file_line_and_key(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["stances"][0].update(target="asad"))
    with pytest.raises(UnknownKeyError) as caught:
        load_annotation(path, text)
    assert caught.value.path == path
    assert caught.value.line == line_of(path, "target: asad")
    assert "'asad'" in str(caught.value) and str(path) in str(caught.value)


def test_unknown_stance_type_suggests_the_right_one(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["stances"][0].update(type="opposes"))
    with pytest.raises(UnknownKeyError, match=r"unknown stance type 'opposes'.*oppose") as caught:
        load_annotation(path, text)
    assert caught.value.line == line_of(path, "type: opposes")


def test_quote_absent_from_text(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["stances"][1].update(quote="Russia must leave Syria"))
    with pytest.raises(QuoteNotFoundError) as caught:
        load_annotation(path, text)
    assert caught.value.quote == "Russia must leave Syria"
    assert caught.value.line == line_of(path, "Russia must leave Syria")


def test_straightened_quote_marks_are_not_silently_accepted(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["stances"][1].update(quote='must not be "pushed into a corner"'))
    with pytest.raises(QuoteNotFoundError, match="normalised"):
        load_annotation(path, text)


def test_ambiguous_quote_needs_an_occurrence(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["stances"][1].update(quote="Moscow"))
    with pytest.raises(AmbiguousQuoteError, match="occurs 6 times"):
        load_annotation(path, text)
    path = write_variant(tmp_path, lambda d: d["stances"][1].update(quote="Moscow", occurrence=2))
    annotation = load_annotation(path, text)
    span = annotation.span(annotation.section("stances")[1])
    assert span is not None and text[span.start:span.end] == "Moscow"
    assert span.start == [i for i in range(len(text)) if text.startswith("Moscow", i)][1]


def test_bad_date_is_named(tmp_path: Path, text: str) -> None:
    path = write_variant(tmp_path, lambda d: d["article"].update(published="11 April 2017"))
    with pytest.raises(AnnotationError, match="article/published") as caught:
        load_annotation(path, text)
    assert caught.value.line == line_of(path, "published:")


def test_invalid_yaml_gives_its_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("article:\n  title: x\n  published: [2017\nactors: []\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="not valid YAML") as caught:
        load_annotation(path, text)
    assert caught.value.line is not None


def test_duplicate_mapping_key_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("  language: en\n", "  language: en\n  language: fr\n"),
                    encoding="utf-8")
    with pytest.raises(AnnotationError, match="'language' appears twice"):
        load_annotation(path, text)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"Tillerson \xff warns", "not UTF-8: byte 0xff at offset 10"),
    (b"GIF89a\x01\x00\x00\x00", "NUL"),
    ("\ufeffTillerson".encode(), "byte-order mark"),
])
def test_bad_article_bytes(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        decode_article(data, path="article.txt")


def test_article_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(ArticleError, match="over the limit of 100 bytes"):
        read_article(path, max_bytes=100)


def test_offsets_count_code_points_not_bytes() -> None:
    text = "Putin’s “aggression” claim"
    span = find_quote(text, "aggression")
    assert (span.start, span.end) == (9, 19)
    assert text[span.start:span.end] == "aggression"
