"""Role matrix: every model of our addons x every role x every operation.

The expected table is ``security_matrix.py``, written by hand. Each cell is
checked through the ORM as the role's user (``TestRoleMatrixOrm``) and
through JSON-RPC, ``/web/dataset/call_kw`` in a session the user opened
with ``/web/session/authenticate`` (``TestRoleMatrixJsonRpc``). Every
operation runs in a savepoint that is rolled back, so they do not interfere.

Operations: read (search for the fixture, then read all its fields),
create (valid values), write (a harmless field), unlink, and every
``type="object"`` button of our form views (navigation buttons only have to
be listed). Refused = AccessError / MissingError (or the record is not
found); allowed = no access exception and no business error: the fixtures
are prepared so each button succeeds.
"""
import logging
import os
from datetime import date, datetime, timedelta

import odoo.tests.common
import pytest
import requests
from lxml import etree
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests.common import HttpCase, SavepointCase, at_install, get_db_name, post_install
from security_matrix import (BUSINESS_ERROR_OK, BUTTONS, MATRIX, NAVIGATION, PORTAL_FIELDS, ROLES,
                             USER_ERROR_REFUSAL, WIZARDS)

_logger = logging.getLogger(__name__)
OUR_ADDONS = ('aftersales_service', 'aftersales_inventory', 'aftersales_training', 'aftersales_presales')
OPERATIONS = (('r', 'read'), ('c', 'create'), ('u', 'write'), ('d', 'unlink'))
SIGNATURE = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M8AAAMBAQAY3Y2wAAAAAElFTkSuQmCC')


class _Rollback(Exception):
    """Raised to roll back the savepoint of an allowed operation."""


def _days(days):
    return fields.Date.to_string(date.today() + timedelta(days=days))


def _at(days, hour=2):
    return fields.Datetime.to_string(datetime.combine(date.today() + timedelta(days=days), datetime.min.time())
                                     + timedelta(hours=hour))


def our_models(env):
    """(concrete, sql views, transient) model names whose ``_name`` one of our addons introduces."""
    concrete, views, transient = set(), set(), set()
    for name in env.registry:
        model = env[name]
        definer = None
        for cls in reversed(type(model).__mro__):
            inherit = getattr(cls, '_inherit', None)
            inherit = [inherit] if isinstance(inherit, str) else list(inherit or [])
            if getattr(cls, '_name', None) == name and name not in inherit and getattr(cls, '_module', None):
                definer = cls._module
                break
        if definer not in OUR_ADDONS or model._abstract:
            continue
        if model._transient:
            transient.add(name)
        elif not model._auto:
            views.add(name)
        else:
            concrete.add(name)
    return concrete, views, transient


def view_buttons(env):
    """{(model, method)} of the type="object" buttons of the form and list
    views our addons define or inherit, buttons of embedded x2many views
    counted on the field's comodel."""
    data = env['ir.model.data'].search([('module', 'in', OUR_ADDONS), ('model', '=', 'ir.ui.view')])
    buttons = set()
    for view in env['ir.ui.view'].browse(data.mapped('res_id')):
        if view.type not in ('form', 'tree'):
            continue
        _collect_buttons(env, etree.fromstring(view.arch_db.encode('utf-8')), view.model, buttons)
    return buttons


def _collect_buttons(env, node, model, buttons):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == 'button' and child.get('type') == 'object':
            buttons.add((model, child.get('name')))
        sub_model = model
        if child.tag == 'field' and len(child) and child.get('name') in env[model]._fields:
            field = env[model]._fields[child.get('name')]
            sub_model = field.comodel_name or model
        _collect_buttons(env, child, sub_model, buttons)


