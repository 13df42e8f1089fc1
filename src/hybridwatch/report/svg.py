"""The report's graphics as inline SVG strings: a map, a timeline and a network.

No JavaScript and no external resources: the report opens offline and WeasyPrint (which runs
no scripts) renders the same SVG into the PDF. Everything drawn comes from source content,
which is hostile: every text, id and class is escaped or reduced to safe characters, and only
same-document links (`#…`) are ever emitted. Colours are presentation attributes, so the SVG
renders standalone, and every element has a class, so the report's stylesheet overrides them.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from hybridwatch.reference.airports import EARTH_RADIUS_KM
from hybridwatch.report import basemap
from hybridwatch.report.basemap import BBox

Points = npt.NDArray[np.float64]  # (n, 2)

KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360
GAP_KM = 500.0  # consecutive track points farther apart: a coverage gap, not a flown line
MIN_STEP_PX = 1.0  # points closer than this to the last kept one are dropped …
STRAIGHT_PX = 0.5  # … and so are those nearer than this to the line through their neighbours
FONT = 'font-family="sans-serif"'

# XML 1.0 forbids these even when escaped; one of them would make the whole report unparsable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9_-]+")


def esc(text: object) -> str:
    """`text` safe inside SVG/HTML text and double-quoted attributes."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def safe_href(href: str | None) -> str | None:
    """`href` escaped if it is a same-document link (`#…`); any other link is dropped."""
    if href is None or not href.startswith("#"):
        return None
    return esc(href)


def css_class(name: str) -> str:
    """A class name reduced to letters, digits, `-` and `_` (other runs become `-`)."""
    return _NOT_TOKEN.sub("-", name).strip("-") or "other"


def _link(href: str | None, inner: str) -> str:
    safe = safe_href(href)
    return f'<a href="{safe}">{inner}</a>' if safe else inner


def _haloed(cls: str, x: float, y: float, text: str, size: int, anchor: str = "start") -> str:
    """`text`, escaped, over a white halo that keeps it legible over lines.

    The halo is a second text (class `<cls>-halo`) rather than `paint-order`, which WeasyPrint
    ignores.
    """
    at = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
    safe = esc(text)
    return (
        f'<text class="{cls}-halo" {at} fill="#fff" stroke="#fff" stroke-width="3" '
        f'stroke-linejoin="round">{safe}</text>'
        f'<text class="{cls}" {at} fill="#1b2631">{safe}</text>'
    )


