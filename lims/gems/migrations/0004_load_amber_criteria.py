"""Load the unique-amber criteria and the gem constants' Kazakh and Russian names from fixtures/gems/."""

from django.db import migrations


def load(apps, schema_editor):
    from lims.core.fixtures import load_rows
    from lims.gems.reference import AMBER_FIXTURE, FIXTURE

    load_rows(apps, FIXTURE, AMBER_FIXTURE)


def unload(apps, schema_editor):
    apps.get_model("gems", "AmberCriterion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gems", "0003_stones")]
    operations = [migrations.RunPython(load, unload)]
