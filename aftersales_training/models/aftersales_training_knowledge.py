from odoo import SUPERUSER_ID, api, fields, models, tools

KNOWLEDGE_STATES = [
    ('valid', 'Certified'),
    ('expiring', 'Expiring Soon'),
    ('expired', 'Expired'),
    ('missing', 'Not Trained'),
]


class AftersalesTrainingKnowledge(models.Model):
    """Product knowledge matrix: one row per engineer (field and technical
    engineers; not the superuser) and product serviced (installed at a customer, or flagged on
    the product), with the best certificate the engineer holds for it.

    The status is computed when read, against today's date: a certificate
    expires without any scheduled job."""
    _name = 'aftersales.training.knowledge'
    _description = 'Product Knowledge Matrix'
    _auto = False
    _order = 'user_id, product_id'
    _rec_name = 'product_id'

    user_id = fields.Many2one('res.users', string='Engineer', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    attendance_id = fields.Many2one('aftersales.training.attendance', string='Certificate', readonly=True)
    validity_end = fields.Date(string='Valid Until', readonly=True)
    state = fields.Selection(KNOWLEDGE_STATES, string='Status', readonly=True)
    certified_count = fields.Integer(string='Certified', readonly=True,
                                     help='1 when the engineer holds a valid certificate for the product.')
    gap_count = fields.Integer(string='Gaps', readonly=True,
                               help='1 when the certificate is missing or expired.')
    expiring_count = fields.Integer(string='Expiring', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW aftersales_training_knowledge AS (
                WITH engineers AS (
                    SELECT DISTINCT u.id AS user_id, u.company_id
                      FROM res_users u
                      JOIN res_groups_users_rel rel ON rel.uid = u.id
                      JOIN ir_model_data imd ON imd.res_id = rel.gid AND imd.model = 'res.groups'
                                            AND imd.module = 'aftersales_service'
                                            AND imd.name = 'group_aftersales_field'
                     WHERE u.active AND NOT u.share AND u.id != %s
                ), products AS (
                    SELECT pp.id AS product_id, pt.categ_id
                      FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE pp.active AND (pt.aftersales_knowledge_required OR EXISTS (
                           SELECT 1 FROM maintenance_equipment e
                            WHERE e.aftersales_product_id = pp.id AND e.active))
                ), certificates AS (
                    SELECT a.user_id, cov.product_id,
                           bool_or(a.validity_end IS NULL) AS unlimited,
                           max(a.validity_end) AS validity_end,
                           (array_agg(a.id ORDER BY a.validity_end DESC NULLS FIRST, a.id DESC))[1]
                               AS attendance_id
                      FROM aftersales_training_attendance a
                      JOIN aftersales_training_session_covered_product_rel cov ON cov.session_id = a.session_id
                     WHERE a.user_id IS NOT NULL AND a.certificate_number IS NOT NULL
                     GROUP BY a.user_id, cov.product_id
                ), matrix AS (
                    SELECT e.user_id, e.company_id, p.product_id, p.categ_id, c.attendance_id,
                           CASE WHEN c.unlimited THEN NULL ELSE c.validity_end END AS validity_end,
                           CASE WHEN c.attendance_id IS NULL THEN 'missing'
                                WHEN c.unlimited THEN 'valid'
                                WHEN c.validity_end < CURRENT_DATE THEN 'expired'
                                WHEN c.validity_end < CURRENT_DATE
                                     + COALESCE(company.aftersales_training_expiry_warning_days, 0) THEN 'expiring'
                                ELSE 'valid' END AS state
                      FROM engineers e
                     CROSS JOIN products p
                      LEFT JOIN certificates c ON c.user_id = e.user_id AND c.product_id = p.product_id
                      LEFT JOIN res_company company ON company.id = e.company_id
                )
                SELECT row_number() OVER (ORDER BY m.user_id, m.product_id) AS id,
                       m.user_id, m.company_id, m.product_id, m.categ_id, m.attendance_id, m.validity_end, m.state,
                       CASE WHEN m.state IN ('valid', 'expiring') THEN 1 ELSE 0 END AS certified_count,
                       CASE WHEN m.state IN ('missing', 'expired') THEN 1 ELSE 0 END AS gap_count,
                       CASE WHEN m.state = 'expiring' THEN 1 ELSE 0 END AS expiring_count
                  FROM matrix m
            )""", (SUPERUSER_ID,))

    @api.model
    def _coverage(self, field, records):
        """``{record id: (certified engineers or products, gaps)}``."""
        groups = self.read_group([(field, 'in', records.ids)], [field, 'certified_count', 'gap_count'], [field])
        coverage = {record.id: (0, 0) for record in records}
        for group in groups:
            coverage[group[field][0]] = (group['certified_count'], group['gap_count'])
        return coverage

    @api.model
    def _coverage_by_product(self, products):
        """How many engineers can service each product, and how many cannot."""
        return self._coverage('product_id', products)

    @api.model
    def _coverage_by_engineer(self, users):
        """On how many products each engineer is certified, and on how many not."""
        return self._coverage('user_id', users)
