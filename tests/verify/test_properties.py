"""Property-based: no input crashes the verifier, and no changed badge is ever genuine."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.badges.verify import VerificationReport, VerificationStatus
from app.urls import public_url

EMAIL = "ada@example.org"
# The fixtures are made once per test and only read by the examples.
SETTINGS = settings(
    max_examples=150,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def genuine(issue, download) -> dict[str, bytes | str]:
    """Every form of one genuine badge; each is checked to be genuine before it is mutated."""
    award = issue(EMAIL)
    return {
        "png": download(award, "badge.png"),
        "svg": download(award, "badge.svg"),
        "hosted-png": download(award, "badge.png", verify="hosted"),
        "jws": download(award, "signed.jws").decode(),
        "vc-jwt": download(award, "credential.jwt").decode(),
        "url": public_url("badges.assertion", public_id=award.public_id),
    }


def mutate(data, draw_data) -> bytes | str:
    """Flip, replace, delete, insert or truncate somewhere in `data`."""
    is_text = isinstance(data, str)
    raw = bytearray(data.encode() if is_text else data)
    kind = draw_data.draw(st.sampled_from(["flip", "replace", "delete", "insert", "truncate"]))
    index = draw_data.draw(st.integers(0, len(raw) - 1))
    if kind == "flip":
        raw[index] ^= 1 << draw_data.draw(st.integers(0, 7))
    elif kind == "replace":
        raw[index] = draw_data.draw(st.integers(0, 255))
    elif kind == "delete":
        length = draw_data.draw(st.integers(1, 16))
        del raw[index : index + length]
    elif kind == "insert":
        raw[index:index] = draw_data.draw(st.binary(min_size=1, max_size=16))
    else:
        del raw[index:]
    mutated = bytes(raw)
    if is_text:
        return mutated.decode("utf-8", errors="replace")
    return mutated


def assert_a_report(report) -> None:
    assert isinstance(report, VerificationReport)
    assert isinstance(report.status, VerificationStatus)
    assert report.summary


@SETTINGS
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_crash_and_are_never_genuine(check, data):
    report = check(data, EMAIL)
    assert_a_report(report)
    assert not report.genuine


@SETTINGS
@given(text=st.text(max_size=2048))
def test_random_text_never_crashes_and_is_never_genuine(check, text):
    report = check(text, EMAIL)
    assert_a_report(report)
    assert not report.genuine


ALMOST_BADGES = st.one_of(
    st.binary(max_size=512).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),
    st.text(max_size=256).map(lambda tail: ("<svg " + tail).encode()),
    st.text(max_size=64).map(lambda name: f"<?xml version='1.0' encoding='{name}'?><svg/>"),
    st.text(max_size=256).map(lambda tail: "eyJhbGciOiJSUzI1NiJ9." + tail),
    st.text(max_size=256).map(lambda tail: "http://coop.test/badges/assertions/" + tail),
    st.text(max_size=256).map(lambda tail: '{"id": ' + tail),
)


@SETTINGS
@given(data=ALMOST_BADGES)
def test_inputs_that_start_like_badges_never_crash(check, data):
    report = check(data, EMAIL)
    assert_a_report(report)
    assert not report.genuine


@pytest.mark.parametrize("form", ["png", "svg", "hosted-png", "jws", "vc-jwt", "url"])
def test_mutations_of_a_genuine_badge_are_never_genuine(check, genuine, form):
    original = genuine[form]
    assert check(original, EMAIL).genuine

    @SETTINGS
    @given(draw_data=st.data())
    def run(draw_data):
        mutated = mutate(original, draw_data)
        # Only a change counts: the same bytes, or text differing only in surrounding space
        # (which every paste box trims), is the same badge.
        if isinstance(mutated, str):
            assume(mutated.strip() != original)
        else:
            assume(mutated != original)
        report = check(mutated, EMAIL)
        assert_a_report(report)
        assert not report.genuine, (form, mutated)

    run()
