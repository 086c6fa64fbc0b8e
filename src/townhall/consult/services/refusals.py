"""The refusal every building step raises, in a module of its own so that the services of one
part (sections, routing) and of the whole consultation can share it without importing each
other."""


class ChangeRefusedError(Exception):
    """A change the consultation's state does not allow (its message says why, for the page)."""
