from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PupilsConfig(AppConfig):
    name = "groeidocument.pupils"
    label = "pupils"
    verbose_name = _("Pupils")
