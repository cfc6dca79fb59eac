"""The register GUI: Register window, Adressebog, recipient autocomplete."""
