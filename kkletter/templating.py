"""Templates: a catalogue of letter kinds, each a `template.toml` plus a Jinja2 body.

Templates render in a sandboxed Jinja2 environment with `StrictUndefined`, so a template
can neither reach Python internals nor silently print an empty field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import jinja2.utils
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from kkletter._data import data_dir
from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import LibraryError, TemplateError, os_reason
from kkletter.fields import BY_NAME, TEXT_FIELDS
from kkletter.markup import cell_markup
from kkletter.model import Letter
from kkletter.readfile import MAX_LIBRARY_FILE_BYTES, read_regular_file

# Merge text (subject, body) renders in kkletter.sandbox, with limits; re-exported here.
from kkletter.sandbox import MergeLimitError as MergeLimitError
from kkletter.sandbox import render_merge_text as render_merge_text
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
    try:
        source = read_regular_file(spec.body_path, MAX_LIBRARY_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "filen er ikke gemt som UTF-8"
        raise TemplateError(
            f"Skabelonen {spec.body_path} kan ikke læses: {reason}.", path=spec.body_path
        ) from exc
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
