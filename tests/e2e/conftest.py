"""The end-to-end harness: the bot, Microsoft's Teams emulator, and headless Chromium driving it.

Session fixtures start the bot (anonymous local mode, a fresh SQLite database with the demo) and
the Microsoft 365 Agents Playground (installed by `npm ci` in this folder), then Playwright drives
Debian's Chromium. Every process started here is stopped at the end; a failing test leaves a
screenshot and the logs in `e2e-artifacts/` at the top of the repository.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
ARTIFACTS = ROOT / "e2e-artifacts"
PLAYGROUND = HERE / "node_modules" / ".bin" / "agentsplayground"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TODAY = "2026-12-03"
SCREENSHOTS = os.environ.get("EEBOT_E2E_SCREENSHOTS", "")
"""When set, scenarios save their pictures for the README into this folder."""

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process and everything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="package")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the database, the logs and the playground's configuration (as Alex Wilber)."""
    folder = tmp_path_factory.mktemp("e2e")
    ARTIFACTS.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="package")
def bot_endpoint(workdir: Path) -> Iterator[str]:
    """The bot serving the demo on a free port, in anonymous local mode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EEBOT_")}
    env.update(
        EEBOT_DATABASE_URL=f"sqlite:///{workdir / 'e2e.db'}", EEBOT_DEV_ANONYMOUS="1",
        EEBOT_TODAY=TODAY, EEBOT_HOST="127.0.0.1",
    )
    eebot = [sys.executable, "-m", "bot.cli"]
    subprocess.run([*eebot, "demo"], env=env, check=True, capture_output=True, cwd=workdir)
    port = free_port()
    log = workdir / "bot.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*eebot, "serve", "--port", str(port)], env=env, cwd=workdir, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/readyz", process, log)
        yield f"http://127.0.0.1:{port}/api/messages"
    finally:
        stop(process)
        shutil.copy(log, ARTIFACTS / "bot.log")


def start_playground(workdir: Path, bot_endpoint: str, person: str) -> Iterator[str]:
    """Microsoft's Teams emulator pointed at the bot, as one demo person; its address."""
    if not PLAYGROUND.exists():
        raise RuntimeError(f"{PLAYGROUND} is missing: run `npm ci` in {HERE} (make test does)")
    folder = workdir / person
    folder.mkdir(exist_ok=True)
    shutil.copy(ROOT / "deploy" / "playground" / f"{person}.yml",
                folder / ".m365agentsplayground.yml")
    port = free_port()
    log = folder / "playground.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(PLAYGROUND), "start", "-e", bot_endpoint, "-c", "msteams", "-p", str(port),
             "--dt"],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)
        shutil.copy(log, ARTIFACTS / f"playground-{person}.log")


@pytest.fixture(scope="package")
def playground(workdir: Path, bot_endpoint: str) -> Iterator[str]:
    """The emulator as Alex Wilber, an SIA whose caseload includes Whitgreave."""
    yield from start_playground(workdir, bot_endpoint, "alex-wilber")


@pytest.fixture(scope="package")
def head_playground(workdir: Path, bot_endpoint: str) -> Iterator[str]:
    """A second emulator as Adele Vance, the headteacher of Whitgreave Primary School."""
    yield from start_playground(workdir, bot_endpoint, "adele-vance")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright: never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError("chromium is missing: apt-get install chromium (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def open_tab(
    browser: Browser, address: str, request: pytest.FixtureRequest, who: str
) -> Iterator[Chat]:
    tab = browser.new_page(viewport={"width": 1400, "height": 1100})
    tab.goto(address)
    tab.locator("div[role=textbox][data-lexical-editor=true]").first.wait_for()
    yield Chat(tab)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{who}.png"), full_page=True)
    tab.close()


@pytest.fixture
def page(browser: Browser, playground: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab on the playground; on failure its screenshot is kept in e2e-artifacts/."""
    for opened in open_tab(browser, playground, request, "advisor"):
        yield opened.page


class Chat:
    """A person at the playground: opens a conversation, types, presses buttons, reads cards."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.channel = False

    def open(self, name: str) -> None:
        """Personal Chat, Group Chat, or a channel such as General."""
        self.page.get_by_text(name, exact=True).first.click()
        self.channel = name not in ("Personal Chat", "Group Chat")
        self.page.wait_for_timeout(500)

    def mock(self, item: str) -> None:
        """Send one of the playground's mock activities (install, uninstall, add user, ...)."""
        self.page.get_by_text("Mock an Activity").click()
        self.page.get_by_text(item, exact=True).click()
        self.page.get_by_role("button", name="Send activity").click()
        self.page.wait_for_timeout(700)

    @property
    def cards(self) -> Locator:
        return self.page.locator(".ac-adaptiveCard")

    def last_card(self) -> Locator:
        return self.cards.last

    def wait_for_card(self, containing: str, seconds: float = 15) -> Locator:
        """The newest card showing some text, waiting for it to arrive."""
        card = self.cards.filter(has_text=containing).last
        card.wait_for(timeout=seconds * 1000)
        return card

    def wait_until(self, condition: Callable[[], bool], what: str, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {seconds:.0f} s for {what}")
            self.page.wait_for_timeout(100)

    def ask(self, text: str, *, mention: bool = False, expect: str) -> Locator:
        """Type a message (@mentioning the bot if asked) and return the card answering it."""
        before = self.cards.filter(has_text=expect).count()
        box = self.page.locator("div[role=textbox][data-lexical-editor=true]").first
        box.click()
        if mention:
            self.page.keyboard.type("@")
            menu = self.page.get_by_label("Typeahead menu")
            menu.get_by_text("eebot", exact=True).click()
            self.page.keyboard.type(" ")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        answers = self.cards.filter(has_text=expect)
        self.wait_until(lambda: answers.count() > before, f"a card showing {expect!r}")
        return answers.last if not self.channel else answers.first

    def press(self, card: Locator, button: str, *, expect: str) -> Locator:
        """Press a card's button and return the card that replaces it in place."""
        card.get_by_role("button", name=button).click()
        replaced = self.cards.filter(has_text=expect)
        replaced.last.wait_for(timeout=15_000)
        return replaced.last

    def picture(self, name: str) -> None:
        """Save the page for the README when EEBOT_E2E_SCREENSHOTS names a folder."""
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


@pytest.fixture
def chat(page: Page) -> Chat:
    return Chat(page)


@pytest.fixture
def head_chat(
    browser: Browser, head_playground: str, request: pytest.FixtureRequest
) -> Iterator[Chat]:
    """Adele Vance at her own emulator, in another tab."""
    yield from open_tab(browser, head_playground, request, "head")
