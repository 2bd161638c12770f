"""Take the README's screenshots: a cited answer, a declined answer and the principle finder, at
1366 px and 390 px wide, in light and dark mode (docs/screens/).

Run: .venv/bin/python scripts/screenshots.py  (needs the index: guide-assistant ingest)
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from guide_assistant.app.server import create_app, launch
from guide_assistant.settings import Settings

SCREENS = Path(__file__).resolve().parents[1] / "docs" / "screens"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def _ask(page, question: str, wait_for: str) -> None:
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('#chat').innerText.includes({wait_for!r})",
                           timeout=60_000)
    page.wait_for_timeout(600)


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings()  # the real index and question encoder; ratings go to a scratch folder
    scratch = Path(tempfile.mkdtemp(prefix="guide-shots-"))
    (scratch / "onnx").symlink_to(settings.data_dir.resolve() / "onnx")
    settings = settings.with_overrides(index_dir=settings.index_path, port=port, data_dir=scratch)
    blocks = create_app(settings)
    blocks.queue()
    launch(blocks, settings, prevent_thread_lock=True)
    SCREENS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for width_name, (width, height) in WIDTHS.items():
            for mode in ("light", "dark"):
                page = browser.new_page(viewport={"width": width, "height": height},
                                        color_scheme=mode)
                page.goto(f"http://127.0.0.1:{port}/?__theme={mode}")
                page.wait_for_selector("#question textarea")
                name = f"{width_name}-{mode}"
                page.screenshot(path=str(SCREENS / f"{name}-landing.png"))
                _ask(page, "How do we make the change last?", "[1]")
                page.locator("#chat a.cite").first.click()
                page.wait_for_timeout(600)
                page.screenshot(path=str(SCREENS / f"{name}-cited-answer.png"))
                page.click("#new-conversation")
                # The next question is typed once the chat is empty, not into a clear under way.
                page.wait_for_function("!document.querySelector('#chat a.cite')", timeout=30_000)
                _ask(page, "What are the current A&E waiting time targets?", "You could ask")
                page.screenshot(path=str(SCREENS / f"{name}-declined-answer.png"))
                page.get_by_role("tab", name="Principle finder").click()
                page.wait_for_selector("#finder h2")
                page.wait_for_timeout(300)
                page.screenshot(path=str(SCREENS / f"{name}-principle-finder.png"), full_page=True)
                page.close()
        browser.close()
    blocks.close()
    print(f"screenshots written to {SCREENS}")


if __name__ == "__main__":
    main()
