from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lims.accounts"
    label = "accounts"
    verbose_name = _("Organizations and users")

    def ready(self):
        from lims.accounts import checks  # noqa: F401  (registers the deploy checks)
