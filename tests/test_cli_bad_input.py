"""The ``sanxiang`` command with bad arguments: a Chinese message and an exit code, never a
traceback nor Python's English (ADR 0065)."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanxiang import cli

SANXIANG = str(Path(sys.executable).parent / "sanxiang")


@pytest.fixture(autouse=True)
def _argparse_restored(monkeypatch):
    """``cli.main`` puts Chinese texts into argparse for its process; the test process gets
    its own back afterwards."""
    monkeypatch.setattr(argparse, "_", argparse._)
    monkeypatch.setattr(argparse, "ngettext", argparse.ngettext)


@pytest.mark.parametrize(("args", "said"), [
    (["demo", "--port", "abc"], "参数 --port：“abc”不是有效的值"),
    (["demo", "--cases", "1e20"], "参数 --cases：“1e20”不是有效的值"),
    (["verify-draw"], "缺少必需的参数：source"),
    (["verify-bundle", "--nonsense", "x.zip"], "无法识别的参数：--nonsense"),
    (["serve", "--port", "99999"], "端口须在 1 到 65535 之间"),
    (["serve", "--workers", "0"], "进程数须在 1 到 64 之间"),
])
def test_bad_arguments_are_refused_in_chinese(capsys, args, said):
    with pytest.raises(SystemExit) as stopped:
        cli.main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "用法：" in err
    assert "error:" not in err and "invalid" not in err and "usage:" not in err


def test_files_that_cannot_be_read_are_named_in_chinese(capsys, tmp_path):
    broken = tmp_path / "draw.json"
    broken.write_text('{"a":', encoding="utf-8")
    assert cli.main(["verify-draw", str(tmp_path / "missing.json")]) == 2
    assert cli.main(["verify-draw", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "无法读取抽取数据：文件或文件夹不存在" in err
    assert "不是有效的 JSON（第 1 行第 6 列）" in err
    assert "Errno" not in err and "Expecting value" not in err


@pytest.mark.django_db
def test_a_refused_management_command_says_错误_not_CommandError_R_CAL_02(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.run_management("calendar", ["count", "2026-05-01", "2026-04-01"])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "错误：止日不能早于起日。" in err and "CommandError" not in err


@pytest.mark.django_db
def test_backup_to_a_folder_that_cannot_be_made_is_refused_in_chinese():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=r"无法建立备份文件夹 .*：文件或文件夹不存在"):
        call_command("backup", "/proc/no-such-process/backup")


def test_createadmin_without_a_terminal_creates_nothing_and_says_why(tmp_path):
    """Run from a script with no input: input() met the end of input (EOFError)."""
    result = subprocess.run(
        [SANXIANG, "createadmin"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120, cwd=tmp_path, env={
            "PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            "SANXIANG_ENV": "demo", "SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    assert "未创建账号" in result.stderr
