"""The groeidocument command: Django's management commands with our settings."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groeidocument.settings")

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A wrong setting in the environment gets its message, not a traceback.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it loads the settings)
    except ImproperlyConfigured as error:
        sys.exit(f"groeidocument: {error}")

    execute_from_command_line(["groeidocument", *sys.argv[1:]])


if __name__ == "__main__":
    main()
