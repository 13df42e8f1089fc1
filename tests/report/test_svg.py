from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from hybridwatch.report.svg import (
    MapPlace,
    MapTrack,
    NetworkEdge,
    NetworkNode,
    Projection,
    TimelineEvent,
    default_bbox,
    map_svg,
    network_svg,
    split_track,
    timeline_svg,
)

NS = "{http://www.w3.org/2000/svg}"
BURGAS, BAKU = (27.52, 42.57), (50.05, 40.47)
HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'
BAD_HREFS = ["javascript:alert(1)", "http://evil", "//evil", " #x", "data:text/html,x"]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = root.find(f".//*[@id='{element_id}']")
    assert found is not None, element_id
    return found


def line(a: tuple[float, float], b: tuple[float, float], n: int) -> list[tuple[float, float]]:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return [(lon, lat) for lon, lat in (np.array(a) * (1 - t) + np.array(b) * t).tolist()]


def assert_safe(svg: str) -> None:
    """Nothing scriptable, nothing external, hostile text only escaped."""
    root = parse(svg)
    tags = {element.tag.removeprefix(NS) for element in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use", "iframe"}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on")
            if name.endswith("href"):
                assert value.startswith("#")
    assert "<script" not in svg
    for bad in ("javascript:", "http://evil", "//evil", "data:"):
        assert bad not in svg


# --- projection and map ----------------------------------------------------------------------


def test_projection_maps_bbox_corners_to_viewport_corners() -> None:
    proj = Projection((20.0, 40.0, 30.0, 50.0), 900, 500, margin=20)
    west, south, east, north = proj.bbox
    assert proj.xy(west, north) == pytest.approx((20, 20))
    assert proj.xy(east, south) == pytest.approx((880, 480))
    assert proj.xy_array([(west, north), (east, south)]) == pytest.approx(
        np.array([[20, 20], [880, 480]])
    )
    # Widened east-west only (a 10°×10° box into a wide viewport), around the same centre.
    assert proj.bbox[0] < 20 and proj.bbox[2] > 30
    assert (proj.bbox[1], proj.bbox[3]) == pytest.approx((40, 50))
    assert proj.xy(25, 45) == pytest.approx((450, 250))


def test_projection_refuses_a_box_inside_out() -> None:
    with pytest.raises(ValueError, match="bbox"):
        Projection((30.0, 40.0, 20.0, 50.0), 900, 500)
    with pytest.raises(ValueError, match="bbox"):
        map_svg([], [], bbox=(20.0, 50.0, 30.0, 50.0))


def test_projection_keeps_the_aspect_ratio() -> None:
    proj = Projection((20.0, 40.0, 30.0, 50.0), 900, 500, margin=20)
    x0, y0 = proj.xy(25, 45)
    x1, _ = proj.xy(26, 45)
    _, y1 = proj.xy(25, 46)
    # A degree of longitude at 45°N is cos(45°) of a degree of latitude.
    assert (x1 - x0) / (y0 - y1) == pytest.approx(np.cos(np.radians(45)))
    assert proj.km_per_px == pytest.approx(111.195 / (y0 - y1), rel=1e-3)


def test_default_bbox_pads_the_data_and_has_a_minimum_size() -> None:
    places = [MapPlace("a", "A", *BURGAS), MapPlace("b", "B", *BAKU)]
    west, south, east, north = default_bbox([], places)
    width = BAKU[0] - BURGAS[0]
    assert west == pytest.approx(BURGAS[0] - 0.15 * width)
    assert east == pytest.approx(BAKU[0] + 0.15 * width)
    assert south < BAKU[1] and north > BURGAS[1]
    west, south, east, north = default_bbox([], [MapPlace("a", "A", *BURGAS)])
    assert east - west == pytest.approx(4.0) and north - south == pytest.approx(2.0)


def test_split_track_at_a_coverage_gap() -> None:
    # 9° of longitude at 42°N is about 745 km; 3° about 250 km.
    runs = split_track([(27.0, 42.0), (28.0, 42.0), (37.0, 42.0), (40.0, 42.0), (41.0, 42.0)])
    assert [len(run) for run in runs] == [2, 3]
    assert split_track([]) == []


def test_a_jump_is_two_solid_polylines_and_a_dashed_gap() -> None:
    before = line(BURGAS, (31.0, 43.0), 300)
    after = line((43.0, 41.5), BAKU, 300)  # about 1,000 km from the end of `before`
    svg = map_svg([MapTrack("t1", "Flight 1", before + after, "airlift", "#flight-1")], [])
    track = by_id(parse(svg), "map-t1")
    solid = track.findall(f"{NS}polyline")
    gaps = [e for e in track if e.get("stroke-dasharray")]
    assert len(solid) == 2 and len(gaps) == 1
    assert not any(p.get("stroke-dasharray") for p in solid)
    assert track.findtext(f"{NS}title") == "Flight 1"
    # Straight legs of 300 fixes are drawn with their two ends only.
    assert all(len(p.get("points", "").split()) == 2 for p in solid)


