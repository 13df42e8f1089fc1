-- Provenance: one row per ingested file (or folder read as one dataset).
CREATE SEQUENCE source_ids START 1;

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY DEFAULT nextval('source_ids'),
    kind          VARCHAR NOT NULL,
    format        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    ingested_at   TIMESTAMPTZ NOT NULL,
    reliability   VARCHAR NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    credibility   TINYINT NOT NULL CHECK (credibility BETWEEN 1 AND 6),
    rows_accepted BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    rejections    VARCHAR[] NOT NULL DEFAULT [],
    UNIQUE (kind, sha256)
);
