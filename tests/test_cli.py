"""The ``sanxiang`` command as a newcomer types it, in a fresh data directory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SANXIANG = str(Path(sys.executable).parent / "sanxiang")
# Every command here runs on the fresh data directory's embedded database (DATABASE_URL is
# not passed on): once, in the SQLite run (tests/conftest.py, EMBEDDED_ONLY).
pytestmark = pytest.mark.embedded


def sanxiang(*args, data_dir, env=None, timeout=180):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("SANXIANG_", "DJANGO_", "DATABASE_URL"))}
    environment["SANXIANG_DATA_DIR"] = str(data_dir)
    environment.update(env or {})
    return subprocess.run([SANXIANG, *args], capture_output=True, text=True, timeout=timeout,
                          env=environment, cwd=data_dir)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """One demo data directory, prepared by ``sanxiang demo --no-serve``."""
    data_dir = tmp_path_factory.mktemp("demo")
    # A few cases: the command, not the cases, is tested here (tests/demo/ reads every
    # scenario's case in-process); the default (300) takes minutes to render.
    result = sanxiang("demo", "--no-serve", "--port", "8123", data_dir=data_dir,
                      env={"SANXIANG_DEMO_CASES": "6"}, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "用户名 officer" in result.stdout and "密码 sanxiang-demo" in result.stdout
    return data_dir


def test_demo_is_idempotent_and_ledger_verifies(demo_dir):
    again = sanxiang("demo", "--no-serve", data_dir=demo_dir)
    assert again.returncode == 0, again.stderr
    assert "演示数据已存在" in again.stdout
    # --state: every row the load wrote is
    # the one its ledger event bound.
    verify = sanxiang("ledger", "verify", "--state", data_dir=demo_dir)
    assert verify.returncode == 0, verify.stderr
    assert "通过" in verify.stdout or "完整" in verify.stdout
    assert "数据与台账一致" in verify.stdout


def test_demo_serves_its_public_statistics_at_once_R_PUB_09(demo_dir):
    """The demo's /statistics/ shows figures as soon as it serves, not "正在生成" until the
    worker's first round: the load takes the first snapshot."""
    import sqlite3

    with sqlite3.connect(demo_dir / "sanxiang.sqlite3") as db:
        (snapshots,) = db.execute("SELECT count(*) FROM disclosure_statisticssnapshot").fetchone()
    assert snapshots == 1


def test_demo_documents_lead_to_the_port_it_serves_on_R_PUB_03(demo_dir):
    """The officers' QR codes on the demo's documents open the demo's own portal."""
    import json
    import sqlite3

    with sqlite3.connect(demo_dir / "sanxiang.sqlite3") as db:
        urls = {officer["url"] for (data,) in db.execute("SELECT data FROM cases_document")
                for officer in json.loads(data).get("officers", []) if officer.get("url")}
    assert urls
    assert all(url.startswith("http://127.0.0.1:8123/officers/") for url in urls), urls


@pytest.mark.parametrize("port", ["0", "70000"])
def test_demo_refuses_a_port_that_does_not_exist_in_chinese(tmp_path, port):
    result = sanxiang("demo", "--no-serve", "--port", port, data_dir=tmp_path)
    assert result.returncode == 2
    assert "端口须在 1 到 65535 之间" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_demo_load_that_stopped_half_way_is_refused(tmp_path):
    # The cases are committed act by act in several processes (ADR 0030): a directory whose
    # load did not finish holds a partial county, which the demo must not serve as loaded.
    (tmp_path / "demo-loading").write_text("sanxiang demo\n", encoding="utf-8")
    result = sanxiang("demo", "--no-serve", data_dir=tmp_path)
    assert result.returncode == 1
    assert "上次载入演示数据未完成" in result.stderr and "Traceback" not in result.stderr


def test_calendar_add_from_the_command_line_R_CAL_01(demo_dir):
    # 2026-02-13 Fri, 02-14 Sat (make-up), Spring Festival 02-15..23, then 02-24, 25, 26.
    result = sanxiang("calendar", "add", "2026-02-12", "5", data_dir=demo_dir)
    assert result.stdout.strip() == "2026-02-26"
    provisional = sanxiang("calendar", "add", "2026-12-29", "10", data_dir=demo_dir)
    assert provisional.stdout.strip() == "2027-01-12 provisional"


