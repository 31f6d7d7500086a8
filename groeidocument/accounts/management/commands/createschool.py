from django.core.management.base import BaseCommand, CommandError

from groeidocument.accounts.models import School


class Command(BaseCommand):
    help = "Create a school by name."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The school's name, as users will see it.")

    def handle(self, *args, name, **options):
        name = name.strip()
        if not name:
            raise CommandError("The school name is empty: give a name.")
        if School.objects.filter(name__iexact=name).exists():
            raise CommandError(f"A school named {name!r} already exists.")

        school = School.objects.create(name=name)
        self.stdout.write(self.style.SUCCESS(f"Created school {school.name!r}."))
