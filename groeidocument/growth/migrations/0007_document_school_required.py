import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("growth", "0006_document_school"),
    ]

    operations = [
        migrations.AlterField(
            model_name="growthdocument",
            name="school",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.school",
                verbose_name="school",
            ),
        ),
        migrations.AddIndex(
            model_name="growthdocument",
            index=models.Index(
                fields=["school", "status", "next_follow_up_on"],
                name="document_school_follow_up",
            ),
        ),
    ]
