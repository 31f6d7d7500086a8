from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ServerConfig(AppConfig):
    """The production server command and the database connection settings."""

    name = "groeidocument.server"
    label = "server"

    def ready(self):
        from groeidocument.server.sqlite import skip_checkpoint_on_close

        connection_created.connect(skip_checkpoint_on_close)
