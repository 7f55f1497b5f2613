"""Odoo 11's ``safe_eval`` under Python 3.11, with the opcodes the
compatibility layer (``safe_eval_opcodes``) allows: hostile code is still
refused, the expressions Odoo and our data use still evaluate.
"""
import datetime
import dis
import importlib
import re
import sys
import time

import pytest
from dateutil.relativedelta import relativedelta
from opcode import opmap, opname

from odoo.exceptions import UserError
from odoo.tools.safe_eval import const_eval, expr_eval, safe_eval

# the module (``odoo.tools.safe_eval`` the attribute is the function)
safe_eval_module = importlib.import_module('odoo.tools.safe_eval')

# Odoo 16.0's odoo/tools/safe_eval.py (the first Odoo release for Python
# 3.11), opcode names only; names unknown to 3.11 are harmless here.
ODOO16_BLACKLIST = frozenset([
    'IMPORT_STAR', 'IMPORT_NAME', 'IMPORT_FROM',
    'STORE_ATTR', 'DELETE_ATTR',
    'STORE_GLOBAL', 'DELETE_GLOBAL',
])
ODOO16_CONST_OPCODES = frozenset([
    'POP_TOP', 'ROT_TWO', 'ROT_THREE', 'ROT_FOUR', 'DUP_TOP', 'DUP_TOP_TWO',
    'LOAD_CONST',
    'RETURN_VALUE',
    'BUILD_LIST', 'BUILD_MAP', 'BUILD_TUPLE', 'BUILD_SET',
    'BUILD_CONST_KEY_MAP',
    'LIST_EXTEND', 'SET_UPDATE',
    'COPY', 'SWAP',
    'RESUME',
]) - ODOO16_BLACKLIST
_ODOO16_OPERATIONS = [
    'POWER', 'MULTIPLY', 'FLOOR_DIVIDE', 'TRUE_DIVIDE', 'MODULO', 'ADD',
    'SUBTRACT', 'LSHIFT', 'RSHIFT', 'AND', 'XOR', 'OR',
]
ODOO16_EXPR_OPCODES = ODOO16_CONST_OPCODES | frozenset([
    'UNARY_POSITIVE', 'UNARY_NEGATIVE', 'UNARY_NOT', 'UNARY_INVERT',
    'BINARY_SUBSCR',
    'BUILD_SLICE',
    'LIST_APPEND', 'MAP_ADD', 'SET_ADD',
    'COMPARE_OP',
    'IS_OP', 'CONTAINS_OP',
    'DICT_MERGE', 'DICT_UPDATE',
    'GEN_START',
    'BINARY_OP',
] + ['BINARY_' + operation for operation in _ODOO16_OPERATIONS]
    + ['INPLACE_' + operation for operation in _ODOO16_OPERATIONS]) - ODOO16_BLACKLIST
ODOO16_SAFE_OPCODES = ODOO16_EXPR_OPCODES | frozenset([
    'POP_BLOCK', 'POP_EXCEPT',
    'SETUP_LOOP', 'SETUP_EXCEPT', 'BREAK_LOOP', 'CONTINUE_LOOP',
    'EXTENDED_ARG',
    'MAKE_FUNCTION', 'CALL_FUNCTION', 'CALL_FUNCTION_KW', 'CALL_FUNCTION_EX',
    'CALL_METHOD', 'LOAD_METHOD',
    'GET_ITER', 'FOR_ITER', 'YIELD_VALUE',
    'JUMP_FORWARD', 'JUMP_ABSOLUTE', 'JUMP_BACKWARD',
    'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE',
    'SETUP_FINALLY', 'END_FINALLY',
    'BEGIN_FINALLY', 'CALL_FINALLY', 'POP_FINALLY',
    'RAISE_VARARGS', 'LOAD_NAME', 'STORE_NAME', 'DELETE_NAME', 'LOAD_ATTR',
    'LOAD_FAST', 'STORE_FAST', 'DELETE_FAST', 'UNPACK_SEQUENCE',
    'STORE_SUBSCR',
    'LOAD_GLOBAL',
    'RERAISE', 'JUMP_IF_NOT_EXC_MATCH',
    'PUSH_NULL', 'PRECALL', 'CALL', 'KW_NAMES',
    'POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_FORWARD_IF_TRUE',
    'POP_JUMP_BACKWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_TRUE',
    'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE',
    'POP_JUMP_FORWARD_IF_NOT_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
    'CHECK_EXC_MATCH',
    'RETURN_GENERATOR',
    'PUSH_EXC_INFO',
    'NOP',
    'FORMAT_VALUE', 'BUILD_STRING',
]) - ODOO16_BLACKLIST

