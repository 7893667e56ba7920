"""The blog's authors, categories and tags."""

from __future__ import annotations

from crawler.replica.model import Author, Term, slugify

TEAM = Author("Back In Step PT", "backinstep")
THERAPIST = Author("Dr. Morgan Hale, PT, DPT", "morgan-hale")

ANATOMY = Term("Anatomy & Function", "anatomy-function")
DANCE = Term("Dance Medicine", "dance-medicine")
EXERCISE = Term("Exercise Progressions", "exercise-progressions")
INJURY = Term("Injury Prevention", "injury-prevention")
WELLNESS = Term("Wellness", "wellness")


def tags(*names: str) -> tuple[Term, ...]:
    """Tags by name; the slug follows WordPress's rules."""
    return tuple(Term(name, slugify(name)) for name in names)
