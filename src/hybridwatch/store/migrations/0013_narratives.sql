-- Narrative analysis (`hybridwatch analyze`), rebuilt or extended on every run.

-- Statement vectors by text digest and embedder: a model-embedded text is never embedded twice.
-- (The lexical embedder's vectors depend on the whole corpus and are not kept.)
CREATE TABLE statement_vectors (
    digest   VARCHAR NOT NULL,   -- sha1 of the text
    embedder VARCHAR NOT NULL,   -- e5-small
    vector   FLOAT[] NOT NULL,   -- unit length
    PRIMARY KEY (digest, embedder)
);

-- Canonical actors as last resolved: the bundled list (hybridwatch/narratives/data/actors.csv)
-- with the case's [actors.*] tables of case.toml applied on top.
CREATE TABLE actors (
    id      VARCHAR PRIMARY KEY,  -- "ru-mfa", or "unresolved:<name>" for speakers not listed
    name    VARCHAR NOT NULL,
    country VARCHAR,              -- ISO 3166 alpha-2
    kind    VARCHAR NOT NULL,     -- government | official | state media | proxy | independent media | account | unknown
    aliases VARCHAR[] NOT NULL,
    handles VARCHAR[] NOT NULL
);

CREATE TABLE statement_actors (
    statement_id BIGINT NOT NULL,
    actor_id     VARCHAR NOT NULL,
    how          VARCHAR NOT NULL   -- alias | handle | unresolved: why the speaker is this actor
);

-- Narratives: clusters of statements that say the same thing. Ids are kept across runs; new
-- statements join the nearest narrative when close enough, else seed new ones.
CREATE TABLE narratives (
    id             INTEGER PRIMARY KEY,
    embedder       VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,  -- key terms and the representative statement's opening
    terms          VARCHAR[] NOT NULL,
    representative BIGINT NOT NULL,   -- statements.id nearest the centre
    size           INTEGER NOT NULL,
    actors         VARCHAR[] NOT NULL,
    first_seen     TIMESTAMP NOT NULL,
    last_seen      TIMESTAMP NOT NULL,
    centroid       FLOAT[] NOT NULL
);

CREATE TABLE narrative_members (
    narrative_id INTEGER NOT NULL,
    statement_id BIGINT NOT NULL,
    similarity   REAL NOT NULL        -- to the narrative's centre when the statement joined
);
