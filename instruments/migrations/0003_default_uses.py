from django.db import migrations

from instruments.models.register import DEFAULT_USES


def fill_uses(apps, schema_editor):
    """Instruments registered before methods were recorded serve their type's usual methods."""
    Instrument = apps.get_model("instruments", "Instrument")
    for instrument in Instrument.objects.filter(uses=[]):
        instrument.uses = [str(use) for use in DEFAULT_USES.get(instrument.type, [])]
        instrument.save(update_fields=["uses"])


class Migration(migrations.Migration):
    dependencies = [("instruments", "0002_register_quality_imports")]
    operations = [migrations.RunPython(fill_uses, migrations.RunPython.noop)]
