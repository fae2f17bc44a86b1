"""Results carry their item's organization, application and applicant, copied (none ever changes), so
the dashboard's aggregates over a laboratory's results read one indexed table."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


# The trigger that refuses any change to a result cited by a conclusion (lims/conclusions/triggers.py) would
# refuse this copy, which changes nothing a result says. It is lifted here and put back by the post_migrate
# handler at the end of `migrate`; if the migration fails, its transaction restores it.
DROP_FREEZE = {
    "postgresql": "DROP TRIGGER IF EXISTS result_cited_frozen ON assay_result",
    "sqlite": "DROP TRIGGER IF EXISTS result_cited_frozen",
}


def lift_freeze(apps, schema_editor):
    statement = DROP_FREEZE.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def copy_from_items(apps, schema_editor):
    Result = apps.get_model("assay", "Result")
    Item = apps.get_model("intake", "Item")
    item = Item.objects.filter(pk=OuterRef("item_id"))
    Result.objects.update(
        organization_id=Subquery(item.values("organization_id")[:1]),
        application_id=Subquery(item.values("application_id")[:1]),
        applicant_id=Subquery(item.values("application__applicant_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("assay", "0005_dashboard_indexes"),
        ("intake", "0006_dashboard_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="result",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organization",
                verbose_name="organization",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="application",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="intake.application",
                verbose_name="application",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="applicant",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="intake.applicant",
                verbose_name="applicant",
            ),
        ),
        migrations.RunPython(lift_freeze, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(copy_from_items, migrations.RunPython.noop, elidable=True),
    ]
