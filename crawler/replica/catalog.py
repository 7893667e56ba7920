"""The default site: 67 posts over the 48 months the real Archive widget lists, plus its pages."""

from __future__ import annotations

from crawler.replica.assemble import Catalogue, Entry, Revision
from crawler.replica.dates import mountain
from crawler.replica.exercise_posts import (
    DISCLAIMER,
    EXERCISE_POSTS,
    SIDE_PLANK_INTRO,
    SIDE_PLANK_LEVELS,
)
from crawler.replica.model import (
    Author,
    Exercise,
    ExerciseSet,
    Page,
    Para,
    Photo,
    Step,
    Style,
    Term,
    para,
)
from crawler.replica.prose import prose
from crawler.replica.terms import (
    ANATOMY,
    DANCE,
    INJURY,
    TEAM,
    THERAPIST,
    WELLNESS,
    tags,
)

FIRST_POST_ID = 40  # pages were created before any post


def _plain(
    day: str,
    title: str,
    categories: tuple[Term, ...],
    tag_names: tuple[str, ...],
    topic: str,
    *,
    image: bool = True,
    alt: str | None = None,
    intro: str | None = None,
    figure: Photo | None = None,
    author: Author = TEAM,
    related: tuple[str, ...] | None = None,
) -> Entry:
    """A post of prose about `topic`; its featured image's alt is the title unless `alt` says otherwise."""
    body = prose(topic, title, figure=figure)
    if intro is not None:
        body = (para(intro), *body)
    return Entry(
        day=day,
        title=title,
        categories=categories,
        tags=tags(*tag_names),
        featured=(title if alt is None else alt) if image else None,
        body=body,
        author=author,
        related=related,
    )


def _spotlight(day: str, title: str, guest: str, topic: str) -> Entry:
    """A Dance Med Spotlight podcast episode post."""
    intro = (
        f"A new episode of the Dance Med Spotlight podcast is out, featuring {guest}. We talk about {topic}"
        " and what it means for dancers and the people who care for them."
    )
    return _plain(day, title, (DANCE,), ("podcast", "dance"), topic, alt=guest, intro=intro)


DESK_POSTURE = _plain(
    "2023-10-11",
    "PT Month: Desk Posture Myths",
    (ANATOMY,),
    ("posture", "back"),
    "posture at the desk",
    author=THERAPIST,
)

PT_MONTH = (
    _plain(
        "2023-10-02",
        "PT Month: What a Physical Therapist Actually Does",
        (WELLNESS,),
        ("physical therapy",),
        "what happens at a physical therapy visit",
    ),
    _plain("2023-10-06", "PT Month: Is Soreness Normal?", (INJURY,), ("recovery",), "muscle soreness", image=False),
    DESK_POSTURE,
    _plain("2023-10-16", "PT Month: Sleep and Tissue Healing", (WELLNESS,), ("sleep", "recovery"), "sleep and healing"),
    _plain(
        "2023-10-18",
        "PT Month: Returning to Dance After a Sprain",
        (INJURY, DANCE),
        ("ankle", "dance"),
        "returning to dance after an ankle sprain",
    ),
    _plain(
        "2023-10-20",
        "PT Month: Breathing and Core Control",
        (ANATOMY,),
        ("core", "breathing"),
        "breathing and the deep core",
    ),
    _plain(
        "2023-10-23",
        "PT Month: Growth Spurts in Young Dancers",
        (DANCE,),
        ("dance", "teens"),
        "growth spurts in young dancers",
    ),
    _plain("2023-10-25", "PT Month: Cross-Training Ideas", (WELLNESS,), ("cross-training",), "cross-training"),
    _plain(
        "2023-10-30",
        "PT Month: When to See a Physical Therapist",
        (INJURY,),
        ("physical therapy",),
        "knowing when to get help",
    ),
)

