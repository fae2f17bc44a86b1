from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lims.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from lims.core import sqlite  # noqa: F401 - connects the LIKE of every SQLite connection
