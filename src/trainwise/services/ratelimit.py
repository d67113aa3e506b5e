"""Login rate limiting: failed attempts counted per e-mail address and per client IP, in memory.

At most ``MAX_FAILURES`` failed logins per address and per IP within ``WINDOW_SECONDS``; then
every attempt for that address or from that IP is refused until the oldest failure ages out.
A successful login clears the address's count (not the IP's). The counts live in the process:
with several workers each keeps its own (a guess budget of MAX_FAILURES × workers), and a
restart clears them; that is enough against password guessing at human-chosen passwords,
which argon2id makes slow anyway.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
MAX_KEYS = 100_000
"""Keys kept at most (oldest dropped first), so a flood of addresses cannot exhaust memory."""


class LoginLimiter:
    """Sliding-window failure counts; thread-safe (sync routes run in a thread pool)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, email: str, ip: str) -> int:
        """Seconds until an attempt for ``email`` from ``ip`` is allowed again (0: allowed now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in (f"email:{email}", f"ip:{ip}"):
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = max(wait, self.window - (now - times[-self.max_failures]))
        return int(wait) + 1 if wait > 0 else 0

    def failure(self, email: str, ip: str) -> None:
        """Count a failed attempt against the address and the IP."""
        now = self.clock()
        with self._lock:
            for key in (f"email:{email}", f"ip:{ip}"):
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times
            while len(self._failures) > MAX_KEYS:
                self._failures.pop(next(iter(self._failures)))

    def success(self, email: str) -> None:
        """A correct password: the address starts afresh."""
        with self._lock:
            self._failures.pop(f"email:{email}", None)
