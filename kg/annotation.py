"""Read an article and its annotation, and check them completely before anything is written.

The annotation (one YAML file per article, described by kg/annotation.schema.json) is the contract
between people and machines. `load_annotation` validates it against the schema, resolves every
reference and finds every quote in the text exactly as stored (offsets in Unicode code points, end
exclusive). Every problem is a typed error naming the file, the YAML line and what is wrong.
This module reads; it never writes to a store.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import AmbiguousQuoteError, AnnotationError, ArticleError, QuoteNotFoundError, UnknownKeyError

DEFAULT_MAX_ARTICLE_BYTES = 2 * 1024 * 1024

# ---------- the article text ----------


def read_article(path: Path | str, *, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> str:
    """The article's text exactly as stored on disk (UTF-8, no normalisation).

    Raises ArticleError naming the file when it is missing, larger than `max_bytes`, not UTF-8
    (with the byte offset of the first bad byte), or empty.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ArticleError(f"cannot read the article: {e.strerror}", path=path) from e
    if size > max_bytes:
        raise ArticleError(f"the article is {size} bytes, over the limit of {max_bytes} bytes", path=path)
    return decode_article(path.read_bytes(), path=path)


def decode_article(data: bytes, *, path: Path | str | None = None) -> str:
    """Decode article bytes as UTF-8; raises ArticleError for bad bytes, a NUL byte, or no text at all."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ArticleError(f"the article is not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} "
                           "cannot be decoded", path=path) from e
    if text.startswith("\ufeff"):
        raise ArticleError("the article starts with a byte-order mark; save it as UTF-8 without BOM so offsets "
                           "count from the first character", path=path)
    if "\x00" in text:
        raise ArticleError(f"the article holds a NUL character at offset {text.index(chr(0))}: is it a binary file?",
                           path=path)
    if not text.strip():
        raise ArticleError("the article is empty", path=path)
    return text


def article_id(text: str) -> str:
    """The article's stable key: the first 16 hex digits of the SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------- YAML with line numbers ----------


class _LineDict(dict):  # type: ignore[type-arg]
    line: int = 0
    key_lines: dict[str, int]


class _LineList(list):  # type: ignore[type-arg]
    line: int = 0


