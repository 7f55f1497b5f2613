"""The expected role matrix of the After-Sales addons, written out by hand.

It is NOT derived from the access files: ``test_security_role_matrix``
checks the access rights, record rules and button methods against it, so
either may be wrong and the test says which cell disagrees.

Roles (columns, in this order):

- ``csr``: Customer Service Representative
- ``field``: Field Service Engineer
- ``tech``: Technical Support Engineer (implies field engineer)
- ``parts``: Spare Parts Manager
- ``manager``: After-Sales Manager (implies every role above)
- ``portal_a``: a portal contact of customer A, who owns the fixtures
- ``portal_b``: a portal contact of customer B
- ``public``: the public (anonymous) user
- ``company2``: an After-Sales Manager of a second company only

Cells: letters of ``crud``: c = create, r = search + read, u = write,
d = unlink, '' = nothing. The fixtures belong to customer A in the main
company; the field engineer is the lead engineer of the fixture visit and
of the requisition, the technical engineer gives the fixture training.
A company-2 user creates records in his own company; a child record of a
company-1 parent (a visit line, a callback...) is company 1's: refused.
"""

ROLES = ('csr', 'field', 'tech', 'parts', 'manager', 'portal_a', 'portal_b', 'public', 'company2')
INTERNAL_ROLES = ('csr', 'field', 'tech', 'parts', 'manager')
ALL_INTERNAL = frozenset(INTERNAL_ROLES)
FIELD_UP = frozenset(('field', 'tech', 'manager'))
TECH_UP = frozenset(('tech', 'manager'))
PARTS_UP = frozenset(('parts', 'manager'))
MANAGER = frozenset(('manager',))
NOBODY = frozenset()

