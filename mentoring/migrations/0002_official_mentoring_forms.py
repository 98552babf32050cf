from django.db import migrations

# The forms of mentoring named by the target model of mentoring (ЦМН).
OFFICIAL_FORMS = [
    ("teacher-teacher", "учитель – учитель"),
    ("head-teacher", "руководитель – педагог"),
    ("student-student", "ученик – ученик"),
    ("teacher-student", "учитель – ученик"),
    ("undergraduate-student", "студент – ученик"),
    ("employer-student", "работодатель – ученик"),
    ("employer-undergraduate", "работодатель – студент"),
]


def add_forms(apps, schema_editor):
    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    for order, (code, name) in enumerate(OFFICIAL_FORMS, start=1):
        MentoringForm.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def remove_forms(apps, schema_editor):
    apps.get_model("mentoring", "MentoringForm").objects.filter(code__in=[c for c, _ in OFFICIAL_FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(add_forms, remove_forms)]
