-- State vectors with each column's compression fixed in advance: the methods DuckDB itself
-- picks for ADS-B data (measured on OpenSky samples), so that storing 10 million rows no
-- longer spends a fifth of its time trying the others (bench/flights_pipeline.py: 10.0 → 7.8
-- CPU-seconds, same file size). Columns whose best method depends on the feed (time, flags,
-- geometric altitude) are left to DuckDB.
CREATE TABLE state_vectors_compressed (
    time              TIMESTAMP NOT NULL,
    icao24            VARCHAR NOT NULL USING COMPRESSION dictionary,  -- few aircraft, many rows
    callsign          VARCHAR USING COMPRESSION dictionary,
    lat               DOUBLE USING COMPRESSION alp,
    lon               DOUBLE USING COMPRESSION alp,
    altitude_ft       REAL USING COMPRESSION alp,
    geoaltitude_ft    REAL,
    groundspeed_kt    REAL USING COMPRESSION alprd,  -- converted units: not decimal-like
    track_deg         REAL USING COMPRESSION alp,
    vertical_rate_fpm REAL USING COMPRESSION alprd,
    on_ground         BOOLEAN,
    squawk            VARCHAR USING COMPRESSION dictionary,
    new_leg           BOOLEAN,
    source_id         INTEGER NOT NULL,
    locator           VARCHAR NOT NULL USING COMPRESSION fsst  -- "line 123": unique per row
);
INSERT INTO state_vectors_compressed SELECT * FROM state_vectors;
DROP TABLE state_vectors;
ALTER TABLE state_vectors_compressed RENAME TO state_vectors;
