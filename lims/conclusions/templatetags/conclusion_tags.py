"""`{% bi value %}`: a label or phrase in each of the document's languages, the first in full, the others
after a slash in a smaller face (`.alt`). Identical renderings are printed once (numbers, names)."""

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join

register = template.Library()


def renderings(value, languages) -> list[str]:
    texts = []
    for language in languages:
        with translation.override(language):
            text = str(value)
        if text not in texts:
            texts.append(text)
    return texts


@register.simple_tag(takes_context=True)
def bi(context, value):
    languages = context.get("languages") or [translation.get_language()]
    first, *others = renderings(value, languages)
    if not others:
        return format_html("{}", first)
    return format_html(
        '{}<span class="alt">{}</span>', first, format_html_join("", " / {}", ((text,) for text in others))
    )
