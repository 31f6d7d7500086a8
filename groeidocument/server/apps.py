from django.apps import AppConfig


class ServerConfig(AppConfig):
    """The production server command; no models."""

    name = "groeidocument.server"
    label = "server"
