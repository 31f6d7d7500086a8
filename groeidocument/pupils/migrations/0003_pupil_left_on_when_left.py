from django.db import migrations, models


# Apart from 0002: on PostgreSQL, altering a table in the transaction that
# just updated its rows can fail with "pending trigger events".
class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0002_pupil_left_on"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="pupil",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_active", True), ("left_on__isnull", True)),
                    models.Q(("is_active", False), ("left_on__isnull", False)),
                    _connector="OR",
                ),
                name="pupil_left_on_when_left",
            ),
        ),
    ]
