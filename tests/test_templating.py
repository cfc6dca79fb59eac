from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkletter.compose import Catalogs
from kkletter.errors import TemplateError
from kkletter.model import Letter
from kkletter.templating import (
    get_template,
    load_catalog,
    render_body,
    render_merge_text,
    required_variables,
    templates_dir,
)


def _copy_template(tmp_path: Path, template_id: str) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(templates_dir() / template_id, target / template_id)
    return target


def test_catalog_has_the_four_templates_with_names(catalogs: Catalogs) -> None:
    assert {"brev", "hoeringssvar", "notat", "bilag"} <= set(catalogs.templates)
    for spec in catalogs.templates.values():
        assert spec.name
        assert spec.description


def test_notat_declares_its_fields_and_needs_no_recipient(catalogs: Catalogs) -> None:
    notat = catalogs.templates["notat"]
    assert {f.id for f in notat.fields} >= {"sagsbehandler", "edoc_sagsnummer"}
    assert not notat.needs_recipient
    assert not notat.needs_salutation
    assert notat.date_style == "numeric"


def test_required_variables_come_from_jinja_meta(catalogs: Catalogs) -> None:
    assert required_variables(catalogs.templates["bilag"]) == {"body", "fields"}


def test_unknown_template_lists_the_valid_ids(catalogs: Catalogs) -> None:
    with pytest.raises(TemplateError, match="Gyldige skabeloner: afgoerelse, bilag, brev"):
        get_template("brv", catalogs.templates)


def test_missing_required_field_is_named(catalogs: Catalogs) -> None:
    letter = Letter(template="notat", profile="sof-borgmester", body="x")
    with pytest.raises(TemplateError, match="Sagsbehandler") as info:
        render_body(catalogs.templates["notat"], letter)
    assert info.value.field == "sagsbehandler"


def test_jinja_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = _copy_template(tmp_path, "brev")
    (folder / "brev" / "body.md.j2").write_text("linje 1\n{{ body \n", encoding="utf-8")
    spec = load_catalog(folder)["brev"]
    with pytest.raises(TemplateError, match=r"body\.md\.j2, linje 2") as info:
        render_body(spec, Letter(template="brev", profile="x"))
    assert info.value.line == 2


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    folder = _copy_template(tmp_path, "brev")
    (folder / "brev" / "body.md.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    spec = load_catalog(folder)["brev"]
    with pytest.raises(TemplateError, match="ikke er tilladt"):
        render_body(spec, Letter(template="brev", profile="x"))


def test_undefined_field_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    folder = _copy_template(tmp_path, "brev")
    (folder / "brev" / "body.md.j2").write_text("{{ fields.mangler }}", encoding="utf-8")
    spec = load_catalog(folder)["brev"]
    with pytest.raises(TemplateError, match="mangler"):
        render_body(spec, Letter(template="brev", profile="x"))


def test_broken_template_toml_is_a_template_error(tmp_path: Path) -> None:
    folder = _copy_template(tmp_path, "brev")
    (folder / "brev" / "template.toml").write_text("name = \n", encoding="utf-8")
    with pytest.raises(TemplateError, match="ikke gyldig TOML"):
        load_catalog(folder)


def test_bilag_renders_status_tables_from_fields(catalogs: Catalogs) -> None:
    letter = Letter(
        template="bilag",
        profile="sof-misbrug-bolig",
        body="Indledning",
        fields={
            "sagsbehandler": "Susan",
            "statusskemaer": [
                {
                    "overskrift": "1. Statusskema",
                    "skemaer": [{"titel": "Indsats", "linjer": [["Økonomi", "6 mio.\n\n- a"]]}],
                }
            ],
        },
    )
    markdown = render_body(catalogs.templates["bilag"], letter)
    assert "## 1. Statusskema" in markdown
    assert "| Økonomi | 6 mio.<br>- a |" in markdown


def test_merge_text_renders_columns_and_names_unknown_ones() -> None:
    assert render_merge_text("Kære {{ navn }}", {"navn": "Ida"}, where="body") == "Kære Ida"
    with pytest.raises(TemplateError, match="Ukendt flettefelt"):
        render_merge_text("{{ ukendt }}", {}, where="body")


def test_catalog_lists_templates_in_their_declared_order(catalogs: Catalogs) -> None:
    assert list(catalogs.templates) == ["brev", "hoeringssvar", "notat", "bilag", "afgoerelse"]
