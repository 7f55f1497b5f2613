"""Patches applied to Odoo 11 modules right after they are imported."""
import ast
import builtins
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
    """stock's location barcode report still calls ``xrange`` in QWeb."""
    default_values = module.QWeb.default_values

    def patched_default_values(self):
        values = default_values(self)
        values.setdefault('xrange', range)
        return values

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


def yaml_loader(module):
    """PyYAML 6 requires a Loader; Odoo 11's YAML data import passes none.
    Only Odoo's own data files go through it, with the tags that
    ``yaml_tag`` registers on ``yaml.Loader``."""
    yaml = module.yaml

    def load(stream, Loader=None):
        return yaml.load(stream, Loader or yaml.Loader)

    module.yaml = _module_copy(yaml, load=load)


PATCHES = [
    ('odoo.tools.safe_eval', safe_eval_opcodes),
    ('odoo.addons.base.ir.ir_qweb.qweb', qweb_ast),
    ('odoo.addons.base.ir.ir_qweb.qweb', qweb_xrange),
    ('odoo.service.server', prefork_setrlimit),
    ('odoo.tools.yaml_import', yaml_loader),
]
