"""Patches for standard-library names that Python 3.11 removed."""
import base64
import collections
import collections.abc
import inspect
import sys
import threading


def collections_abc_aliases():
    """Odoo 11 imports ``Mapping``, ``Iterable``... from ``collections``."""
    for name in collections.abc.__all__:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))


def inspect_getargspec():
    """``inspect.getargspec`` and ``formatargspec`` were removed in 3.11."""
    if not hasattr(inspect, 'ArgSpec'):
        inspect.ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')

    def getargspec(func):
        spec = inspect.getfullargspec(func)
        return inspect.ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)

    def formatargspec(args, varargs=None, varkw=None, defaults=None):
        parts = []
        first_default = len(args) - len(defaults or ())
        for index, arg in enumerate(args):
            if index >= first_default:
                parts.append('%s=%r' % (arg, defaults[index - first_default]))
            else:
                parts.append(arg)
        if varargs:
            parts.append('*' + varargs)
        if varkw:
            parts.append('**' + varkw)
        return '(%s)' % ', '.join(parts)

    if not hasattr(inspect, 'getargspec'):
        inspect.getargspec = getargspec
    if not hasattr(inspect, 'formatargspec'):
        inspect.formatargspec = formatargspec


def base64_encodestring():
    """``base64.encodestring``/``decodestring`` were removed in 3.9."""
    if not hasattr(base64, 'encodestring'):
        base64.encodestring = base64.encodebytes
    if not hasattr(base64, 'decodestring'):
        base64.decodestring = base64.decodebytes


def thread_isalive():
    """``Thread.isAlive`` was removed in 3.9."""
    if not hasattr(threading.Thread, 'isAlive'):
        threading.Thread.isAlive = threading.Thread.is_alive


def elementtree_getchildren():
    """``Element.getchildren``/``getiterator`` were removed in 3.9.

    The C accelerator's Element type cannot be given methods, so the pure
    Python ElementTree is used (web's translation loader and xlrd 1.2 call
    them); this must run before anything imports ``xml.etree.ElementTree``.
    """
    if 'xml.etree.ElementTree' not in sys.modules:
        sys.modules['_elementtree'] = None
    from xml.etree import ElementTree
    if not hasattr(ElementTree.Element, 'getchildren'):
        ElementTree.Element.getchildren = lambda self: list(self)
    if not hasattr(ElementTree.Element, 'getiterator'):
        ElementTree.Element.getiterator = lambda self, tag=None: list(self.iter(tag))
    if not hasattr(ElementTree.ElementTree, 'getiterator'):
        ElementTree.ElementTree.getiterator = lambda self, tag=None: list(self.iter(tag))


PATCHES = [
    collections_abc_aliases,
    inspect_getargspec,
    base64_encodestring,
    thread_isalive,
    elementtree_getchildren,
]
