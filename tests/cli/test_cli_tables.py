"""Tables fit the terminal: $COLUMNS (80 and 100 here), nothing cut to a stub."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from kg.cli import cli
from kg.cli.output import fit_widths, render_table

COMMANDS = [
    ["claims"],
    ["contested"],
    ["info"],
    ["query", "--list"],
    ["query", "--named", "claims-by", "--param", "agent=beyer"],
    ["graph", "said-about"],
    ["graph", "disagreement"],
    ["graph", "chains"],
    ["graph", "contested"],
    ["graph", "centrality"],
    ["graph", "camps"],
    ["graph", "credibility"],
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("tables") / "store")
    sheets = [str(EXAMPLES / "meta-talent-war.yaml"), str(EXAMPLES / "openai-board-2023.json")]
    assert CliRunner().invoke(cli, ["--store", location, "ingest", *sheets]).exit_code == 0
    return location


def _run(store: str, width: int, *args: str) -> str:
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_line_fits(store: str, width: int, command: list[str]) -> None:
    out = _run(store, width, *command)
    too_long = [line for line in out.splitlines() if len(line) > width]
    assert not too_long, f"{len(too_long)} line(s) wider than {width}: {too_long[:2]}"


def test_contested_shows_predicate_labels_and_aligned_claims(store: str) -> None:
    out = _run(store, 100, "contested")
    assert "Meta · offered a signing bonus to · OpenAI staff" in out
    assert "offered_signing_bonus" not in out
    rows = [line for line in out.splitlines() if "altman-100m " in line or "beyer-denial " in line]
    starts = {
        line.index(word)
        for line in rows
        for word in ("altman-100m", "beyer-denial")
        if word in line and not line.lstrip().startswith("[")
    }
    assert len(starts) == 1  # the id column starts at one place


def test_said_about_keeps_the_whole_statement(store: str) -> None:
    out = _run(store, 80, "graph", "said-about")
    joined = " ".join(out.split())
    assert "Meta offered a signing bonus to OpenAI staff" in joined


def test_claims_table_keeps_ids_whole_and_says_what_it_left_out(store: str) -> None:
    out = _run(store, 80, "claims")
    assert "zuckerberg-created-team" in out and "beyer-denial" in out
    assert "not shown, for lack of width" in " ".join(out.split())
    wide = _run(store, 200, "claims")
    assert "not shown" not in wide and "CORROBORATES" in wide


def test_the_last_column_is_never_a_stub() -> None:
    rows = [{"a": "x" * 30, "b": "y" * 30, "text": "word " * 40}]
    out = render_table(rows, ["a", "b", "text"], width=80)
    assert all(len(line) <= 80 for line in out.splitlines())
    first = out.splitlines()[1]
    assert first.index("word") <= 80 - 80 // 3  # the text column is at least width // 3 wide
    assert " ".join(out.split()).count("word") == 40  # wrapped, never shortened


def test_fit_widths_gives_short_columns_their_width_first() -> None:
    assert sorted(fit_widths([7, 40, 40], [7, 8, 8], 50)) == [7, 21, 22]
    assert fit_widths([5, 10], [5, 8], 100) == [5, 10]
