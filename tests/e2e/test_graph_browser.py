"""/graph, as a researcher meets it: headless Chromium draws the seed's stance network, an arrow shows its
quote on click, the filters narrow the picture, and nothing is fetched from anywhere but our server.

Needs Debian's Chromium (Playwright's Python package drives it through `executable_path`) and cytoscape.js
from `make assets`; skips without them on a laptop and fails under CI=true. The data tests below it run on
Flask's test client.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require, require_executable

from kg import stance_table
from kg.network import stance_network
from server.graph import CYTOSCAPE
from server.ui import VENDOR_DIR

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SEED_ACTORS = {"Vladimir Putin", "Rex Tillerson", "Russia", "Bashar al-Assad", "United States of America",
               "Canada", "United Kingdom", "Angelino Alfano", "Kremlin"}


def _require_cytoscape() -> None:
    require((VENDOR_DIR / CYTOSCAPE).is_file(), f"{CYTOSCAPE} is not installed in {VENDOR_DIR}: run make assets")


@pytest.mark.browser
def test_graph_page_draws_the_seed_and_shows_a_quote_on_click(live_server, seed_store, output_dir: Path,
                                                              tmp_path: Path) -> None:
    chromium = require_executable("chromium", "chromium")
    _require_cytoscape()
    from playwright.sync_api import sync_playwright

    network = stance_network(seed_store)
    requested: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.on("request", lambda r: requested.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(live_server.url + "/graph")
            page.wait_for_selector("body[data-state=ready]", timeout=30_000)

            labels = set(page.evaluate("() => cy.nodes().map((n) => n.data('label'))"))
            edge_count = page.evaluate("() => cy.edges().length")
            # Click the arrow from ExxonMobil to Rosneft (their oil deal), where the browser drew it.
            edge = next(key for s, t, key in network.edges(keys=True)
                        if (s, t) == ("actor/exxonmobil", "actor/rosneft"))
            point = page.evaluate("""(id) => {
                const e = cy.getElementById(id); const box = cy.container().getBoundingClientRect();
                const m = e.renderedMidpoint(); return {x: box.left + m.x, y: box.top + m.y}; }""", edge)
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector("#quote", timeout=10_000)
            shown = page.locator("#quote").inner_text()
            selected = page.evaluate("() => cy.edges(':selected').map((e) => e.id())")
            heading = page.locator("#details h2").inner_text()
            page.screenshot(path=str(output_dir / "graph-page.png"), full_page=True)

            page.select_option("#type", "oppose")
            page.wait_for_function(f"() => cy.edges().length < {edge_count}", timeout=10_000)
            opposed = page.evaluate("() => cy.edges().map((e) => e.data('stance_type'))")
        finally:
            context.close()

    assert labels >= SEED_ACTORS, SEED_ACTORS - labels
    assert len(labels) == network.number_of_nodes()
    assert edge_count == network.number_of_edges() == sum(1 for r in stance_table(seed_store) if r["target"])
    assert selected == [edge]
    assert shown == network.edges["actor/exxonmobil", "actor/rosneft", edge]["quote"]
    assert shown in {r["quote"] for r in stance_table(seed_store)}
    assert heading == "ExxonMobil → Rosneft"
    assert opposed and set(opposed) == {"oppose"}
    assert not errors, errors
    outside = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert not outside, f"the page fetched from outside our server: {outside}"


# ---------- the data behind the page, on Flask's test client ----------
def test_graph_data_has_every_stance_with_a_target(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/graph/data.json").get_json()
    edges = body["elements"]["edges"]
    assert len(edges) == sum(1 for r in stance_table(seed_store) if r["target"])
    assert {e["data"]["colour"] for e in edges if e["data"]["polarity"] == "Negative"} == {"#c62828"}
    assert all(e["data"]["quote"] for e in edges)
    assert {c["value"] for c in body["choices"]["type"]} >= {"oppose", "support", "demand"}


def test_graph_data_filters(client) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/graph/data.json").get_json()
    article = everything["choices"]["article"][0]["value"]
    assert client.get(f"/graph/data.json?article={article}").get_json()["counts"] == everything["counts"]
    assert client.get("/graph/data.json?article=0000000000000000").get_json()["counts"] == {"actors": 0, "stances": 0}
    support = client.get("/graph/data.json?type=support&type=praise").get_json()["elements"]["edges"]
    assert support and {e["data"]["stance_type"] for e in support} == {"support", "praise"}
    dated = client.get("/graph/data.json?from=2017-04-11&until=2017-04-11").get_json()["elements"]["edges"]
    assert dated and {e["data"]["date"] for e in dated} == {"2017-04-11"}
    bad = client.get("/graph/data.json?from=April")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_json()["error"]


def test_graph_page_uses_only_local_scripts(client) -> None:  # type: ignore[no-untyped-def]
    _require_cytoscape()
    page = client.get("/graph").get_data(as_text=True)
    assert '<script src="/static/vendor/cytoscape.min.js"></script>' in page
    assert "https://" not in page.replace("https://www.wikidata.org/wiki/", "")
