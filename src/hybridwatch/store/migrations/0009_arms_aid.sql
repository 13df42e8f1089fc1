-- Aid to a country in money (`hybridwatch ingest transfers`, Kiel Institute Ukraine Support
-- Tracker): one row per row of the tracker's "Bilateral Assistance, MAIN DATA" sheet. Money is
-- not units, so these rows sit beside `arms_deals` and `arms_events`, never in them. Parties as
-- in 0007 (hybridwatch.arms.countries); `system` is canonical only where the item names a system
-- hybridwatch.arms.systems knows, else NULL with the item kept as written. Values are in whole
-- units of `currency` as the source states it (a "€ million" column is multiplied out), never
-- converted; `delivered_value` is in the same currency.

CREATE SEQUENCE arms_aid_ids START 1;

CREATE TABLE arms_aid (
    id                  BIGINT PRIMARY KEY DEFAULT nextval('arms_aid_ids'),
    aid_key             VARCHAR,             -- the tracker's own row or activity id
    donor               VARCHAR NOT NULL,
    donor_kind          VARCHAR NOT NULL,
    donor_name          VARCHAR NOT NULL,    -- as written: "EU (Commission and Council)"
    recipient           VARCHAR NOT NULL,    -- UA unless the sheet has a recipient column
    recipient_kind      VARCHAR NOT NULL,
    recipient_name      VARCHAR NOT NULL,
    announced           DATE,                -- first day of the period; NULL: not stated
    announced_precision VARCHAR CHECK (announced_precision IN ('day', 'month', 'year',
                            'approximate')),
    announced_text      VARCHAR,             -- as written (a date cell: its ISO date)
    aid_type            VARCHAR,             -- general, as written: Military | Financial | …
    aid_type_specific   VARCHAR,             -- as written: "Military equipment"
    measure             VARCHAR NOT NULL CHECK (measure IN ('commitment', 'allocation',
                            'delivery')),
    measure_name        VARCHAR NOT NULL,    -- as written
    system              VARCHAR,             -- canonical, where the item names a known system
    system_key          VARCHAR,
    category            VARCHAR,
    item                VARCHAR,             -- as written: "155mm artillery shells"
    quantity            BIGINT,              -- NULL: not stated
    quantity_delivered  BIGINT,
    value               DOUBLE CHECK (value >= 0),
    currency            VARCHAR CHECK (regexp_full_match(currency, '[A-Z]{3}')),
    delivered_value     DOUBLE CHECK (delivered_value >= 0),
    value_column        VARCHAR,             -- the column the value came from, as written
    sources             VARCHAR,             -- the tracker's sources / links, as written
    note                VARCHAR,             -- its explanation or comments
    source_id           INTEGER NOT NULL,
    locator             VARCHAR NOT NULL     -- "sheet 'Bilateral Assistance, MAIN DATA' row 12"
);
