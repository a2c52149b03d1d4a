#!/usr/bin/env python3
"""Score `kg draft` on the annotated articles of this folder, the way acceptance scores it.

    python benchmarks/drafts/run.py [--set dev|heldout1|…|heldout10|all] [--keep DIR] [--score PATH]

Runs ../shared/eval/score_drafts.py (the acceptance scorer; --score or $SCORE_DRAFTS to
point elsewhere) on gold-dev.json and gold-heldout{1..10}.json with the `kg` installed beside
this Python (or --kg), then checks that every draft validates as written (its quotes
anchored to the article through the source's `text:`) and prints the seconds each draft
took, model load included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

ROLES = {
    "dev": "the rules were tuned on these",
    "heldout1": "held out until its first run (see README), looked at since",
    "heldout2": "held out until its first run (see README), looked at since",
    "heldout3": "held out until its first run (see README), looked at since",
    "heldout4": "held out until its first run (see README), looked at since",
    "heldout5": "held out until its first run (see README), looked at since",
    "heldout6": "held out until its first run (see README), looked at since",
    "heldout7": "held out until its first run (see README), looked at since",
    "heldout8": "held out until its first run (see README), looked at since",
    "heldout9": "held out until its first run (see README), looked at since",
    "heldout10": "held out until its first run (see README), looked at since",
}


def validate(folder: Path) -> None:
    from kg.validate import validate_files

    for draft in sorted(folder.glob("*.yaml")):
        result = validate_files([draft])
        status = (
            "valid"
            if result.ok
            else "INVALID: " + "; ".join(p.message for p in result.problems[:3])
        )
        print(f"  {draft.name}: {result.claims} claims, {status}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--set",
        choices=[*ROLES, "all"],
        default="all",
    )
    ap.add_argument("--keep", help="folder to keep the drafts in")
    ap.add_argument(
        "--score",
        default=os.environ.get(
            "SCORE_DRAFTS", str(REPO.parent / "shared" / "eval" / "score_drafts.py")
        ),
    )
    ap.add_argument(
        "--kg",
        default=str(Path(sys.executable).with_name("kg")),
        help="the `kg` to run [default: the one beside this Python]",
    )
    args = ap.parse_args()
    sets = list(ROLES) if args.set == "all" else [args.set]
    work = Path(tempfile.mkdtemp(prefix="kg-draft-bench-"))
    kg = args.kg
    for name in sets:
        keep = Path(args.keep or work) / name
        keep.mkdir(parents=True, exist_ok=True)
        print(f"== {name}: {ROLES[name]}")
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                args.score,
                str(HERE / f"gold-{name}.json"),
                "--kg",
                kg,
                "--keep",
                str(keep),
            ],
            check=True,
        )
        print(f"  ({time.perf_counter() - t:.1f} s in all)")
        print("validation of the drafts as written:")
        validate(keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
