"""The deck of conversation starters every new school begins with.

The cards break the ice before a growth conversation: light questions about
things a pupil likes to talk about. A school edits its own copy of the deck in
the settings. The wording is Dutch because the cards are shown to pupils as
they are, whatever language the coach chose for the interface.
"""

from groeidocument.accounts.models import Audience

PRIMARY = Audience.PRIMARY
SECONDARY = Audience.SECONDARY
BOTH = Audience.BOTH

DEFAULT_STARTERS = [
    ("Welk dier zou je een dag willen zijn, en waarom?", PRIMARY),
    ("Wat is het leukste spel op de speelplaats?", PRIMARY),
    ("Als je een superkracht mocht kiezen, welke zou het zijn?", PRIMARY),
    ("Wat eet je het liefst op je verjaardag?", PRIMARY),
    ("Met welk speelgoed of spel speel je het liefst thuis?", PRIMARY),
    ("Welk boek of verhaal vind je echt goed?", PRIMARY),
    ("Als je een hut mocht bouwen, hoe zou die eruitzien?", PRIMARY),
    ("Wie is je favoriete figuur uit een tekenfilm?", PRIMARY),
    ("Wat zou je doen als je een dag de juf of meester was?", PRIMARY),
    ("Welk liedje zing of neurie je vaak?", PRIMARY),
    ("Wat doe je het liefst op woensdagnamiddag?", PRIMARY),
    ("Welk huisdier heb je, of welk zou je willen?", PRIMARY),
    ("Wat teken of knutsel je graag?", PRIMARY),
    ("Wat was de grappigste droom die je ooit had?", PRIMARY),
    ("Welke serie kijk je nu het liefst?", SECONDARY),
    ("Welke muziek staat er op dit moment het meest op bij jou?", SECONDARY),
    ("Welke app of welk spel zou je nooit willen missen?", SECONDARY),
    ("Waar zou je graag eens naartoe reizen?", SECONDARY),
    ("Wat zou je doen met een volledig vrije week?", SECONDARY),
    ("Welke job lijkt je nu het leukst om later te doen?", SECONDARY),
    ("Met welke bekende persoon zou je eens willen praten?", SECONDARY),
    ("Welk vak zou je zelf aan de school toevoegen?", SECONDARY),
    ("Wat is iets wat je onlangs geleerd hebt buiten de school?", SECONDARY),
    ("Welk concert of festival zou je willen meemaken?", SECONDARY),
    ("Wat maakt een goede vriend of vriendin voor jou?", SECONDARY),
    ("Welke film heb je al meer dan eens gezien?", SECONDARY),
    ("Wat doe je om tot rust te komen na een drukke dag?", SECONDARY),
    ("Waar ben je dit jaar al trots op?", SECONDARY),
    ("Wat is je lievelingsplek in de school?", BOTH),
    ("Wat deed je afgelopen weekend?", BOTH),
    ("Welke sport of beweging doe je graag?", BOTH),
    ("Wat is je lievelingseten?", BOTH),
    ("Wat maakt jou aan het lachen?", BOTH),
    ("Waar kijk je deze week naar uit?", BOTH),
    ("Wat kan jij goed dat anderen misschien niet weten?", BOTH),
    ("Wie is iemand die jou graag helpt?", BOTH),
    ("Wat was een fijn moment deze week?", BOTH),
    ("Welk seizoen vind je het leukst, en waarom?", BOTH),
    ("Als je de speeltijd een uur mocht verlengen, wat zou je doen?", BOTH),
    ("Welke hobby zou je nog willen proberen?", BOTH),
    ("Wat is het beste cadeau dat je ooit kreeg?", BOTH),
    ("Waar word je blij van als je 's morgens opstaat?", BOTH),
    ("Wat zou je uitvinden als alles mocht?", BOTH),
    ("Welk weer vind je het fijnst, en wat doe je dan?", BOTH),
]


def add_default_deck(school, starter_model):
    """Give school its own copy of the default deck; starter_model may be historic."""
    starter_model.objects.bulk_create(
        starter_model(school=school, question=question, audience=audience)
        for question, audience in DEFAULT_STARTERS
    )
