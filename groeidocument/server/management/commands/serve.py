import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    """Return 2 × CPU cores + 1, within the 2 to 4 workers per core that
    gunicorn 27's description of its workers setting suggests.

    A sync worker handles one request at a time and is idle while it waits for
    the database, so more workers than cores keep every core busy.
    """
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = (
        "Serve Groeidocument with gunicorn, a production WSGI server with several "
        "worker processes. Static files are served by the application itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="HOST:PORT to listen on. Default: 127.0.0.1:8000.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"Workers. Default: 2 × CPU cores + 1, here {default_workers()}.",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=30,
            help="Seconds a request may take before its worker is restarted. "
            "Default: 30.",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Skip collecting the static files first, for a second server "
            "process that shares the data folder.",
        )

    def handle(self, *args, **options):
        workers = options["workers"]
        if workers is None:
            workers = default_workers()
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}.")
        if options["timeout"] < 1:
            raise CommandError(
                f"--timeout must be at least 1, not {options['timeout']}."
            )

        # Collected files get compressed copies and long cache headers from
        # WhiteNoise; without them it serves the package folders as they are.
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)

        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "groeidocument.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(workers),
            "--timeout",
            str(options["timeout"]),
            # gunicorn 27 opens a control socket at one fixed path in the home
            # folder, which a second server process on the same machine would
            # take over. Nothing here uses it.
            "--no-control-socket",
        ]
        self.stdout.write(
            f"Groeidocument serves on http://{options['bind']}/ with {workers} "
            "workers (stop with Ctrl+C)."
        )
        self.stdout.flush()
        # gunicorn replaces this process, so that signals from a service
        # manager reach its master process directly. The environment, with
        # DJANGO_SETTINGS_MODULE and DATABASE_URL, passes on unchanged.
        os.execv(sys.executable, argv)
