"""`kg ingest` and `kg validate` as a user meets them: exit codes, messages, an untouched store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_sheets import CASES, GOOD, BadCase
from conftest import EXAMPLES, KgRunner


def nquads(kg: KgRunner) -> str:
    result = kg("export", "--format", "nquads")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def filled(kg: KgRunner) -> KgRunner:
    """The CLI runner on a store that already holds the example."""
    result = kg("ingest", str(EXAMPLES / "meta-talent-war.yaml"))
    assert result.exit_code == 0, result.stderr
    return kg


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_sheet_exits_1_names_the_place_and_writes_nothing(
    filled: KgRunner, tmp_path: Path, case: BadCase
) -> None:
    before = nquads(filled)
    sheet = tmp_path / "bad.yaml"
    sheet.write_text(case.text, encoding="utf-8")
    result = filled("ingest", str(EXAMPLES / "openai-board-2023.json"), str(sheet))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert case.message in result.stderr
    place = f"{sheet}:{case.line}:" if case.line is not None else str(sheet)
    assert place in result.stderr
    # All or nothing: the good file given alongside the bad one was not ingested either.
    assert nquads(filled) == before


def test_ingest_twice_changes_nothing(filled: KgRunner) -> None:
    before = nquads(filled)
    result = filled("ingest", str(EXAMPLES / "meta-talent-war.yaml"))
    assert result.exit_code == 0
    assert "(0 new)" in result.stdout
    assert nquads(filled) == before


def test_dry_run_validates_and_writes_nothing(kg: KgRunner, store_dir: Path) -> None:
    result = kg("ingest", "--dry-run", str(EXAMPLES / "meta-talent-war.yaml"))
    assert result.exit_code == 0
    assert "would ingest 12 claims" in result.stdout
    assert not store_dir.exists()


def test_a_claim_id_reused_for_another_statement_is_refused(
    filled: KgRunner, tmp_path: Path
) -> None:
    before = nquads(filled)
    text = (EXAMPLES / "meta-talent-war.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "  - id: altman-100m\n    claimant: altman\n    stance: asserts",
        "  - id: altman-100m\n    claimant: altman\n    stance: denies",
    )
    assert changed != text
    sheet = tmp_path / "changed.yaml"
    sheet.write_text(changed, encoding="utf-8")
    result = filled("ingest", str(sheet))
    assert result.exit_code == 1
    assert "claim 'altman-100m'" in result.stderr and "another stance" in result.stderr
    assert nquads(filled) == before


def test_validate_lists_every_problem(kg: KgRunner, tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(GOOD.replace("stance: asserts", "stance: claims"), encoding="utf-8")
    second = tmp_path / "b.yaml"
    second.write_text(GOOD.replace("source: src", "source: elsewhere"), encoding="utf-8")
    result = kg("validate", str(first), str(second), store=False)
    assert result.exit_code == 1
    assert "2 problems" in result.stderr
    assert f"{first}:21: claim 'c1', field 'stance'" in result.stderr
    assert f"{second}:25: claim 'c1', field 'source'" in result.stderr


def test_validate_accepts_the_examples(kg: KgRunner) -> None:
    result = kg(
        "validate",
        *(str(p) for p in sorted(EXAMPLES.glob("*.y*ml")) + sorted(EXAMPLES.glob("*.json"))),
        store=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.stdout


def test_missing_file_is_a_usage_error_or_a_clear_error(kg: KgRunner, tmp_path: Path) -> None:
    result = kg("ingest", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.stderr


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, in a subprocess, on a broken sheet."""
    sheet = tmp_path / "broken.json"
    sheet.write_text('{"sheet": 1, "claims": [', encoding="utf-8")
    env = {**os.environ, "KG_STORE": str(tmp_path / "store")}
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "ingest", str(sheet)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {sheet}:1: invalid JSON")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "store").exists()  # a refused ingest does not even create the store


def test_renaming_an_agent_from_another_sheet_is_refused(filled: KgRunner, tmp_path: Path) -> None:
    before = nquads(filled)
    text = (EXAMPLES / "meta-talent-war.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "renamed.yaml"
    sheet.write_text(text.replace("name: Sam Altman", "name: Samuel Altman"), encoding="utf-8")
    result = filled("ingest", str(sheet))
    assert result.exit_code == 1
    assert "agent 'altman'" in result.stderr and "'Sam Altman'" in result.stderr
    assert nquads(filled) == before
    # Within one ingest, two files that disagree are refused too.
    again = filled("ingest", str(EXAMPLES / "meta-talent-war.yaml"), str(sheet))
    assert again.exit_code == 1 and "declared with another name" in again.stderr


def test_repeating_an_agent_with_more_aliases_is_fine(filled: KgRunner, tmp_path: Path) -> None:
    text = (EXAMPLES / "meta-talent-war.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "more.yaml"
    sheet.write_text(
        text.replace("aliases: [Beyer]", "aliases: [Beyer, giffmana]"), encoding="utf-8"
    )
    result = filled("ingest", str(sheet))
    assert result.exit_code == 0, result.stderr


def _through_a_pipe(
    tmp_path: Path, name: str, data: bytes, *argv: str
) -> subprocess.CompletedProcess[str]:
    """``kg ingest`` reading ``data`` from a named pipe, fed as a shell's ``<(…)`` would."""
    pipe = tmp_path / name
    os.mkfifo(pipe)
    env = {**os.environ, "KG_STORE": str(tmp_path / "store")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", *argv, str(pipe)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    with pipe.open("wb") as feed:
        feed.write(data)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_a_json_sheet_from_a_pipe_is_read_once(tmp_path: Path) -> None:
    """JSON input is looked at twice (is it JSON-LD?); a pipe gives its bytes only once."""
    sheet = (EXAMPLES / "openai-board-2023.json").read_bytes()
    proc = _through_a_pipe(tmp_path, "board.json", sheet, "ingest")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ingested ")
    broken = _through_a_pipe(tmp_path, "broken.json", b'{"sheet": 1, "claims": [', "ingest")
    assert broken.returncode == 1
    assert broken.stderr.startswith(f"Error: {tmp_path / 'broken.json'}:1: invalid JSON")
