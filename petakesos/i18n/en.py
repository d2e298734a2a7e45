"""English: every UI text of the dashboard and its exports, for national and international partners. Same keys as
`id.py` (a test checks it); domain terms (WKSBM, PMKS, PSKS, SPM, desa/kelurahan, kab/kota) stay Indonesian.
Also the English names of the built-in indicators, the PMKS/PSKS categories and the indicator groups."""

from petakesos.welfare import DEMO_SOURCE

TEXT: dict[str, str] = {
    # ---- app, menu, language -----------------------------------------------------------------------------------
    "APP_TITLE": "Peta Kesos",
    "APP_SUBTITLE": "Social welfare map: WKSBM, PMKS and PSKS",
    "PAGE_PETA": "Map",
    "PAGE_TREN": "Trend",
    "PAGE_DATA": "Data",
    "PAGE_TENTANG": "About",
    "LANGUAGE_LABEL": "Bahasa / Language",
    # ---- banners and notes -------------------------------------------------------------------------------------
    "DEMO_BANNER": f"{DEMO_SOURCE} (sample data) — the welfare figures on this map are demo data for testing, not "
                   "official data. Do not quote them.",
    "DEMO_SHORT": f"{DEMO_SOURCE} — sample data, not official",
    "DEMO_CSV_LINE": f"{DEMO_SOURCE} (sample data) — not official. Do not quote as real figures.",
    "NO_WELFARE": "No welfare data in the database yet; the map shows boundaries only.",
    "NOTE_REGION_NOT_FOUND": "Region code {kode} not found; showing Indonesia.",
    "NOTE_NO_POLYGON": "{n} regions without a boundary polygon are not drawn on the map (they are in the table).",
    "NOTE_NO_WELFARE": "No welfare data (WKSBM/PMKS/PSKS) in the database yet: the map shows boundaries only.",
    "PRIVACY_NOTICE": "<{k} = a number of a sensitive category between 1 and {below}, hidden; {mark} = another number "
                      "hidden too so that no <{k} can be computed from any total (each <{k} can still be anything "
                      "from 1 to {below}); {withheld} = sensitive categories are not published below kabupaten/kota "
                      "level, and the PMKS total there does not include them.",
    "PRIVACY_MAP_NOTICE": "Hatched regions: value hidden — a number of a sensitive category 1–{below} (<{k}), or a "
                          "number hidden too ({mark}) so that it cannot be computed from the totals; below "
                          "kabupaten/kota level sensitive categories are not published ({withheld}) and the PMKS "
                          "total does not include them.",
    "HATCH_PRIMARY": "<{k}: number of a sensitive category 1–{below}, hidden",
    "HATCH_SECONDARY": "{mark}: hidden too so that no <{k} can be computed from a total",
    "HATCH_WITHHELD": "{withheld}: sensitive categories not published below kab/kota level",
    "PRIVACY_ANALYST": "Analyst view: values of sensitive categories are shown exactly — do not circulate.",
    "DATA_SOURCES": "Data source: {sources}.",
    "NOT_COMPARABLE": "not comparable",
    "NOT_COMPARABLE_SPLIT": "not comparable (the region changed: split)",
    "NOTE_NOT_COMPARABLE": "{nama}: not comparable between {a} and {b}, {reason}.",
    "NOTE_INCOMPLETE_TOTAL": "{nama}: no total for {wilayah} in {tahun}, because only {n} of its {m} sub-regions "
                             "reported (a partial sum is not shown as a total).",
    "NOTE_NOT_SUMMED": "{nama} is published by its source for certain levels only and is not summed: there are no "
                       "values per {tingkat} here (open a region where data is available).",
    "PUBLIC_NOTE": "Public view: small numbers of sensitive categories are hidden.",
    "ASSETS_MISSING": "The map cannot be drawn: the Leaflet files are not installed. Run "
                      "`npm ci && scripts/install_assets.sh`. Missing: {files}",
    # ---- errors and URL values that could not be used (pages/_shared.run_page, read_state) -------------------
    "INTERNAL_ERROR_TITLE": "Something went wrong on the server",
    "INTERNAL_ERROR": "This page cannot be shown. Reload the page; if it still fails, report it to the application's "
                      "administrator with the address (URL) of this page. The details are in the server log.",
    "URL_VALUES_IGNORED": "Some values in the address (URL) could not be used; used instead:",
    # ---- the map's message (issue 12a, petakesos/view_checks): fallbacks stated instead of switching silently
    "UNKNOWN_INDICATOR": "Unknown indicator “{asked}”; shown instead: {used}.",
    "UNKNOWN_YEAR": "No data for {asked} (available {first}–{last}); shown instead: {used}.",
    "NO_VALUES_AT_LEVEL": "{indikator} is not available per {tingkat} in {wilayah}: it is computed for higher "
                          "levels only. Choose another view:",
    "OFFER_LEVEL_UP": "{indikator} per {tingkat} in {wilayah}",
    "OFFER_OTHER_INDICATOR": "{indikator} in {wilayah}",
    "REGION_WORD": "Region",
    # ---- values ------------------------------------------------------------------------------------------------
    "NO_DATA": "no data",
    "NO_DATA_CLASS": "No data",
    "SPM_ZERO_CLASS": "0% (no WKSBM yet)",
    "SPM_MET_CLASS": "100% (SPM met)",
    "HIDDEN_SUFFIX": "(hidden)",
    "RANK_OF": "rank {rank} of {n}",
    "POINTS": "points",
    # ---- search ------------------------------------------------------------------------------------------------
    "SEARCH_LABEL": "Find a region (name or code)",
    "SEARCH_HELP": "For example: Magelang, Kab. Magelang, Kota Yogyakarta, 33.71, 3371011003. Choose a result to go "
                   "to that region.",
    "SEARCH_PLACEHOLDER": "region name or code",
    "SEARCH_NONE": "Nothing found.",
    "SEARCH_MORE": "… and {n} more results; refine the search.",
    "TINGKAT.indonesia": "Indonesia",
    "TINGKAT.provinsi": "Province",
    "TINGKAT.kabupaten_kota": "Kabupaten/Kota",
    "TINGKAT.kecamatan": "Kecamatan",
    "TINGKAT.desa_kelurahan": "Desa/Kelurahan",
    # ---- sidebar controls --------------------------------------------------------------------------------------
    "INDICATOR_LABEL": "Indicator",
    "YEAR_LABEL": "Year",
    "METHOD_LABEL": "Classification",
    "CLASSES_LABEL": "Number of classes",
    "PALETTE_LABEL": "Colour palette (colour-blind safe)",
    "BREAKS_LABEL": "Manual class breaks (separated by commas)",
    "BREAKS_HELP": "For example: 10,25,50. Used when the classification is Manual breaks.",
    "FIXED_LABEL": "Same classes for every year",
    "FIXED_HELP": "Class breaks are computed from all years, so colours can be compared between years.",
    "METHOD.auto": "Automatic",
    "METHOD.quantile": "Quantiles",
    "METHOD.equal_interval": "Equal intervals",
    "METHOD.jenks": "Natural breaks (Jenks)",
    "METHOD.manual": "Manual breaks",
    "METHOD.spm": "SPM target (100%)",
    "METHOD.change": "Change between years (diverging)",
    # ---- Peta page ---------------------------------------------------------------------------------------------
    "LEGEND_TITLE": "Legend",
    "RANKING_TITLE": "Ranking",
    "CLICK_HINT": "Click a region on the map or choose a row of the ranking to go to that region.",
    "LEAF_HINT": "Deepest level: desa/kelurahan. Click another desa/kelurahan to select it.",
    "DEFINITION_TITLE": "Definition: {nama}",
    "DEFINITION_MISSING": "No definition yet.",
    "PMKS_CHART_TITLE": "PMKS by category, {tahun}",
    "TREND_CHART_TITLE": "Trend: {nama}",
    "NO_WKSBM_TITLE": "Desa/kelurahan without a WKSBM",
    "NO_WKSBM_EMPTY": "No desa/kelurahan without a WKSBM (or no data yet) in this region.",
    "NO_WKSBM_COUNT": "{n} desa/kelurahan have no WKSBM yet — a follow-up list for the planning meeting.",
    "NO_WKSBM_FIRST": " The first {n} are shown; download the CSV for the full list.",
    # ---- KPI cards ---------------------------------------------------------------------------------------------
    "KPI.desa_total": "Desa/kelurahan",
    "KPI.desa_dengan_wksbm": "With a WKSBM",
    "KPI.cakupan_wksbm_pct": "WKSBM coverage",
    "KPI.pmks_total": "PMKS total (persons)",
    "KPI_DELTA_HELP": "Change compared with {tahun}.",
    "KPI_DELTA_SCREEN": "compared with the previous year",
    # ---- table columns -----------------------------------------------------------------------------------------
    "COL_RANK": "Rank",
    "COL_CODE": "Code",
    "COL_NAME": "Name",
    "COL_GROUP": "Group",
    "COL_INDICATOR": "Indicator",
    "COL_VALUE": "Value",
    "COL_UNIT": "Unit",
    "COL_ABBREV": "Abbreviation",
    "COL_SENSITIVE": "Sensitive",
    "COL_DESA": "Desa/kelurahan",
    "COL_KECAMATAN": "Kecamatan",
    "COL_KABKOTA": "Kabupaten/kota",
    "COL_PROVINSI": "Province",
    "COL_SOURCE": "Data source",
    "COL_DEMO": "Sample data",
    "COL_LOADED_AT": "Loaded at",
    "COL_LOAD_KIND": "Kind of data",
    "COL_LOAD_FILES": "Files",
    "COL_LOAD_SUMMARY": "Summary",
    "COL_REGION_CODE": "Region code",
    "COL_REGION_NAME": "Region name",
    "COL_LEVEL": "Level",
    "YES": "yes",
    "LOAD_KIND.boundaries": "Boundaries",
    "LOAD_KIND.welfare": "Welfare data",
    "LOAD_KIND.demo": "Sample data",
    "LOAD_KIND.codes": "Region code list",
    # ---- downloads ---------------------------------------------------------------------------------------------
    "DOWNLOAD_CSV": "Download CSV",
    "DOWNLOAD_CSV_HELP": "CSV with comma separator and decimal point, UTF-8.",
    # ---- Data page ---------------------------------------------------------------------------------------------
    "DATA_TITLE": "Data: {nama}",
    "DATA_CHILDREN": "Regions below ({n}) — year {tahun}",
    "DATA_OWN": "All indicators of this region",
    # ---- Tren page ---------------------------------------------------------------------------------------------
    "TREN_TITLE": "Trend: {nama}",
    "TREN_NEED_TWO": "Comparing years needs data for at least two years.",
    "TREN_YEARS_AVAILABLE": "Years available: {years}",
    "TREN_FROM": "From year",
    "TREN_TO": "To year",
    "TREN_CHANGE_TITLE": "Change of {nama}, {a} → {b}",
    "TREN_CHANGE_LABEL": "Change of {nama} {a}→{b}",
    "TREN_NO_SERIES": "No yearly series for this indicator yet.",
    "TREN_DIRECTION_WORSE": "For this indicator an increase means worse: increases are brown, decreases teal.",
    "TREN_DIRECTION_BETTER": "For this indicator an increase means better: increases are teal, decreases brown.",
    "TREN_DIRECTION_NEUTRAL": "No direction of good is set for this indicator (neutral): increases are purple, "
                              "decreases orange, without judging better or worse.",
    "CHANGE.up": "increase",
    "CHANGE.down": "decrease",
    "CHANGE.same": "no change",
    "CHANGE.better": "better",
    "CHANGE.worse": "worse",
    # ---- Tentang page ------------------------------------------------------------------------------------------
    "ABOUT_TITLE": "About Peta Kesos",
    "ABOUT_INTRO": "Peta Kesos (social welfare map) helps the Dinas Sosial plan services: the coverage of **WKSBM** "
                   "(community-based social welfare institutions; the SPM minimum service standard asks for one "
                   "WKSBM in every desa/kelurahan), the number of **PMKS** (persons with social welfare problems, "
                   "26 categories of Permensos 08/2012) and **PSKS** (social welfare potentials and resources, 12 "
                   "categories) from the national level down to the desa/kelurahan.",
    "ABOUT_DEFINITIONS": "Indicator definitions",
    "ABOUT_SENSITIVE": "sensitive",
    "ABOUT_LISTS": "PMKS and PSKS categories",
    "ABOUT_CATEGORIES": "{jenis} ({n} categories)",
    "ABOUT_SOURCES": "Data sources and licences",
    "ABOUT_POPULATION": "Population 2025: cahyadsn/wilayah (MIT), for the indicator PMKS per 1000 inhabitants",
    "ABOUT_LEAFLET": "Maps are drawn with Leaflet (BSD-2-Clause), installed from the npm registry and served by this "
                     "application; no file is loaded from the internet",
    "ABOUT_WELFARE_SOURCES": "Sources of the welfare figures in this database:",
    "ABOUT_HISTORY": "Data loading history",
    "BOUNDARY_CREDIT": "Boundaries: cahyadsn/wilayah_boundaries (MIT, © 2024 Cahya DSN), Kepmendagri No "
                       "300.2.2-2430 of 2025",
    "CODE_LIST_CREDIT": "Region codes: Kepmendagri 2025 via cahyadsn/wilayah (MIT)",
    "MAP_CREDIT": "Boundaries: cahyadsn/wilayah_boundaries (MIT) · Kepmendagri 2025",
    # ---- export panel ------------------------------------------------------------------------------------------
    "EXPORT_TITLE": "Download map and table (public version)",
    "EXPORT_HINT": "Made on the server with full-detail geometry; small numbers of sensitive categories are hidden, "
                   "data sources and boundary credits are included.",
    "EXPORT_FORMAT": "Map format",
    "EXPORT_CUSTOM_TITLE": "Title (leave empty for an automatic title)",
    "EXPORT_MAKE_MAP": "Make the map image",
    "EXPORT_DRAWING": "Drawing the map …",
    "EXPORT_DOWNLOAD": "Download {fmt}",
    "EXPORT_MAKE_TABLE": "Make {fmt} table",
    "EXPORT.screen": "PNG screen (1920×1080)",
    "EXPORT.a4_landscape": "PNG print A4 landscape, 300 dpi",
    "EXPORT.a4_portrait": "PNG print A4 portrait, 300 dpi",
    "EXPORT.a3_landscape": "PNG print A3 landscape, 300 dpi",
    "EXPORT.pdf": "PDF A4 landscape",
    "EXPORT.svg": "SVG A4 landscape",
    # ---- exported tables (XLSX/CSV) ----------------------------------------------------------------------------
    "TABLE_TITLE": "Social welfare indicators by {level} in {wilayah}, {tahun}",
    "TABLE_TOTAL": "Total {wilayah}",
    "TABLE_SOURCE": "Source: {sources}. {credit}",
    "TABLE_NO_SOURCE": "no social welfare data loaded yet",
    "NOTES_SHEET": "Notes",
    "NOTES_KEY": "Item",
    "NOTES_VALUE": "Content",
    "NOTES_TITLE": "Title",
    "NOTES_WARNING": "WARNING",
    "NOTES_REGION": "Region",
    "NOTES_NATIONAL": "national",
    "NOTES_YEAR": "Year of data",
    "NOTES_EXPORT_DATE": "Export date",
    "NOTES_DATA_DATE": "Data date",
    "NOTES_SOURCE": "Data source {i}",
    "NOTES_BOUNDARIES": "Boundaries",
    "NOTES_CODES": "Region codes",
    "NOTES_PRIVACY": "Confidentiality",
    "NOTES_HIDDEN": "Hidden cells",
    "NOTES_MADE_WITH": "Made with",
    "NOTES_DEFINITIONS": "Indicator definitions",
    # ---- exported maps ------------------------------------------------------------------------------------------
    "MAP_TITLE": "{indikator} in {wilayah}, {tahun}",
    "MAP_SUBTITLE": "{indikator}{unit} by {level}, {tahun}",
    "MAP_OUTLINE": "; thick lines: {level} borders",
    "MAP_UNIT": "Unit: {unit}",
    "MAP_SCALE": "Scale 1 : {scale} (on paper)",
    "MAP_SCALE_CENTRE": "scale true at the map centre",
    "MAP_COUNTS_NOTE": "Numbers in brackets: number of regions",
    "MAP_NO_POLYGON": "{n} regions have no map boundary yet (counted, not drawn)",
    "MAP_METHOD": "Classes: {method}",
    "MAP_LOCATION": "Location in {place}",
    "MAP_SOURCE": "Data source: {source}",
    "MAP_NOT_OFFICIAL": "not official data",
    "MAP_DATA_DATE": "Data date: {date}",
    "MAP_MADE": "Made: {date} with Peta Kesos",
    "MAP_NORTH": "N",
    "PROJ_LAEA": "Lambert azimuthal equal-area projection (centre {lon}° E, {lat}° {hemi}), WGS 84",
    "PROJ_UTM": "UTM projection zone {zone}{ns}, WGS 84",
    "HEMI.S": "S",
    "HEMI.N": "N",
    "MONTHS": "January February March April May June July August September October November December",
    # ---- presentation screen -----------------------------------------------------------------------------------
    "SCREEN_YEAR": "Year {tahun}",
}

