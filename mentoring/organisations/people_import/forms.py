from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common import uploads
from common.uploads import UploadKind, validate_upload
from mentoring.models import ImportBatch


class UploadForm(forms.Form):
    """The file and where it goes. There is no default: the user says whether the list is people only, the
    mentor base or the mentee base."""

    kind = forms.ChoiceField(
        label=_("Куда загружаем"),
        choices=ImportBatch.Target.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Выберите, куда загружать список: люди, база наставников или наставляемых.")
        },
    )
    file = forms.FileField(
        label=_("Файл со списком"),
        help_text=uploads.help_text(UploadKind.PEOPLE_LIST),
        widget=forms.ClearableFileInput(attrs={"accept": UploadKind.PEOPLE_LIST.rule.accept}),
    )
    students = forms.BooleanField(
        label=_("В списке обучающиеся"),
        required=False,
        help_text=_("Если в файле есть столбец «Класс», строки с классом и так станут обучающимися."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, UploadKind.PEOPLE_LIST)
        return upload
