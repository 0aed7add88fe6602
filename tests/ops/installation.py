"""A real installation driven through the ``sanxiang`` command in child processes.

The backup tests use whole processes (as an operator would): their own data directory and
database, never the test run's.
"""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# Ledger events, a stored blob and a signed checkpoint, all through the platform's actions.
POPULATE = """
from sanxiang.core import blobs
from sanxiang.ledger import checkpoints
from sanxiang.org import actions
from sanxiang.org.roles import Role
admin = actions.create_user(acting_user=None, username="admin", password="Backup-Test-2026!",
                            full_name="郑平", roles=[Role.ADMIN])
actions.create_user(acting_user=admin, username="clerk", password="Backup-Test-2026!",
                    full_name="周丽", roles=[Role.SUPERVISOR], jurisdiction="1301")
print(blobs.put_bytes("现场检查笔录 evidence".encode()).digest)
checkpoints.sign_checkpoint(acting_user=None)
"""


class Installation:
    def __init__(self, data_dir: Path, database_url: str | None = None):
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items()
                    if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        self.env |= {"PYTHONPATH": str(SRC), "SANXIANG_ENV": "test",
                     "SANXIANG_DATA_DIR": str(data_dir)}
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "sanxiang.cli", *args], env=self.env,
                                capture_output=True, text=True, timeout=600, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"sanxiang {' '.join(args)} failed:\n{result.stderr}")
        return result

    def populate(self) -> str:
        """Migrate and write some records; return the stored blob's digest."""
        self.run("migrate")
        return self.run("manage", "shell", "-v", "0", "-c", POPULATE).stdout.strip()

    def ledger_root(self) -> str:
        output = self.run("ledger", "verify").stdout
        return output.split("默克尔根 ")[1].split("，")[0]
