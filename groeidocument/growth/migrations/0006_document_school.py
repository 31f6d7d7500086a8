import django.db.models.deletion
from django.db import migrations, models


def copy_school(apps, schema_editor):
    GrowthDocument = apps.get_model("growth", "GrowthDocument")
    Pupil = apps.get_model("pupils", "Pupil")
    GrowthDocument.objects.update(
        school=models.Subquery(
            Pupil.objects.filter(pk=models.OuterRef("pupil")).values("school")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("growth", "0005_document_share"),
        ("pupils", "0001_initial"),
    ]

    operations = [
        # Nullable first and filled from the pupil; the next migration makes
        # it required, in a transaction of its own as PostgreSQL wants after
        # an update of the table.
        migrations.AddField(
            model_name="growthdocument",
            name="school",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.school",
                verbose_name="school",
            ),
        ),
        migrations.RunPython(copy_school, migrations.RunPython.noop),
    ]
