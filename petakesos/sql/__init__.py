"""All SQL of Peta Kesos lives in this package, one module per subject; statements always bind parameters.

`SCHEMA` is the ordered list of DDL statements that `petakesos.store` runs to create or upgrade a store.
"""

from petakesos.sql import indicators, regions, welfare

SCHEMA: list[str] = [*regions.SCHEMA, *welfare.SCHEMA, *indicators.SCHEMA]
