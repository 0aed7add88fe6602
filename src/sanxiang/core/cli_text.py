"""argparse's own messages in Chinese, for the ``sanxiang`` command and the management
commands it runs.

argparse looks its texts up through ``gettext`` in a domain no Chinese catalogue ships for,
so a mistyped argument (``sanxiang demo --port abc``) answered “error: argument --port:
invalid int value: 'abc'”. ``install()`` puts the translations below in argparse's place
for the command's own process; the formats keep argparse's placeholders (a translation may
leave one out: ``%`` with a mapping ignores unused keys).
"""

import argparse
import errno
import io
import re

MESSAGES = {
    "usage: ": "用法：",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "can't open '%(filename)s': %(error)s": "无法打开文件“%(filename)s”：%(error)s",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "此选项不带值，多余的值：%r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "expected one argument": "须给出一个值",
    "expected at most one argument": "至多给出一个值",
    "expected at least one argument": "至少给出一个值",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "“%(value)s”不是可选的值（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected %s argument": "须给出 %s 个值",
    "expected %s arguments": "须给出 %s 个值",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


# The options every Django management command adds (with English help not marked for
# translation), by their option string.
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


def install() -> None:
    """argparse reads ``_`` and ``ngettext`` from its module when it formats a message;
    Django's ``BaseCommand.create_parser`` adds its common options with English help, which
    the wrapper below replaces once the parser is made (``sanxiang ledger --help``)."""
    argparse._ = gettext
    argparse.ngettext = ngettext
    from django.core.management.base import BaseCommand

    if getattr(BaseCommand.create_parser, "chinese_help", False):
        return
    create_parser = BaseCommand.create_parser

    def chinese_help(self, prog_name, subcommand, **kwargs):
        parser = create_parser(self, prog_name, subcommand, **kwargs)
        for action in parser._actions:
            for option in action.option_strings:
                action.help = DJANGO_OPTIONS.get(option, action.help)
        return parser

    chinese_help.chinese_help = True
    BaseCommand.create_parser = chinese_help


# What the system says of a file it could not open, as a person at the terminal reads it.
OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统",
    errno.EEXIST: "已存在",
}


def os_error_text(error: OSError) -> str:
    return OS_ERRORS.get(error.errno) or error.strerror or str(error)


def file_error_text(error: Exception) -> str:
    """Why a file given on the command line could not be read, in Chinese (the commands
    printed Python's own words: “[Errno 2] No such file or directory”, “Expecting value:
    line 1 column 1 (char 0)”, “File is not a zip file”)."""
    import json
    import urllib.error
    import zipfile

    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        return "无法连接：" + (os_error_text(reason) if isinstance(reason, OSError)
                              else str(reason))
    if isinstance(error, OSError):
        return os_error_text(error)
    if isinstance(error, json.JSONDecodeError):
        return f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）"
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    if isinstance(error, zipfile.BadZipFile):
        return "不是 ZIP 文件"
    return str(error)


UNKNOWN_COMMAND = (
    (re.compile(r"^Unknown command: (.*)$", re.S), r"未知命令：\1"),
    (re.compile(r"^\. Did you mean (.*)\?$", re.S), r"。是否想用 \1？"),
    (re.compile(r"^\nType '.*' for usage\.\n$", re.S),
     "\n用 sanxiang manage help 列出全部命令。\n"),
)


class ChineseCommandErrors(io.TextIOBase):
    """Standard error for Django's management commands: Django writes a refused command as
    “CommandError: <message>” (the exception's class name); the person reads 错误：."""

    PREFIX = "CommandError: "

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text):
        if text.startswith(self.PREFIX):
            text = "错误：" + text[len(self.PREFIX):]
        else:  # ManagementUtility's lines for a command it does not know
            for pattern, chinese in UNKNOWN_COMMAND:
                text = pattern.sub(chinese, text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()

    def isatty(self):
        return self.stream.isatty()

    def fileno(self):
        return self.stream.fileno()
