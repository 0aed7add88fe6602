"""The ``sanxiang`` command speaks Chinese: argparse's own words, Django's common options and
its "CommandError:" prefix.

argparse takes its words from ``gettext`` in the default domain, which no installed catalogue
translates, and Django's management commands add their common options with English help
that is not marked for translation. Neither offers a hook, so ``speak_chinese`` replaces them
in the ``sanxiang`` process only (``sanxiang.cli.main`` calls it before any parser is built):
the web server, the worker's tasks and the tests keep the libraries as they are.
"""

from __future__ import annotations

import argparse
import sys

# argparse's messages (CPython 3.11–3.13), word for word.
ARGPARSE = {
    "usage: ": "用法：",
    "options": "选项",
    "optional arguments": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "取值 %(value)r 无效",
    "expected one argument": "后面须跟一个值",
    "expected at least one argument": "后面至少须跟一个值",
    "expected at most one argument": "后面至多跟一个值",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "取值 %(value)r 无效（可选：%(choices)s）",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "ignored explicit argument %r": "多余的取值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开文件“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知操作 %(parser_name)r（可选：%(choices)s）",
    "unexpected option string: %s": "意外的选项：%s",
}

# The options every Django management command adds, by their option string.
DJANGO_OPTIONS = {
    "--version": "显示版本号并退出",
    "--verbosity": "输出详细程度：0 最少，1 正常，2 详细，3 非常详细",
    "--settings": "设置模块的 Python 路径；不给出时取环境变量 DJANGO_SETTINGS_MODULE",
    "--pythonpath": "加入 Python 路径的目录",
    "--traceback": "出错时显示完整的调用栈（供开发人员排查）",
    "--no-color": "输出不加颜色",
    "--force-color": "输出强制加颜色",
    "--skip-checks": "跳过系统检查",
}


def _gettext(message: str) -> str:
    return ARGPARSE.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "后面须跟 %s 个值"
    return singular if count == 1 else plural


def speak_chinese() -> None:
    """Put the Chinese words in place; calling it again changes nothing."""
    if getattr(argparse, "_sanxiang_chinese", False):
        return
    argparse._ = _gettext
    argparse.ngettext = _ngettext
    argparse._sanxiang_chinese = True

    from django.core.management.base import BaseCommand, CommandError, SystemCheckError

    create_parser = BaseCommand.create_parser
    execute = BaseCommand.execute

    def chinese_parser(self, prog_name, subcommand, **kwargs):
        parser = create_parser(self, prog_name, subcommand, **kwargs)
        for action in parser._actions:
            for option in action.option_strings:
                if option in DJANGO_OPTIONS:
                    action.help = DJANGO_OPTIONS[option]
        return parser

    def chinese_errors(self, *args, **options):
        # Django prints "CommandError: <message>"; at the terminal "错误：<message>" is what
        # the person reads. Called from code (call_command, the tests) the error is raised.
        try:
            return execute(self, *args, **options)
        except CommandError as error:
            if (not getattr(self, "_called_from_command_line", False)
                    or options.get("traceback") or isinstance(error, SystemCheckError)):
                raise
            print(f"错误：{error}", file=sys.stderr)
            sys.exit(error.returncode)

    BaseCommand.create_parser = chinese_parser
    BaseCommand.execute = chinese_errors
