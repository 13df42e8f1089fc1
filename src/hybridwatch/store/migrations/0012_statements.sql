-- Statements (`hybridwatch ingest statements`): what an actor said, when, in which words. One
-- row per statement per speaking actor. `actor` is the speaker as the source names it (outlet,
-- channel, spokesperson); the canonical actor is resolved at analysis time
-- (hybridwatch.narratives.actors), so that editing the actors in case.toml needs no re-ingest.

CREATE SEQUENCE statement_ids START 1;

CREATE TABLE statements (
    id          BIGINT PRIMARY KEY DEFAULT nextval('statement_ids'),
    actor       VARCHAR NOT NULL,
    published   TIMESTAMP NOT NULL,  -- UTC; midnight when the source gives only the day
    day_only    BOOLEAN NOT NULL,    -- the source gives a date, not a time of day
    text        VARCHAR NOT NULL,    -- what was said (EUvsDisinfo: the case's title and summary)
    title       VARCHAR,
    language    VARCHAR,             -- ISO 639-1 ("en", "ru") where the source says or it is clear
    url         VARCHAR,
    platform    VARCHAR,             -- telegram | rss | web | euvsdisinfo | … as the reader knows
    external_id VARCHAR,             -- the source's own id: message id, case URL, feed entry id
    truncated   BOOLEAN NOT NULL,    -- the source cut the text (the MFA channel index: 120 chars)
    keywords    VARCHAR[] NOT NULL,  -- the source's own tags (EUvsDisinfo keywords, categories)
    extra       VARCHAR,             -- JSON object: other fields kept as given (disproof, views…)
    source_id   INTEGER NOT NULL,
    locator     VARCHAR NOT NULL
);
