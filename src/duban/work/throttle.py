"""Login throttling that slows password guessing without locking the right password out.

Why three limits, each a delay and never a lock:
- per (account, address): a few free mistakes, then a wait that doubles with every
  further failure (capped) — one person mistyping is not slowed, a guesser at one
  address is slowed exponentially, and the account's owner elsewhere is untouched;
- per address: a token bucket across all accounts, so one address spraying one
  password over many accounts is slowed too (a shared office proxy has room for
  its people's ordinary typos);
- per account, from everywhere: a token bucket whose empty state costs at most
  one refill interval (seconds, not minutes), so guesses from many addresses are
  capped at a steady rate while the owner logging in from a new address waits at
  most that long.

A success clears only its own (account, address) entry. The table is bounded
(least recently used entries go first), so a flood of invented account names
cannot grow the server's memory. Refused attempts change nothing and are not
checked against the password. Times are seconds from the caller's clock, so
tests move the clock instead of sleeping.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ThrottlePolicy:
    pair_free: int = 5  # failures per (account, address) before any wait
    pair_base_seconds: float = 1.0  # the first wait; doubled with every further failure
    pair_max_seconds: float = 300.0
    address_burst: int = 30  # failures an address may make at once, over all accounts
    address_refill_seconds: float = 10.0  # then one more every this many seconds
    account_burst: int = 30  # failures an account may take at once, from all addresses
    account_refill_seconds: float = 20.0  # the longest the owner waits while the account is under attack
    max_entries: int = 50_000  # bound of the table (each entry some hundred bytes)
    forget_seconds: float = 86_400.0  # an entry untouched this long is dropped


@dataclass
class _Entry:
    tokens: float = 0.0  # buckets: tokens left; pairs: failures so far
    updated: float = 0.0
    not_before: float = 0.0


class LoginThrottle:
    """``wait(account, address, now)`` → seconds to wait (0: check the password); ``failed`` / ``succeeded``."""

    def __init__(self, policy: ThrottlePolicy | None = None):
        self.policy = policy or ThrottlePolicy()
        self._entries: OrderedDict[tuple[str, str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(account: str, address: str) -> tuple[tuple, tuple, tuple]:
        account = account.strip().casefold()[:100]
        return ("pair", account, address), ("addr", "", address), ("acct", account, "")

    def _get(self, key: tuple, now: float) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None and now - entry.updated > self.policy.forget_seconds:
            del self._entries[key]
            return None
        return entry

    def _bucket_tokens(self, key: tuple, now: float, burst: int, refill: float) -> float:
        entry = self._get(key, now)
        if entry is None:
            return float(burst)
        return min(float(burst), entry.tokens + (now - entry.updated) / refill)

    def _bucket_wait(self, key: tuple, now: float, burst: int, refill: float) -> float:
        if self._bucket_tokens(key, now, burst, refill) >= 1:
            return 0.0
        entry = self._entries[key]
        return max(0.0, entry.updated + (1 - entry.tokens) * refill - now)

    def wait(self, account: str, address: str, now: datetime) -> float:
        """Seconds before this account may be tried from this address (0 when it may be tried now)."""
        t, p = now.timestamp(), self.policy
        pair, addr, acct = self._keys(account, address)
        with self._lock:
            entry = self._get(pair, t)
            waits = [entry.not_before - t if entry else 0.0,
                     self._bucket_wait(addr, t, p.address_burst, p.address_refill_seconds),
                     self._bucket_wait(acct, t, p.account_burst, p.account_refill_seconds)]
        return max(0.0, *waits)

    def failed(self, account: str, address: str, now: datetime) -> None:
        t, p = now.timestamp(), self.policy
        pair, addr, acct = self._keys(account, address)
        with self._lock:
            entry = self._get(pair, t) or _Entry()
            entry.tokens += 1
            entry.updated = t
            over = entry.tokens - p.pair_free
            if over > 0:
                entry.not_before = t + min(p.pair_max_seconds, p.pair_base_seconds * 2 ** min(over - 1, 30))
            self._put(pair, entry)
            for key, burst, refill in ((addr, p.address_burst, p.address_refill_seconds),
                                       (acct, p.account_burst, p.account_refill_seconds)):
                tokens = self._bucket_tokens(key, t, burst, refill)
                self._put(key, _Entry(tokens=max(0.0, tokens - 1), updated=t))

    def succeeded(self, account: str, address: str) -> None:
        with self._lock:
            self._entries.pop(self._keys(account, address)[0], None)

    def _put(self, key: tuple, entry: _Entry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.policy.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def wait_message(seconds: float) -> str:
    """``登录尝试过于频繁，请N秒后再试`` (minutes past two minutes), for the login page and the 429."""
    seconds = max(1, math.ceil(seconds))
    when = f"{math.ceil(seconds / 60)}分钟" if seconds > 120 else f"{seconds}秒"
    return f"登录尝试过于频繁，请{when}后再试"
