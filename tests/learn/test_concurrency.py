"""Two tabs and double clicks against the real server: progress is recorded once."""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

from sqlalchemy import func, select

from app.models import Enrolment, ModuleCompletion, QuizAttempt, SectionRead
from tests.factories import DEFAULT_PASSWORD
from tests.learn.conftest import RIGHT
from tests.live_server import LiveServer

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """A cookie-keeping HTTP client, enough to sign in and post forms with their CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]], token: str) -> int:
        body = urllib.parse.urlencode([("csrf_token", token), *fields]).encode()
        with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
            return response.status


def test_concurrent_submissions_from_two_tabs_record_one_completion(
    db, make_user, course_tree, database_url, tmp_path
):
    user = make_user()
    server = LiveServer(
        database_url,
        tmp_path / "instance",
        {"COURSES_PATH": str(course_tree.courses), "BADGES_PATH": str(course_tree.badges)},
    ).start()
    try:
        browser = Browser(server.url)
        token = TOKEN.search(browser.get("/sign-in")).group(1)
        browser.post("/sign-in", [("email", user.email), ("password", DEFAULT_PASSWORD)], token)
        module = "/learn/courses/test-course/first"
        page = browser.get(f"{module}/check")
        token = TOKEN.search(page).group(1)
        answers = [(name, key) for name, keys in RIGHT.items() for key in keys]
        statuses, barrier = [], threading.Barrier(6, timeout=30)

        def read_and_submit(number: int) -> None:
            barrier.wait()
            browser.get(f"{module}/{number % 2 + 1}")
            statuses.append(browser.post(f"{module}/check", answers, token))

        threads = [threading.Thread(target=read_and_submit, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    assert statuses == [200] * 6

    def count(model):
        return db.scalar(select(func.count()).select_from(model))

    assert count(Enrolment) == 1
    assert count(SectionRead) == 2
    assert count(QuizAttempt) == 6
    assert count(ModuleCompletion) == 1