# never allowed: closures, ``with``, ``assert``, imports, attribute and global
# stores, class bodies, ``await``, pattern matching, ``except*``
FORBIDDEN_OPCODES = [
    'LOAD_CLOSURE', 'LOAD_DEREF', 'STORE_DEREF', 'DELETE_DEREF', 'LOAD_CLASSDEREF', 'MAKE_CELL', 'COPY_FREE_VARS',
    'BEFORE_WITH', 'BEFORE_ASYNC_WITH', 'WITH_EXCEPT_START',
    'LOAD_ASSERTION_ERROR',
    'IMPORT_NAME', 'IMPORT_FROM', 'IMPORT_STAR',
    'STORE_ATTR', 'DELETE_ATTR', 'STORE_GLOBAL', 'DELETE_GLOBAL',
    'LOAD_BUILD_CLASS', 'SETUP_ANNOTATIONS',
    'GET_AWAITABLE', 'SEND', 'GET_AITER', 'GET_ANEXT',
    'MATCH_CLASS', 'MATCH_MAPPING', 'MATCH_SEQUENCE', 'MATCH_KEYS',
    'CHECK_EG_MATCH', 'PREP_RERAISE_STAR',
    'PRINT_EXPR', 'UNPACK_EX',
]

# attributes that reach frames, code objects or function globals
UNSAFE_ATTRIBUTES = [
    'f_globals', 'f_locals', 'f_builtins', 'f_back', 'f_code',
    'gi_frame', 'gi_code', 'gi_yieldfrom',
    'cr_frame', 'cr_code', 'ag_frame', 'ag_code',
    'tb_frame', 'co_code', 'func_globals',
]


def _opnames(opcodes):
    return {opname[opcode] for opcode in opcodes}


def _context():
    """What Odoo's eval contexts (actions, domains, server actions) provide."""
    return {
        'uid': 2,
        'ids': [1, 2, 3],
        'active_id': 7,
        'name': 'Ticket',
        'count': 5,
        'state': 'done',
        'partner': None,
        'context': {'lang': 'en_US', 'active_test': False},
        'time': time,
        'datetime': datetime,
        'relativedelta': relativedelta,
        'context_today': lambda: datetime.date(2024, 1, 31),
        'UserError': UserError,
        'ValueError': ValueError,  # Odoo 11's builtins have only Exception
        'frame': sys._getframe(),
        'func': _context,
        'lines': [{'qty': 2}, {'qty': 0}, {'qty': 5}],
    }


