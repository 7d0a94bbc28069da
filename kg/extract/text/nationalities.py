"""Nationality adjectives, shared by the steps that read them: the actor step (a state owning a title or
acting through a noun, "Egyptian mediators") and the event step (the actor behind an act, "Israeli strikes")."""

from __future__ import annotations

NATIONALITIES: dict[str, str] = {
    "Israeli": "Israel", "American": "United States", "Qatari": "Qatar", "Egyptian": "Egypt",
    "Palestinian": "Palestine", "Iranian": "Iran", "Lebanese": "Lebanon", "Yemeni": "Yemen",
    "Jordanian": "Jordan", "Saudi": "Saudi Arabia", "Turkish": "Turkey", "Syrian": "Syria",
    "Emirati": "United Arab Emirates", "British": "United Kingdom", "French": "France", "German": "Germany",
    "Russian": "Russia", "Chinese": "China",
}
"""Nationality adjectives and the name of the state each names (the catalogue's name, where it has the state)."""
