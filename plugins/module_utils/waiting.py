# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How long to wait between two looks at a running provider operation.

The promise is in the option's name: a wait returns at most one ``poll_interval``
after the operation ends, so no delay is ever longer than ``poll_interval``. Within
that, each look should be worth its request:

- An operation that the provider runs for minutes (an adapter's
  ``shortest_operation`` says how long its quickest one takes) is not looked at
  before one ``poll_interval``: looking earlier only costs requests.
- An operation nothing is known about is looked at soon (``first_interval``) and
  then less and less often (``factor``), up to ``poll_interval``: quick ones end
  quickly, long ones cost few requests.
- A provider's own word on how far the operation got (:class:`Progress`: an ECNS
  rollout's ready replicas) replaces the guess: the next look comes when the
  operation should be done at the pace it went so far, or after one interval.

Any delay up to ``poll_interval`` keeps the promise, so a look is only ever moved
earlier than one interval, never later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

#: A look is never scheduled closer than this to the previous one (seconds).
SHORTEST_DELAY = 0.05


@dataclass
class WaitOptions:
    """Whether, how long and how often to poll an asynchronous operation."""

    enabled: bool = True
    timeout: float = 1800.0
    #: ``poll_interval``: the longest delay between two looks.
    max_interval: float = 10.0
    first_interval: float = 0.5
    factor: float = 1.5

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> WaitOptions:
        timeout = params.get("wait_timeout")
        interval = params.get("poll_interval")
        if timeout is not None and timeout < 1:
            raise ValidationError(f"wait_timeout must be at least 1 second, got {timeout}")
        if interval is not None and not 0 < interval <= 3600:
            raise ValidationError(f"poll_interval must be more than 0 and at most 3600 seconds, got {interval}")
        return cls(
            enabled=bool(params.get("wait", True)),
            timeout=float(1800 if timeout is None else timeout),
            max_interval=float(10 if interval is None else interval),
        )


@dataclass(frozen=True)
class Progress:
    """What a provider says of a running operation: the share done (0 to 1) after ``elapsed`` seconds."""

    done: float
    elapsed: float

    def remaining(self) -> float | None:
        """Seconds left if the operation goes on at the pace it went so far; None when nothing can be said."""
        if not 0 < self.done < 1 or self.elapsed <= 0:
            return None
        return self.elapsed * (1 - self.done) / self.done


class Pacer:
    """The delay before each next look at one operation (see the module's docstring)."""

    def __init__(self, options: WaitOptions, shortest_operation: float | None = None) -> None:
        self.options = options
        cap = options.max_interval
        if shortest_operation is not None and shortest_operation >= cap:
            # Nothing the provider runs ends within one interval: the first look waits one.
            self._delay = cap
        else:
            start = options.first_interval if shortest_operation is None else shortest_operation
            self._delay = min(max(start, SHORTEST_DELAY), cap)

    def next_delay(self, progress: Progress | None = None) -> float:
        """Seconds until the next look; ``progress`` is the provider's word on the operation, if any."""
        cap = self.options.max_interval
        delay = self._delay
        self._delay = min(self._delay * self.options.factor, cap)
        remaining = progress.remaining() if progress is not None else None
        if remaining is not None:
            # The provider's estimate replaces the guess, within the one-interval promise.
            delay = max(remaining, SHORTEST_DELAY)
        return min(delay, cap)
