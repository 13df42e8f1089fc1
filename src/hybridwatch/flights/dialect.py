"""The few SQL expressions that differ between the engines the flight steps run on.

Every pipeline step is one SQL text built from these, so DuckDB (the default, local) and Spark
SQL (for data that outgrows one machine) run the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Dialect:
    name: str
    epoch_template: str  # timestamp column -> seconds since 1970 (double)
    timestamp_template: str  # seconds (double) -> timestamp without time zone
    collect_set_template: str  # aggregate: distinct non-null values as a list/array
    compact_time_template: str  # timestamp -> yyyymmddThhmmss text
    thousands_template: str  # number -> text with thousands separators, no decimals
    hex_to_int_template: str  # hexadecimal text -> BIGINT
    regex_match_template: str  # does text {x} match the regular expression {p}
    hex6_template: str  # integer -> six upper-case hex digits
    array_template: str  # one value -> a one-element list/array
    ignore_nulls_template: str  # window function {f} of {x}, skipping rows where {x} is null
    materialized: str  # WITH name AS <this> (...): computed once however often it is read
    struct_template: str  # a record of named fields, {x} being the fields
    struct_field_template: str  # one named field of such a record

    def epoch(self, column: str) -> str:
        return self.epoch_template.format(x=column)

    def timestamp(self, seconds: str) -> str:
        return self.timestamp_template.format(x=seconds)

    def collect_set(self, column: str) -> str:
        return self.collect_set_template.format(x=column)

    def compact_time(self, column: str) -> str:
        return self.compact_time_template.format(x=column)

    def thousands(self, number: str) -> str:
        return self.thousands_template.format(x=number)

    def hex_to_int(self, text: str) -> str:
        return self.hex_to_int_template.format(x=text)

    def array(self, value: str) -> str:
        return self.array_template.format(x=value)

    def hex6(self, number: str) -> str:
        return self.hex6_template.format(x=number)

    def struct(self, **fields: str) -> str:
        """A record of named values: one `min_by` of a record costs less than one per value."""
        parts = ", ".join(
            self.struct_field_template.format(name=name, value=value)
            for name, value in fields.items()
        )
        return self.struct_template.format(x=parts)

    def ignoring_nulls(self, function: str, value: str) -> str:
        return self.ignore_nulls_template.format(f=function, x=value)

    def regex_match(self, text: str, pattern: str) -> str:
        return self.regex_match_template.format(x=text, p=pattern)


DUCKDB = Dialect(
    name="duckdb",
    epoch_template="(epoch_ms({x}) / 1000.0)",
    timestamp_template="make_timestamp(CAST(round({x} * 1000000) AS BIGINT))",
    collect_set_template="list_sort(list(DISTINCT {x}) FILTER (WHERE {x} IS NOT NULL))",
    compact_time_template="strftime({x}, '%Y%m%dT%H%M%S')",
    thousands_template="format('{{:,}}', CAST(round({x}) AS BIGINT))",
    hex_to_int_template="CAST('0x' || {x} AS BIGINT)",
    regex_match_template="regexp_matches({x}, {p})",
    hex6_template="upper(lpad(to_hex({x}), 6, '0'))",
    array_template="list_value({x})",
    ignore_nulls_template="{f}({x} IGNORE NULLS)",
    materialized="MATERIALIZED",
    struct_template="struct_pack({x})",
    struct_field_template="{name} := {value}",
)

SPARK = Dialect(
    name="spark",
    epoch_template="(unix_millis({x}) / 1000.0)",
    timestamp_template="timestamp_micros(CAST(round({x} * 1000000) AS BIGINT))",
    collect_set_template="array_sort(collect_set({x}))",
    compact_time_template="date_format({x}, \"yyyyMMdd'T'HHmmss\")",
    thousands_template="format_number(round({x}), 0)",
    hex_to_int_template="CAST(conv({x}, 16, 10) AS BIGINT)",
    regex_match_template="({x} RLIKE {p})",
    hex6_template="lpad(hex({x}), 6, '0')",
    array_template="array({x})",
    ignore_nulls_template="{f}({x}) IGNORE NULLS",
    materialized="",
    struct_template="named_struct({x})",
    struct_field_template="'{name}', {value}",
)


def haversine_km(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """Great-circle distance in km between two points given as SQL expressions."""
    return (
        f"(2 * {EARTH_RADIUS_KM} * asin(sqrt("
        f"power(sin(radians({lat2} - {lat1}) / 2), 2) + "
        f"cos(radians({lat1})) * cos(radians({lat2})) * "
        f"power(sin(radians({lon2} - {lon1}) / 2), 2))))"
    )


def bearing_deg(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """Initial great-circle bearing from point 1 to point 2, degrees 0–360."""
    y = f"sin(radians({lon2} - {lon1})) * cos(radians({lat2}))"
    x = (
        f"cos(radians({lat1})) * sin(radians({lat2})) - "
        f"sin(radians({lat1})) * cos(radians({lat2})) * cos(radians({lon2} - {lon1}))"
    )
    return f"(degrees(atan2({y}, {x})) + 360) % 360"


def angle_between(a: str, b: str) -> str:
    """Smallest difference between two headings in degrees (0–180)."""
    return f"least(abs({a} - {b}), 360 - abs({a} - {b}))"
