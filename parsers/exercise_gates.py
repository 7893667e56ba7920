"""Gates that tell an exercise from other how-tos, lists and prose: instructions for the body, doses, exercise words."""

from __future__ import annotations

import re

from parsers.dose import parse_dose
from parsers.exercise_levels import PROGRESSION_TITLE_RE
from parsers.exercise_names import MOVEMENT_WORDS_RE

# "10 reps", "12 repetitions", "repeat 10 times", "repeat this 5 times", "x10", "Repeat 10x"
EXERCISE_REPS_RE = re.compile(
    r"\b\d+\s*(?:reps?|repetitions?)\b|\brepeat\b[^.;!?\d]{0,20}\d+\s*(?:times\b|x(?!\w))|(?:^|[\s(,])[x×]\s?\d+\b",
    re.IGNORECASE,
)
# Words exercise instructions use and packing lists, recipes or directions seldom do: "exercise", muscles and joints,
# named exercises, postures ("lie on your side", "hands and knees", "hip-width apart")
EXERCISE_WORDS_RE = re.compile(
    r"\b(?:exercises?|muscles?|glutes?|hamstrings?|quadriceps|hips?|knees?|elbows?|spine|pelvis|abdominals?"
    r"|shoulder blades?|squats?|lunges?|planks?|push-?ups?|sit-?ups?|clamshells?|kneel(?:ing)?|hands and knees"
    r"|(?:lie|lying) (?:on|face)|(?:hip|shoulder)[- ]width)\b",
    re.IGNORECASE,
)
# A title that names a progression or exercise: "Wall Push-Up Progression", "Hip Strength", "Three Band Exercises"
EXERCISE_TITLE_RE = re.compile(
    r"\b(?:exercises?|stretch(?:es|ing)?|strength(?:en|ening)?|workouts?|progressions?|drills?|mobility"
    r"|rehab(?:ilitation)?)\b",
    re.IGNORECASE,
)
# The body in an instruction: "your knees", "your left hand", "on all fours", "hip-width apart"
BODY_WORDS_RE = re.compile(
    r"\byour\s+(?:(?:left|right|other|opposite|upper|lower|top|bottom|front|back|standing|free|whole|entire)\s+)?"
    r"(?:arms?|legs?|knees?|hips?|elbows?|wrists?|palms?|hands?|fingers?|shoulders?|feet|foot|heels?|toes?|ankles?"
    r"|spine|back|chest|head|neck|chin|core|glutes?|belly|stomach|torso|body|thighs?|calf|calves|pelvis|tailbone"
    r"|shoulder blades?|forearms?|abs|buttocks|muscles?|gaze|eyes|eyebrows|forehead|jaw|cheeks|lips)\b"
    r"|\b(?:hands and knees|all fours|table[\s-]?top position|plank position|hip[\s-]width|shoulder[\s-]width"
    r"|(?:lie|lying|laying) (?:down|on|face)|kneel(?:ing)?|on one side|one leg|one foot)\b",
    re.IGNORECASE,
)
# Verbs instructions open with (after "now", "then", "slowly"...): "Lie on your back", "Lower slowly"
INSTRUCTION_RE = re.compile(
    r"^(?:(?:now|then|next|slowly|gently|carefully|finally|also|and|first|again)\s+)*(?:do\s+not\s+|don[’']t\s+)?"
    r"(?:lie|lay|sit|stand|kneel|start|begin|place|put|bend|lift|raise|lower|hold|keep|extend|straighten|press|push"
    r"|pull|step|reach|bring|turn|rotate|tilt|spread|line|engage|tighten|squeeze|contract|rest|slide|lean|cross"
    r"|clasp|roll|drop|inhale|exhale|breathe|get|repeat|return|move|transfer|test|swing|draw|tuck|walk|jump|hop"
    r"|balance|shift|flip|perform|do|switch|alternate|follow|pause|use|grab|grip|face|rise|squat|lunge|relax|let"
    r"|open|close|arch|round|brace|point|flex|curl|stretch|twist|sink|tense|stay|continue|complete|wrap|loop|anchor"
    r"|tie|take|find|allow|end|option|try|look|smile|assume)\b",
    re.IGNORECASE,
)
# A heading that gives advice rather than naming a movement: "Keep your shoulders relaxed", "5. Take the stairs",
# "Raise your screen" (an instruction verb, then what it acts on); "Stand on one leg" names a movement
ADVICE_LABEL_RE = re.compile(
    INSTRUCTION_RE.pattern.removesuffix(r")\b") + r")\s+(?:your|the|a|an|some|more|less|it|them|regular)\b",
    re.IGNORECASE,
)
# Opening clauses before an instruction: "If holding a plank is difficult, lower ...", "Resting on your forearms, lie"
CLAUSE_SPLIT_RE = re.compile(r"[.;!?:]\s+|,\s+|\s+[-–—]\s+|\s+and\s+|\s+then\s+")
# Headings that are about the exercises, not one of them: "Tips Before You Start", "Benefits of ...", "Why ...",
# "How to progress"
NOT_EXERCISE_LABEL_RE = re.compile(
    r"\b(?:tips?|benefits?|why|mistakes?|precautions?|safety|faqs?|questions?|conclusion|takeaway|final thoughts"
    r"|summary|overview|introduction|causes?|symptoms?|treatments?|factors?|comfort measures|overall form"
    r"|building strength|routine|how often|how to progress|when to|what (?:is|are|to)|who|for a better|ingredients"
    r"|method|directions|instructions for use|related|references|about|basics|starting position|getting started"
    r"|before you (?:start|begin)|tests?|assessments?|self[- ]checks?|programm?e?s?|schedules?|plans?|weeks?\s+\d)\b",
    re.IGNORECASE,
)

