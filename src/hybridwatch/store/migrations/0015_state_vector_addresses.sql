-- State vectors keep the ICAO 24-bit address as its number (`address`) instead of six hex
-- digits: a string per row cost the insert about 17% of its CPU (hashing, dictionary and
-- statistics) and made every sort by aircraft sort strings. Flights, registries and every
-- other table keep `icao24` as text; `printf('%06x', address)` gives it back, and the view
-- `state_vectors_readable` shows the rows with it.
CREATE TABLE state_vectors_addressed (
    time              TIMESTAMP NOT NULL,
    address           INTEGER NOT NULL,  -- ICAO 24-bit address, 0 to 16777215
    callsign          VARCHAR USING COMPRESSION dictionary,
    lat               DOUBLE USING COMPRESSION alp,
    lon               DOUBLE USING COMPRESSION alp,
    altitude_ft       REAL USING COMPRESSION alp,
    geoaltitude_ft    REAL,
    groundspeed_kt    REAL USING COMPRESSION alprd,
    track_deg         REAL USING COMPRESSION alp,
    vertical_rate_fpm REAL USING COMPRESSION alprd,
    on_ground         BOOLEAN,
    squawk            VARCHAR USING COMPRESSION dictionary,
    new_leg           BOOLEAN,
    source_id         INTEGER NOT NULL,
    locator           VARCHAR,
    position          BIGINT
);

INSERT INTO state_vectors_addressed
SELECT time, CAST('0x' || icao24 AS INTEGER), callsign, lat, lon, altitude_ft, geoaltitude_ft,
    groundspeed_kt, track_deg, vertical_rate_fpm, on_ground, squawk, new_leg, source_id, locator,
    position
FROM state_vectors;

DROP TABLE state_vectors;
ALTER TABLE state_vectors_addressed RENAME TO state_vectors;

CREATE VIEW state_vectors_readable AS
SELECT printf('%06x', address) AS icao24, * EXCLUDE (address) FROM state_vectors;
