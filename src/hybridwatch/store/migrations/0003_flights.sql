-- ADS-B positions as the feeds report them, in one set of units (see docs/units.md):
-- UTC timestamps, degrees, feet, knots, feet per minute.
CREATE TABLE state_vectors (
    time              TIMESTAMP NOT NULL,  -- UTC, as reported (clock skew is not corrected)
    icao24            VARCHAR NOT NULL,    -- six lower-case hex digits
    callsign          VARCHAR,             -- trimmed; NULL when not sent
    lat               DOUBLE,              -- WGS84 degrees; NULL when the row has no position
    lon               DOUBLE,
    altitude_ft       REAL,                -- barometric altitude
    geoaltitude_ft    REAL,                -- geometric (GNSS) altitude
    groundspeed_kt    REAL,
    track_deg         REAL,                -- true track over ground, 0–360
    vertical_rate_fpm REAL,
    on_ground         BOOLEAN,             -- NULL where the feed does not say
    squawk            VARCHAR,
    new_leg           BOOLEAN,             -- the feed itself marks the start of a new leg
    source_id         INTEGER NOT NULL,
    locator           VARCHAR NOT NULL
);

-- Flights as a source reports them (OpenSky flight lists, FR24 flight details): the source's
-- claim, kept apart from the flights hybridwatch derives from positions.
CREATE TABLE reported_flights (
    icao24       VARCHAR NOT NULL,
    callsign     VARCHAR,
    registration VARCHAR,
    typecode     VARCHAR,
    origin       VARCHAR,    -- ICAO airport code as the source states it
    destination  VARCHAR,
    first_seen   TIMESTAMP,
    last_seen    TIMESTAMP,
    source_id    INTEGER NOT NULL,
    locator      VARCHAR NOT NULL
);

-- ICAO airline designators (three letters) to operator names, from ingested registries.
CREATE TABLE operators (
    designator VARCHAR NOT NULL,
    name       VARCHAR,
    country    VARCHAR,
    telephony  VARCHAR,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);
