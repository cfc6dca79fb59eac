"""The one catalogue of check rules: id, family, severity and Danish message.

Every finding's severity and message come from here; the family modules name a rule
(and, where one rule has several messages, a variant) and fill in the message's
`{placeholders}`. `docs/checks.md`'s rule table is generated from this catalogue
(`python -m kkletter.checks.catalogue`) and a test holds the page to it.

To add a rule: add a `Rule` below (its family must be one of `FAMILIES`), look it up in
the family module with `rule("MY_RULE")`, and regenerate the docs table. To add a
family: add its name to `FAMILIES` and its check function to `kkletter.checks.FAMILY_CHECKS`.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kkletter.checks.findings import SEVERITIES, Finding, Severity

# Family name -> what its rules look at (shown in the docs table).
FAMILIES: Mapping[str, str] = {
    "letter": "the letter as a whole: template, profile, missing parts, case numbers",
    "dates": "Danish dates in the prose",
    "times": "clock times in the prose",
    "personal": "personal data (CPR)",
    "completeness": "placeholders and template hints left in",
    "contact": "phone numbers and EAN in the letterhead and prose",
    "accessibility": "Digital Post accessibility of the composed letter",
    "decision": "what forvaltningsloven requires of a decision (afgørelse): §§ 22, 24, 25",
    "register": "the letter against the letters already in the register",
    "pdf": "characters the built-in PDF's fonts cannot draw",
}


@dataclass(frozen=True)
class Rule:
    """One rule (or one of a rule's messages, named by `variant`) of the catalogue."""

    id: str
    family: str
    severity: Severity
    message: str
    variant: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Return the catalogue key: (`id`, `variant`)."""
        return (self.id, self.variant)

    @property
    def placeholders(self) -> frozenset[str]:
        """Return the names of the `{placeholders}` in the message."""
        return frozenset(
            name for _, name, _, _ in string.Formatter().parse(self.message) if name is not None
        )

    def format(self, **params: object) -> str:
        """Return the Danish message with `params` filled in."""
        return self.message.format(**params)

    def finding(
        self,
        field: str,
        line: int,
        column: int,
        length: int,
        suggestion: str | None = None,
        *,
        safe: bool = False,
        **params: object,
    ) -> Finding:
        """Return a finding of this rule at `field`:`line`:`column` covering `length`."""
        return Finding(
            self.id,
            self.severity,
            field,
            line,
            column,
            length,
            self.format(**params),
            suggestion,
            safe,
        )


RULES: tuple[Rule, ...] = (
    # --- letter -------------------------------------------------------------------------
    Rule(
        "UNKNOWN_TEMPLATE",
        "letter",
        "error",
        "Skabelonen '{name}' findes ikke; vælg en af: {known}",
    ),
    Rule(
        "UNKNOWN_PROFILE",
        "letter",
        "error",
        "Afsenderprofilen '{name}' findes ikke; vælg en af: {known}",
    ),
    Rule(
        "TEMPLATE_ERROR",
        "letter",
        "error",
        "{error}",
    ),
    Rule(
        "MISSING_DATE",
        "letter",
        "error",
        "Brevet har ingen dato; vælg datoen, før det sendes (i kladdefilen: date = 2024-05-14)",
    ),
    Rule(
        "MISSING_RECIPIENT",
        "letter",
        "error",
        "{template} mangler en modtager; udfyld modtagerens navn",
    ),
    Rule(
        "MISSING_SALUTATION",
        "letter",
        "warning",
        "{template} mangler en hilsen til modtageren, fx 'Kære ...'",
    ),
    Rule(
        "MISSING_SIGNER",
        "letter",
        "error",
        "{template} mangler en underskriver; udfyld underskriverens navn",
    ),
    Rule(
        "MISSING_FIELD",
        "letter",
        "warning",
        "{label} er ikke udfyldt; skabelonen {template} kræver det, før brevet sendes",
    ),
    Rule(
        "CASE_NUMBER_FORMAT",
        "letter",
        "warning",
        "Sagsnummeret {number} har ikke en kendt form: eDoc 2016-0318694, "
        "ældre eDoc 2008-64009 eller F2 2023 - 5975; tjek nummeret",
    ),
    Rule(
        "CASE_YEAR_AFTER_DATE",
        "letter",
        "warning",
        "Sagsnummeret er fra {case_year}, men brevet er dateret {letter_year}; "
        "tjek sagsnummeret og datoen",
    ),
    Rule(
        "DOCUMENT_NUMBER_MISMATCH",
        "letter",
        "warning",
        "Dokumentnummeret {document} hører til sag {document_case}, ikke til brevets sag "
        "{number}; tjek begge numre",
    ),
    # --- dates --------------------------------------------------------------------------
    Rule(
        "INVALID_DATE",
        "dates",
        "error",
        "{date} findes ikke: {reason}",
    ),
    Rule(
        "INVALID_DATE",
        "dates",
        "error",
        "{date} er ikke en gyldig dato: der er kun 12 måneder",
        variant="month",
    ),
    Rule(
        "WEEKDAY_MISMATCH",
        "dates",
        "error",
        "{date} er en {weekday}, ikke en {written}",
    ),
    Rule(
        "US_ORDER",
        "dates",
        "error",
        "{date} står i amerikansk rækkefølge (måned før dag); på dansk skrives {swapped} ({long})",
    ),
    Rule(
        "CHRONOLOGY",
        "dates",
        "warning",
        "{date} ligger før brevets dato ({letter_date}), men sætningen taler om noget, der "
        "skal ske; tjek datoen",
        variant="future",
    ),
    Rule(
        "CHRONOLOGY",
        "dates",
        "warning",
        "{date} ligger efter brevets dato ({letter_date}), men sætningen taler om noget, der "
        "er sket; tjek datoen",
        variant="past",
    ),
    Rule(
        "MONTH_CAPITALIZED",
        "dates",
        "warning",
        "Måneder skrives med lille forbogstav på dansk: {lower}",
    ),
    Rule(
        "WEEKDAY_CAPITALIZED",
        "dates",
        "warning",
        "Ugedage skrives med lille forbogstav inde i en sætning: {lower}",
    ),
    Rule(
        "MISSING_ORDINAL_PERIOD",
        "dates",
        "warning",
        "Dagen i en dato er et ordenstal og skrives med punktum: {day}.",
    ),
    Rule(
        "TWO_DIGIT_YEAR",
        "dates",
        "warning",
        "Årstallet i {date} har kun to cifre; skriv det med fire cifre",
    ),
    Rule(
        "ENGLISH_MONTH",
        "dates",
        "warning",
        "Engelsk månedsnavn '{month}'; på dansk hedder måneden {danish}",
    ),
    Rule(
        "ENGLISH_DATE_ORDER",
        "dates",
        "warning",
        "Engelsk datorækkefølge; på dansk skrives datoen {danish}",
    ),
    Rule(
        "ENGLISH_WEEKDAY",
        "dates",
        "warning",
        "Engelsk ugedag '{word}'; på dansk hedder dagen {danish}",
    ),
    Rule(
        "ENGLISH_ORDINAL",
        "dates",
        "warning",
        "Engelsk ordenstal '{word}'; på dansk skrives {number}.",
    ),
    Rule(
        "STAMP_STYLE_IN_BODY",
        "dates",
        "warning",
        "Datostempel-formen {date} hører til brevhovedet; skriv {replacement} i brødteksten",
    ),
    Rule(
        "MONTH_ABBREV",
        "dates",
        "warning",
        "Forkortet månedsnavn uden punktum: skriv {danish} (eller {abbreviation}.)",
    ),
    Rule(
        "MONTH_ABBREV",
        "dates",
        "warning",
        "{month}. er ikke en forkortelse; skriv {danish} uden punktum",
        variant="full_name",
    ),
    Rule(
        "D_NO_PERIOD",
        "dates",
        "warning",
        "Forkortelsen af 'den' skrives med punktum: d.",
    ),
    Rule(
        "MIXED_NUMERIC_FORMATS",
        "dates",
        "warning",
        "Brevet skriver datoer både {first} og {second}; brug én skrivemåde i hele brevet",
    ),
    # --- times --------------------------------------------------------------------------
    Rule(
        "INVALID_TIME",
        "times",
        "error",
        "{time} er ikke et gyldigt klokkeslæt: timer går fra 0 til 24, minutter fra 0 til 59",
    ),
    Rule(
        "KL_NO_PERIOD",
        "times",
        "warning",
        "Forkortelsen 'kl.' skrives med punktum",
    ),
    Rule(
        "TIME_MINUTES",
        "times",
        "warning",
        "Minutterne i {time} skal have to cifre, fx kl. {hour}.{minute}0 "
        "eller kl. {hour}.0{minute}",
    ),
    Rule(
        "TWELVE_HOUR",
        "times",
        "warning",
        "Klokkeslæt skrives med 24 timer på dansk: {replacement}",
    ),
    Rule(
        "TWELVE_HOUR",
        "times",
        "warning",
        "Klokkeslæt skrives med 24 timer på dansk",
        variant="impossible",
    ),
    Rule(
        "TIME_SEP_MIXED",
        "times",
        "info",
        "Brevet skriver klokkeslæt med både '{first}' og '{second}'; brug punktum overalt "
        "(kl. 10.00)",
    ),
    # --- personal -----------------------------------------------------------------------
    Rule(
        "CPR_NUMBER",
        "personal",
        "error",
        "Brevet indeholder et CPR-nummer; fjern det – CPR-numre må ikke stå i breve",
    ),
    # --- completeness -------------------------------------------------------------------
    Rule(
        "PLACEHOLDER",
        "completeness",
        "error",
        "Pladsholderen {word} er ikke udfyldt; skriv den rigtige tekst",
    ),
    Rule(
        "PLACEHOLDER",
        "completeness",
        "error",
        "Skabelonens hjælpetekst står stadig i brevet; erstat den med brevets egen tekst",
        variant="hint",
    ),
    Rule(
        "UNKNOWN_KEY",
        "completeness",
        "warning",
        "ukendt nøgle '{key}'{hint} (kkletter bruger den ikke, men bevarer den i kladden)",
    ),
    # --- contact ------------------------------------------------------------------------
    Rule(
        "PHONE_FORMAT",
        "contact",
        "warning",
        "Danske telefonnumre skrives i par: {paired}",
    ),
    Rule(
        "EAN_CHECKSUM",
        "contact",
        "error",
        "EAN-nummeret {ean} skal have 13 cifre; tjek nummeret i afsenderprofilen",
    ),
    Rule(
        "EAN_CHECKSUM",
        "contact",
        "error",
        "EAN-nummeret {ean} har forkert kontrolciffer (skulle være {expected}); "
        "tjek nummeret i afsenderprofilen",
        variant="check_digit",
    ),
    # --- accessibility ------------------------------------------------------------------
    Rule(
        "DEEP_NESTING",
        "accessibility",
        "warning",
        "Lister og citater er indlejret dybere, end brevet kan vise; linjen vises på det "
        "dybeste niveau. Gør opstillingen fladere",
    ),
    Rule(
        "BODY_PLAIN_TAIL",
        "accessibility",
        "warning",
        "Brødteksten er over {limit} linjer, mere end et brev kan formatere. Fra denne linje "
        "vises resten som almindelige afsnit uden overskrifter, lister og tabeller; ingen "
        "tekst er udeladt. Del teksten op i flere breve eller bilag",
    ),
    Rule(
        "A11Y_TITLE",
        "accessibility",
        "error",
        "Brevet har ingen titel, så skærmlæsere og Digital Post kan ikke vise, hvad det "
        "handler om. Skriv et emne (overskrift) til brevet.",
    ),
    Rule(
        "A11Y_HEADING_SKIP",
        "accessibility",
        "warning",
        "Overskriften '{heading}' er på niveau {level} {after}, så et niveau springes over, og "
        "skærmlæsere viser en forkert opbygning. Brug niveau {expected} ({marks}).",
    ),
    Rule(
        "A11Y_TABLE_HEADER",
        "accessibility",
        "warning",
        "Tabellen har ingen overskriftsrække (første række er tom), så skærmlæsere kan ikke "
        "sige, hvad kolonnerne indeholder. Skriv kolonnernes navne i første række.",
    ),
    Rule(
        "A11Y_EMPTY_PARAGRAPHS",
        "accessibility",
        "warning",
        "Et afsnit med kun {what} bruges som luft; skærmlæsere læser det op som et tomt "
        "afsnit. Slet linjen, og brug overskrifter eller sideskift (---) til at dele teksten.",
    ),
    Rule(
        "A11Y_EMPTY_PARAGRAPHS",
        "accessibility",
        "info",
        "{count} tomme linjer i træk: ekstra tomme linjer giver ikke mere luft i brevet. "
        "Brug én tom linje mellem afsnit og en overskrift eller sideskift (---) til at dele "
        "teksten.",
        variant="blank_lines",
    ),
    Rule(
        "A11Y_COLOUR_EMPHASIS",
        "accessibility",
        "warning",
        "Tekst fremhæves kun med farve; det ser blinde og farveblinde ikke, og farven kommer "
        "ikke med i brevet. Fremhæv med **fed** i stedet.",
    ),
    Rule(
        "A11Y_IMAGE_ALT",
        "accessibility",
        "error",
        "Billedet har ingen alternativ tekst, så skærmlæsere kan ikke fortælle, hvad det "
        "viser. Skriv en kort beskrivelse mellem [ ], fx ![Kort over Nørrebro](kort.png).",
    ),
    Rule(
        "A11Y_IMAGE_ALT",
        "accessibility",
        "error",
        "Underskriften er et billede uden alternativ tekst. Skriv underskriverens navn, så "
        "billedet får navnet som beskrivelse.",
        variant="signature",
    ),
    Rule(
        "A11Y_TEXT_AS_IMAGE",
        "accessibility",
        "warning",
        "Billedet ser ud til at være tekst (et skærmbillede, en scanning eller et udklip). "
        "Tekst i billeder kan ikke læses op, forstørres eller søges i. Skriv teksten ind i "
        "brevet i stedet.",
    ),
    # --- decision -----------------------------------------------------------------------
    Rule(
        "DECISION_OUTCOME",
        "decision",
        "error",
        "Udfaldet '{value}' kendes ikke; skriv 'afslag', 'delvist medhold' eller "
        "'fuldt medhold', så kontrollen ved, om afgørelsen skal begrundes",
    ),
    Rule(
        "DECISION_NO_REASONS",
        "decision",
        "error",
        "Afgørelsen har ingen begrundelse (forvaltningslovens § 22): tilføj et afsnit "
        "'## Begrundelse' med lovgrundlaget og de hovedhensyn, der er lagt vægt på. "
        "Indsæt standardteksten med Ctrl+T eller 'begr' + F3",
    ),
    Rule(
        "DECISION_NO_LEGAL_BASIS",
        "decision",
        "error",
        "Begrundelsen henviser ikke til de retsregler, afgørelsen bygger på "
        "(forvaltningslovens § 24, stk. 1), fx 'serviceloven § 85'",
    ),
    Rule(
        "DECISION_NO_CONSIDERATIONS",
        "decision",
        "warning",
        "Begrundelsen nævner ikke de hovedhensyn, der har været afgørende "
        "(forvaltningslovens § 24, stk. 1), fx 'Vi har lagt vægt på, at ...'",
    ),
    Rule(
        "DECISION_NO_APPEAL_GUIDANCE",
        "decision",
        "error",
        "Afgørelsen har ingen klagevejledning (forvaltningslovens § 25): tilføj et afsnit "
        "'## Klagevejledning' med klageinstans, hvordan man klager og fristen. Indsæt "
        "standardteksten med Ctrl+T eller 'klagesel' + F3",
    ),
    Rule(
        "DECISION_APPEAL_INCOMPLETE",
        "decision",
        "error",
        "Klagevejledningen siger ikke, hvem man klager til (klageinstansen, "
        "forvaltningslovens § 25, stk. 1)",
        variant="who",
    ),
    Rule(
        "DECISION_APPEAL_INCOMPLETE",
        "decision",
        "error",
        "Klagevejledningen siger ikke, hvordan man klager (fx skriftligt til os, som "
        "sender klagen videre; forvaltningslovens § 25, stk. 1)",
        variant="how",
    ),
    Rule(
        "DECISION_APPEAL_INCOMPLETE",
        "decision",
        "error",
        "Klagevejledningen nævner ikke klagefristen (forvaltningslovens § 25, stk. 1), "
        "fx 'senest 4 uger efter, at du har fået afgørelsen'",
        variant="deadline",
    ),
    # --- register -----------------------------------------------------------------------
    Rule(
        "DOCUMENT_NUMBER_REUSED",
        "register",
        "error",
        "Dok.nr. {document} er allerede brugt på brev nr. {number} ({subject}, til {recipient}, "
        "{date}); giv brevet sit eget dokumentnummer",
    ),
    Rule(
        "CASE_OTHER_RECIPIENT",
        "register",
        "warning",
        "De tidligere breve i sag {case_number} gik til {recipients} (senest brev nr. {number}), "
        "ikke til {recipient}; tjek modtageren og sagsnummeret",
    ),
    # --- pdf ----------------------------------------------------------------------------
    Rule(
        "PDF_MISSING_GLYPH",
        "pdf",
        "warning",
        "«{char}» ({code}) findes ikke i PDF'ens skrifttyper og vises som «{replacement}» "
        "i PDF'en; brug andre tegn eller PDF-motoren LibreOffice",
    ),
)


def _index(rules: Iterable[Rule]) -> dict[tuple[str, str], Rule]:
    index: dict[tuple[str, str], Rule] = {}
    for entry in rules:
        if entry.key in index:
            raise ValueError(f"rule {entry.key} is in the catalogue twice")
        if entry.family not in FAMILIES or entry.severity not in SEVERITIES:
            raise ValueError(f"rule {entry.key} has an unknown family or severity")
        index[entry.key] = entry
    return index


_BY_KEY = _index(RULES)


def rule(rule_id: str, variant: str = "") -> Rule:
    """Return the catalogue entry `rule_id` (and `variant`); KeyError when there is none."""
    return _BY_KEY[(rule_id, variant)]


def rule_ids() -> list[str]:
    """Return every rule id once, in catalogue order."""
    return list(dict.fromkeys(entry.id for entry in RULES))


def render_rule_table() -> str:
    """Return the Markdown table of every rule, as `docs/checks.md` shows it."""
    lines = [
        "| rule | family | severity | message |",
        "|---|---|---|---|",
    ]
    for entry in RULES:
        # As code, so Markdown in a message ("**fed**", "![...](...)") is shown as written.
        message = entry.message.replace("|", "\\|")
        lines.append(f"| {entry.id} | {entry.family} | {entry.severity} | `{message}` |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_rule_table(), end="")
