from odoo import api, fields, models, tools

from .aftersales_training_session import KINDS, SESSION_STATES


class AftersalesTrainingAnalysis(models.Model):
    """Training analysis by product: one row per session and product it
    covers (sessions covering no product have one row without product).
    The hours and attendees of a session covering two products count for
    each of them."""
    _name = 'aftersales.training.analysis'
    _description = 'Training Analysis'
    _auto = False
    _order = 'date_start desc'
    _rec_name = 'session_id'

    session_id = fields.Many2one('aftersales.training.session', string='Training Session', readonly=True)
    plan_id = fields.Many2one('aftersales.training.plan', string='Training Plan', readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    state = fields.Selection(SESSION_STATES, string='Status', readonly=True)
    date_start = fields.Datetime(string='Date', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    trainer_user_id = fields.Many2one('res.users', string='Trainer', readonly=True)
    vendor_id = fields.Many2one('res.partner', string='Vendor', readonly=True)
    commercial_partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    session_count = fields.Integer(string='Sessions', readonly=True)
    hours = fields.Float(readonly=True)
    attendee_count = fields.Integer(string='Attendees', readonly=True)
    attended_count = fields.Integer(string='Attended', readonly=True)
    absent_count = fields.Integer(string='Absent', readonly=True)
    passed_count = fields.Integer(string='Passed', readonly=True)
    attendance_rate = fields.Float(string='Attendance Rate (%)', readonly=True, group_operator='avg')
    pass_rate = fields.Float(string='Pass Rate (%)', readonly=True, group_operator='avg')

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW aftersales_training_analysis AS (
                SELECT row_number() OVER (ORDER BY s.id, cov.product_id) AS id,
                       s.id AS session_id, s.plan_id, s.kind, s.state, s.date_start,
                       cov.product_id, pt.categ_id, s.trainer_user_id, s.vendor_id, s.commercial_partner_id,
                       s.company_id, 1 AS session_count, s.duration AS hours,
                       s.attendee_count, s.attended_count, s.absent_count, s.passed_count,
                       s.attendance_rate, s.pass_rate
                  FROM aftersales_training_session s
                  LEFT JOIN aftersales_training_session_covered_product_rel cov ON cov.session_id = s.id
                  LEFT JOIN product_product pp ON pp.id = cov.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            )""")
