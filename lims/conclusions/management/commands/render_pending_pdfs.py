from django.core.management.base import BaseCommand

from lims.conclusions.services import conclusion_render_pending
from lims.control.services.document import control_render_pending


class Command(BaseCommand):
    help = (
        "Render the PDF of every issued conclusion, state control act and Kazakhstan KP certificate still "
        "without one (a restart cut its render short)."
    )

    def handle(self, *args, **options):
        numbers = conclusion_render_pending()
        self.stdout.write(f"PDFs rendered: {len(numbers)}" + (f" ({', '.join(numbers)})" if numbers else ""))
        files = control_render_pending()
        if files:
            self.stdout.write(f"State control documents rendered: {len(files)}")
