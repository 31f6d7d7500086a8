import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, no_translations
from django.db import transaction
from django.utils import timezone

from groeidocument.accounts.models import Audience, Membership, Role, School, User
from groeidocument.growth.services import ActionPointInput, create_growth_document
from groeidocument.lib.schoolyear import school_year_of
from groeidocument.pupils.models import Pupil

DEMO_SCHOOL = "Basisschool De Klimop (demo)"
DEMO_USERNAME = "demo.coach"
# The demo's people: (user name, first name, last name, role). The coach comes
# first; the others show the care coordinator's and administrator's screens.
DEMO_USERS = [
    (DEMO_USERNAME, "Sara", "Demo", Role.COACH),
    ("demo.zorg", "Wout", "Demo", Role.COORDINATOR),
    ("demo.beheer", "Ines", "Demo", Role.ADMIN),
]

# Fictional pupils: (first name, last name, class).
DEMO_PUPILS = [
    ("Amira", "El Idrissi", "5A"),
    ("Bram", "Peeters", "5A"),
    ("Chloé", "Dubois", "5A"),
    ("Daan", "Janssens", "5A"),
    ("Elif", "Yılmaz", "5A"),
    ("Febe", "Maes", "5B"),
    ("Gust", "Claes", "5B"),
    ("Hanne", "Wouters", "5B"),
    ("Ilias", "Benali", "5B"),
    ("Jules", "Verhoeven", "6A"),
    ("Kato", "De Smet", "6A"),
    ("Lowie", "Mertens", "6A"),
    ("Mona", "Goossens", "6A"),
    ("Noah", "Willems", "6B"),
    ("Olivia", "Van Damme", "6B"),
    ("Rune", "Hendrickx", "6B"),
    ("Seppe", "Dewilde", "6B"),
    ("Tuur", "Lambrechts", "6B"),
]

# Fictional conversations: pupil index, days ago, follow-up in days, action points.
DEMO_DOCUMENTS = [
    (
        1,
        14,
        7,
        [
            ActionPointInput(
                wish="Ik wil in de klas mijn vinger opsteken in plaats van te roepen.",
                domain="social",
                wish_by_pupil=True,
                scale_value=4,
                answers={
                    "strengths": "Ik weet vaak het antwoord. Ik luister goed.",
                    "goal": "Elke les één keer mijn vinger opsteken en wachten.",
                    "support": "De juf knipoogt als ze mijn vinger ziet.",
                    "first_step": "Mijn hand op mijn bank leggen.",
                    "next_step": "Tellen tot vijf voor ik iets zeg.",
                },
                pupil_written=["first_step", "next_step"],
            ),
        ],
    ),
    (
        4,
        20,
        -2,
        [
            ActionPointInput(
                wish="Ik wil mijn huiswerk op tijd afhebben.",
                domain="learning",
                wish_by_pupil=True,
                scale_value=6,
                answers={
                    "strengths": "Rekenen gaat goed, vooral aan de keukentafel.",
                    "goal": "Elke dag mijn huiswerk af voor het avondeten.",
                    "support": "Samen de planning van de week overlopen op maandag.",
                    "first_step": "Mijn agenda elke dag openleggen.",
                    "next_step": "Een wekker zetten om vier uur.",
                },
                pupil_written=["first_step"],
            ),
            ActionPointInput(
                wish="Ik wil rustig blijven als iemand mijn spullen afneemt.",
                domain="conflicts",
                scale_value=3,
                answers={
                    "strengths": "Met mijn vrienden blijf ik meestal rustig.",
                    "goal": "Eerst vragen om mijn spullen terug te geven.",
                    "support": "Een afgesproken teken als het te veel wordt.",
                    "first_step": "Diep ademhalen en tot drie tellen.",
                },
            ),
        ],
    ),
    (
        10,
        3,
        0,
        [
            ActionPointInput(
                wish="Ik wil durven vragen als ik iets niet snap.",
                domain="problem_solving",
                wish_by_pupil=True,
                scale_value=5,
                answers={
                    "strengths": "Ik durf het wel aan mijn buur te vragen.",
                    "goal": "Eén keer per dag iets vragen aan de juf.",
                    "support": "Na de les even bij mij komen staan.",
                    "first_step": "Mijn vraag op een briefje schrijven.",
                },
                pupil_written=["first_step"],
            ),
        ],
    ),
]


class Command(BaseCommand):
    help = (
        "Fill the database with a fictional demo school, coach and pupils, unless "
        "the demo school exists, then print the demo logins."
    )

    # The role names in the printed logins stay English, like every command.
    @no_translations
    def handle(self, *args, **options):
        login_file = Path(settings.DATA_DIR) / "demo-login.txt"
        if School.objects.filter(name=DEMO_SCHOOL).exists():
            self._print_login(login_file)
            return
        if School.objects.exists():
            self.stdout.write(
                "This database already holds a school, so no demo data was added."
            )
            return

        passwords = {username: secrets.token_urlsafe(9) for username, *_ in DEMO_USERS}
        with transaction.atomic():
            self._create_demo(passwords)
        login_file.parent.mkdir(parents=True, exist_ok=True)
        login_file.touch(mode=0o600)
        login_file.write_text(
            "".join(
                f"{username} {password}\n" for username, password in passwords.items()
            )
        )
        self._print_login(login_file)

    def _create_demo(self, passwords):
        school = School.objects.create(
            name=DEMO_SCHOOL, starter_audience=Audience.PRIMARY
        )
        for username, first_name, last_name, role in DEMO_USERS:
            user = User.objects.create_user(
                username,
                password=passwords[username],
                first_name=first_name,
                last_name=last_name,
            )
            Membership.objects.create(user=user, school=school, role=role)
        coach = User.objects.get(username=DEMO_USERNAME)

        today = timezone.localdate()
        pupils = [
            Pupil.objects.create(
                school=school,
                first_name=first_name,
                last_name=last_name,
                class_name=class_name,
                school_year=school_year_of(today),
            )
            for first_name, last_name, class_name in DEMO_PUPILS
        ]
        for pupil_index, days_ago, follow_up_days, action_points in DEMO_DOCUMENTS:
            held_on = today - datetime.timedelta(days=days_ago)
            create_growth_document(
                pupil=pupils[pupil_index],
                coach=coach,
                held_on=held_on,
                follow_up_on=today + datetime.timedelta(days=follow_up_days),
                action_points=action_points,
            )

    def _print_login(self, login_file):
        if not login_file.exists():
            self.stdout.write(
                f"The demo school exists, but {login_file} with its login is gone."
            )
            return
        roles = {username: role for username, _first, _last, role in DEMO_USERS}
        for line in login_file.read_text().splitlines():
            username, password = line.split()
            role = Role(roles[username]).label
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo login ({role}): user name {username}, password {password}"
                )
            )
