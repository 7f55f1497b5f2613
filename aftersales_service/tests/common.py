import subprocess
import tempfile
from contextlib import contextmanager
from datetime import datetime, timedelta

import odoo.tests.common
from odoo import SUPERUSER_ID, api, fields
from odoo.tests.common import SavepointCase


class QueryCountMixin(object):
    """``with self.assertQueryCount(__system__=N)``: the block may run at
    most N queries (the budget of Odoo's later releases, on Odoo 11)."""

    @contextmanager
    def assertQueryCount(self, **counters):
        expected = counters.get(self.env.user.login, counters.get('__system__'))
        start = self.cr.sql_log_count
        yield
        actual = self.cr.sql_log_count - start
        self.assertLessEqual(actual, expected, 'query budget of %d exceeded: %d queries' % (expected, actual))


class AftersalesCase(QueryCountMixin, SavepointCase):
    """Users per role, a customer with two sites, equipment and an SLA policy
    on Shanghai working hours (Mon-Fri 08-12 and 13-17, UTC+8)."""

    @classmethod
    def setUpClass(cls):
        super(AftersalesCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, aftersales_no_ack=True))
        cls.company = cls.env.ref('base.main_company')
        cls.csr = cls._create_user('t_csr', 'group_aftersales_csr')
        cls.field = cls._create_user('t_field', 'group_aftersales_field')
        cls.tech = cls._create_user('t_tech', 'group_aftersales_tech')
        cls.parts = cls._create_user('t_parts', 'group_aftersales_parts')
        cls.manager = cls._create_user('t_manager', 'group_aftersales_manager')
        Partner = cls.env['res.partner']
        cls.customer = Partner.create({'name': 'Test County Bureau', 'is_company': True, 'customer': True,
                                       'email': 'bureau@test.example.com'})
        cls.site_a = Partner.create({'name': 'School A', 'parent_id': cls.customer.id, 'type': 'other',
                                     'aftersales_is_site': True})
        cls.site_b = Partner.create({'name': 'School B', 'parent_id': cls.customer.id, 'type': 'other',
                                     'aftersales_is_site': True})
        cls.contact = Partner.create({'name': 'Teacher Wu', 'parent_id': cls.customer.id,
                                      'email': 'wu@test.example.com'})
        cls.other_customer = Partner.create({'name': 'Other Customer', 'is_company': True, 'customer': True})
        Equipment = cls.env['maintenance.equipment']
        cls.projector_a = Equipment.create({
            'name': 'Projector A', 'aftersales_customer_id': cls.customer.id,
            'aftersales_site_id': cls.site_a.id, 'aftersales_criticality': 'normal'})
        cls.display_b = Equipment.create({
            'name': 'Display B', 'aftersales_customer_id': cls.customer.id,
            'aftersales_site_id': cls.site_b.id, 'aftersales_criticality': 'critical'})
        cls.calendar = cls.env['resource.calendar'].create({
            'name': 'Test service hours',
            'attendance_ids': [(0, 0, {'name': 'day %s %s' % (day, hour_from), 'dayofweek': str(day),
                                       'hour_from': hour_from, 'hour_to': hour_to})
                               for day in range(5) for hour_from, hour_to in ((8, 12), (13, 17))],
        })
        cls.env['aftersales.sla.policy'].search([]).write({'active': False})
        cls.env['aftersales.duty.roster'].search([]).unlink()
        cls.policy = cls.env['aftersales.sla.policy'].create({
            'name': 'Test policy', 'calendar_id': cls.calendar.id, 'tz': 'Asia/Shanghai',
            'response_hours': 2, 'resolution_hours': 16})
        cls.type_repair = cls.env.ref('aftersales_service.ticket_type_repair')
        cls.type_inquiry = cls.env.ref('aftersales_service.ticket_type_inquiry')
        cls.type_complaint = cls.env.ref('aftersales_service.ticket_type_complaint')
        cls.type_suggestion = cls.env.ref('aftersales_service.ticket_type_suggestion')
        cls.stage_new = cls.env.ref('aftersales_service.ticket_stage_new')
        cls.stage_progress = cls.env.ref('aftersales_service.ticket_stage_progress')
        cls.stage_waiting = cls.env.ref('aftersales_service.ticket_stage_waiting')
        cls.stage_solved = cls.env.ref('aftersales_service.ticket_stage_solved')
        cls.stage_closed = cls.env.ref('aftersales_service.ticket_stage_closed')

    @classmethod
    def _create_user(cls, login, group):
        return cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login, 'email': '%s@test.example.com' % login,
            'groups_id': [(6, 0, [cls.env.ref('aftersales_service.%s' % group).id])],
        })

    def _ticket(self, **values):
        vals = {'title': 'Projector shows no image', 'partner_id': self.customer.id,
                'site_id': self.site_a.id, 'equipment_id': self.projector_a.id,
                'type_id': self.type_repair.id, 'channel': 'phone'}
        vals.update(values)
        return self.env['aftersales.ticket'].create(vals)

    @staticmethod
    def _plan_sla(ticket, start):
        """Plan the SLA of ``ticket`` again as if it had been received at ``start``."""
        ticket.write(ticket._sla_values(ticket.type_id, ticket.priority, ticket.criticality, ticket.company_id, start))

    @staticmethod
    def utc(local_string):
        """A Shanghai wall-clock time 'YYYY-MM-DD HH:MM' as naive UTC."""
        return datetime.strptime(local_string, '%Y-%m-%d %H:%M') - timedelta(hours=8)