class MatrixData(object):
    """Users of every role and a fixture record per model, created as superuser."""

    # ------------------------------------------------------------------
    # users
    # ------------------------------------------------------------------

    def build_matrix_data(self, env):
        env = env(context=dict(env.context, tracking_disable=True, aftersales_no_ack=True,
                               mail_notrack=True, no_reset_password=True))
        self.su = env
        self.company = env.ref('base.main_company')
        self.company2 = env['res.company'].create({'name': 'Matrix Second Company'})
        Partner = env['res.partner']
        self.customer_a = Partner.create({'name': 'Matrix Customer A', 'is_company': True, 'customer': True})
        self.site_a = Partner.create({'name': 'Matrix Site A', 'parent_id': self.customer_a.id, 'type': 'other',
                                      'aftersales_is_site': True})
        self.contact_a = Partner.create({'name': 'Matrix Contact A', 'parent_id': self.customer_a.id,
                                         'email': 'm_portal_a@test.example.com'})
        self.contact_a2 = Partner.create({'name': 'Matrix Contact A2', 'parent_id': self.customer_a.id})
        self.customer_b = Partner.create({'name': 'Matrix Customer B', 'is_company': True, 'customer': True})
        self.contact_b = Partner.create({'name': 'Matrix Contact B', 'parent_id': self.customer_b.id,
                                         'email': 'm_portal_b@test.example.com'})
        self.users = {}
        for role, group in (('csr', 'aftersales_service.group_aftersales_csr'),
                            ('field', 'aftersales_service.group_aftersales_field'),
                            ('tech', 'aftersales_service.group_aftersales_tech'),
                            ('parts', 'aftersales_service.group_aftersales_parts'),
                            ('manager', 'aftersales_service.group_aftersales_manager')):
            self.users[role] = self._matrix_user(env, 'm_%s' % role, group)
        self.users['portal_a'] = self._matrix_user(env, 'm_portal_a', 'base.group_portal', partner=self.contact_a)
        self.users['portal_b'] = self._matrix_user(env, 'm_portal_b', 'base.group_portal', partner=self.contact_b)
        self.users['public'] = env.ref('base.public_user')
        self.users['company2'] = self._matrix_user(env, 'm_company2', 'aftersales_service.group_aftersales_manager',
                                                   company=self.company2)
        self.fx = {}
        self._build_service_fixtures(env)
        self._build_inventory_fixtures(env)
        self._build_training_fixtures(env)
        self._build_presales_fixtures(env)
        self._build_report_fixtures(env)

    @staticmethod
    def _matrix_user(env, login, group, partner=None, company=None):
        values = {'name': login, 'login': login, 'password': login, 'email': '%s@test.example.com' % login,
                  'groups_id': [(6, 0, [env.ref(group).id])]}
        if partner:
            values['partner_id'] = partner.id
        if company:
            values.update(company_id=company.id, company_ids=[(6, 0, company.ids)])
        return env['res.users'].create(values)

    # ------------------------------------------------------------------
    # fixtures (customer A, main company)
    # ------------------------------------------------------------------

    def _build_service_fixtures(self, env):
        fx = self.fx
        self.equipment = env['maintenance.equipment'].create({
            'name': 'Matrix Projector', 'aftersales_customer_id': self.customer_a.id,
            'aftersales_site_id': self.site_a.id})
        self.type_repair = env.ref('aftersales_service.ticket_type_repair')
        # a ticket type with a free code, so that creating one is possible
        suggestion = env.ref('aftersales_service.ticket_type_suggestion')
        fx['aftersales.ticket.type'] = suggestion
        self._free_ticket_type(env)
        fx['aftersales.ticket.stage'] = env['aftersales.ticket.stage'].create(
            {'name': 'Matrix Stage', 'sequence': 99})
        fx['aftersales.service.area'] = env['aftersales.service.area'].create({'name': 'Matrix Area'})
        fx['aftersales.sla.policy'] = env['aftersales.sla.policy'].create(self._create_sla_policy())
        fx['aftersales.duty.roster'] = env['aftersales.duty.roster'].create(self._create_duty_roster())
        fx['aftersales.fault.category'] = env['aftersales.fault.category'].create({'name': 'Matrix Fault'})
        fx['aftersales.inspection.phase'] = env['aftersales.inspection.phase'].create({'name': 'Matrix Phase'})
        fx['aftersales.export.profile'] = env['aftersales.export.profile'].create(self._create_export_profile())
        fx['aftersales.ticket'] = env['aftersales.ticket'].create(self._create_ticket())
        # solved: the callback follows the repair
        fx['aftersales.ticket'].write({'stage_id': env.ref('aftersales_service.ticket_stage_solved').id})
        fx['aftersales.callback'] = env['aftersales.callback'].create(self._create_callback())
        fx['aftersales.visit'] = env['aftersales.visit'].create(self._create_visit())
        fx['aftersales.visit.checklist.line'] = env['aftersales.visit.checklist.line'].create(
            self._create_visit_checklist_line())
        fx['aftersales.visit.attendance'] = env['aftersales.visit.attendance'].create(
            self._create_visit_attendance())
        fx['aftersales.fault.analysis'] = env['aftersales.fault.analysis'].create(self._create_fault_analysis())
        fx['aftersales.checklist.template'] = env['aftersales.checklist.template'].create({'name': 'Matrix Checks'})
        fx['aftersales.checklist.item'] = env['aftersales.checklist.item'].create(self._create_checklist_item())
        fx['aftersales.inspection.plan'] = env['aftersales.inspection.plan'].create(self._create_inspection_plan())
        fx['aftersales.inspection.plan.phase'] = env['aftersales.inspection.plan.phase'].create(
            self._create_inspection_plan_phase())
        fx['aftersales.inspection'] = env['aftersales.inspection'].create(self._create_inspection())
        fx['aftersales.inspection.line'] = env['aftersales.inspection.line'].create(self._create_inspection_line())
        fx['aftersales.inspection.check'] = env['aftersales.inspection.check'].create(
            self._create_inspection_check())
        fx['aftersales.meeting'] = env['aftersales.meeting'].create(self._create_meeting())
        fx['aftersales.meeting.line'] = env['aftersales.meeting.line'].create(self._create_meeting_line())
        fx['aftersales.meeting.action'] = env['aftersales.meeting.action'].create(self._create_meeting_action())
        fx['aftersales.rectification'] = env['aftersales.rectification'].create(self._create_rectification())

    @staticmethod
    def _free_ticket_type(env):
        """Point what uses the suggestion type to the inquiry type, so the
        type can be written, deleted, and created again."""
        suggestion = env.ref('aftersales_service.ticket_type_suggestion')
        inquiry = env.ref('aftersales_service.ticket_type_inquiry')
        env.cr.execute('UPDATE aftersales_ticket SET type_id = %s WHERE type_id = %s', (inquiry.id, suggestion.id))
        env.cr.execute('UPDATE aftersales_sla_policy SET type_id = %s WHERE type_id = %s',
                       (inquiry.id, suggestion.id))
        env.clear()

    def _build_inventory_fixtures(self, env):
        fx = self.fx
        self.spare_part = env['product.product'].create({
            'name': 'Matrix Lamp Module', 'type': 'product', 'aftersales_is_spare_part': True,
            'standard_price': 10.0})
        setup = env['aftersales.inventory.setup'].create({})
        setup.write({'engineer_ids': [(6, 0, (self.users['field'] | self.users['tech']).ids)]})
        setup.action_apply()
        env['aftersales.inventory.setup'].create({'company_id': self.company2.id,
                                                  'warehouse_code': 'SP2'}).action_apply()
        fx['aftersales.part.requisition'] = env['aftersales.part.requisition'].create(
            dict(self._create_part_requisition(), line_ids=[(0, 0, {'product_id': self.spare_part.id,
                                                                    'quantity': 1.0})]))
        fx['aftersales.part.requisition.line'] = fx['aftersales.part.requisition'].line_ids[:1]
        fx['aftersales.visit.part'] = env['aftersales.visit.part'].create(self._create_visit_part())
        fx['aftersales.defective.return'] = env['aftersales.defective.return'].create(
            self._create_defective_return())

    def _build_training_fixtures(self, env):
        fx = self.fx
        fx['aftersales.training.plan'] = env['aftersales.training.plan'].create(self._create_training_plan())
        fx['aftersales.training.session'] = env['aftersales.training.session'].create(
            self._create_training_session())
        fx['aftersales.training.attendance'] = env['aftersales.training.attendance'].create(
            self._create_training_attendance())

    def _build_presales_fixtures(self, env):
        fx = self.fx
        self.opportunity = env['crm.lead'].create({'name': 'Matrix Opportunity', 'type': 'opportunity',
                                                   'partner_id': self.customer_a.id})
        fx['aftersales.presales.request'] = env['aftersales.presales.request'].create(
            self._create_presales_request())
        fx['aftersales.presales.interview'] = env['aftersales.presales.interview'].create(
            self._create_presales_interview())
        fx['aftersales.presales.process'] = env['aftersales.presales.process'].create(
            self._create_presales_process())
        fx['aftersales.presales.use.case'] = env['aftersales.presales.use.case'].create(
            self._create_presales_use_case())
        fx['aftersales.presales.solution'] = env['aftersales.presales.solution'].create(
            self._create_presales_solution())
        fx['aftersales.presales.handover'] = env['aftersales.presales.handover'].create(
            self._create_presales_handover())

    def _build_report_fixtures(self, env):
        """A row of each SQL view, of the main company (the fixtures feed them)."""
        ticket = self.fx['aftersales.ticket']
        done_round = env['aftersales.inspection'].create(dict(self._create_inspection(), date=_days(8)))
        env['aftersales.inspection.line'].create({'inspection_id': done_round.id, 'equipment_id': self.equipment.id,
                                                  'status': 'ok'})
        done_round.write({'state': 'done'})
        rows = {
            'aftersales.ticket.kpi.report': [('id', '=', ticket.id)],
            'aftersales.inspection.kpi.report': [('company_id', '=', self.company.id)],
            'aftersales.equipment.reliability.report': [],
            'aftersales.product.quality.report': [('company_id', '=', self.company.id)],
            'aftersales.part.failure.report': [],
            'aftersales.spare.stock.report': [('company_id', '=', self.company.id), ('engineer_id', '=', False)],
            'aftersales.training.knowledge': [('company_id', '=', self.company.id)],
            'aftersales.training.analysis': [('company_id', '=', self.company.id)],
        }
        for model, domain in rows.items():
            Model = env[model]
            if 'company_id' in Model._fields and not any(term[0] == 'company_id' for term in domain):
                domain = domain + [('company_id', '=', self.company.id)]
            self.fx[model] = Model.search(domain, limit=1)
            assert self.fx[model], 'no row of %s to check' % model

    # ------------------------------------------------------------------
    # values: one method per model, also used by the create checks
    # ------------------------------------------------------------------

    def _create_ticket_type(self):
        return {'name': 'Matrix Suggestion', 'code': 'suggestion'}

    def _create_ticket_stage(self):
        return {'name': 'Matrix Stage 2', 'state': 'progress', 'sequence': 98}

    def _create_service_area(self):
        return {'name': 'Matrix Area 2'}

    def _create_sla_policy(self):
        return {'name': 'Matrix SLA', 'calendar_id': self.su.ref('resource.resource_calendar_std').id, 'tz': 'UTC',
                'response_hours': 4, 'resolution_hours': 16, 'sequence': 99}

    def _create_duty_roster(self):
        return {'user_id': self.users['field'].id, 'date_start': _at(400), 'date_end': _at(400, 20)}

    def _create_fault_category(self):
        return {'name': 'Matrix Fault 2'}

    def _create_inspection_phase(self):
        return {'name': 'Matrix Phase 2'}

    def _create_export_profile(self):
        return {'name': 'Matrix Export', 'model_id': self.su['ir.model']._get_id('aftersales.ticket'),
                'field_names': 'name,title'}

    def _create_ticket(self):
        return {'title': 'Matrix projector shows no image', 'partner_id': self.customer_a.id,
                'contact_id': self.contact_a.id, 'site_id': self.site_a.id, 'equipment_id': self.equipment.id,
                'type_id': self.type_repair.id, 'channel': 'phone', 'engineer_id': self.users['tech'].id}

    def _create_callback(self):
        return {'ticket_id': self.fx['aftersales.ticket'].id, 'resolved': 'yes', 'source': 'phone',
                'satisfaction': '5'}

    def _create_visit(self):
        return {'ticket_id': self.fx['aftersales.ticket'].id, 'partner_id': self.customer_a.id,
                'site_id': self.site_a.id, 'equipment_id': self.equipment.id,
                'user_id': self.users['field'].id, 'planned_start': _at(3), 'planned_end': _at(3, 4)}

    def _create_visit_checklist_line(self):
        return {'visit_id': self.fx['aftersales.visit'].id, 'name': 'Matrix ladder', 'kind': 'tool'}

    def _create_visit_attendance(self):
        return {'visit_id': self.fx['aftersales.visit'].id, 'user_id': self.users['field'].id,
                'check_in': _at(-1)}

    def _create_fault_analysis(self):
        return {'symptom': 'Matrix no image', 'root_cause': 'Lamp worn out', 'solution': 'Replace the lamp',
                'equipment_id': self.equipment.id}

    def _create_checklist_template(self):
        return {'name': 'Matrix Checks 2'}

    def _create_checklist_item(self):
        return {'template_id': self.fx['aftersales.checklist.template'].id, 'name': 'Lamp hours below 3000',
                'kind': 'pass_fail'}

    def _create_inspection_plan(self):
        return {'name': 'Matrix Plan', 'partner_id': self.customer_a.id}

    def _create_inspection_plan_phase(self):
        return {'plan_id': self.fx['aftersales.inspection.plan'].id,
                'phase_id': self.fx['aftersales.inspection.phase'].id,
                'template_id': self.fx['aftersales.checklist.template'].id}

    def _create_inspection(self):
        return {'name': 'Matrix Round', 'plan_id': self.fx['aftersales.inspection.plan'].id,
                'partner_id': self.customer_a.id, 'site_id': self.site_a.id, 'date': _days(5),
                'phase_id': self.fx['aftersales.inspection.phase'].id,
                'template_id': self.fx['aftersales.checklist.template'].id}

    def _create_inspection_line(self):
        return {'inspection_id': self.fx['aftersales.inspection'].id, 'equipment_id': self.equipment.id,
                'status': 'ok'}

    def _create_inspection_check(self):
        return {'line_id': self.fx['aftersales.inspection.line'].id,
                'item_id': self.fx['aftersales.checklist.item'].id}

    def _create_meeting(self):
        monday = date.today() + timedelta(days=7 - date.today().weekday())
        return {'week_start': fields.Date.to_string(monday), 'user_id': self.users['tech'].id}

    def _create_meeting_line(self):
        return {'meeting_id': self.fx['aftersales.meeting'].id, 'name': 'Matrix topic', 'category': 'other'}

    def _create_meeting_action(self):
        return {'meeting_id': self.fx['aftersales.meeting'].id, 'name': 'Matrix action',
                'user_id': self.users['tech'].id, 'date_deadline': _days(7)}

    def _create_rectification(self):
        return {'title': 'Matrix new lamp type', 'kind': 'equipment', 'equipment_id': self.equipment.id,
                'reason': 'Lamps fail early', 'proposal': 'Use the long-life lamp'}

    def _create_part_requisition(self):
        return {'user_id': self.users['field'].id, 'visit_id': self.fx['aftersales.visit'].id,
                'ticket_id': self.fx['aftersales.ticket'].id}

    def _create_part_requisition_line(self):
        return {'requisition_id': self.fx['aftersales.part.requisition'].id, 'product_id': self.spare_part.id,
                'quantity': 2.0}

    def _create_visit_part(self):
        return {'visit_id': self.fx['aftersales.visit'].id, 'product_id': self.spare_part.id, 'quantity': 1.0,
                'user_id': self.users['field'].id}

    def _create_defective_return(self):
        return {'visit_id': self.fx['aftersales.visit'].id, 'product_id': self.spare_part.id,
                'user_id': self.users['field'].id, 'fault_description': 'Burnt'}

    def _create_training_plan(self):
        return {'name': 'Matrix Plan', 'date_start': _days(0), 'date_end': _days(90)}

    def _create_training_session(self):
        return {'title': 'Matrix projector training', 'kind': 'customer', 'partner_id': self.customer_a.id,
                'date_start': _at(10), 'trainer_user_id': self.users['tech'].id}

    def _create_training_attendance(self):
        return {'session_id': self.fx['aftersales.training.session'].id, 'partner_id': self.contact_a.id}

    def _create_presales_request(self):
        return {'opportunity_id': self.opportunity.id, 'engineer_id': self.users['tech'].id,
                'description': 'Matrix demo'}

    def _create_presales_interview(self):
        return {'request_id': self.fx['aftersales.presales.request'].id, 'name': 'Matrix IT department'}

    def _create_presales_process(self):
        return {'interview_id': self.fx['aftersales.presales.interview'].id, 'name': 'Matrix ordering'}

    def _create_presales_use_case(self):
        return {'request_id': self.fx['aftersales.presales.request'].id, 'name': 'Matrix goal', 'actor': 'Teacher'}

    def _create_presales_solution(self):
        return {'request_id': self.fx['aftersales.presales.request'].id, 'name': 'Matrix solution'}

    def _create_presales_handover(self):
        return {'request_id': self.fx['aftersales.presales.request'].id, 'scope': 'Matrix scope'}

    def create_values(self, model, role):
        if model == 'aftersales.ticket.type':
            values = self._create_ticket_type()
        else:
            values = getattr(self, '_create_%s' % model[len('aftersales.'):].replace('.', '_'))()
        values.update(self.CREATE_OVERRIDES.get(model, {}))
        if model == 'aftersales.training.attendance':
            values['partner_id'] = self.contact_a2.id
        if role == 'company2' and 'user_id' in values and model in ('aftersales.duty.roster',
                                                                    'aftersales.part.requisition'):
            values['user_id'] = self.users['company2'].id
        return values

    # the values of a second record next to the fixture (unique keys, bookings)
    CREATE_OVERRIDES = {
        'aftersales.inspection': {'date': _days(6)},
        'aftersales.meeting': {'week_start': fields.Date.to_string(
            date.today() + timedelta(days=14 - date.today().weekday()))},
        'aftersales.presales.solution': {'version': 2},
        'aftersales.visit': {'planned_start': _at(4), 'planned_end': _at(4, 4)},
        'aftersales.duty.roster': {'date_start': _at(401), 'date_end': _at(401, 20)},
    }

    def new_record(self, env, model):
        """A second record of ``model`` (customer A, main company), to delete."""
        self.prepare_create(env, model)
        return env[model].create(self.create_values(model, 'manager'))

    def read_fields(self, model, role):
        """What the role's screens read: for employees, the fields of the
        form view (its list view if it has no form), as the user's groups
        see it; for portal and public users, what the portal shows."""
        key = (model, role)
        cache = self.__dict__.setdefault('_read_fields', {})
        if key not in cache:
            cache[key] = self._compute_read_fields(model, role)
        return cache[key]

    def _compute_read_fields(self, model, role):
        if role in ('portal_a', 'portal_b', 'public'):
            return PORTAL_FIELDS.get(model, ['display_name'])
        Model = self.su[model]
        view_type = 'form' if self.su['ir.ui.view'].search_count(
            [('model', '=', model), ('type', '=', 'form')]) else 'tree'
        try:
            return list(Model.sudo(self.users[role]).fields_view_get(view_type=view_type)['fields'])
        except AccessError:
            return ['display_name']

    def prepare_create(self, env, model):
        """What the superuser does before a create check."""
        if model == 'aftersales.ticket.type':
            env.cr.execute('DELETE FROM aftersales_ticket_type WHERE id = %s',
                           (env.ref('aftersales_service.ticket_type_suggestion').id,))
            env.clear()

    # harmless writes
    WRITE_VALUES = {
        'aftersales.ticket': {'description': '<p>Matrix note</p>'},
        'aftersales.ticket.type': {'sequence': 77},
        'aftersales.ticket.stage': {'description': 'Matrix'},
        'aftersales.service.area': {'name': 'Matrix Area renamed'},
        'aftersales.sla.policy': {'sequence': 77},
        'aftersales.duty.roster': {'note': 'Matrix'},
        'aftersales.fault.category': {'description': 'Matrix'},
        'aftersales.inspection.phase': {'description': 'Matrix'},
        'aftersales.export.profile': {'sequence': 77},
        'aftersales.callback': {'comment': 'Matrix'},
        'aftersales.visit': {'advice': 'Matrix advice'},
        'aftersales.visit.checklist.line': {'checked': True},
        'aftersales.visit.attendance': {'check_out': _at(-1, 5)},
        'aftersales.fault.analysis': {'preventive_action': 'Matrix'},
        'aftersales.checklist.template': {'name': 'Matrix Checks renamed'},
        'aftersales.checklist.item': {'name': 'Matrix item renamed'},
        'aftersales.inspection.plan': {'name': 'Matrix Plan renamed'},
        'aftersales.inspection.plan.phase': {'sequence': 77},
        'aftersales.inspection': {'name': 'Matrix Round renamed'},
        'aftersales.inspection.line': {'note': 'Matrix'},
        'aftersales.inspection.check': {'value_text': 'Matrix'},
        'aftersales.meeting': {'location': 'Matrix room'},
        'aftersales.meeting.line': {'discussion': 'Matrix'},
        'aftersales.meeting.action': {'name': 'Matrix action renamed'},
        'aftersales.rectification': {'expected_benefit': 'Matrix'},
        'aftersales.part.requisition': {'note': 'Matrix'},
        'aftersales.part.requisition.line': {'quantity': 3.0},
        'aftersales.visit.part': {'quantity': 2.0},
        'aftersales.defective.return': {'fault_description': 'Matrix'},
        'aftersales.training.plan': {'name': 'Matrix Plan renamed'},
        'aftersales.training.session': {'location': 'Matrix room'},
        'aftersales.training.attendance': {'note': 'Matrix'},
        'aftersales.presales.request': {'description': 'Matrix'},
        'aftersales.presales.interview': {'notes': 'Matrix'},
        'aftersales.presales.process': {'name': 'Matrix renamed'},
        'aftersales.presales.use.case': {'actor': 'Headmaster'},
        'aftersales.presales.solution': {'name': 'Matrix renamed'},
        'aftersales.presales.handover': {'risks': 'Matrix'},
    }

    # ------------------------------------------------------------------
    # buttons: the superuser prepares the record the button is pressed on
    # ------------------------------------------------------------------

    def prepare_button(self, env, model, method, user):
        """The record (in ``env``, the superuser's) ``method`` is pressed on
        as ``user``; for a wizard, what it works on is prepared and the
        wizard is created by the caller."""
        prepare = getattr(self, '_prepare_%s_%s' % (model[len('aftersales.'):].replace('.', '_'), method), None)
        if prepare:
            return prepare(env, user)
        if model in WIZARDS:
            return None
        record = self.fx[model].with_env(env)
        state = BUTTON_STATES.get((model, method))
        if state:
            record.write({'state': state})
        return record

    # tickets
    def _prepare_ticket_action_review_complaint(self, env, user):
        ticket = self.fx['aftersales.ticket'].with_env(env)
        ticket.write({'type_id': env.ref('aftersales_service.ticket_type_complaint').id,
                      'complaint_verified': 'true', 'complaint_answer': 'Matrix answer'})
        return ticket

    def _prepare_ticket_action_confirm_diagnosis(self, env, user):
        ticket = self.fx['aftersales.ticket'].with_env(env)
        ticket.write({'repair_plan': 'Replace the lamp', 'fault_category_id': self.fx['aftersales.fault.category'].id})
        return ticket

    # visits
    def _visit_in(self, env, state, **values):
        visit = self.fx['aftersales.visit'].with_env(env)
        visit.checklist_line_ids.write({'checked': True})
        values.setdefault('work_done', '<p>Matrix work</p>')
        values.setdefault('result', 'fixed')
        visit.write(dict(values, state=state))
        return visit

    def _prepare_visit_action_depart(self, env, user):
        return self._visit_in(env, 'scheduled')

    def _prepare_visit_action_check_in(self, env, user):
        return self._visit_in(env, 'scheduled')

    def _prepare_visit_action_check_out(self, env, user):
        return self._visit_in(env, 'on_site', check_in_at=_at(-1))

    def _prepare_visit_action_done(self, env, user):
        self._stock_part(env, self._van(env))
        return self._visit_in(env, 'on_site', check_in_at=_at(-1), check_out_at=_at(-1, 4))

    def _prepare_visit_action_cannot_solve(self, env, user):
        return self._visit_in(env, 'on_site', check_in_at=_at(-1))

    def _prepare_visit_sign_action_sign(self, env, user):
        self._visit_in(env, 'done')

    def _prepare_visit_action_aftersales_request_parts(self, env, user):
        return self._visit_in(env, 'scheduled')

    def _prepare_visit_action_aftersales_consume_parts(self, env, user):
        self._stock_part(env, self._van(env))
        return self._visit_in(env, 'on_site', check_in_at=_at(-1))

    def _prepare_visit_action_aftersales_return_unused(self, env, user):
        requisition = self._issued_requisition(env)
        return requisition.visit_id.with_env(env)

    # spare parts
    def _van(self, env):
        return env['stock.location']._aftersales_van(self.users['field'], self.company)

    def _stock_part(self, env, location, quantity=5.0):
        env['stock.quant']._update_available_quantity(self.spare_part, location, quantity)

    def _prepare_part_requisition_action_approve(self, env, user):
        requisition = self.fx['aftersales.part.requisition'].with_env(env)
        requisition.action_submit()
        return requisition

    def _prepare_part_requisition_action_issue(self, env, user):
        requisition = self._prepare_part_requisition_action_approve(env, user)
        self._stock_part(env, requisition.company_id._aftersales_parts_warehouse().lot_stock_id)
        requisition.action_approve()
        return requisition

    def _issued_requisition(self, env):
        requisition = self._prepare_part_requisition_action_issue(env, None)
        requisition.action_issue()
        return requisition

    def _prepare_part_requisition_action_return_unused(self, env, user):
        requisition = self._issued_requisition(env)
        requisition.visit_id.write({'state': 'done'})
        return requisition

    def _received_return(self, env):
        defective = self.fx['aftersales.defective.return'].with_env(env)
        defective.action_receive()
        return defective

    def _prepare_defective_return_action_send_to_vendor(self, env, user):
        defective = self._received_return(env)
        defective.write({'vendor_id': self.customer_b.id})
        return defective

    def _prepare_defective_return_action_repaired(self, env, user):
        return self._received_return(env)

    def _prepare_defective_return_action_scrap(self, env, user):
        return self._received_return(env)

    def _prepare_defective_return_action_vendor_replaced(self, env, user):
        defective = self._prepare_defective_return_action_send_to_vendor(env, user)
        defective.action_send_to_vendor()
        return defective

    def _prepare_defective_return_action_vendor_credited(self, env, user):
        return self._prepare_defective_return_action_vendor_replaced(env, user)

    # inspections
    def _prepare_inspection_line_action_create_ticket(self, env, user):
        line = self.fx['aftersales.inspection.line'].with_env(env)
        line.write({'status': 'fault', 'note': 'Matrix broken'})
        return line

    def _prepare_inspection_line_action_approve_proposal(self, env, user):
        line = self.fx['aftersales.inspection.line'].with_env(env)
        line.write({'proposal_state': 'proposed'})
        return line

    def _prepare_inspection_line_action_reject_proposal(self, env, user):
        return self._prepare_inspection_line_action_approve_proposal(env, user)

    def _prepare_inspection_action_done(self, env, user):
        inspection = self.fx['aftersales.inspection'].with_env(env)
        inspection.write({'state': 'in_progress'})
        inspection.line_ids.write({'status': 'ok'})
        return inspection

    # meetings
    def _prepare_meeting_action_generate_agenda(self, env, user):
        meeting = self.fx['aftersales.meeting'].with_env(env)
        # an automatic topic no longer wanted: regenerating removes it
        env['aftersales.meeting.line'].create({'meeting_id': meeting.id, 'name': 'Matrix stale', 'auto': True})
        return meeting

    def _prepare_meeting_action_approve_minutes(self, env, user):
        meeting = self.fx['aftersales.meeting'].with_env(env)
        meeting.write({'state': 'held', 'minutes': '<p>Matrix minutes</p>'})
        return meeting

    def _prepare_rectification_action_done(self, env, user):
        proposal = self.fx['aftersales.rectification'].with_env(env)
        proposal.write({'state': 'approved', 'result': 'Matrix done'})
        return proposal

    # training
    def _prepare_training_session_action_confirm(self, env, user):
        return self.fx['aftersales.training.session'].with_env(env)

    def _prepare_training_session_action_done(self, env, user):
        session = self.fx['aftersales.training.session'].with_env(env)
        session.write({'state': 'confirmed'})
        session.attendance_ids.write({'state': 'attended', 'score': 90})
        return session

    def _prepare_training_session_action_add_staff(self, env, user):
        session = self.fx['aftersales.training.session'].with_env(env)
        session.write({'kind': 'internal', 'partner_id': False})
        return session

    def _prepare_training_plan_action_approve(self, env, user):
        plan = self.fx['aftersales.training.plan'].with_env(env)
        plan.action_submit()
        return plan

    def _prepare_training_plan_action_refuse(self, env, user):
        return self._prepare_training_plan_action_approve(env, user)

    # pre-sales
    def _prepare_presales_request_action_decide(self, env, user):
        request = self.fx['aftersales.presales.request'].with_env(env)
        request.write({'decision': 'go', 'decision_reason': 'Matrix fits'})
        return request

    def _prepare_presales_request_action_next_phase(self, env, user):
        return self._prepare_presales_request_action_decide(env, user)

    def _prepare_presales_request_action_create_handover(self, env, user):
        request = self._prepare_presales_request_action_decide(env, user)
        self.opportunity.with_env(env).action_set_won()
        request.interview_ids.write({'minutes_sent_date': _days(0), 'confirmed_date': _days(0),
                                     'confirmed_by': 'Matrix'})
        request.write({'phase': 'solution'})
        return request

    def _prepare_presales_handover_action_propose_training(self, env, user):
        handover = self.fx['aftersales.presales.handover'].with_env(env)
        handover.write({'installation_done': True, 'equipment_ids': [(6, 0, self.equipment.ids)]})
        return handover

    def _prepare_presales_interview_action_confirm_minutes(self, env, user):
        interview = self.fx['aftersales.presales.interview'].with_env(env)
        interview.write({'minutes_sent_date': _days(0), 'confirmed_by': 'Matrix'})
        return interview

    def _visit_week(self):
        day = fields.Date.from_string(self.fx['aftersales.visit'].planned_start[:10])
        return fields.Date.to_string(day - timedelta(days=day.weekday()))

    def wizard_values(self, model):
        return {
            'aftersales.ticket.escalate': {'ticket_id': self.fx['aftersales.ticket'].id, 'reason': 'Matrix'},
            'aftersales.visit.sign': {'visit_id': self.fx['aftersales.visit'].id, 'signature': SIGNATURE,
                                      'signed_by': 'Matrix'},
            'aftersales.weekly.plan': {'week_start': self._visit_week()},
            'aftersales.xlsx.export': {'profile_id': self.fx['aftersales.export.profile'].id},
            'aftersales.kpi.workbook': {},
            'aftersales.kpi.dashboard': {},
            'aftersales.inventory.setup': {},
            'aftersales.stock.rule.wizard': {},
            'aftersales.stock.rule.wizard.line': None,   # created by its wizard
        }[model]


