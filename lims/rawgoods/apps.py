from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RawGoodsConfig(AppConfig):
    name = "lims.rawgoods"
    label = "rawgoods"
    verbose_name = _("Raw goods")
