"""Turn listing data into text: aligned tables for people, JSON and CSV for programs.

Kept apart from the commands so every listing renders the same way, and free of click so
it can be tested (and reused) as plain functions.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence
from typing import Any

__all__ = ["FORMATS", "render_csv", "render_json", "render_rows", "render_table", "truncate"]

FORMATS = ("table", "json", "csv")


def render_rows(
    rows: list[dict[str, Any]], fmt: str, table: Sequence[str], full: Sequence[str]
) -> str:
    """The one row printer: ``table`` columns for people, every ``full`` column in CSV."""
    if fmt == "json":
        return render_json(rows)
    if fmt == "csv":
        return render_csv(rows, full)
    return render_table(rows, table)


def truncate(text: str, width: int) -> str:
    """Shorten ``text`` to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def render_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, width: int | None = None
) -> str:
    """An aligned plain-text table; the last column is cut to fit the terminal."""
    if not rows:
        return "(none)\n"
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    widths = [min(w, 40) for w in widths[:-1]] + [widths[-1]]
    used = sum(widths[:-1]) + 2 * (len(columns) - 1)
    widths[-1] = max(10, min(widths[-1], width - used))
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append(
            "  ".join(truncate(v, w).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        )
    return "\n".join(lines) + "\n"


def render_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()
