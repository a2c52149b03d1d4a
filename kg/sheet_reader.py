"""Read YAML and JSON claim sheets fast, and find line numbers only when something is wrong.

Parsing with positions costs several times a plain parse, and a 100k-claim sheet should
not pay for positions it never reports. So :func:`read_document` parses with the C
parsers (libyaml, ``json``) and returns a :class:`Locator` that re-reads the file with
positions on the first request for a line.

YAML is read with YAML 1.2-like scalars where 1.1 surprises people: only ``true`` /
``false`` are booleans (so ``language: no`` stays Norwegian), dates stay the text the person
wrote, and non-integer numbers become :class:`~decimal.Decimal` so amounts keep every digit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.errors import Problem, SheetError

__all__ = ["Locator", "RawInt", "read_document"]

PathKey = tuple[str | int, ...]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RawInt(int):
    """An int that remembers how it was written (``007`` as an id is ``007``, not 7)."""

    text: str

    def __new__(cls, value: int, text: str) -> RawInt:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


class SheetLoader(_Base):
    """libyaml-backed safe loader with the scalar rules described in the module docstring."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # PyYAML keeps the last of two equal keys; a repeated key in a sheet is a mistake.
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))


# Resolvers are class-level dicts shared with SafeLoader: copy before editing.
SheetLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _Base.yaml_implicit_resolvers.items()
}
SheetLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan: kept as floats and refused where a number is needed
        return float(loader.construct_yaml_float(node))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> RawInt:
    text = str(loader.construct_scalar(node))
    return RawInt(loader.construct_yaml_int(node), text)


SheetLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
SheetLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
SheetLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class Locator:
    """Maps a path inside a document (``("claims", 3, "stance")``) to a 1-based line."""

    def __init__(self, text: str, fmt: str) -> None:
        self._text = text
        self._fmt = fmt
        self._tree: Any = None
        self._loaded = False

    def line(self, path: PathKey) -> int | None:
        """The line of the deepest node along ``path`` that exists, or ``None``."""
        if not self._loaded:
            self._loaded = True
            try:
                self._tree = yaml.compose(self._text, Loader=_Base)
            except yaml.YAMLError:
                self._tree = None  # JSON that libyaml cannot read: we fall back to no line
        node, line = self._tree, None
        for key in path:
            if node is None:
                break
            line = node.start_mark.line + 1
            node = _child(node, key)
        if node is not None:
            line = node.start_mark.line + 1
        return line


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def read_document(path: Path, fmt: str | None = None) -> tuple[Any, Locator]:
    """Parse a YAML or JSON file; raise :class:`SheetError` naming the line on bad syntax."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetError(Problem(f"cannot read file: {exc.strerror}", file=name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SheetError(Problem("not valid UTF-8 text", file=name, line=line)) from None
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "yaml")
    data = _parse_json(text, name) if fmt == "json" else _parse_yaml(text, name)
    return data, Locator(text, fmt)


def _parse_json(text: str, name: str) -> Any:
    def no_duplicates(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # built in C; only a repeated key makes it shorter
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _DuplicateKey(key)
                seen.add(key)
        return result

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise SheetError(
            Problem(f"invalid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno)
        ) from None
    except _DuplicateKey as exc:
        raise SheetError(Problem(f"duplicate key {exc.key!r}", file=name)) from None
    except RecursionError:
        raise SheetError(Problem("invalid JSON: nested too deeply", file=name)) from None


def _parse_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=SheetLoader)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct began (an unclosed "["), which is
        # where the person must look; the problem mark is where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "syntax error"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            what += f" (noticed on line {exc.problem_mark.line + 1})"
        raise SheetError(Problem(f"invalid YAML: {what}", file=name, line=line)) from None
    except yaml.YAMLError as exc:
        raise SheetError(Problem(f"invalid YAML: {exc}", file=name)) from None
    except RecursionError:
        raise SheetError(Problem("invalid YAML: nested too deeply", file=name)) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key
