"""The project as a user installs it: a wheel built from the sources, installed into a fresh virtual environment
by the pip that environment's Python brings (no upgrade: `make test` upgrades pip in .venv, a user may not).

No source tree is on that environment's path, so metadata.json and the plugin must come from the wheel, and every
dependency, including those only one code path imports (trafilatura's HTML cleaner), from pyproject.toml.
"""

from __future__ import annotations

import ensurepip
import json
import sys
from pathlib import Path

import httpx
import pytest

from crawler.replica import ReplicaServer
from tests.served import served_archive
from tests.wheels import ROOT, run

FALLBACK_PAGE = ROOT / "tests" / "pages" / "themes" / "no-content-area.html"  # only trafilatura finds its body
PARSE_FALLBACK = """
import json, sys
from pathlib import Path
from parsers.page import parse_page
post = parse_page(Path(sys.argv[1]).read_bytes(), "https://blog.example/2020/01/01/a-post/").post
print(json.dumps({"source": post.sources.get("body_text"), "body": post.body_text}))
"""


@pytest.mark.slow
def test_the_wheel_parses_crawls_audits_and_serves_from_a_fresh_environment(
    wheel: Path, tmp_path: Path, small_replica: ReplicaServer
) -> None:
    run([sys.executable, "-m", "venv", tmp_path / "env"], tmp_path)  # with the pip ensurepip bundles
    bin_dir = tmp_path / "env" / "bin"
    own_pip = run([bin_dir / "python", "-m", "pip", "--version"], tmp_path).stdout
    assert own_pip.startswith(f"pip {ensurepip.version()} "), own_pip
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], tmp_path)
    assert run([bin_dir / "python", "-m", "pip", "--version"], tmp_path).stdout == own_pip  # still not upgraded
    where = run([bin_dir / "python", "-c", "import crawler.web.metadata as m; print(m.METADATA_PATH)"], tmp_path).stdout
    assert where.startswith(str(tmp_path / "env")), where

    fallback = json.loads(run([bin_dir / "python", "-c", PARSE_FALLBACK, FALLBACK_PAGE], tmp_path).stdout)
    assert fallback["source"] == "trafilatura"
    assert fallback["body"].startswith("The night train from Vienna leaves just before ten")

    db_path = tmp_path / "archive.db"
    crawled = run(
        [bin_dir / "blog-archive", "crawl", small_replica.start_url, "--db", db_path, "--delay", "0"], tmp_path
    )
    assert crawled.stdout.startswith("run 1 ok: ")
    audited = run([bin_dir / "blog-archive", "audit", "--db", db_path], tmp_path)
    assert audited.stdout.startswith(f"Audit of {db_path}: ")
    assert "Broken links [broken-links]" in audited.stdout  # titles come from the installed metadata.json

    with served_archive(db_path, bin_dir / "blog-archive", cwd=tmp_path) as base_url:
        posts = httpx.get(f"{base_url}/archive/posts", timeout=10)
        plugins = httpx.get(f"{base_url}/-/plugins.json", timeout=10).json()
    assert posts.status_code == 200
    assert "One row per blog post" in posts.text  # the table's description from metadata.json
    assert "content-security-policy" in posts.headers  # the project's plugin is loaded
    assert "blog-archive" in {plugin["name"] for plugin in plugins}, plugins
