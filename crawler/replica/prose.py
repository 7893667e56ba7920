"""Deterministic filler prose for posts, written for the replica from a bank of sentences."""

from __future__ import annotations

import random

from crawler.replica.model import Block, Figure, Photo, para

OPENERS = (
    "This month we are taking a closer look at {topic}.",
    "Questions about {topic} come up in our clinic nearly every week, so here are our answers in one place.",
    "Whether you dance, run or mostly sit at a desk, {topic} shapes how you feel from day to day.",
    "Here is what our physical therapists would like you to know about {topic}.",
    "{Topic} sounds simple until you start looking at the details.",
    "We often get asked about {topic}, and the short answer is that it depends on the person.",
)

MIDDLES = (
    "Muscles adapt to the demands we place on them most often, so everyday habits matter.",
    "A few minutes of preparation before class can change how the whole session feels.",
    "Slow, controlled repetitions teach the body more than fast, careless ones.",
    "Joints tend to feel better when the muscles around them share the work evenly.",
    "Soreness that fades within a day or two is usually a normal response to new work.",
    "Sharp pain, swelling or pain that changes how you move deserves a closer look.",
    "Sleep is when much of the repair from training actually happens.",
    "Drinking enough water matters even more at Colorado's altitude.",
    "Young dancers grow quickly, and their flexibility can change from one month to the next.",
    "Strength and flexibility work best when they are trained together.",
    "Breathing steadily helps the deep core muscles do their job.",
    "Small changes to a workstation can take a lot of strain off the neck and back.",
    "Recovery days are part of the plan, not a break from it.",
    "It is common for one side of the body to feel different from the other.",
    "Progress usually comes from consistent, moderate effort over several weeks.",
    "Good technique depends on having enough strength in the right places.",
    "The hips, knees and ankles work as a team, so trouble in one often shows up in another.",
    "Shoes, floors and surfaces all change the load on the feet and legs.",
    "Balance is a skill, and like any skill it improves with practice.",
    "A physical therapist can help you sort out which kind of discomfort is which.",
    "Stiffness first thing in the morning often eases once you start moving.",
    "Cross-training keeps the body ready for demands that a single activity misses.",
    "Rushing back after an injury is one of the most common reasons it returns.",
    "Posture is less about holding one perfect position and more about changing positions often.",
    "Stress and fatigue can make muscles feel tighter than they really are.",
    "The goal is to move well for years, not just to get through the next performance.",
    "Every body is different, so a plan that works for a friend may need changes for you.",
    "Warming up gradually raises tissue temperature and prepares the nervous system.",
    "Gentle movement often helps more than complete rest for everyday aches.",
    "Keeping a short log of what you did and how you felt makes patterns easier to spot.",
)

CLOSERS = (
    "If you have questions, our team is always happy to help.",
    "Give these ideas a try this week and notice what changes.",
    "Reach out to us if anything here does not feel right for your body.",
    "We will keep building on this topic in future posts.",
)


def _capitalised(text: str) -> str:
    """The text with its first letter upper-cased."""
    return text[:1].upper() + text[1:]


def prose(topic: str, key: str, paragraphs: int = 3, figure: Photo | None = None) -> tuple[Block, ...]:
    """A short article about `topic`; the same key always gives the same words."""
    chooser = random.Random(key)
    opener = chooser.choice(OPENERS).format(topic=topic, Topic=_capitalised(topic))
    blocks: list[Block] = []
    for index in range(paragraphs):
        sentences = chooser.sample(MIDDLES, 4 if index == 0 else 3)
        if index == 0:
            sentences.insert(0, opener)
        if index == paragraphs - 1:
            sentences.append(chooser.choice(CLOSERS))
        blocks.append(para(" ".join(sentences)))
        if index == 0 and figure is not None:
            blocks.append(Figure(figure))
    return tuple(blocks)
