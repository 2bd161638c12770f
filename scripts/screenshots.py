"""Take the README's screenshots: a cited answer, a declined answer, the principle finder.

Run: .venv/bin/python scripts/screenshots.py  (needs the index: guide-assistant ingest)
"""

from __future__ import annotations

import socket
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.server import create_app
from app.ui import CSS
from guide_assistant.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings()  # the real index; feedback goes to a scratch folder
    settings = settings.with_overrides(index_dir=settings.index_path,
                                       data_dir=Path("/tmp/guide-screenshots"))
    blocks = create_app(settings)
    blocks.queue()
    blocks.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                  css=CSS, ssr_mode=False)
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#question textarea")
        page.fill("#question textarea", "How do we make the change last?")
        page.keyboard.press("Enter")
        page.wait_for_selector("#sources mark")
        page.fill("#question textarea", "And does involving people early help?")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('#chat .message-row').length >= 4")
        page.wait_for_selector("#sources mark")
        page.wait_for_timeout(500)
        page.screenshot(path=str(DOCS / "cited-answer.png"))
        page.click("#new-conversation")
        page.fill("#question textarea", "What are the current A&E waiting time targets?")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#chat').innerText.includes(\"don't cover\")")
        page.wait_for_timeout(500)
        page.screenshot(path=str(DOCS / "declined-answer.png"))
        page.get_by_role("tab", name="Principle finder").click()
        page.wait_for_selector("#finder h2")
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / "principle-finder.png"), full_page=True)
        browser.close()
    blocks.close()
    print(f"screenshots written to {DOCS}")


if __name__ == "__main__":
    main()
