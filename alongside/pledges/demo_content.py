"""Demo pledges, notes and kept stories, written for Alongside. Names from many languages."""

# Each pledger: name, shown by name or not, a note (or ""), whether they kept it, and a story.
PLEDGERS = [
    (
        "Amara Okafor",
        True,
        "For my little brother, who is sitting his exams this week.",
        True,
        "I sat with him the night before his maths exam. We did not study much, we mostly laughed. "
        "He said it helped more than the revision.",
    ),
    ("Søren Lindqvist", True, "", True, ""),
    (
        "Mei-Ling Chen",
        False,
        "My colleague has had a hard month. I will not let her walk it alone.",
        True,
        "I brought her lunch and we ate it on the bench outside. She told me things she had not "
        "told anyone at work.",
    ),
    ("José Ángel Ramírez", True, "Por mi abuela, que siempre lo hizo por nosotros.", False, ""),
    ("Nguyễn Thị Lan", True, "", False, ""),
    (
        "Aoife Ní Bhriain",
        True,
        "Someone at my running club is coming back from an injury.",
        True,
        "We did her first slow 5 km together. Last place, and the best run I have had this year.",
    ),
    ("Dmitri Volkov", False, "", False, ""),
    ("Fatima Zahra El Idrissi", True, "Je le ferai pour ma voisine qui vit seule.", True, ""),
    (
        "Kwame Mensah",
        True,
        "",
        True,
        "I called my old teacher. He remembered my name after twenty years.",
    ),
    ("Zoë O'Connell", True, "Today, not someday.", False, ""),
    ("Hana Nováková", False, "", False, ""),
    (
        "Rahul Deshpande",
        True,
        "My dad is learning to use a computer at 70. I will sit with him.",
        True,
        "",
    ),
    ("Ingrid Solberg", True, "", False, ""),
    (
        "Tomás Ó Súilleabháin",
        False,
        "A quiet one, for a friend who would not want a fuss.",
        False,
        "",
    ),
    ("Yuki Tanaka", True, "", True, ""),
    ("Leilani Kahale", True, "For the new kid in my daughter's class.", False, ""),
    ("Oluwaseun Adeyemi", True, "", False, ""),
    (
        "Małgorzata Wiśniewska",
        True,
        "Dla mojej przyjaciółki, która zaczyna od nowa.",
        True,
        "We cleaned her new flat together and painted one wall yellow. She chose the colour.",
    ),
]
