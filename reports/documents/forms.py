"""Forms of the documents' own pages (the parameters of each kind are in its module)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.documents.models import SECTION_TEXT_MAX


class SectionTextForm(forms.Form):
    text = forms.CharField(
        label=_("Текст раздела"),
        max_length=SECTION_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_(
            "Каждая строка — отдельный пункт раздела (номера проставятся сами); строка, начинающаяся "
            "с «—», — элемент списка. {{ имя }} подставляет данные организации, список — справа."
        ),
    )

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            self.fields["text"].disabled = True
            # The list of substitutions the help text points to is shown only to those who edit.
            self.fields["text"].help_text = ""
