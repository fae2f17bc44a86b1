"""Load the gem constants from fixtures/gems/ with the historical models."""

from django.db import migrations

def load(apps, schema_editor):
    from lims.core.fixtures import load_rows
    from lims.gems.reference import FIXTURE

    load_rows(apps, FIXTURE)


def unload(apps, schema_editor):
    apps.get_model("gems", "GemConstant").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gems", "0001_gem_constants")]
    operations = [migrations.RunPython(load, unload)]
