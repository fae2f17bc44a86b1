from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConclusionsConfig(AppConfig):
    name = "lims.conclusions"
    label = "conclusions"
    verbose_name = _("Conclusions")
