from django.core.management.base import BaseCommand
from django.db import transaction

from sanxiang.assist import similar
from sanxiang.cases.models import Case

BATCH = 500


class Command(BaseCommand):
    help = ("Rebuild the similar-case index from the recorded cases (after an upgrade or a "
            "restore; the case actions keep it current otherwise).")

    def handle(self, *args, **options):
        count, batch = 0, []
        for case in Case.objects.order_by("pk").iterator(chunk_size=BATCH):
            batch.append(case)
            if len(batch) == BATCH:
                count += self._index(batch)
                batch = []
        count += self._index(batch)
        self.stdout.write(f"{count} cases indexed")

    @staticmethod
    def _index(cases) -> int:
        with transaction.atomic():
            for case in cases:
                similar.index_case(case)
        return len(cases)
