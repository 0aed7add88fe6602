"""The ``sanxiang`` command."""

import argparse
import os
import sys


def _django(env: str | None = None):
    if env:
        os.environ.setdefault("SANXIANG_ENV", env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["sanxiang manage", *argv[1:]])
        return 0
    parser = argparse.ArgumentParser(prog="sanxiang")
    parser.add_argument("command")
    args, _rest = parser.parse_known_args(argv)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
