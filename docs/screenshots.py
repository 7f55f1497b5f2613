#!/usr/bin/env python3
"""Take the screenshots of the user guide from a running demo server.

    python docs/screenshots.py [--url http://localhost:8069] [--db aftersales] [--out docs/images]

Logs in as each demo user (the password is the login), opens the key screens
of the role and saves them as small PNG files in ``docs/images/``; the
printed forms are downloaded through ``/report/pdf/...`` with the user's
session and their first page is converted by ``pdftoppm``. ``make
screenshots`` starts a server on a free port, runs this script and stops the
server. Nothing is changed in the database: the signature pad of the portal
is drawn on but not submitted.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = '/usr/bin/chromium'
# as tests/browser_case.py: Chromium 132+ only has the new headless mode
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
]
VIEWPORT = {'width': 1280, 'height': 800}
TIMEOUT = 120 * 1000    # ms; the first page compiles the asset bundles
SETTLE = 1200           # ms left to the web client after the view appears

APP_MENU = 'aftersales_service.aftersales_menu_root'
VIEW_SELECTORS = {
    'list': '.o_content .o_list_view',
    'kanban': '.o_content .o_kanban_view',
    'form': '.o_content .o_form_view',
    'calendar': '.o_content .o_calendar_view',
    'pivot': '.o_content .o_pivot',
    'graph': '.o_content .o_graph',
}

# (file name, what to open). What to open:
#   ('action', action xml id, view type[, record[, tab]])  a view of a window action
#   ('menu', menu xml id)                            an open top menu section
#   ('page', path)                                   a portal page
#   ('sign', record)                                 the portal signature pad, drawn on
#   ('pdf', report name, record)                     page 1 of a printed form
# A record is an xml id, or (model, domain) for the first record found.
NANSHAN_ROUND = ('aftersales.inspection', [
    ('site_id', '=', 'aftersales_service.res_partner_site_nanshan_middle_demo'), ('state', '=', 'done')])
DONGXI_ROUND = ('aftersales.inspection', [
    ('site_id', '=', 'aftersales_service.res_partner_site_dongxi_middle_demo'), ('state', '=', 'done')])
BEILING_RETURN = ('aftersales.defective.return', [
    ('visit_id', '=', 'aftersales_inventory.aftersales_visit_beiling_switch_demo')])
SHOTS = {
    'aftersales_manager': [
        ('manager-menu', ('menu', 'aftersales_service.aftersales_menu_management')),
        ('manager-kpi-dashboard', ('action', 'aftersales_service.aftersales_kpi_dashboard_action', None)),
        ('manager-sla-breaches', ('action', 'aftersales_service.aftersales_ticket_action_breached', 'list')),
        ('manager-complaint', ('action', 'aftersales_service.aftersales_ticket_action_complaints', 'form',
                               'aftersales_service.aftersales_ticket_nanshan_complaint_demo')),
        ('manager-rectification', ('action', 'aftersales_service.aftersales_rectification_action_to_approve',
                                   'form', 'aftersales_service.aftersales_rectification_village_projectors_demo')),
        ('manager-upgrade-proposals', ('action', 'aftersales_service.aftersales_inspection_line_action_proposals',
                                       'list')),
        ('manager-meeting-minutes', ('action', 'aftersales_service.aftersales_meeting_action', 'form',
                                     'aftersales_service.aftersales_meeting_last_week_demo', 'Minutes')),
        ('manager-service-kpis', ('action', 'aftersales_service.aftersales_ticket_kpi_report_action', None)),
        ('manager-training-plan', ('action', 'aftersales_training.aftersales_training_plan_action', 'form',
                                   'aftersales_training.aftersales_training_plan_term_demo')),
        ('pdf-meeting-minutes', ('pdf', 'aftersales_service.report_aftersales_meeting',
                                 'aftersales_service.aftersales_meeting_last_week_demo')),
    ],
    'aftersales_csr': [
        ('csr-menu', ('menu', 'aftersales_service.aftersales_menu_customer_service')),
        ('csr-intake-kanban', ('action', 'aftersales_service.aftersales_ticket_action_intake', 'kanban')),
        ('csr-intake-list', ('action', 'aftersales_service.aftersales_ticket_action_intake', 'list')),
        ('csr-ticket-form', ('action', 'aftersales_service.aftersales_ticket_action_intake', 'form',
                             'aftersales_service.aftersales_ticket_no2_display_demo')),
        ('csr-callbacks-due', ('action', 'aftersales_service.aftersales_ticket_action_callbacks', 'list')),
        ('csr-complaints', ('action', 'aftersales_service.aftersales_ticket_action_complaints', 'list')),
        ('csr-visit-dispatch', ('action', 'aftersales_service.aftersales_visit_action_dispatch', None)),
        ('csr-overdue-rounds', ('action', 'aftersales_service.aftersales_inspection_action_overdue', 'list')),
        ('pdf-ticket', ('pdf', 'aftersales_service.report_aftersales_ticket',
                        'aftersales_service.aftersales_ticket_no2_broadcast_demo')),
    ],
    'aftersales_field': [
        ('field-menu', ('menu', 'aftersales_service.aftersales_menu_field_service')),
        ('field-my-visits', ('action', 'aftersales_service.aftersales_visit_action_my', 'list')),
        ('field-visit-signed', ('action', 'aftersales_service.aftersales_visit_action_my', 'form',
                                'aftersales_inventory.aftersales_visit_nanshan_broadcast_demo', 'Sign-off')),
        ('field-visit-work-report', ('action', 'aftersales_service.aftersales_visit_action_my', 'form',
                                     'aftersales_inventory.aftersales_visit_nanshan_broadcast_demo', 'Work Report')),
        ('field-requisition-backorder', ('action', 'aftersales_inventory.aftersales_part_requisition_action_my',
                                         'form', 'aftersales_inventory.aftersales_part_requisition_xiba_lamp_demo')),
        ('field-my-rounds', ('action', 'aftersales_service.aftersales_inspection_action_my', 'list')),
        ('field-inspection-round', ('action', 'aftersales_service.aftersales_inspection_action_my', 'form',
                                    DONGXI_ROUND)),
        ('field-my-requisitions', ('action', 'aftersales_inventory.aftersales_part_requisition_action_my', 'list')),
        ('field-van-stock', ('action', 'aftersales_inventory.aftersales_spare_stock_report_action_my_van', None)),
        ('pdf-repair-record', ('pdf', 'aftersales_service.report_aftersales_visit',
                               'aftersales_inventory.aftersales_visit_nanshan_broadcast_demo')),
        ('pdf-inspection-record', ('pdf', 'aftersales_service.report_aftersales_inspection', NANSHAN_ROUND)),
    ],
    'aftersales_tech': [
        ('tech-menu', ('menu', 'aftersales_service.aftersales_menu_technical_support')),
        ('tech-escalations', ('action', 'aftersales_service.aftersales_ticket_action_escalated', 'list')),
        ('tech-ticket-escalated', ('action', 'aftersales_service.aftersales_ticket_action_escalated', 'form',
                                   'aftersales_service.aftersales_ticket_no2_broadcast_demo')),
        ('tech-fault-analysis', ('action', 'aftersales_service.aftersales_fault_analysis_action', 'form',
                                 'aftersales_service.aftersales_fault_analysis_xiba_lamp_demo')),
        ('tech-inspection-plan', ('action', 'aftersales_service.aftersales_inspection_plan_action', 'form',
                                  'aftersales_service.aftersales_inspection_plan_south_demo')),
        ('tech-meeting-agenda', ('action', 'aftersales_service.aftersales_meeting_action', 'form',
                                 'aftersales_service.aftersales_meeting_this_week_demo')),
        ('tech-training-session', ('action', 'aftersales_training.aftersales_training_session_action', 'form',
                                   'aftersales_training.aftersales_training_session_no1_commissioning_demo')),
        ('tech-knowledge-matrix', ('action', 'aftersales_training.aftersales_training_knowledge_action', None)),
        ('tech-presales', ('action', 'aftersales_presales.aftersales_presales_request_action', 'list')),
        ('pdf-fault-analysis', ('pdf', 'aftersales_service.report_aftersales_fault_analysis',
                                'aftersales_service.aftersales_fault_analysis_xiba_lamp_demo')),
        ('pdf-attendance-sheet', ('pdf', 'aftersales_training.report_aftersales_training_attendance_sheet',
                                  'aftersales_training.aftersales_training_session_no1_commissioning_demo')),
        ('pdf-training-certificate', ('pdf', 'aftersales_training.report_aftersales_training_certificate',
                                      'aftersales_training.aftersales_training_attendance_no1_liu_demo')),
    ],
    'aftersales_parts': [
        ('parts-menu', ('menu', 'aftersales_service.aftersales_menu_spare_parts')),
        ('parts-requisitions', ('action', 'aftersales_inventory.aftersales_part_requisition_action', 'list')),
        ('parts-requisition-to-approve', ('action', 'aftersales_inventory.aftersales_part_requisition_action',
                                          'form', 'aftersales_inventory.aftersales_part_requisition_power_board_demo')),
        ('parts-defective-returns', ('action', 'aftersales_inventory.aftersales_defective_return_action', 'list')),
        ('parts-stock-rules', ('action', 'aftersales_inventory.aftersales_orderpoint_action', 'list')),
        ('parts-spare-parts', ('action', 'aftersales_inventory.aftersales_spare_part_action', None)),
        ('pdf-requisition-slip', ('pdf', 'aftersales_inventory.report_aftersales_part_requisition',
                                  'aftersales_inventory.aftersales_part_requisition_van_fans_demo')),
        ('pdf-defective-return', ('pdf', 'aftersales_inventory.report_aftersales_defective_return', BEILING_RETURN)),
    ],
    'aftersales_portal': [
        ('portal-home', ('page', '/my/home')),
        ('portal-tickets', ('page', '/my/tickets')),
        ('portal-ticket', ('page', 'aftersales_service.aftersales_ticket_no1_broadcast_demo')),
        ('portal-new-request', ('page', '/my/tickets/new')),
        ('portal-visits-to-sign', ('page', '/my/visits?filterby=to_sign')),
        ('portal-visit-sign', ('sign', 'aftersales_service.aftersales_visit_no1_broadcast_demo')),
        ('portal-equipment', ('page', '/my/equipment')),
        ('portal-certificates', ('page', '/my/certificates')),
    ],
    'admin': [
        ('admin-user-roles', ('action', 'base.action_res_users', 'form',
                              'aftersales_service.user_aftersales_field_demo', 'After-Sales')),
        ('admin-sla-policies', ('action', 'aftersales_service.aftersales_sla_policy_action', 'list')),
        ('admin-duty-roster', ('action', 'aftersales_service.aftersales_duty_roster_action', None)),
        ('admin-checklist-template', ('action', 'aftersales_service.aftersales_checklist_template_action', 'form',
                                      'aftersales_service.aftersales_checklist_template_school_demo')),
        ('admin-spare-parts-locations', ('action', 'aftersales_inventory.aftersales_inventory_setup_action', None)),
        ('admin-training-settings', ('action', 'aftersales_training.aftersales_training_config_settings_action',
                                     None)),
    ],
}


class Shooter(object):

    def __init__(self, url, db, out):
        self.url = url.rstrip('/')
        self.db = db
        self.out = out
        self.ids = {}
        self.tmp = tempfile.mkdtemp(prefix='aftersales-shots-')
        self.playwright = sync_playwright().start()
        self.errors = []

    def close(self):
        self.playwright.stop()
        shutil.rmtree(self.tmp, True)

    # ------------------------------------------------------------------
    # sessions
    # ------------------------------------------------------------------

    def open_session(self, login):
        profile = tempfile.mkdtemp(dir=self.tmp)
        context = self.playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=False, args=CHROMIUM_ARGS, viewport=VIEWPORT,
            locale='en-US')
        context.set_default_timeout(TIMEOUT)
        context.set_default_navigation_timeout(TIMEOUT)
        page = context.new_page()
        page.on('pageerror', lambda error: self.errors.append('%s: page error %s' % (login, error)))
        response = page.goto('%s/web/login?db=%s' % (self.url, self.db))
        if response.status != 200:
            raise SystemExit('%s/web/login answers %s' % (self.url, response.status))
        page.fill('input[name="login"]', login)
        page.fill('input[name="password"]', login if login != 'admin' else 'admin')
        # the login answer is a page whose script then loads /web or /my
        with page.expect_navigation(url=re.compile(r'/(web|my)(\?|#|$)'), timeout=TIMEOUT):
            page.click('form.oe_login_form button[type="submit"]')
        return context, page

    def rpc(self, page, model, method, args, kwargs=None):
        payload = {'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': {
            'model': model, 'method': method, 'args': args, 'kwargs': kwargs or {}}}
        response = page.request.post('%s/web/dataset/call_kw/%s/%s' % (self.url, model, method),
                                     data=json.dumps(payload), headers={'Content-Type': 'application/json'})
        answer = response.json()
        if answer.get('error'):
            raise SystemExit('%s.%s: %s' % (model, method, answer['error']['data']['message']))
        return answer['result']

    def resolve(self, page):
        """The database ids of every xml id and record the shots use (as admin)."""
        xmlids = set()
        for shots in SHOTS.values():
            for _name, target in shots:
                for value in target[1:]:
                    if isinstance(value, str) and re.match(r'^\w+\.\w+$', value) and '/' not in value:
                        xmlids.add(value)
                    elif isinstance(value, tuple):
                        xmlids.update(v for _f, _o, v in value[1] if isinstance(v, str) and '.' in v)
        for xmlid in sorted(xmlids):
            self.ids[xmlid] = self.rpc(page, 'ir.model.data', 'xmlid_to_res_id', [xmlid])
        for shots in SHOTS.values():
            for _name, target in shots:
                for value in target[1:]:
                    if isinstance(value, tuple):
                        model, domain = value
                        domain = [(f, o, self.ids.get(v, v)) for f, o, v in domain]
                        found = self.rpc(page, model, 'search', [domain], {'limit': 1})
                        self.ids[repr(value)] = found and found[0]
        self.ids[APP_MENU] = self.rpc(page, 'ir.model.data', 'xmlid_to_res_id', [APP_MENU])

    def record_id(self, ref):
        record_id = self.ids.get(ref if isinstance(ref, str) else repr(ref))
        if not record_id:
            raise SystemExit('record not found in the demo: %s' % (ref,))
        return record_id

    # ------------------------------------------------------------------
    # shots
    # ------------------------------------------------------------------

    def shoot(self, page, name, target):
        kind = target[0]
        path = os.path.join(self.out, '%s.png' % name)
        if kind == 'pdf':
            return self.shoot_pdf(page, path, target[1], self.record_id(target[2]))
        if kind == 'action':
            self.open_action(page, *target[1:])
        elif kind == 'menu':
            self.open_menu(page, target[1])
        elif kind == 'page':
            self.open_page(page, target[1])
        elif kind == 'sign':
            self.open_sign(page, self.record_id(target[1]))
        page.screenshot(path=path)
        optimise(path)
        return path

    def settle(self, page):
        page.wait_for_function("() => !document.querySelector('.o_loading') || "
                               "getComputedStyle(document.querySelector('.o_loading')).display === 'none'")
        page.wait_for_timeout(SETTLE)
        # no open date picker, autocomplete or onboarding tip (web_tour)
        page.add_style_tag(content='.bootstrap-datetimepicker-widget, .ui-autocomplete, .o_tooltip '
                                   '{display: none !important}')
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(300)

    def open_action(self, page, action, view_type, record=None, tab=None):
        fragment = 'action=%d' % self.record_id(action)
        if record:
            fragment += '&id=%d&view_type=form' % self.record_id(record)
        elif view_type:
            fragment += '&view_type=%s' % view_type
        page.goto('%s/web?#%s' % (self.url, fragment))
        page.reload()
        # no view type: the action's first view, or its dialog (a wizard)
        selector = VIEW_SELECTORS[view_type] if view_type else \
            '.o_content > *:visible, .modal-dialog .o_form_view:visible'
        page.wait_for_selector(selector, state='visible')
        if tab:
            # a tab of the form's notebook, or else a separator to scroll to
            tabs = page.locator('.o_notebook .nav-tabs a', has_text=tab)
            if tabs.count():
                tabs.first.click()
            else:
                page.locator('.o_horizontal_separator', has_text=tab).first.evaluate(
                    "element => element.scrollIntoView({block: 'start'})")
        self.settle(page)

    def open_menu(self, page, menu_xmlid):
        """The After-Sales app: the left menu shows the sections of the role,
        scrolled to ``menu_xmlid``."""
        page.goto('%s/web?#menu_id=%d' % (self.url, self.ids[APP_MENU]))
        page.reload()
        page.wait_for_selector('.o_content > *', state='visible')
        self.settle(page)
        section = page.locator('.oe_secondary_menu_section[data-menu-xmlid="%s"]' % menu_xmlid)
        if section.count():
            section.first.scroll_into_view_if_needed()

    def open_page(self, page, path):
        if not path.startswith('/'):
            path = '/my/tickets/%d' % self.record_id(path)
        response = page.goto(self.url + path)
        if response.status != 200:
            raise SystemExit('%s answers %s' % (path, response.status))
        page.wait_for_load_state('load')
        page.wait_for_timeout(800)

    def open_sign(self, page, visit_id):
        self.open_page(page, '/my/visits/%d' % visit_id)
        canvas = page.locator('canvas').first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        mouse = page.mouse
        mouse.move(box['x'] + 20, box['y'] + box['height'] * 0.6)
        mouse.down()
        for step in range(1, 13):
            mouse.move(box['x'] + 20 + step * 22, box['y'] + box['height'] * (0.6 - 0.08 * (step % 4)), steps=3)
        mouse.up()
        for field, value in (('partner_name', 'Liu Yang'), ('signer_role', 'Teacher in charge of the equipment')):
            box = page.locator('input[name="%s"]' % field)
            if box.count() and not box.first.input_value():
                box.first.fill(value)
        page.wait_for_timeout(300)

    def shoot_pdf(self, page, path, report, record_id):
        response = page.request.get('%s/report/pdf/%s/%d' % (self.url, report, record_id))
        body = response.body()
        if response.status != 200 or not body.startswith(b'%PDF'):
            raise SystemExit('%s/%d: no PDF (HTTP %s)' % (report, record_id, response.status))
        pdf = os.path.join(self.tmp, 'report.pdf')
        with open(pdf, 'wb') as handle:
            handle.write(body)
        subprocess.check_call(['pdftoppm', '-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf,
                               path[:-len('.png')]])
        optimise(path)
        return path

    def run(self, roles):
        context, page = self.open_session('admin')
        try:
            self.resolve(page)
        finally:
            context.close()
        for login in roles:
            context, page = self.open_session(login)
            try:
                for name, target in SHOTS[login]:
                    path = self.shoot(page, name, target)
                    print('%-34s %6.1f kB' % (os.path.relpath(path), os.path.getsize(path) / 1024.0))
            finally:
                context.close()


def optimise(path):
    """256 colours are plenty for a screen of the web client."""
    image = Image.open(path).convert('RGB')
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--url', default='http://localhost:8069', help='the demo server (default: %(default)s)')
    parser.add_argument('--db', default='aftersales', help='its database (default: %(default)s)')
    parser.add_argument('--out', default=os.path.join(here, 'images'), help='where the PNG files go')
    parser.add_argument('roles', nargs='*', metavar='login',
                        help='only these logins, among %s (default: all)' % ', '.join(sorted(SHOTS)))
    args = parser.parse_args()
    unknown = set(args.roles) - set(SHOTS)
    if unknown:
        parser.error('no screenshots for %s' % ', '.join(sorted(unknown)))
    os.makedirs(args.out, exist_ok=True)
    shooter = Shooter(args.url, args.db, args.out)
    try:
        shooter.run(args.roles or list(SHOTS))
    finally:
        shooter.close()
    if shooter.errors:
        print('\n'.join(shooter.errors), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
