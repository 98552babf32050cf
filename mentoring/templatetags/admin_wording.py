from django import template

from mentoring.organisations import admin_wording

register = template.Library()


@register.simple_tag
def admin_add_label(opts) -> str:
    """«Добавить организацию» on the admin's change list (mentoring.organisations.admin_wording)."""
    return admin_wording.add_label(opts)
