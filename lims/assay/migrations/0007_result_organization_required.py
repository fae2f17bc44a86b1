"""Results' organization, application and applicant, filled by 0006, are required; indexed with the
dashboard's period columns, covering what it groups by. (A migration of its own: PostgreSQL will not alter a table while the
fill's deferred constraint checks are pending.)"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assay", "0006_result_organization_application")]

    operations = [
        migrations.AlterField(
            model_name="result",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organization",
                verbose_name="organization",
            ),
        ),
        migrations.AlterField(
            model_name="result",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="intake.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="result",
            name="applicant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="intake.applicant",
                verbose_name="applicant",
            ),
        ),
        migrations.RemoveIndex(model_name="result", name="result_recorded_at"),
        migrations.RemoveIndex(model_name="result", name="result_verified_at"),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                fields=["organization", "recorded_at"],
                include=(
                    "id",
                    "recorded_by",
                    "method",
                    "status",
                    "metal",
                    "declared_fineness",
                    "conforms",
                    "application",
                    "applicant",
                ),
                name="result_org_entered",
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                fields=["recorded_at"],
                include=(
                    "organization",
                    "id",
                    "recorded_by",
                    "method",
                    "status",
                    "metal",
                    "declared_fineness",
                    "conforms",
                    "application",
                    "applicant",
                ),
                name="result_entered",
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                fields=["organization", "verified_at"],
                include=("id", "verified_by", "application"),
                name="result_org_verified",
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                fields=["verified_at"],
                include=("organization", "id", "verified_by", "application"),
                name="result_verified",
            ),
        ),
    ]
