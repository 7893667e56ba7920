"""The parse pool: forked workers in a process with no other thread, spawned ones beside threads, same pages either way."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.pages import default_workers, parse_html_response, usable_cores

PAGE = b"""<!DOCTYPE html><html><head><title>Hip bridges | Back In Step</title></head>
<body class="single single-post"><article class="post"><h1 class="entry-title">Hip bridges</h1>
<div class="entry-content"><p>Lie on your back.</p><a href="/blog/">Blog</a></div></article></body></html>"""
URL = "http://127.0.0.1/2020/05/hip-bridges/"

IN_CHILD = """
import fcntl, json, sys, threading
from crawler.pages import parse_html_response, parse_pool, worker_start_method
if sys.argv[1] == "thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
method = worker_start_method().get_start_method()
pool = parse_pool(2)
lock = open(sys.argv[2], "a+")
fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken after the pool started: its workers must not share it
page = pool.submit(parse_html_response, sys.stdin.buffer.read(), "text/html; charset=utf-8", sys.argv[3]).result()
print(json.dumps({"method": method, "title": page.title, "links": [link.target_url for link in page.links]}))
sys.stdout.flush()
if sys.argv[4] == "hold":
    threading.Event().wait()  # killed by the test while its workers run
pool.shutdown()
"""


def parse_in_child(threads: str, lock_path: Path) -> dict[str, object]:
    """Parse PAGE in the parse pool of a fresh interpreter, with or without another thread running."""
    done = subprocess.run(
        [sys.executable, "-c", IN_CHILD, threads, str(lock_path), URL, "exit"],
        input=PAGE,
        capture_output=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_single_threaded_process_forks_its_workers_and_they_parse_as_this_process_does(tmp_path: Path) -> None:
    expected = parse_html_response(PAGE, "text/html; charset=utf-8", URL)
    result = parse_in_child("none", tmp_path / "lock")
    assert result == {"method": "fork", "title": expected.title, "links": [link.target_url for link in expected.links]}


def test_a_process_running_threads_spawns_its_workers(tmp_path: Path) -> None:
    assert parse_in_child("thread", tmp_path / "lock")["method"] == "spawn"


def test_forked_workers_hold_no_lock_taken_after_the_pool_started(tmp_path: Path) -> None:
    lock_path = tmp_path / "lock"
    command = [sys.executable, "-c", IN_CHILD, "none", str(lock_path), URL, "hold"]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(PAGE)
    child.stdin.close()
    with child.stdout:
        assert json.loads(child.stdout.readline())["method"] == "fork"
    child.send_signal(signal.SIGKILL)  # its workers live on until they notice, half a second at most
    child.wait(timeout=10)
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError if a worker shared the killed crawl's lock


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (4, 3), (8, 7)])
def test_the_crawl_keeps_a_core_for_itself(cores: int, workers: int) -> None:
    assert default_workers(cores) == workers


def test_by_default_the_workers_use_the_cores_this_process_may_run_on() -> None:
    assert usable_cores() == len(os.sched_getaffinity(0))
    assert default_workers() == max(1, usable_cores() - 1)


LOADS_IN_WORKERS = """
import sys
from crawler.crawl.run import crawl_site
from crawler.pages import parse_pool
def has_parsers():
    return "parsers.exercises" in sys.modules
pool = parse_pool(1)
loaded = pool.submit(has_parsers).result()  # queued behind the warm-up
print("parsers.exercises" in sys.modules, loaded)
pool.shutdown()
"""


def test_the_parsers_load_in_the_workers_not_in_the_crawls_own_process() -> None:
    """The crawl's process only fetches and stores: the parsers' import (their compiled patterns) is the workers'."""
    shown = subprocess.run([sys.executable, "-c", LOADS_IN_WORKERS], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["False", "True"]