# (id, code, mode, fragments the error message must contain)
HOSTILE = [
    ('__import__', "__import__('os')", 'eval', ["'__import__'"]),
    ('import', 'import os', 'exec', ['IMPORT_NAME']),
    ('import-from', 'from os import path', 'exec', ['IMPORT_FROM']),
    ('import-in-function', 'def f():\n    import os\n    return os', 'exec', ['IMPORT_NAME']),
    ('subclasses', '().__class__.__bases__[0].__subclasses__()', 'eval', ["'__class__'"]),
    ('dunder-in-function', 'def f():\n    return ().__class__\nr = f()', 'exec', ["'__class__'"]),
    ('func-globals', 'func.__globals__', 'eval', ["'__globals__'"]),
    ('func-globals-py2', 'func.func_globals', 'eval', ["'func_globals'"]),
    ('builtins', "__builtins__['eval']", 'eval', ["'__builtins__'"]),
    ('open', "open('/etc/passwd').read()", 'eval', ["name 'open' is not defined"]),
    ('eval', "eval('1')", 'eval', ["name 'eval' is not defined"]),
    ('exec', "exec('import os')", 'exec', ["name 'exec' is not defined"]),
    ('compile', "compile('1', '', 'eval')", 'eval', ["name 'compile' is not defined"]),
    ('getattr', "getattr(func, '__glo' + 'bals__')", 'eval', ["name 'getattr' is not defined"]),
    ('type', 'type(func)', 'eval', ["name 'type' is not defined"]),
    ('globals', 'globals()', 'eval', ["name 'globals' is not defined"]),
    ('generator-frame-globals', '(x for x in [1]).gi_frame.f_globals', 'eval', ["'gi_frame'"]),
    ('generator-code', '(x for x in [1]).gi_code', 'eval', ["'gi_code'"]),
    ('generator-frame-back', '(x for x in [1]).gi_frame.f_back', 'eval', ["'gi_frame'"]),
    ('generator-yieldfrom', '(x for x in [1]).gi_yieldfrom', 'eval', ["'gi_yieldfrom'"]),
    ('generator-function-frame', 'def g():\n    yield 1\nf = g().gi_frame', 'exec', ["'gi_frame'"]),
    ('frame-back', 'frame.f_back', 'eval', ["'f_back'"]),
    ('frame-code', 'frame.f_code', 'eval', ["'f_code'"]),
    ('coroutine-frame', 'async def f():\n    pass\nc = f().cr_frame', 'exec', ["'cr_frame'"]),
    ('coroutine-code', 'async def f():\n    pass\nc = f().cr_code', 'exec', ["'cr_code'"]),
    ('async-generator-frame', 'async def f():\n    yield 1\nc = f().ag_frame', 'exec', ["'ag_frame'"]),
    ('async-generator-code', 'async def f():\n    yield 1\nc = f().ag_code', 'exec', ["'ag_code'"]),
    ('await', 'async def f():\n    await g', 'exec', ['GET_AWAITABLE']),
    ('traceback', 'try:\n    1 / 0\nexcept Exception as e:\n    tb = e.__traceback__', 'exec', ["'__traceback__'"]),
    ('traceback-frame', 'tb.tb_frame', 'eval', ["'tb_frame'"]),
    ('closure-lambda', 'def f():\n  a = 1\n  return lambda: a\nr = f()()', 'exec', ['LOAD_CLOSURE', 'MAKE_CELL']),
    ('closure-comprehension', '(lambda y: [x + y for x in [1]])(1)', 'eval', ['LOAD_CLOSURE', 'MAKE_CELL']),
    ('closure-nonlocal', 'def f():\n    a = 1\n    def g():\n        nonlocal a\n        a = 2\n'
                         '    g()\n    return a\nr = f()', 'exec', ['STORE_DEREF']),
    ('with', 'with ctx:\n    pass', 'exec', ['BEFORE_WITH']),
    ('assert', 'assert ids', 'exec', ['LOAD_ASSERTION_ERROR']),
    ('store-attr', "context.update = 'x'", 'exec', ['STORE_ATTR']),
    ('delete-attr', 'del context.get', 'exec', ['DELETE_ATTR']),
    ('store-global', 'def f():\n    global uid\n    uid = 1', 'exec', ['STORE_GLOBAL']),
    ('class', 'class A(object):\n    pass', 'exec', ['LOAD_BUILD_CLASS']),
    ('match', "match context:\n    case {'lang': lang}:\n        pass", 'exec', ['MATCH_MAPPING']),
    ('except-star', 'try:\n    pass\nexcept* ValueError:\n    pass', 'exec', ['CHECK_EG_MATCH']),
]


