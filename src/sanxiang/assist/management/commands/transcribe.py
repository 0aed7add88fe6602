from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sanxiang.assist import engines, transcripts


class Command(BaseCommand):
    help = "Transcribe the recordings waiting for it (R-AST-05)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="one pass over the queue, then exit (for cron)")

    def handle(self, *args, once=False, **options):
        if engines.engine() is None:
            self.stderr.write(_("Speech recognition is not installed on this platform (the "
                                "sanxiang[asr] extra)."))
            return
        if once:
            count = transcripts.run_pending()
            self.stdout.write(_("%(count)d recording(s) transcribed.") % {"count": count})
            return
        transcripts.serve()
