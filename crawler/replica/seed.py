"""The one real page we have, "Strong Hips are Crucial!" (May 15, 2019), rebuilt block by block."""

from __future__ import annotations

from crawler.replica.model import (
    Block,
    Bullets,
    Exercise,
    ExerciseSet,
    Heading,
    Para,
    Photo,
    Step,
    Style,
    para,
    wp_text,
)

TITLE = "Strong Hips are Crucial!"
DAY = "2019-05-15"
FEATURED_ALT = "Clamshell Level 1"
RELATED = (
    "shoulder-or-back-pain-keep-reading",
    "snow-days-staying-safe-warm",
    "keep-your-back-healthy-pain-free",
    "low-back-tightness-stretches-to-try",
)

HOLD = Step("Hold for 5-10 seconds.", hold=(5, 10))
LOWER = Step("Slowly lower back down to starting position.")


def _clamshell(level: int, *steps: Step) -> Exercise:
    """One clamshell level, pictured in the heading."""
    photo = Photo(f"2019/05/clamshell-level-{level}.jpg", f"Clamshell Level {level}")
    return Exercise("Clamshell", photo, steps, family="clamshell")


CLAMSHELLS = ExerciseSet(
    Style.LEVELS_WITH_IMAGES,
    (
        _clamshell(
            1,
            Step("Feet remain stacked and touching."),
            Step("Top knee lifts towards the ceiling, moving into external rotation."),
            HOLD,
            LOWER,
        ),
        _clamshell(
            2,
            Step("Knees & thighs remain stacked and touching.", padded=True),
            Step("Top foot lifts towards the ceiling, moving the hip into internal rotation.", padded=True),
            Step(HOLD.text, hold=HOLD.hold, padded=True),
            Step(LOWER.text, padded=True),
        ),
        _clamshell(
            3,
            Step("Hips remain stacked, without rolling or tipping.", padded=True),
            Step(
                "Entire leg stays in slightly bent position, and lifts towards the ceiling, only lifting as high"
                " as possible without the spine collapsing towards the floor.",
                padded=True,
            ),
            Step(HOLD.text, hold=HOLD.hold, padded=True),
            Step(LOWER.text, padded=True),
        ),
        _clamshell(
            4,
            Step("Hips remained stacked, with bellybutton just slightly rolled towards the floor."),
            Step("Bottom knee stays on the floor, and feet lift off of the floor."),
            Step(
                "From this new starting position, lift the top knee up off of the other leg, while maintaining"
                " contact at the feet."
            ),
            Step("The top leg then extends to a straight leg, while maintaining the rest of the position."),
            HOLD,
            Step("Slowly bend knee and reconnect at the feet, then lower back down to starting position."),
        ),
        _clamshell(
            5,
            Step(
                "Position yourself into a side plank, hips without any bend (straight line at hips), knees bent to 90*."
            ),
            Step("While maintaining the side plank position and keeping feet stacked, lift top knee towards ceiling."),
            HOLD,
            Step("Return to side plank position."),
        ),
    ),
)

_ANATOMY = Photo("2019/05/gluteus-medius-anatomy.jpg", "Gluteus medius anatomy")
_VIDEO = "https://www.youtube.com/watch?v=d1jhdHKq8Qc"

BODY: tuple[Block, ...] = (
    para(
        "There are many important muscles and other structures to consider in the hips, and it’s important to"
        " have strong hips. One that is often neglected or underused is called the gluteus medius."
    ),
    Heading("The Anatomy & Function"),
    Para(
        wp_text(
            "This muscle sits at the back of the hip and pelvis, underneath the gluteus maximus. It originates"
            " from the gluteal surface of the ilium and inserts onto the greater trochanter of the femur, and gets"
            " its nerve supply from the superior gluteal nerve (L4, L5, S1)."
        ),
        photo=_ANATOMY,
    ),
    para(
        "The gluteus medius helps in abduction, or moving your leg to the side. It also has a small part in"
        " flexion and internal rotation (moving the leg in front of your and turning the leg in) with its anterior"
        " fibers, and extension and external rotation (moving the leg behind you and turning the leg out) with"
        " its posterior fibers."
    ),
    para(
        "When the gluteus medius is working appropriately, it helps to keep your pelvis level when standing on"
        " one leg. This also means that it helps with maintaining balance. Lastly, when this muscle is strong, it"
        " helps maintain an even workload through your back, hips, and knees. It’s an important player with take"
        " off and landing for jumps and leaps. So you can imagine why this is such an important muscle!"
    ),
    Heading("What to Do About It"),
    para(
        "There are MANY ways to work on strengthening and improving the performance of the gluteus medius."
        " Ideally, we get to a point where it’s being worked in a variety of positions and through different"
        " movements."
    ),
    Para(
        wp_text(
            "Today, though, we are just talking about a simple place to start. We’ll be working through five"
            " different levels of an exercise called Clamshells. Our examples are without any additional"
            " resistance added, like a resistance band or ankle weights. To see these exercises in action with a"
            " full walk-through, check out our YouTube video "
        )
        + f'<a href="{_VIDEO}">here</a>.'
    ),
    para("Otherwise, keep reading to learn the progression!"),
    Heading("The Basics"),
    para(
        "The starting position is the same for all levels. Start in side-lying with hips stacked on top of one"
        " another, knees bent, and fee stacked. Your hips should be bent to about 45* and knees at about 90*."
    ),
    para("Some important things to remember:"),
    Bullets(
        (
            "Keep your pelvis stable with abdominal muscles engaged.",
            "Minimize the use of your hands for balance.",
            "Slow and controlled motion is key.",
        )
    ),
    CLAMSHELLS,
    para("Try these exercises out to create strong hips for yourself. Let us know if you have any questions!"),
    para(
        "DISCLAIMER: The purpose of this site is to promote understanding of health, wellness, and prevention."
        " The information on this site is not intended/implied to be a substitute for professional medical"
        " advice, diagnosis, or treatment. If you are experiencing pain, please see a medical professional."
    ),
    Para("&nbsp;"),
)
