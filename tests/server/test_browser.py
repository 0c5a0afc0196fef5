"""The studio page in headless Chromium, driven by Debian's python3-selenium and
chromium-driver: a case across Easter worked by hand, a draft with a mistake at a known line,
and a screenshot of each view (kept under the build folder, in studio-screenshots/).

Skipped, with the reason, where Selenium, Chromium or its driver is missing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unittest
from pathlib import Path

from support import BUILD, RULESETS, Server

try:
    from selenium import webdriver
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait
    SELENIUM = None
except ImportError as error:  # not Debian's python3, or python3-selenium not installed
    SELENIUM = f"python3-selenium is not installed ({error})"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
SKIP_REASON = SELENIUM or (None if CHROMIUM else "chromium is not installed") or \
    (None if DRIVER else "chromium-driver is not installed")

SCREENSHOTS = BUILD / "studio-screenshots"


@unittest.skipIf(SKIP_REASON, SKIP_REASON or "")
class Studio(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.profile = tempfile.TemporaryDirectory(prefix="escalate-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", f"--user-data-dir={cls.profile.name}", "--window-size=1280,1600",
                     "--lang=en-GB"]:
            options.add_argument(flag)
        service = webdriver.ChromeService(executable_path=DRIVER) if hasattr(webdriver, "ChromeService") \
            else webdriver.chrome.service.Service(executable_path=DRIVER)
        cls.browser = webdriver.Chrome(service=service, options=options)
        cls.browser.set_page_load_timeout(30)
        cls.url = f"http://{cls.server.host}:{cls.server.port}/"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()
        cls.profile.cleanup()

    def wait(self, seconds=20):
        return WebDriverWait(self.browser, seconds)

    def open(self, view: str):
        self.browser.get(self.url + "#" + view)
        self.wait().until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")

    def screenshot(self, name: str):
        path = SCREENSHOTS / f"{name}.png"
        # The whole page: size the window to the document, then shoot.
        height = self.browser.execute_script("return document.documentElement.scrollHeight")
        width = self.browser.get_window_size()["width"]
        self.browser.set_window_size(width, min(max(height + 120, 600), 6000))
        self.assertTrue(self.browser.save_screenshot(str(path)))
        return path

    def set_date(self, element_id: str, iso: str):
        # A date field's typed form depends on the browser's locale; its value is ISO everywhere.
        field = self.browser.find_element(By.ID, element_id)
        self.browser.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, iso)
        self.assertEqual(field.get_attribute("value"), iso)

    def choose(self, element_id: str, value: str):
        Select(self.browser.find_element(By.ID, element_id)).select_by_value(value)

    def test_pathways_view_shows_flowchart_stages_and_source(self):
        self.browser.set_window_size(1280, 1600)
        self.open("pathways")
        self.choose("pathway-select", "wolverhampton")
        self.wait().until(lambda b: "Stages of wolverhampton" in b.find_element(By.ID, "pathway-detail").text)
        detail = self.browser.find_element(By.ID, "pathway-detail")
        self.assertIn("Stage 2: line managers / safeguarding leads", detail.text)
        self.assertIn("2 working days", detail.text)
        image = self.wait().until(lambda b: b.find_element(By.CSS_SELECTOR, "#pathway-detail img.flowchart"))
        self.wait().until(lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
        summary = detail.find_element(By.CSS_SELECTOR, "details.source summary")
        summary.click()
        self.wait().until(lambda b: '<pathway id="wolverhampton"' in detail.find_element(By.CSS_SELECTOR, "details.source code").text)
        self.screenshot("pathways")

    def test_a_case_across_easter(self):
        self.browser.set_window_size(1280, 1600)
        self.open("case")
        self.choose("case-pathway", "wolverhampton")
        self.wait().until(lambda b: len(Select(b.find_element(By.ID, "case-stage")).options) > 5)
        self.choose("case-stage", "stage-1")
        self.wait().until(lambda b: "unresolved" in [o.get_attribute("value") for o in Select(b.find_element(By.ID, "case-event")).options])
        self.choose("case-event", "unresolved")
        self.choose("case-subject", "child")
        # Worked by hand (tests/server/test_api.py, EASTER_CASE): the disagreement began
        # Wednesday 20 March 2024, Stage 1 ended unresolved on Wednesday 27 March; Stage 2's two
        # working days skip Good Friday, the weekend and Easter Monday: due Tuesday 2 April 2024.
        self.set_date("case-at", "2024-03-27")
        self.set_date("case-started", "2024-03-20")
        # Submitted from the keyboard.
        self.browser.find_element(By.ID, "case-started").send_keys(Keys.ENTER)
        due = self.wait().until(lambda b: b.find_element(By.ID, "answer-due"))
        self.assertEqual(due.get_attribute("data-date"), "2024-04-02")
        self.assertEqual(due.text, "Tue 2 Apr 2024")
        result = self.browser.find_element(By.ID, "case-result").text
        self.assertIn("Line Managers / Safeguarding Lead", result)
        self.assertIn("skipped: Good Friday", result)
        self.assertIn("skipped: Easter Monday", result)
        self.screenshot("case-calculator")

    def test_timeline(self):
        self.browser.set_window_size(1280, 1200)
        self.open("timeline")
        self.choose("timeline-pathway", "wolverhampton")
        self.set_date("timeline-start", "2024-03-20")
        self.browser.find_element(By.CSS_SELECTOR, "#timeline-form button[type=submit]").click()
        table = self.wait().until(lambda b: b.find_element(By.CSS_SELECTOR, "#timeline-result table"))
        # Stage 1: 5 working days from Wednesday 20 March 2024 is Wednesday 27 March.
        first = table.find_elements(By.CSS_SELECTOR, "tbody tr")[0]
        self.assertIn("Wed 27 Mar 2024", first.text)
        self.screenshot("timeline")

    def test_a_draft_with_a_mistake_shows_its_line(self):
        self.browser.set_window_size(1280, 1400)
        self.open("draft")
        lines = (RULESETS / "pathways" / "wolverhampton.xml").read_text().split("\n")
        index = next(i for i, line in enumerate(lines) if "<stage " in line and 'id="stage-2"' in line)
        lines[index] = lines[index].replace('tier="line-managers"', 'tier="line-manager"')
        with tempfile.TemporaryDirectory() as temp:
            draft = Path(temp) / "draft.xml"
            draft.write_text("\n".join(lines))
            self.browser.find_element(By.ID, "draft-file").send_keys(str(draft))
            self.wait().until(lambda b: b.find_element(By.ID, "draft-text").get_attribute("value").startswith("<?xml"))
        self.browser.find_element(By.CSS_SELECTOR, "#draft-form button[type=submit]").click()
        error = self.wait().until(lambda b: b.find_element(By.CSS_SELECTOR, "#draft-result ul.errors li"))
        self.assertEqual(error.get_attribute("data-line"), str(index + 1))
        self.assertIn(f"Line {index + 1}", error.text)
        self.assertIn("line-manager", error.text)
        marked = self.browser.find_element(By.CSS_SELECTOR, "#draft-result li.error-line")
        self.assertEqual(marked.get_attribute("value"), str(index + 1))
        self.screenshot("draft-checker-error")
        # The line link puts the cursor on the line in the editor.
        self.browser.find_element(By.CSS_SELECTOR, "#draft-result a.line-link").click()
        selected = self.browser.execute_script(
            "const a = document.getElementById('draft-text'); return a.value.substring(a.selectionStart, a.selectionEnd);")
        self.assertEqual(selected, lines[index])

        # Fixed, it compiles and is drawn.
        text = self.browser.find_element(By.ID, "draft-text")
        self.browser.execute_script("arguments[0].value = arguments[1];", text,
                                    (RULESETS / "pathways" / "wolverhampton.xml").read_text())
        self.browser.find_element(By.CSS_SELECTOR, "#draft-form button[type=submit]").click()
        ok = self.wait().until(lambda b: b.find_element(By.CSS_SELECTOR, "#draft-result p.ok"))
        self.assertIn("pathway wolverhampton", ok.text)
        image = self.browser.find_element(By.CSS_SELECTOR, "#draft-result img.flowchart")
        self.wait().until(lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
        self.screenshot("draft-checker-valid")

    def test_phone_width_and_keyboard(self):
        self.browser.set_window_size(390, 900)
        self.open("case")
        # Nothing but the tables' own scrolling regions is wider than the screen.
        overflow = self.browser.execute_script(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
        self.assertFalse(overflow)
        # Every form control has a label.
        unlabelled = self.browser.execute_script(
            "return [...document.querySelectorAll('input, select, textarea')]"
            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id)")
        self.assertEqual(unlabelled, [])
        # The views are reached from the keyboard: Tab to the navigation, Enter on a link.
        self.browser.execute_script("document.querySelector('a.skip').focus()")
        # From the skip link at the top of the page, the navigation's links in order.
        tabbed = []
        for _ in range(6):
            ActionChains(self.browser).send_keys(Keys.TAB).perform()
            tabbed.append(self.browser.switch_to.active_element.get_attribute("id"))
            if tabbed[-1] == "nav-timeline":
                break
        self.assertEqual(tabbed, ["nav-pathways", "nav-case", "nav-timeline"])
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "nav-timeline")
        self.browser.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait().until(lambda b: b.find_element(By.ID, "view-timeline").is_displayed())
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "timeline-heading")
        self.open("case")
        self.screenshot("case-calculator-phone")


if __name__ == "__main__":
    unittest.main()
