"""General indicators, end to end into a real store: units and scales, sum / ratio / none aggregation, the
0-before-it-existed rule, series breaks across a split, data-quality warnings, code editions, PMKS totals, and the
real open-data files of Jawa Barat. Tiny files are written here; the code lists come from ../shared/data."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.cli import main
from etl.welfare import GeneralOptions, import_welfare
from petakesos import indicators, views
from petakesos._errors import IndicatorDefinitionError
from petakesos.settings import get_settings
from petakesos.store import Store
from petakesos.welfare import editions
from petakesos.welfare.model import decimals_of, parse_ratio, unit_of

pytestmark = pytest.mark.shared_data

DIY = ("34.01", "34.02", "34.03", "34.04", "34.71")
HEADER = "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,{measure},satuan,tahun\n"


@pytest.fixture()
def db(shared_data: Path, tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def portal(path: Path, measure: str, unit: str, rows: list[tuple[str, float, int]]) -> Path:
    """A Satu Data portal table (4-digit BPS/Kemendagri kab/kota codes) with one measure column."""
    lines = [HEADER.format(measure=measure)]
    for i, (kode, value, tahun) in enumerate(rows, start=1):
        lines.append(f"{i},{kode[:2]},PROVINSI,{kode.replace('.', '')},WILAYAH,{value},{unit},{tahun}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def value(db: Path, kode: str, tahun: int, indikator: str) -> float | None:
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("SELECT nilai FROM indikator WHERE kode = ? AND tahun = ? AND indikator = ?",
                          [kode, tahun, indikator]).fetchall()
    return got[0][0] if got else None


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


# ---- the model ----------------------------------------------------------------------------------------------
def test_units_scales_and_decimals() -> None:
    assert unit_of("RIBU JIWA").skala == 1000 and unit_of("RIBU JIWA").satuan == "jiwa"
    assert unit_of("PERSEN").percent and unit_of("persen").agregasi == "none"
    assert unit_of("KELUARGA").agregasi == "sum" and unit_of("furlong") is None
    assert decimals_of("%") == 1 and decimals_of("jiwa") == 0 and decimals_of("%", 2) == 2
    ratio = parse_ratio("pkh_per_100_miskin=penerima_pkh/jumlah_penduduk_miskin*100;PKH per 100 miskin;per 100")
    assert (ratio.pembilang, ratio.penyebut, ratio.faktor, ratio.nama, ratio.satuan) == (
        "penerima_pkh", "jumlah_penduduk_miskin", 100.0, "PKH per 100 miskin", "per 100")
    with pytest.raises(IndicatorDefinitionError):
        parse_ratio("pkh = penerima_pkh")


def test_scaled_unit_is_stored_in_people_and_parents_sum(db: Path, tmp_path: Path) -> None:
    rows = [(k, 10.5 + i, 2024) for i, k in enumerate(DIY)]
    result = import_welfare([portal(tmp_path / "miskin.csv", "jumlah_penduduk_miskin", "RIBU JIWA", rows)],
                            db_path=db, source_label="BPS uji")
    assert result.written and not result.report.errors
    assert value(db, "34.01", 2024, "jumlah_penduduk_miskin") == 10500
    assert value(db, "34", 2024, "jumlah_penduduk_miskin") == sum(1000 * v for _, v, _ in rows)
    with closing(Store(db)) as store:
        d = indicators.definition(store, "jumlah_penduduk_miskin")
        assert (d["satuan"], d["agregasi"], d["desimal"], d["nama"]) == ("jiwa", "sum", 0, "Jumlah penduduk miskin")
        assert not indicators.is_demo(store)


def test_count_with_a_fraction_after_scaling_is_refused(db: Path, tmp_path: Path) -> None:
    rows = [("34.01", 10.5, 2024), ("34.02", 10.2345, 2024)]  # 10,234.5 people
    result = import_welfare([portal(tmp_path / "m.csv", "jumlah_penduduk_miskin", "RIBU JIWA", rows)], db_path=db)
    assert result.stopped and codes(result.report).count("bukan_angka") == 1
    assert result.report.errors[0].row == 3


def test_percentage_is_not_summed_none_aggregation(db: Path, tmp_path: Path) -> None:
    rows = [(k, 5.25 + i, 2024) for i, k in enumerate(DIY)]
    result = import_welfare([portal(tmp_path / "pct.csv", "persentase_penduduk_miskin", "PERSEN", rows)], db_path=db)
    assert result.written
    assert value(db, "34.02", 2024, "persentase_penduduk_miskin") == 6.25
    assert value(db, "34", 2024, "persentase_penduduk_miskin") is None  # no province value invented
    assert value(db, "", 2024, "persentase_penduduk_miskin") is None
    with closing(Store(db)) as store:
        assert indicators.decimals(store, "persentase_penduduk_miskin") == 2


def test_public_values_use_the_indicator_decimals(db: Path, tmp_path: Path) -> None:
    from petakesos.privacy.store import public_indicator_values, public_region_values

    rows = [(k, 5.25 + i, 2024) for i, k in enumerate(DIY)]  # written with 2 decimals: shown with 2
    assert import_welfare([portal(tmp_path / "pct.csv", "persentase_penduduk_miskin", "PERSEN", rows)],
                          db_path=db).written
    with closing(Store(db)) as store:
        shown = public_indicator_values(store, "34", 2024, "persentase_penduduk_miskin").set_index("kode")
        assert shown.loc["34.01", "tampil"] == "5,25" and shown.loc["34.02", "tampil"] == "6,25"
        card = public_region_values(store, "34.02", 2024).set_index("indikator")
        assert card.loc["persentase_penduduk_miskin", "tampil"] == "6,25"


def test_ratio_recomputed_from_sums_at_every_level(db: Path, tmp_path: Path) -> None:
    pkh = [("34.01", 100, 2024), ("34.02", 300, 2024), ("34.03", 20, 2024), ("34.04", 30, 2024),
           ("34.71", 50, 2024)]
    poor = [("34.01", 1000, 2024), ("34.02", 1000, 2024), ("34.03", 500, 2024), ("34.04", 500, 2024),
            ("34.71", 2000, 2024)]
    result = import_welfare(
        [portal(tmp_path / "pkh.csv", "penerima_pkh", "KELUARGA", pkh),
         portal(tmp_path / "poor.csv", "penduduk_miskin", "JIWA", poor)],
        db_path=db, ratios=["pkh_per_100_miskin=penerima_pkh/penduduk_miskin*100"],
    )
    assert result.written and not result.report.errors
    assert value(db, "34.02", 2024, "pkh_per_100_miskin") == pytest.approx(30.0)
    # the province: 100 × 500 / 5000, not the mean of 10, 30, 4, 6 and 2.5
    assert value(db, "34", 2024, "pkh_per_100_miskin") == pytest.approx(10.0)
    # Indonesia: only one of 38 provinces reports, so no total and no ratio (never a partial "Indonesia")
    assert value(db, "", 2024, "penerima_pkh") is None
    assert value(db, "", 2024, "pkh_per_100_miskin") is None
    with pytest.raises(IndicatorDefinitionError):
        import_welfare([], db_path=db, ratios=["x_per_y=tidak_ada/penduduk_miskin"])


def test_sum_parent_only_when_every_existing_child_reports(db: Path, tmp_path: Path) -> None:
    # 2023: four of DIY's five kab/kota; 2024: all five. PMKS keeps summing what was reported.
    rows = [(k, 100 + i, 2023) for i, k in enumerate(DIY[:4])] + [(k, 100 + i, 2024) for i, k in enumerate(DIY)]
    pmks = tmp_path / "pmks.csv"
    pmks.write_text("kode;tahun;Lanjut Usia Terlantar\n34.01;2024;7\n34.02;2024;5\n", encoding="utf-8")
    result = import_welfare([portal(tmp_path / "pkh.csv", "penerima_pkh", "KELUARGA", rows), pmks], db_path=db)
    assert result.written and not result.report.errors
    assert value(db, "34", 2023, "penerima_pkh") is None  # 34.71 did not report: no partial total
    assert value(db, "34", 2024, "penerima_pkh") == sum(100 + i for i in range(5))
    assert value(db, "", 2024, "penerima_pkh") is None  # one province of 38
    assert value(db, "34", 2024, "pmks_total") == 12 and value(db, "", 2024, "pmks_total") == 12
    with closing(Store(db)) as store:  # the dashboard says why there is no total
        view = views.build_view(store, views.ViewState(wilayah="34", tahun=2023, indikator="penerima_pkh"))
        assert any("baru 4 dari 5" in n for n in view.notes)
        national = views.build_view(store, views.ViewState(wilayah="", tahun=2024, indikator="penerima_pkh"))
        assert any("baru 1 dari 38" in n for n in national.notes)
        complete = views.build_view(store, views.ViewState(wilayah="34", tahun=2024, indikator="penerima_pkh"))
        assert not any("dari 5" in n for n in complete.notes)
    # a province value given beside incomplete children is kept (detail wins only when complete)
    extra = tmp_path / "prov.csv"
    extra.write_text(HEADER.format(measure="penerima_pkh") + "1,34,DIY,34,DIY,999,KELUARGA,2023\n", encoding="utf-8")
    assert import_welfare([extra], db_path=db).written
    assert value(db, "34", 2023, "penerima_pkh") == 999


def test_national_total_before_the_papua_provinces_existed(db: Path, tmp_path: Path) -> None:
    # 34 provinces report 2021 (Papua 91 and Papua Barat 92 still whole), 38 report 2023
    from petakesos.welfare.model import PEMEKARAN

    new = {n for n, *_ in PEMEKARAN if len(n) == 2}
    with duckdb.connect() as con:
        provinces = [r[0] for r in con.execute(
            "SELECT kode FROM read_csv(?, all_varchar = true) WHERE length(kode) = 2",
            [str(get_settings().data_dir / "codes" / "kemendagri_2025_wilayah.csv")],
        ).fetchall()]
    f = tmp_path / "prov.csv"
    lines = ["kode,tahun,penerima_pkh,satuan"]
    lines += [f"{k},2021,100,KELUARGA" for k in provinces if k not in new]
    lines += [f"{k},2023,100,KELUARGA" for k in provinces]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_welfare([f], db_path=db, code_scheme="kemendagri",
                            general=GeneralOptions(indikator="penerima_pkh"))
    assert result.written, result.report.errors[:3]
    assert value(db, "", 2021, "penerima_pkh") == 100 * 34
    assert value(db, "", 2023, "penerima_pkh") == 100 * 38
    with closing(Store(db)) as store:
        reason = indicators.comparable(store, "91", "penerima_pkh", 2021, 2023)
        assert all(n in reason for n in ("Papua Selatan", "Papua Tengah", "Papua Pegunungan"))


def test_split_inferred_from_the_data_outside_known_list(db: Path, tmp_path: Path) -> None:
    # Jawa Tengah style: 33.01 loses about what 33.02 reports once 33.02 appears (zeros before are no data)
    sizes = {"33.01": 5000, "33.03": 4000, "33.04": 3000}
    rows = []
    for year in (2020, 2021, 2022):
        for kode, n in sizes.items():
            rows.append((kode, n - (1500 if kode == "33.01" and year == 2022 else 0), year))
        rows.append(("33.02", 0 if year < 2022 else 1500, year))
    result = import_welfare([portal(tmp_path / "jt.csv", "penerima_bpnt", "KELUARGA", rows)], db_path=db)
    assert result.written
    zero = [p for p in result.report.problems if p.code == "nol_sebelum_ada"]
    assert zero and zero[0].kode == "33.02" and "kemungkinan dimekarkan dari 33.01" in zero[0].message
    with closing(Store(db)) as store:
        reason = indicators.comparable(store, "33.01", "penerima_bpnt", 2021, 2022)
        assert "disimpulkan dari data" in reason
        assert not indicators.comparable(store, "33.03", "penerima_bpnt", 2021, 2022)


# ---- long layouts whose category column holds general indicators -----------------------------------------------
def test_long_layout_with_general_indicators_in_the_category_column(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "bansos.csv"
    lines = ["kode;tahun;jenis;jumlah;satuan"]
    for i, k in enumerate(DIY):
        lines += [f"{k};2024;PKH;{1000 + i};KELUARGA", f"{k};2024;BPNT;{2000 + i};KELUARGA"]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_welfare([f], db_path=db, general=GeneralOptions(arah="naik-baik"))
    assert result.written and not result.report.errors
    assert value(db, "34.01", 2024, "pkh") == 1000 and value(db, "34", 2024, "bpnt") == sum(2000 + i for i in range(5))
    info = [p.message for p in result.report.problems if p.code == "indikator_umum"]
    assert any("nilai 'PKH' di kolom 'jenis'" in m for m in info)
    with closing(Store(db)) as store:
        d = indicators.definition(store, "bpnt")
        assert (d["nama"], d["satuan"], d["agregasi"], d["arah"]) == ("BPNT", "keluarga", "sum", "naik-baik")


def test_satu_data_long_form_with_several_measures_and_units(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "satu_data.csv"
    lines = ["id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,indikator,nilai,satuan,tahun"]
    n = 0
    for i, k in enumerate(DIY):
        for ind, v, unit in (("Jumlah Penduduk Miskin", 30.5 + i, "RIBU JIWA"),
                             ("Persentase Penduduk Miskin", 10.25 + i, "PERSEN")):
            n += 1
            lines.append(f"{n},34,DIY,{k.replace('.', '')},WILAYAH,{ind},{v},{unit},2024")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_welfare([f], db_path=db)
    assert result.written and not result.report.errors
    assert value(db, "34.01", 2024, "jumlah_penduduk_miskin") == 30500
    assert value(db, "34.02", 2024, "persentase_penduduk_miskin") == pytest.approx(11.25)
    assert value(db, "34", 2024, "persentase_penduduk_miskin") is None  # percentages: none
    with closing(Store(db)) as store:
        assert indicators.definition(store, "jumlah_penduduk_miskin")["arah"] == "naik-buruk"


def test_long_layout_ambiguous_cases_are_refused_with_the_way_out(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "campur.csv"
    f.write_text("kode;tahun;jenis;jumlah\n34.01;2024;Lanjut Usia Terlantar;7\n34.01;2024;PKH;100\n"
                 "34.02;2024;PKH;120\n", encoding="utf-8")
    mixed = import_welfare([f], db_path=db, dry_run=True)
    errors = [p for p in mixed.report.errors if p.code == "kategori_tidak_dikenal"]
    assert mixed.stopped and [p.row for p in errors] == [3, 4] and "--definisi" in errors[0].message
    defs = tmp_path / "definisi.csv"
    defs.write_text("indikator;nama;satuan;agregasi\npkh;Keluarga penerima PKH;KELUARGA;sum\n", encoding="utf-8")
    from petakesos.welfare.model import read_definitions

    declared = import_welfare([f], db_path=db, general=GeneralOptions(declared=tuple(read_definitions(defs))))
    assert declared.written and value(db, "34.02", 2024, "pkh") == 120 and value(db, "34.01", 2024, "pmks_total") == 7
    two = tmp_path / "dua.csv"
    two.write_text("kode;tahun;jenis;jumlah\n34.01;2024;PKH;1\n34.01;2024;BPNT;2\n", encoding="utf-8")
    named = import_welfare([two], db_path=db, dry_run=True, general=GeneralOptions(indikator="penerima"))
    assert named.stopped and "indikator_ambigu" in codes(named.report)


def test_general_indicator_never_enters_the_pmks_total(db: Path, tmp_path: Path) -> None:
    pmks = tmp_path / "pmks.csv"
    pmks.write_text("kode;tahun;Lanjut Usia Terlantar\n34.01;2024;7\n34.02;2024;5\n", encoding="utf-8")
    pkh = portal(tmp_path / "pkh.csv", "jumlah_penerima_manfaat", "KELUARGA", [("34.01", 115067, 2024)])
    result = import_welfare([pmks, pkh], db_path=db)
    assert result.written and not result.report.errors
    assert value(db, "34.01", 2024, "pmks_total") == 7
    assert value(db, "34", 2024, "pmks_total") == 12
    assert value(db, "34.01", 2024, "jumlah_penerima_manfaat") == 115067


def test_options_name_the_indicator_and_mark_it_sensitive(db: Path, tmp_path: Path) -> None:
    rows = [(k, 3 + i, 2024) for i, k in enumerate(DIY)]
    result = import_welfare([portal(tmp_path / "odgj.csv", "jumlah", "ORANG", rows)], db_path=db,
                            general=GeneralOptions(indikator="odgj_dipasung", nama="ODGJ dipasung", sensitif=True,
                                                   agregasi="sum"))
    assert result.written
    with closing(Store(db)) as store:
        assert "odgj_dipasung" in indicators.sensitive_indicators(store)
        assert indicators.definition(store, "odgj_dipasung")["nama"] == "ODGJ dipasung"
    with pytest.raises(IndicatorDefinitionError):
        import_welfare([portal(tmp_path / "x.csv", "jumlah", "ORANG", rows)], db_path=db,
                       general=GeneralOptions(indikator="pmks_total"))


def test_cli_declares_general_indicator_and_ratio(db: Path, tmp_path: Path, capsys) -> None:
    rows = [(k, 100 + i, 2024) for i, k in enumerate(DIY)]
    f = portal(tmp_path / "a.csv", "nilai_a", "JIWA", rows)
    assert main(["welfare", str(f), "--db", str(db), "--indikator", "penerima_a", "--nama", "Penerima A",
                 "--rasio", "a_per_desa=penerima_a/desa_total"]) == 0
    assert value(db, "34", 2024, "a_per_desa") == pytest.approx(510 / value(db, "34", 2024, "desa_total"))
    assert main(["welfare", "--db", str(db), "--rasio", "salah"]) == 2
    assert "tidak bisa dibaca" in capsys.readouterr().err
    with closing(Store(db)) as store:
        assert indicators.definition(store, "penerima_a")["arah"] == "netral"  # nobody said which way is good
    assert main(["welfare", str(f), "--db", str(db), "--indikator", "penerima_a", "--arah", "turun-baik"]) == 0
    with closing(Store(db)) as store:
        assert indicators.definition(store, "penerima_a")["arah"] == "naik-buruk"
        assert indicators.definition(store, "pmks_total")["arah"] == "naik-buruk"
        assert indicators.definition(store, "psks:TKSK")["arah"] == "naik-baik"
    assert main(["welfare", str(f), "--db", str(db), "--indikator", "penerima_a"]) == 0  # a later import keeps it
    with closing(Store(db)) as store:
        assert indicators.definition(store, "penerima_a")["arah"] == "naik-buruk"


# ---- 0 before it existed, quality warnings --------------------------------------------------------------------
def test_zero_before_a_unit_existed_is_no_data(db: Path, tmp_path: Path) -> None:
    rows = [(k, 0.0 if (k == "34.71" and y < 2022) else 50.0 + i, y)
            for y in (2020, 2021, 2022) for i, k in enumerate(DIY)]
    result = import_welfare([portal(tmp_path / "z.csv", "jumlah_penduduk_miskin", "JIWA", rows)], db_path=db)
    assert "nol_sebelum_ada" in codes(result.report)
    assert value(db, "34.71", 2020, "jumlah_penduduk_miskin") is None
    assert value(db, "34.71", 2022, "jumlah_penduduk_miskin") == 54


def test_quality_warnings_do_not_block_unless_strict(db: Path, tmp_path: Path) -> None:
    rows = [(k, 120000 + 1000 * i, 2023) for i, k in enumerate(DIY)]
    rows += [("34.01", 817, 2024), ("34.02", 123822, 2024), ("34.03", 124000, 2024), ("34.04", 125000, 2024),
             ("34.71", 126000, 2024)]
    f = portal(tmp_path / "pkh.csv", "penerima_pkh", "KELUARGA", rows)
    strict = import_welfare([f], db_path=db, strict=True)
    assert strict.stopped and not db.exists()
    result = import_welfare([f], db_path=db)
    assert result.written
    jump = [p for p in result.report.warnings if p.code == "lonjakan"]
    assert jump and jump[0].kode == "34.01" and "817" in jump[0].message and jump[0].file == "pkh.csv"
    assert any(p.code == "pencilan" and p.kode == "34.01" for p in result.report.warnings)
    pct = portal(tmp_path / "pct.csv", "persentase_x", "PERSEN", [("34.01", 101.5, 2024), ("34.02", 9.0, 2024)])
    assert "persen_lebih_100" in codes(import_welfare([pct], db_path=db, dry_run=True).report)


def test_jump_against_the_year_already_stored(db: Path, tmp_path: Path) -> None:
    first = portal(tmp_path / "pkh2023.csv", "penerima_pkh", "KELUARGA", [("34.01", 817, 2023), ("34.02", 900, 2023)])
    assert import_welfare([first], db_path=db).written
    second = portal(tmp_path / "pkh2024.csv", "penerima_pkh", "KELUARGA",
                    [("34.01", 123822, 2024), ("34.02", 950, 2024)])
    result = import_welfare([second], db_path=db)
    jump = [p for p in result.report.warnings if p.code == "lonjakan"]
    assert [(p.kode, p.file, p.row) for p in jump] == [("34.01", "pkh2024.csv", 2)]
    assert result.written  # a warning never blocks


def test_parent_given_beside_its_children_is_compared(db: Path, tmp_path: Path) -> None:
    rows = [(k, 100, 2024) for k in DIY] + [("34", 900, 2024)]
    path = tmp_path / "p.csv"
    portal(path, "penerima_x", "JIWA", rows)
    text = path.read_text().replace(",3400,", ",,")  # the province row has no kab/kota code
    path.write_text(text)
    result = import_welfare([path], db_path=db)
    off = [p for p in result.report.warnings if p.code == "induk_tidak_sama"]
    assert off and off[0].kode == "34" and "500" in off[0].message
    assert value(db, "34", 2024, "penerima_x") == 500  # detail wins


# ---- code editions --------------------------------------------------------------------------------------------
def test_edition_mapping_on_tiny_lists() -> None:
    def frame(rows):
        f = pd.DataFrame(rows, columns=["kode", "nama"])
        f["tingkat"] = ["provinsi" if len(k) == 2 else "kabupaten_kota" for k in f["kode"]]
        f["key"] = [n.lower() for n in f["nama"]]
        return f

    old = frame([("92", "P"), ("92.01", "Sorong"), ("92.02", "Manokwari")])
    new = frame([("92", "P"), ("96", "Q"), ("96.01", "Sorong"), ("92.02", "Manokwari")])
    m = editions.build(old, new)
    assert m.translate("92.01") == ("96.01", "pindah")
    assert m.translate("92.02") == ("92.02", "sama")
    assert m.translate("92") == (None, "dimekarkan")


def test_desa_moved_to_another_kecamatan_is_mapped_and_its_kecamatan_flagged() -> None:
    def frame(rows):
        f = pd.DataFrame(rows, columns=["kode", "nama"])
        f["tingkat"] = [{2: "provinsi", 5: "kabupaten_kota", 8: "kecamatan"}.get(len(k), "desa_kelurahan")
                        for k in f["kode"]]
        f["key"] = [n.lower() for n in f["nama"]]
        return f

    old = frame([("72", "P"), ("72.01", "K"), ("72.01.09", "Lama"), ("72.01.09.2012", "Sidodadi"),
                 ("72.01.09.2013", "Tetap"), ("72.02", "L"), ("72.02.01", "X"), ("72.02.01.2001", "Sidodadi")])
    new = frame([("72", "P"), ("72.01", "K"), ("72.01.09", "Lama"), ("72.01.09.2013", "Tetap"),
                 ("72.01.24", "Baru"), ("72.01.24.2007", "Sidodadi"), ("72.02", "L"), ("72.02.01", "X"),
                 ("72.02.01.2001", "Sidodadi")])
    m = editions.build(old, new)
    assert m.translate("72.01.09.2012") == ("72.01.24.2007", "pindah")  # same name, same kab/kota: moved
    assert m.translate("72.01.09") == (None, "dimekarkan")  # the kecamatan it left lost territory
    assert m.translate("72.01.09.2013") == ("72.01.09.2013", "sama")
    assert m.translate("72.02.01.2001") == ("72.02.01.2001", "sama")


def test_real_lists_map_desa_moved_within_their_kab_kota(shared_data: Path) -> None:
    m = editions.edition_map(shared_data)
    within = {a: b for a, b in m.moved.items() if len(a) == 13 and a[:5] == b[:5] and a[:8] != b[:8]}
    assert len(within) >= 50
    assert all(a[:8] in m.split for a in within)


def test_2023_codes_are_mapped_or_reported(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "pkh2023.csv"
    f.write_text("kode,nama,penerima_pkh,satuan,tahun\n92.01,KAB. SORONG,1200,KELUARGA,2022\n"
                 "92.02,KAB. MANOKWARI,800,KELUARGA,2022\n92,PAPUA BARAT,5000,KELUARGA,2022\n", encoding="utf-8")
    result = import_welfare([f], db_path=db, skip_invalid=True, general=GeneralOptions(indikator="penerima_pkh"))
    moved = [p for p in result.report.problems if p.code == "kode_edisi_2023"]
    assert moved and "92.01" in moved[0].message and moved[0].kode == "96.01"
    assert [p.row for p in result.report.errors if p.code == "wilayah_dimekarkan"] == [4]
    assert any("edisi kode wilayah Kemendagri 2023 (terdeteksi" in n for n in result.report.notes)
    assert value(db, "96.01", 2022, "penerima_pkh") == 1200
    forced = import_welfare([f], db_path=db, dry_run=True, edisi_kode="2025", skip_invalid=True,
                            general=GeneralOptions(indikator="penerima_pkh"))
    assert "kode_edisi_2023" not in codes(forced.report)


# ---- the real open-data files ---------------------------------------------------------------------------------
def test_real_jawa_barat_files(shared_data: Path, db: Path) -> None:
    folder = shared_data / "open_data" / "jawa_barat"
    files = sorted(folder.glob("*.csv"))
    if len(files) < 2:
        pytest.skip(f"open_data/jawa_barat not found in {shared_data}")
    result = import_welfare(files, db_path=db, source_label="BPS / Open Data Jawa Barat")
    assert result.written and not result.report.errors
    assert value(db, "32.01", 2002, "jumlah_penduduk_miskin") == 451300
    assert value(db, "32.18", 2014, "jumlah_penduduk_miskin") is None  # Pangandaran did not exist: no data
    assert value(db, "32.18", 2015, "jumlah_penduduk_miskin") > 0
    assert value(db, "32", 2024, "persentase_penduduk_miskin") is None
    assert value(db, "32.18", 2012, "persentase_penduduk_miskin") is None
    with closing(Store(db)) as store:
        assert indicators.comparable(store, "32.07", "jumlah_penduduk_miskin", 2014, 2015)
        assert not indicators.comparable(store, "32.07", "jumlah_penduduk_miskin", 2016, 2024)
        trend = indicators.series(store, "32.07", "persentase_penduduk_miskin")
        assert "Pangandaran" in trend.loc[trend["tahun"] == 2015, "putus"].iloc[0]
        assert indicators.view_sources(store, "32", 2024, ["jumlah_penduduk_miskin"]) == [
            "BPS / Open Data Jawa Barat"]
        assert not indicators.is_demo(store)
        assert indicators.default_indicator(store) == "jumlah_penduduk_miskin"
        assert indicators.home_region(store) == "32"  # one province's store opens there
        assert indicators.available_years(store) == list(range(2002, 2025))
        # the dashboard: a store of general indicators opens on them; a change across the split is not shown
        view = views.build_view(store, views.ViewState(wilayah="32", tahun=2015))
        assert view.state.indikator == "jumlah_penduduk_miskin" and view.sources == ["BPS / Open Data Jawa Barat"]
        assert not view.is_demo
        offered = [i for i, _ in views.indicator_options(view.definitions, view.available, view.state.indikator)]
        assert "jumlah_penduduk_miskin" in offered and "pmks:ODHA" not in offered
        change = views.build_change_view(store, view, indicators, 2014, 2015)
        ciamis = change.children.set_index("kode").loc["32.07"]
        assert pd.isna(ciamis["nilai"]) and "tidak sebanding" in ciamis["teks"]
        assert any("Pangandaran" in n for n in change.notes)
        pct = views.build_view(store, views.ViewState(wilayah="", indikator="persentase_penduduk_miskin"))
        assert any("tidak dijumlahkan" in n for n in pct.notes)
        # a fall in poverty is good news: the KPI delta of a kab/kota is coloured inverse
        bogor = views.build_view(store, views.ViewState(wilayah="32.01", tahun=2024,
                                                        indikator="persentase_penduduk_miskin"))
        cards = views.kpis(store, indicators, "32.01", 2024, bogor.definition)
        card = next(c for c in cards if c.label == bogor.definition.nama)
        assert card.delta and card.delta_color == "inverse"
        # a store of poverty figures only: no empty WKSBM or PMKS cards, and no "0" change beside the desa count
        shown = views.kpis(store, indicators, "32.01", 2024, bogor.definition, available=bogor.available)
        assert [c.label for c in shown] == ["Desa/kelurahan", bogor.definition.nama]
        assert shown[0].delta is None and shown[1].delta
        # completeness: Jawa Barat is the sum of its 27 kab/kota; Indonesia has no partial total
        assert value(db, "32", 2024, "jumlah_penduduk_miskin") > 0
        assert value(db, "32", 2010, "jumlah_penduduk_miskin") > 0  # Pangandaran not yet separate: 26 suffice
        assert value(db, "", 2024, "jumlah_penduduk_miskin") is None


def test_definitions_file_declares_indicators_once(db: Path, tmp_path: Path) -> None:
    defs = tmp_path / "definisi.csv"
    defs.write_text(
        "indikator;nama;satuan;agregasi;rumus;sensitif\n"
        "penerima_pkh;Keluarga penerima PKH;KELUARGA;sum;;\n"
        "penduduk_miskin;Penduduk miskin;RIBU JIWA;sum;;\n"
        "pkh_per_100_miskin;PKH per 100 penduduk miskin;per 100;ratio;penerima_pkh/penduduk_miskin*100;\n",
        encoding="utf-8",
    )
    pkh = portal(tmp_path / "pkh.csv", "penerima_pkh", "KELUARGA", [("34.01", 50, 2024), ("34.02", 150, 2024)])
    poor = tmp_path / "poor.csv"
    poor.write_text("kode,tahun,penduduk_miskin\n34.01,2024,1.5\n34.02,2024,2.5\n", encoding="utf-8")
    assert main(["welfare", str(pkh), str(poor), "--db", str(db), "--definisi", str(defs)]) == 0
    assert value(db, "34.01", 2024, "penduduk_miskin") == 1500  # the declared unit RIBU JIWA scales the file
    assert value(db, "34.02", 2024, "pkh_per_100_miskin") == pytest.approx(6.0)
    assert value(db, "34", 2024, "pkh_per_100_miskin") is None  # 2 of 5 kab/kota: no province total, no ratio
    with closing(Store(db)) as store:
        assert indicators.definition(store, "penerima_pkh")["nama"] == "Keluarga penerima PKH"


def test_undo_of_a_general_indicator_batch(db: Path, tmp_path: Path) -> None:
    from etl.welfare.undo import undo_batch

    first = portal(tmp_path / "a.csv", "penerima_x", "JIWA", [("34.01", 10, 2024)])
    assert import_welfare([first], db_path=db).written
    second = portal(tmp_path / "b.csv", "penerima_x", "JIWA", [("34.01", 12, 2024)])
    assert import_welfare([second], db_path=db).written
    with duckdb.connect(str(db), read_only=True) as con:
        batch = con.execute("SELECT max(id) FROM impor_batch").fetchall()[0][0]
    assert undo_batch(batch, db_path=db) == 1
    assert value(db, "34.01", 2024, "penerima_x") == 10
