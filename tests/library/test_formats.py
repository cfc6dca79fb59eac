"""Profiles and signers written by the managers read back unchanged ("nothing is lost")."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.library.signers import load_signer, signer_to_toml
from kkletter.model import Logo, Profile, Signer
from kkletter.profiles import load_profile, profile_to_toml

_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=60)
@given(
    name=_LINE.filter(str.strip).map(str.strip),
    texts=st.fixed_dictionaries(
        {
            key: _LINE
            for key in (
                "organisation",
                "unit",
                "subunit",
                "contact_heading",
                "phone",
                "direct_phone",
                "fax",
                "email",
                "web",
                "ean",
            )
        }
    ),
    address=st.lists(_LINE, max_size=4),
    logo=st.none() | st.tuples(_LINE.filter(str.strip).map(str.strip), st.integers(5, 120)),
)
def test_a_profile_survives_saving_and_reading(
    name: str,
    texts: dict[str, str],
    address: list[str],
    logo: tuple[str, int] | None,
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        profile = Profile(
            id="enhed",
            name=name,
            address=tuple(address),
            logo=Logo(root / "images" / "logo.svg", logo[0], float(logo[1]), "right")
            if logo
            else None,
            **texts,
        )
        path = root / "profiles" / "enhed.toml"
        path.parent.mkdir()
        path.write_text(profile_to_toml(profile, root), encoding="utf-8")
        assert load_profile(path, images=root) == profile


@settings(max_examples=60)
@given(
    name=_LINE.filter(str.strip).map(str.strip),
    title=_LINE.map(str.strip),
    phone=_LINE.map(str.strip),
    email=_LINE.map(str.strip),
    signature=st.booleans(),
)
def test_a_signer_survives_saving_and_reading(
    name: str, title: str, phone: str, email: str, signature: bool
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        signer = Signer(name, title, root / "images" / "u.png" if signature else None, phone, email)
        path = root / "signers" / "s.toml"
        path.parent.mkdir()
        path.write_text(signer_to_toml(signer, root), encoding="utf-8")
        assert load_signer(path, root) == signer
