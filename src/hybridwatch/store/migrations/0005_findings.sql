-- Detector output, every kind in one table; rebuilt per kind by `hybridwatch analyze`.
CREATE TABLE findings (
    id          VARCHAR PRIMARY KEY,   -- stable across reruns: kind + what it is about
    kind        VARCHAR NOT NULL,      -- airlift | arms | narrative | …
    title       VARCHAR NOT NULL,
    summary     VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,       -- 0–1, from the factors
    factors     VARCHAR NOT NULL,      -- JSON list: {factor, applies, weight, explanation}
    details     VARCHAR NOT NULL,      -- JSON object, shape per kind
    first_seen  TIMESTAMP,
    last_seen   TIMESTAMP,
    analyzed_at TIMESTAMP NOT NULL
);

-- The rows behind each finding: which stored record supports (or contradicts) it.
CREATE TABLE finding_evidence (
    finding_id VARCHAR NOT NULL,
    record     VARCHAR NOT NULL,       -- table the record lives in: flights, sources, …
    record_id  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL        -- supports | contradicts
);
