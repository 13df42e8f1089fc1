-- Aircraft identity as each registry states it; one row per (source, aircraft).
CREATE TABLE aircraft (
    icao24       VARCHAR NOT NULL,   -- ICAO 24-bit address, six lower-case hex digits
    registration VARCHAR,
    typecode     VARCHAR,            -- ICAO aircraft type designator, e.g. IL76
    description  VARCHAR,
    operator     VARCHAR,
    built        SMALLINT,
    military     BOOLEAN,            -- NULL where the registry does not say
    source_id    INTEGER NOT NULL,   -- sources.id (no FOREIGN KEY: DuckDB would forbid regrading)
    locator      VARCHAR NOT NULL    -- where in the source: "line 12", "db/6.js 00881"
);
