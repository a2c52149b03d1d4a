"""Turn listing data into text: aligned tables for people, JSON and CSV for programs.

Kept apart from the commands so every listing renders the same way, and free of click so
it can be tested (and reused) as plain functions.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FORMATS",
    "fit_widths",
    "paragraph",
    "render_csv",
    "render_json",
    "render_rows",
    "render_table",
    "table_lines",
    "terminal_width",
    "truncate",
]

FORMATS = ("table", "json", "csv")


def render_rows(
    rows: list[dict[str, Any]],
    fmt: str,
    table: Sequence[str],
    full: Sequence[str],
    *,
    drop: Sequence[str] = (),
) -> str:
    """The one row printer: ``table`` columns for people (leaving out ``drop`` first when
    the terminal is narrow), every ``full`` column in CSV."""
    if fmt == "json":
        return render_json(rows)
    if fmt == "csv":
        return render_csv(rows, full)
    return render_table(rows, table, drop=drop)


def truncate(text: str, width: int) -> str:
    """Shorten ``text`` to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def terminal_width() -> int:
    """``$COLUMNS`` when set, else the terminal's width, else 100 (output to a pipe)."""
    return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 20)


#: Width of tables when neither $COLUMNS nor a terminal says otherwise.
DEFAULT_WIDTH = 100
#: Columns are never squeezed below this (or their natural width, when smaller).
MIN_CELL = 8
#: Lines a wrapped cell may take before it is shortened with an ellipsis.
MAX_LINES = 3
_GAP = "  "


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(map(str, value))
    return " ".join(str(value).split())


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """``text`` in lines of at most ``width``; past ``max_lines``, the last one ends in …."""
    if len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], truncate(rest, width)]
    return lines


#: Columns at most this wide (ids, stances, dates) are shown whole before others grow.
SHORT = 14


def fit_widths(natural: Sequence[int], minimum: Sequence[int], available: int) -> list[int]:
    """Column widths that fill ``available``: each column gets its natural width if all
    fit; otherwise short columns (ids, dates) keep theirs and the long ones share what is
    left equally (never below ``minimum``, never above ``natural``).

    >>> fit_widths([4, 30, 50], [4, 8, 8], 60)
    [4, 28, 28]
    """
    widths = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    spare = available - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: natural[i]):
        grow = natural[i] - widths[i]
        if natural[i] <= SHORT and 0 < grow <= spare:
            widths[i] = natural[i]
            spare -= grow
    while spare > 0:
        growable = [i for i, w in enumerate(widths) if w < natural[i]]
        if not growable:
            break
        low = min(widths[i] for i in growable)
        for i in growable:
            if widths[i] == low and spare > 0:
                widths[i] += 1
                spare -= 1
    return widths


@dataclass
class TableLines:
    """A table laid out to a width: the header's lines, each row's lines, and a note
    naming the columns left out (empty when all are shown)."""

    header: list[str]
    rows: list[list[str]]
    note: list[str]

    def all(self) -> list[str]:
        return [*self.header, *(line for row in self.rows for line in row), *self.note]


def table_lines(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    width: int | None = None,
    drop: Sequence[str] = (),
    max_lines: int = MAX_LINES,
) -> TableLines:
    """Lay out ``rows`` to fit ``width`` (see :func:`render_table`), keeping each row's
    lines apart so a caller may put headings between rows (``kg contested``)."""
    width = width or terminal_width()
    names = {c: c.upper() for c in columns}
    cells = {c: [_cell(row.get(c)) for row in rows] for c in columns}
    natural = {c: max(len(names[c]), *(len(v) for v in cells[c])) for c in columns}
    # A column keeps room for its header (up to 16) and its longest word (up to 10; the
    # first column, which names the row, and claim ids up to 24), so ids and dates are
    # rarely broken.
    longest = {c: max((len(w) for v in cells[c] for w in v.split()), default=0) for c in columns}
    caps = [24 if n == 0 or c == "id" else 10 for n, c in enumerate(columns)]
    minimum = {
        c: min(natural[c], max(MIN_CELL, min(len(names[c]), 16), min(longest[c], cap)))
        for c, cap in zip(columns, caps, strict=True)
    }
    # The last column is mostly the free text (a statement, a reason): never a stub.
    last = columns[-1]
    minimum[last] = min(natural[last], max(minimum[last], min(30, width // 3)))
    shown = list(columns)
    hidden: list[str] = []

    def needed() -> int:
        return sum(minimum[c] for c in shown) + len(_GAP) * (len(shown) - 1)

    for column in [*drop, *reversed(columns[1:])]:
        if needed() <= width or len(shown) == 1:
            break
        if column in shown:
            shown.remove(column)
            hidden.append(column)
    available = width - len(_GAP) * (len(shown) - 1)
    widths = fit_widths([natural[c] for c in shown], [minimum[c] for c in shown], available)
    # The last column wraps without limit; the others are shortened after max_lines.
    limits = [*[max_lines] * (len(shown) - 1), 1_000]

    def lay_out(row: list[str]) -> list[str]:
        wrapped = [_wrap(t, w, n) for t, w, n in zip(row, widths, limits, strict=True)]
        out = []
        for i in range(max(map(len, wrapped))):
            parts = [
                (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)
            ]
            out.append(_GAP.join(parts).rstrip())
        return out

    note = []
    if hidden:
        text = f"(not shown, for lack of width: {', '.join(hidden)}; --format csv has every column)"
        note = textwrap.wrap(text, width)
    return TableLines(
        lay_out([names[c] for c in shown]),
        [lay_out([cells[c][n] for c in shown]) for n in range(len(rows))],
        note,
    )


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], **layout: Any) -> str:
    """An aligned plain-text table that fits ``width`` (default: :func:`terminal_width`);
    ``layout`` takes :func:`table_lines`' keywords (``width``, ``drop``, ``max_lines``).

    Short columns (ids, dates) keep their width and long ones share the rest, their cells
    wrapped (at most ``max_lines`` lines, then shortened with …; the last column, the
    free text, is never shortened). When even that does not fit, the columns in ``drop``
    are left out, in that order, and a last line says which.

    >>> rows = [{"id": "a-1", "text": "one two three four"}]
    >>> print(render_table(rows, ["id", "text"], width=20), end="")
    ID   TEXT
    a-1  one two three
         four
    """
    if not rows:
        return "(none)\n"
    return "\n".join(table_lines(rows, columns, **layout).all()) + "\n"


def paragraph(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Prose wrapped to the terminal's width (see :func:`terminal_width`), without the
    final newline: ``indent`` starts the first line, ``hanging`` (default: the same) the rest."""
    hanging = indent if hanging is None else hanging
    lines = textwrap.wrap(text, terminal_width(), initial_indent=indent, subsequent_indent=hanging)
    return "\n".join(lines)


def render_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()
