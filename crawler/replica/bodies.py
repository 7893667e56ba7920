"""Post bodies as the block editor and the theme write them, in each of the exercise layouts."""

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


def _nested_lists(group: ExerciseSet, position: int, base: str) -> list[str]:
    """One item of an ordered list of exercises: the bold name, then the steps as a nested list."""
    exercise = group.exercises[position - 1]
    start = ["<ol>"] if position == 1 else []
    end = ["</ol>"] if position == len(group.exercises) else []
    item = [f"<li><strong>{wp_text(group.label(position))}</strong>", *_items("ul", exercise.steps), "</li>"]
    return [*start, *item, *end]


def _toggles(group: ExerciseSet, position: int, base: str) -> list[str]:
    """One Enfold toggle titled "Level N": the image and the steps inside its content."""
    exercise = group.exercises[position - 1]
    start = ["<div class='togglecontainer av-elegant-toggle'>"] if position == 1 else []
    end = ["</div>"] if position == len(group.exercises) else []
    toggle = [
        '<section class=\'av_toggle_section\' itemscope="itemscope" itemtype="https://schema.org/CreativeWork">',
        "<div role='tablist' class='single_toggle'>",
        (
            f"<p id='toggle-toggle-id-{position}' class='toggler' role='tab' tabindex='0'>{group.label(position)}"
            "<span class='toggle_icon'><span class='vert_icon'></span><span class='hor_icon'></span></span></p>"
        ),
        f"<div id='toggle-id-{position}' class='toggle_wrap' aria-labelledby='toggle-toggle-id-{position}'>",
        "<div class='toggle_content invers-color' itemprop=\"text\">",
        *_picture(exercise, base),
        *_items("ul", exercise.steps),
        "</div></div></div></section>",
    ]
    return [*start, *toggle, *end]


def _table_rows(group: ExerciseSet, position: int, base: str) -> list[str]:
    """One table row per exercise: the name, then the steps separated by <br>."""
    exercise = group.exercises[position - 1]
    head = ["<figure class='wp-block-table'><table>", "<thead><tr><th>Exercise</th>"]
    head += ["<th>How to do it</th></tr></thead>", "<tbody>"]
    end = ["</tbody></table></figure>"] if position == len(group.exercises) else []
    steps = "<br>\n".join(_step(step) for step in exercise.steps)
    row = [f"<tr><td>{wp_text(group.label(position))}</td>", f"<td>{steps}</td></tr>"]
    return [*(head if position == 1 else []), *row, *end]


STEP_LABELS = ("{n}.", "Step {word} –", "{n})", "Step #{n}:", "Step {n}.")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _labelled_steps(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h4>Name</h4>`, the image, then a paragraph per step after a bold label ("1.", "Step two –", "3)", ...)."""
    exercise = group.exercises[position - 1]
    steps = []
    for number, step in enumerate(exercise.steps, 1):
        label = STEP_LABELS[(number + position) % len(STEP_LABELS)].format(n=number, word=NUMBER_WORDS[number - 1])
        steps.append(f"<p><b>{wp_text(label)}</b> {_step(step)}</p>")
    return [f"<h4>{wp_text(group.label(position))}</h4>", *_picture(exercise, base), *steps]


def _variation_headings(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h5>Variation N</h5>`, the image in a paragraph left open, and list items left open, as old editors did."""
    exercise = group.exercises[position - 1]
    picture = [f"<p>{img(exercise.photo, base, 'aligncenter')}"] if exercise.photo else []
    items = [f"<li>{_step(step)}" for step in exercise.steps]
    return [f"<h5>{group.label(position)}</h5>", *picture, "<ul>", *items, "</ul>"]


def _framed_headings(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h2>Frame: Name</h2>`, the image, then the steps as an ordered list."""
    exercise = group.exercises[position - 1]
    return [f"<h2>{wp_text(group.label(position))}</h2>", *_picture(exercise, base), *_items("ol", exercise.steps)]


def _parent_levels(group: ExerciseSet, position: int, base: str) -> list[str]:
    """`<h3>Name</h3>` once before the first level, then `<h4>Level N</h4>`, the image and the steps as a list."""
    exercise = group.exercises[position - 1]
    parent = [f"<h3>{wp_text(exercise.name)}</h3>"] if position == 1 else []
    return [*parent, f"<h4>{group.label(position)}</h4>", *_picture(exercise, base), *_items("ul", exercise.steps)]


def _captioned_figures(group: ExerciseSet, position: int, base: str) -> list[str]:
    """A block-editor figure captioned with the exercise's name, then the steps as an ordered list."""
    exercise = group.exercises[position - 1]
    picture = img(exercise.photo, base, "aligncenter") if exercise.photo else ""
    figure = (
        f'<figure class="wp-block-image size-medium">{picture}'
        f'<figcaption class="wp-element-caption">{wp_text(group.label(position))}</figcaption></figure>'
    )
    return [figure, *_items("ol", exercise.steps)]


def _broken_markup(group: ExerciseSet, position: int, base: str) -> list[str]:
    """A hand-edited level: its label in a <strong> never closed, the image's <p> and every <li> left open, and a
    stray </span> after the first step."""
    exercise = group.exercises[position - 1]
    picture = [f"<p>{img(exercise.photo, base, 'aligncenter')}"] if exercise.photo else []
    first, *rest = exercise.steps
    items = [f"<li>{_step(first)}</span>", *(f"<li>{_step(step)}" for step in rest)]
    return [f"<p><strong>{group.label(position)}</p>", *picture, "<ul>", *items, "</ul>"]


_LAYOUTS: dict[Style, Callable[[ExerciseSet, int, str], list[str]]] = {
    Style.LEVELS_WITH_IMAGES: _levels_with_images,
    Style.BOLD_LEVEL_PARAGRAPHS: _bold_level_paragraphs,
    Style.BOLD_STEP_PARAGRAPHS: _bold_step_paragraphs,
    Style.NUMBERED_EXERCISES: _numbered_exercises,
    Style.STRETCHES: _stretches,
    Style.NESTED_LISTS: _nested_lists,
    Style.TOGGLES: _toggles,
    Style.TABLE_ROWS: _table_rows,
    Style.LABELLED_STEPS: _labelled_steps,
    Style.VARIATION_HEADINGS: _variation_headings,
    Style.FRAMED_HEADINGS: _framed_headings,
    Style.PARENT_LEVELS: _parent_levels,
    Style.CAPTIONED_FIGURES: _captioned_figures,
    Style.BROKEN_MARKUP: _broken_markup,
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
