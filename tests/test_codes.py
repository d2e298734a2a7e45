import pytest

from petakesos import codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3371011003", "33.71.01.1003"),
        ("33.71.01.1003", "33.71.01.1003"),
        (" 33.71 ", "33.71"),
        ("33.0", "33"),
        ("3371.0", "33.71"),
        (3371.0, "33.71"),
        (33, "33"),
        (3371011003, "33.71.01.1003"),
        ("337101", "33.71.01"),
    ],
)
def test_normalise_accepts_common_spellings(raw, expected):
    assert codes.normalise_code(raw) == expected


@pytest.mark.parametrize("raw", ["71.05/71.10", "", None, float("nan"), "33.7", "abc", "12345", 33.5])
def test_normalise_rejects_with_reason(raw):
    with pytest.raises(codes.CodeError) as info:
        codes.normalise_code(raw)
    assert str(info.value)


def test_levels_and_parents():
    assert codes.tingkat_of("33") == "provinsi"
    assert codes.tingkat_of("33.71") == "kabupaten_kota"
    assert codes.tingkat_of("33.71.01") == "kecamatan"
    assert codes.tingkat_of("33.71.01.1003") == "desa_kelurahan"
    assert codes.tingkat_of("") == "indonesia"
    assert codes.parent_of("33.71.01.1003") == "33.71.01"
    assert codes.parent_of("33") == ""
    assert codes.ancestors_of("33.71.01") == ["33", "33.71", "33.71.01"]
    assert codes.child_tingkat("indonesia") == "provinsi"
    assert codes.child_tingkat("desa_kelurahan") is None
    assert codes.is_kelurahan("33.71.01.1003") and not codes.is_kelurahan("75.01.01.2001")