PLAIN_POSTS = (
    _spotlight("2025-05-21", "Kendall Baab – Train with Kendall", "Kendall Baab", "strength training for dancers"),
    _spotlight(
        "2025-05-07",
        "Jeffrey A. Russell – Dance Medicine & Injury Care",
        "Jeffrey A. Russell",
        "dance medicine and injury care",
    ),
    _spotlight(
        "2025-04-23",
        "Matthew Wyon – The Science of Dance Performance",
        "Matthew Wyon",
        "the science of dance performance",
    ),
    _spotlight(
        "2025-04-09",
        "Galit Friedlander – Pro Dancer & Personal Trainer",
        "Galit Friedlander",
        "personal training for professional dancers",
    ),
    _plain("2025-03-12", "March 2025 – Mid-Season Mindfulness", (WELLNESS,), ("mindfulness",), "mid-season calm"),
    _plain(
        "2025-02-12",
        "February 2025 – Cross-Training for Dancers",
        (DANCE, WELLNESS),
        ("cross-training", "dance"),
        "cross-training for dancers",
    ),
    _plain("2025-01-15", "January 2025 – Goals That Stick", (WELLNESS,), ("goals",), "setting goals you keep"),
    _plain(
        "2024-12-04",
        "December 2024 – Staying Strong Through Nutcracker Season",
        (DANCE,),
        ("dance", "performance"),
        "a long performance season",
    ),
    _plain(
        "2024-11-13",
        "November 2024 – Recovery Is Part of Training",
        (WELLNESS,),
        ("recovery",),
        "recovery days",
    ),
    _plain("2024-10-09", "October 2024 – Audition Season Prep", (DANCE,), ("dance", "auditions"), "audition season"),
    _plain(
        "2024-09-04",
        "September 2024 – Back to the Studio",
        (DANCE, INJURY),
        ("dance",),
        "going back to the studio after summer",
    ),
    _plain("2024-08-14", "August 2024 – Hydration at Altitude", (WELLNESS,), ("hydration",), "hydration at altitude"),
    _plain(
        "2024-07-10",
        "July 2024 – Summer Hiking Without Knee Pain",
        (INJURY,),
        ("knee", "hiking"),
        "hiking without knee pain",
    ),
    _plain(
        "2024-06-12",
        "June 2024 – Keeping Up Over Summer Break",
        (WELLNESS,),
        ("summer",),
        "staying active over summer break",
    ),
    _plain("2024-05-15", "May 2024 – Recital Ready", (DANCE,), ("dance", "performance"), "recital preparation"),
    _plain("2024-04-10", "April 2024 – Ankle Sprain Myths", (INJURY,), ("ankle",), "ankle sprain myths"),
    _plain("2024-03-13", "March 2024 – Spring Reset for Your Routine", (WELLNESS,), ("habits",), "a spring reset"),
    _plain(
        "2024-02-14",
        "February 2024 – Heart-Healthy Movement",
        (WELLNESS,),
        ("heart health",),
        "movement for heart health",
    ),
    _plain(
        "2024-01-10",
        "January 2024 – Building a Strength Habit",
        (WELLNESS,),
        ("strength", "habits"),
        "building a strength habit",
    ),
    _plain(
        "2023-12-13",
        "Holiday Travel Without the Stiffness",
        (WELLNESS,),
        ("travel", "back"),
        "long trips in cars and planes",
    ),
    _plain(
        "2023-11-08",
        "Foot Strength for Dancers",
        (ANATOMY, DANCE),
        ("feet", "dance"),
        "the small muscles of the foot",
        figure=Photo("2023/11/foot-anatomy.jpg", "Muscles of the foot"),
        author=THERAPIST,
    ),
    *PT_MONTH,
    _plain("2023-09-13", "Pointe Readiness: What We Look For", (DANCE,), ("pointe", "dance"), "readiness for pointe"),
    _plain(
        "2023-08-16",
        "Back-to-School Backpacks and Posture",
        (INJURY,),
        ("posture", "teens"),
        "carrying heavy backpacks",
    ),
    _plain("2023-07-12", "Sun, Heat and Summer Workouts", (WELLNESS,), ("summer", "hydration"), "working out in heat"),
    _plain("2023-06-14", "What Is Dance Medicine?", (DANCE,), ("dance",), "dance medicine"),
    _plain(
        "2023-05-10",
        "Pelvic Floor Basics for Athletes",
        (ANATOMY,),
        ("pelvic floor", "core"),
        "the pelvic floor",
        author=THERAPIST,
    ),
    _plain("2023-01-11", "New Year, Gentle Start", (WELLNESS,), ("goals",), "easing into the new year"),
    _plain("2022-12-07", "Shoveling Snow Safely", (INJURY,), ("back", "winter"), "shoveling snow"),
    _plain(
        "2021-05-05",
        "Returning to the Studio After a Break",
        (DANCE, INJURY),
        ("dance",),
        "returning to class after time off",
    ),
    _plain("2021-05-19", "Jump Landing Mechanics", (DANCE, ANATOMY), ("knee", "dance"), "landing from jumps"),
    _plain(
        "2021-03-17",
        "Desk Setup for Working From Home",
        (INJURY,),
        ("posture", "ergonomics"),
        "a home workstation",
        figure=Photo("2021/03/laptop-on-kitchen-table.jpg", ""),
    ),
    _plain("2020-12-09", "Staying Active Through Winter", (WELLNESS,), ("winter",), "winter activity", alt=""),
    _plain(
        "2019-12-11",
        "Snow Days: Staying Safe & Warm",
        (INJURY, WELLNESS),
        ("winter",),
        "cold weather safety",
        alt="winter cold",
        related=("icy-sidewalks-and-your-ankles", "shoveling-snow-safely", "staying-active-through-winter"),
    ),
    _plain(
        "2019-12-04",
        "Gift Ideas for Active Loved Ones",
        (WELLNESS,),
        ("gifts",),
        "gifts for active people",
        image=False,
    ),
    _plain("2019-06-19", "Summer Intensive Prep", (DANCE,), ("dance", "summer"), "summer dance intensives"),
    _plain("2018-10-10", "Fall Sports and Knee Pain", (INJURY,), ("knee",), "knee pain in fall sports"),
    _plain(
        "2018-04-11",
        "Running Shoes: What Matters",
        (INJURY,),
        ("feet", "running"),
        "choosing running shoes",
        figure=Photo("2018/04/running-shoes-wall.jpg", None),
    ),
    _plain(
        "2018-01-10",
        "Resolutions Your Joints Will Thank You For",
        (WELLNESS,),
        ("goals",),
        "resolutions that protect your joints",
    ),
    Entry(
        day="2017-12-20",
        title="Office Closed for the Holidays",
        categories=(),
        tags=(),
        featured=None,
        body=(
            para(
                "Our clinic will be closed from December 23 through January 1 so our team can spend time with"
                " family. We will be back to our regular hours on January 2."
            ),
            para("Have a safe and happy holiday season!"),
        ),
    ),
    _plain(
        "2017-11-15",
        "Thanksgiving Walks and Why They Help",
        (WELLNESS,),
        ("walking",),
        "a walk after a big meal",
        alt="",
    ),
    _plain("2017-09-13", "Rotator Cuff 101", (ANATOMY,), ("shoulder",), "the rotator cuff"),
    _plain("2017-07-12", "Dancing in the Heat", (DANCE,), ("summer", "dance"), "dancing in hot studios"),
    _plain("2017-06-14", "Meet the Back In Step Team", (WELLNESS,), ("clinic",), "our team and how we work"),
    _plain("2017-05-10", "Shin Splints in Dancers", (DANCE, INJURY), ("shin", "dance"), "shin splints"),
    _plain("2017-04-12", "Why Warm-Ups Matter", (INJURY,), ("warm-up",), "warming up"),
    _plain(
        "2017-01-11",
        "Setting Realistic Fitness Goals",
        (WELLNESS,),
        ("goals",),
        "realistic fitness goals",
        image=False,
    ),
    Entry(
        day="2016-10-19",
        title="Welcome to the Back In Step Blog",
        categories=(),
        tags=tags("clinic"),
        featured="Back In Step Physical Therapy clinic",
        body=(
            para(
                "Welcome to our new blog! Here our physical therapists will share exercises, answer common"
                " questions and explain what is going on inside the body when something hurts."
            ),
            *prose("what this blog will cover", "welcome", paragraphs=2),
        ),
    ),
)

