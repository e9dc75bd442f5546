"""The application's catalogue: loaded at start, reloaded when files change if configured."""

import logging
from functools import lru_cache
from pathlib import Path
from threading import Lock

from flask import Flask, current_app

from app.courses.loader import load_catalogue
from app.courses.model import Catalogue

logger = logging.getLogger(__name__)


class CatalogueStore:
    """Holds the catalogue; with `auto_reload`, reloads it when a content file changes."""

    def __init__(self, courses_dir: Path, badges_dir: Path, auto_reload: bool):
        self.courses_dir = courses_dir
        self.badges_dir = badges_dir
        self.auto_reload = auto_reload
        self._lock = Lock()
        self._fingerprint = self._current_fingerprint()
        self._catalogue = self._load()

    def get(self) -> Catalogue:
        if self.auto_reload:
            fingerprint = self._current_fingerprint()
            if fingerprint != self._fingerprint:
                with self._lock:
                    self._fingerprint = fingerprint
                    self._catalogue = self._load()
        return self._catalogue

    def _load(self) -> Catalogue:
        catalogue = load_catalogue(self.courses_dir, self.badges_dir)
        for problem in catalogue.problems:
            logger.warning("Course content problem: %s", problem)
        logger.info(
            "Loaded %d courses (%d problems)", len(catalogue.courses), len(catalogue.problems)
        )
        return catalogue

    def _current_fingerprint(self) -> tuple:
        files = []
        for root in (self.courses_dir, self.badges_dir):
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        stat = path.stat()
                        files.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(files)


@lru_cache(maxsize=8)
def load_once(courses_dir: Path, badges_dir: Path, fingerprint: tuple) -> Catalogue:
    """Load the files as they are at `fingerprint`; the same files are never loaded twice."""
    catalogue = load_catalogue(courses_dir, badges_dir)
    for problem in catalogue.problems:
        logger.warning("Course content problem: %s", problem)
    logger.info("Loaded %d courses (%d problems)", len(catalogue.courses), len(catalogue.problems))
    return catalogue


def init_catalogue(app: Flask) -> None:
    auto_reload = app.config.get("COURSES_AUTO_RELOAD") or app.debug
    app.extensions["catalogue"] = CatalogueStore(
        Path(app.config["COURSES_PATH"]), Path(app.config["BADGES_PATH"]), bool(auto_reload)
    )


def current_catalogue() -> Catalogue:
    return current_app.extensions["catalogue"].get()
