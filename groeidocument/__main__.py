"""The groeidocument command: Django's management commands with our settings."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groeidocument.settings")

    from django.core.management import execute_from_command_line

    execute_from_command_line(["groeidocument", *sys.argv[1:]])


if __name__ == "__main__":
    main()