CONTENT_AUDIT_POSTS = (  # cases for the content audits: a repeated title, a long title with a redirecting link
    Entry(
        day="2019-06-26",
        title="Why Warm-Ups Matter",  # the title of the 2017-04-12 post again, as WordPress allows
        categories=(DANCE,),
        tags=tags("warm-up", "dance"),
        featured="Dancers warming up at the barre",
        body=prose("warming up before class", "warm-ups again"),
        slug="why-warm-ups-matter-2",
    ),
    Entry(
        day="2018-10-24",
        title="Ask a PT: Getting Back to Dance After an Ankle Sprain Without Losing Your Progress",
        categories=(DANCE, INJURY),
        tags=tags("ankle", "dance"),
        featured=None,
        body=(
            *prose("returning to dance after an ankle sprain", "ankle sprain return"),
            Para('Browse <a href="/blog/page/1/">all our posts</a> for more on ankles.'),  # answers 301 to /blog/
        ),
    ),
)
REDIRECTED_LINK = ("/blog/page/1/", "/blog/")  # the link in a CONTENT_AUDIT_POSTS body, and where it redirects

ENTRIES = (*EXERCISE_POSTS, *PLAIN_POSTS, *CONTENT_AUDIT_POSTS)

GHOST = _plain(
    "2018-02-14",
    "Icy Sidewalks and Your Ankles",
    (INJURY,),
    ("winter", "ankle"),
    "walking on ice",
    alt="icy sidewalk",
)

