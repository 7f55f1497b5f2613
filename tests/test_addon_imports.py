"""Our addons do not import each other's Python modules.

Odoo's threaded server loads a database's registry (addons in dependency
order) while its HTTP thread may already import every addon of the addons
path (``http.Root.load_addons``, in alphabetical order). An addon that
imported another addon's model module at import time registered that
module's models out of order: ``aftersales_inventory`` importing
``aftersales_service.models.aftersales_equipment_reliability_report`` made
the registry fail to load ("inherits from non-existing model
'aftersales.report.view.mixin'") at one server start in two. An addon
reaches another one's code through the registry (``self.env[model]``).
"""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ('aftersales_service', 'aftersales_inventory', 'aftersales_training', 'aftersales_presales')


def imported_modules(path):
    with open(path, encoding='utf-8') as source:
        tree = ast.parse(source.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name


def addon_sources(addon):
    for folder, dirs, files in os.walk(os.path.join(ROOT, addon)):
        dirs[:] = [name for name in dirs if name != 'tests']   # tests are loaded after every addon
        for name in files:
            if name.endswith('.py'):
                yield os.path.join(folder, name)


@pytest.mark.parametrize('addon', ADDONS)
def test_addon_imports_no_other_addon(addon):
    others = [other for other in ADDONS if other != addon]
    offending = []
    for path in addon_sources(addon):
        for module in imported_modules(path):
            parts = module.split('.')
            if any(other in parts[:3] for other in others):
                offending.append('%s imports %s' % (os.path.relpath(path, ROOT), module))
    assert not offending, offending


def test_the_check_sees_such_an_import(tmp_path):
    source = tmp_path / 'model.py'
    source.write_text('from odoo.addons.aftersales_service.models.aftersales_ticket import OPEN_STATES\n')
    assert 'odoo.addons.aftersales_service.models.aftersales_ticket' in list(imported_modules(str(source)))
