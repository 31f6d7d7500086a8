from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "groeidocument.accounts"
    label = "accounts"
    verbose_name = _("Schools and users")

    def ready(self):
        from groeidocument.accounts import sessions  # noqa: F401 (connects signals)
