"""``kg draft``: a claim-sheet draft from an article's text, for a person to review."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import InputError


@click.command()
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(("fr", "en")),
    help="The article's language [default: guessed from its words].",
)
@click.option(
    "--published",
    metavar="DATE",
    help="Publication date (YYYY-MM-DD, YYYY-MM or YYYY): resolves 'mercredi', 'last month'.",
)
@click.option("--title", metavar="T", help="The article's title [default: its first line].")
@click.option("--url", metavar="U", help="The article's URL.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the sheet here [default: standard output].",
)
def draft(
    article: Path,
    lang: str | None,
    published: str | None,
    title: str | None,
    url: str | None,
    output: Path | None,
) -> None:
    """Draft a claim sheet from an article (plain text, French or English).

    One claim per attributed statement, each quote an exact span of the article; comments
    in the YAML mark what to check. The draft validates as written: review it, then
    `kg validate` and `kg ingest` it. Needs `pip install 'claimgraph[draft]'`.
    """
    from kg.draft import draft_file, guess_language

    try:
        text = article.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{article}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {article}: {exc.strerror or exc}") from None
    if not text.strip():
        raise InputError(f"{article}: the article is empty")
    sheet = draft_file(
        article,
        output,
        lang=lang or guess_language(text),
        published=published,
        title=title,
        url=url,
    )
    if output is None:
        click.echo(sheet, nl=False)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_text(sheet, encoding="utf-8")
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"drafted {output}: review it, then `kg validate {output}`", err=True)
