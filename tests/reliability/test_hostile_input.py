"""Item 1: hostile sheets and RDF are refused cleanly, quickly, and leave the store alone.

For each input format, hypothesis draws hostile documents (:mod:`reliability.mutations`:
byte mutations of valid files, valid files with odd values, odd structures). A separate
process ingests each one into a store holding the bundled example, exactly as `kg ingest`
does, and the test counts what happened. It must be, every time: accepted, or refused
with a :class:`kg.errors.KgError` (the CLI's ``Error: …``); never another exception (the
CLI's "internal error"), never a hang past 5 s (the process is killed at the limit), never
a crash, and never a changed store after a refusal. A sample of the refused inputs then goes
through the real `kg ingest` on an on-disk store, to see what a user would see.

Fast run: a few hundred inputs per format. Full run (``KG_RELIABILITY_FULL=1``): 10,000.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings

from kg.demo import example_path
from kg.export import export
from kg.ingest import ingest, ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.store import open_store
from reliability.corpus import corpus
from reliability.harness import (
    SEED,
    Figure,
    FuzzWorker,
    load_average,
    nquads,
    run_kg,
    scale,
    user_facing_problem,
)
from reliability.mutations import FORMATS, hostile_inputs

PER_FORMAT = scale(300, 10_000)
#: The issue's limit per input; a legitimate small input takes milliseconds.
HANG_LIMIT = 5.0
CLI_SAMPLE = scale(3, 40)


def _refusal_kind(detail: str) -> str:
    """The refusal message without file names and values, to pick varied samples."""
    text = detail.split(": ", 2)[-1]
    return " ".join(word for word in text.split()[:4] if not any(c.isdigit() for c in word))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hostile_input_is_refused_cleanly(fmt: str, tmp_path: Path, figure: Figure) -> None:
    suffix = FORMATS[fmt]
    seeds = corpus()
    worker = FuzzWorker([example_path()], HANG_LIMIT)
    counts: Counter[str] = Counter()
    distinct: set[bytes] = set()
    failures: list[str] = []
    samples: dict[str, Path] = {}
    slowest = 0.0
    failure_dir = tmp_path / "failures"
    failure_dir.mkdir()
    target = tmp_path / f"input{suffix}"

    @settings(
        max_examples=PER_FORMAT,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(SEED)
    @given(data=hostile_inputs(fmt, seeds.seeds[fmt], seeds.docs, seeds.quads))
    def feed(data: bytes) -> None:
        nonlocal slowest
        target.write_bytes(data)
        verdict = worker.run(target)
        counts[verdict.outcome] += 1
        distinct.add(hashlib.sha256(data).digest())
        slowest = max(slowest, verdict.seconds)
        defect = verdict.outcome in ("bug", "hang", "crash", "lost") or (
            verdict.outcome == "refused" and verdict.changed
        )
        if defect:
            counts["store changed"] += verdict.outcome == "refused"
            keep = failure_dir / f"{len(failures):04d}{suffix}"
            if len(failures) < 200:
                shutil.copyfile(target, keep)
            failures.append(f"{verdict.outcome} ({keep}): {verdict.detail[-1500:]}")
        elif verdict.outcome == "refused" and len(samples) < CLI_SAMPLE:
            kind = _refusal_kind(verdict.detail)
            if kind not in samples:
                samples[kind] = tmp_path / f"sample-{len(samples)}{suffix}"
                shutil.copyfile(target, samples[kind])

    try:
        feed()
    finally:
        worker.stop()

    # What a user sees: the same inputs through the real `kg ingest`, on a store on disk.
    store = tmp_path / "store"
    with open_store(str(store), writable=True) as opened:
        ingest(opened, [example_path()])
    before = nquads(store)
    cli_problems = []
    for path in samples.values():
        result = run_kg("--store", str(store), "ingest", str(path), timeout=120)
        problem = user_facing_problem(result)
        if problem is None and result.returncode != 1:
            problem = f"exit {result.returncode}: a refused input was accepted by the CLI"
        if problem is None and nquads(store) != before:
            problem = "the store changed after a refused `kg ingest`"
        if problem:
            cli_problems.append(f"{path.name}: {problem}")

    total = sum(counts[k] for k in ("accepted", "refused", "bug", "hang", "crash", "lost"))
    figure.add(
        f"{fmt}: {total:,} hostile inputs ({len(distinct):,} distinct): "
        f"{counts['accepted']:,} accepted, {counts['refused']:,} refused with Error:, "
        f"{counts['bug']} internal errors, {counts['hang']} hangs > {HANG_LIMIT:g} s, "
        f"{counts['crash']} crashes, {counts['lost']} accepted with claims missing, "
        f"{counts['store changed']} store changes after a refusal; "
        f"slowest {slowest:.2f} s; {len(samples)} refusals replayed through `kg ingest`, "
        f"{len(cli_problems)} bad; seed {SEED}; {load_average()}"
    )
    assert total == PER_FORMAT
    assert not failures, f"{len(failures)} defects, e.g.:\n" + "\n\n".join(failures[:5])
    assert not cli_problems, "\n".join(cli_problems)


# --- the defects the fuzzing found, kept as fixed cases ------------------------------------------

_SHEET = """sheet: 1
sources: [{id: s, title: T}]
agents: [{id: a, name: A, type: Person}]
claims:
  - {id: c, claimant: a, stance: asserts, statement: [a, likes, a], source: s, AMOUNT}
