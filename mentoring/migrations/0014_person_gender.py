from django.db import migrations, models


def fill_from_patronymic(apps, schema_editor):
    """Everyone already in the base: the gender their patronymic tells (pytrovich); unknown stays blank."""
    from mentoring.organisations.declension import gender_from_patronymic

    Person = apps.get_model("mentoring", "Person")
    changed = []
    for person in Person.objects.filter(gender="").exclude(patronymic="").only("pk", "patronymic"):
        person.gender = gender_from_patronymic(person.patronymic, first_name=person.first_name)
        if person.gender:
            changed.append(person)
    Person.objects.bulk_update(changed, ["gender"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0013_labour_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[("m", "мужской"), ("f", "женский")],
                default="",
                max_length=1,
                verbose_name="пол",
            ),
        ),
        migrations.RunPython(fill_from_patronymic, migrations.RunPython.noop),
    ]
