"""``manage calendar`` (``sanxiang calendar``): add, explain, count, load, status."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.calendar.files import bundled_file
from sanxiang.core.models import CalendarYear, LedgerEvent

pytestmark = pytest.mark.django_db

SCHEDULE_2027 = """
year = 2027
source = "测试用2027年节假日安排"

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
"""


def run(*args) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_iso_date_R_CAL_01():
    assert run("add", "2026-02-12", "5") == "2026-02-26\n"
    assert run("add", "2026-09-03", "30", "--natural") == "2026-10-08\n"


def test_add_marks_provisional_results_R_CAL_01():
    assert run("add", "2026-12-29", "10") == "2027-01-12 provisional\n"


def test_add_explain_and_explain_print_the_reasons_R_CAL_02():
    lines = run("add", "2026-02-13", "5", "--explain").splitlines()
    assert lines[0] == "2026-02-27"
    assert lines[1:] == run("explain", "2026-02-13", "5").splitlines()
    assert "届满日：2026年2月27日（星期五）" in lines
    assert "跳过法定节假日：春节 2026年2月15日至2月23日，共9天" in lines


def test_explain_with_rule_and_excluded_period_R_CAL_02():
    lines = run("explain", "2026-03-02", "5", "--exclude", "2026-03-04..2026-03-06:专家评审",
                "--rule", "《行政许可法》第四十五条").splitlines()
    assert lines[0] == "适用规则：《行政许可法》第四十五条"
    assert "不计入期间：专家评审 2026年3月4日至3月6日，其中3天在本期间内，不予计算" in lines
    assert "届满日：2026年3月12日（星期四）" in lines


def test_count_prints_the_number_R_CAL_01():
    assert run("count", "2026-02-12", "2026-02-27") == "6\n"
    assert run("count", "2026-12-30", "2027-01-05") == "4 provisional\n"


def test_load_then_add_is_final_R_CAL_01(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    output = run("load", str(path))
    assert output.startswith("已加载 2027 年节假日安排：测试用2027年节假日安排。"
                             "法定节假日 1 个，放假 3 天，调休上班 0 天。")
    assert "此前该年度没有节假日数据" in output
    assert run("add", "2026-12-29", "10") == "2027-01-13\n"
    event = LedgerEvent.objects.latest("seq")
    assert event.actor_name == "系统"
    assert '"source_name":"2027.toml"' in event.payload


def test_load_the_bundled_2026_file_R_CAL_01():
    output = run("load", str(bundled_file(2026)))
    assert "法定节假日 7 个，放假 33 天，调休上班 6 天" in output
    assert "与 chinesecalendar 软件包的数据相比日期没有变化" in output


def test_load_invalid_file_fails_with_chinese_errors_R_CAL_01(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(SCHEDULE_2027 + "makeup_workdays = [2027-01-04]\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        run("load", str(path))
    assert failed.value.returncode == 1
    message = str(failed.value)
    assert "有误，未加载任何内容" in message
    assert "第1个节日（元旦）：调休上班日 2027-01-04 是星期一，不是星期六或星期日。" in message
    assert not CalendarYear.objects.exists()


def test_load_missing_or_undecodable_file_R_CAL_01(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run("load", str(tmp_path / "none.toml"))
    path = tmp_path / "gbk.toml"
    path.write_bytes(SCHEDULE_2027.encode("gbk"))
    with pytest.raises(CommandError, match="不是 UTF-8 编码"):
        run("load", str(path))


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="日期应写作 YYYY-MM-DD"):
        run("add", "2026-13-01", "5")
    with pytest.raises(CommandError, match="天数应为不小于 0 的整数"):
        run("add", "2026-02-12", "-1")
    with pytest.raises(CommandError, match="止日不能早于起日"):
        run("count", "2026-02-12", "2026-02-01")


def test_status_names_the_sources():
    output = run("status")
    assert "chinesecalendar 软件包覆盖 2004–2026 年。" in output
    assert "明年" in output


def test_exit_code_from_the_command_line_R_CAL_01(tmp_path):
    """A refused file ends the real process with exit code 1 and the reasons on stderr."""
    path = tmp_path / "bad.toml"
    path.write_text('year = 2027\nsource = "x"\n', encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
           "SANXIANG_ENV": "test", "SANXIANG_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "django", "calendar", "load", str(path)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1
    assert "缺少必填项目“holiday”。" in done.stderr
