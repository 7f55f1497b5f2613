"""The translations of our addons are complete, in Simplified (zh_CN) and
Traditional (zh_TW) Chinese.

For each addon and each language:

- every term Odoo's exporter finds in the addon today (``trans_generate``,
  what ``--i18n-export`` writes into the ``.pot``) has a translation in the
  addon's ``i18n/<lang>.po`` that is not fuzzy and keeps the placeholders
  of the source: a new untranslated string anywhere in the addon fails here,
  with the list of what is missing;
- with the language loaded into the database (as ``base.language.install``
  does, inside the test's transaction), the addon's menus, field labels and
  selection values read in that language are no longer the English source,
  but for the few terms that are the same in any language.

Refresh the templates with ``bash setup/i18n-export.sh`` and merge them into
the po files (``msgmerge``) before translating what is new.
"""
import re
from collections import defaultdict

from odoo.modules.module import get_module_resource
from odoo.tests.common import SavepointCase
from odoo.tools.translate import PoFile, trans_generate

ADDONS = ('aftersales_service', 'aftersales_inventory', 'aftersales_training', 'aftersales_presales')
LANGS = ('zh_CN', 'zh_TW')

# Terms that read the same in Chinese as in English: codes and abbreviations
# the department uses as they are.
SAME_IN_ANY_LANGUAGE = frozenset([
    'ID', 'SLA', 'KPI', 'XLSX', 'PDF', 'QQ', 'CRM',
])

# %s, %d, %(name)s, %(name)d ... in Python-formatted terms
PLACEHOLDER = re.compile(r'%(?:\(\w+\))?[sdfr]')


def po_entries(path):
    """{source: (translation, types)} of the entries of the po file at ``path``
    that Odoo loads (fuzzy ones are skipped, as Odoo's own reader does)."""
    entries = {}
    with open(path, 'rb') as po_file:
        for trans_type, _name, _res_id, source, translation, _comments in PoFile(po_file):
            entry = entries.setdefault(source, (translation, set()))
            entry[1].add(trans_type)
    return entries


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


class TestTranslations(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestTranslations, cls).setUpClass()
        # the terms of our addons, as the exporter finds them in code and data
        cls.terms = defaultdict(dict)
        for module, trans_type, name, _res_id, source, _trans, _comments in trans_generate(None, ADDONS, cls.cr):
            cls.terms[module].setdefault(source, set()).add((trans_type, name))
        # what base.language.install (overwrite) does, for our addons only: the
        # wizard loads the po files of every installed addon (minutes)
        addons = cls.env['ir.module.module'].search([('name', 'in', ADDONS)])
        addons.with_context(overwrite=True)._update_translations(list(LANGS))

    @classmethod
    def tearDownClass(cls):
        super(TestTranslations, cls).tearDownClass()
        # the translations loaded are rolled back: forget what the caches keep of them
        cls.registry.clear_caches()

    # -- every term of the addon is in its po file -------------------------

    def check_po_complete(self, module, lang):
        terms = self.terms[module]
        self.assertTrue(terms, 'the exporter finds no term in %s' % module)
        path = get_module_resource(module, 'i18n', '%s.po' % lang)
        self.assertTrue(path, '%s has no i18n/%s.po' % (module, lang))
        entries = po_entries(path)
        missing, broken = [], []
        for source in sorted(terms):
            translation, types = entries.get(source, ('', ()))
            if not translation.strip():
                missing.append(source)
            elif 'code' in types and placeholders(translation) != placeholders(source):
                broken.append('%s -> %s' % (source, translation))
        if missing:
            self.fail('%d of the %d terms of %s have no %s translation in %s:\n%s' % (
                len(missing), len(terms), module, lang, path, '\n'.join(repr(term) for term in missing)))
        if broken:
            self.fail('%s translations of %s change the placeholders:\n%s' % (lang, module, '\n'.join(broken)))

    # -- menus, labels and selections read in the language -----------------

    def _module_records(self, module, model):
        data = self.env['ir.model.data'].search([('module', '=', module), ('model', '=', model)])
        return self.env[model].browse(data.mapped('res_id')).exists()

    def _menu_labels(self, module, lang):
        menus = self._module_records(module, 'ir.ui.menu')
        english = dict((menu.id, menu.name) for menu in menus.with_context(lang='en_US'))
        return [('menu %s' % menu.complete_name, english[menu.id], menu.name)
                for menu in menus.with_context(lang=lang)]

    def _field_labels(self, module, lang):
        fields_by_model = defaultdict(list)
        for field in self._module_records(module, 'ir.model.fields'):
            if field.model in self.env and field.name in self.env[field.model]._fields:
                fields_by_model[field.model].append(field.name)
        labels = []
        for model, names in sorted(fields_by_model.items()):
            english = self.env[model].with_context(lang='en_US').fields_get(names, ['string', 'selection'])
            translated = self.env[model].with_context(lang=lang).fields_get(names, ['string', 'selection'])
            for name in sorted(names):
                where = '%s.%s' % (model, name)
                labels.append(('label of %s' % where, english[name]['string'], translated[name]['string']))
                field = self.env[model]._fields[name]
                if field.type != 'selection' or not isinstance(field.selection, (list, tuple)):
                    continue  # computed selections are not translation terms
                translated_values = dict(translated[name]['selection'])
                labels.extend(('selection %s = %s' % (where, value), label, translated_values[value])
                              for value, label in english[name]['selection'])
        return labels

    def check_labels_translated(self, module, lang):
        labels = self._menu_labels(module, lang) + self._field_labels(module, lang)
        self.assertTrue(labels, '%s has no menu and no field' % module)
        untranslated = ['%s: %r' % (where, english) for where, english, translated in labels
                        if translated == english and english not in SAME_IN_ANY_LANGUAGE]
        if untranslated:
            self.fail('%d of the %d menus, labels and selection values of %s read in English with lang=%s:\n%s' % (
                len(untranslated), len(labels), module, lang, '\n'.join(untranslated)))


def _add_tests(module, lang):
    def test_po_complete(self):
        self.check_po_complete(module, lang)

    def test_labels_translated(self):
        self.check_labels_translated(module, lang)

    for test in (test_po_complete, test_labels_translated):
        test.__name__ = '%s_%s_%s' % (test.__name__, module, lang)
        setattr(TestTranslations, test.__name__, test)


for _module in ADDONS:
    for _lang in LANGS:
        _add_tests(_module, _lang)