# the state a button needs, when setting it is all the preparation needed
BUTTON_STATES = {
    ('aftersales.visit', 'action_cancel'): 'scheduled',
    ('aftersales.part.requisition', 'action_draft'): 'cancel',
    ('aftersales.defective.return', 'action_cancel'): 'draft',
    ('aftersales.inspection', 'action_done'): 'in_progress',
    ('aftersales.meeting', 'action_reset'): 'held',
    ('aftersales.meeting', 'action_hold'): 'draft',
    ('aftersales.rectification', 'action_approve'): 'to_approve',
    ('aftersales.rectification', 'action_reject'): 'to_approve',
    ('aftersales.rectification', 'action_reset'): 'rejected',
    ('aftersales.training.plan', 'action_done'): 'approved',
    ('aftersales.training.plan', 'action_draft'): 'cancel',
    ('aftersales.training.session', 'action_send_invitation'): 'confirmed',
    ('aftersales.training.session', 'action_mark_all_attended'): 'confirmed',
    ('aftersales.training.session', 'action_reset'): 'cancel',
}


def classify(exception):
    """'access' (refused), 'user' (a business error) or None (unexpected)."""
    if isinstance(exception, (AccessError, MissingError)):
        return 'access'
    if isinstance(exception, ValidationError) and is_wrapped_access_error(str(exception)):
        return 'access'
    if isinstance(exception, (UserError, ValidationError)):
        return 'user'
    return None


