from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallmarksConfig(AppConfig):
    name = "lims.hallmarks"
    label = "hallmarks"
    verbose_name = _("Hallmarks")
