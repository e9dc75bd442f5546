"""The application's badge definitions, loaded with the catalogue and reloaded when it is."""

from pathlib import Path
from threading import Lock

from flask import current_app

from app.badges.definitions import BadgeDefinitions, load_badge_definitions
from app.courses.store import current_catalogue

_lock = Lock()


def current_badge_definitions() -> BadgeDefinitions:
    """The definitions for the current catalogue: loaded once, again only when it reloads."""
    catalogue = current_catalogue()
    cached = current_app.extensions.get("badge_definitions")
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    with _lock:
        definitions = load_badge_definitions(
            Path(current_app.config["BADGES_PATH"]), {p.id for p in catalogue.principles}
        )
        current_app.extensions["badge_definitions"] = (catalogue, definitions)
    return definitions