def test_map_links_titles_and_ids() -> None:
    places = [
        MapPlace("LBBG", "Burgas", *BURGAS, href="#airport-LBBG"),
        MapPlace("UBBB", "Baku", *BAKU),
    ]
    track = MapTrack("flight-12", "RA-78830", line(BURGAS, BAKU, 50), href="#flight-12")
    svg = map_svg([track], places)
    root = parse(svg)
    links = {a.get("href"): a for a in root.iter(f"{NS}a")}
    assert set(links) == {"#airport-LBBG", "#flight-12"}
    assert links["#flight-12"].find(f"{NS}g").get("id") == "map-flight-12"  # type: ignore[union-attr]
    assert by_id(root, "map-UBBB").findtext(f"{NS}title") == "Baku"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "500 km" in texts and "45°N" in texts and "30°E" in texts
    assert root.find(f".//{NS}clipPath") is not None
    land = root.find(f".//{NS}path[@class='land']")
    assert land is not None and len(land.get("d", "")) > 1000


def test_map_escapes_hostile_content() -> None:
    tracks = [
        MapTrack(HOSTILE, HOSTILE, line(BURGAS, BAKU, 20), HOSTILE, href) for href in BAD_HREFS
    ]
    places = [
        MapPlace(HOSTILE, HOSTILE + "\x00\x1b", 30.0, 43.0, href, HOSTILE) for href in BAD_HREFS
    ]
    svg = map_svg(tracks, places)
    assert_safe(svg)
    root = parse(svg)
    assert root.find(f".//{NS}a") is None
    assert HOSTILE in {t.text for t in root.iter(f"{NS}title")}
    assert {g.get("class") for g in root.iter(f"{NS}g") if g.get("id")} == {
        "track script-alert-1-script-onmouseover-alert-2",
        "place script-alert-1-script-onmouseover-alert-2",
    }


def test_map_without_data_and_with_bad_points() -> None:
    parse(map_svg([], []))
    nan = float("nan")
    svg = map_svg([MapTrack("t", "t", [(nan, nan), BURGAS, BAKU])], [MapPlace("p", "p", nan, 1)])
    assert "nan" not in svg
    parse(svg)


# --- timeline --------------------------------------------------------------------------------


def lane_of(root: ET.Element) -> dict[str, float]:
    return {
        t.text or "": float(t.get("y", "0"))
        for t in root.iter(f"{NS}text")
        if t.get("class") == "lane-label"
    }


def x_of(root: ET.Element, event_id: str) -> float:
    mark = by_id(root, f"timeline-{event_id}")[1]
    return float(mark.get("cx") or mark.get("x") or "nan")


def test_timeline_lanes_in_given_order_and_time_left_to_right() -> None:
    events = [
        TimelineEvent("d1", "documents", date(2024, 3, 20), "Customs form"),
        TimelineEvent("f2", "flights", datetime(2024, 3, 9, 14), "Return", href="#flight-2"),
        TimelineEvent("f1", "flights", datetime(2024, 3, 2, 6), "Out", href="#flight-1"),
        TimelineEvent("a1", "arms", date(2024, 2, 20), "Contract", end=date(2024, 3, 15)),
        TimelineEvent("n1", "narratives", datetime(2024, 3, 5, 12, tzinfo=UTC), "Statement"),
    ]
    root = parse(timeline_svg(events))
    lanes = lane_of(root)
    assert list(lanes) == ["documents", "flights", "arms", "narratives"]
    assert sorted(lanes.values()) == list(lanes.values())
    assert x_of(root, "f1") < x_of(root, "n1") < x_of(root, "f2") < x_of(root, "d1")
    bar = by_id(root, "timeline-a1")[1]
    assert bar.tag == f"{NS}rect" and float(bar.get("width", "0")) > 100
    assert {a.get("href") for a in root.iter(f"{NS}a")} == {"#flight-1", "#flight-2"}
    ordered = parse(timeline_svg(events, lanes=["flights", "arms"]))
    assert list(lane_of(ordered)) == ["flights", "arms"]
    assert ordered.find(".//*[@id='timeline-d1']") is None


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (timedelta(hours=10), "12:00"),
        (timedelta(days=20), "Mar"),
        (timedelta(days=300), "2024"),
        (timedelta(days=3650), "2030"),
    ],
)
def test_timeline_ticks_follow_the_span(span: timedelta, expected: str) -> None:
    start = datetime(2024, 3, 1, 6)
    events = [TimelineEvent("a", "x", start, "a"), TimelineEvent("b", "x", start + span, "b")]
    ticks = [
        t.text or ""
        for t in parse(timeline_svg(events)).iter(f"{NS}text")
        if t.get("class") == "tick-label"
    ]
    assert 2 <= len(ticks) <= 10
    assert any(expected in tick for tick in ticks)


def test_timeline_survives_sentinel_dates() -> None:
    days = [date.min, date(2024, 1, 9), date.max]
    events = [TimelineEvent(str(i), "x", day, "e", end=day) for i, day in enumerate(days)]
    root = parse(timeline_svg(events))
    ticks = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "tick-label"]
    assert ticks[0] == "1000" and ticks[-1] == "9000"
    assert x_of(root, "0") < x_of(root, "1") < x_of(root, "2")


