"""The delays between two looks at a running operation (waiting.Pacer): never more than poll_interval."""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.waiting import Pacer, Progress, WaitOptions


def delays(pacer: Pacer, count: int, progress: Progress | None = None) -> list[float]:
    return [pacer.next_delay(progress) for _step in range(count)]


@pytest.mark.parametrize("interval", [0.2, 1.0, 10.0, 600.0])
@pytest.mark.parametrize("shortest", [None, 0.0, 5.0, 60.0, 3600.0])
def test_no_delay_is_longer_than_the_poll_interval(interval, shortest):
    pacer = Pacer(WaitOptions(max_interval=interval), shortest)
    hints = [None, Progress(0.01, 1000.0), Progress(0.5, 10.0), Progress(0.99, 1.0), Progress(1.0, 5.0)]
    for hint in itertools.islice(itertools.cycle(hints), 40):
        delay = pacer.next_delay(hint)
        assert 0 < delay <= interval


def test_an_operation_that_takes_minutes_is_first_looked_at_after_one_interval():
    # NKS: the quickest operation takes a minute; looking before 10 s can only find it running.
    assert delays(Pacer(WaitOptions(max_interval=10.0), 60.0), 4) == [10.0, 10.0, 10.0, 10.0]


def test_an_unknown_operation_is_looked_at_soon_then_less_often_up_to_the_interval():
    assert delays(Pacer(WaitOptions(max_interval=2.0, first_interval=0.5, factor=2.0)), 5) == [0.5, 1.0, 2.0, 2.0, 2.0]


def test_a_short_known_operation_is_first_looked_at_when_it_can_have_ended():
    assert delays(Pacer(WaitOptions(max_interval=30.0, factor=1.5), 10.0), 3) == [10.0, 15.0, 22.5]


def test_progress_moves_the_next_look_to_when_the_operation_should_end():
    pacer = Pacer(WaitOptions(max_interval=10.0), 60.0)
    # A quarter done after 3 s: 9 s left at that pace.
    assert pacer.next_delay(Progress(0.25, 3.0)) == pytest.approx(9.0)
    # Three quarters after 30 s: 10 s left, capped by the interval anyway.
    assert pacer.next_delay(Progress(0.75, 30.0)) == pytest.approx(10.0)
    # Nothing usable (nothing done yet, or done): the interval.
    assert pacer.next_delay(Progress(0.0, 3.0)) == 10.0
    assert pacer.next_delay(Progress(1.0, 3.0)) == 10.0


def test_poll_interval_and_timeout_are_checked():
    from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

    with pytest.raises(ValidationError, match="poll_interval"):
        WaitOptions.from_params({"poll_interval": 0})
    with pytest.raises(ValidationError, match="wait_timeout"):
        WaitOptions.from_params({"wait_timeout": 0})
    options = WaitOptions.from_params({"poll_interval": 2.5, "wait_timeout": 60, "wait": False})
    assert (options.max_interval, options.timeout, options.enabled) == (2.5, 60.0, False)