# model: (csr, field, tech, parts, manager, portal_a, portal_b, public, company2)
MATRIX = {
    # --- service desk -----------------------------------------------------
    # CSR takes requests (no deletion: a ticket is the record of a request);
    # field engineers work the tickets (stage, report) but do not open them;
    # the spare parts manager reads them to prepare parts; portal A follows
    # its own; a manager of company 2 opens tickets in company 2 only.
    'aftersales.ticket': ('cru', 'ru', 'cru', 'r', 'crud', 'r', '', '', 'c'),
    # configuration: read by every employee (forms need it), kept by the
    # manager; types and stages are shown on the portal. They have no
    # company: the company-2 manager keeps them too (one department setup).
    'aftersales.ticket.type': ('r', 'r', 'r', 'r', 'crud', 'r', 'r', '', 'crud'),
    'aftersales.ticket.stage': ('r', 'r', 'r', 'r', 'crud', 'r', 'r', '', 'crud'),
    'aftersales.service.area': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'c'),
    'aftersales.sla.policy': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'c'),
    'aftersales.duty.roster': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'c'),
    'aftersales.fault.category': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'crud'),
    'aftersales.inspection.phase': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'crud'),
    'aftersales.export.profile': ('r', 'r', 'r', 'r', 'crud', '', '', '', 'crud'),
    # the CSR makes the callbacks; the others read the result; the customer
    # sees (and rates through the portal routes) its own
    'aftersales.callback': ('cru', 'r', 'r', 'r', 'crud', 'r', '', '', ''),
    # --- visits ---------------------------------------------------------------
    # CSR and technical engineer book visits; the field engineer works his
    # own; the spare parts manager reads them to issue parts
    'aftersales.visit': ('cru', 'ru', 'cru', 'r', 'crud', 'r', '', '', ''),
    'aftersales.visit.checklist.line': ('crud', 'crud', 'crud', 'r', 'crud', '', '', '', ''),
    # check-in/out rows: written by the engineers on site through the buttons
    'aftersales.visit.attendance': ('r', 'cru', 'cru', 'r', 'crud', '', '', '', ''),
    # --- technical support ----------------------------------------------------
    'aftersales.fault.analysis': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    'aftersales.checklist.template': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    'aftersales.checklist.item': ('r', 'r', 'crud', 'r', 'crud', '', '', '', ''),
    'aftersales.inspection.plan': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    'aftersales.inspection.plan.phase': ('r', 'r', 'crud', 'r', 'crud', '', '', '', ''),
    # rounds: generated from the plans (technical engineer); the field
    # engineer fills them in; the CSR books their visit and callback
    'aftersales.inspection': ('ru', 'ru', 'cru', 'r', 'crud', 'r', '', '', 'c'),
    'aftersales.inspection.line': ('r', 'ru', 'ru', 'r', 'crud', '', '', '', ''),
    'aftersales.inspection.check': ('r', 'ru', 'ru', 'r', 'crud', '', '', '', ''),
    # the weekly technical meeting: prepared by the technical engineers,
    # read by the whole department
    'aftersales.meeting': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    'aftersales.meeting.line': ('r', 'r', 'crud', 'r', 'crud', '', '', '', ''),
    'aftersales.meeting.action': ('r', 'r', 'crud', 'r', 'crud', '', '', '', ''),
    'aftersales.rectification': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    # --- analysis (SQL views: read only) ---------------------------------------
    # KPIs are the manager's; the technical engineer prepares the weekly
    # meeting from them
    'aftersales.ticket.kpi.report': ('', '', 'r', '', 'r', '', '', '', ''),
    'aftersales.inspection.kpi.report': ('', '', 'r', '', 'r', '', '', '', ''),
    # equipment has no company in Odoo 11: a reliability row has the company
    # of the equipment's customer (else of its latest ticket), so the
    # company-2 manager does not read the row of the fixture projector,
    # company 1's (multi-company rule)
    'aftersales.equipment.reliability.report': ('', '', 'r', '', 'r', '', '', '', ''),
    'aftersales.product.quality.report': ('', '', 'r', '', 'r', '', '', '', ''),
    # --- spare parts ----------------------------------------------------------
    # the field engineer requests parts for himself; the spare parts
    # manager approves and issues; CSR and technical engineers follow
    # (company 2 cannot request parts for a company-1 visit)
    'aftersales.part.requisition': ('r', 'crud', 'crud', 'crud', 'crud', '', '', '', ''),
    'aftersales.part.requisition.line': ('r', 'crud', 'crud', 'crud', 'crud', '', '', '', ''),
    # parts used on a visit: recorded by its engineers
    'aftersales.visit.part': ('r', 'crud', 'crud', 'r', 'crud', '', '', '', ''),
    # defective parts: brought back by the engineer, received by the spare
    # parts manager (deleting one is the manager's)
    'aftersales.defective.return': ('r', 'cru', 'cru', 'cru', 'crud', '', '', '', 'c'),
    # one row per part and company: the company-2 manager reads his
    # company's rows, not the fixture row (company 1's)
    'aftersales.part.failure.report': ('', '', 'r', 'r', 'r', '', '', '', ''),
    'aftersales.spare.stock.report': ('', 'r', 'r', 'r', 'r', '', '', '', ''),
    # --- training -------------------------------------------------------------
    # plans and sessions by the manager and the technical engineers; read by
    # every employee; the customer sees its trainings and its own attendance
    'aftersales.training.plan': ('r', 'r', 'cru', 'r', 'crud', '', '', '', 'c'),
    'aftersales.training.session': ('r', 'r', 'cru', 'r', 'crud', 'r', '', '', 'c'),
    # attendance: recorded by the trainer (a technical engineer here)
    'aftersales.training.attendance': ('r', 'r', 'crud', 'r', 'crud', 'r', '', '', ''),
    'aftersales.training.knowledge': ('r', 'r', 'r', 'r', 'r', '', '', '', ''),
    'aftersales.training.analysis': ('r', 'r', 'r', 'r', 'r', '', '', '', ''),
    # --- pre-sales (technical engineers support pre-sales) ---------------------
    # (a request belongs to the company of its opportunity: company 1's here)
    'aftersales.presales.request': ('', '', 'cru', '', 'crud', '', '', '', ''),
    'aftersales.presales.interview': ('', '', 'crud', '', 'crud', '', '', '', ''),
    'aftersales.presales.process': ('', '', 'crud', '', 'crud', '', '', '', ''),
    'aftersales.presales.use.case': ('', '', 'crud', '', 'crud', '', '', '', ''),
    'aftersales.presales.solution': ('', '', 'crud', '', 'crud', '', '', '', ''),
    'aftersales.presales.handover': ('', '', 'cru', '', 'crud', '', '', '', ''),
}

