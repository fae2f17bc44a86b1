"""Load the standard finenesses and method settings from fixtures/assay/ with the historical models."""

from django.db import migrations


def load(apps, schema_editor):
    from lims.assay.reference import load_reference_data

    load_reference_data(apps)


def unload(apps, schema_editor):
    apps.get_model("assay", "StandardFineness").objects.all().delete()
    apps.get_model("assay", "MethodSetting").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assay", "0002_results_with_raw_measurements_and_reference_data")]
    operations = [migrations.RunPython(load, unload)]
