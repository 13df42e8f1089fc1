"""The arms ledger: who promised, ordered, financed, delivered and lost which weapons.

- `countries`: party names (SIPRI spellings, former States, non-State actors, organisations) to
  ISO 3166 codes or canonical names, and party mentions in free text
- `systems`: weapon systems under one canonical name, and categories from descriptions
- `comments`: financiers and routing ("financed by …", "delivery via …") from SIPRI comments
- `dates`: the analyst ledger's dates with their precision
- `query`: the ledger and fulfilment queries behind `hybridwatch arms`
- `indicators`: the `arms` detector of `hybridwatch analyze` (lag, competing customer, routing,
  embargo, source mismatch, flights), with `embargoes` (dated reference data) and `config`
  (`[arms]` in case.toml)

The readers that fill the tables are in `hybridwatch.sources` (sipri, oryx, arms_ledger).
"""
