"""Direct quotes: « … », "…", “…” (and the ”…” some wires use), as character spans."""

from __future__ import annotations

import re

__all__ = ["find_quotes", "split_sentences"]

_QUOTE = re.compile(r"«\s*([^»\n]+?)\s*»|“([^”“\n]+)”|\"([^\"\n]+)\"|”([^”\n]+)”")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"“A-ZÀ-Ý0-9])|\s+(?=\d\)\s)")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted passage's content, marks and inner spaces excluded.

    >>> t = 'Il a dit : « Nous partons. » Puis "rien".'
    >>> [t[a:b] for a, b in find_quotes(t)]
    ['Nous partons.', 'rien']
    """
    spans = []
    for match in _QUOTE.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        start, end = match.start(group), match.end(group)
        while end > start and text[end - 1] in " ,\u00a0\u202f":
            end -= 1
        spans.append((start, end))
    return spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at sentence ends and enumerations ("1) … 2) …").

    Pieces of fewer than three words, and openings that end in a colon ("quelques notes
    rapides :"), join the next one.
    """
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for a, b in pieces:
        a = carry if carry is not None else a
        if len(text[a:b].split()) < 3 or text[a:b].rstrip().endswith(":"):
            carry = a
            continue
        carry = None
        merged.append((a, b))
    if carry is not None:
        if merged:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((carry, end))
    return merged
