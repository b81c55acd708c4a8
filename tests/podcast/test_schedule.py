"""The build's "now" and what it publishes."""

from __future__ import annotations

import datetime as dt

import pytest

from archipelago.podcast.schedule import ScheduleError, build_moment

UTC = dt.UTC


def test_option_wins_over_the_environment() -> None:
    env = {"SOURCE_DATE_EPOCH": "1800000000"}
    assert build_moment(dt.date(2026, 5, 10), env) == dt.datetime(2026, 5, 10, tzinfo=UTC)
    assert build_moment("2026-05-10", env) == dt.datetime(2026, 5, 10, tzinfo=UTC)
    aware = "2026-05-10T09:00:00+02:00"
    assert build_moment(aware, env) == dt.datetime(2026, 5, 10, 7, tzinfo=UTC)


def test_source_date_epoch_when_no_option() -> None:
    assert build_moment(None, {"SOURCE_DATE_EPOCH": "1800000000"}) == dt.datetime(
        2027, 1, 15, 8, 0, tzinfo=UTC
    )


def test_the_clock_last() -> None:
    before = dt.datetime.now(tz=UTC)
    assert before <= build_moment(None, {}) <= dt.datetime.now(tz=UTC)


@pytest.mark.parametrize(
    ("option", "env", "message"),
    [
        (
            "soon",
            {},
            "build_date: expected a date like 2026-05-01 or 2026-05-01T09:00:00+02:00, got 'soon'",
        ),
        (
            "2026-05-10T09:00:00",
            {},
            "build_date: '2026-05-10T09:00:00' has no time zone; add one (+00:00)",
        ),
        (42, {}, "build_date: expected a date like 2026-05-01, got 42"),
        (
            None,
            {"SOURCE_DATE_EPOCH": "yesterday"},
            "SOURCE_DATE_EPOCH: expected whole seconds since 1970, got 'yesterday'",
        ),
    ],
)
def test_unreadable_values_are_errors(option: object, env: dict[str, str], message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        build_moment(option, env)
    assert str(caught.value) == message
