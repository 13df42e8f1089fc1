-- Flights derived from state vectors (and reported flights not covered by positions).
-- Rebuilt by hybridwatch.flights.pipeline whenever the sources it depends on change.
CREATE TABLE flights (
    id                       VARCHAR NOT NULL,   -- <icao24>-<first seen, UTC yyyymmddThhmmss>
    icao24                   VARCHAR NOT NULL,
    callsigns                VARCHAR[],
    first_seen               TIMESTAMP NOT NULL,
    last_seen                TIMESTAMP NOT NULL,
    points                   INTEGER NOT NULL,   -- airborne state vectors in the flight
    registration             VARCHAR,
    typecode                 VARCHAR,
    description              VARCHAR,
    operator                 VARCHAR,
    operator_designator      VARCHAR,            -- ICAO airline designator from the callsign
    country                  VARCHAR,            -- ISO 3166-1 alpha-2, from the address block
    military                 BOOLEAN,
    identity_reason          VARCHAR,
    operator_reason          VARCHAR,
    country_reason           VARCHAR,
    military_reason          VARCHAR,
    departure_airport        VARCHAR,
    departure_time           TIMESTAMP,
    departure_method         VARCHAR,            -- ground | climb | reported | next-flight
    departure_distance_km    DOUBLE,
    departure_inferred       BOOLEAN,
    departure_unknown_reason VARCHAR,
    arrival_airport          VARCHAR,
    arrival_time             TIMESTAMP,
    arrival_method           VARCHAR,            -- ground | descent | reported | next-flight
    arrival_distance_km      DOUBLE,
    arrival_inferred         BOOLEAN,
    arrival_unknown_reason   VARCHAR,
    reported_origin          VARCHAR,            -- what a flight list says, kept as its claim
    reported_destination     VARCHAR,
    source_ids               INTEGER[]
);

-- What each derived table was last built from, so it is rebuilt only when that changes.
CREATE TABLE build_state (
    name      VARCHAR PRIMARY KEY,
    signature VARCHAR NOT NULL,
    built_at  TIMESTAMP NOT NULL,
    seconds   DOUBLE NOT NULL
);
