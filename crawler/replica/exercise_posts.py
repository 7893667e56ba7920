"""The default site's exercise posts, one or more in each of the layouts the authors use."""

from __future__ import annotations

from crawler.replica import seed
from crawler.replica.assemble import Entry
from crawler.replica.model import Attributes, Exercise, ExerciseSet, Photo, Step, Style, para
from crawler.replica.terms import ANATOMY, DANCE, EXERCISE, INJURY, THERAPIST, tags

DISCLAIMER = para(
    "DISCLAIMER: This blog shares general information about health, movement and injury prevention. It is not"
    " a substitute for an individual evaluation or medical advice. If something hurts, please see a qualified"
    " health professional."
)


def _photo(day: str, stem: str, alt: str | None) -> Photo:
    """An upload filed under the month of `day`."""
    return Photo(f"{day[:4]}/{day[5:7]}/{stem}.jpg", alt)


def _levels(
    day: str,
    stem: str,
    alt_name: str,
    *levels: tuple[Step, ...],
    name: str,
    family: str,
    attributes: tuple[Attributes, ...] | None = None,
    alt: str = "{name} Level {number}",
) -> tuple[Exercise, ...]:
    """Levels of one progression, each pictured as "<alt_name> Level N" (or as `alt` says)."""
    return tuple(
        Exercise(
            name,
            _photo(day, f"{stem}-level-{number}", alt.format(name=alt_name, number=number)),
            steps,
            family=family,
            attributes=attributes[number - 1] if attributes else None,
        )
        for number, steps in enumerate(levels, start=1)
    )


STRONG_HIPS = Entry(
    day=seed.DAY,
    title=seed.TITLE,
    categories=(ANATOMY, EXERCISE),
    tags=tags("hips", "strength", "gluteus medius"),
    featured=seed.FEATURED_ALT,
    body=seed.BODY,
    related=seed.RELATED,
)

LOW_BACK_TIGHTNESS = Entry(
    day="2019-05-01",
    title="Low Back Tightness – Stretches To Try",
    categories=(EXERCISE,),
    tags=tags("back", "stretching", "posture"),
    featured="Woman working at desk improper posture slouching",
    body=(
        para(
            "Long days at a desk, a car ride to rehearsal or a weekend of yard work can all leave the low back"
            " feeling stiff. These three gentle stretches are a good place to start when it does."
        ),
        ExerciseSet(
            Style.STRETCHES,
            (
                Exercise(
                    "Knee to Chest",
                    _photo("2019-05-01", "knee-to-chest", "Knee to chest stretch"),
                    (
                        Step("Lie on your back with both knees bent."),
                        Step("Draw one knee toward your chest with both hands."),
                        Step("Hold 30 seconds, repeat 3 times each side.", hold=(30, 30), reps=3, per_side=True),
                    ),
                    family="knee to chest",
                ),
                Exercise(
                    "Child’s Pose",
                    _photo("2019-05-01", "childs-pose", "Child’s pose"),
                    (
                        Step("Kneel and sit your hips back toward your heels."),
                        Step("Reach your arms forward and let your forehead rest on the floor."),
                        Step("Hold for 20-30 seconds.", hold=(20, 30)),
                    ),
                    family="child’s pose",
                ),
                Exercise(
                    "Lower Trunk Rotation",
                    _photo("2019-05-01", "lower-trunk-rotation", "Lower trunk rotation"),
                    (
                        Step("Lie on your back with knees bent and together."),
                        Step("Let both knees fall gently to one side, then the other."),
                        Step("Repeat 10 times.", reps=10),
                    ),
                    family="lower trunk rotation",
                ),
            ),
        ),
        para("Stretching should feel like a comfortable pull, never a sharp pain."),
        DISCLAIMER,
    ),
    related=("strong-hips-are-crucial", "keep-your-back-healthy-pain-free"),
)