"""
_BOMB = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    + ["sheet: *a9"]
)


def _turtle_with_amount(value: str) -> bytes:
    """A valid claim in Turtle whose amount is ``value`` (an xsd:decimal lexical form)."""
    doc = yaml.safe_load(_SHEET.replace("AMOUNT", "amount: {value: 12345, currency: USD}"))
    with open_store("memory:", writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(doc))
        out = io.BytesIO()
        export(store, out, "turtle")
    return out.getvalue().replace(b"12345", value.encode())


KNOWN = {
    "yaml alias bomb": (".yaml", _BOMB.encode(), "refused"),
    "yaml 5,000-digit integer": (".yaml", b"sheet: " + b"9" * 5000, "refused"),
    "json 5,000-digit integer": (".json", b'{"sheet": ' + b"9" * 5000 + b"}", "refused"),
    "json nested 3,000 deep": (".json", b"[" * 3000 + b"]" * 3000, "refused"),
    "json-ld nested 5,000 deep": (
        ".jsonld",
        b'{"@id": "http://a/s", "http://a/p": ' + b'{"http://a/p": ' * 5000 + b"1" + b"}" * 5001,
        "refused",
    ),
    "yaml amount 1e999999999": (
        ".yaml",
        _SHEET.replace("AMOUNT", "amount: {value: 1.0e+999999999, currency: USD}").encode(),
        "refused",
    ),
    "json amount 1e999999999": (
        ".json",
        b'{"sheet": 1, "sources": [{"id": "s", "title": "T"}], "agents": [{"id": "a", '
        b'"name": "A", "type": "Person"}], "claims": [{"id": "c", "claimant": "a", '
        b'"stance": "asserts", "statement": ["a", "likes", {"value": 1e999999999}], '
        b'"source": "s"}]}',
        "refused",
    ),
    "turtle amount -1e999999999": (".ttl", b"", "refused"),
    "yaml same_as with a bracket outside the host": (
        ".yaml",
        _SHEET.replace("AMOUNT", "responds_to: []")
        .replace("type: Person}", "type: Person, same_as: ['http://www.wi]kidata.org/entity/Q1']}")
        .encode(),
        "refused",
    ),
    "json quote in language 'n'": (
        ".json",
        b'{"sheet": 1, "sources": [{"id": "s", "title": "T"}], "agents": [{"id": "a", '
        b'"name": "A", "type": "Person"}], "claims": [{"id": "c", "claimant": "a", '
        b'"stance": "asserts", "statement": ["a", "likes", "a"], "source": "s", '
        b'"quote": {"text": "x", "lang": "n"}}]}',
        "refused",
    ),
    "yaml explicit !!float on a non-number": (".yaml", b"!!float .", "refused"),
    "yaml explicit !!bool maybe": (".yaml", b"sheet: !!bool maybe", "refused"),
    "yaml explicit !!set on a scalar": (".yaml", b"sheet: 1\nsources: !!set x", "refused"),
    "yaml list under a custom datatype (a claim silently dropped)": (
        ".yaml",
        _SHEET.replace("AMOUNT", "responds_to: []")
        .replace("[a, likes, a]", '[a, likes, {value: [1, 2], datatype: "http://example.org/dt"}]')
        .encode(),
        "refused",
    ),
    "yaml said_on in year 10000 in UTC": (
        ".yaml",
        _SHEET.replace("AMOUNT", 'said_on: "9999-12-31T23:59:59-14:00"').encode(),
        "refused",
    ),
}


def test_the_hostile_inputs_fuzzing_found_are_refused(tmp_path: Path, figure: Figure) -> None:
    worker = FuzzWorker([example_path()], HANG_LIMIT)
    outcomes = {}
    try:
        for name, (suffix, data, expected) in KNOWN.items():
            if suffix == ".ttl":
                data = _turtle_with_amount("-1e999999999")
            path = tmp_path / f"{len(outcomes)}{suffix}"
            path.write_bytes(data)
            verdict = worker.run(path)
            outcomes[name] = verdict
            assert verdict.outcome == expected, (name, verdict)
            assert not verdict.changed, name
    finally:
        worker.stop()
    slowest = max(v.seconds for v in outcomes.values())
    figure.add(
        f"{len(KNOWN)} inputs that hung, crashed, lost a claim or gave 'internal error' before the fixes: "
        f"all refused with Error:, slowest {slowest:.2f} s"
    )
