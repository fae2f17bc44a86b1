from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemsConfig(AppConfig):
    name = "lims.gems"
    label = "gems"
    verbose_name = _("Gemstones")