def test_calendar_explain_is_chinese_R_CAL_02(demo_dir):
    result = sanxiang("calendar", "explain", "2026-09-30", "3", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert "国庆节" in result.stdout and "2026年10月" in result.stdout


def test_import_template_and_bad_file_report_row_and_column(demo_dir, tmp_path):
    from openpyxl import load_workbook

    template = tmp_path / "bodies.xlsx"
    made = sanxiang("import", "bodies", "--template", str(template), data_dir=demo_dir)
    assert made.returncode == 0, made.stderr
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    # The template's row 2 is an example the import skips; fill row 3 from it.
    for column, cell in enumerate(sheet[2], start=1):
        sheet.cell(row=3, column=column, value=cell.value)
    sheet.cell(row=3, column=1, value="滹阳县测试局")
    credit_column = headers.index("统一社会信用代码") + 1
    sheet.cell(row=3, column=credit_column, value="11130102000000019Y")  # wrong check digit
    workbook.save(template)
    result = sanxiang("import", "bodies", str(template), data_dir=demo_dir)
    assert result.returncode == 1
    assert "第 3 行" in result.stdout + result.stderr
    assert "统一社会信用代码" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = sanxiang("manage", "check", data_dir=tmp_path, env={"SANXIANG_ENV": "production"})
    assert result.returncode != 0
    assert "SANXIANG_SECRET_KEY" in result.stderr


def test_createadmin_creates_a_system_administrator(demo_dir):
    result = sanxiang("createadmin", "--username", "zhangadmin", "--name", "张管理",
                      data_dir=demo_dir, env={"SANXIANG_ADMIN_PASSWORD": "Qingchuan-2026!"})
    assert result.returncode == 0, result.stderr
    assert "已创建系统管理员 zhangadmin" in result.stdout
    weak = sanxiang("createadmin", "--username", "weak", "--name", "弱口令",
                    data_dir=demo_dir, env={"SANXIANG_ADMIN_PASSWORD": "12345678"})
    assert weak.returncode == 1
    assert "错误" in weak.stderr


def test_housekeeping_runs_on_the_demo(demo_dir):
    result = sanxiang("housekeeping", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert "检查点" in result.stdout and "公示期届满" in result.stdout


@pytest.mark.parametrize("command", [
    ("calendar", "add", "2026-12-01", "5"),
    ("ledger", "verify"),
    ("housekeeping",),
    ("manage", "search", "rebuild"),
])
def test_commands_on_an_empty_data_directory_say_what_to_do(tmp_path, command):
    result = sanxiang(*command, data_dir=tmp_path, env={"SANXIANG_ENV": "demo"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "还没有数据库" in result.stderr and "sanxiang migrate" in result.stderr
    assert "sanxiang demo" in result.stderr


def test_production_without_configuration_explains_in_chinese(tmp_path):
    result = sanxiang("calendar", "add", "2026-12-01", "5", data_dir=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "配置有误" in result.stderr and "SANXIANG_SECRET_KEY" in result.stderr
    assert "sanxiang demo" in result.stderr


ENGLISH_ARGPARSE = ("usage:", "error:", "options:", "show this help", "invalid", "unrecognized",
                    "required:", "CommandError", "Verbosity", "Traceback")


def test_help_and_argument_errors_of_the_platforms_verbs_are_chinese(tmp_path):
    usage = sanxiang("--help", data_dir=tmp_path)
    assert usage.returncode == 0
    assert "用法：sanxiang 命令" in usage.stdout and "建立或升级数据库" in usage.stdout
    unknown = sanxiang("frobnicate", data_dir=tmp_path)
    assert unknown.returncode == 2 and "未知命令：frobnicate" in unknown.stderr

    bad_count = sanxiang("demo", "--no-serve", "--cases", "三百", data_dir=tmp_path)
    assert bad_count.returncode == 2
    assert "用法：sanxiang demo" in bad_count.stderr
    assert "错误：参数 --cases：“三百”不是有效的值" in bad_count.stderr
    stray = sanxiang("demo", "--no-serve", "--bogus", data_dir=tmp_path)
    assert "无法识别的参数：--bogus" in stray.stderr
    helped = sanxiang("demo", "--help", data_dir=tmp_path)
    assert "显示本帮助并退出" in helped.stdout and "选项" in helped.stdout
    for result in (bad_count, stray, helped):
        assert not [word for word in ENGLISH_ARGPARSE if word in result.stdout + result.stderr]
    assert not (tmp_path / "sanxiang.sqlite3").exists()  # refused before anything was made


def test_help_and_errors_of_the_management_verbs_are_chinese(demo_dir):
    helped = sanxiang("ledger", "--help", data_dir=demo_dir)
    assert helped.returncode == 0
    assert "显示本帮助并退出" in helped.stdout and "输出详细程度" in helped.stdout
    stray = sanxiang("ledger", "verify", "--bogus", data_dir=demo_dir)
    assert stray.returncode == 2 and "无法识别的参数：--bogus" in stray.stderr
    missing = sanxiang("calendar", "add", "2026-02-12", data_dir=demo_dir)
    assert missing.returncode == 2 and "缺少必需的参数：n" in missing.stderr
    refused = sanxiang("calendar", "count", "2026-03-10", "2026-03-01", data_dir=demo_dir)
    assert refused.returncode == 1 and refused.stderr.strip() == "错误：止日不能早于起日。"
    for result in (helped, stray, missing, refused):
        assert not [word for word in ENGLISH_ARGPARSE if word in result.stdout + result.stderr]
