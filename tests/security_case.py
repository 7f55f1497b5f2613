"""Shared set-up of the security tests: customers A and B of ``PortalCase``
with training sessions and certificates too, the list of our HTTP routes
read from Odoo's routing map, and a checksum of every table of our addons.
"""
import odoo
from portal_case import PortalCase

OUR_MODULES = ('aftersales_service', 'aftersales_inventory', 'aftersales_training', 'aftersales_presales')
# tables of other addons that a portal request could write in
EXTRA_TABLES = ('mail_message', 'mail_followers', 'mail_notification', 'mail_tracking_value', 'mail_mail',
                'mail_activity', 'res_partner', 'maintenance_equipment', 'ir_attachment')


def our_routes(registry):
    """``{rule: (methods, auth, module)}`` of every HTTP route whose
    function is defined in one of our addons, as Odoo builds its routing
    map for the installed modules."""
    modules = [''] + list(odoo.conf.server_wide_modules) + sorted(registry._init_modules - {'web'})
    routes = {}
    for rule in odoo.http.routing_map(modules, False).iter_rules():
        function = getattr(rule.endpoint, 'original', rule.endpoint.method)
        module = getattr(function, '__module__', '') or ''
        parts = module.split('.')
        if len(parts) > 2 and parts[0] == 'odoo' and parts[1] == 'addons' and parts[2] in OUR_MODULES:
            routes[rule.rule] = (tuple(sorted(rule.methods or ())), rule.endpoint.routing.get('auth'), parts[2])
    return routes


def our_tables(env):
    """``[(table, has write_date)]`` of the stored models of our addons, and
    of the other tables a request could write in."""
    tables = {}
    for model in env.registry.values():
        if model._abstract or not model._auto or model._transient:
            continue
        module = getattr(model, '_original_module', None) or model._module
        if module in OUR_MODULES or model._table in EXTRA_TABLES:
            tables[model._table] = model._log_access
        for field in model._fields.values():
            # many2many relations of our fields
            if field.type == 'many2many' and field.store and getattr(field, 'relation', None) and \
                    (module in OUR_MODULES or field.name.startswith('aftersales_')):
                tables.setdefault(field.relation, False)
    return sorted(tables.items())


class SecurityCase(PortalCase):
    """``PortalCase``'s customers A and B, each with a past training
    session (certificates for their contacts) and an upcoming one."""

    def setUp(self):
        super(SecurityCase, self).setUp()
        with self.server_env() as env:
            trainer = self._user(env, 'p_trainer', 'Trainer Gao', 'aftersales_service.group_aftersales_tech')
            for customer in (self.a, self.b):
                customer.update(self._training(env, customer, trainer))
            self._tables = our_tables(env)

    def _training(self, env, customer, trainer):
        letter = 'A' if customer is self.a else 'B'
        Session = env['aftersales.training.session']
        values = {'kind': 'customer', 'partner_id': customer['company'], 'trainer_user_id': trainer,
                  'evaluation': 'attendance', 'duration': 2.0, 'location': 'Room of %s' % letter}
        done = Session.create(dict(values, title='Past training of %s' % letter,
                                   date_start='2026-01-05 01:00:00'))
        done.action_confirm()
        attendance = env['aftersales.training.attendance'].create({
            'session_id': done.id, 'partner_id': customer['contacts'][0], 'state': 'attended'})
        done.action_done()
        upcoming = Session.create(dict(values, title='Next training of %s' % letter,
                                       date_start='2030-05-05 01:00:00'))
        return {'session': done.id, 'upcoming': upcoming.id, 'certificate': attendance.id,
                'certificate_number': attendance.certificate_number}

    def checksum(self):
        """Row count, last id and last write of every table of our addons."""
        result = {}
        with self.server_env() as env:
            for table, log_access in self._tables:
                env.cr.execute("SELECT to_regclass(%s)", (table,))
                if not env.cr.fetchone()[0]:
                    continue
                columns = 'count(*), max(write_date)' if log_access else 'count(*)'
                # the asset bundles a first page compiles are a cache, not data
                where = " WHERE res_model IS DISTINCT FROM 'ir.ui.view'" if table == 'ir_attachment' else ''
                env.cr.execute('SELECT %s FROM "%s"%s' % (columns, table, where))
                result[table] = env.cr.fetchone()
        return result

    def assertUnchanged(self, before, message=''):
        after = self.checksum()
        changed = sorted(table for table in before if before[table] != after.get(table))
        self.assertFalse(changed, 'tables written: %s %s' % (changed, message))
