"""Python 3.11 compatibility layer for Odoo 11.0.

Loaded from a ``.pth`` file in the project's virtual environment, before any
Odoo import.  Each incompatibility has one small named patch; stdlib patches
apply at start-up, Odoo patches right after the module they fix is imported
(through an import hook), so no file of an installed package is ever edited.

``ODOO11_PY311_SKIP=name1,name2`` disables patches by name: the tests use it
to prove that each patch is needed.
"""
import importlib.abc
import importlib.util
import os
import sys

from . import odoo_patches, stdlib_patches

APPLIED = []
_SKIP = {name.strip() for name in os.environ.get('ODOO11_PY311_SKIP', '').split(',') if name.strip()}
_HOOKS = {}


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader, then the patches registered for the module."""

    def __init__(self, loader, patches):
        self._loader = loader
        self._patches = patches

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for patch in self._patches:
            patch(module)
            APPLIED.append(patch.__name__)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _PatchingFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        patches = _HOOKS.get(fullname)
        if not patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        spec.loader = _PatchingLoader(spec.loader, patches)
        return spec


def _enabled(patch):
    return patch.__name__ not in _SKIP


def install():
    if any(isinstance(f, _PatchingFinder) for f in sys.meta_path):
        return
    for patch in stdlib_patches.PATCHES:
        if _enabled(patch):
            patch()
            APPLIED.append(patch.__name__)
    for module_name, patch in odoo_patches.PATCHES:
        if _enabled(patch):
            _HOOKS.setdefault(module_name, []).append(patch)
    sys.meta_path.insert(0, _PatchingFinder())
