"""The library's GUI: managers under the "Bibliotek" menu, the paragraph picker, F3."""
