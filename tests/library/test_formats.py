"""Profiles and signers written by the managers read back unchanged ("nothing is lost")."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.errors import ProfileError
from kkletter.library.signers import load_signer, signer_to_toml
from kkletter.model import Logo, Profile, Signer
from kkletter.profiles import load_profile, load_profiles, profile_to_toml

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
    requires_approval=st.booleans(),
)
def test_a_profile_survives_saving_and_reading(
    name: str,
    texts: dict[str, str],
    address: list[str],
    logo: tuple[str, int] | None,
    requires_approval: bool,
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
            requires_approval=requires_approval,
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
    user=_LINE.map(str.strip),
)
def test_a_signer_survives_saving_and_reading(
    name: str, title: str, phone: str, email: str, signature: bool, user: str
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        image = root / "images" / "u.png" if signature else None
        signer = Signer(name, title, image, phone, email, user=user)
        path = root / "signers" / "s.toml"
        path.parent.mkdir()
        path.write_text(signer_to_toml(signer, root), encoding="utf-8")
        assert load_signer(path, root) == signer


def test_requires_approval_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "enhed.toml"
    path.write_text('name = "Enhed"\nrequires_approval = "ja"\n', encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert error.value.line == 2
    assert "'requires_approval' skal være true eller false" in str(error.value)
    path.write_text('name = "Enhed"\nrequires_approval = true\n', encoding="utf-8")
    assert load_profile(path).requires_approval
    assert not any(p.requires_approval for p in load_profiles().values())  # shipped: off