@pytest.mark.parametrize('code, mode, fragments', [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_code_refused(code, mode, fragments):
    values = _context()
    with pytest.raises((ValueError, NameError)) as error:
        safe_eval(code, values, mode=mode, nocopy=True)
    for fragment in fragments:
        assert fragment in str(error.value)


COMPILE_TIME_HOSTILE = [case for case in HOSTILE if not any('is not defined' in f for f in case[3])]


@pytest.mark.parametrize('code, mode, fragments', [case[1:] for case in COMPILE_TIME_HOSTILE],
                         ids=[case[0] for case in COMPILE_TIME_HOSTILE])
def test_hostile_code_refused_by_python_code_check(code, mode, fragments):
    """What ir.actions.server's constraint calls when the code is saved."""
    try:
        message = safe_eval_module.test_python_expr(code, mode=mode)
    except NameError as error:  # Odoo 11 lets the forbidden-name error through
        message = str(error)
    assert message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize('attribute', UNSAFE_ATTRIBUTES)
def test_unsafe_attribute_refused(attribute):
    with pytest.raises(NameError, match=re.escape("forbidden name '%s'" % attribute)):
        safe_eval('obj.%s' % attribute, {'obj': None})


def test_closure_code_objects_refused_one_by_one():
    """The inner lambda (COPY_FREE_VARS, LOAD_DEREF) is refused on its own,
    not only through the function that builds it."""
    code = compile('def f():\n    a = 1\n    return lambda: a\n', '', 'exec')
    stack, seen = [code], set()
    while stack:
        code_obj = stack.pop()
        names = _opnames(instruction.opcode for instruction in dis.get_instructions(code_obj))
        closure = names & {'LOAD_CLOSURE', 'LOAD_DEREF', 'MAKE_CELL', 'COPY_FREE_VARS'}
        seen |= closure
        if closure:
            with pytest.raises(ValueError, match='forbidden opcode'):
                safe_eval_module.assert_valid_codeobj(safe_eval_module._SAFE_OPCODES, code_obj, 'closure')
        stack.extend(const for const in code_obj.co_consts if hasattr(const, 'co_code'))
    assert seen == {'LOAD_CLOSURE', 'LOAD_DEREF', 'MAKE_CELL', 'COPY_FREE_VARS'}


# (id, code, expected value) in eval mode
EXPRESSIONS = [
    ('domain-comprehension', "[('id', 'in', [i for i in ids if i != 2])]", [('id', 'in', [1, 3])]),
    ('domain-ids', "[('id', 'in', ids)]", [('id', 'in', [1, 2, 3])]),
    ('domain-uid', "[('user_id', '=', uid)]", [('user_id', '=', 2)]),
    ('context-get', "context.get('lang')", 'en_US'),
    ('context-get-default', "context.get('default_type', 'repair')", 'repair'),
    ('default-values', "{'default_ticket_id': active_id, 'search_default_open': 1}",
     {'default_ticket_id': 7, 'search_default_open': 1}),
    ('time-strftime', "time.strftime('%Y-%m-%d')", re.compile(r'^\d{4}-\d{2}-\d{2}$')),
    ('date-minus-timedelta', "(context_today() - datetime.timedelta(days=30)).strftime('%Y-%m-%d')", '2024-01-01'),
    ('date-plus-relativedelta', "(context_today() + relativedelta(months=1)).strftime('%Y-%m-%d')", '2024-02-29'),
    ('datetime-arithmetic', 'datetime.datetime(2024, 1, 31, 12) + datetime.timedelta(hours=13)',
     datetime.datetime(2024, 2, 1, 1)),
    ('datetime-domain', "[('create_date', '>=', datetime.datetime.combine(context_today(), datetime.time(0, 0)))]",
     [('create_date', '>=', datetime.datetime(2024, 1, 31))]),
    ('f-string', "f'{name} ({count:03d}) {state!r}'", "Ticket (005) 'done'"),
    ('percent-format', "'%s - %s' % (name, uid)", 'Ticket - 2'),
    ('ternary', "'closed' if state == 'done' else 'open'", 'closed'),
    ('not-in', '4 not in ids and 3 in ids', True),
    ('is-none', 'partner is None and context is not None', True),
    ('and-or', 'ids and ids[0] or False', 1),
    ('chained-comparison', '0 < active_id <= 10', True),
    ('dict-merge', "{**context, 'lang': 'fr_FR'}", {'lang': 'fr_FR', 'active_test': False}),
    ('dict-union', "context | {'tz': 'UTC'}", {'lang': 'en_US', 'active_test': False, 'tz': 'UTC'}),
    ('dict-kwargs', 'dict(context, active_test=True)', {'lang': 'en_US', 'active_test': True}),
    ('star-args', 'max(*ids)', 3),
    ('list-unpacking', '[*ids, 4]', [1, 2, 3, 4]),
    ('slice', 'ids[1:] + ids[:1]', [2, 3, 1]),
    ('method-call', "name.lower().replace('t', 'T')", 'TickeT'),
    ('lambda', 'list(map(lambda i: i * 2, ids))', [2, 4, 6]),
    ('generator', 'sum(i for i in ids if i > 1)', 5),
    ('any', 'any(line["qty"] == 0 for line in lines)', True),
    ('dict-comprehension', '{i: i * i for i in ids}', {1: 1, 2: 4, 3: 9}),
    ('set-comprehension', '{i % 2 for i in ids}', {0, 1}),
    ('nested-comprehension', '[(i, j) for i in ids for j in ids if i < j]', [(1, 2), (1, 3), (2, 3)]),
    ('builtins', 'len(ids), abs(-1), round(2.5), isinstance(ids, list), divmod(7, 2)', (3, 1, 2, True, (3, 1))),
]


@pytest.mark.parametrize('code, expected', [case[1:] for case in EXPRESSIONS], ids=[case[0] for case in EXPRESSIONS])
def test_expression_evaluates(code, expected):
    result = safe_eval(code, _context())
    if isinstance(expected, re.Pattern):
        assert expected.match(result), result
    else:
        assert result == expected


# (id, code, {name: expected value after execution}) in exec mode, the way
# ir.actions.server runs its code (nocopy, results read from the context)
STATEMENTS = [
    ('server-action', "action = {\n"
                      "    'type': 'ir.actions.act_window',\n"
                      "    'res_model': 'aftersales.ticket',\n"
                      "    'domain': [('id', 'in', ids)],\n"
                      "    'context': dict(context, default_partner_id=active_id),\n"
                      "}",
     {'action': {'type': 'ir.actions.act_window', 'res_model': 'aftersales.ticket', 'domain': [('id', 'in', [1, 2, 3])],
                 'context': {'lang': 'en_US', 'active_test': False, 'default_partner_id': 7}}}),
    ('for-if-else', 'total = 0\nempty = []\n'
                    'for line in lines:\n'
                    '    if line["qty"] > 0:\n'
                    '        total += line["qty"]\n'
                    '    elif line["qty"] < 0:\n'
                    '        break\n'
                    '    else:\n'
                    '        empty.append(line)\n'
                    '        continue',
     {'total': 7, 'empty': [{'qty': 0}]}),
    ('for-else', 'for i in ids:\n    if i > 5:\n        break\nelse:\n    found = False', {'found': False}),
    ('while', 'n = 0\nwhile n < 3:\n    n += 1', {'n': 3}),
    ('try-except-value-error', "try:\n    qty = int('x')\nexcept ValueError:\n    qty = 0", {'qty': 0}),
    ('try-except-exception', "try:\n    qty = int('x')\nexcept Exception as e:\n    qty = -1", {'qty': -1}),
    ('try-else-finally', "log = []\ntry:\n    log.append('try')\nexcept ValueError:\n    log.append('except')\n"
                         "else:\n    log.append('else')\nfinally:\n    log.append('finally')",
     {'log': ['try', 'else', 'finally']}),
    ('function', 'def double(value, factor=2):\n    return value * factor\nresult = [double(i) for i in ids]',
     {'result': [2, 4, 6]}),
    ('unpacking', 'first, second = ids[:2]', {'first': 1, 'second': 2}),
    ('subscript-store', "values = {}\nvalues['name'] = name\nvalues['count'] = count + 1",
     {'values': {'name': 'Ticket', 'count': 6}}),
    ('raise-if', "if not ids:\n    raise UserError('no ticket')\nchecked = True", {'checked': True}),
]


@pytest.mark.parametrize('code, expected', [case[1:] for case in STATEMENTS], ids=[case[0] for case in STATEMENTS])
def test_statements_execute(code, expected):
    values = _context()
    assert safe_eval_module.test_python_expr(code, mode='exec') is False
    safe_eval(code, values, mode='exec', nocopy=True)
    assert {name: values.get(name) for name in expected} == expected


def test_user_error_propagates():
    with pytest.raises(UserError, match='no ticket'):
        safe_eval("raise UserError('no ticket')", _context(), mode='exec', nocopy=True)


def test_runtime_errors_become_value_errors():
    with pytest.raises(ValueError, match='ZeroDivisionError'):
        safe_eval('1 / 0', _context())


def test_const_and_expr_eval():
    assert const_eval("[1, 2, (3, 4), {'foo': 'bar'}, {5}, None]") == [1, 2, (3, 4), {'foo': 'bar'}, {5}, None]
    assert expr_eval('[1, 2][1] * 3 + 4 - (2 ** 3) // 3') == 8
    with pytest.raises(ValueError, match='BINARY_OP'):
        const_eval('[1] + [2]')
    with pytest.raises(ValueError, match='LOAD_NAME'):
        expr_eval('ids')
    with pytest.raises(ValueError, match='CALL'):
        expr_eval("'a'.upper()")


def test_safe_opcodes_within_odoo16():
    assert not _opnames(safe_eval_module._SAFE_OPCODES) - ODOO16_SAFE_OPCODES
    assert not _opnames(safe_eval_module._CONST_OPCODES) - ODOO16_CONST_OPCODES
    assert safe_eval_module._CONST_OPCODES <= safe_eval_module._EXPR_OPCODES <= safe_eval_module._SAFE_OPCODES


def test_odoo16_transcription_allows_no_forbidden_opcode():
    assert not ODOO16_SAFE_OPCODES & set(FORBIDDEN_OPCODES)


@pytest.mark.parametrize('name', FORBIDDEN_OPCODES)
def test_forbidden_opcode_not_allowed(name):
    assert name in opmap, '%s is no opcode of this Python: the test proves nothing' % name
    assert opmap[name] not in safe_eval_module._SAFE_OPCODES
