"""The bundled exercise library and learn hub: validated data files shipped with the package."""

from runstrong.library.load import load_catalog

__all__ = ["load_catalog"]