def is_wrapped_access_error(message):
    """Odoo 11 wraps an AccessError raised in a constraint in a ValidationError."""
    return 'Error while validating constraint' in message and (
        'security restrictions' in message or 'not allowed to access' in message)


class MatrixChecks(MatrixData):
    """The checks, for a ``run(role, operation)`` that returns an outcome:
    'ok', 'access' or 'user' (with a message)."""

    def expected_cells(self):
        """[(role, model, operation, expected outcome, accepted outcomes)]."""
        cells = []
        for model, row in sorted(MATRIX.items()):
            is_view = not self.su[model]._auto
            for role, allowed in zip(ROLES, row):
                for letter, operation in OPERATIONS:
                    if is_view and letter != 'r':
                        continue
                    cells.append((role, model, operation, letter in allowed))
        for model, roles in sorted(WIZARDS.items()):
            if self.wizard_values(model) is None:
                continue
            for role in roles:
                cells.append((role, model, 'create', True))
        for (model, method), roles in sorted(BUTTONS.items()):
            if roles is NAVIGATION:
                continue
            for role in ROLES:
                cells.append((role, model, method, role in roles))
        return cells

    def check_matrix(self, run):
        failures, counts = [], {'orm': 0}
        only = os.environ.get('MATRIX_ONLY')
        for role, model, operation, allowed in self.expected_cells():
            if only and only not in '%s %s %s' % (role, model, operation):
                continue
            outcome, message = run(role, model, operation)
            counts['orm'] += 1
            if allowed:
                good = outcome == 'ok' or (outcome == 'user' and (model, operation, role) in BUSINESS_ERROR_OK)
            else:
                good = outcome == 'access' or (
                    outcome == 'user' and (model, operation) in USER_ERROR_REFUSAL)
            if not good:
                failures.append('%-9s %-36s %-28s expected %-7s got %s %s' % (
                    role, model, operation, 'allowed' if allowed else 'refused', outcome, message or ''))
        return failures, counts['orm']

    def check_tables_complete(self, env):
        concrete, views, transient = our_models(env)
        self.assertFalse(sorted((concrete | views) - set(MATRIX)), 'models missing from MATRIX')
        self.assertFalse(sorted(set(MATRIX) - concrete - views), 'MATRIX lists unknown models')
        for model in views:
            self.assertFalse(set(''.join(MATRIX[model])) - {'r'}, '%s is a SQL view: read only' % model)
        self.assertFalse(sorted(transient - set(WIZARDS)), 'wizards missing from WIZARDS')
        buttons = view_buttons(env)
        self.assertFalse(sorted(buttons - set(BUTTONS)), 'buttons missing from BUTTONS')
        self.assertFalse(sorted(set(BUTTONS) - buttons), 'BUTTONS lists buttons no view has')


