from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmap",
            name="import_token",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=64, verbose_name="загрузка"
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmap",
            constraint=models.UniqueConstraint(
                condition=models.Q(("import_token", ""), _negated=True),
                fields=("import_token",),
                name="roadmap_import_token_unique",
            ),
        ),
    ]
