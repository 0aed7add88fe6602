"""The ``sanxiang`` command: the platform's own verbs, over Django's management commands.

    sanxiang demo [--port N] [--no-serve] [--cases N]   migrate, load the demo county, serve
    sanxiang serve [--port N] [--bind ADDR]  serve with gunicorn
    sanxiang migrate                         create or update the database
    sanxiang createadmin                     create a 系统管理员 account
    sanxiang demo-code [USER…]               the demo accounts' current second-factor codes
    sanxiang backup DIR                      a consistent copy: database, stored files, keys
    sanxiang restore DIR                     restore a backup into an empty installation
    sanxiang ledger verify|proof|checkpoint|adopt  the tamper-evident ledger
                                             (verify --state, verify --checkpoint FILE)
    sanxiang ledger witness URL [--dir DIR]  keep the platform's checkpoints, checking each
                                             extends the last (run by another party)
    sanxiang verify PROOF.json [--key PUB]   check a published decision's integrity proof
    sanxiang worker [--once]                 run background tasks and the periodic work
                                             (checkpoints, uploads, periods, scrub, exports)
    sanxiang housekeeping                    the periodic work once, by hand
    sanxiang verify-bundle FILE.zip [--key PUB] [-v]   check an exported case file offline
    sanxiang verify-draw FILE.json|URL       recompute a published random-inspection draw
                                             (also: sanxiang draw verify FILE.json|URL)
    sanxiang scrub                           re-hash every stored original; exit 1 naming bad ones
    sanxiang storage push                    put originals stored before a bucket was
                                             configured into the object store (idempotent)
    sanxiang calendar add|explain|count|load the working-day calendar
    sanxiang import bodies|officers FILE     import the register from Excel
    sanxiang manage …                        any Django management command
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

USAGE = """\
用法：sanxiang 命令 [参数…]

  sanxiang demo [--port N] [--no-serve] [--cases N]   建库、载入演示县数据并启动服务
  sanxiang serve [--port N] [--bind 地址]             用 gunicorn 启动服务
  sanxiang migrate                                    建立或升级数据库
  sanxiang createadmin                                创建系统管理员账号
  sanxiang demo-code [用户名…]                        演示账号当前的二次验证码
  sanxiang backup 目录                                一致的备份：数据库、存储的文件、密钥
  sanxiang restore 目录                               把备份恢复到空的安装中
  sanxiang ledger verify|proof|checkpoint|adopt       防篡改台账
                                                      （verify --state，verify --checkpoint 文件）
  sanxiang ledger witness 网址 [--dir 目录]           见证方保存平台的检查点，逐一核对前后相续
  sanxiang verify 证明.json [--key 公钥]              核验已公开决定的完整性证明
  sanxiang worker [--once]                            运行后台任务与定期工作
                                                      （检查点、上传、期限、复核、导出）
  sanxiang housekeeping                               手动执行一次定期工作
  sanxiang verify-bundle 文件.zip [--key 公钥] [-v]   离线核验导出的案卷
  sanxiang verify-draw 文件.json|网址                 重算已公开的双随机抽取
                                                      （也可写作 sanxiang draw verify …）
  sanxiang scrub                                      重新计算全部原件的哈希，有误的逐一列出
  sanxiang storage push                               把配置对象存储之前保存的原件推送到存储桶
  sanxiang calendar add|explain|count|load            工作日日历
  sanxiang import bodies|officers 文件                从 Excel 导入执法主体或执法人员名册
  sanxiang manage …                                   任一 Django 管理命令