@at_install(False)
@post_install(True)
class TestRoleMatrixOrm(MatrixChecks, SavepointCase):
    """The matrix through the ORM, as each role's user."""

    @classmethod
    def setUpClass(cls):
        super(TestRoleMatrixOrm, cls).setUpClass()
        data = MatrixData()
        data.build_matrix_data(cls.env)
        for name, value in vars(data).items():
            setattr(cls, name, value)

    def test_tables_cover_every_model_and_button(self):
        self.check_tables_complete(self.env)

    def test_role_matrix_orm(self):
        failures, count = self.check_matrix(self._run)
        _logger.info('role matrix through the ORM: %d checks, %d failures', count, len(failures))
        self.assertFalse(failures, '\n' + '\n'.join(failures))

    def _run(self, role, model, operation):
        user = self.users[role]
        try:
            with self.env.cr.savepoint():
                self._operate(user, role, model, operation)
                raise _Rollback()
        except _Rollback:
            return 'ok', None
        except Exception as exc:  # pylint: disable=broad-except
            kind = classify(exc)
            if kind is None:
                return 'error', '%s: %s' % (type(exc).__name__, exc)
            return kind, ' '.join(str(exc).split())[:300]
        finally:
            self.env.clear()

    def _operate(self, user, role, model, operation):
        su = self.su
        Model = su[model].sudo(user)
        if operation == 'read':
            record = self.fx[model]
            found = Model.search([('id', '=', record.id)])
            if not found:
                raise AccessError('not found')
            found.read(self.read_fields(model, role))
        elif operation == 'create':
            if model in WIZARDS:
                Model.create(self.wizard_values(model))
            else:
                self.prepare_create(su, model)
                Model.create(self.create_values(model, role))
        elif operation == 'write':
            self.fx[model].sudo(user).write(self.WRITE_VALUES[model])
        elif operation == 'unlink':
            self.new_record(su, model).sudo(user).unlink()
        elif model in WIZARDS:
            self.prepare_button(su, model, operation, user)
            getattr(Model.create(self.wizard_values(model)), operation)()
        else:
            record = self.prepare_button(su, model, operation, user)
            getattr(record.sudo(user), operation)()


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestRoleMatrixJsonRpc(MatrixChecks, HttpCase):
    """The matrix through JSON-RPC (``/web/dataset/call_kw``), each user in
    a session opened with ``/web/session/authenticate``. The test works in
    the server's test cursor; each call runs in a savepoint rolled back
    after the response."""

    def setUp(self):
        super(TestRoleMatrixJsonRpc, self).setUp()
        own_cr = self.cr
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})

        @self.addCleanup
        def restore():
            self.cr.release()
            self.cr = own_cr

        self.base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        self.build_matrix_data(self.env)
        self.sessions = {}

    def test_role_matrix_jsonrpc(self):
        for role in ROLES:
            self.sessions[role] = self._session(role)
        failures, count = self.check_matrix(self._run)
        _logger.info('role matrix through JSON-RPC: %d checks, %d failures', count, len(failures))
        self.assertFalse(failures, '\n' + '\n'.join(failures))

    # ------------------------------------------------------------------
    # HTTP
    # ------------------------------------------------------------------

    def _session(self, role):
        """A requests session logged in as the role's user (the public user: not logged in)."""
        session = requests.Session()
        if role != 'public':
            login = self.users[role].login
            result = self._post(session, '/web/session/authenticate',
                                {'db': get_db_name(), 'login': login, 'password': login})
            self.assertEqual(result.get('result', {}).get('uid'), self.users[role].id, result)
        return session

    def _post(self, session, url, params):
        # the server rolls the test cursor back to its savepoint when it opens it: move the
        # savepoint after what the test prepared (still inside the operation's savepoint)
        self.cr.commit()  # pylint: disable=invalid-commit  (a TestCursor: a savepoint)
        self.cr.release()
        try:
            response = session.post(self.base_url + url, json={'jsonrpc': '2.0', 'method': 'call', 'params': params},
                                    timeout=120)
        finally:
            self.cr.acquire()
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def _call_kw(self, role, model, method, args, kwargs=None):
        """The result; raises what the JSON error names."""
        result = self._post(self.sessions[role], '/web/dataset/call_kw/%s/%s' % (model, method), {
            'model': model, 'method': method, 'args': args, 'kwargs': kwargs or {}})
        error = result.get('error')
        if error:
            name = error.get('data', {}).get('name', '')
            message = error.get('data', {}).get('message', '')
            raise _RpcError(name, message)
        return result.get('result')   # None is not sent

    # ------------------------------------------------------------------
    # operations
    # ------------------------------------------------------------------

    def _run(self, role, model, operation):
        self.cr.execute('SAVEPOINT matrix_op')
        # the server's commits and rollbacks use the test cursor's own savepoint: give it one inside ours
        self.cr.execute('SAVEPOINT test_cursor')
        try:
            self._operate(role, model, operation)
            return 'ok', None
        except _RpcError as exc:
            return exc.kind, '%s: %s' % (exc.name, exc.message[:120])
        except Exception as exc:  # pylint: disable=broad-except
            kind = classify(exc)
            return (kind or 'error'), '%s: %s' % (type(exc).__name__, exc)
        finally:
            self.cr.execute('ROLLBACK TO SAVEPOINT matrix_op')
            self.cr.execute('RELEASE SAVEPOINT matrix_op')
            self.env.clear()

    def _operate(self, role, model, operation):
        if operation == 'read':
            records = self._call_kw(role, model, 'search_read', [[('id', '=', self.fx[model].id)]],
                                    {'fields': self.read_fields(model, role)})
            if not records:
                raise _RpcError('not found', '')
        elif operation == 'create':
            if model in WIZARDS:
                values = self.wizard_values(model)
            else:
                self.prepare_create(self.env, model)
                values = self.create_values(model, role)
            self._call_kw(role, model, 'create', [values])
        elif operation == 'write':
            self._call_kw(role, model, 'write', [self.fx[model].ids, self.WRITE_VALUES[model]])
        elif operation == 'unlink':
            self._call_kw(role, model, 'unlink', [self.new_record(self.env, model).ids])
        elif model in WIZARDS:
            # the user opens the wizard, then presses its button
            self.prepare_button(self.env, model, operation, self.users[role])
            wizard_id = self._call_kw(role, model, 'create', [self.wizard_values(model)])
            self._call_kw(role, model, operation, [[wizard_id]])
        else:
            record = self.prepare_button(self.env, model, operation, self.users[role])
            self._call_kw(role, model, operation, [record.ids])


class _RpcError(Exception):

    KINDS = {
        'odoo.exceptions.AccessError': 'access',
        'odoo.exceptions.MissingError': 'access',
        'odoo.http.SessionExpiredException': 'access',
        'not found': 'access',
        'odoo.exceptions.UserError': 'user',
        'odoo.exceptions.ValidationError': 'user',
    }

    def __init__(self, name, message):
        super(_RpcError, self).__init__(name, message)
        self.name, self.message = name, message
        self.kind = self.KINDS.get(name, 'error')
        if name == 'odoo.exceptions.ValidationError' and is_wrapped_access_error(message):
            self.kind = 'access'
