"""``python -m kg.draft ARTICLE --lang fr|en [--published D] [--title T] [--url U] [-o OUT]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.draft import LANGUAGES, MissingDependency, draft_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.draft", description="Draft a claim sheet from an article's text."
    )
    parser.add_argument("article", help="the article, as plain text (UTF-8)")
    parser.add_argument("--lang", choices=LANGUAGES, required=True, help="the article's language")
    parser.add_argument(
        "--published",
        help="publication date (YYYY-MM-DD, YYYY-MM or YYYY): resolves 'mercredi', 'last month'",
    )
    parser.add_argument("--title", help="the article's title (default: its first line)")
    parser.add_argument("--url", help="the article's URL")
    parser.add_argument("-o", "--output", help="write the sheet here (default: standard output)")
    args = parser.parse_args(argv)
    try:
        sheet = draft_file(
            args.article,
            args.output,
            lang=args.lang,
            published=args.published,
            title=args.title,
            url=args.url,
        )
    except MissingDependency as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Error: cannot read {args.article}: {exc.strerror}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(sheet, encoding="utf-8")
    else:
        sys.stdout.write(sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