# Data texts: the indicators are named and defined in Indonesian in the database (petakesos.indicators); these
# are their English names, used through `i18n.indicator_text` (an indicator missing here keeps its stored text).
INDICATOR_TEXT: dict[str, str] = {
    "GROUP.Wilayah": "Regions",
    "GROUP.Pelaporan": "Reporting",
    "GROUP.Indikator umum": "General indicators",  # petakesos.welfare.model.GENERAL_GROUP
    "IND.nama.desa_total": "Number of desa/kelurahan",
    "IND.nama.desa_dengan_wksbm": "Desa/kelurahan with a WKSBM",
    "IND.nama.cakupan_wksbm_pct": "WKSBM coverage",
    "IND.nama.desa_tanpa_wksbm": "Desa/kelurahan without a WKSBM",
    "IND.nama.wksbm_jumlah": "Number of WKSBM",
    "IND.nama.wksbm_terbentuk": "WKSBM at stage formed (terbentuk)",
    "IND.nama.wksbm_berjalan": "WKSBM at stage running (berjalan)",
    "IND.nama.wksbm_eksis": "WKSBM at stage established (eksis)",
    "IND.nama.wksbm_kecamatan": "WKSBM at kecamatan level",
    "IND.nama.pmks_total": "Number of PMKS",
    "IND.nama.pmks_per_1000": "PMKS per 1000 inhabitants",
    "IND.nama.pelaporan_anak": "Regions below that reported",
    "IND.nama.pelaporan_pct": "Reporting completeness",
    "IND.definisi.desa_total": "Number of desa and kelurahan in the region according to the Kemendagri region code "
                               "list, including those without a boundary polygon. The denominator of WKSBM coverage.",
    "IND.definisi.desa_dengan_wksbm": "Number of desa/kelurahan with at least one desa/kelurahan-level WKSBM "
                                      "recorded in that year. WKSBM formed per kecamatan are not counted here.",
    "IND.definisi.cakupan_wksbm_pct": "Share of desa/kelurahan with a WKSBM among all desa/kelurahan in the region "
                                      "code list (SPM target: one WKSBM in every desa/kelurahan).",
    "IND.definisi.desa_tanpa_wksbm": "Number of desa/kelurahan without a WKSBM in that year (the SPM gap). Regions "
                                     "that did not report count as without a WKSBM; see the reporting indicators.",
    "IND.definisi.wksbm_jumlah": "Number of WKSBM recorded in that year, at desa/kelurahan and at kecamatan level. "
                                 "At kecamatan level the value = the WKSBM in its desa/kelurahan + kecamatan-level "
                                 "WKSBM.",
    "IND.definisi.wksbm_terbentuk": "Number of WKSBM at the stage formed (terbentuk: newly formed, no regular "
                                    "activities yet) in that year.",
    "IND.definisi.wksbm_berjalan": "Number of WKSBM at the stage running (berjalan: active and networked) in that "
                                   "year.",
    "IND.definisi.wksbm_eksis": "Number of WKSBM at the stage established (eksis: independent and sustainable) in "
                                "that year.",
    "IND.definisi.wksbm_kecamatan": "Number of WKSBM formed per kecamatan (not per desa/kelurahan) in that year.",
    "IND.definisi.pmks_total": "Number of all persons with social welfare problems (PMKS) over all categories. One "
                               "person can be recorded in more than one category, so this is the number of records "
                               "per category.",
    "IND.definisi.pmks_per_1000": "Number of PMKS divided by the population (Kemendagri 2025 population data), times "
                                  "1000. Only available for kabupaten/kota, provinces and the nation, where "
                                  "population data exist.",
    "IND.definisi.pelaporan_anak": "Number of regions one level below (e.g. kecamatan in a kabupaten) that sent any "
                                   "data (PMKS, PSKS or WKSBM registry) for that year.",
    "IND.definisi.pelaporan_pct": "Share of the regions one level below that sent data for that year among all "
                                  "regions below in the region code list.",
    "IND.nama.pmks:ABT": "Neglected children under five",
    "IND.nama.pmks:AT": "Neglected children",
    "IND.nama.pmks:ABH": "Children in conflict with the law",
    "IND.nama.pmks:AJ": "Street children",
    "IND.nama.pmks:ADK": "Children with disabilities",
    "IND.nama.pmks:AKTK": "Child victims of violence or mistreatment",
    "IND.nama.pmks:AMPK": "Children in need of special protection",
    "IND.nama.pmks:LUT": "Neglected elderly",
    "IND.nama.pmks:PD": "Persons with disabilities",
    "IND.nama.pmks:TS": "Sex workers",
    "IND.nama.pmks:GLD": "Homeless persons",
    "IND.nama.pmks:PGM": "Beggars",
    "IND.nama.pmks:PML": "Scavengers",
    "IND.nama.pmks:KM": "Minority groups",
    "IND.nama.pmks:BWBLP": "Former prison inmates",
    "IND.nama.pmks:ODHA": "People living with HIV/AIDS",
    "IND.nama.pmks:KPN": "Victims of drug abuse (NAPZA)",
    "IND.nama.pmks:KTR": "Victims of trafficking",
    "IND.nama.pmks:KTK": "Victims of violence",
    "IND.nama.pmks:PMBS": "Migrant workers with social problems",
    "IND.nama.pmks:KBA": "Victims of natural disasters",
    "IND.nama.pmks:KBS": "Victims of social disasters",
    "IND.nama.pmks:PRSE": "Socio-economically vulnerable women",
    "IND.nama.pmks:FM": "Poor and destitute (fakir miskin)",
    "IND.nama.pmks:KBSP": "Families with social-psychological problems",
    "IND.nama.pmks:KAT": "Remote indigenous communities",
    "IND.nama.pmks:ODGJ": "People with mental disorders",
    "IND.nama.psks:PSP": "Professional social workers",
    "IND.nama.psks:PSM": "Community social workers",
    "IND.nama.psks:TAGANA": "Disaster preparedness cadets (TAGANA)",
    "IND.nama.psks:LKS": "Social welfare institutions",
    "IND.nama.psks:KT": "Youth organisations (Karang Taruna)",
    "IND.nama.psks:LK3": "Family welfare counselling institutions",
    "IND.nama.psks:KP": "Pioneer families",
    "IND.nama.psks:WKSBM": "Community-based social welfare institutions (WKSBM)",
    "IND.nama.psks:WPKS": "Women social welfare leaders",
    "IND.nama.psks:PS": "Social counsellors",
    "IND.nama.psks:TKSK": "Kecamatan social welfare workers (TKSK)",
    "IND.nama.psks:DU": "Businesses (Dunia Usaha)",
    # Units (the database's unit words are the keys).
    "UNIT.jiwa": "persons",
    "UNIT.orang": "persons",
    "UNIT.keluarga": "families",
    "UNIT.unit": "units",
    "UNIT.wilayah": "regions",
    "UNIT.desa": "desa/kelurahan",
    "UNIT.rumah tangga": "households",
    "UNIT.KPM": "beneficiary families (KPM)",
    "UNIT.lembaga": "institutions",
    "UNIT.kasus": "cases",
    "UNIT.per 1.000 penduduk": "per 1000 inhabitants",
    # Definitions of the categories that have none of their own above ({nama}: the English name, {singkatan}).
    "TEMPLATE.pmks": "Number of PMKS in the category {nama} ({singkatan}). The value of a parent region = the sum "
                     "of its regions below.",
    "TEMPLATE.psks": "Number of PSKS {nama} ({singkatan}) recorded.",
    "TEMPLATE.sensitive": " Sensitive category: small numbers are hidden in public outputs.",
}
