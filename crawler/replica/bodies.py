"""Post bodies as the block editor and the theme write them, in each of the five exercise layouts."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from crawler.replica.model import (
    Block,
    Bullets,
    Exercise,
    ExerciseSet,
    Figure,
    Heading,
    Para,
    Photo,
    Post,
    Step,
    Style,
    wp_text,
)

_TAG = re.compile(r"<[^>]+>")


def img(photo: Photo, base: str, align: str) -> str:
    """A medium-size inline image with its srcset; no alt attribute when the photo has none."""
    medium, original = base + photo.path("300x200"), base + photo.path()
    alt = "" if photo.alt is None else f' alt="{html.escape(photo.alt)}"'
    return (
        f'<img loading="lazy" decoding="async" class="{align} size-medium wp-image-{photo.attachment_id}"'
        f' src="{medium}"{alt} width="300" height="200" srcset="{medium} 300w, {original} 1200w"'
        ' sizes="(max-width: 300px) 100vw, 300px" />'
    )


def _picture(exercise: Exercise, base: str) -> list[str]:
    """The exercise's image in its own paragraph, if it has one."""
    return [f"<p>{img(exercise.photo, base, 'aligncenter')}</p>"] if exercise.photo else []


def _step(step: Step) -> str:
    """A step's text as the editor left it."""
    return ("&nbsp;" if step.padded else "") + wp_text(step.text)


def _items(tag: str, steps: tuple[Step, ...]) -> list[str]:
    """Steps as a ul or ol list."""
    return [f"<{tag}>", *(f"<li>{_step(step)}</li>" for step in steps), f"</{tag}>"]


def _levels_with_images(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h3>Level N<img></h3>`, a spacer paragraph, then the steps as a list."""
    exercise = group.exercises[position - 1]
    picture = img(exercise.photo, base, "alignright") if exercise.photo else ""
    return [f"<h3>{group.label(position)}{picture}</h3>", "<p>&nbsp;</p>", *_items("ul", exercise.steps)]


def _bold_level_paragraphs(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<p><strong>Level N</strong></p>`, the image, then the steps as a list."""
    exercise = group.exercises[position - 1]
    heading = f"<p><strong>{group.label(position)}</strong></p>"
    return [heading, *_picture(exercise, base), *_items("ul", exercise.steps)]


def _bold_step_paragraphs(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h3>Name</h3>`, the image, then one `<p><strong>Step N:</strong> …</p>` per step."""
    exercise = group.exercises[position - 1]
    steps = [f"<p><strong>Step {number}:</strong> {_step(step)}</p>" for number, step in enumerate(exercise.steps, 1)]
    return [f"<h3>{wp_text(group.label(position))}</h3>", *_picture(exercise, base), *steps]


def _numbered_exercises(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h3>Exercise N: Name</h3>`, the image, then the steps as an ordered list."""
    exercise = group.exercises[position - 1]
    return [f"<h3>{wp_text(group.label(position))}</h3>", *_picture(exercise, base), *_items("ol", exercise.steps)]


def _stretches(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h3>Stretch #N: Name</h3>`, the image, then a paragraph per step, the last in italics."""
    exercise = group.exercises[position - 1]
    *steps, last = exercise.steps
    paragraphs = [f"<p>{_step(step)}</p>" for step in steps] + [f"<p><em>{_step(last)}</em></p>"]
    return [f"<h3>{wp_text(group.label(position))}</h3>", *_picture(exercise, base), *paragraphs]


_LAYOUTS: dict[Style, Callable[[ExerciseSet, int, str], list[str]]] = {
    Style.LEVELS_WITH_IMAGES: _levels_with_images,
    Style.BOLD_LEVEL_PARAGRAPHS: _bold_level_paragraphs,
    Style.BOLD_STEP_PARAGRAPHS: _bold_step_paragraphs,
    Style.NUMBERED_EXERCISES: _numbered_exercises,
    Style.STRETCHES: _stretches,
}


def _block(block: Block, base: str) -> list[str]:
    """The lines of HTML for one block."""
    if isinstance(block, Para):
        picture = img(block.photo, base, "alignright") if block.photo else ""
        return [f"<p>{block.html}{picture}</p>"]
    if isinstance(block, Heading):
        return [f"<h{block.level}>{wp_text(block.text)}</h{block.level}>"]
    if isinstance(block, Bullets):
        return ["<ul>", *(f"<li>{wp_text(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, Figure):
        return [f"<p>{img(block.photo, base, 'aligncenter')}</p>"]
    layout = _LAYOUTS[block.style]
    return [line for position in range(1, len(block.exercises) + 1) for line in layout(block, position, base)]


def body_html(post: Post, base: str) -> str:
    """The inside of the post's `div.entry-content`."""
    return "\n".join(line for block in post.body for line in _block(block, base))


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, as a browser's textContent gives it."""
    return html.unescape(_TAG.sub("", fragment))


def word_count(fragment: str) -> int:
    """Whitespace-separated words in the text of an HTML fragment."""
    return len(plain_text(fragment).split())
