"""Settings <-> query string: one state, one address, and back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sim.app.urlstate import DEFAULT, AppState, decode, encode

LEVERS = ("takeup", "contribution", "financing")


def test_defaults_give_an_empty_query() -> None:
    assert encode(DEFAULT) == ""
    assert decode("") == (DEFAULT, [])
    assert decode(None) == (DEFAULT, [])


def test_a_full_state_round_trips() -> None:
    state = AppState(
        mode="whatif",
        lang="en",
        results="experiments/compare designs",
        view="fan",
        column="ebe_fte",
        design=("full_transposition", "existing_actors"),
        territory=("pilot",),
        replication=(0, 3),
        years=(2027, 2031),
        seed=7,
        horizon=60,
        levers={"takeup": 0.1 + 0.2, "financing": "savings"},
    )
    search = encode(state)
    assert search.startswith("?mode=whatif&lang=en&results=experiments%2Fcompare+designs")
    assert decode(search, LEVERS) == (state, [])


def test_levers_at_their_default_are_left_out() -> None:
    state = DEFAULT.replace(mode="whatif", levers={"takeup": 0.25, "contribution": 0.8})
    assert encode(state, {"takeup": 0.25, "contribution": 0.889}) == "?mode=whatif&contribution=0.8"


def test_bad_values_are_reported_and_ignored() -> None:
    state, problems = decode("?mode=admin&seed=-1&horizon=x&years=2031-2027&replication=a&evil=1&takeup=abc", LEVERS)
    assert state.mode == "browse" and state.seed == 0 and state.horizon == 120 and state.years is None
    # a lever value that is not a number is kept: the what-if validation names it
    assert state.levers == {"takeup": "abc"}
    text = "\n".join(problems)
    for fragment in ("mode='admin'", "seed='-1'", "horizon='x'", "years='2031-2027'", "replication='a'", "'evil'"):
        assert fragment in text


@given(
    takeup=st.floats(min_value=0, max_value=1, allow_nan=False),
    seed=st.integers(min_value=0, max_value=2**32),
    years=st.tuples(st.integers(2000, 2100), st.integers(0, 20)),
)
def test_numbers_round_trip_exactly(takeup: float, seed: int, years: tuple[int, int]) -> None:
    state = DEFAULT.replace(seed=seed, years=(years[0], years[0] + years[1]), levers={"takeup": takeup})
    assert decode(encode(state), LEVERS)[0] == state
