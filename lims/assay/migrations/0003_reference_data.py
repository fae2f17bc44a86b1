"""Load the standard finenesses and method settings from fixtures/assay/ (the one source of these values).
Historical models are used, so later model changes do not break this migration."""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "assay"


def load(apps, schema_editor):
    for name in ("standard_finenesses.json", "method_settings.json"):
        for row in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            model = apps.get_model(row["model"])
            model.objects.update_or_create(pk=row["pk"], defaults=row["fields"])


def unload(apps, schema_editor):
    apps.get_model("assay", "StandardFineness").objects.all().delete()
    apps.get_model("assay", "MethodSetting").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assay", "0002_results_with_raw_measurements_and_reference_data")]
    operations = [migrations.RunPython(load, unload)]
