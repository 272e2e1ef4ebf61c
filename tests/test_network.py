"""The stance network as networkx, a picture and GraphML/GEXF, checked against the stance table."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg import stance_table
from kg.errors import QueryParameterError
from kg.network import POLARITY_COLOURS, cytoscape_elements, stance_network, write_network


def test_network_has_one_edge_per_stance_with_a_target(seed_store) -> None:  # type: ignore[no-untyped-def]
    graph = stance_network(seed_store)
    table = [r for r in stance_table(seed_store) if r["target"]]
    assert graph.number_of_edges() == len(table)
    assert {d["quote"] for *_e, d in graph.edges(data=True)} == {r["quote"] for r in table}
    putin = graph.nodes["actor/vladimir-putin"]
    assert (putin["label"], putin["kind"], putin["wikidata"]) == ("Vladimir Putin", "Person", "Q7747")
    signs = {d["sign"] for *_e, d in graph.edges(data=True)}
    assert signs <= {"+1", "-1", "d", "0"} and {"+1", "-1", "d"} <= signs
    for *_e, d in graph.edges(data=True):
        assert d["colour"] == POLARITY_COLOURS[d["polarity"]]


def test_network_filters(seed_store) -> None:  # type: ignore[no-untyped-def]
    oppose = stance_network(seed_store, stance_types=["oppose"])
    table = stance_table(seed_store)
    assert oppose.number_of_edges() == sum(1 for r in table if r["stance"] == "oppose" and r["target"])
    assert stance_network(seed_store, article="0000000000000000").number_of_edges() == 0
    day = stance_network(seed_store, date_from="2017-04-11", date_to="2017-04-11")
    assert day.number_of_edges() > 0 and {d["date"] for *_e, d in day.edges(data=True)} == {"2017-04-11"}
    with pytest.raises(QueryParameterError):
        stance_network(seed_store, date_from="11/04/2017")
    with pytest.raises(QueryParameterError):
        stance_network(seed_store, article='x"> } DROP ALL')


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_in_networkx(seed_store, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    graph = stance_network(seed_store)
    path = tmp_path / f"net.{fmt}"
    path.write_text(write_network(graph, fmt), encoding="utf-8")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_cytoscape_elements_are_placed_the_same_every_time(seed_store) -> None:  # type: ignore[no-untyped-def]
    graph = stance_network(seed_store)
    first, second = cytoscape_elements(graph), cytoscape_elements(graph)
    assert first == second
    assert len(first["nodes"]) == graph.number_of_nodes() and all("position" in n for n in first["nodes"])


def test_draw_and_export_commands(seed_store, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main
    from kg.store import native_oxigraph

    path = tmp_path / "copy"
    native_oxigraph(seed_store).backup(str(path))
    store = ["--store", f"oxigraph:{path}"]
    for name in ("net.svg", "net.png"):
        result = runner.invoke(main, ["draw", "--out", str(tmp_path / name), *store])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "net.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(main, ["export-graph", "--format", "gexf", "--out", str(tmp_path / "net.gexf"), *store])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "net.gexf").number_of_edges() == stance_network(seed_store).number_of_edges()
    result = runner.invoke(main, ["draw", "--out", str(tmp_path / "net.txt"), *store])
    assert result.exit_code == 1 and ".svg, .png or .pdf" in result.output
