from django.db import migrations


def fill(apps, schema_editor):
    from lims.dashboard.services import turnaround_rebuild

    turnaround_rebuild(apps)


class Migration(migrations.Migration):
    """Rows for the applications registered before the dashboard existed, replayed from the audit trail."""

    dependencies = [
        ("dashboard", "0001_initial"),
        ("core", "0003_numbersequence_authorized_body"),
        ("conclusions", "0002_lifecycle"),
        ("intake", "0005_item_barcode"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