每个命令加 --help 可查看其参数。
"""

# Verbs that are management commands under another name.
COMMAND_ALIASES = {
    "ledger": "ledger",
    "calendar": "calendar",
    "import": "importregister",
    "migrate": "migrate",
    "housekeeping": "housekeeping",
    "verify": "verify_record",
    "backup": "backup",
    "restore": "restore",
    "scrub": "scrub",
    "storage": "storage",
    "worker": "worker",
}
DEMO_MARKER = "demo-data-dir"
# Present while ``sanxiang demo`` loads the county: the cases are committed act by act in
# several processes (ADR 0030), so a load that stopped leaves a partial county behind.
DEMO_LOADING = "demo-loading"
# Management commands that run without a migrated database (they create or inspect it).
NO_DATABASE_COMMANDS = frozenset({
    "migrate", "help", "check", "makemigrations", "showmigrations", "sqlmigrate",
    "collectstatic", "compilemessages", "makemessages", "shell", "dbshell", "version",
    "diffsettings", "test",
    # A restore goes into an empty data directory or database by design.
    "restore"})


def data_dir() -> Path:
    return Path(os.environ.get("SANXIANG_DATA_DIR", "var")).resolve()


def _choose_env(default: str | None = None) -> None:
    """Pick the settings profile before Django reads the settings.

    A data directory created by ``sanxiang demo`` carries a marker, so later commands
    against the demo (``sanxiang ledger verify``) need no extra variables. Anything else
    is production unless SANXIANG_ENV says otherwise.
    """
    if "SANXIANG_ENV" in os.environ:
        return
    if default:
        os.environ["SANXIANG_ENV"] = default
    elif (data_dir() / DEMO_MARKER).exists():
        os.environ["SANXIANG_ENV"] = "demo"


class CommandError(SystemExit):
    """Stop with a message for the person at the terminal (Chinese, no traceback)."""

    def __init__(self, message: str, code: int = 1):
        print(message, file=sys.stderr)
        super().__init__(code)


def _setup(default_env: str | None = None) -> None:
    _choose_env(default_env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise CommandError(
            f"配置有误：{error}\n"
            f"生产环境须通过环境变量配置（见 README 的“Configuration”一节）。只想试用时，请运行 "
            f"`sanxiang demo`：它在 {data_dir()} 建立演示数据目录，之后的命令无需再配置。",
            code=2) from None


def _require_database() -> None:
    """Commands that read the database say what to do when it is missing or out of date,
    instead of a traceback ("no such table")."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise CommandError(f"无法连接数据库：{error}\n请检查 DATABASE_URL 与数据库服务。") from None
    if not plan:
        return
    applied = executor.loader.applied_migrations
    if not applied:
        raise CommandError(
            f"数据目录 {data_dir()} 中还没有数据库。请先运行 `sanxiang migrate` 建立数据库"
            f"（再用 `sanxiang createadmin` 创建系统管理员），"
            f"或运行 `sanxiang demo` 载入演示数据。")
    raise CommandError(
        f"数据库需要更新（有 {len(plan)} 项迁移尚未执行）。请先运行 `sanxiang migrate`。")


def _run_on_database(name: str, args: list[str]) -> int:
    from django.db import DatabaseError

    _require_database()
    try:
        return run_management(name, args)
    except DatabaseError as error:
        raise CommandError(f"数据库错误：{error}") from None


