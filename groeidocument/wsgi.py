import os

from django.core.wsgi import get_wsgi_application

from groeidocument.lib.sqlite import hold_write_ahead_log

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groeidocument.settings")
application = get_wsgi_application()
# Each server process, a gunicorn worker or runserver, loads this module once.
hold_write_ahead_log()
