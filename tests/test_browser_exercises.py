"""The exercise catalogue and a family's page in Chromium, as a researcher uses them: facets narrow the catalogue,
a family opens its levels with their pictures; both read for people. Screenshots land in tests/artifacts/
(docs/screenshots/exercise_catalogue.png and exercise_family.png are copies of them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browsing import Tab
from tests.served import served_archive
from tests.support import Crawled, copy_archive
from tests.test_browser_pages import Served, assert_reads_for_people

pytestmark = pytest.mark.browser

FACET_NAMES = ["body position", "muscles", "equipment", "kind"]


@pytest.fixture(scope="module")
def served(week_later: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db_path = copy_archive(week_later.db_path, tmp_path_factory.mktemp("browser-exercises") / "archive.db")
    with served_archive(db_path) as base_url:
        yield Served(base_url, db_path.stem)


def test_the_catalogue_narrows_by_its_facets_and_exports_flat(tab: Tab, served: Served) -> None:
    tab.open(f"{served.base_url}/{served.database}/exercise_catalogue")
    assert_reads_for_people(tab, "Exercise catalogue")
    names = [" ".join(text.split()[:-1]) for text in tab.page.locator(".facet-info-name strong").all_inner_texts()]
    assert sorted(names) == sorted(FACET_NAMES)  # each followed by its count of values
    assert tab.page.locator("a.flat-csv").get_attribute("href") == "exercise_steps_flat.csv?_stream=on&_size=max"
    tab.screenshot("exercise_catalogue.png", full_page=False)
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("#facet-equipment a", has_text="band").first.click()
    equipment = tab.page.locator("table.rows-and-columns td.col-equipment").all_inner_texts()
    assert equipment and all("band" in cell.split(", ") for cell in equipment)
    assert tab.problems == []


def test_a_family_opens_its_levels_with_their_pictures_and_steps(tab: Tab, served: Served) -> None:
    tab.open(f"{served.base_url}/{served.database}/exercise_families")
    assert_reads_for_people(tab, "Exercise families")
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("td.col-family a", has_text="clamshell").click()
    assert_reads_for_people(tab, "Exercise family: Clamshell")
    cards = tab.page.locator(".exercise-card")
    assert cards.locator("h3").all_inner_texts() == [
        *(f"Clamshell, Level {level}" for level in range(1, 6)),
        "Clam shell",
    ]  # 2019's five levels, then 2024's
    tab.load_images()
    assert cards.locator("img").evaluate_all(
        "images => images.every(image => image.complete && image.naturalWidth > 0)"
    )
    assert cards.nth(0).locator("ol.exercise-steps li").count() == 4
    assert tab.page.locator(".crumbs a").all_inner_texts() == ["home", served.database, "Exercise families"]
    tab.screenshot("exercise_family.png", full_page=False)
    assert tab.problems == []
