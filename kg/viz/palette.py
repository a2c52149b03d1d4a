"""The colours and words every picture shares, so the page, the figure and the legend agree.

Red and green are kept for links between claims (contradiction, corroboration); stances use
blue and orange so that no node can be mistaken for a conflict.
"""

from __future__ import annotations

__all__ = ["CONTRADICTION_KINDS", "LINK_WORDS", "PALETTE", "STANCE_WORDS"]

#: Colour names → hex colours; the HTML page turns them into CSS variables.
PALETTE: dict[str, str] = {
    "contradiction": "#d62728",
    "corroboration": "#2ca02c",
    "asserts": "#1f77b4",
    "asserts-fill": "#dbe9f6",
    "denies": "#e07b00",
    "denies-fill": "#fde9d2",
    "speaker": "#3b3b58",
    "speaker-fill": "#ececf4",
    "proposition": "#8a7a3c",
    "proposition-fill": "#f7f3e3",
    "declines": "#8c8c8c",
    "declines-fill": "#eeeeee",
    "said": "#9a9a9a",
    "muted": "#666666",
}

#: The three contradiction kinds of docs/rules.md, in the order the legend lists them.
CONTRADICTION_KINDS = ("opposite-stance", "incompatible-value", "rebuttal")

#: How a link between two claims is named in legends and details.
LINK_WORDS: dict[str, str] = {
    "opposite-stance": "contradiction: opposite stance",
    "incompatible-value": "contradiction: incompatible values",
    "rebuttal": "contradiction: rebuttal",
    "corroborates": "corroboration",
}

STANCE_WORDS = {"asserts": "asserts", "denies": "denies", "declines": "declines to comment"}
