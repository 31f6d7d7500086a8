"""Fictional names for generated data, the way Flemish class lists read today.

The lists mix names common in Flanders with names of families from Morocco,
Turkey, Poland, Romania, Congo, Syria, Ukraine and elsewhere, and keep their
diacritics. Particles ("Van den", "De", "D'") are capitalised and part of the
last name, as they are in Belgium.
"""

import random

# The lists are kept dense on purpose, several names a line.
# fmt: off
FIRST_NAMES = [
    # Flemish and Dutch
    "Lotte", "Lars", "Noor", "Wout", "Fien", "Mathis", "Louis", "Marie",
    "Elise", "Jules", "Vic", "Nore", "Mila", "Lena", "Ella", "Olivia", "Noah",
    "Arthur", "Liam", "Finn", "Lowie", "Mats", "Seppe", "Tuur", "Febe", "Kato",
    "Hanne", "Jana", "Ruben", "Stan", "Warre", "Ilse", "Roos", "Bram", "Jasper",
    "Wannes", "Lien", "Saar", "Gust", "Nand", "Rune", "Ferre", "Hannelore",
    # French-speaking Belgium and France, with diacritics
    "Zoë", "Chloë", "Noémie", "Anaïs", "Jérôme", "Loïc", "Maël", "Inès",
    "Amélie", "Élise", "Léa", "Théo", "Célestine", "Raphaël", "Gaël",
    # Moroccan and Arabic
    "Amine", "Yasmina", "Soufiane", "Imane", "Ayoub", "Nour", "Rayan", "Salma",
    "Bilal", "Hamza", "Fatima-Zahra", "Ilyas", "Aya", "Mohamed", "Sara",
    "Omar", "Rama", "Yousef", "Lina", "Adam",
    # Turkish
    "Elif", "Emre", "Yusuf", "Zeynep", "Kerem", "Ayşe", "Mehmet", "Çağla",
    "Tuğba", "Kübra", "Şeyma", "Ömer", "Eymen",
    # Polish, Romanian, Ukrainian, Balkan
    "Zuzanna", "Jakub", "Wiktoria", "Andrei", "Ioana", "Oleksandr", "Sofiia",
    "Mateusz", "Ștefan", "Luka", "Ivana", "Dominik",
    # Congolese, Rwandan, Eritrean, Afghan
    "Grâce", "Merveille", "Exaucé", "Précieuse", "Divin", "Ange", "Keza",
    "Senait", "Mahdi", "Zahra", "Ali",
    # Other
    "Giulia", "Matteo", "Sofía", "Mateo", "Aiko", "Minh", "Priya", "Kwame",
]

LAST_NAMES = [
    # Flemish, many with particles
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes",
    "Goossens", "Wouters", "De Smet", "Van den Broeck", "Van de Velde",
    "Vandenberghe", "Van Damme", "De Clercq", "Vermeulen", "Verhoeven",
    "Van der Linden", "D'Hondt", "De Backer", "Vanderstraeten", "Hendrickx",
    "Lambrechts", "Dewilde", "Van Acker", "De Wolf", "Vanhoutte", "Pauwels",
    "Van den Bossche", "De Ridder", "Verbruggen", "Van Hoof", "Sels",
    "Verstraete", "Coppens", "De Meyer", "Van Rompuy", "Bogaerts", "Segers",
    # Walloon and French
    "Dubois", "Lambert", "Dupont", "Lefèvre", "Renard", "Mathieu", "Leroy",
    # Moroccan and Arabic
    "El Amrani", "El Idrissi", "Benali", "Bouzid", "Azzouzi", "El Khattabi",
    "Ait Ouali", "Haddad", "Al-Hassan", "Boukhari", "Ben Abdallah",
    # Turkish
    "Yılmaz", "Öztürk", "Çelik", "Kaya", "Şahin", "Doğan", "Aydın",
    # Polish, Romanian, Ukrainian, Balkan
    "Nowak", "Kowalski", "Wójcik", "Popescu", "Ionescu", "Shevchenko",
    "Kovačević", "Horváth",
    # Congolese and others
    "Kabongo", "Mbuyi", "Tshibangu", "Mukendi", "Nguyen", "Tran", "Rossi",
    "García", "Singh", "Mensah", "Haile",
]

SCHOOL_KINDS = [
    "Basisschool", "Vrije Basisschool", "GO! Basisschool", "Gemeentelijke Basisschool",
    "Sint-Jozefscollege", "Atheneum", "Lyceum", "Technisch Instituut",
]
SCHOOL_NAMES = [
    "De Klimop", "De Linde", "De Regenboog", "Het Klavertje", "De Zonnebloem",
    "Sint-Lutgardis", "De Wegwijzer", "Het Anker", "De Vlinder", "Het Kompas",
    "De Boomgaard", "Sint-Victor", "De Horizon", "Het Molenhuis", "De Sleutel",
]
TOWNS = [
    "Aalst", "Brugge", "Gent", "Hasselt", "Leuven", "Mechelen", "Kortrijk",
    "Roeselare", "Turnhout", "Genk", "Lier", "Ninove", "Tienen", "Geel", "Ieper",
]
# fmt: on


def person_name(rng: random.Random) -> tuple[str, str]:
    """Return a fictional (first name, last name) pair."""
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def school_names(count: int, rng: random.Random) -> list[str]:
    """Return count distinct school names, such as "Atheneum De Linde Gent"."""
    combinations = [
        f"{kind} {name} {town}"
        for kind in SCHOOL_KINDS
        for name in SCHOOL_NAMES
        for town in TOWNS
    ]
    if count > len(combinations):
        raise ValueError(
            f"{count} schools requested, but only {len(combinations)} fictional "
            "school names exist"
        )
    return rng.sample(combinations, count)
