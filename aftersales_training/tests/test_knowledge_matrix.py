from .common import TrainingCase


class TestKnowledgeMatrix(TrainingCase):
    """The product knowledge matrix on constructed data: engineer x product,
    certified, expiring, expired and missing; coverage per product and
    per engineer."""

    @classmethod
    def setUpClass(cls):
        super(TestKnowledgeMatrix, cls).setUpClass()
        cls.env.user.company_id.aftersales_training_expiry_warning_days = 30
        # the display is installed at a customer, the projector must be known before any installation
        cls.env['maintenance.equipment'].with_context(aftersales_training_no_proposal=True).create({
            'name': 'Installed display', 'aftersales_customer_id': cls.customer.id,
            'aftersales_product_id': cls.display.id})
        cls.projector.aftersales_knowledge_required = True
        cls.unlisted = cls.env['product.product'].create({'name': 'Cable kit', 'type': 'consu'})
        # A: display (valid), projector (expired: 25 months ago, valid 24)
        cls._certify(cls.engineer_a, cls.display)
        cls._certify(cls.engineer_a, cls.projector, days_ago=760)
        # B: display expires in about 20 days (24 months minus 10 days ago); an older, expired one too
        cls._certify(cls.engineer_b, cls.display, days_ago=800)
        cls._certify(cls.engineer_b, cls.display, days_ago=710)
        # the technical engineer: projector through its category-less session, no expiry
        cls._certify(cls.tech, cls.projector | cls.unlisted, validity_months=0)
        # a customer's contact certified on the display is no engineer
        session = cls._session(kind='customer', partner_id=cls.customer.id, evaluation='attendance')
        session.action_confirm()
        cls._attend(session, cls.contact)
        session.action_done()
        cls.engineers = cls.engineer_a | cls.engineer_b | cls.tech | cls.field
        cls.Knowledge = cls.env['aftersales.training.knowledge']

    def _matrix(self):
        rows = self.Knowledge.search([('user_id', 'in', self.engineers.ids),
                                      ('product_id', 'in', (self.display | self.projector | self.unlisted).ids)])
        return {(row.user_id, row.product_id): row for row in rows}

    def test_matrix_states(self):
        matrix = self._matrix()
        self.assertEqual(len(matrix), 8, 'four engineers x the two products serviced')
        states = {key: row.state for key, row in matrix.items()}
        self.assertEqual(states, {
            (self.engineer_a, self.display): 'valid',
            (self.engineer_a, self.projector): 'expired',
            (self.engineer_b, self.display): 'expiring',
            (self.engineer_b, self.projector): 'missing',
            (self.tech, self.display): 'missing',
            (self.tech, self.projector): 'valid',
            (self.field, self.display): 'missing',
            (self.field, self.projector): 'missing',
        })
        row = matrix[(self.engineer_b, self.display)]
        self.assertEqual(row.attendance_id.validity_end, row.validity_end, 'the best certificate is shown')
        self.assertEqual((row.certified_count, row.gap_count, row.expiring_count), (1, 0, 1))
        self.assertFalse(matrix[(self.tech, self.projector)].validity_end)
        self.assertEqual(matrix[(self.engineer_a, self.projector)].gap_count, 1)
        self.assertEqual(matrix[(self.engineer_a, self.display)].categ_id, self.categ)
        # customers' contacts and non-engineers are not in the matrix
        self.assertFalse(self.Knowledge.search([('user_id', 'in', (self.csr | self.parts).ids)]))

    def test_coverage(self):
        by_product = self.Knowledge._coverage_by_product(self.display | self.projector | self.unlisted)
        in_test = self.Knowledge.search_count([('product_id', '=', self.display.id),
                                               ('user_id', 'not in', self.engineers.ids)])
        # display: A and B (expiring still counts); projector: the technical engineer
        self.assertEqual(by_product[self.display.id], (2, 2 + in_test))
        self.assertEqual(by_product[self.projector.id][0], 1)
        self.assertEqual(by_product[self.unlisted.id], (0, 0), 'not serviced: not in the matrix')
        by_engineer = self.Knowledge._coverage_by_engineer(self.engineers)
        others = self.Knowledge.search_count([('user_id', '=', self.field.id)]) - 2
        self.assertEqual(by_engineer[self.engineer_a.id], (1, 1 + others))
        self.assertEqual(by_engineer[self.engineer_b.id], (1, 1 + others))
        self.assertEqual(by_engineer[self.tech.id], (1, 1 + others))
        self.assertEqual(by_engineer[self.field.id], (0, 2 + others))

    def test_new_certificate_closes_the_gap(self):
        self._certify(self.field, self.display | self.projector)
        matrix = self._matrix()
        self.assertEqual(matrix[(self.field, self.display)].state, 'valid')
        self.assertEqual(matrix[(self.field, self.projector)].state, 'valid')

    def test_warning_window_is_a_company_setting(self):
        self.env.user.company_id.aftersales_training_expiry_warning_days = 5
        self.assertEqual(self._matrix()[(self.engineer_b, self.display)].state, 'valid')

    def test_certificate_status_helper(self):
        status = self.Attendance._certificate_status(self.engineers, self.display | self.projector)
        self.assertEqual(status[(self.tech.id, self.projector.id)], True)
        self.assertNotIn((self.field.id, self.display.id), status)
        problems = self.Attendance._certification_problems(self.engineer_a | self.field, self.projector)
        self.assertEqual(len(problems), 2)
        self.assertIn('expired', problems[0])
        self.assertIn('no training certificate', problems[1])

    def test_certificate_check_query_budget(self):
        """The check of a ticket or visit form costs the same whatever the
        number of certificates and engineers."""
        Attendance = self.Attendance
        Attendance._certification_problems(self.engineers, self.display)
        self.env.cache.invalidate()
        with self.assertQueryCount(__system__=15):
            Attendance._certification_problems(self.engineers, self.display)
        for _index in range(3):
            self._certify(self.engineer_a | self.engineer_b | self.field, self.display | self.projector)
        self.env.cache.invalidate()
        with self.assertQueryCount(__system__=15):
            Attendance._certification_problems(self.engineers, self.display)
