"""Server settings: one frozen value passed to the app factory (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    store: Path = Path(".kg/store")
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_seconds: float = 10.0
    max_rows: int = 10_000
    allow_updates: bool = False
    allow_invalid: bool = False

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"