def _svg(width: float, height: float, kind: str, body: Iterable[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hw-{kind}" role="img" '
        f'width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}" {FONT}>'
    )
    return head + "".join(body) + "</svg>"


def _coords(px: Points) -> str:
    """Pixel points as `x,y x,y …`, one decimal (enough at screen and print resolution)."""
    return " ".join(map("{:.1f},{:.1f}".format, px[:, 0].tolist(), px[:, 1].tolist()))


def _thin(px: Points, min_step: float = MIN_STEP_PX) -> Points:
    """Drop points closer than `min_step` to the last kept one; both ends are kept."""
    if len(px) < 3:
        return px
    xs, ys = px[:, 0].tolist(), px[:, 1].tolist()
    keep = [0]
    last_x, last_y = xs[0], ys[0]
    limit = min_step * min_step
    for i in range(1, len(xs) - 1):
        dx, dy = xs[i] - last_x, ys[i] - last_y
        if dx * dx + dy * dy >= limit:
            keep.append(i)
            last_x, last_y = xs[i], ys[i]
    keep.append(len(xs) - 1)
    return px[keep]


def _straighten(px: Points, tolerance: float = STRAIGHT_PX) -> Points:
    """Douglas–Peucker: drop points within `tolerance` of the chord between kept neighbours.

    Flown tracks are mostly straight: a 2,000-fix leg shrinks to a handful of points.
    """
    keep = np.zeros(len(px), dtype=bool)
    keep[[0, -1]] = True
    spans = [(0, len(px) - 1)]
    while spans:
        a, b = spans.pop()
        if b - a < 2:
            continue
        chord, offsets = px[b] - px[a], px[a + 1 : b] - px[a]
        length = math.hypot(chord[0], chord[1])
        if length > 0:
            dist = np.abs(chord[0] * offsets[:, 1] - chord[1] * offsets[:, 0]) / length
        else:  # a closed ring: distance from the start
            dist = np.hypot(offsets[:, 0], offsets[:, 1])
        far = int(np.argmax(dist))
        if dist[far] > tolerance:
            keep[a + 1 + far] = True
            spans += [(a, a + 1 + far), (a + 1 + far, b)]
    return px[keep]


def _simplify(px: Points) -> Points:
    """A line as few points as draw the same within half a pixel (`_thin` first: it is cheap)."""
    return _straighten(_thin(px))


# --- map ---------------------------------------------------------------------------------------


class Projection:
    """Equirectangular lon/lat to viewport pixels, longitudes shrunk by cos(mid-latitude).

    Distances and shapes are true enough at a region's scale. The box is widened in one
    direction to the viewport's aspect ratio so the map fills the viewport inside `margin`;
    `bbox` is that widened box, whose corners map to the corners of the inner viewport.
    The antimeridian is not handled: boxes run west to east within -180..180.
    """

    def __init__(self, bbox: BBox, width: float, height: float, margin: float = 0.0) -> None:
        west, south, east, north = bbox
        if not (west < east and south < north):
            raise ValueError(f"bbox {bbox} is not west, south, east, north")
        self.width, self.height, self.margin = width, height, margin
        self.cos = math.cos(math.radians((south + north) / 2))
        inner_w, inner_h = width - 2 * margin, height - 2 * margin
        # Pixels per degree of latitude; the tighter direction decides, the other is widened.
        self.scale = min(inner_w / ((east - west) * self.cos), inner_h / (north - south))
        half_lon = inner_w / (self.scale * self.cos) / 2
        half_lat = inner_h / self.scale / 2
        mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
        self.bbox: BBox = (
            mid_lon - half_lon,
            mid_lat - half_lat,
            mid_lon + half_lon,
            mid_lat + half_lat,
        )

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Viewport pixel (x right, y down) of a lon/lat point."""
        west, _, _, north = self.bbox
        return (
            self.margin + (lon - west) * self.cos * self.scale,
            self.margin + (north - lat) * self.scale,
        )

    def xy_array(self, lonlat: npt.ArrayLike) -> Points:
        """`xy` for an (n, 2) array of lon, lat."""
        west, _, _, north = self.bbox
        points = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
        x = self.margin + (points[:, 0] - west) * (self.cos * self.scale)
        y = self.margin + (north - points[:, 1]) * self.scale
        return np.column_stack([x, y])

    @property
    def km_per_px(self) -> float:
        return KM_PER_DEGREE / self.scale


@dataclass(frozen=True)
class MapTrack:
    """A flown path: (lon, lat) points in time order."""

    id: str
    label: str
    points: Sequence[tuple[float, float]]
    css_class: str = "other"
    href: str | None = None


@dataclass(frozen=True)
class MapPlace:
    """A point of interest: an airport, a base, a port."""

    id: str
    label: str
    lon: float
    lat: float
    href: str | None = None
    css_class: str = "place"


MAP_MARGIN = 20.0  # room for the graticule labels around the map frame
MIN_RING_PX2 = 12.0  # lakes and islands smaller than this on the map are left out
TRACK_COLOURS = {"airlift": "#c0392b", "other": "#b3bcc6"}
TRACK_COLOUR = "#5d6d7e"
WORLD: BBox = (-180.0, -60.0, 180.0, 80.0)


def default_bbox(tracks: Sequence[MapTrack], places: Sequence[MapPlace]) -> BBox:
    """The data's extent plus 15% on each side, at least 4° wide and 2° high."""
    lonlat = [p for t in tracks for p in t.points] + [(p.lon, p.lat) for p in places]
    points = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if not len(points):
        return WORLD
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    pad_lon = max((east - west) * 0.15, (4.0 - (east - west)) / 2)
    pad_lat = max((north - south) * 0.15, (2.0 - (north - south)) / 2)
    return (
        max(float(west - pad_lon), -180.0),
        max(float(south - pad_lat), -85.0),
        min(float(east + pad_lon), 180.0),
        min(float(north + pad_lat), 85.0),
    )


def _cull(px: Points, x0: float, y0: float, x1: float, y1: float) -> Points:
    """Drop points that, with both neighbours, lie beyond one edge of the view.

    Replacing such a run by the straight line between its ends changes the shape only beyond
    that edge, so the clipped drawing is unchanged while continents shrink to what is seen.
    One edge per pass: runs beyond different edges could cut a corner through the view.
    """
    for axis, limit, sign in ((0, x0, -1), (0, x1, 1), (1, y0, -1), (1, y1, 1)):
        if len(px) < 3:
            break
        beyond = (px[:, axis] - limit) * sign > 0
        drop = np.zeros(len(px), dtype=bool)
        drop[1:-1] = beyond[:-2] & beyond[1:-1] & beyond[2:]
        px = px[~drop]
    return px


def _area(px: Points) -> float:
    """Area enclosed by a ring (shoelace formula), in square pixels."""
    x, y = px[:, 0], px[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def _basemap(proj: Projection) -> list[str]:
    west, south, east, north = proj.bbox
    view = (max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))
    # Low resolution for regions (crude loses the Sea of Azov and Kerch), crude for continents.
    resolution: basemap.Resolution = "l" if east - west <= 60 else "c"
    edge = 2.0  # a little beyond the frame so culled lines never show inside the clip
    limits = (
        proj.margin - edge,
        proj.margin - edge,
        proj.width - proj.margin + edge,
        proj.height - proj.margin + edge,
    )

    def lines(shapes: list[basemap.Shape], close: str) -> str:
        parts = []
        for shape in shapes:
            px = _simplify(_cull(proj.xy_array(shape.points), *limits))
            # A ring of a few square pixels is a sliver (a reservoir on a river, mostly) that
            # would show as a stray stroke, not as water or land.
            if len(px) >= 2 and not (close and _area(px) < MIN_RING_PX2):
                parts.append(f"M{_coords(px)}{close}")
        return "".join(parts)

    # Lakes, islands in lakes and ponds nest inside land: even-odd filling cuts them out.
    land = lines(basemap.shorelines(view, resolution), "Z")
    borders = lines(basemap.borders(view, resolution), "")
    drawn = []
    if land:
        drawn.append(
            f'<path class="land" d="{land}" fill="#eeeae0" stroke="#b9b2a2" stroke-width="0.6" '
            'fill-rule="evenodd"/>'
        )
    if borders:
        drawn.append(
            f'<path class="border" d="{borders}" fill="none" stroke="#9d958a" '
            'stroke-width="0.7" stroke-dasharray="3 2"/>'
        )
    return drawn


def _graticule(proj: Projection) -> tuple[str, list[str]]:
    """Meridians and parallels (one path, drawn clipped) and their labels in the margin."""
    west, south, east, north = proj.bbox
    span = max(east - west, north - south)
    step = next((s for s in (1, 2, 5, 10, 15, 30) if span / s <= 9), 45)
    m, right, bottom = proj.margin, proj.width - proj.margin, proj.height - proj.margin
    path, labels = [], []
    for lon in range(
        max(math.ceil(west / step) * step, -180), min(math.floor(east), 180) + 1, step
    ):
        x = proj.xy(lon, 0)[0]
        path.append(f"M{x:.1f},{m:.1f}V{bottom:.1f}")
        hemi = "E" if lon > 0 else "W" if lon < 0 else ""
        labels.append(
            f'<text class="graticule-label" x="{x:.1f}" y="{bottom + 13:.1f}" '
            f'text-anchor="middle" font-size="10" fill="#6c7a89">{abs(lon)}°{hemi}</text>'
        )
    for lat in range(
        max(math.ceil(south / step) * step, -90), min(math.floor(north), 90) + 1, step
    ):
        y = proj.xy(0, lat)[1]
        path.append(f"M{m:.1f},{y:.1f}H{right:.1f}")
        hemi = "N" if lat > 0 else "S" if lat < 0 else ""
        labels.append(
            f'<text class="graticule-label" x="{m - 6:.1f}" y="{y:.1f}" text-anchor="middle" '
            f'font-size="10" fill="#6c7a89" transform="rotate(-90 {m - 6:.1f} {y:.1f})">'
            f"{abs(lat)}°{hemi}</text>"
        )
    lines = (
        f'<path class="graticule" d="{"".join(path)}" fill="none" stroke="#b3c2cf" '
        'stroke-width="0.4"/>'
    )
    return lines, labels


def _scale_bar(proj: Projection) -> str:
    """The longest round distance that fits in a quarter of the map, bottom right."""
    inner_w = proj.width - 2 * proj.margin
    km = next(
        (
            k
            for k in (5000, 2000, 1000, 500, 200, 100, 50, 20, 10)
            if k / proj.km_per_px <= inner_w / 4
        ),
        5,
    )
    length = km / proj.km_per_px
    x1 = proj.width - proj.margin - 12
    x0, y = x1 - length, proj.height - proj.margin - 12
    return (
        f'<g class="scale-bar"><title>{km} km at the map centre</title>'
        f'<path d="M{x0:.1f},{y - 4:.1f}V{y:.1f}H{x1:.1f}V{y - 4:.1f}" fill="none" '
        'stroke="#333" stroke-width="1.2"/>'
        f'<text x="{(x0 + x1) / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="10" '
        f'fill="#333">{km} km</text></g>'
    )


def split_track(points: Sequence[tuple[float, float]], gap_km: float = GAP_KM) -> list[Points]:
    """A track's (lon, lat) points cut into runs wherever consecutive points are > gap_km apart.

    Points that are not finite numbers are dropped first.
    """
    lonlat = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lonlat = lonlat[np.isfinite(lonlat).all(axis=1)]
    if len(lonlat) < 2:
        return [lonlat] if len(lonlat) else []
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    a = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    cuts = np.flatnonzero(km > gap_km) + 1
    return np.split(lonlat, cuts)


def _track(proj: Projection, track: MapTrack) -> str:
    colour = TRACK_COLOURS.get(track.css_class, TRACK_COLOUR)
    runs = [proj.xy_array(run) for run in split_track(track.points)]
    parts = [f'<g id="map-{esc(track.id)}" class="track {css_class(track.css_class)}">']
    parts.append(f"<title>{esc(track.label)}</title>")
    for run in runs:
        px = _simplify(run)
        if len(px) == 1:  # a lone fix between two gaps: still worth a mark
            parts.append(
                f'<circle class="track-fix" cx="{px[0, 0]:.1f}" cy="{px[0, 1]:.1f}" r="1.5" '
                f'fill="{colour}"/>'
            )
        else:
            parts.append(
                f'<polyline class="track-line" points="{_coords(px)}" fill="none" '
                f'stroke="{colour}" stroke-width="1.5" stroke-linejoin="round"/>'
            )
    for before, after in pairwise(runs):
        (x0, y0), (x1, y1) = before[-1], after[0]
        parts.append(
            f'<line class="track-gap" x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
            f'stroke="{colour}" stroke-width="1" stroke-dasharray="4 4"/>'
        )
    parts.append("</g>")
    return _link(track.href, "".join(parts))


def _place(proj: Projection, place: MapPlace) -> str:
    x, y = proj.xy(place.lon, place.lat)
    group = (
        f'<g id="map-{esc(place.id)}" class="place {css_class(place.css_class)}">'
        f"<title>{esc(place.label)}</title>"
        f'<circle class="place-dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1b2631" '
        'stroke="#fff" stroke-width="1"/>'
        f"{_haloed('place-label', x + 6, y + 3.5, place.label, 11)}</g>"
    )
    return _link(place.href, group)


def map_svg(
    tracks: Sequence[MapTrack],
    places: Sequence[MapPlace],
    *,
    width: int = 900,
    height: int = 500,
    bbox: BBox | None = None,
) -> str:
    """A map: land, borders and graticule, then tracks and places, linked to the report.

    `bbox` (west, south, east, north) defaults to the data's extent (`default_bbox`); it is
    widened to the viewport's aspect ratio. Gaps in coverage (> 500 km between fixes) are
    dashed straight lines, not flown paths.
    """
    proj = Projection(bbox or default_bbox(tracks, places), width, height, MAP_MARGIN)
    m = proj.margin
    inner_w, inner_h = width - 2 * m, height - 2 * m
    # One clip per viewport size: two maps of the same size may share the id harmlessly.
    clip = f"map-clip-{width}x{height}"
    graticule, labels = _graticule(proj)
    body = [
        f'<defs><clipPath id="{clip}"><rect x="{m:g}" y="{m:g}" width="{inner_w:g}" '
        f'height="{inner_h:g}"/></clipPath></defs>',
        f'<rect class="sea" x="{m:g}" y="{m:g}" width="{inner_w:g}" height="{inner_h:g}" '
        'fill="#dbe7f0"/>',
        f'<g clip-path="url(#{clip})">',
        *_basemap(proj),
        graticule,
        *(_track(proj, track) for track in tracks),
        *(_place(proj, p) for p in places if math.isfinite(p.lon) and math.isfinite(p.lat)),
        "</g>",
        f'<rect class="frame" x="{m:g}" y="{m:g}" width="{inner_w:g}" height="{inner_h:g}" '
        'fill="none" stroke="#6c7a89" stroke-width="0.8"/>',
        *labels,
        _scale_bar(proj),
    ]
    return _svg(width, height, "map", body)


# --- timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """Something dated: a flight, a transfer, a statement, a document.

    A `date` is a whole day: as `end` it includes that day. Naive datetimes are taken as UTC.
    """

    id: str
    lane: str
    start: date | datetime
    label: str
    end: date | datetime | None = None
    href: str | None = None


LANE_HEIGHT = 26.0
AXIS_HEIGHT = 24.0
GUTTER = 110.0  # lane names, right-aligned before the plot
CHAR_PX = 6.0  # average glyph width at 10 px, to decide whether a label fits
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = 86400.0


def _utc(moment: date | datetime, *, end: bool = False) -> datetime:
    """A naive UTC datetime; a date is its midnight, or as an end the next midnight."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            return moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    day = datetime(moment.year, moment.month, moment.day)
    return day + timedelta(days=1) if end and moment < date.max else day


def _round_times(t0: datetime, unit: str, count: int) -> Iterator[datetime]:
    """Round times from `t0` (or just before) on, every `count` hours/days/weeks/months/years.

    Runs until the calendar ends (ValueError or OverflowError past year 9999).
    """
    if unit in "ym":
        months = count * (12 if unit == "y" else 1)
        index = t0.year * 12 + t0.month - 1
        index -= index % months  # whole years, or quarters and halves that start in January
        if index < 12:  # there is no year 0
            index += months
        while True:
            yield datetime(index // 12, index % 12 + 1, 1)
            index += months
    tick = t0.replace(minute=0, second=0, microsecond=0)
    if unit == "h":
        tick = tick.replace(hour=tick.hour - tick.hour % count)
        step = timedelta(hours=count)
    else:
        tick = tick.replace(hour=0) - timedelta(days=tick.weekday() if unit == "w" else 0)
        step = timedelta(days=count * (7 if unit == "w" else 1))
    while True:
        yield tick
        tick += step


def _ticks(t0: datetime, t1: datetime, max_ticks: int) -> list[tuple[datetime, str]]:
    """Round times between t0 and t1, at most `max_ticks`, at the finest unit that allows."""
    span = (t1 - t0).total_seconds()
    # (unit, count, approximate seconds): hours, days, weeks, months, years.
    steps = [("h", n, n * 3600.0) for n in (1, 3, 6, 12)]
    steps += [("d", n, n * _DAY) for n in (1, 2)]
    steps += [("w", n, n * 7 * _DAY) for n in (1, 2)]
    steps += [("m", n, n * 30.4 * _DAY) for n in (1, 3, 6)]
    steps += [("y", n, n * 365.25 * _DAY) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)]
    unit, count, _ = next((s for s in steps if span / s[2] < max_ticks), steps[-1])
    ticks: list[tuple[datetime, str]] = []
    try:
        for tick in _round_times(t0, unit, count):
            if tick > t1:
                break
            if tick < t0:
                continue
            month = _MONTHS[tick.month - 1]
            if unit == "h":
                text = f"{tick.day} {month} {tick.hour:02d}:00"
            elif unit in "dw":
                text = f"{tick.day} {month}"
            else:
                text = f"{month} {tick.year}" if unit == "m" else str(tick.year)
            ticks.append((tick, text))
    except (ValueError, OverflowError):  # the calendar's ends: sentinel dates such as 9999-12-31
        pass
    return ticks


def _when(event: TimelineEvent) -> str:
    start = event.start.isoformat()
    return f"{start} – {event.end.isoformat()}" if event.end is not None else start


def timeline_svg(
    events: Sequence[TimelineEvent], *, width: int = 900, lanes: Sequence[str] | None = None
) -> str:
    """Events in lanes over a shared date axis; spans are bars, moments are dots.

    Lanes come in `lanes` order, else in order of first appearance; events in no listed lane
    are left out. Labels are tooltips, and also drawn where they fit before the next event.
    """
    order = list(dict.fromkeys(lanes if lanes is not None else (e.lane for e in events)))
    row = {lane: i for i, lane in enumerate(order)}
    shown = [e for e in events if e.lane in row]
    height = AXIS_HEIGHT + LANE_HEIGHT * len(order) + 8
    if not shown:
        return _svg(width, height, "timeline", [])
    spans = [(_utc(e.start), _utc(e.end, end=True) if e.end is not None else None) for e in shown]
    t0 = min(start for start, _ in spans)
    t1 = max(end or start for start, end in spans)
    pad = max((t1 - t0) * 0.03, timedelta(hours=12))
    t0, t1 = t0 - min(pad, t0 - datetime.min), t1 + min(pad, datetime.max - t1)
    x0, x1 = GUTTER, width - 24.0  # room for a tick label centred on the last tick
    seconds = (t1 - t0).total_seconds()

    def x_of(moment: datetime) -> float:
        return x0 + (moment - t0).total_seconds() / seconds * (x1 - x0)

    body = []
    for i, lane in enumerate(order):
        y = AXIS_HEIGHT + i * LANE_HEIGHT
        body.append(
            f'<rect class="lane lane-{css_class(lane)}" x="0" y="{y:g}" width="{width}" '
            f'height="{LANE_HEIGHT:g}" fill="{"#f3f5f7" if i % 2 == 0 else "#ffffff"}"/>'
            f'<text class="lane-label" x="{GUTTER - 8:g}" y="{y + LANE_HEIGHT / 2 + 4:g}" '
            f'text-anchor="end" font-size="11" fill="#34495e">{esc(lane)}</text>'
        )
    bottom = AXIS_HEIGHT + LANE_HEIGHT * len(order)
    for tick, text in _ticks(t0, t1, max(2, int((x1 - x0) / 90))):
        x = x_of(tick)
        body.append(
            f'<line class="tick" x1="{x:.1f}" y1="{AXIS_HEIGHT - 4:g}" x2="{x:.1f}" '
            f'y2="{bottom:g}" stroke="#c5ccd3" stroke-width="0.6"/>'
            f'<text class="tick-label" x="{x:.1f}" y="{AXIS_HEIGHT - 8:g}" text-anchor="middle" '
            f'font-size="10" fill="#6c7a89">{text}</text>'
        )
    marks = sorted(
        (
            (x_of(start), None if end is None else x_of(end), e)
            for e, (start, end) in zip(shown, spans, strict=True)
        ),
        key=lambda mark: (row[mark[2].lane], mark[0]),
    )
    taken = x0  # right end of what is drawn so far in the current lane, labels included
    for i, (xa, xb, event) in enumerate(marks):
        if i and marks[i - 1][2].lane != event.lane:
            taken = x0
        y = AXIS_HEIGHT + row[event.lane] * LANE_HEIGHT + LANE_HEIGHT / 2
        if xb is not None and xb - xa >= 4:
            mark = (
                f'<rect class="event-bar" x="{xa:.1f}" y="{y - 5:g}" width="{xb - xa:.1f}" '
                'height="10" rx="2" fill="#5d8aa8"/>'
            )
            left, right = xa, xb
        else:
            mark = f'<circle class="event-dot" cx="{xa:.1f}" cy="{y:g}" r="4" fill="#5d8aa8"/>'
            left, right = xa - 4, xa + 4
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        free_until = nxt[0] - 4 if nxt and nxt[2].lane == event.lane else x1
        text_px = len(event.label) * CHAR_PX
        # The label goes after the mark, else before it, else only into the tooltip.
        if right + 4 + text_px <= free_until - 4:
            anchor, text_x, taken = "start", right + 4, right + 4 + text_px
        elif left - 4 - text_px >= taken + 4:
            anchor, text_x, taken = "end", left - 4, right
        else:
            anchor, taken = "", max(taken, right)
        if anchor:
            mark += (
                f'<text class="event-label" x="{text_x:.1f}" y="{y + 3.5:g}" '
                f'text-anchor="{anchor}" font-size="10" fill="#2c3e50">{esc(event.label)}</text>'
            )
        group = (
            f'<g id="timeline-{esc(event.id)}" class="event lane-{css_class(event.lane)}">'
            f"<title>{esc(event.label)} ({esc(_when(event))})</title>{mark}</g>"
        )
        body.append(_link(event.href, group))
    return _svg(width, height, "timeline", body)


# --- network -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkNode:
    """An entity: a country, an organization, a person, an aircraft, an airport, a system."""

    id: str
    label: str
    kind: str = "other"
    href: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class NetworkEdge:
    """A relation between two nodes, by id; edges to unknown ids are left out."""

    source: str
    target: str
    label: str = ""
    weight: float = 1.0


NODE_COLOURS = {
    "country": "#2e86c1",
    "organization": "#d68910",
    "person": "#28b463",
    "aircraft": "#c0392b",
    "airport": "#7d3c98",
    "system": "#873600",
}
NODE_COLOUR = "#7f8c8d"
LAYOUT_ITERATIONS = 200
GRAVITY = 0.2  # pull to the centre: unconnected nodes stay near, yet rings do not fold
LABEL_CHARS = 28  # longer labels are cut on the drawing; the tooltip has them whole


def layout(
    count: int, edges: Sequence[tuple[int, int, float]], *, seed: int = 0
) -> npt.NDArray[np.float64]:
    """Fruchterman–Reingold positions, (count, 2) around the origin, about a unit across.

    `edges` are (source index, target index, weight in 0..1). A weak pull to the centre keeps
    unconnected parts from drifting apart. Deterministic for a seed; O(count²) per iteration.
    """
    if count < 2:
        return np.zeros((count, 2))
    pos = np.random.default_rng(seed).uniform(-0.5, 0.5, size=(count, 2))
    k = math.sqrt(1.0 / count)  # ideal edge length for nodes spread over a unit square
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    wgt = np.array([e[2] for e in edges], dtype=np.float64)
    temperature = 0.1
    for _ in range(LAYOUT_ITERATIONS):
        # Repulsion k²/d between all pairs; x and y apart, as (n, n) arrays are the cost here.
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        push = k * k / np.maximum(dx * dx + dy * dy, 1e-6)
        disp = np.column_stack([(dx * push).sum(axis=1), (dy * push).sum(axis=1)])
        if len(src):  # attraction d²/k along edges, scaled by weight
            d = pos[src] - pos[dst]
            pull = d * (np.sqrt((d**2).sum(axis=1)) / k * wgt)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * (GRAVITY * count * k)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= 0.1 / LAYOUT_ITERATIONS
    return pos


def _weight(value: float) -> float:
    """A weight fit for scaling: negative, infinite and NaN weights count as 0."""
    return value if math.isfinite(value) and value > 0 else 0.0


def network_svg(
    nodes: Sequence[NetworkNode],
    edges: Sequence[NetworkEdge],
    *,
    width: int = 900,
    height: int = 600,
    seed: int = 0,
) -> str:
    """Entities and their relations, laid out by force (`layout`) and fitted to the viewport.

    Node size follows the node's weight, edge width the edge's; a repeated node id keeps its
    first node.
    """
    first: dict[str, NetworkNode] = {}
    for node in nodes:
        first.setdefault(node.id, node)
    unique = list(first.values())
    if not unique:
        return _svg(width, height, "network", [])
    index = {node.id: i for i, node in enumerate(unique)}
    links = [
        (index[e.source], index[e.target], e)
        for e in edges
        if e.source in index and e.target in index and e.source != e.target
    ]
    edge_max = max((_weight(e.weight) for _, _, e in links), default=1.0) or 1.0
    pos = layout(
        len(unique), [(a, b, _weight(e.weight) / edge_max) for a, b, e in links], seed=seed
    )
    node_max = max(_weight(n.weight) for n in unique) or 1.0
    radius = [5.0 + 7.0 * math.sqrt(_weight(n.weight) / node_max) for n in unique]
    # Fit, each axis on its own: room for the largest node, and below each node for its label.
    pad_x, pad_top, pad_bottom = 12.0 + LABEL_CHARS * CHAR_PX / 2, 16.0, 30.0
    box = np.array([width - 2 * pad_x, height - pad_top - pad_bottom])
    low, high = pos.min(axis=0), pos.max(axis=0)
    scale = np.divide(box, high - low, out=np.zeros(2), where=high - low > 1e-9)
    fitted = np.array([width / 2, pad_top + box[1] / 2]) + (pos - (low + high) / 2) * scale
    xs, ys = fitted[:, 0], fitted[:, 1]
    body = []
    for a, b, edge in links:
        title = f"{unique[a].label} → {unique[b].label}" + (f": {edge.label}" if edge.label else "")
        stroke = 0.8 + 3.2 * _weight(edge.weight) / edge_max
        body.append(
            f'<line class="edge" x1="{xs[a]:.1f}" y1="{ys[a]:.1f}" x2="{xs[b]:.1f}" '
            f'y2="{ys[b]:.1f}" stroke="#aab3bc" stroke-width="{stroke:.1f}">'
            f"<title>{esc(title)}</title></line>"
        )
    for i, node in enumerate(unique):
        text = node.label if len(node.label) <= LABEL_CHARS else node.label[: LABEL_CHARS - 1] + "…"
        group = (
            f'<g id="network-{esc(node.id)}" class="node {css_class(node.kind)}">'
            f"<title>{esc(node.label)} ({esc(node.kind)})</title>"
            f'<circle class="node-dot" cx="{xs[i]:.1f}" cy="{ys[i]:.1f}" r="{radius[i]:.1f}" '
            f'fill="{NODE_COLOURS.get(node.kind, NODE_COLOUR)}" stroke="#fff" stroke-width="1.2"/>'
            f"{_haloed('node-label', xs[i], ys[i] + radius[i] + 11, text, 10, 'middle')}</g>"
        )
        body.append(_link(node.href, group))
    return _svg(width, height, "network", body)
