-- Documents (articles, reports) as `hybridwatch extract` reads them, one per ingested file:
-- `source_id` is the document's id. Every *_start/*_end is a character offset into
-- `documents.text` (Python string indices, end exclusive); locators read "chars 120-245".
CREATE TABLE documents (
    title      VARCHAR,
    author     VARCHAR,
    site       VARCHAR,
    published  VARCHAR,            -- as the document states it, when it does
    language   VARCHAR NOT NULL,   -- ISO 639-1, or "und"
    text       VARCHAR NOT NULL,   -- the cleaned body every offset indexes
    warnings   VARCHAR[] NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL    -- "document"
);

CREATE TABLE document_sections (
    number     INTEGER NOT NULL,   -- 1-based, in order
    heading    VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

CREATE TABLE document_sentences (
    number     INTEGER NOT NULL,   -- 1-based, in order
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

-- Footnote markers, each on the sentence it supports.
CREATE TABLE document_footnotes (
    number     INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

-- One row per mention of an entity.
CREATE TABLE document_entities (
    entity_id  VARCHAR NOT NULL,   -- e.g. country:azerbaijan
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    aliases    VARCHAR[] NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

-- Dated events: a date mention and the sentence it dates.
CREATE TABLE document_events (
    date       VARCHAR,            -- ISO date (the first day for a month or year)
    end_date   VARCHAR,
    precision  VARCHAR,            -- day | month | year | …
    summary    VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,   -- the sentence
    char_end   INTEGER NOT NULL,
    date_start INTEGER NOT NULL,   -- the date mention
    date_end   INTEGER NOT NULL,
    entities   VARCHAR[] NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

CREATE TABLE document_quantities (
    value      DOUBLE,
    unit       VARCHAR,
    item       VARCHAR,
    qualifier  VARCHAR,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    source_id  INTEGER NOT NULL,
    locator    VARCHAR NOT NULL
);

-- Claims as the document makes them, with hedging and attribution.
CREATE TABLE document_claims (
    text          VARCHAR NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    hedges        VARCHAR[] NOT NULL,
    likelihood    VARCHAR,
    attributed_to VARCHAR,
    anonymous     BOOLEAN NOT NULL,
    footnotes     INTEGER[] NOT NULL,
    entities      VARCHAR[] NOT NULL,
    source_id     INTEGER NOT NULL,
    locator       VARCHAR NOT NULL
);