def test_timeline_escapes_hostile_content() -> None:
    events = [
        TimelineEvent(HOSTILE, HOSTILE, date(2024, 1, i + 1), HOSTILE, href=href)
        for i, href in enumerate(BAD_HREFS)
    ]
    svg = timeline_svg(events)
    assert_safe(svg)
    assert parse(svg).find(f".//{NS}a") is None
    parse(timeline_svg([]))


# --- network ---------------------------------------------------------------------------------


def graph() -> tuple[list[NetworkNode], list[NetworkEdge]]:
    nodes = [
        NetworkNode("bg", "Bulgaria", "country", "#bg", 3),
        NetworkNode("az", "Azerbaijan", "country", "#az", 3),
        NetworkNode("vmz", "VMZ Sopot", "organization", "#vmz", 2),
        NetworkNode("ra", "RA-78830", "aircraft", "#ra", 2),
        NetworkNode("lbbg", "Burgas", "airport"),
        NetworkNode("ubbb", "Baku", "airport"),
        NetworkNode("sys", "D-30 howitzer", "system"),
        NetworkNode("p1", HOSTILE, "person", "javascript:alert(1)"),
        NetworkNode("lone", "Unconnected", "organization"),
    ]
    edges = [
        NetworkEdge("bg", "vmz", "based in", 2),
        NetworkEdge("vmz", "sys", "manufactures", 3),
        NetworkEdge("az", "sys", "imports", 2),
        NetworkEdge("ra", "lbbg", "departed", 5),
        NetworkEdge("ra", "ubbb", "arrived", 5),
        NetworkEdge("p1", "vmz", HOSTILE),
        NetworkEdge("lbbg", "bg", "in"),
        NetworkEdge("ubbb", "az", "in"),
        NetworkEdge("nobody", "az", "dangling"),
    ]
    return nodes, edges


def test_network_is_deterministic_and_inside_the_viewport() -> None:
    nodes, edges = graph()
    svg = network_svg(nodes, edges, width=700, height=400, seed=7)
    assert svg == network_svg(nodes, edges, width=700, height=400, seed=7)
    assert svg != network_svg(nodes, edges, width=700, height=400, seed=8)
    root = parse(svg)
    circles = list(root.iter(f"{NS}circle"))
    assert len(circles) == len(nodes)
    for c in circles:
        x, y, r = (float(c.get(k, "nan")) for k in ("cx", "cy", "r"))
        assert r <= x <= 700 - r and r <= y <= 400 - r
    positions = {(c.get("cx"), c.get("cy")) for c in circles}
    assert len(positions) == len(nodes)  # no two nodes on top of each other


def test_network_edges_links_and_escaping() -> None:
    nodes, edges = graph()
    svg = network_svg(nodes, edges)
    assert_safe(svg)
    root = parse(svg)
    lines = list(root.iter(f"{NS}line"))
    assert len(lines) == len(edges) - 1  # the dangling edge is left out
    width = {ln.findtext(f"{NS}title"): float(ln.get("stroke-width", "0")) for ln in lines}
    assert width["RA-78830 → Burgas: departed"] > width["Burgas → Bulgaria: in"]
    hrefs = {a.get("href") for a in root.iter(f"{NS}a")}
    assert hrefs == {"#bg", "#az", "#vmz", "#ra"}
    assert by_id(root, "network-vmz").get("class") == "node organization"
    parse(network_svg([], []))
    parse(network_svg(nodes[:1], []))


def test_network_tolerates_odd_weights_and_repeated_ids() -> None:
    nodes = [
        NetworkNode("a", "A", weight=float("nan")),
        NetworkNode("b", "B", weight=-3),
        NetworkNode("a", "A again", weight=float("inf")),
    ]
    edges = [NetworkEdge("a", "b", weight=float("nan")), NetworkEdge("a", "a", "self")]
    svg = network_svg(nodes, edges)
    assert "nan" not in svg and "inf" not in svg
    root = parse(svg)
    assert [t.text for t in root.iter(f"{NS}title")] == ["A → B", "A (other)", "B (other)"]


def test_timeline_labels_are_drawn_only_where_they_fit() -> None:
    start = datetime(2024, 3, 1)
    events = [
        TimelineEvent("a", "flights", start, "First of a close pair"),
        TimelineEvent("b", "flights", start + timedelta(hours=1), "Second of a close pair"),
        TimelineEvent("c", "arms", start, "Alone in its lane"),
        TimelineEvent("z", "flights", start + timedelta(days=30), "Last"),
    ]
    root = parse(timeline_svg(events))
    drawn = {t.text for t in root.iter(f"{NS}text") if t.get("class") == "event-label"}
    # The pair's second label goes after it; the first has no room either side.
    assert drawn == {"Second of a close pair", "Alone in its lane", "Last"}
    assert by_id(root, "timeline-a").findtext(f"{NS}title", "").startswith("First of a close")
