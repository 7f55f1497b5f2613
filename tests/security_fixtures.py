"""Committed data of the concurrency and crash tests: an inspection plan
over many sites, an approved spare parts requisition. Each builder takes a
superuser environment and returns ids; ``purge`` deletes what they made."""
from datetime import date

# tables of the rows the builders (and the code under test) create, in the order they are deleted
_PURGE = [
    ('DELETE FROM aftersales_inspection_check WHERE line_id IN (SELECT l.id FROM aftersales_inspection_line l '
     'JOIN aftersales_inspection i ON i.id = l.inspection_id WHERE i.plan_id = ANY(%(plans)s))'),
    ('DELETE FROM aftersales_inspection_line WHERE inspection_id IN '
     '(SELECT id FROM aftersales_inspection WHERE plan_id = ANY(%(plans)s))'),
    'DELETE FROM aftersales_inspection WHERE plan_id = ANY(%(plans)s)',
    'DELETE FROM aftersales_inspection_plan WHERE id = ANY(%(plans)s)',
    'DELETE FROM aftersales_checklist_template WHERE id = ANY(%(templates)s)',
    'DELETE FROM stock_move_line WHERE product_id = ANY(%(products)s)',
    'DELETE FROM stock_move WHERE product_id = ANY(%(products)s)',
    'DELETE FROM stock_quant WHERE product_id = ANY(%(products)s)',
    'DELETE FROM stock_picking WHERE aftersales_requisition_id = ANY(%(requisitions)s)',
    'DELETE FROM aftersales_part_requisition WHERE id = ANY(%(requisitions)s)',
    'DELETE FROM stock_location WHERE id = ANY(%(locations)s)',
    'DELETE FROM product_product WHERE id = ANY(%(products)s)',
    'DELETE FROM product_template WHERE id NOT IN (SELECT product_tmpl_id FROM product_product) '
    'AND name LIKE %(marker)s',
    'DELETE FROM aftersales_ticket WHERE id = ANY(%(tickets)s) OR partner_id = ANY(%(partners)s)',
    'DELETE FROM maintenance_equipment WHERE id = ANY(%(equipment)s)',
    'DELETE FROM res_users WHERE id = ANY(%(users)s)',
    'DELETE FROM res_partner WHERE id = ANY(%(partners)s) OR parent_id = ANY(%(partners)s)',
]
_MESSAGES = ('DELETE FROM mail_message WHERE (model = %s AND res_id = ANY(%s))')
_ACTIVITIES = ('DELETE FROM mail_activity WHERE (res_model = %s AND res_id = ANY(%s))')
_FOLLOWERS = ('DELETE FROM mail_followers WHERE (res_model = %s AND res_id = ANY(%s))')


