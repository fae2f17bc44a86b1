from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssayConfig(AppConfig):
    name = "lims.assay"
    label = "assay"
    verbose_name = _("Assay")