def run_management(name: str, args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from sanxiang.core.cli_text import ChineseCommandErrors

    stderr = sys.stderr
    sys.stderr = ChineseCommandErrors(stderr)  # read by the command when it is made
    try:
        execute_from_command_line(["sanxiang", name, *args])
    finally:
        sys.stderr = stderr
    return 0


def cmd_demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang demo", description="运行演示平台")
    parser.add_argument("--port", type=int, default=8000, metavar="端口",
                        help="服务端口，默认 8000")
    parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
    parser.add_argument("--cases", type=int, default=None, metavar="件数",
                        help="演示案件数（默认取环境变量 SANXIANG_DEMO_CASES，否则 300）")
    args = parser.parse_args(argv)
    if args.cases is not None:
        if args.cases < 0:
            parser.error("案件数不能为负数")
        os.environ["SANXIANG_DEMO_CASES"] = str(args.cases)
    if not 1 <= args.port <= 65535:
        parser.error("端口须在 1 到 65535 之间")
    # The officers' QR codes on the demo's documents lead to the port it is served on.
    os.environ.setdefault("SANXIANG_PUBLIC_URL", f"http://127.0.0.1:{args.port}")

    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    loading = directory / DEMO_LOADING
    if loading.exists():
        raise CommandError(f"上次载入演示数据未完成，数据目录 {directory} 中只有部分数据。"
                           f"请删除该目录（或换一个 SANXIANG_DATA_DIR）后重新运行 "
                           f"`sanxiang demo`。")
    (directory / DEMO_MARKER).write_text("sanxiang demo\n", encoding="utf-8")
    _setup("demo")
    import logging

    from django.core.management import call_command

    # Font subsetting and CSS notes of the PDF renderer are repeated for every document:
    # hundreds of identical lines that hide the accounts printed at the end.
    for noisy in ("fontTools", "weasyprint"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    from sanxiang.demo.county import load

    print("==> 初始化数据库")
    call_command("migrate", verbosity=0, interactive=False)
    from sanxiang.core import cjk_subset

    # Built once per machine (a few seconds), it makes every later PDF cheaper (ADR 0024).
    print("==> 准备 PDF 中文字体")
    cjk_subset.font_faces()
    from sanxiang.demo.cases import requested_count

    workers = demo_workers()
    print(f"==> 载入演示县数据（首次需几分钟：{requested_count(None)} 件案件的文书逐份生成 PDF，"
          f"{workers} 个进程；--cases 可减少件数）", flush=True)
    loading.write_text("sanxiang demo\n", encoding="utf-8")
    try:
        result = load(workers=workers)
    except Exception as error:  # the last word of a command: no traceback
        # A rule the demo's data broke is a fault of the demo, not of the person who ran
        # it: say what and what to do, without a traceback. The marker stays (the county
        # is partial), so a second run says so too.
        raise CommandError(f"载入演示数据时出错：{getattr(error, 'message', error)}\n"
                           f"数据目录 {directory} 中只有部分数据。请删除该目录（或换一个 "
                           f"SANXIANG_DATA_DIR）后重新运行 `sanxiang demo`；若再次出错，"
                           f"请向项目报告上面这一行。") from None
    loading.unlink()
    print("    已载入。" if result.created else "    演示数据已存在，未重复载入。")
    from sanxiang.disclosure import stats_snapshot

    if result.created or stats_snapshot.latest() is None:
        # The public statistics of the county just loaded, at once: the worker would take
        # them only on its next round (ADR 0050).
        stats_snapshot.take()
    from sanxiang.assist.models import Transcript

    # R-AST-05: with the sanxiang[asr] extra the demo's 询问 recording waits for the worker.
    queued = Transcript.objects.filter(state=Transcript.State.QUEUED).count()
    if queued:
        print(f"    {queued} 段录音已排队转写，后台任务（sanxiang worker，随 demo 启动）完成后，"
              "转写稿显示在录音旁。")
    print_accounts(result.accounts, args.port)
    if args.no_serve:
        return 0
    return serve(bind=f"127.0.0.1:{args.port}", with_worker=True)


def demo_workers() -> int:
    """Processes that load the demo's cases: SANXIANG_DEMO_WORKERS, else one per core this
    process may use (at most 4: SQLite takes one writer at a time)."""
    raw = os.environ.get("SANXIANG_DEMO_WORKERS", "").strip()
    if raw:
        return max(1, int(raw))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def print_accounts(accounts, port: int) -> None:
    print()
    print(f"平台地址：http://127.0.0.1:{port}/        工作台：http://127.0.0.1:{port}/workbench/")
    print("演示账号（仅用于演示环境）：")
    for role, username, password, full_name, body in accounts:
        print(f"  {role:<8}\t用户名 {username:<12}\t密码 {password}\t{full_name}\t{body}")
    from sanxiang.demo import second_factor as demo_second_factor
    from sanxiang.org.second_factor import REQUIRED_ROLES

    required = {role.label for role in REQUIRED_ROLES}
    privileged = [username for role, username, *_rest in accounts if role in required]
    if privileged:
        print()
        print("二次验证：机关负责人、法制审核人员、监督人员、系统管理员登录时还须输入验证码。")
        print("可在手机身份验证器应用中手动添加以下密钥（TOTP，6 位，30 秒），")
        print("或随时运行 `sanxiang demo-code` 查看各账号当前的验证码：")
        for username in privileged:
            print(f"  {username:<12}\t密钥 {demo_second_factor.secret_text(username)}")
    print()


def cmd_demo_code(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang demo-code",
                                     description="显示演示账号当前的二次验证码（仅限演示环境）")
    parser.add_argument("usernames", nargs="*", metavar="用户名")
    args = parser.parse_args(argv)
    _setup()
    from django.conf import settings

    if settings.SANXIANG_ENV != "demo":
        print("错误：只有演示环境（sanxiang demo 建立的数据目录）才能显示验证码。",
              file=sys.stderr)
        return 1
    from sanxiang.demo.second_factor import current_codes

    codes = current_codes(args.usernames)
    if not codes:
        print("没有找到已登记身份验证器的账号。", file=sys.stderr)
        return 1
    for username, code, left in codes:
        print(f"  {username:<12}\t验证码 {code}\t（{left} 秒内有效）")
    return 0


def cmd_serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang serve", description="启动服务")
    parser.add_argument("--port", type=int, default=8000, metavar="端口",
                        help="服务端口，默认 8000")
    parser.add_argument("--bind", default=None, metavar="地址",
                        help="监听地址，默认 127.0.0.1:端口")
    parser.add_argument("--workers", type=int, default=2, metavar="进程数",
                        help="网页服务进程数，默认 2")
    parser.add_argument("--with-worker", action="store_true",
                        help="同时运行后台任务（sanxiang worker），适用于单机部署")
    args = parser.parse_args(argv)
    # Checked here: gunicorn itself stops with a traceback on a port it cannot bind.
    if not 1 <= args.port <= 65535:
        parser.error("端口须在 1 到 65535 之间")
    if not 1 <= args.workers <= 64:
        parser.error("进程数须在 1 到 64 之间")
    _setup()  # fails early, with the settings' message, when production is misconfigured
    _require_database()
    return serve(bind=args.bind or f"127.0.0.1:{args.port}", workers=args.workers,
                 with_worker=args.with_worker)


def serve(*, bind: str, workers: int = 2, with_worker: bool = False) -> int:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    if with_worker:
        # One machine, one command: the background worker beside the web server, in the
        # same process group, so Ctrl+C (or the service manager) stops both.
        import subprocess

        subprocess.Popen([sys.executable, "-m", "sanxiang.cli", "worker"])
        print("==> 后台任务已启动（sanxiang worker）", flush=True)
    print(f"==> 服务已启动：http://{bind}/  （Ctrl+C 停止）", flush=True)
    os.execv(  # noqa: S606 — replaces this process with the server
        gunicorn,
        [gunicorn, "sanxiang.wsgi:application", "--bind", bind, "--workers", str(workers),
         "--threads", "4", "--access-logfile", "-", "--error-logfile", "-",
         # Requests gunicorn refuses itself (a request line over the limit below, a
         # malformed one, oversized headers) are answered in Chinese too.
         "--worker-class", "sanxiang.core.gunicorn_worker.ChineseErrorsWorker",
         # Its maximum, above the platform's own limit: an over-long address then gets the
         # platform's Chinese 414 (sanxiang.core.middleware.LongUrlMiddleware), not
         # gunicorn's English page. Never 0 (unlimited).
         "--limit-request-line", "8190"],
    )
    return 0  # not reached


def cmd_createadmin(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang createadmin", description="创建系统管理员账号")
    parser.add_argument("--username", default=None, metavar="用户名",
                        help="登录用户名（不填则询问）")
    parser.add_argument("--name", default=None, metavar="姓名", help="姓名")
    args = parser.parse_args(argv)
    _setup()
    import getpass

    from django.core.exceptions import ValidationError

    from sanxiang.core.errors import RuleViolation
    from sanxiang.org.actions import create_user
    from sanxiang.org.roles import Role

    try:
        username = args.username or input("用户名：").strip()
        full_name = args.name or input("姓名：").strip()
        _require_database()
        password = os.environ.get("SANXIANG_ADMIN_PASSWORD") or getpass.getpass("密码：")
    except (EOFError, KeyboardInterrupt):
        # No terminal to ask at (a script, a closed input) or Ctrl+C: nothing was created.
        print("\n错误：未输入完整（用户名、姓名、密码），未创建账号。"
              "可用 --username、--name 和环境变量 SANXIANG_ADMIN_PASSWORD 给出。",
              file=sys.stderr)
        return 1
    try:
        user = create_user(acting_user=None, username=username, password=password,
                           full_name=full_name, roles=[Role.ADMIN])
    except (RuleViolation, ValidationError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [error.message]
        for message in messages:
            print(f"错误：{message}", file=sys.stderr)
        return 1
    print(f"已创建系统管理员 {user.get_username()}。")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from sanxiang.core import cli_text

    cli_text.install()  # argparse's own words and Django's common options in Chinese
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    verb, rest = argv[0], argv[1:]
    if verb == "demo":
        return cmd_demo(rest)
    if verb == "serve":
        return cmd_serve(rest)
    if verb == "createadmin":
        return cmd_createadmin(rest)
    if verb == "demo-code":
        return cmd_demo_code(rest)
    if verb == "verify-bundle":
        # No _setup(): the verifier runs on a machine without Django's database.
        from sanxiang.records.bundle_verify import main as verify_bundle

        return verify_bundle(rest)
    if verb == "verify-draw" or (verb == "draw" and rest[:1] == ["verify"]):
        # No database: anyone can recompute a published draw.
        from sanxiang.inspections.verify import main as verify_draw

        return verify_draw(rest if verb == "verify-draw" else rest[1:])
    if verb == "ledger" and rest[:1] == ["witness"]:
        # No _setup(): a witness runs elsewhere, with no platform database.
        from sanxiang.ledger.witness import main as witness

        return witness(rest[1:])
    if verb == "manage":
        _setup()
        name = rest[0] if rest else "help"
        if name in NO_DATABASE_COMMANDS:
            return run_management(name, rest[1:])
        return _run_on_database(name, rest[1:])
    if verb in COMMAND_ALIASES:
        _setup()
        name = COMMAND_ALIASES[verb]
        if name in NO_DATABASE_COMMANDS or {"--help", "-h", "--template"} & set(rest):
            return run_management(name, rest)
        return _run_on_database(name, rest)
    print(f"未知命令：{verb}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
