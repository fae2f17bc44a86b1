"""Model-field shapes shared by several apps."""

from django.conf import settings
from django.db import models


def user_fk(verbose_name, **kwargs) -> models.ForeignKey:
    """Who did a step: a protected, reverse-less foreign key to the user, optional unless told otherwise."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        **({"null": True, "blank": True} | kwargs),
    )
