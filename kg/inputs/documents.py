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

__all__ = ["DuplicateKey", "Locator", "RawInt", "read_document", "refuse_duplicate_keys"]

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
        if not isinstance(node, yaml.MappingNode):  # !!map on a scalar: PyYAML says why
            return dict(super().construct_mapping(node, deep=deep))
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

    def get_single_data(self) -> Any:
        """Compose the document, refuse an alias bomb, then build the Python objects."""
        node = self.get_single_node()
        if node is None:
            return None
        _refuse_alias_bombs(node)
        try:
            return self.construct_document(node)
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            # A constructor of PyYAML's own met a value its tag does not fit (the ones
            # claimgraph registers say where); whatever is left is bad input, not a crash.
            raise yaml.constructor.ConstructorError(
                None, None, f"a value does not fit its tag ({exc})", node.start_mark
            ) from None


#: Most nodes a sheet may expand to through aliases beyond its own size (see below).
ALIAS_EXPANSION_LIMIT = 1_000_000


def _refuse_alias_bombs(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand it far beyond its own size.

    An alias is a reference, so "billion laughs" (ten aliases of ten aliases of …) costs
    nothing to load, but anything that walks or prints the value (an error message showing
    it) walks 10^9 nodes. Counting each node's expanded size once, bottom-up, keeps the
    check linear in the document; a sheet that reuses a few lists stays far below the limit.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()  # a node that contains itself (&a [*a]) is counted once
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes or (not children_done and id(node) in entered):
            continue
        children = _children(node)
        if not children_done:
            entered.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in entered)
            continue
        distinct += 1
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        if sizes[id(node)] > ALIAS_EXPANSION_LIMIT + 10 * distinct:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "aliases expand this document to more than "
                f"{ALIAS_EXPANSION_LIMIT:,} values (an alias bomb?)",
                node.start_mark,
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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


def _refuse(node: yaml.Node, message: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else f"a value of {len(text):,} characters"


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan: kept as floats and refused where a number is needed
        pass
    try:
        return float(loader.construct_yaml_float(node))
    except ValueError:  # an explicit tag on a non-number: !!float .
        raise _refuse(node, f"{_shown(text)} is not a number") from None


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> RawInt:
    text = str(loader.construct_scalar(node))
    try:
        value = loader.construct_yaml_int(node)
    except ValueError:  # an explicit tag on a non-number: !!int x
        raise _refuse(node, f"{_shown(text)} is not an integer") from None
    try:
        str(value)  # Python refuses to write ints of more than 4,300 digits; so do we
    except ValueError:
        raise _refuse(node, f"a number of {len(text):,} characters is too long") from None
    return RawInt(value, text)


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    try:
        return bool(loader.construct_yaml_bool(node))
    except KeyError:  # an explicit tag on something else: !!bool maybe
        raise _refuse(node, f"{_shown(str(node.value))} is not true or false") from None


SheetLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
SheetLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
SheetLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
SheetLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


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
    def bounded_int(digits: str) -> int:
        if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
            raise _TooLong(len(digits))
        return int(digits)

    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_int=bounded_int,
            object_pairs_hook=refuse_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise SheetError(
            Problem(f"invalid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno)
        ) from None
    except DuplicateKey as exc:
        raise SheetError(Problem(f"duplicate key {exc.key!r}", file=name)) from None
    except _TooLong as exc:
        message = f"invalid JSON: a number of {exc.digits:,} digits is too long"
        raise SheetError(Problem(message, file=name)) from None
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


class DuplicateKey(Exception):
    """A JSON object repeats ``key`` (JSON parsers keep the last value silently; we refuse)."""

    def __init__(self, key: str) -> None:
        self.key = key


def refuse_duplicate_keys(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads` that raises :class:`DuplicateKey`."""
    result = dict(pairs)  # built in C; only a repeated key makes it shorter
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return result


#: Python's own limit on int ↔ text conversions (sys.get_int_max_str_digits()).
_MAX_INT_DIGITS = 4300


class _TooLong(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits
