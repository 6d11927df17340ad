"""``scripts/register-check FILE``: list a register file's problems.

Prints ``row N, column NAME: reason`` per problem, then ``N rows, M problems``. Exit status:
0 clean, 1 problems, 2 unreadable file (reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..codes.community import parse as parse_community
from ..codes.exceptions import ValidationError
from .importer import check_register_file
from .reader import RegisterFileError

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="register-check", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="register .csv or .xlsx")
    parser.add_argument("--community", help="15-digit community code (checks camera codes)")
    parser.add_argument("--community-name", help="小区名称 (else inferred from the names)")
    args = parser.parse_args(argv)
    try:
        community = parse_community(args.community) if args.community else None
    except ValidationError as err:
        print(f"register-check: --community: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        check = check_register_file(
            args.file, community=community, community_name=args.community_name
        )
    except RegisterFileError as err:
        print(f"register-check: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    for problem in check.problems:
        print(problem)
    print(f"{check.row_count} rows, {len(check.problems)} problems")
    return EXIT_PROBLEMS if check.problems else EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
