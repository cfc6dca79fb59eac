"""Templates: a catalogue of letter kinds, each a `template.toml` plus a Jinja2 body.

Templates render in a sandboxed Jinja2 environment with `StrictUndefined`, so a template
can neither reach Python internals nor silently print an empty field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from kkletter._data import data_dir
from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import TemplateError
from kkletter.markup import cell_markup
from kkletter.model import Letter

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
        raw = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(
            f"Skabelonen {spec_path} kan ikke læses: {exc.strerror}.", path=spec_path
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(
            f"Skabelonen {spec_path} er ikke gyldig TOML: {exc}.", path=spec_path
        ) from exc
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
            requires_approval=bool(raw.get("requires_approval", False)),
            **({"case_block": case_block} if case_block else {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateError(
            f"Skabelonen {spec_path} mangler en nødvendig nøgle eller har en forkert værdi: {exc}.",
            path=spec_path,
        ) from exc
    if spec.date_style not in DATE_STYLES:
        raise TemplateError(
            f"Skabelonen {spec_path} har ukendt datoformat '{spec.date_style}'. "
            f"Gyldige: {', '.join(DATE_STYLES)}.",
            path=spec_path,
        )
    for field_spec in spec.fields:
        if field_spec.kind not in FIELD_KINDS:
            raise TemplateError(
                f"Skabelonen {spec_path}: feltet '{field_spec.id}' har ukendt type "
                f"'{field_spec.kind}'. Gyldige: {', '.join(FIELD_KINDS)}.",
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


def render_body(spec: TemplateSpec, letter: Letter) -> str:
    """Render the template's body for `letter` and return Markdown."""
    missing = missing_required_fields(spec, letter)
    if missing:
        names = ", ".join(f"'{f.label}' ({f.id})" for f in missing)
        raise TemplateError(
            f"Skabelonen '{spec.id}' kræver feltet {names}. Udfyld det under [fields] i kladden.",
            field=missing[0].id,
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


@lru_cache(maxsize=64)
def _merge_template(text: str) -> jinja2.Template:
    """Compile merge text once: a merge renders the same subject and body for every row."""
    return _environment(templates_dir()).from_string(text)


def render_merge_text(text: str, values: Mapping[str, Any], *, where: str) -> str:
    """Render `text` (subject or body) as a sandboxed template over merge `values`."""
    try:
        return _merge_template(text).render(dict(values))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Flettefelt-fejl i {where}, linje {exc.lineno}: {exc.message}.", line=exc.lineno
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"Ukendt flettefelt i {where}: {exc.message}.", field=where) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Flettefelt-fejl i {where}: {exc}.", field=where) from exc
