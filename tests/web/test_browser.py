"""A real browser: serve ``itsim web``, load it in headless Chromium, move a lever, press Run
and read the KPI cards, as a user would. The screenshots are kept under ``test-artifacts/web/``
(not committed) for a person to look at.

Chromium and its driver come from Debian (``chromium``, ``chromium-driver``; ``.ci/run``
installs them). Without them the test is skipped, except in CI, where it must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from itsim.results.catalog import label
from tests.conftest import ROOT
from tests.web.serving import START_TIMEOUT_S, itsim_web

pytest.importorskip("streamlit")
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("ITSIM_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "web"
RUN_TIMEOUT_S = 240


def _require_browser() -> None:
    if Path(CHROMIUM).exists() and Path(DRIVER).exists():
        return
    message = (f"no Chromium ({CHROMIUM}) or chromedriver ({DRIVER}): "
               "apt-get install chromium chromium-driver")  # fmt: skip
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must run the browser test)")
    pytest.skip(message)


@pytest.fixture
def served_app(tmp_path: Path) -> Iterator[str]:
    """``itsim web`` on a free port of 127.0.0.1, stopped after the test."""
    _require_browser()
    with itsim_web(tmp_path) as (url, _server):
        yield url


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium driven through Debian's chromedriver (nothing is downloaded)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1500,2200"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER),
                              options=options)  # fmt: skip
    try:
        yield driver
    finally:
        driver.quit()


def _screenshot(driver: webdriver.Chrome, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def _by_key(key: str) -> tuple[str, str]:
    """Streamlit marks an element created with ``key=`` by the class ``st-key-<key>``."""
    return By.CSS_SELECTOR, f".st-key-{key}"


def test_move_a_lever_run_and_read_the_cards(served_app: str, browser: webdriver.Chrome) -> None:
    try:
        _move_a_lever_and_run(served_app, browser)
    except BaseException:
        _screenshot(browser, "failed")
        raise


def _move_a_lever_and_run(url: str, browser: webdriver.Chrome) -> None:
    wait = WebDriverWait(browser, START_TIMEOUT_S)
    browser.get(url)
    days = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".st-key-days input")))
    days.send_keys("28", Keys.ENTER)  # a short horizon keeps the test quick
    # the slider's keyboard control is a visually hidden range input: focus it, press keys
    slider_css = ".st-key-baseline-headcount-desk input[type='range']"
    slider = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, slider_css)))
    start = _slider_value(browser, slider_css)
    browser.execute_script("arguments[0].focus()", slider)
    ActionChains(browser).send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT).perform()  # two fewer
    wait.until(lambda d: _slider_value(d, slider_css) == start - 2)
    _screenshot(browser, "before-run")
    browser.find_element(*_by_key("run")).find_element(By.TAG_NAME, "button").click()
    card = WebDriverWait(browser, RUN_TIMEOUT_S).until(
        ec.visibility_of_element_located(_by_key("card-wait_hours_mean"))
    )
    WebDriverWait(browser, RUN_TIMEOUT_S).until(lambda d: "vs base" in card.text)
    _screenshot(browser, "after-run")
    assert label("wait_hours_mean") in card.text
    assert "95% CI ±" in card.text
    labels = [
        m.text for m in browser.find_elements(By.CSS_SELECTOR, "[data-testid='stMetricLabel']")
    ]
    assert label("utilisation_desk") in labels and "SLA resolve P1" in labels
    utilisation = browser.find_element(*_by_key("card-utilisation_desk")).text
    assert "+" in utilisation.split("vs base")[0]  # two analysts fewer: a busier desk


def _slider_value(driver: webdriver.Chrome, css: str) -> int:
    """The slider's value now (Streamlit redraws the thumb, so it is looked up afresh)."""
    return int(driver.find_element(By.CSS_SELECTOR, css).get_attribute("value") or 0)