BACK_HEALTHY = Entry(
    day="2019-06-05",
    title="Keep Your Back Healthy & Pain-Free",
    categories=(ANATOMY, EXERCISE),
    tags=tags("back", "core", "gluteus maximus"),
    featured="gluteus maximus",
    body=(
        para(
            "The gluteus maximus is the largest muscle in the body, and it does a lot to protect the low back."
            " When it is weak or slow to switch on, the muscles along the spine tend to pick up the extra work."
        ),
        para("Here are two exercises we give to many of our patients, broken down step by step."),
        ExerciseSet(
            Style.BOLD_STEP_PARAGRAPHS,
            (
                Exercise(
                    "Bird Dog",
                    _photo("2019-06-05", "bird-dog", "Bird dog exercise"),
                    (
                        Step("Start on hands and knees with a flat back."),
                        Step("Reach one arm forward and the opposite leg back."),
                        Step("Hold for 5-10 seconds.", hold=(5, 10)),
                        Step("Repeat 10 times each side.", reps=10, per_side=True),
                    ),
                    family="bird dog",
                ),
                Exercise(
                    "Bridge March",
                    _photo("2019-06-05", "bridge-march", "Bridge march"),
                    (
                        Step("Lie on your back and lift your hips into a bridge."),
                        Step("Lift one foot an inch off the floor, then switch feet."),
                        Step("Do 3 sets of 8.", reps=8, sets=3),
                    ),
                    family="bridge",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

SHOULDER_OR_BACK = Entry(
    day="2019-11-13",
    title="Shoulder or Back Pain? Keep Reading!",
    categories=(ANATOMY, EXERCISE),
    tags=tags("shoulder", "back", "latissimus dorsi"),
    featured="latissimus dorsi",
    body=(
        para(
            "The latissimus dorsi runs from the low back all the way up to the upper arm. Because it connects"
            " the two, tightness here can show up as shoulder pain, back pain or both."
        ),
        ExerciseSet(
            Style.NUMBERED_EXERCISES,
            (
                Exercise(
                    "Lat Stretch",
                    _photo("2019-11-13", "lat-stretch", "Lat stretch"),
                    (
                        Step("Stand facing a doorframe and hold it with one hand."),
                        Step("Sit your hips back until you feel a stretch along your side."),
                        Step("Hold 30 seconds, repeat 3 times each side.", hold=(30, 30), reps=3, per_side=True),
                    ),
                    family="lat stretch",
                ),
                Exercise(
                    "Wall Slides",
                    _photo("2019-11-13", "wall-slides", "Wall slides"),
                    (
                        Step("Stand with your back against a wall and your arms in a goalpost shape."),
                        Step("Slide your arms up the wall and back down."),
                        Step("Repeat 10 times.", reps=10),
                    ),
                    family="wall slide",
                ),
                Exercise(
                    "Prone Y Raise",
                    None,
                    (
                        Step("Lie face down with your arms overhead in a Y."),
                        Step("Lift both arms a few inches off the floor."),
                        Step("Hold for 5 seconds.", hold=(5, 5)),
                        Step("Do 3 sets of 8.", reps=8, sets=3),
                    ),
                    family="y raise",
                ),
            ),
        ),
        DISCLAIMER,
    ),
    author=THERAPIST,
)

BRIDGE = Entry(
    day="2020-09-16",
    title="Bridge Progression",
    categories=(EXERCISE,),
    tags=tags("strength", "hips", "exercise"),
    featured="Bridge Progression",
    body=(
        para(
            "Bridges are one of our favourite ways to wake up the glutes. Start with the first level and move on"
            " only when it feels easy and controlled."
        ),
        ExerciseSet(
            Style.LEVELS_WITH_IMAGES,
            _levels(
                "2020-09-16",
                "bridge",
                "Bridge",
                (
                    Step("Lie on your back with knees bent and feet hip-width apart."),
                    Step("Press through your heels and lift your hips off the floor."),
                    Step("Hold for 5-10 seconds.", hold=(5, 10)),
                    Step("Lower slowly, one segment of the spine at a time."),
                ),
                (
                    Step("Lift into the Level 1 bridge."),
                    Step("Straighten one knee so the leg lines up with your thigh."),
                    Step("Repeat 10 times.", reps=10),
                ),
                (
                    Step("Place both feet on a sturdy step or chair."),
                    Step("Lift the hips and lower them with control."),
                    Step("Do 3 sets of 8.", reps=8, sets=3),
                ),
                name="Bridge",
                family="bridge",
            ),
        ),
        DISCLAIMER,
    ),
)

SIDE_PLANK_LEVELS = (
    Exercise(
        "Side Plank",
        _photo("2021-06-09", "side-plank-1", "Side plank level 1"),
        (
            Step("Lie on your side propped on your forearm, knees bent."),
            Step("Lift your hips so your body forms a line from knees to head."),
            Step("Hold for 20 seconds.", hold=(20, 20)),
        ),
        family="side plank",
    ),
    Exercise(
        "Side Plank",
        _photo("2021-06-09", "side-plank-2", "Side plank level 2"),
        (
            Step("Straighten both legs and stack the feet."),
            Step("Lift the hips without letting them sag."),
            Step("Hold for 20-30 seconds.", hold=(20, 30)),
        ),
        family="side plank",
    ),
    Exercise(
        "Side Plank",
        _photo("2021-06-09", "side-plank-3", "Side plank level 3"),
        (
            Step("From a full side plank, raise the top leg a few inches."),
            Step("Hold 30 seconds, repeat 3 times each side.", hold=(30, 30), reps=3, per_side=True),
        ),
        family="side plank",
    ),
)

SIDE_PLANK_INTRO = para(
    "Side planks train the obliques and the hip muscles that keep the pelvis level. Choose the level you can"
    " hold with steady breathing."
)

SIDE_PLANK = Entry(
    day="2021-06-09",
    title="Side Plank Levels",
    categories=(EXERCISE,),
    tags=tags("core", "strength", "exercise"),
    featured="Side Plank Levels",
    body=(SIDE_PLANK_INTRO, ExerciseSet(Style.BOLD_LEVEL_PARAGRAPHS, SIDE_PLANK_LEVELS), DISCLAIMER),
)

BALANCE = Entry(
    day="2024-01-24",
    title="Better Balance in Four Weeks",
    categories=(INJURY,),
    tags=tags("balance", "ankle", "exercise"),
    featured="Single leg balance",
    body=(
        para(
            "Good balance protects against falls and ankle sprains, and it makes turns and landings feel"
            " steadier. Spend about a week on each level."
        ),
        ExerciseSet(
            Style.BOLD_LEVEL_PARAGRAPHS,
            _levels(
                "2024-01-24",
                "single-leg-balance",
                "Single Leg Balance",
                (
                    Step("Stand on one foot next to a counter for support."),
                    Step("Keep a soft bend in the standing knee."),
                    Step("Hold for 20 seconds on each leg.", hold=(20, 20), per_side=True),
                ),
                (
                    Step("Stand on one foot without holding on."),
                    Step("Turn your head slowly from side to side."),
                    Step("Hold for 30 seconds.", hold=(30, 30)),
                ),
                (
                    Step("Stand on one foot on a folded towel or pillow."),
                    Step("Close your eyes if you feel steady."),
                    Step("Repeat 3 times each side.", reps=3, per_side=True),
                ),
                (
                    Step("Rise onto the ball of the standing foot."),
                    Step("Lower with control."),
                    Step("Complete 3 sets of 6 per leg.", reps=6, sets=3, per_side=True),
                ),
                name="Single Leg Balance",
                family="single leg balance",
            ),
        ),
        DISCLAIMER,
    ),
)

HEEL_RAISE = Entry(
    day="2024-09-18",
    title="Heel Raise Progression",
    categories=(EXERCISE, DANCE),
    tags=tags("ankle", "calf", "strength"),
    featured="Heel Raise Progression",
    body=(
        para(
            "Strong calves absorb the landing from every jump. This progression builds from two feet to one and"
            " then adds range of motion."
        ),
        ExerciseSet(
            Style.LEVELS_WITH_IMAGES,
            _levels(
                "2024-09-18",
                "heel-raise",
                "Heel Raise",
                (
                    Step("Stand facing a wall with both hands resting on it."),
                    Step("Rise onto the balls of both feet."),
                    Step("Lower slowly over three counts.", tempo="3 counts down"),
                    Step("Repeat 12 times.", reps=12),
                ),
                (
                    Step("Rise on both feet, then shift onto one foot at the top."),
                    Step("Lower on the single foot."),
                    Step("Repeat 12 times each side.", reps=12, per_side=True),
                ),
                (
                    Step("Stand on one foot on the edge of a step."),
                    Step("Let the heel drop below the step, then rise as high as you can."),
                    Step("Do 3 sets of 10 each side.", reps=10, sets=3, per_side=True),
                ),
                name="Heel Raise",
                family="heel raise",
            ),
        ),
        DISCLAIMER,
    ),
    author=THERAPIST,
)

ANKLE_STRENGTH = Entry(
    day="2023-10-04",
    title="PT Month: Ankle Strength for Dancers",
    categories=(DANCE, EXERCISE),
    tags=tags("ankle", "dance", "strength"),
    featured="Dancer on demi-pointe",
    body=(
        para(
            "Dancers ask a lot of their ankles: pointe work, jumps and long hours in relevé. These three"
            " exercises build the strength that supports all of it."
        ),
        ExerciseSet(
            Style.NUMBERED_EXERCISES,
            (
                Exercise(
                    "Resisted Pointe",
                    _photo("2023-10-04", "resisted-pointe", "Resisted pointe with band"),
                    (
                        Step("Sit with your leg straight and a band around the ball of your foot."),
                        Step("Point through the ankle first, then the toes."),
                        Step("Repeat 12 times each side.", reps=12, per_side=True),
                    ),
                    family="resisted pointe",
                ),
                Exercise(
                    "Doming",
                    _photo("2023-10-04", "doming", "Foot doming"),
                    (
                        Step("Sit with your foot flat on the floor."),
                        Step("Shorten the arch without curling the toes."),
                        Step("Hold for 5-10 seconds.", hold=(5, 10)),
                        Step("Repeat 10 times.", reps=10),
                    ),
                    family="doming",
                ),
                Exercise(
                    "Single-Leg Relevé",
                    _photo("2023-10-04", "single-leg-releve", "Single-leg releve"),
                    (
                        Step("Stand on one leg in parallel, holding a barre."),
                        Step("Rise to demi-pointe and lower slowly."),
                        Step("Complete 3 sets of 6 per leg.", reps=6, sets=3, per_side=True),
                    ),
                    family="single leg relevé",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

TURNOUT = Entry(
    day="2023-10-09",
    title="PT Month: Turnout Strength Step by Step",
    categories=(DANCE, EXERCISE),
    tags=tags("hips", "dance", "turnout"),
    featured="Turnout exercise",
    body=(
        para(
            "Turnout comes from the deep rotators of the hip, not from forcing the feet. These two exercises"
            " teach those muscles to work."
        ),
        ExerciseSet(
            Style.BOLD_STEP_PARAGRAPHS,
            (
                Exercise(
                    "Side-Lying Turnout Lift",
                    _photo("2023-10-09", "side-lying-turnout-lift", "Side-lying turnout lift"),
                    (
                        Step("Lie on your side with both legs turned out."),
                        Step("Lift the top leg while keeping the heel forward."),
                        Step("Repeat 12 times each side.", reps=12, per_side=True),
                    ),
                    family="side lying turnout lift",
                ),
                Exercise(
                    "Standing Turnout Hold",
                    _photo("2023-10-09", "standing-turnout-hold", "Standing turnout hold"),
                    (
                        Step("Stand in first position with one hand on the barre."),
                        Step("Press your heels forward to switch on the deep hip rotators."),
                        Step("Hold for 20 seconds.", hold=(20, 20)),
                        Step("Do 3 sets of 8.", reps=8, sets=3),
                    ),
                    family="turnout",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

HIP_FLEXORS = Entry(
    day="2023-10-13",
    title="PT Month: Hip Flexor Stretches for Dancers",
    categories=(DANCE, EXERCISE),
    tags=tags("hips", "stretching", "dance"),
    featured=None,
    body=(
        para(
            "Tight hip flexors can pull the pelvis forward and make arabesque feel blocked. Try these two"
            " stretches after class, when the muscles are warm."
        ),
        ExerciseSet(
            Style.STRETCHES,
            (
                Exercise(
                    "Half-Kneeling Hip Flexor Stretch",
                    _photo("2023-10-13", "half-kneeling-hip-flexor-stretch", "Half-kneeling hip flexor stretch"),
                    (
                        Step("Kneel on one knee with the other foot in front."),
                        Step("Tuck the pelvis under and shift forward gently."),
                        Step("Hold 30 seconds, repeat 3 times each side.", hold=(30, 30), reps=3, per_side=True),
                    ),
                    family="hip flexor stretch",
                ),
                Exercise(
                    "Couch Stretch",
                    _photo("2023-10-13", "couch-stretch", "Couch stretch"),
                    (
                        Step("Kneel with your back foot resting up on a couch."),
                        Step("Bring your torso upright slowly."),
                        Step("Hold for 20 seconds.", hold=(20, 20)),
                    ),
                    family="couch stretch",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

ROTATOR_CUFF = Entry(
    day="2024-02-21",
    title="Three Band Exercises for a Happier Rotator Cuff",
    categories=(ANATOMY, EXERCISE),
    tags=tags("shoulder", "strength", "exercise"),
    featured="Resistance band on a door handle",
    body=(
        para(
            "A light resistance band and a door handle are all you need for these. Keep the elbow close to your"
            " side and move slowly in both directions."
        ),
        ExerciseSet(
            Style.NESTED_LISTS,
            (
                Exercise(
                    "Band External Rotation",
                    None,
                    (
                        Step("Hold the band with your elbow bent to 90 degrees."),
                        Step("Rotate your forearm out, away from your belly."),
                        Step("Do 3 sets of 10 on each arm.", reps=10, sets=3, per_side=True),
                    ),
                    family="external rotation",
                ),
                Exercise(
                    "Band Internal Rotation",
                    None,
                    (
                        Step("Turn around so the band pulls your hand outward."),
                        Step("Rotate your forearm in toward your belly."),
                        Step("Do 3 sets of 10 on each arm.", reps=10, sets=3, per_side=True),
                    ),
                    family="internal rotation",
                ),
                Exercise(
                    "Band Row",
                    None,
                    (
                        Step("Hold the band with both hands, palms facing in."),
                        Step("Pull your elbows back and squeeze your shoulder blades."),
                        Step("Hold for 3 seconds, repeat 12 times.", hold=(3, 3), reps=12),
                    ),
                    family="row",
                ),
            ),
        ),
        para("Stop if you feel pinching at the front of the shoulder."),
        DISCLAIMER,
    ),
)

WALL_PUSH_UP = Entry(
    day="2024-03-20",
    title="Wall Push-Up Progression",
    categories=(EXERCISE,),
    tags=tags("shoulder", "strength", "exercise"),
    featured="Wall push-up",
    body=(
        para("Open each level when the one before it feels easy for two weeks in a row."),
        ExerciseSet(
            Style.TOGGLES,
            _levels(
                "2024-03-20",
                "wall-push-up",
                "Wall Push-Up",
                (
                    Step("Stand an arm’s length from the wall with your hands at shoulder height."),
                    Step("Bend your elbows and bring your chest toward the wall."),
                    Step("Repeat 10 times.", reps=10),
                ),
                (
                    Step("Step your feet back a little farther from the wall."),
                    Step("Lower slowly and pause before you push away."),
                    Step("Hold for 2 seconds at the bottom, 2 sets of 10.", hold=(2, 2), reps=10, sets=2),
                ),
                (
                    Step("Place your hands on a kitchen counter instead of the wall."),
                    Step("Keep your body in one straight line."),
                    Step("Do 3 sets of 8.", reps=8, sets=3),
                ),
                name="Wall Push-Up",
                family="push up",
            ),
        ),
        DISCLAIMER,
    ),
)

DESK_BREAK = Entry(
    day="2024-04-17",
    title="A Five-Minute Desk Break Routine",
    categories=(EXERCISE,),
    tags=tags("posture", "stretching", "neck"),
    featured=None,
    body=(
        para("Set a timer for every hour or so and work through the table below. It takes about five minutes."),
        ExerciseSet(
            Style.TABLE_ROWS,
            (
                Exercise(
                    "Chin Tuck",
                    None,
                    (
                        Step("Sit tall and look straight ahead."),
                        Step("Draw your chin straight back, making a double chin."),
                        Step("Hold for 5 seconds, repeat 10 times.", hold=(5, 5), reps=10),
                    ),
                    family="chin tuck",
                ),
                Exercise(
                    "Seated Twist",
                    None,
                    (
                        Step("Cross your arms over your chest."),
                        Step("Turn your upper body to one side and breathe out."),
                        Step("Hold 15 seconds each side.", hold=(15, 15), per_side=True),
                    ),
                    family="twist",
                ),
                Exercise(
                    "Shoulder Blade Squeeze",
                    None,
                    (
                        Step("Let your arms hang by your sides."),
                        Step("Squeeze your shoulder blades together and down."),
                        Step("Repeat 15 times.", reps=15),
                    ),
                    family="shoulder blade squeeze",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

KNEE_FRIENDLY = Entry(
    day="2024-05-22",
    title="Knee-Friendly Strength at Home",
    categories=(INJURY, EXERCISE),
    tags=tags("knee", "strength", "exercise"),
    featured="Straight leg raise",
    body=(
        para(
            "Sore knees still need strong legs. These two exercises load the thigh muscles without deep bending,"
            " so they are a good start after a flare-up."
        ),
        ExerciseSet(
            Style.LABELLED_STEPS,
            (
                Exercise(
                    "Straight Leg Raise",
                    _photo("2024-05-22", "straight-leg-raise", "Straight leg raise"),
                    (
                        Step("Lie on your back with one knee bent and the other leg straight."),
                        Step("Tighten the thigh of the straight leg."),
                        Step("Lift it to the height of the other knee and lower slowly."),
                        Step("Repeat 10 times each leg.", reps=10, per_side=True),
                    ),
                    family="straight leg raise",
                ),
                Exercise(
                    "Wall Sit",
                    _photo("2024-05-22", "wall-sit", "Wall sit"),
                    (
                        Step("Lean your back against a wall with your feet a step away from it."),
                        Step("Slide down until your knees are bent about 45 degrees."),
                        Step("Hold for 20-30 seconds, 3 sets.", hold=(20, 30), sets=3),
                    ),
                    family="wall sit",
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

CALF_STRETCH = Entry(
    day="2024-06-19",
    title="Calf Stretch Variations",
    categories=(EXERCISE,),
    tags=tags("ankle", "stretching", "calf"),
    featured="Calf stretch against a wall",
    body=(
        para("Tight calves limit how far the knee can travel over the toes. Try each variation after a walk."),
        ExerciseSet(
            Style.VARIATION_HEADINGS,
            _levels(
                "2024-06-19",
                "calf-stretch",
                "Calf Stretch",
                (
                    Step("Face a wall with one foot back and the heel down."),
                    Step("Lean forward until you feel a stretch in the back calf."),
                    Step("Hold 30 seconds, repeat 3 times each side.", hold=(30, 30), reps=3, per_side=True),
                ),
                (
                    Step("Stand with the balls of your feet on a step."),
                    Step("Let your heels drop slowly below the step."),
                    Step("Hold for 20-30 seconds.", hold=(20, 30)),
                ),
                name="Calf Stretch",
                family="calf stretch",
            ),
        ),
        DISCLAIMER,
    ),
)


# The cases of issue 22: a name behind a frame, two spellings of one movement, levels named only by the heading above
# them in a post whose title names none, a band held in both hands, rest and tempo, broken markup, and a Clamshell
# taught again five years after the first post.
STEADIER_CORE = Entry(
    day="2023-05-10",
    title="Two Moves for a Steadier Trunk and Ankles",
    categories=(EXERCISE,),
    tags=tags("core", "balance", "exercise"),
    featured="Dead bug",
    body=(
        para("Two moves from our warm-up: one teaches control of the trunk, the other steadies the ankles."),
        ExerciseSet(
            Style.FRAMED_HEADINGS,
            (
                Exercise(
                    "Dead Bug",
                    _photo("2023-05-10", "dead-bug", "Dead bug"),
                    (
                        Step("Lie on your back with your arms reaching up and your knees bent over your hips."),
                        Step(
                            "Brace your abs and lower one arm and the opposite leg, 3 seconds down.", tempo="3 s down"
                        ),
                        Step("Return to the start and switch sides.", per_side=True),
                        Step("Do 2 sets of 8, rest 30 seconds between sets.", reps=8, sets=2, rest=30),
                    ),
                    family="dead bug",
                    label="Core Control: Dead Bug",
                    attributes=Attributes("motor control", None, "supine", ("abdominals",)),
                ),
                Exercise(
                    "Single-Leg Balance",
                    _photo("2023-05-10", "single-leg-balance", "Single-leg balance"),
                    (
                        Step("Stand on one foot with your hands on your hips."),
                        Step("Keep your gaze on a point in front of you."),
                        Step("Hold for 30 seconds on each leg.", hold=(30, 30), per_side=True),
                    ),
                    family="single leg balance",
                    label="Balance Training: Single-Leg Balance",
                    attributes=Attributes("balance", None, "standing", None),
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

_RHOMBOID_STRENGTH = Attributes("strength", None, "prone", ("middle back",))

RHOMBOIDS = Entry(
    day="2022-12-07",
    title="The Rhomboids – It’s Not Geometry",
    categories=(ANATOMY, EXERCISE),
    tags=tags("shoulder", "posture", "rhomboids"),
    featured="Rhomboid muscles",
    body=(
        para(
            "The rhomboids join the shoulder blades to the spine. When they are weak, the shoulders round forward"
            " and the upper back aches after a long day at a desk. These exercises strengthen them from an easy"
            " start to a loaded finish."
        ),
        ExerciseSet(
            Style.PARENT_LEVELS,
            _levels(
                "2022-12-07",
                "prone-t",
                "Prone T",
                (
                    Step("Lie face down with your arms out to the sides in a T, thumbs up."),
                    Step("Squeeze your shoulder blades together and lift your arms a few inches."),
                    Step("Hold for 3 seconds, repeat 10 times.", hold=(3, 3), reps=10),
                ),
                (
                    Step("Lie face down on a bench with your arms hanging toward the floor."),
                    Step("Raise your arms out to the sides to shoulder height."),
                    Step("Do 3 sets of 10.", reps=10, sets=3),
                ),
                (
                    Step("Lie face down and hold a light weight in each hand."),
                    Step("Lift your arms into a T and lower them slowly over three counts.", tempo="3 counts down"),
                    Step("Complete 2 sets of 12.", reps=12, sets=2),
                ),
                name="Prone T",
                family="prone t",
                alt="{name} exercise, level {number}",
                attributes=(
                    _RHOMBOID_STRENGTH,
                    Attributes("strength", ("bench",), "prone", ("middle back",)),
                    Attributes("strength", ("weight",), "prone", ("middle back",)),
                ),
            ),
        ),
        ExerciseSet(
            Style.FRAMED_HEADINGS,
            (
                Exercise(
                    "Band Pull-Apart",
                    None,
                    (
                        Step("Hold a band in front of your chest with one end in each hand."),
                        Step("Pull the band apart until your arms open into a T."),
                        Step("Return slowly and repeat 15 times.", reps=15),
                    ),
                    family="band pull apart",
                    label="Bonus: Band Pull-Apart",
                    attributes=Attributes("strength", ("band",), None, ("middle back",)),
                ),
            ),
        ),
        DISCLAIMER,
    ),
    author=THERAPIST,
)

STEP_UP = Entry(
    day="2023-01-18",
    title="Step-Up Progression",
    categories=(EXERCISE,),
    tags=tags("knee", "strength", "exercise"),
    featured="Step-up",
    body=(
        para("These exercises build strength in the quadriceps and glutes for stairs, hills and landings."),
        ExerciseSet(
            Style.BROKEN_MARKUP,
            _levels(
                "2023-01-18",
                "step-up",
                "Step-up",
                (
                    Step("Stand facing a low step."),
                    Step("Step up onto the step with your right foot and bring the left foot up to meet it."),
                    Step("Step down with control."),
                    Step("Repeat 10 times each leg.", reps=10, per_side=True),
                ),
                (
                    Step("Stand facing a higher step, about knee height."),
                    Step("Step up and lift the other knee to hip height at the top."),
                    Step(
                        "Do 3 sets of 8 on each leg, resting 45 seconds between sets.",
                        reps=8,
                        sets=3,
                        per_side=True,
                        rest=45,
                    ),
                ),
                (
                    Step("Hold a dumbbell in each hand and stand facing the step."),
                    Step("Step up without pushing off the back foot."),
                    Step("Lower over 3 seconds.", tempo="3 s down"),
                    Step("Complete 3 sets of 6 per leg.", reps=6, sets=3, per_side=True),
                ),
                name="Step-Up",
                family="step up",
                attributes=(
                    Attributes("strength", ("step",), "standing", ("glutes", "quadriceps")),
                    Attributes("strength", ("step",), "standing", ("glutes", "quadriceps")),
                    Attributes("strength", ("dumbbell", "step"), "standing", ("glutes", "quadriceps")),
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

CLAMSHELL_AGAIN = Entry(
    day="2024-10-16",
    title="Side Hip Strength, Five Years On",
    categories=(ANATOMY, EXERCISE),
    tags=tags("hips", "strength", "gluteus medius"),
    featured="Clamshell with a band",
    body=(
        para(
            "The gluteus medius sits on the outside of the hip. It lifts the leg out to the side and keeps the"
            " pelvis level when you stand on one leg. This exercise strengthens it against a loop band, and the"
            " drill after it puts it to work on one leg."
        ),
        ExerciseSet(
            Style.CAPTIONED_FIGURES,
            (
                Exercise(
                    "Clam shell",  # spelled apart this time: the same family as 2019's "Clamshell"
                    _photo("2024-10-16", "clam-shell-band", "Clam shell with a loop band"),
                    (
                        Step("Lie on your side with your knees bent and a loop band around your thighs."),
                        Step("Keep your feet together and lift the top knee against the band."),
                        Step("Lower with control, 3 seconds down.", tempo="3 s down"),
                        Step("Do 3 sets of 12 on each side.", reps=12, sets=3, per_side=True),
                    ),
                    family="clamshell",
                    attributes=Attributes("strength", ("band",), "side-lying", ("abductors", "glutes")),
                ),
                Exercise(
                    "Single leg balance",
                    _photo("2024-10-16", "single-leg-balance-band", "Single leg balance with a band"),
                    (
                        Step("Stand on one leg with the band still around your thighs."),
                        Step("Hold for 30 seconds, then switch legs.", hold=(30, 30), per_side=True),
                    ),
                    family="single leg balance",
                    attributes=Attributes("balance", ("band",), "standing", ("abductors", "glutes")),
                ),
            ),
        ),
        DISCLAIMER,
    ),
)

EXERCISE_POSTS = (
    STRONG_HIPS,
    LOW_BACK_TIGHTNESS,
    BACK_HEALTHY,
    SHOULDER_OR_BACK,
    BRIDGE,
    SIDE_PLANK,
    BALANCE,
    HEEL_RAISE,
    ANKLE_STRENGTH,
    TURNOUT,
    HIP_FLEXORS,
    ROTATOR_CUFF,
    WALL_PUSH_UP,
    DESK_BREAK,
    KNEE_FRIENDLY,
    CALF_STRETCH,
    STEADIER_CORE,
    RHOMBOIDS,
    STEP_UP,
    CLAMSHELL_AGAIN,
)
