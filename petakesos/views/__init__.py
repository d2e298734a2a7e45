"""The dashboard's view logic, without streamlit, split by responsibility:

- `state`: the URL state (`ViewState`: parsing and writing the query string, the classification method in use);
- `sources`: where numbers come from (the indicator contract, its public variant, `NoIndicators`);
- `model`: URL state → queries → `MapView` (map spec, legend, coloured children; the change between two years);
- `panels`: KPI cards, the ranking, the data tables and the lists of the Tentang page.

Pages use `from petakesos import views; views.X`: the names below are that interface.
"""

from petakesos.views.model import (
    HIDDEN_COLOR,
    Definition,
    MapView,
    build_change_view,
    build_view,
    change_classification,
    change_values,
    classification_for,
    clicked_child,
    clicked_code,
    definition_of,
    format_value,
    map_spec,
)
from petakesos.views.panels import (
    KPI_INDICATORS,
    MAIN_COLUMNS,
    Kpi,
    action_list,
    category_lists,
    children_table,
    column_title,
    data_sources,
    definitions_by_group,
    display_frame,
    has_sensitive,
    indicator_options,
    kpis,
    load_history,
    method_options,
    number_columns,
    pmks_by_category,
    ranking_table,
    region_table,
    trend_note,
)
from petakesos.views.sources import (
    DEFINITION_COLUMNS,
    IndicatorSource,
    NoIndicators,
    PublicIndicators,
    indicator_source,
)
from petakesos.views.state import (
    COVERAGE,
    DEFAULT_INDICATOR,
    DEFAULT_K,
    DEFAULT_PALETTE,
    DEFAULT_SLIDE_SECONDS,
    METHOD_URL,
    URL_METHOD,
    ViewState,
    resolve_method,
)

__all__ = [
    "action_list", "change_classification", "column_title", "display_frame", "load_history",
    "number_columns",
    "COVERAGE", "DEFAULT_INDICATOR", "DEFAULT_K", "DEFAULT_PALETTE", "DEFAULT_SLIDE_SECONDS", "DEFINITION_COLUMNS",
    "HIDDEN_COLOR", "KPI_INDICATORS", "MAIN_COLUMNS", "METHOD_URL", "URL_METHOD", "Definition", "IndicatorSource",
    "Kpi", "MapView", "NoIndicators", "PublicIndicators", "ViewState", "build_change_view", "build_view",
    "category_lists", "change_values", "children_table", "classification_for", "clicked_child", "clicked_code",
    "data_sources", "definition_of", "definitions_by_group", "format_value", "has_sensitive", "indicator_options",
    "indicator_source", "kpis", "map_spec", "method_options", "pmks_by_category", "ranking_table", "region_table",
    "resolve_method", "trend_note",
]
