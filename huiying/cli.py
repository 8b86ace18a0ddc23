"""The `huiying` command: every subcommand is a Django management command, so `--help`
works everywhere and the web UI, worker and CLI share one code path."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "analyze":
        # The batch command needs no server and no database: the pure core only.
        from huiying.batch import main as analyze_main

        sys.exit(analyze_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huiying", *args])


if __name__ == "__main__":
    main()
