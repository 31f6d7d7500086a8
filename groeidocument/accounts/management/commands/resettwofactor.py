from django.core.management.base import BaseCommand, CommandError

from groeidocument.accounts.models import User
from groeidocument.accounts.twofactor import remove_two_factor


class Command(BaseCommand):
    help = (
        "Switch off a user's two-factor login, for a lost phone. The user logs in "
        "with their password and sets it up again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user name the user logs in with.")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}: check the user name.")

        if remove_two_factor(user):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Two-factor login of {username!r} is off: the authenticator "
                    "app and the backup codes no longer work."
                )
            )
        else:
            self.stdout.write(f"{username!r} had no two-factor login; nothing changed.")
