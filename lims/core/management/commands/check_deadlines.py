"""`manage.py check_deadlines`: run the deadline scan (rule R1) now, as the periodic task does, and print
what it found."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lims.core.services import deadline_scan


class Command(BaseCommand):
    help = "Flag open applications due soon or overdue (R1) and e-mail the heads of laboratory."

    def handle(self, *args, **options):
        counts = deadline_scan()
        self.stdout.write(
            _("Newly due soon: %(due_soon)d, newly overdue: %(overdue)d, e-mails queued: %(notified)d.")
            % counts
        )
