"""Templates: a catalogue of letter kinds, each a `template.toml` plus a Jinja2 body.

Templates render in a sandboxed Jinja2 environment with `StrictUndefined`, so a template
can neither reach Python internals nor silently print an empty field.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import jinja2.utils
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from kkletter._data import data_dir
from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import LibraryError, TemplateError
from kkletter.fields import BY_NAME, TEXT_FIELDS
from kkletter.markup import cell_markup, escape_markdown
from kkletter.model import Letter
from kkletter.tomlsource import key_line, read_toml

FIELD_KINDS = ("text", "multiline", "statusskemaer")


@dataclass(frozen=True)
class FieldSpec:
    """A template-specific field the form asks for (kept in the draft's `[fields]`)."""

    id: str
    label: str
    kind: str = "text"  # one of FIELD_KINDS
    required: bool = False
    default: Any = ""
    help: str = ""


@dataclass(frozen=True)
class CaseLine:
    """One line of the case block: a label and where its value comes from.

    `source` is "date", "case.number", "case.document" or "fields.<id>".
    """

    label: str
    source: str


@dataclass(frozen=True)
class TemplateSpec:
    """What a template declares about the letters made from it."""

    id: str
    name: str
    description: str
    folder: Path
    order: int = 100  # position in pickers and listings
    document_type: str = ""  # printed above the subject, e.g. "Notat"
    date_style: str = "long"
    needs_recipient: bool = True
    needs_salutation: bool = True
    needs_signer: bool = True
    closing: str = "Venlig hilsen"
    number_sections: bool = False
    recipient_prefix: str = ""
    case_block: tuple[CaseLine, ...] = (
        CaseLine("Dato", "date"),
        CaseLine("Sagsnr.", "case.number"),
        CaseLine("Dok.nr.", "case.document"),
    )
    fields: tuple[FieldSpec, ...] = ()
    default_body: str = ""
    # Fields a finished letter must have filled (names of `kkletter.fields`, or
    # "fields.<id>"); an empty one is a warning.
    required_fields: tuple[str, ...] = ()
    # Sentences of `default_body` that tell the writer what to write; none may be left.
    help_texts: tuple[str, ...] = ()
    decision: bool = False  # an afgørelse: the decision checks apply (forvaltningsloven)
    requires_approval: bool = False  # letters must be approved before they are sent

    @property
    def body_path(self) -> Path:
        """Return the path of the Jinja2 body template."""
        return self.folder / "body.md.j2"


@cache
def _environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = cell_markup
    env.filters["dato"] = lambda day, style="long": format_letter_date(day, style)
    return env


def templates_dir() -> Path:
    """Return the folder of the templates shipped with kkletter."""
    return data_dir("templates")


def load_catalog(folder: Path | None = None) -> dict[str, TemplateSpec]:
    """Return the templates found in `folder` (default: the shipped ones), by id."""
    root = folder or templates_dir()
    specs = [load_template(path.parent) for path in root.glob("*/template.toml")]
    return {spec.id: spec for spec in sorted(specs, key=lambda s: (s.order, s.id))}


def get_template(template_id: str, catalog: Mapping[str, TemplateSpec]) -> TemplateSpec:
    """Return the template `template_id` from `catalog` or explain which ids exist."""
    try:
        return catalog[template_id]
    except KeyError:
        known = ", ".join(sorted(catalog)) or "(ingen)"
        raise TemplateError(
            f"Ukendt skabelon '{template_id}'. Gyldige skabeloner: {known}.",
            field="template",
        ) from None


def load_template(folder: Path) -> TemplateSpec:
    """Read `folder`/template.toml and return its spec."""
    spec_path = folder / "template.toml"
    try:
        raw, text = read_toml(spec_path, "Skabelonen")
    except LibraryError as exc:
        raise TemplateError(exc.message, path=spec_path, line=exc.line) from exc
    try:
        fields = tuple(
            FieldSpec(
                id=str(item["id"]),
                label=str(item.get("label", item["id"])),
                kind=str(item.get("kind", "text")),
                required=bool(item.get("required", False)),
                default=item.get("default", ""),
                help=str(item.get("help", "")),
            )
            for item in raw.get("fields", [])
        )
        case_block = tuple(
            CaseLine(str(item.get("label", "")), str(item["source"]))
            for item in raw.get("case_block", [])
        )
        spec = TemplateSpec(
            id=folder.name,
            name=str(raw["name"]),
            description=str(raw.get("description", "")),
            folder=folder,
            order=int(raw.get("order", 100)),
            document_type=str(raw.get("document_type", "")),
            date_style=str(raw.get("date_style", "long")),
            needs_recipient=bool(raw.get("needs_recipient", True)),
            needs_salutation=bool(raw.get("needs_salutation", True)),
            needs_signer=bool(raw.get("needs_signer", True)),
            closing=str(raw.get("closing", "Venlig hilsen")),
            number_sections=bool(raw.get("number_sections", False)),
            recipient_prefix=str(raw.get("recipient_prefix", "")),
            fields=fields,
            default_body=str(raw.get("default_body", "")),
            required_fields=tuple(str(name) for name in raw.get("required_fields", [])),
            help_texts=tuple(str(text).strip() for text in raw.get("help_texts", [])),
            decision=bool(raw.get("decision", False)),
            requires_approval=bool(raw.get("requires_approval", False)),
            **({"case_block": case_block} if case_block else {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        key = exc.args[0] if isinstance(exc, KeyError) else ""
        line = key_line(text, str(key)) if key else 1
        raise TemplateError(
            f"Skabelonen {spec_path}, linje {line}: mangler en nødvendig nøgle eller har en "
            f"forkert værdi: {exc}.",
            path=spec_path,
            line=line,
        ) from exc
    if spec.date_style not in DATE_STYLES:
        line = key_line(text, "date_style")
        raise TemplateError(
            f"Skabelonen {spec_path}, linje {line}: ukendt datoformat '{spec.date_style}'. "
            f"Gyldige: {', '.join(DATE_STYLES)}.",
            path=spec_path,
            line=line,
        )
    for field_spec in spec.fields:
        if field_spec.kind not in FIELD_KINDS:
            found = re.search(rf"^\s*kind\s*=\s*[\"']{re.escape(field_spec.kind)}", text, re.M)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            raise TemplateError(
                f"Skabelonen {spec_path}, linje {line}: feltet '{field_spec.id}' har ukendt type "
                f"'{field_spec.kind}'. Gyldige: {', '.join(FIELD_KINDS)}.",
                path=spec_path,
                line=line,
            )
    own_fields = {f"fields.{field_spec.id}" for field_spec in spec.fields}
    for name in spec.required_fields:
        if name not in own_fields and not (name in BY_NAME and BY_NAME[name].is_text):
            known = ", ".join(field.name for field in TEXT_FIELDS if field.name != "body")
            raise TemplateError(
                f"Skabelonen {spec_path}: required_fields nævner '{name}', som ikke er et "
                f"tekstfelt. Brug et af: {known} eller fields.<id>.",
                path=spec_path,
            )
    if not spec.body_path.is_file():
        raise TemplateError(f"Skabelonen mangler filen {spec.body_path}.", path=spec.body_path)
    return spec


def _compile(spec: TemplateSpec) -> jinja2.Template:
    env = _environment(spec.folder)
    try:
        return env.get_template(spec.body_path.name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Fejl i skabelonen {spec.body_path}, linje {exc.lineno}: {exc.message}. "
            "Ret skabelonen eller vælg en anden.",
            path=spec.body_path,
            line=exc.lineno,
        ) from exc


def required_variables(spec: TemplateSpec) -> set[str]:
    """Return the top-level names the body template reads (jinja2.meta)."""
    env = _environment(spec.folder)
    source = spec.body_path.read_text(encoding="utf-8")
    try:
        return meta.find_undeclared_variables(env.parse(source))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Fejl i skabelonen {spec.body_path}, linje {exc.lineno}: {exc.message}.",
            path=spec.body_path,
            line=exc.lineno,
        ) from exc


def template_fields(spec: TemplateSpec, letter: Letter) -> dict[str, Any]:
    """Return the letter's template fields with the template's defaults filled in."""
    values: dict[str, Any] = {f.id: f.default for f in spec.fields}
    values.update(letter.fields)
    return values


def missing_required_fields(spec: TemplateSpec, letter: Letter) -> list[FieldSpec]:
    """Return the required fields the letter leaves empty."""
    values = template_fields(spec, letter)
    return [f for f in spec.fields if f.required and not values.get(f.id)]


def field_type_problem(field_spec: FieldSpec, value: Any) -> tuple[str, str] | None:
    """Return (where, what it should be) if `value` has the wrong shape for its kind."""
    where = f"fields.{field_spec.id}"
    if field_spec.kind in ("text", "multiline"):
        return None if isinstance(value, str) else (where, "tekst i anførselstegn")
    if field_spec.kind == "statusskemaer":
        return _status_problem(where, value)
    return None


def _status_problem(where: str, value: Any) -> tuple[str, str] | None:
    if not isinstance(value, list):
        return where, "en liste af afsnit ([[fields.statusskemaer]])"
    for i, section in enumerate(value):
        here = f"{where}[{i + 1}]"
        if not isinstance(section, dict):
            return here, "et afsnit (en tabel med 'overskrift')"
        for key in ("overskrift", "tekst"):
            if key in section and not isinstance(section[key], str):
                return f"{here}.{key}", "tekst i anførselstegn"
        tables = section.get("skemaer", [])
        if not isinstance(tables, list):
            return f"{here}.skemaer", "en liste af skemaer"
        for j, table in enumerate(tables):
            there = f"{here}.skemaer[{j + 1}]"
            if not isinstance(table, dict):
                return there, "et skema (en tabel med 'titel' og 'linjer')"
            if not isinstance(table.get("titel", ""), str):
                return f"{there}.titel", "tekst i anførselstegn"
            lines = table.get("linjer", [])
            if not isinstance(lines, list):
                return f"{there}.linjer", 'en liste af ["etiket", "værdi"]'
            for k, line in enumerate(lines):
                if not (
                    isinstance(line, list)
                    and len(line) == 2
                    and all(isinstance(c, str) for c in line)
                ):
                    return f"{there}.linjer[{k + 1}]", 'et par ["etiket", "værdi"] af tekst'
    return None


def render_body(spec: TemplateSpec, letter: Letter) -> str:
    """Render the template's body for `letter` and return Markdown."""
    missing = missing_required_fields(spec, letter)
    if missing:
        names = ", ".join(f"'{f.label}' ({f.id})" for f in missing)
        raise TemplateError(
            f"Skabelonen '{spec.id}' kræver feltet {names}. Udfyld det under [fields] i kladden.",
            field=missing[0].id,
        )
    values = template_fields(spec, letter)
    for field_spec in spec.fields:
        problem = field_type_problem(field_spec, values.get(field_spec.id))
        if problem:
            where, should = problem
            raise TemplateError(
                f"Feltet {where} i kladden skal være {should}. Ret det under [fields]; se "
                "docs/draft-format.md for et eksempel.",
                field=field_spec.id,
            )
    template = _compile(spec)
    context = {
        "body": letter.body,
        "subject": letter.subject,
        "date": letter.date,
        "fields": template_fields(spec, letter),
        "recipient": letter.recipient,
        "case": letter.case,
        "signer": letter.signer,
    }
    try:
        return template.render(context)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Skabelonen {spec.body_path} bruger et felt, som kladden ikke har: {exc.message}. "
            "Udfyld feltet under [fields] i kladden.",
            path=spec.body_path,
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"Skabelonen {spec.body_path} forsøger at tilgå Pythons indre dele, hvilket ikke "
            "er tilladt. Ret skabelonen, eller brug en af de medfølgende.",
            path=spec.body_path,
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"Skabelonen {spec.body_path} kunne ikke udfyldes: {exc}.", path=spec.body_path
        ) from exc
    except (TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
        # A value of an unexpected type deep in [fields] that no check above foresaw.
        raise TemplateError(
            f"Skabelonen {spec.body_path} kunne ikke udfyldes, fordi et felt under [fields] har "
            f"en forkert type (teknisk: {type(exc).__name__}). Ret feltet i kladden.",
            path=spec.body_path,
        ) from exc


def merge_text_variables(text: str, *, where: str) -> set[str]:
    """Return the merge fields (`{{ kolonne }}`) that `text` reads; `where` names it."""
    env = _environment(templates_dir())
    try:
        return meta.find_undeclared_variables(env.parse(text))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Flettefelterne i {where} har en fejl i linje {exc.lineno}: {exc.message}. "
            "Et flettefelt skrives {{ kolonne }}.",
            line=exc.lineno,
        ) from exc


# --- merge sandbox limits ----------------------------------------------------------
# Merge text comes with the draft and runs once per data row, so it is held to limits a
# real letter never reaches: a row over a limit fails with a `TemplateError` (the merge
# skips that row with the reason) instead of eating the machine's memory or time.
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