class Fixtures(object):

    def __init__(self, marker):
        self.marker = marker
        self.ids = {key: [] for key in ('plans', 'templates', 'products', 'requisitions', 'locations', 'tickets',
                                        'equipment', 'users', 'partners')}

    def user(self, env, login, group_xmlid):
        user = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'User %s' % login, 'login': login, 'password': login, 'email': '%s@test.example.com' % login,
            'groups_id': [(6, 0, [env.ref(group_xmlid).id])]})
        self.ids['users'].append(user.id)
        self.ids['partners'].append(user.partner_id.id)
        return user

    def customer(self, env, sites=1, equipment_per_site=1):
        Partner = env['res.partner']
        customer = Partner.create({'name': 'Customer %s' % self.marker, 'is_company': True, 'customer': True,
                                   'email': 'office.%s@test.example.com' % self.marker})
        self.ids['partners'].append(customer.id)
        site_ids = []
        for index in range(sites):
            site = Partner.create({'name': 'School %s %03d' % (self.marker, index), 'parent_id': customer.id,
                                   'type': 'other', 'aftersales_is_site': True})
            site_ids.append(site.id)
            for number in range(equipment_per_site):
                self.ids['equipment'].append(env['maintenance.equipment'].create({
                    'name': 'Projector %s %03d-%d' % (self.marker, index, number),
                    'aftersales_customer_id': customer.id, 'aftersales_site_id': site.id}).id)
        return customer, site_ids

    def plan(self, env, customer, sites, interval='weeks', horizon=90):
        template = env['aftersales.checklist.template'].create({
            'name': 'Checklist %s' % self.marker,
            'item_ids': [(0, 0, {'name': 'Check %d' % index, 'sequence': index}) for index in range(3)]})
        self.ids['templates'].append(template.id)
        phases = [env.ref('aftersales_service.inspection_phase_%s' % name) for name in ('early', 'middle', 'late')]
        plan = env['aftersales.inspection.plan'].create({
            'name': 'Plan %s' % self.marker, 'partner_id': customer.id, 'site_ids': [(6, 0, sites)],
            'interval_number': 1, 'interval_type': interval, 'horizon_days': horizon,
            'date_start': date.today().isoformat(),
            'phase_line_ids': [(0, 0, {'sequence': index, 'phase_id': phase.id, 'template_id': template.id})
                               for index, phase in enumerate(phases)]})
        self.ids['plans'].append(plan.id)
        return plan

    def approved_requisition(self, env, engineer, lines=1, quantity=1.0, stock=1.0):
        """An approved requisition of ``lines`` parts, ``stock`` of each in the warehouse."""
        company = env.user.company_id
        if not company.aftersales_parts_warehouse_id:
            company.aftersales_parts_warehouse_id = env.ref('stock.warehouse0')
        warehouse = company.aftersales_parts_warehouse_id
        van = env['stock.location'].create({
            'name': 'Van %s' % self.marker, 'usage': 'internal', 'location_id': warehouse.view_location_id.id,
            'aftersales_role': 'van', 'aftersales_engineer_id': engineer.id})
        self.ids['locations'].append(van.id)
        products = env['product.product']
        for index in range(lines):
            product = env['product.product'].create({
                'name': 'Part %s %03d' % (self.marker, index), 'type': 'product', 'aftersales_is_spare_part': True})
            env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, stock)
            products |= product
        self.ids['products'] += products.ids
        requisition = env['aftersales.part.requisition'].create({
            'user_id': engineer.id,
            'line_ids': [(0, 0, {'product_id': product.id, 'quantity': quantity}) for product in products]})
        self.ids['requisitions'].append(requisition.id)
        requisition.action_submit()
        requisition.action_approve()
        return requisition, van, warehouse.lot_stock_id

    def portal_customer(self, env, logins, engineer):
        """A customer with a site, a projector, a portal user per login (the
        password is the login), an open ticket and a visit to sign per user."""
        customer, (site_id,) = self.customer(env)
        equipment_id = self.ids['equipment'][-1]
        result = {}
        for day, login in enumerate(logins, 1):
            contact = env['res.partner'].create({'name': 'Contact %s' % login, 'parent_id': customer.id,
                                                 'email': '%s@test.example.com' % login})
            user = env['res.users'].with_context(no_reset_password=True).create({
                'name': contact.name, 'login': login, 'password': login, 'partner_id': contact.id,
                'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
            self.ids['users'].append(user.id)
            ticket = env['aftersales.ticket'].create({
                'title': 'Open request of %s' % login, 'partner_id': customer.id, 'contact_id': contact.id,
                'site_id': site_id, 'equipment_id': equipment_id})
            visit = env['aftersales.visit'].create({
                'ticket_id': ticket.id, 'user_id': engineer.id, 'state': 'done',
                'planned_start': '2030-01-%02d 01:00:00' % day, 'planned_end': '2030-01-%02d 03:00:00' % day,
                'work_done': '<p>Replaced the lamp module</p>', 'result': 'fixed',
                'fault_cause': 'Lamp at end of life', 'advice': 'Switch off with the remote'})
            self.ids['tickets'].append(ticket.id)
            result[login] = {'ticket': ticket.id, 'visit': visit.id, 'site': site_id, 'equipment': equipment_id}
        return result

    def purge(self, cr):
        for model, key in (('aftersales.inspection.plan', 'plans'), ('aftersales.part.requisition', 'requisitions'),
                           ('aftersales.ticket', 'tickets'), ('res.partner', 'partners')):
            for query in (_MESSAGES, _ACTIVITIES, _FOLLOWERS):
                cr.execute(query, (model, self.ids[key]))
        cr.execute('DELETE FROM mail_message WHERE model = %s AND res_id IN '
                   '(SELECT id FROM aftersales_ticket WHERE partner_id = ANY(%s))',
                   ('aftersales.ticket', self.ids['partners']))
        cr.execute('DELETE FROM mail_followers WHERE partner_id = ANY(%s)', (self.ids['partners'],))
        params = dict(self.ids, marker='%%%s%%' % self.marker)
        for query in _PURGE:
            cr.execute(query, params)