_PAGE_TEXT = (
    (5, "", "Welcome", "Back In Step Physical Therapy helps dancers, athletes and active adults move well."),
    (7, "about", "About", "Back In Step gives dancers and active people care from therapists who know how they move."),
    (9, "gallery", "Gallery", "A look inside our clinic, our classes and our outreach events."),
    (11, "services", "Services", "Orthopedic physical therapy, dance medicine, injury screens and wellness programs."),
    (13, "good-faith-estimate", "Good Faith Estimate", "Uninsured patients can ask for an estimate of their costs."),
    (15, "dance-medicine-services", "Dance Medicine Services", "Care for dancers of every style and level."),
    (17, "education", "Education", "Workshops and talks on injury prevention for studios and schools."),
    (19, "teacher-trainings", "Teacher Trainings", "Sessions that help dance teachers build safer classes."),
    (21, "dancer-programs", "Dancer Programs", "Screens, conditioning classes and pre-pointe assessments."),
    (23, "testimonials", "Testimonials", "What our patients say about working with us."),
    (25, "dance-med-spotlight-podcast", "Dance Med Spotlight Podcast", "Conversations with people who help dancers."),
    (27, "backstage-at-back-in-step", "Backstage at Back in Step", "News and stories from our clinic."),
    (31, "ebooks", "eBooks", "Free guides on warming up, cross-training and recovery."),
    (33, "our-favorite-things", "Our Favorite Things", "Tools and equipment our therapists recommend."),
    (35, "contact", "Contact", "Call (303) 960-2075 or email info@backinsteppt.com to schedule a visit."),
    (37, "media", "Media", "Articles, interviews and appearances featuring our team."),
)
PAGES = tuple(Page(wp_id, slug, title, (text,)) for wp_id, slug, title, text in _PAGE_TEXT)

UNLISTED = _plain(  # sent to new patients by email; the blog's listings, feed and sitemap leave it out
    "2025-06-04",
    "Your First Visit: What to Bring",
    (WELLNESS,),
    ("clinic",),
    "preparing for a first physical therapy visit",
    image=False,
)

REVISION = Revision(
    when=mountain(2025, 6, 12, 9, 30),
    edits={
        "pt-month-desk-posture-myths": (
            *DESK_POSTURE.body,
            para("Update: we added a short video on setting up your chair to our YouTube channel."),
        ),
        "side-plank-levels": (
            SIDE_PLANK_INTRO,
            ExerciseSet(
                Style.BOLD_LEVEL_PARAGRAPHS,
                (
                    Exercise(
                        SIDE_PLANK_LEVELS[0].name,
                        SIDE_PLANK_LEVELS[0].photo,
                        (*SIDE_PLANK_LEVELS[0].steps[:2], Step("Hold for 30 seconds.", hold=(30, 30))),
                        family=SIDE_PLANK_LEVELS[0].family,
                    ),
                    *SIDE_PLANK_LEVELS[1:],
                ),
            ),
            DISCLAIMER,
        ),
    },
    retitles={"january-2025-goals-that-stick": "January 2025 – Goals You Can Keep"},
    removals=("pt-month-growth-spurts-in-young-dancers",),
    additions=(
        _plain(
            "2025-06-11",
            "June 2025 – Summer Intensive Survival Guide",
            (DANCE,),
            ("dance", "summer"),
            "getting through a summer intensive",
        ),
    ),
    renames={"pt-month-cross-training-ideas": "cross-training-ideas"},
    unlisted=(UNLISTED,),
)

CATALOGUE = Catalogue(entries=ENTRIES, ghost=GHOST, revision=REVISION)
