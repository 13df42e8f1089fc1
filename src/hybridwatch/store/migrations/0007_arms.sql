-- The arms ledger (`hybridwatch ingest transfers`): register deals, the analyst's lifecycle
-- events, and equipment losses. Parties are ISO 3166 alpha-2 codes (former States: SU, CS, DD,
-- YU) or, for non-State actors, organisations and the unknown, a canonical name; `*_kind` says
-- which (hybridwatch.arms.countries.KINDS) and `*_name` keeps the name as written. Systems are
-- canonical names (hybridwatch.arms.systems); `system_key` is the folded form queries compare.
-- Ids are stable row numbers that findings (`finding_evidence.record_id`) can point at.

CREATE SEQUENCE arms_deal_ids START 1;
CREATE SEQUENCE arms_event_ids START 1;
CREATE SEQUENCE arms_loss_ids START 1;

-- One row per deal: a SIPRI trade-register line (fragments of a comment split over several
-- physical lines merged back), or one SIPRI AT Database ID of the per-delivery-year export with
-- its years folded in. Multi-year deliveries stay on this one row (delivery_years is a list);
-- nothing is ever repeated per year.
CREATE TABLE arms_deals (
    id                       BIGINT PRIMARY KEY DEFAULT nextval('arms_deal_ids'),
    deal_key                 VARCHAR,            -- the source's own deal id (SIPRI AT Database ID)
    supplier                 VARCHAR NOT NULL,
    supplier_kind            VARCHAR NOT NULL,
    supplier_name            VARCHAR NOT NULL,
    recipient                VARCHAR NOT NULL,
    recipient_kind           VARCHAR NOT NULL,
    recipient_name           VARCHAR NOT NULL,
    financiers               VARCHAR[] NOT NULL, -- parties, from "financed by …" in comments
    via                      VARCHAR[] NOT NULL, -- parties, from "delivery via …" in comments
    system                   VARCHAR NOT NULL,   -- canonical: "Zuzana 2"
    system_key               VARCHAR NOT NULL,   -- folded: "zuzana2"
    designation              VARCHAR NOT NULL,   -- as written: "Zuzana-2"
    description              VARCHAR,            -- as written: "self-propelled gun"
    category                 VARCHAR NOT NULL,   -- artillery | armoured vehicle | aircraft | …
    order_year               SMALLINT,
    order_year_uncertain     BOOLEAN NOT NULL,
    ordered                  INTEGER,            -- NULL: the source does not (yet) say
    ordered_uncertain        BOOLEAN NOT NULL,
    delivered                INTEGER,
    delivered_uncertain      BOOLEAN NOT NULL,
    delivery_years           SMALLINT[] NOT NULL,
    delivery_years_uncertain BOOLEAN,            -- NULL where the source has no such flag
    status                   VARCHAR,            -- New | Second hand | Second hand but modernized
    comments                 VARCHAR,
    local_production         BOOLEAN,            -- per-delivery-year export only
    sipri_estimate           BOOLEAN,            -- per-delivery-year export only
    tiv_unit                 DOUBLE,             -- SIPRI trend-indicator values, millions
    tiv_order                DOUBLE,
    tiv_delivered            DOUBLE,             -- over all delivery years, counted once
    fragments                SMALLINT NOT NULL,  -- continuation lines merged into this deal
    source_id                INTEGER NOT NULL,
    locator                  VARCHAR NOT NULL    -- "line 27528", "lines 5432-5433"
);

-- The analyst's own ledger: one lifecycle event per row. `party` gives and `counterparty`
-- receives (pledged, ordered, financed, produced, shipped, delivered: donor, supplier,
-- financier, producer or shipper → recipient); for seen_in_use and lost, `party` holds the
-- item and `counterparty` is where it came from.
CREATE TABLE arms_events (
    id                BIGINT PRIMARY KEY DEFAULT nextval('arms_event_ids'),
    event             VARCHAR NOT NULL CHECK (event IN ('pledged', 'ordered', 'financed',
                          'produced', 'shipped', 'delivered', 'seen_in_use', 'lost')),
    party             VARCHAR NOT NULL,
    party_kind        VARCHAR NOT NULL,
    party_name        VARCHAR NOT NULL,
    counterparty      VARCHAR,
    counterparty_kind VARCHAR,
    counterparty_name VARCHAR,
    system            VARCHAR NOT NULL,
    system_key        VARCHAR NOT NULL,
    system_name       VARCHAR NOT NULL,          -- as written
    category          VARCHAR,                   -- where the system table knows it
    quantity          INTEGER,
    date              DATE NOT NULL,             -- first day of the period the date names
    date_precision    VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year',
                          'approximate')),
    date_text         VARCHAR NOT NULL,          -- as written: "mid-2024"
    citation          VARCHAR,                   -- the analyst's source for the event
    url               VARCHAR,
    note              VARCHAR,
    source_id         INTEGER NOT NULL,
    locator           VARCHAR NOT NULL
);

-- Visually confirmed equipment losses (Oryx): whose loss, where the item was made, what it is.
-- A loss in a country's hands of an item made in X proves that at least one reached it.
CREATE TABLE arms_losses (
    id            BIGINT PRIMARY KEY DEFAULT nextval('arms_loss_ids'),
    country       VARCHAR NOT NULL,              -- whose loss
    country_name  VARCHAR NOT NULL,
    origin        VARCHAR,                       -- country of manufacture; NULL if not resolved
    origin_name   VARCHAR NOT NULL,
    system        VARCHAR NOT NULL,              -- canonical
    system_key    VARCHAR NOT NULL,
    system_name   VARCHAR NOT NULL,              -- as written: "3 155mm ShKH Zuzana 2"
    item          INTEGER,                       -- Oryx's number for the item in its list
    status        VARCHAR NOT NULL CHECK (status IN ('destroyed', 'damaged', 'abandoned',
                      'captured')),
    url           VARCHAR,
    date_recorded DATE,
    oryx_sys_id   INTEGER,                       -- Oryx's own ids: sysID, imageID, statusID, matID
    oryx_image_id INTEGER,
    oryx_status_id INTEGER,
    oryx_mat_id   VARCHAR,
    source_id     INTEGER NOT NULL,
    locator       VARCHAR NOT NULL
);
