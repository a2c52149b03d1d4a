"""How long the HTML picture of a big store takes to load in headless Chromium.

    python benchmarks/viz_load.py [--claims 5000] [--runs 3] [--seed 42]

Generates a seeded sheet (``benchmarks/generate.py``), ingests it into an in-memory store,
writes the page with ``kg.viz``, then opens it in Debian's ``chromium`` through Playwright
with every non-file request refused, and times navigation until the page says it is drawn
(``body[data-ready=true]``: data parsed, first selection laid out and painted). The target
is under 5 s for 5,000 claims; this prints the figure, it does not assert it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_sheet  # a sibling script, not a package

from kg.ingest import ingest
from kg.store import open_store
from kg.viz import write_picture

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--proxy-server=http://127.0.0.1:9",
]


def build_page(claims: int, seed: int, folder: Path) -> tuple[Path, float]:
    """Write the page for a generated store; return it and the seconds ``kg.viz`` took."""
    sheet = folder / "sheet.json"
    sheet.write_text(json.dumps(generate_sheet(claims, seed)), encoding="utf-8")
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet])
        started = time.perf_counter()
        page = write_picture(store, folder / "page.html")
        return page, time.perf_counter() - started


def load_times(page: Path, runs: int) -> tuple[list[float], str]:
    """Seconds from navigation to drawn, per run, and what the page says it shows."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    times = []
    status = ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            tab = context.new_page()
            started = time.perf_counter()
            tab.goto(page.as_uri())
            tab.wait_for_selector("body[data-ready=true]", timeout=60_000)
            times.append(time.perf_counter() - started)
            status = tab.locator("#kg-status").text_content() or ""
            context.close()
        browser.close()
    return times, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page, written = build_page(args.claims, args.seed, Path(tmp))
        size = page.stat().st_size
        times, status = load_times(page, args.runs)
    print(f"viz_load: {args.claims:,} claims, page {size / 1e6:.1f} MB written in {written:.1f} s")
    print(f"viz_load: {status}")
    print(
        f"viz_load: load in headless chromium: median {statistics.median(times):.2f} s, "
        f"best {min(times):.2f} s, worst {max(times):.2f} s over {len(times)} runs (target < 5 s)"
    )


if __name__ == "__main__":
    main()
