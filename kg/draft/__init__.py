"""Draft a claim sheet from a news article's text (``kg draft``, issue 17).

The draft is for a person to review: one claim per attributed statement (direct quotes
and reported speech), with claimant, stance, hedges, amounts, dates and a proposed
statement, each quote an exact span of the article. Parsing uses spaCy models installed
from PyPI (``pip install 'claimgraph[draft]'``); nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path

from kg.draft.model import MissingDependency

__all__ = ["MissingDependency", "draft_file", "draft_sheet", "guess_language"]

LANGUAGES = ("fr", "en")


_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "une",
        "est",
        "et",
        "que",
        "qui",
        "dans",
        "pour",
        "pas",
        "sur",
        "avec",
        "a",
        "été",
        "selon",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "that",
        "was",
        "for",
        "on",
        "with",
        "said",
        "by",
        "has",
        "have",
        "from",
        "it",
    ]
)


def guess_language(text: str) -> str:
    """``fr`` or ``en``, from the commonest short words (for ``kg draft`` without ``--lang``).

    >>> guess_language("Le patron d'OpenAI a affirmé que Meta avait tenté de débaucher")
    'fr'
    >>> guess_language("The company said it had not been approached")
    'en'
    """
    words = [w.strip(".,;:!?«»\"'()").lower() for w in text.split()]
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    return "fr" if french > english else "en"


def draft_sheet(
    text: str,
    *,
    lang: str,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    text_path: str | None = None,
    source_id: str = "article",
) -> str:
    """The YAML text of a claim-sheet draft for ``text``, an article in ``lang``.

    ``text_path`` is written as the source's ``text:`` (the article's path relative to the
    sheet) so validation anchors every quote. Raises :class:`MissingDependency` when spaCy
    or the language's model is not installed.

    >>> yaml_text = draft_sheet("Bharti denied it had reached a deal.", lang="en")
    >>> "stance: denies" in yaml_text
    True
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: one of {', '.join(LANGUAGES)}")
    from kg.draft.assemble import assemble
    from kg.draft.sheet import write_sheet

    draft = assemble(
        text,
        lang=lang,
        published=published,
        title=title,
        url=url,
        text_path=text_path,
        source_id=source_id,
    )
    return write_sheet(draft)


def draft_file(article: str | Path, output: str | Path | None = None, **options: object) -> str:
    """Draft from an article file; with ``output``, the source's ``text:`` points at the article."""
    import os

    from kg.draft.ids import IdMaker

    article = Path(article)
    text = article.read_text(encoding="utf-8")
    text_path = None
    if output is not None:
        text_path = Path(
            os.path.relpath(article.resolve(), Path(output).resolve().parent)
        ).as_posix()
    source_id = IdMaker().slug(article.stem) or "article"
    return draft_sheet(text, text_path=text_path, source_id=source_id, **options)  # type: ignore[arg-type]
