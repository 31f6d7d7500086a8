from django.db import migrations, models
from django.utils import timezone


def date_pupils_who_left(apps, schema_editor):
    """Give pupils already marked as left the date of this migration.

    The real day they left is unknown. Counting from today keeps their data
    for at least the whole retention period, never shorter.
    """
    Pupil = apps.get_model("pupils", "Pupil")
    Pupil.objects.filter(is_active=False, left_on__isnull=True).update(
        left_on=timezone.localdate()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pupil",
            name="left_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="left on"
            ),
        ),
        migrations.RunPython(date_pupils_who_left, migrations.RunPython.noop),
    ]