# A heading that is only "Progression" or "Regression": advice on how to go on, naming no exercise
BARE_PROGRESSION_RE = re.compile(r"^(?:progressions?|regressions?)\s*:?$", re.IGNORECASE)


def instruction_count(text: str) -> int:
    """How many clauses of a text are instructions ("Lie on your back", "then lift the hips")."""
    return sum(1 for clause in CLAUSE_SPLIT_RE.split(text) if INSTRUCTION_RE.match(clause.strip(" ‘’“”\"'(")))


def is_instruction(text: str) -> bool:
    """True when a text tells the reader to do something with their body ("Bend your elbow at a right angle")."""
    return instruction_count(text) > 0 and (BODY_WORDS_RE.search(text) is not None or not parse_dose(text).is_empty())


def is_dosed(text: str) -> bool:
    """True when an instruction states an exercise's dose: a hold, sets, or repetitions ("10 reps", "repeat 10 times").

    "Each side" or "3 times" alone are not enough: recipes and how-tos say them too ("cook 3 minutes each side").
    """
    dose = parse_dose(text)
    return dose.hold_seconds_min is not None or dose.sets is not None or EXERCISE_REPS_RE.search(text) is not None


def has_exercise_words(texts: list[str]) -> bool:
    """True when any of the texts uses exercise words ("lie on your side", "knees", "clamshell")."""
    return any(EXERCISE_WORDS_RE.search(text) for text in texts)


def names_exercise(post_title: str) -> bool:
    """True when a post title names a progression or exercise ("Bridge Progression", "Hip Strength")."""
    return PROGRESSION_TITLE_RE.match(post_title) is not None or EXERCISE_TITLE_RE.search(post_title) is not None


def is_about_exercises(label: str) -> bool:
    """True for a heading about exercises rather than naming one ("Tips Before You Start", "Why Stretch?",
    a bare "Progression:")."""
    if NOT_EXERCISE_LABEL_RE.search(label) is not None or label.rstrip().endswith("?"):
        return True
    return BARE_PROGRESSION_RE.match(label.strip()) is not None


def is_advice(name: str | None) -> bool:
    """True for a heading that tells the reader what to do instead of naming a movement ("Take the stairs")."""
    found = ADVICE_LABEL_RE.match(name or "")
    return found is not None and MOVEMENT_WORDS_RE.search(name[found.end() :] if name else "") is None


def has_instructions(texts: list[str]) -> bool:
    """True when at least half of the steps are instructions and one of them names the body or a dose."""
    told = sum(1 for text in texts if instruction_count(text) or is_dosed(text))
    bodily = any(BODY_WORDS_RE.search(text) for text in texts)
    return bodily and told >= min(2, len(texts)) and 2 * told >= len(texts)
