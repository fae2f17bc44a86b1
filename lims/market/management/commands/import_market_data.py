"""Import LBMA gold prices or exchange rates from a CSV file, the same way the admin's "Import CSV" page does:
the file is kept, its good lines are imported, every rejected line is printed. Exits with an error when any
line was rejected (the good lines are imported all the same).

    manage.py import_market_data --kind prices fixtures/market/sample_lbma_gold_am.csv
    manage.py import_market_data --kind rates --user admin fixtures/market/sample_kzt_usd.csv
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lims.market.models import MarketDataKind
from lims.market.services import market_data_upload


class Command(BaseCommand):
    help = "Import LBMA gold prices or exchange rates from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=MarketDataKind.values)
        parser.add_argument("--user", help="username recorded as the importer (default: none)")
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, user, file, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user %(username)s.") % {"username": user})
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        upload = market_data_upload(actor=actor, kind=kind, file_name=file.name, content=content)
        summary = upload.summary
        self.stdout.write(
            _(
                "%(file)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(rejected)d rejected."
            )
            % {
                "file": file.name,
                "created": summary["created"],
                "updated": summary["updated"],
                "unchanged": summary["unchanged"],
                "rejected": len(upload.rejected),
            }
        )
        for error in upload.rejected:
            where = _("line %(line)d") % {"line": error["line"]} if error["line"] else _("file")
            self.stderr.write(f"{where}: {error['reason']}")
        if upload.rejected:
            raise CommandError(
                _("%(count)d line(s) rejected; the file is kept as upload %(id)d.")
                % {"count": len(upload.rejected), "id": upload.pk}
            )
