"""manage case_tally rebuild | check — the dashboard's pre-counted case figures (ADR 0028).

``rebuild`` recounts them from the cases (after a restore, or as a repair); ``check``
compares them with a recount and exits 1 listing the buckets that differ.
"""

from django.core.management.base import BaseCommand, CommandError

from sanxiang.supervision import tallies


class Command(BaseCommand):
    help = ("The dashboard's case tallies: 'rebuild' recounts them from the cases, 'check' "
            "compares them with a recount (exit status 1 when they differ).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])

    def handle(self, *args, action, **options):
        if action == "rebuild":
            buckets, months = tallies.rebuild()
            self.stdout.write(f"case tallies rebuilt: {buckets} buckets, {months} body-months")
            return
        found = tallies.differences(limit=0)
        if found:
            for line in found[:50]:
                self.stderr.write(line)
            raise CommandError(f"{len(found)} case tally buckets differ from a recount; "
                               "run 'case_tally rebuild'")
        self.stdout.write("case tallies equal a recount of the cases")
