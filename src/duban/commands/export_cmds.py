"""Commands of this area; ``register(app)`` adds them to the ``duban`` command."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Nothing registered yet."""
