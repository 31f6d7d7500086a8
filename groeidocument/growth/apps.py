from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrowthConfig(AppConfig):
    name = "groeidocument.growth"
    label = "growth"
    verbose_name = _("Growth documents")

    def ready(self):
        from groeidocument.growth import signals  # noqa: F401
