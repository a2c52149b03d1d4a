"""Run many `kg` command lines in one process: ``python cli_batch.py < commands.jsonl``.

Each input line is a JSON list of arguments; each output line a JSON object with the exit
code, stdout and stderr of that command, run by the real CLI through click's test runner.
One interpreter for hundreds of commands keeps the egress tests fast, and being a separate
process it can be watched from outside (strace, a FIFO it must never open, a timeout).
"""

from __future__ import annotations

import json
import os
import sys

from click.testing import CliRunner

from kg.cli import cli


def main() -> None:
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    runner = CliRunner()
    for line in sys.stdin:
        args = json.loads(line)
        result = runner.invoke(cli, args, catch_exceptions=True)
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = f"{type(result.exception).__name__}: {result.exception}"
        replies.write(
            json.dumps(
                {
                    "args": args,
                    "exit": result.exit_code,
                    "stdout": result.stdout,
                    "stderr": result.stderr,
                    "crash": crash,
                }
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