# libyaml's parser when present (five times faster on a 40-stance annotation), the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that remembers lines and leaves dates as the strings the curator wrote.

    Refuses aliases (`*name`): nine nested lists of nine aliases each are 9**9 values once walked
    (YAML's "billion laughs"), and validation walks every value (tests/test_faults.py).
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return self.construct_document(node)


def _refuse_aliases(root: yaml.Node) -> None:
    """Raise AnnotationError at the first node reached twice (an alias); iterative, linear in the nodes."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise AnnotationError("YAML aliases (*name) are not allowed in annotations; write the value out",
                                  line=node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise AnnotationError("a mapping key must be a plain value", line=key_node.start_mark.line + 1)
        if key in result:
            raise AnnotationError(f"the key {key!r} appears twice in one mapping", line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    result = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _line_of(node: Any, key: str | None = None) -> int | None:
    if key is not None and isinstance(node, _LineDict):
        return node.key_lines.get(key, node.line)
    return getattr(node, "line", None)


# ---------- the validated annotation ----------

SECTIONS = ("actors", "things", "offices", "tenures", "stances", "events", "alignments", "relations", "sanctions")
DATE_FIELDS = ("published", "from", "to", "time", "since")


@dataclass(frozen=True)
class Span:
    """Where a quote sits in the article: `text[start:end] == exact`."""

    start: int
    end: int
    exact: str


@dataclass
class Annotation:
    """A validated annotation: its sections as dicts, every quote resolved to a Span."""

    path: Path | None
    text: str
    data: dict[str, Any]
    sha256: str
    spans: dict[int, Span] = field(default_factory=dict)

    @property
    def article(self) -> dict[str, Any]:
        return self.data["article"]

    def section(self, name: str) -> list[dict[str, Any]]:
        return list(self.data.get(name) or [])

    def span(self, item: dict[str, Any]) -> Span | None:
        """The resolved quote of an item, or None when it has no quote."""
        return self.spans.get(id(item))

    @property
    def machine_made(self) -> bool:
        return bool(self.article.get("machine_made", False))


@cache
def annotation_schema() -> dict[str, Any]:
    """The JSON Schema of the annotation format (kg/annotation.schema.json)."""
    return json.loads(resources.files("kg").joinpath("annotation.schema.json").read_text(encoding="utf-8"))


def load_annotation(path: Path | str, text: str, *, stance_types: set[str] | None = None) -> Annotation:
    """Read and validate the annotation at `path` for the article `text`.

    Raises AnnotationError (or a subclass: UnknownKeyError, QuoteNotFoundError, AmbiguousQuoteError)
    naming the file and YAML line. Nothing is written anywhere.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise AnnotationError(f"cannot read the annotation: {e.strerror}", path=path) from e
    return parse_annotation(raw, text, path=path, stance_types=stance_types)


def parse_annotation(raw: bytes | str, text: str, *, path: Path | None = None,
                     stance_types: set[str] | None = None) -> Annotation:
    """Validate annotation YAML given as bytes or text; see `load_annotation`."""
    if isinstance(raw, bytes):
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise AnnotationError(f"the annotation is not UTF-8 (bad byte at offset {e.start})", path=path) from e
    else:
        source = raw
    try:
        data = yaml.load(source, Loader=_Loader)
    except AnnotationError as e:
        raise AnnotationError(e.reason, path=path, line=e.line) from e
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise AnnotationError(f"not valid YAML: {e.problem}", path=path, line=line) from e
    except (yaml.YAMLError, RecursionError) as e:
        raise AnnotationError(f"not valid YAML: {type(e).__name__}", path=path) from e
    if not isinstance(data, dict):
        raise AnnotationError("the annotation must be a mapping with `article:` and `actors:`", path=path, line=1)
    _coerce_dates(data)
    _check_schema(data, path)
    annotation = Annotation(path=path, text=text, data=data,
                            sha256=hashlib.sha256(source.encode("utf-8")).hexdigest())
    _check_references(annotation, stance_types if stance_types is not None else _known_stance_types())
    _resolve_quotes(annotation)
    return annotation


def _known_stance_types() -> set[str]:
    from .ontology import load_stance_types

    return set(load_stance_types())


def _coerce_dates(data: dict[str, Any]) -> None:
    """A curator may write `from: 2013`; YAML reads that as a number, the schema wants the string."""
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in DATE_FIELDS:
                if isinstance(node.get(key), int) and not isinstance(node.get(key), bool):
                    node[key] = str(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(annotation_schema())


def _check_schema(data: dict[str, Any], path: Path | None) -> None:
    validator = _schema_validator()
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    node: Any = data
    line = _line_of(data)
    parts = list(error.absolute_path)
    for i, part in enumerate(parts):
        try:
            child = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = _line_of(node, str(part)) if isinstance(part, str) and i == len(parts) - 1 else (
            _line_of(child) or _line_of(node, str(part)) or line)
        node = child
    where = "/".join(str(p) for p in parts) or "the top level"
    raise AnnotationError(f"{where}: {error.message}", path=path, line=line)


# Which fields refer to which sections. "actors" etc. are the sections a key must be defined in.
_REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "actors": {"members": ("actors",), "affiliated_with": ("actors",), "governs": ("actors",),
               "controlled_by": ("actors",)},
    "things": {"broadcast_by": ("actors",), "located_in": ("things",)},
    "offices": {"of": ("actors",)},
    "tenures": {"holder": ("actors",), "office": ("offices",)},
    "stances": {"holder": ("actors",), "target": ("actors",), "stated_by": ("actors",),
                "on_behalf_of": ("actors",), "via": ("actors", "things"),
                "topic": ("sanctions", "events", "alignments", "relations", "things")},
    "events": {"actors": ("actors",), "recipients": ("actors",), "participants": ("actors",),
               "place": ("things",), "in_response_to": ("events",), "award": ("things",)},
    "alignments": {"members": ("actors",), "opposed_to": ("alignments",)},
    "relations": {"parties": ("actors",), "changed_by": ("events",)},
    "sanctions": {"imposer": ("actors",), "target": ("actors",)},
}


def _check_references(annotation: Annotation, stance_types: set[str]) -> None:
    path, data = annotation.path, annotation.data
    defined: dict[str, set[str]] = {}
    for section in SECTIONS:
        seen: set[str] = set()
        for item in data.get(section) or []:
            key = item.get("key")
            if key is None:
                continue
            if key in seen:
                raise AnnotationError(f"{section}: the key {key!r} is defined twice", path=path,
                                      line=_line_of(item, "key"))
            seen.add(key)
        defined[section] = seen
    for section, fields_ in _REFERENCES.items():
        for item in data.get(section) or []:
            for name, targets in fields_.items():
                value = item.get(name)
                for ref in value if isinstance(value, list) else [value] if value is not None else []:
                    if not any(ref in defined[t] for t in targets):
                        kinds = " or ".join(t.rstrip("s") if t != "things" else "thing" for t in targets)
                        raise UnknownKeyError(f"{section}: {name} {ref!r} is not a defined {kinds} key",
                                              path=path, line=_line_of(item, name))
    for item in data.get("stances") or []:
        if item["type"] not in stance_types:
            close = sorted(t for t in stance_types if t.lower()[:4] == str(item["type"]).lower()[:4])
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UnknownKeyError(f"stances: unknown stance type {item['type']!r}{hint}; the types are "
                                  "listed in ontology/stance-types.ttl", path=path, line=_line_of(item, "type"))
        if "target" not in item and "topic" not in item:
            raise AnnotationError("stances: a stance needs a target or a topic", path=path, line=_line_of(item))


def _resolve_quotes(annotation: Annotation) -> None:
    for section in ("tenures", "stances", "events", "alignments", "relations", "sanctions"):
        for item in annotation.data.get(section) or []:
            if "quote" in item:
                annotation.spans[id(item)] = find_quote(
                    annotation.text, item["quote"], item.get("occurrence"),
                    path=annotation.path, line=_line_of(item, "quote"), section=section)


def find_quote(text: str, quote: str, occurrence: int | None = None, *, path: Path | None = None,
               line: int | None = None, section: str = "stances") -> Span:
    """Where `quote` occurs in `text`, exactly; `occurrence` (1-based) picks one of several.

    >>> find_quote("a b a", "a", 2)
    Span(start=4, end=5, exact='a')
    """
    starts = _all_starts(text, quote)
    if not starts:
        hint = _near_miss_hint(text, quote)
        raise QuoteNotFoundError(f"{section}: the quote {_short(quote)} does not occur in the article{hint}",
                                 quote=quote, path=path, line=line)
    if occurrence is None:
        if len(starts) > 1:
            raise AmbiguousQuoteError(
                f"{section}: the quote {_short(quote)} occurs {len(starts)} times (at {', '.join(map(str, starts))}); "
                "add `occurrence: N` to say which", quote=quote, path=path, line=line)
        occurrence = 1
    if occurrence > len(starts):
        raise QuoteNotFoundError(f"{section}: occurrence {occurrence} asked but the quote {_short(quote)} occurs "
                                 f"{len(starts)} time(s)", quote=quote, path=path, line=line)
    start = starts[occurrence - 1]
    return Span(start, start + len(quote), quote)


def _all_starts(text: str, quote: str) -> list[int]:
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _fold(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).translate(_FOLD).split())


def _near_miss_hint(text: str, quote: str) -> str:
    if _fold(quote) and _fold(quote) in _fold(text):
        return " exactly, though it does when quote marks, dashes or spaces are normalised: copy it from the text"
    return ""


def _short(quote: str, limit: int = 60) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")
