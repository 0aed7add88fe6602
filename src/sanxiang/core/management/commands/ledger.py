"""``manage ledger``: verify the ledger, give proofs, sign a checkpoint (R-REC-02).

    ledger verify [--workers N] [--batch N] [--no-signatures] [--state]
                                              exit 0 when intact, 1 naming the first bad entry;
                                              --state also checks every bound row against
                                              the ledger and names each row changed, added
                                              or deleted outside the actions
    ledger proof SEQ [--tree-size N]          inclusion proof, as JSON
    ledger consistency OLD [NEW]              consistency proof between two sizes, as JSON
    ledger checkpoint                         sign a checkpoint of the ledger as it stands
    ledger nodes                              store the subtree hashes a ledger lacks
                                              (from before they were stored), streaming
    ledger adopt [--batch N]                  bind the rows no ledger event binds yet (an
                                              installation older than the bindings), one
                                              ROWS_ADOPTED event per page
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.cli_text import os_error_text
from sanxiang.core.errors import RuleViolation
from sanxiang.ledger import checkpoints
from sanxiang.ledger import proofs as ledger_proofs
from sanxiang.ledger import verify as ledger_verify


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _read_checkpoint(path: str) -> dict:
    try:
        held = json.loads(open(path, encoding="utf-8").read())  # noqa: SIM115
        if not isinstance(held, dict) or type(held.get("tree_size")) is not int:
            raise ValueError
        return held
    except OSError as error:
        raise CommandError(f"无法读取检查点文件 {path}：{os_error_text(error)}") from None
    except ValueError:
        raise CommandError(f"{path} 不是检查点文件（JSON，含 tree_size、root、签名）。") from None


class Command(BaseCommand):
    help = "核对台账（哈希链、默克尔树、检查点），给出包含证明与一致性证明，签署检查点。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
        verify = actions.add_parser("verify", help="重新计算全部台账记录，指出第一条有问题的记录")
        verify.add_argument("--workers", type=_positive, default=None,
                            help="并行核对的进程数（默认：台账较大时按处理器数）")
        verify.add_argument("--batch", type=_positive, default=ledger_verify.DEFAULT_BATCH,
                            help="每次读取的记录条数")
        verify.add_argument("--no-signatures", action="store_true",
                            help="不核对检查点签名（本机没有签名公钥时，例如核对数据库副本）")
        verify.add_argument("--all-signatures", action="store_true",
                            help="逐个核对每个检查点的签名（默认只核对最新的一个，以及与其"
                                 "台账记录不符的检查点；其余由其后检查点的签名担保）")
        verify.add_argument("--checkpoint", metavar="FILE", default=None,
                            help="同时对照在别处保存的检查点（JSON，例如见证方保存的 "
                                 "latest.json），发现台账被截短或改写")
        verify.add_argument("--state", action="store_true",
                            help="同时核对案件、证据、审核、公开、机构人员等数据行是否与台账一致")
        proof = actions.add_parser("proof", help="输出某条记录的包含证明（JSON）")
        proof.add_argument("seq", type=_positive, help="记录序号")
        proof.add_argument("--tree-size", type=_positive, default=None,
                           help="树的规模（默认：覆盖该记录的最新检查点，否则整个台账）")
        consistency = actions.add_parser("consistency", help="输出两个规模之间的一致性证明（JSON）")
        consistency.add_argument("old_size", type=_positive, help="旧的树规模")
        consistency.add_argument("new_size", type=_positive, nargs="?", default=None,
                                 help="新的树规模（默认：整个台账）")
        actions.add_parser("nodes", help="补写台账缺少的子树哈希（逐段读取，不占大量内存）")
        checkpoint = actions.add_parser("checkpoint", help="为当前台账签署检查点")
        checkpoint.add_argument("--if-due", action="store_true",
                                help="仅在台账有新记录且距上次签署已满设定间隔时签署（供定时任务调用）")

        adopt = actions.add_parser(
            "adopt", help="将此前未与台账绑定的数据行纳入台账（升级旧版安装后运行一次）")
        adopt.add_argument("--batch", type=_positive, default=1000,
                           help="每条台账记录纳入的数据行数")

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _nodes(self, **options):
        from sanxiang.ledger import nodes

        written = nodes.backfill()
        self.stdout.write(f"子树哈希已补齐（计算 {written} 个，已有的保持不变）。")

    def _verify(self, *, workers, batch, no_signatures, state=False, checkpoint=None,
                all_signatures=False, **options):
        held = _read_checkpoint(checkpoint) if checkpoint else None
        result = ledger_verify.verify(batch=batch, workers=workers,
                                      check_signatures=not no_signatures,
                                      all_signatures=all_signatures)
        if not result.ok:
            self.stderr.write(result.summary())
            # Exit status 1, also through ``sanxiang ledger verify``: scripts rely on it.
            sys.exit(1)
        if held is not None:
            problem = checkpoints.compare_with_held(held)
            if problem:
                self.stderr.write(f"台账校验未通过：{problem}")
                sys.exit(1)
            self.stdout.write(f"与外部保存的检查点（规模 {held['tree_size']}，签署于 "
                              f"{held['signed_at']}）一致：台账只增未改。")
        rate = result.size / result.seconds if result.seconds else 0
        self.stdout.write(result.summary())
        self.stdout.write(f"算法 {result.algorithm}，用时 {result.seconds:.2f} 秒"
                          f"（每秒 {rate:,.0f} 条，{result.workers} 个进程）。")
        if state:
            from sanxiang.ledger import state_verify

            found = state_verify.verify_state(batch=batch)
            if not found.ok:
                self.stderr.write(found.summary())
                sys.exit(1)
            self.stdout.write(found.summary())
            self.stdout.write(f"用时 {found.seconds:.2f} 秒。")

    def _adopt(self, *, batch, **options):
        from sanxiang.ledger import adopt

        result = adopt.adopt(batch=batch)
        self.stdout.write(result.summary())

    def _proof(self, *, seq, tree_size, **options):
        try:
            proof = ledger_proofs.inclusion_proof(seq, tree_size)
        except ledger_proofs.ProofError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(proof.as_dict(), ensure_ascii=False, indent=2))

    def _consistency(self, *, old_size, new_size, **options):
        try:
            proof = ledger_proofs.consistency_proof(old_size, new_size)
        except ledger_proofs.ProofError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(proof.as_dict(), ensure_ascii=False, indent=2))

    def _checkpoint(self, *, if_due=False, **options):
        from sanxiang.ledger import schedule as checkpoint_schedule

        try:
            if if_due:
                checkpoint = checkpoint_schedule.sign_if_due()
                if checkpoint is None:
                    self.stdout.write("无需签署检查点。")
                    return
            else:
                checkpoint = checkpoints.sign_checkpoint(acting_user=None)
        except RuleViolation as violation:
            raise CommandError(violation.message) from None
        self.stdout.write(f"已签署检查点：规模 {checkpoint.tree_size}，默克尔根 {checkpoint.root}，"
                          f"签名密钥 {checkpoint.key_id}。")
