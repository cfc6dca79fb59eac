"""The letter register, its approvals and the address book (Qt-free)."""
