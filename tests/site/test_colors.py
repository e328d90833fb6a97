import pytest

from app.site import colors


@pytest.mark.parametrize("color,ratio", [
    ("#000000", 21.0), ("#ffffff", 1.0), ("#767676", 4.54), ("#777777", 4.47), ("#2046c8", 7.58), ("#0f766e", 5.47),
])
def test_contrast_against_white_matches_wcag(color, ratio):
    assert colors.contrast_ratio(color, "#ffffff") == pytest.approx(ratio, abs=0.01)


def test_a_ratio_just_under_the_bar_never_reads_as_passing():
    assert colors.shown_ratio(4.4999) == "4.49:1"
    assert colors.shown_ratio(colors.contrast_ratio("#777777", colors.WHITE)) == "4.47:1"


@pytest.mark.parametrize("typed,parsed", [
    ("#0F766E", "#0f766e"), ("0f766e", "#0f766e"), (" #abc ", "#aabbcc"), ("#12345", None), ("teal", None),
    ("#0f766e;}body{display:none", None), ("", None),
])
def test_hex_colours_are_read_strictly(typed, parsed):
    assert colors.parse_hex(typed) == parsed


@pytest.mark.parametrize("light", ["#4a90e2", "#ffcc00", "#7fdbff", "#ff4136", "#777777"])
def test_the_suggested_darker_shade_passes_and_keeps_the_hue(light):
    import colorsys

    shade = colors.darker_shade(light)
    assert colors.contrast_ratio(shade, colors.WHITE) >= 4.5
    assert colors.relative_luminance(shade) < colors.relative_luminance(light)
    hue = colorsys.rgb_to_hls(*(c / 255 for c in colors.rgb(light)))[0]
    shade_hue = colorsys.rgb_to_hls(*(c / 255 for c in colors.rgb(shade)))[0]
    assert shade_hue == pytest.approx(hue, abs=0.02)


def test_the_ratio_reads_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        assert colors.shown_ratio(4.4999) == "4,49:1"
