"""The query page, as a researcher meets it: headless Chromium opens `/`, picks an example from the menu,
runs it, and sees the same rows the store gives; nothing is fetched from anywhere but our server.

The browser test needs Debian's Chromium (driven by Playwright's Python package through `executable_path`,
no `playwright install`) and the vendor files from `make assets`; it skips without them on a laptop and fails
under CI=true. The page-content tests below it run on Flask's test client and need neither.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import require, require_executable

from kg.namespaces import PREFIXES
from kg.queries import list_queries, load_query
from server.ui import VENDOR_DIR, VENDOR_FILES

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
EXAMPLE = "who-opposes"
"""The example the browser runs: negative stances, 19 rows on the bundled seed article."""


def _require_vendor() -> None:
    missing = [name for name in VENDOR_FILES if not (VENDOR_DIR / name).is_file()]
    require(not missing, f"the query UI's browser files are not installed ({', '.join(missing)}): run make assets")


@pytest.mark.browser
def test_example_query_runs_in_the_browser(live_server, seed_store, output_dir: Path, tmp_path: Path) -> None:
    chromium = require_executable("chromium", "chromium")
    _require_vendor()
    from playwright.sync_api import sync_playwright

    example = load_query(EXAMPLE)
    expected_rows = len(list(seed_store.query(example.text)))
    assert expected_rows > 0, "the seed data should answer the example"

    requested: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = context.new_page()
            page.on("request", lambda r: requested.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(live_server.url + "/")

            page.click("#examples-menu summary")
            page.locator("button.example", has_text=example.title).click()
            # The example is in the editor, and the tab carries its title.
            assert page.evaluate("() => yasgui.getTab().getQuery()") == example.text
            assert page.evaluate("() => yasgui.getTab().getName()") == example.title

            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=30_000)
            info = page.locator(".yasr .dt-info").inner_text()  # DataTables 2: "Showing 1 to 19 of 19 entries"
            first_rows = page.locator(".yasr table.dataTable tbody tr").all_inner_texts()
            page.screenshot(path=str(output_dir / "ui-example-query.png"), full_page=True)
        finally:
            context.close()

    assert f"of {expected_rows} entries" in info, info
    assert len(first_rows) == min(expected_rows, 50)
    # Prefixed names from our prefixes, not bare IRIs, in the table.
    assert any("id:actor/" in row for row in first_rows), first_rows[:3]
    assert not errors, errors
    outside = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert not outside, f"the page fetched from outside our server: {outside}"


# ---------- the page's content, on Flask's test client ----------
def test_page_lists_every_named_query_and_points_at_our_endpoint(client) -> None:
    _require_vendor()
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for named in list_queries():
        assert f'data-example-id="{named.name}"' in page
    config = json.loads(page.split('id="stancekg-config">', 1)[1].split("</script>", 1)[0])
    assert config["endpoint"] == "http://localhost/sparql"
    assert {e["id"] for e in config["examples"]} == {q.name for q in list_queries()}
    assert config["prefixes"] == PREFIXES
    assert "PREFIX skg: <https://w3id.org/stancekg/ontology#>" in config["defaultQuery"]
    # Only local scripts and styles.
    assert "https://" not in page.split("<body>", 1)[0].replace('"https://w3id.org', "")
    assert "/static/vendor/yasgui.min.js" in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_prefixes_json_is_ours(client) -> None:
    response = client.get("/prefixes.json")
    assert response.status_code == 200
    assert response.get_json() == PREFIXES


def test_missing_vendor_file_names_the_command(client) -> None:
    response = client.get("/static/vendor/not-there.js")
    assert response.status_code == 404
    assert "make assets" in response.get_data(as_text=True)
