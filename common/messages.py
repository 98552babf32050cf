"""Turning a service's `ValidationError` into the sentence a page shows."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
