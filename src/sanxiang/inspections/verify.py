"""``sanxiang verify-draw FILE.json|URL``: recompute a published draw without the database.

The file is what ``GET /api/inspections/draws/{id}`` returns. Exit 0 when the lists' digest,
the draw and the result's digest all match; 1 naming the first difference; 2 when the file
cannot be read. Only the standard library and ``inspections.drawing`` are used.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

from sanxiang.core.cli_text import file_error_text
from sanxiang.inspections import drawing

MAX_BYTES = 512 * 1024 * 1024


def _load(source: str) -> dict:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 — http(s) only
            return json.loads(response.read(MAX_BYTES).decode("utf-8"))
    return json.loads(Path(source).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang verify-draw",
                                     description="重新计算并核对一次公开的双随机抽取")
    parser.add_argument("source", help="抽取数据文件（JSON）或其网址")
    args = parser.parse_args(argv)
    try:
        published = _load(args.source)
    except (OSError, ValueError) as error:
        print(f"无法读取抽取数据：{file_error_text(error)}", file=sys.stderr)
        return 2
    if not isinstance(published, dict):
        print("抽取数据格式不正确。", file=sys.stderr)
        return 2
    problems = drawing.verify(published)
    if problems:
        print(f"不一致：{problems[0]}")
        for problem in problems[1:]:
            print(f"另有：{problem}")
        return 1
    if published.get("seed"):
        count = len((published.get("result") or {}).get("selected") or [])
        print(f"一致：名单摘要 {published['lists_digest']}，种子“{published['seed']}”，"
              f"重新计算的 {count} 个抽中对象及检查人员与公布结果一致。")
    else:
        print(f"一致：名单摘要 {published['lists_digest']} 与名单相符；尚未录入种子。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
