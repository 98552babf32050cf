"""`{% page_actions "slot" object %}`: the buttons other apps registered for this place of a page."""

from django import template

from mentoring.organisations.page_actions import actions_for

register = template.Library()


@register.inclusion_tag("mentoring/_page_actions.html", takes_context=True)
def page_actions(context, slot: str, obj, size: str = "") -> dict:
    return {"actions": actions_for(slot, context.get("access"), obj), "size": size}
