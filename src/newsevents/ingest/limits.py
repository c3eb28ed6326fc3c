"""Bounded reading: no document, line or archive is ever read past its limit.

`read_at_most` reads one more byte than allowed, so an oversized file is refused after
reading `limit + 1` bytes, whatever its size. `GuardedStream` wraps a decompressing stream
and stops it as soon as its output outgrows `max_ratio` times the compressed size or the
container's total budget: a zip bomb is refused after a bounded amount of work.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

MIN_BUDGET = 1024 * 1024  # tiny archives of very repetitive text may expand more than max_ratio
SKIP_CHUNK = 64 * 1024


class LimitExceeded(Exception):
    """Input over a limit; `code` is the DocumentError code, the message names the flag."""

    code = "file_too_large"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LineTooLong(LimitExceeded):
    code = "line_too_long"


class DecompressionBomb(LimitExceeded):
    code = "decompression_bomb"


def read_at_most(stream: BinaryIO, limit: int, flag: str = "--max-bytes") -> bytes:
    """All of `stream`, or LimitExceeded once it is longer than `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise LimitExceeded(f"larger than the {limit:,}-byte limit ({flag})")
    return data


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; None in place of a line longer than `limit` bytes,
    whose rest is skipped in chunks rather than held in memory."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def decompression_budget(compressed_size: int, max_ratio: float, max_total: int) -> int:
    """How many bytes a container of `compressed_size` bytes may expand to."""
    return min(max_total, max(int(max_ratio * compressed_size), MIN_BUDGET))


class GuardedStream(io.RawIOBase):
    """A decompressed stream that raises DecompressionBomb past `budget` bytes of output."""

    def __init__(self, inner: BinaryIO, budget: int, describe: str, closing: tuple = ()):
        super().__init__()
        self._inner = inner
        self._closing = (inner, *closing)
        self.budget = budget
        self.produced = 0
        self._describe = describe

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        room = memoryview(buffer)
        data = self._inner.read(len(room))
        count = len(data)
        room[:count] = data
        self.produced += count
        if self.produced > self.budget:
            raise DecompressionBomb(f"{self._describe} expands to more than {self.budget:,} bytes "
                                    "(--max-ratio, --max-total-bytes)")
        return count

    def close(self) -> None:
        if not self.closed:
            for part in self._closing:
                part.close()
        super().close()


def guarded(inner: BinaryIO, budget: int, describe: str, closing: tuple = ()) -> io.BufferedReader:
    """`GuardedStream` with a buffer in front, for fast readline()."""
    return io.BufferedReader(GuardedStream(inner, budget, describe, closing), buffer_size=SKIP_CHUNK)