# Transient wizards: Odoo 11 gives every user create access on them; the
# table lists the roles that use each one (create is checked for them), the
# security is in the wizard's buttons below.
WIZARDS = {
    'aftersales.ticket.escalate': ('csr', 'field', 'tech', 'manager'),
    'aftersales.visit.sign': ('csr', 'field', 'tech', 'manager'),
    'aftersales.weekly.plan': ('tech', 'manager'),
    'aftersales.xlsx.export': INTERNAL_ROLES,
    'aftersales.kpi.workbook': ('tech', 'manager'),
    'aftersales.kpi.dashboard': ('tech', 'manager'),
    'aftersales.inventory.setup': ('manager',),
    'aftersales.stock.rule.wizard': ('parts', 'manager'),
    'aftersales.stock.rule.wizard.line': ('parts', 'manager'),
}

# Buttons (type="object") of our form views. ``None``: opens a window, a
# wizard or a report, changes nothing (the action it opens is checked on
# its own). Otherwise the roles allowed to press it on the fixture of the
# model (portal, public and company 2 are refused everywhere: company 2
# cannot see company 1's records, but keeps the configuration without a
# company and runs the wizards of his own company).
NAVIGATION = None
BUTTONS = {
    # tickets
    ('aftersales.ticket', 'action_record_callback'): NAVIGATION,
    ('aftersales.ticket', 'action_book_visit'): NAVIGATION,
    ('aftersales.ticket', 'action_escalate'): NAVIGATION,
    ('aftersales.ticket', 'action_visits'): NAVIGATION,
    ('aftersales.ticket', 'action_review_complaint'): MANAGER,
    ('aftersales.ticket', 'action_confirm_diagnosis'): TECH_UP,
    ('aftersales.ticket', 'action_close'): frozenset(('csr', 'field', 'tech', 'manager')),
    ('aftersales.ticket.escalate', 'action_escalate'): frozenset(('csr', 'field', 'tech', 'manager')),
    # visits: the CSR books them; the engineers run their own
    ('aftersales.visit', 'action_schedule'): frozenset(('csr', 'field', 'tech', 'manager')),
    # the CSR, who books the visit, may record on the engineer's phone call
    # that he left, or that the fault cannot be solved on site (escalation)
    ('aftersales.visit', 'action_depart'): FIELD_UP | {'csr'},
    ('aftersales.visit', 'action_check_in'): FIELD_UP,
    ('aftersales.visit', 'action_check_out'): FIELD_UP,
    ('aftersales.visit', 'action_done'): FIELD_UP,
    ('aftersales.visit', 'action_cannot_solve'): FIELD_UP | {'csr'},
    ('aftersales.visit', 'action_cancel'): frozenset(('csr', 'field', 'tech', 'manager')),
    ('aftersales.visit.sign', 'action_sign'): frozenset(('csr', 'field', 'tech', 'manager')),
    # the spare parts manager may prepare the requisition of a visit too
    ('aftersales.visit', 'action_aftersales_request_parts'): FIELD_UP | PARTS_UP,
    ('aftersales.visit', 'action_aftersales_consume_parts'): FIELD_UP,
    ('aftersales.visit', 'action_aftersales_return_unused'): PARTS_UP,
    ('aftersales.visit', 'action_aftersales_view_requisitions'): NAVIGATION,
    ('aftersales.visit', 'action_aftersales_view_defective_returns'): NAVIGATION,
    # configuration (archive / restore)
    ('aftersales.ticket.type', 'toggle_active'): MANAGER | {'company2'},
    ('aftersales.service.area', 'toggle_active'): MANAGER,
    ('aftersales.sla.policy', 'toggle_active'): MANAGER,
    ('aftersales.fault.category', 'toggle_active'): MANAGER | {'company2'},
    ('aftersales.checklist.template', 'toggle_active'): TECH_UP,
    # inspections
    ('aftersales.inspection.plan', 'action_generate_rounds'): TECH_UP,
    ('aftersales.inspection.plan', 'toggle_active'): TECH_UP,
    ('aftersales.inspection.plan', 'action_rounds'): NAVIGATION,
    ('aftersales.inspection', 'action_plan_visit'): frozenset(('csr', 'tech', 'manager')),
    ('aftersales.inspection', 'action_done'): FIELD_UP,
    ('aftersales.inspection', 'action_cancel'): frozenset(('csr', 'tech', 'manager')),
    ('aftersales.inspection', 'action_view_visit'): NAVIGATION,
    ('aftersales.inspection', 'action_view_findings'): NAVIGATION,
    ('aftersales.inspection', 'action_view_tickets'): NAVIGATION,
    # a finding opens a ticket also for the field engineer who found it
    ('aftersales.inspection.line', 'action_create_ticket'): FIELD_UP,
    # an upgrade / replacement proposal is the manager's decision
    ('aftersales.inspection.line', 'action_approve_proposal'): MANAGER,
    ('aftersales.inspection.line', 'action_reject_proposal'): MANAGER,
    # technical meeting
    ('aftersales.meeting', 'action_generate_agenda'): TECH_UP,
    ('aftersales.meeting', 'action_hold'): TECH_UP,
    ('aftersales.meeting', 'action_approve_minutes'): MANAGER,
    ('aftersales.meeting', 'action_reset'): MANAGER,
    ('aftersales.meeting', 'action_print_minutes'): NAVIGATION,
    ('aftersales.meeting', 'action_view_rectifications'): NAVIGATION,
    ('aftersales.meeting.line', 'action_open_record'): NAVIGATION,
    ('aftersales.meeting.line', 'action_add_action_item'): NAVIGATION,
    ('aftersales.meeting.line', 'action_propose_rectification'): NAVIGATION,
    ('aftersales.meeting.action', 'action_done'): TECH_UP,
    ('aftersales.meeting.action', 'action_cancel'): TECH_UP,
    ('aftersales.rectification', 'action_submit'): TECH_UP,
    ('aftersales.rectification', 'action_approve'): MANAGER,
    ('aftersales.rectification', 'action_reject'): MANAGER,
    ('aftersales.rectification', 'action_done'): TECH_UP,
    ('aftersales.rectification', 'action_reset'): TECH_UP,
    # analysis
    ('aftersales.kpi.dashboard', 'action_open_ticket_analysis'): NAVIGATION,
    ('aftersales.kpi.dashboard', 'action_open_inspection_analysis'): NAVIGATION,
    ('aftersales.kpi.dashboard', 'action_open_reliability_analysis'): NAVIGATION,
    ('aftersales.kpi.dashboard', 'action_open_workbook'): NAVIGATION,
    ('aftersales.kpi.workbook', 'action_export'): TECH_UP | {'company2'},
    # a read-only print / export of what the user can read anyway
    # (company 2 gets "nothing planned": company 1's visits are invisible)
    ('aftersales.weekly.plan', 'action_print'): ALL_INTERNAL,
    ('aftersales.xlsx.export', 'action_export'): ALL_INTERNAL | {'company2'},
    # spare parts
    ('aftersales.part.requisition', 'action_submit'): frozenset(('field', 'tech', 'parts', 'manager')),
    ('aftersales.part.requisition', 'action_approve'): PARTS_UP,
    ('aftersales.part.requisition', 'action_issue'): PARTS_UP,
    ('aftersales.part.requisition', 'action_return_unused'): PARTS_UP,
    ('aftersales.part.requisition', 'action_cancel'): frozenset(('field', 'tech', 'parts', 'manager')),
    # a cancelled requisition is reopened by the spare parts manager only
    ('aftersales.part.requisition', 'action_draft'): PARTS_UP,
    ('aftersales.part.requisition', 'action_view_pickings'): NAVIGATION,
    ('aftersales.defective.return', 'action_receive'): PARTS_UP,
    ('aftersales.defective.return', 'action_send_to_vendor'): PARTS_UP,
    ('aftersales.defective.return', 'action_repaired'): PARTS_UP,
    ('aftersales.defective.return', 'action_scrap'): PARTS_UP,
    ('aftersales.defective.return', 'action_vendor_replaced'): PARTS_UP,
    ('aftersales.defective.return', 'action_vendor_credited'): PARTS_UP,
    ('aftersales.defective.return', 'action_cancel'): PARTS_UP,
    # wizards of the user's own company
    ('aftersales.inventory.setup', 'action_apply'): MANAGER | {'company2'},
    ('aftersales.stock.rule.wizard', 'action_apply'): PARTS_UP | {'company2'},
    # a preview of the reorder rules in the wizard, nothing written
    ('aftersales.stock.rule.wizard', 'action_recompute'): ALL_INTERNAL | {'company2'},
    # training
    ('aftersales.training.plan', 'action_submit'): TECH_UP,
    ('aftersales.training.plan', 'action_approve'): MANAGER,
    ('aftersales.training.plan', 'action_refuse'): MANAGER,
    ('aftersales.training.plan', 'action_done'): TECH_UP,
    ('aftersales.training.plan', 'action_cancel'): TECH_UP,
    ('aftersales.training.plan', 'action_draft'): TECH_UP,
    ('aftersales.training.plan', 'action_sessions'): NAVIGATION,
    ('aftersales.training.session', 'action_confirm'): TECH_UP,
    ('aftersales.training.session', 'action_add_staff'): TECH_UP,
    ('aftersales.training.session', 'action_send_invitation'): TECH_UP,
    ('aftersales.training.session', 'action_mark_all_attended'): TECH_UP,
    ('aftersales.training.session', 'action_done'): TECH_UP,
    ('aftersales.training.session', 'action_cancel'): TECH_UP,
    ('aftersales.training.session', 'action_reset'): TECH_UP,
    ('aftersales.training.session', 'action_print_attendance_sheet'): NAVIGATION,
    ('aftersales.training.session', 'action_attendance'): NAVIGATION,
    ('aftersales.training.attendance', 'action_attended'): TECH_UP,
    ('aftersales.training.attendance', 'action_absent'): TECH_UP,
    ('aftersales.training.attendance', 'action_print_certificate'): NAVIGATION,
    # pre-sales
    ('aftersales.presales.request', 'action_decide'): TECH_UP,
    ('aftersales.presales.request', 'action_next_phase'): TECH_UP,
    ('aftersales.presales.request', 'action_create_handover'): TECH_UP,
    ('aftersales.presales.handover', 'action_propose_training'): TECH_UP,
    ('aftersales.presales.interview', 'action_send_minutes'): TECH_UP,
    ('aftersales.presales.interview', 'action_confirm_minutes'): TECH_UP,
    # smart buttons our addons add to other applications' forms
    ('maintenance.equipment', 'action_aftersales_spare_parts'): NAVIGATION,
    ('maintenance.equipment', 'action_aftersales_tickets'): NAVIGATION,
    ('maintenance.equipment', 'action_aftersales_trainings'): NAVIGATION,
    ('res.partner', 'action_aftersales_equipment'): NAVIGATION,
    ('res.partner', 'action_aftersales_tickets'): NAVIGATION,
    ('crm.lead', 'action_view_presales_requests'): NAVIGATION,
}

