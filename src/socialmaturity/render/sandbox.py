"""The sandbox a user's template renders in: no reach outside its variables, bounded work.

Jinja's sandbox already keeps a template from Python internals, files and code, and caps each
``range`` at 100,000 items. What it does not bound is work: nested ranges run for hours, a power
such as ``9 ** 9 ** 9`` or a repetition such as ``'x' * 10 ** 10`` takes gigabytes in one step.
Here (SPEC section 4, "Hardening (v3)"):

- rendering stops after :data:`MAX_SECONDS` (a timer interrupts whatever Python code runs);
- the text written stops at :data:`MAX_BYTES`;
- a single step that would build something larger (``*``, ``**``, ``+``, ``%``, ``~``, a call or
  a filter given a number or a width beyond that size) is refused before it runs.

Each stop is a :class:`TemplateLimit`, which the caller reports as an error naming the template.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: How long a user's template may render, in seconds.
MAX_SECONDS = 60.0
#: How much text (UTF-8 bytes) a user's template may write; also the largest value it may build.
MAX_BYTES = 50_000_000
#: The most bits a number computed by a template may have (a few thousand digits).
MAX_BITS = 10_000
#: A format string with a width or precision this long (eight digits and more) is refused.
_LONG_NUMBER = re.compile(r"\d{8,}")


class TemplateLimit(Exception):
    """A user's template went past a limit: what it was, for the error message."""


def _size(value: Any) -> int:
    """The size of a text or a sequence a template built; 0 for anything else."""
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _bounded(value: Any) -> Any:
    if _size(value) > MAX_BYTES:
        raise TemplateLimit(f"it builds a value of more than {MAX_BYTES // 1_000_000} MB")
    return value


def _check_arguments(*args: Any, **kwargs: Any) -> None:
    """Refuse a number large enough to stand for a width or a count beyond the limits."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_BYTES:
            raise TemplateLimit(f"it passes the number {value:.3g} to a function or filter")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _LONG_NUMBER.search(text):
        raise TemplateLimit("it formats text with a width or precision of eight digits or more")


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "**" and _int(left) and _int(right) and right > 0 and abs(left) > 1:
        if abs(left).bit_length() * right > MAX_BITS:
            raise TemplateLimit(f"it raises a number to the power {right:.3g}")
    elif operator == "*":
        if _int(left) and _int(right):
            if abs(left).bit_length() + abs(right).bit_length() > MAX_BITS:
                raise TemplateLimit("it multiplies numbers of thousands of digits")
        elif _int(right) and _size(left) * right > MAX_BYTES:
            raise TemplateLimit(f"it repeats a value {right:,} times")
        elif _int(left) and _size(right) * left > MAX_BYTES:
            raise TemplateLimit(f"it repeats a value {left:,} times")
    elif operator == "+" and _size(left) + _size(right) > MAX_BYTES:
        raise TemplateLimit(f"it builds a value of more than {MAX_BYTES // 1_000_000} MB")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)
        _check_arguments(*(right if isinstance(right, tuple) else (right,)))


class _BoundedConcat(CodeGenerator):
    """Compiles ``a ~ b`` so that its result is checked against the size limit."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the work a template may do bounded (module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedConcat

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # text by the megabyte from one small number

    @staticmethod
    def bounded(value: Any) -> Any:
        """A value the template built, refused when larger than the limit."""
        return _bounded(value)

    def bound_filters(self) -> None:
        """Check every filter's arguments and result (call once the filters are all set)."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _bounded_filter(function, format_value=name == "format")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """An intercepted operator, checked before it runs."""
        _check_binop(operator, left, right)
        return _bounded(self.binop_table[operator](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from the template, its numbers and format strings checked first."""
        _check_arguments(*args, **kwargs)
        target = getattr(__obj, "__wrapped__", __obj)
        if getattr(target, "__name__", "") in ("format", "format_map"):
            _check_format(getattr(target, "__self__", None))
        return _bounded(super().call(__context, __obj, *args, **kwargs))


def _bounded_filter(function: Callable[..., Any], *, format_value: bool) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's mark of what the filter is passed
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(*args, **kwargs)
        if format_value:
            for value in args[:2]:  # the format filter's text comes first (after its context)
                _check_format(value)
        return _bounded(function(*args, **kwargs))

    return checked


def bounded_output(chunks: Iterator[str]) -> str:
    """The rendered text, stopped at :data:`MAX_BYTES` and after :data:`MAX_SECONDS`."""
    written = 0
    parts = []
    with _deadline(MAX_SECONDS):
        for chunk in chunks:
            written += len(chunk) if chunk.isascii() else len(chunk.encode("utf-8", "replace"))
            if written > MAX_BYTES:
                raise TemplateLimit(f"it writes more than {MAX_BYTES // 1_000_000} MB")
            parts.append(chunk)
    return "".join(parts)


class _TimeUp(BaseException):
    """Raised by the timer into the rendering, so no ``except Exception`` on the way keeps it."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (Unix, main thread; elsewhere the block just runs)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def time_up(signum: int, frame: object) -> None:
        raise _TimeUp

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        took = time.monotonic() - started
        raise TemplateLimit(f"it ran for more than {seconds:g} seconds ({took:.0f} s)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
