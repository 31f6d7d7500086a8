import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from groeidocument.accounts.models import Membership, Role, School, User

PASSWORD_VARIABLE = "GROEIDOCUMENT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a user with a role in a school, or give an existing user a role "
        "in another school (their password and name stay as they are). A "
        "deactivated member of the school is reactivated with the role. The "
        f"password of a new user comes from {PASSWORD_VARIABLE}, or is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--school", required=True, help="The school's exact name.")
        parser.add_argument(
            "--role",
            required=True,
            choices=Role.values,
            help=(
                "coach, coordinator (care coordinator) or admin (school administrator)"
            ),
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--existing",
            action="store_true",
            help=(
                "Only add a school to an existing user: stop with an error "
                "instead of creating a new user when the user name is not found."
            ),
        )

    def handle(self, *args, username, school, role, **options):
        try:
            school_object = School.objects.get(name=school)
        except School.DoesNotExist:
            known = ", ".join(School.objects.values_list("name", flat=True)) or "none"
            raise CommandError(
                f"School {school!r} not found. Known schools: {known}. "
                "Create it first with: groeidocument createschool NAME"
            ) from None

        user = User.objects.filter(username=username).first()
        membership = None
        if user is None and options["existing"]:
            raise CommandError(
                f"User {username!r} not found, and --existing was given. Check "
                "the user name, or leave out --existing to create the user."
            )
        if user is None:
            user = User(
                username=username,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
            user.set_password(self._read_password(user))
        else:
            membership = Membership.objects.filter(
                user=user, school=school_object
            ).first()
            if membership is not None and membership.is_active:
                raise CommandError(
                    f"User {username!r} already has a role in {school!r}: "
                    f"{membership.role}. Change it on the school's users page."
                )

        with transaction.atomic():
            # A reactivated member may have been switched off altogether.
            user.is_active = True
            user.save()
            if membership is None:
                Membership.objects.create(user=user, school=school_object, role=role)
            else:
                membership.role = role
                membership.is_active = True
                membership.save(update_fields=["role", "is_active"])
        self.stdout.write(
            self.style.SUCCESS(
                f"User {username!r} is now {role} in {school_object.name!r}."
            )
        )

    def _read_password(self, user) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        interactive = password is None
        if interactive:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"No password: set {PASSWORD_VARIABLE}, or run this command "
                    "in a terminal to type it."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match; nothing was created.")
        try:
            # The command speaks English, so the validators' messages do too.
            with translation.override("en"):
                validate_password(password, user)
        except ValidationError as error:
            source = (
                "The password"
                if interactive
                else f"The password in {PASSWORD_VARIABLE}"
            )
            raise CommandError(
                f"{source} is too weak: {' '.join(error.messages)}"
            ) from None
        return password
