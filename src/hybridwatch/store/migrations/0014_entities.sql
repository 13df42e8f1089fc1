-- The evidence graph (hybridwatch.evidence.entities): the same country, organisation, person,
-- aircraft, airport, weapon system or place as named by every stream, resolved into one entity.
-- `entities`, `entity_members`, `entity_statements` and `entity_links` are rebuilt together by
-- every resolution (`hybridwatch analyze`, `entities merge|split`); `entity_decisions` holds the
-- analyst's decisions, which each resolution applies again.

CREATE TABLE entities (
    id      VARCHAR PRIMARY KEY,  -- <type>:<key of its strongest member>: country:AZ, airport:LBBG
    type    VARCHAR NOT NULL CHECK (type IN ('country', 'organization', 'person', 'aircraft',
                'airport', 'system', 'place')),
    name    VARCHAR NOT NULL,     -- the strongest member's name: ISO short name, registration, …
    country VARCHAR,              -- ISO 3166 alpha-2: its own code, registration, seat, speaker's
    aliases VARCHAR[] NOT NULL    -- every other name its members give it
);

-- The stream-level identities merged into each entity, and why each is there.
CREATE TABLE entity_members (
    entity_id VARCHAR NOT NULL,   -- entities.id
    member    VARCHAR NOT NULL,   -- country:AZ, aircraft:600881, actor:az-mfa, org:excalibur army,
                                  -- operator:azerbaijan air force, doc:<source id>:<entity id>, …
    how       VARCHAR NOT NULL    -- key | fingerprint | fuzzy <score> | analyst merge | analyst split
);

-- Statement-level provenance (as in FollowTheMoney): each property value an entity has, with
-- the stored row that states it. Rows stating the same value in one table of one source are
-- one statement: `record_id` and `locator` name one of them, `rows` counts them.
CREATE TABLE entity_statements (
    entity_id VARCHAR NOT NULL,   -- entities.id
    prop      VARCHAR NOT NULL,   -- name | alias | code | kind | registration | typecode | …
    value     VARCHAR NOT NULL,
    record    VARCHAR NOT NULL,   -- the table the row lives in (flights, arms_deals, actors, …),
                                  -- or "reference" for data bundled with hybridwatch
    record_id VARCHAR,            -- its id there (document entities: <source id>:<char start>;
                                  -- reference: "airportsdata LBBG", "metonyms.csv Baku")
    source_id INTEGER,            -- sources.id; NULL for bundled lists (actors, reference)
    locator   VARCHAR,            -- where in the source: "line 27528"; NULL where not kept
    rows      INTEGER NOT NULL    -- how many rows of that table and source state it
);

-- Relations between entities, one row per (source, relation, target, table, source file), with
-- one row stating it and how many do. `source` is an entity id, or the document or finding a
-- `mentions` or `involves` link starts at (document:<id>, finding:<id>).
CREATE TABLE entity_links (
    source    VARCHAR NOT NULL,
    target    VARCHAR NOT NULL,   -- entities.id
    relation  VARCHAR NOT NULL,   -- registered_in | operated_by | flew_from | flew_to | located_in
                                  -- | serves | speaks_for | based_in | supplies | finances
                                  -- | transits | supplies_system | receives_system | uses_system
                                  -- | makes_system | capital_of | mentions | involves
    record    VARCHAR NOT NULL,   -- the table of the rows stating it
    record_id VARCHAR,            -- one such row
    source_id INTEGER,            -- sources.id; NULL for bundled lists and derived findings
    weight    INTEGER NOT NULL    -- how many rows state it (flights flown, deals, mentions, …)
);

-- The analyst's decisions, about member keys so that they hold on every rerun: merge puts the
-- entities of member_a and member_b together; split takes member_a out into an entity of its own.
CREATE SEQUENCE entity_decision_ids START 1;

CREATE TABLE entity_decisions (
    id         INTEGER PRIMARY KEY DEFAULT nextval('entity_decision_ids'),  -- order applied
    action     VARCHAR NOT NULL CHECK (action IN ('merge', 'split')),
    member_a   VARCHAR NOT NULL,  -- entity_members.member
    member_b   VARCHAR,           -- merge: the other member; split: NULL
    note       VARCHAR,           -- the analyst's reason
    decided_at TIMESTAMP NOT NULL -- UTC
);
