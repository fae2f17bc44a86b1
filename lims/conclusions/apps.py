from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using="default", **kwargs):
    from lims.conclusions import triggers

    triggers.install(using)


class ConclusionsConfig(AppConfig):
    name = "lims.conclusions"
    label = "conclusions"
    verbose_name = _("Conclusions")

    def ready(self):
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="conclusions.triggers")