def pdf_pages_text(pdf):
    """The text of each page of ``pdf``, as pdftotext lays it out."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        text = subprocess.check_output(['pdftotext', '-layout', '-enc', 'UTF-8', pdf_file.name, '-'],
                                       timeout=60).decode('utf-8')
    pages = text.split('\f')
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_image_sizes(pdf):
    """The (width, height) in pixels of each image drawn in ``pdf`` (pdfimages -list)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        listing = subprocess.check_output(['pdfimages', '-list', pdf_file.name], timeout=60).decode('utf-8')
    # two header lines; then: page num type width height ...
    return [tuple(int(value) for value in line.split()[3:5]) for line in listing.splitlines()[2:]]


class TestCursorMixin(object):
    """For an ``HttpCase``: the test works in the test cursor the HTTP server
    uses (Odoo 11's ``HttpCase`` gives the test a cursor of its own, whose
    records the server cannot see). The test holds the cursor's lock: run
    what makes the server work (a browser, wkhtmltopdf) in ``released()``.
    """

    def setUp(self):
        super(TestCursorMixin, self).setUp()
        own_cr, own_env = self.cr, self.env
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.own_env = own_env

        @self.addCleanup
        def restore():
            self.cr.release()
            self.cr, self.env = own_cr, own_env

    @contextmanager
    def released(self):
        """Let the server use the test cursor meanwhile; what it wrote is
        read afresh afterwards."""
        self.cr.commit()  # pylint: disable=invalid-commit  (a TestCursor: a savepoint)
        self.cr.release()
        try:
            yield
        finally:
            self.cr.acquire()
            self.env.cache.invalidate()


class PdfReportMixin(TestCursorMixin):
    """For an ``HttpCase``: print QWeb reports through the real wkhtmltopdf.

    ``render_qweb_pdf`` returns HTML under tests (``test_enable``, and the
    test cursor that would deadlock wkhtmltopdf's stylesheet requests), so
    :meth:`render_pdf` does what it does in two steps: render and split the
    HTML in the test cursor, then run wkhtmltopdf while the server answers
    its requests.
    """

    def render_pdf(self, report_xmlid, records, data=None):
        base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        self.env['ir.config_parameter'].set_param('report.url', base_url)
        report = self.env.ref(report_xmlid).with_context(debug=False)
        html = report.render_qweb_html(records.ids, data=data)[0].decode('utf-8')
        bodies, html_ids, header, footer, paperformat_args = report._prepare_html(html)
        with self.released():
            # the report action is committed data: read it from the test's own cursor
            report = self.own_env.ref(report_xmlid).with_context(debug=False)
            pdf = report._run_wkhtmltopdf(bodies, header=header, footer=footer,
                                          specific_paperformat_args=paperformat_args)
            pdf = report._post_pdf({}, pdf_content=pdf, res_ids=html_ids)
        self.assertTrue(pdf.startswith(b'%PDF-'), pdf[:20])
        return pdf


class VisitDataMixin(object):
    """Records of a repair visit, created in ``self.env``."""

    def setup_visit_data(self):
        """An engineer, a customer with a site and a projector, a repair ticket."""
        self.env = self.env(context=dict(self.env.context, tracking_disable=True, aftersales_no_ack=True))
        self.engineer = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Engineer Lin', 'login': 'r_field', 'email': 'r_field@test.example.com',
            'password': 'r_field',
            'groups_id': [(6, 0, [self.env.ref('aftersales_service.group_aftersales_field').id])]})
        Partner = self.env['res.partner']
        self.customer = Partner.create({'name': 'Lakeside County Bureau', 'is_company': True})
        self.site = Partner.create({'name': 'Lakeside Primary School', 'parent_id': self.customer.id,
                                    'type': 'other', 'aftersales_is_site': True})
        self.projector = self.env['maintenance.equipment'].create({
            'name': 'Classroom Projector', 'serial_no': 'PRJ-7731', 'aftersales_customer_id': self.customer.id,
            'aftersales_site_id': self.site.id})
        self.ticket = self.env['aftersales.ticket'].create({
            'title': 'Projector shows no image', 'partner_id': self.customer.id, 'site_id': self.site.id,
            'equipment_id': self.projector.id, 'type_id': self.env.ref('aftersales_service.ticket_type_repair').id,
            'channel': 'phone', 'repair_plan': 'Replace lamp module'})

    def visit(self, days=1, hours=2):
        start = datetime.now().replace(microsecond=0) + timedelta(days=days)
        return self.env['aftersales.visit'].create({
            'ticket_id': self.ticket.id, 'user_id': self.engineer.id,
            'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=hours))})

    def done_visit(self, days=1):
        visit = self.visit(days=days)
        visit.action_schedule()
        mine = visit.sudo(self.engineer)
        mine.checklist_line_ids.write({'checked': True})
        mine.action_check_in()
        mine.write({'work_done': '<p>Replaced the lamp module and cleaned the air filter</p>', 'result': 'fixed',
                    'fault_cause': 'Lamp at end of life', 'advice': 'Switch off with the remote, not the mains'})
        mine.action_check_out()
        mine.action_done()
        return visit