# Buttons whose refused roles get the UserError of an explicit group check
# (a refusal too) rather than an AccessError.
USER_ERROR_REFUSAL = {
    ('aftersales.ticket', 'action_review_complaint'),
    ('aftersales.ticket', 'action_confirm_diagnosis'),
    ('aftersales.part.requisition', 'action_draft'),
    ('aftersales.rectification', 'action_approve'),
    ('aftersales.rectification', 'action_reject'),
    ('aftersales.weekly.plan', 'action_print'),
}


# (model, button, role): allowed, but the fixture makes the button end in a
# business error (UserError) rather than succeed
BUSINESS_ERROR_OK = {
    # company 2 has no consumption: the wizard proposes no stock rule to apply
    ('aftersales.stock.rule.wizard', 'action_apply', 'company2'),
}

# What the portal shows of the records a customer may read (the portal
# and public users have no form view; internal fields such as the access
# token and the activities are refused to them, rightly).
PORTAL_FIELDS = {
    'aftersales.ticket': ['name', 'title', 'stage_id', 'description', 'partner_id', 'site_id', 'equipment_id',
                          'type_id', 'create_date'],
    'aftersales.ticket.type': ['name', 'code'],
    'aftersales.ticket.stage': ['name', 'state'],
    'aftersales.callback': ['date', 'resolved', 'satisfaction', 'ticket_id'],
    'aftersales.visit': ['name', 'state', 'planned_start', 'planned_end', 'work_done', 'result', 'signed_by',
                         'partner_id', 'site_id', 'ticket_id'],
    'aftersales.inspection': ['name', 'date', 'state', 'partner_id', 'site_id'],
    'aftersales.training.session': ['name', 'title', 'date_start', 'state', 'partner_id'],
    'aftersales.training.attendance': ['partner_id', 'state', 'score', 'certificate_number', 'session_id'],
}


def expected_ops(model, role):
    """The letters of ``crud`` allowed to ``role`` on ``model``."""
    return MATRIX[model][ROLES.index(role)]
