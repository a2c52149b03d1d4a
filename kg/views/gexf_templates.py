"""GEXF elements written through format strings compiled once per kind of record.

Writing a value as an ``attvalue`` element one Python call at a time cost about a
microsecond (48 million of them for the said-about view at a million claims). A
:class:`Template` looks at a record's value types in one C call, picks the format string
made for that combination (a handful per view), and writes the whole element with one
``str.format``: text and numbers go in as they are, booleans as the ``true``/``false`` the
format string already holds, and only lists, dicts and other values are worked out in
Python. Text holding an XML special (``&<>"`` or a line break or tab) is caught by one
search over all of a record's text, and such a record is written quoting each value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from kg.views.formats import _cast, _text, flat_value
from kg.views.projection import Deferred, values_getter

__all__ = [
    "Field",
    "Template",
    "column_field",
    "end_field",
    "has_special",
    "label_field",
    "quote_attribute",
    "weight_field",
]

_NONE = type(None)


def has_special(text: str) -> bool:
    """Whether ``text`` holds a character XML attributes escape: seven scans in C, each
    far faster than a regular expression's character class over a long text."""
    return (
        "&" in text
        or "<" in text
        or ">" in text
        or '"' in text
        or "\n" in text
        or "\r" in text
        or "\t" in text
    )


_TEXT = frozenset({str})


class Field(NamedTuple):
    """One place a value goes: ``prefix`` + quoted value + ``suffix``."""

    prefix: str
    suffix: str
    #: types written as Python writes them (booleans: true, false) between double quotes
    inline: frozenset[type]
    #: the whole text for any value, prefix and suffix included
    render: Callable[[Any], str]


def column_field(attribute_id: str, cast: Any) -> Field:
    """An ``attvalue`` of the column ``attribute_id`` whose values take ``cast`` (None, or
    float or text when the column mixes types), as :func:`~kg.views.formats.write_gexf`."""
    prefix = f'\n          <attvalue for="{attribute_id}" value='

    def render(value: Any) -> str:
        return prefix + quote_attribute(_text(_cast(_flat(value), cast))) + "/>"

    return Field(prefix, "/>", _inline(cast), render)


def quote_attribute(text: str) -> str:
    """``text`` as a quoted XML attribute value, as :func:`xml.sax.saxutils.quoteattr`
    writes it (the same replacements in the same order), in C string methods."""
    if not has_special(text):
        return f'"{text}"'
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" in text:
        return '"' + text.replace('"', "&quot;") + '"'
    return f"'{text}'"


def _flat(value: Any) -> Any:
    return value.flat() if isinstance(value, Deferred) else flat_value(value)


class _Flat(Deferred):
    """Stands for any value of a :class:`Deferred` class whose text is always the same."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def flat(self) -> str:
        return self._text


def label_field(cast: Any) -> Field:
    def render(value: Any) -> str:
        return " label=" + quote_attribute(_text(_cast(_flat(value), cast)))

    return Field(" label=", "", _inline(cast), render)


def weight_field(cast: Any) -> Field:
    def render(value: Any) -> str:
        weight = _cast(_flat(value), cast)
        if isinstance(weight, int | float) and not isinstance(weight, bool):
            return f' weight="{float(weight)!r}"'
        return ""

    return Field("", "", frozenset(), render)


def end_field(name: str) -> Field:
    """An edge's ``source`` or ``target``."""
    return Field(f" {name}=", "", _TEXT, lambda value: f" {name}=" + quote_attribute(str(value)))


def _inline(cast: Any) -> frozenset[type]:
    """Types whose Python text is what the file wants, for a column taking ``cast``."""
    return frozenset({float}) if cast is float else frozenset({str, int, float, bool})


class Template:
    """Records written through one format string per combination of value types.

    ``fields`` describe the values in the order they come; ``head`` lists those that go
    in the opening tag (``start`` … ``>``) and ``columns`` those inside ``<attvalues>``,
    written when any has a value (with ``block``; else the columns alone), each in the
    file's order, None standing for a tab (a cut, see :mod:`kg.views.gexf`). A None value
    is left out.
    """

    def __init__(
        self,
        fields: Sequence[Field],
        head: Sequence[int | None] = (),
        columns: Sequence[int | None] = (),
        *,
        start: str = "",
        end: str = "",
        block: bool = True,
    ) -> None:
        self.fields, self.head, self.columns = fields, head, columns
        self.start, self.end, self.block = start, end, block
        self.flags: dict[tuple[type, ...], Callable[[Any], tuple[Any, ...]] | None] = {}
        self.compiled: dict[Any, tuple[Any, str, list[int]]] = {}

    def text(self, values: tuple[Any, ...]) -> str:
        kinds = tuple(map(type, values))
        try:
            flags = self.flags[kinds]
        except KeyError:
            flags = self.flags[kinds] = self._flags(kinds)
        truth = () if flags is None else flags(values)
        key = (kinds, truth)
        compiled = self.compiled.get(key) or self._compile(kinds, truth, plain=True)
        check, template, rendered = compiled
        if check is not None and has_special(check(values)):
            compiled = self.compiled.get((key, False)) or self._compile(kinds, truth, plain=False)
            check, template, rendered = compiled
        if rendered:
            listed = list(values)
            for i in rendered:
                listed[i] = self.fields[i].render(listed[i])
            return template.format(*listed)
        return template.format(*values)

    def _flags(self, kinds: tuple[type, ...]) -> Callable[[Any], tuple[Any, ...]] | None:
        """The booleans the format string holds as text: its key beside the types."""
        positions = self._flag_positions(kinds)
        return values_getter(positions) if positions else None

    def _flag_positions(self, kinds: tuple[type, ...]) -> list[int]:
        return [i for i, kind in enumerate(kinds) if kind is bool and bool in self.fields[i].inline]

    def _compile(
        self, kinds: tuple[type, ...], truth: tuple[Any, ...], *, plain: bool
    ) -> tuple[Any, str, list[int]]:
        flags = dict(zip(self._flag_positions(kinds), truth, strict=True))
        checked: list[int] = []
        rendered: list[int] = []

        placed = False

        def place(i: int | None) -> str:
            nonlocal placed
            if i is None:
                return "\t"
            field, kind = self.fields[i], kinds[i]
            if kind is _NONE:
                return ""
            placed = True
            if i in flags:
                return _literal(field.prefix + ('"true"' if flags[i] else '"false"') + field.suffix)
            if issubclass(kind, Deferred) and kind.text is not None:
                return _literal(field.render(_Flat(kind.text)))  # all of them: the same text
            if plain and kind in field.inline:
                if kind is str:
                    checked.append(i)
                return _literal(field.prefix) + f'"{{{i}}}"' + _literal(field.suffix)
            rendered.append(i)
            return f"{{{i}}}"

        template = _literal(self.start) + "".join(place(i) for i in self.head)
        if self.head or self.start:
            template += ">"
        placed = False
        columns = "".join(place(i) for i in self.columns)
        if placed and self.block:
            columns = "\n        <attvalues>" + columns + "\n        </attvalues>"
        template += columns + _literal(self.end)
        compiled = (_checker(checked), template, rendered)
        key = (kinds, truth)
        self.compiled[key if plain else (key, False)] = compiled
        return compiled


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _checker(positions: list[int]) -> Callable[[tuple[Any, ...]], str] | None:
    """The text values at ``positions`` as one string, to search for specials once."""
    if not positions:
        return None
    if len(positions) == 1:
        index = positions[0]
        return lambda values: values[index]
    get = values_getter(positions)
    return lambda values: "\x00".join(get(values))
