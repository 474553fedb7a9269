"""Every path the client uses, from one place (platformdirs, or one folder by MSGCENTER_HOME).

Each profile has its own cache, config and logs, so several accounts run side by side.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import platformdirs

APP_NAME = "msgcenter"
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class BadProfileName(ValueError):
    pass


# A NamedTuple, not a dataclass: quicker to import (desktop.cache.rows says why).
class Paths(NamedTuple):
    profile: str
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def cache_file(self) -> Path:
        return self.data_dir / "cache.sqlite3"

    @property
    def profile_file(self) -> Path:
        return self.config_dir / "profile.json"

    @property
    def preferences_file(self) -> Path:
        return self.config_dir / "preferences.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "msgcenter.log"

    def exists(self) -> bool:
        """Whether this profile was ever used (signed in, or opened in the window)."""
        return self.config_dir.is_dir() or self.data_dir.is_dir()

    def known_profiles(self) -> list[str]:
        """The profiles that exist beside this one, by name."""
        names: set[str] = set()
        for root in (self.config_dir.parent, self.data_dir.parent):
            if root.is_dir():
                names.update(
                    p.name for p in root.iterdir() if p.is_dir() and _PROFILE_NAME.fullmatch(p.name)
                )
        return sorted(names)

    def ensure(self) -> Paths:
        """Create the folders, readable by the user alone."""
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        return self


def paths_for(profile: str = DEFAULT_PROFILE, home: str | None = None) -> Paths:
    """The folders of `profile`; under MSGCENTER_HOME (or `home`) when set, else platformdirs."""
    if not _PROFILE_NAME.fullmatch(profile):
        raise BadProfileName(f"a profile name is 1 to 64 letters, digits, '-' or '_': {profile!r}")
    home = home if home is not None else os.environ.get("MSGCENTER_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(
            profile,
            root / "data" / profile,
            root / "config" / profile,
            root / "logs" / profile,
        )
    return Paths(
        profile,
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / profile,
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / profile,
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / profile,
    )
