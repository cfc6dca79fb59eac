"""The merge sandbox: merge text (subject, body) rendered per data row, within limits.

Merge text comes with the draft and runs once per data row, so it is held to limits a
real letter never reaches: output size, `range()` length, operator growth (`*`, `**`,
`%`, `+`), filters that take a width, `namespace()` values, texts doubled by
`{% set x = x ~ x %}`, endless macro recursion, and time per text (a trace function
on Jinja's own frames stops loops that print nothing). A row over a limit fails with
a `TemplateError` naming the limit; the merge skips that row with the reason instead
of eating the machine's memory or time. With `markdown=True` every value is inserted
as text (`kkletter.markup.escape_markdown`), never as Markdown; values are never
template code (Jinja does not evaluate a value again).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import jinja2
import jinja2.runtime
import jinja2.utils
from jinja2.sandbox import SandboxedEnvironment

from kkletter.dates import format_letter_date
from kkletter.errors import TemplateError
from kkletter.markup import escape_markdown

MAX_MERGE_OUTPUT = 1_000_000  # characters of rendered text (a long letter is ~30,000)
MAX_MERGE_RANGE = 10_000  # items one range() may give
MAX_MERGE_SECONDS = 5.0  # per rendered text


class MergeLimitError(jinja2.exceptions.SecurityError):
    """A merge template went over one of the sandbox's limits."""


def _check_size(value: object) -> object:
    if isinstance(value, str | bytes | list | tuple) and len(value) > MAX_MERGE_OUTPUT:
        raise MergeLimitError(f"resultatet bliver over {MAX_MERGE_OUTPUT:,} tegn".replace(",", "."))
    return value


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_MERGE_RANGE:
        raise MergeLimitError(f"range() giver over {MAX_MERGE_RANGE:,} tal".replace(",", "."))
    return numbers


class _LimitedNamespace(jinja2.utils.Namespace):
    """`namespace()` whose values are held to the output limit (no doubling in a loop)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value)
        super().__setitem__(name, value)


class _MergeEnvironment(SandboxedEnvironment):
    """The sandbox merge text renders in: size-limited operators, range and namespace."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left) > 1
            and right * abs(left).bit_length() > 4096
        ):
            raise MergeLimitError("tallet bliver for stort")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_MERGE_OUTPUT
                ):
                    raise MergeLimitError("teksten bliver for lang")
        if operator == "%" and isinstance(left, str) and len(left) > 0:
            widths = [int(w) for w in re.findall(r"%[-+ #0]*(\d+)", left)]
            if any(w > MAX_MERGE_OUTPUT for w in widths):
                raise MergeLimitError("formatbredden er for stor")
        return _check_size(super().call_binop(context, operator, left, right))

    def call(self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_MERGE_OUTPUT:
                raise MergeLimitError(f"tallet {value} er for stort som argument")
        return _check_size(super().call(__context, __obj, *args, **kwargs))


@cache
def _merge_environment() -> _MergeEnvironment:
    env = _MergeEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dato"] = lambda day, style="long": format_letter_date(day, style)
    # Filters that build text from a width argument are held to the limit by `call`
    # only when called as functions; as filters their width goes through here.
    for name in ("center", "indent", "wordwrap", "format", "truncate"):
        original = env.filters[name]
        env.filters[name] = _size_checked_filter(original)
    env.globals.pop("lipsum", None)
    env.globals["range"] = _limited_range
    env.globals["namespace"] = _LimitedNamespace
    return env


def _size_checked_filter(function: Any) -> Any:
    def checked(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_MERGE_OUTPUT:
                raise MergeLimitError(f"tallet {value} er for stort som argument")
        return _check_size(function(*args, **kwargs))

    # Keep Jinja's pass_environment/pass_eval_context markers working.
    checked.__dict__.update(getattr(function, "__dict__", {}))
    return checked


class _Deadline:
    """Stop template code that runs past `seconds` (loops that print nothing included).

    A trace function follows only Jinja's compiled template frames (file name starting
    with "<"), so kkletter's own code runs at full speed.
    """

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds
        self.seconds = seconds

    def _local(self, frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > self.until:
            raise MergeLimitError(f"udfyldningen tog over {self.seconds:g} sekunder")
        if event == "line":
            # `{% set x = x ~ x %}` doubles a text with no hook Jinja offers; the template's
            # own variables are its frame's locals, so look at their size line by line.
            for value in frame.f_locals.values():
                if isinstance(value, str) and len(value) > MAX_MERGE_OUTPUT:
                    raise MergeLimitError(
                        f"en tekst bliver over {MAX_MERGE_OUTPUT:,} tegn".replace(",", ".")
                    )
        return self._local

    def _global(self, frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename.startswith("<"):
            return self._local
        return None

    def __enter__(self) -> _Deadline:
        self._previous = sys.gettrace()
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


def _render_limited(template: jinja2.Template, values: Mapping[str, Any]) -> str:
    """Render `template` with the merge limits on output size and time."""
    parts: list[str] = []
    size = 0
    with _Deadline(MAX_MERGE_SECONDS):
        for chunk in template.generate(dict(values)):
            size += len(chunk)
            if size > MAX_MERGE_OUTPUT:
                raise MergeLimitError(
                    f"resultatet bliver over {MAX_MERGE_OUTPUT:,} tegn".replace(",", ".")
                )
            parts.append(chunk)
    return "".join(parts)


@lru_cache(maxsize=64)
def _merge_template(text: str, markdown: bool) -> jinja2.Template:
    """Compile merge text once: a merge renders the same subject and body for every row.

    With `markdown`, every `{{ value }}` is escaped so a data value is always text in the
    letter, never Markdown (a cell "---" is not a page break).
    """
    env = _merge_environment()
    if markdown:
        env = env.overlay(finalize=_markdown_value)
    return env.from_string(text)


def _markdown_value(value: Any) -> Any:
    return escape_markdown(str(value)) if isinstance(value, str) else value


def render_merge_text(
    text: str, values: Mapping[str, Any], *, where: str, markdown: bool = False
) -> str:
    """Render `text` (subject or body) as a sandboxed template over merge `values`.

    `markdown` says `text` is Markdown (the body): values are then inserted as text.
    A row that goes over a sandbox limit raises `TemplateError` naming the limit.
    """
    try:
        return _render_limited(_merge_template(text, markdown), values)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Flettefelt-fejl i {where}, linje {exc.lineno}: {exc.message}.", line=exc.lineno
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"Ukendt flettefelt i {where}: {exc.message}.", field=where) from exc
    except MergeLimitError as exc:
        raise TemplateError(
            f"Flettefelterne i {where} går over en grænse: {exc}. Forenkl flettefelterne.",
            field=where,
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Flettefelt-fejl i {where}: {exc}.", field=where) from exc
    except RecursionError as exc:
        raise TemplateError(
            f"Flettefelterne i {where} kalder sig selv uden ende (en makro, der kalder sig "
            "selv). Forenkl flettefelterne.",
            field=where,
        ) from exc
    except (ArithmeticError, TypeError, ValueError, MemoryError) as exc:
        kind = "en regnefejl" if isinstance(exc, ArithmeticError) else "en værdi af forkert type"
        raise TemplateError(
            f"Flettefelterne i {where} kunne ikke udfyldes: {kind} (teknisk: {exc}). "
            "Ret flettefelterne eller datafilen.",
            field=where,
        ) from exc
