"""The project's settings as commands other than `build` need them: the edition year and
the directory rules, read from the peixun plugin in mkdocs.yml (one place for both)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..yearly.directory import Rules
from ..yearly.progress import Targets


@dataclass(frozen=True)
class Settings:
    edition: int
    rules: Rules
    source: str
    targets: Targets = Targets()  # where they came from, for messages


def read_settings(config_file: Path | None) -> Settings:
    from mkdocs.config import load_config

    from .config import PeixunConfig

    if config_file is None:
        defaults = PeixunConfig()
        defaults.load_dict({})
        defaults.validate()
        return Settings(defaults.edition, defaults.rules(), "默认设置", defaults.plan_targets())
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("peixun")
    if plugin is None:
        raise ValueError(f"{config_file} 的 plugins 中没有 peixun 插件")
    try:
        targets = plugin.config.plan_targets()
    except ValueError as exc:
        raise ValueError(f"{config_file} 中 peixun 的 {exc}") from exc
    return Settings(plugin.config.edition, plugin.config.rules(), str(config_file), targets)
