from .common import TrainingCase, days_from_today


class TestCommissioning(TrainingCase):
    """Newly installed equipment of a customer proposes a customer training."""

    def _install(self, name, site=None, days_ago=2, product=None, **values):
        vals = {'name': name, 'aftersales_customer_id': self.customer.id,
                'aftersales_site_id': (site or self.site_a).id,
                'aftersales_product_id': (product or self.display).id,
                'aftersales_install_date': days_from_today(-days_ago), 'technician_user_id': self.tech.id}
        vals.update(values)
        return self.env['maintenance.equipment'].create(vals)

    def _proposals(self):
        return self.Session.search([('kind', '=', 'customer'), ('commercial_partner_id', '=', self.customer.id)])

    def test_new_equipment_proposes_a_customer_training(self):
        display = self._install('Display room 101')
        session = self._proposals()
        self.assertEqual(len(session), 1)
        self.assertEqual((session.state, session.kind, session.partner_id, session.site_id),
                         ('planned', 'customer', self.customer, self.site_a))
        self.assertEqual(session.equipment_ids, display)
        self.assertEqual(session.covered_product_ids, self.display)
        self.assertEqual((session.user_id, session.trainer_user_id), (self.tech, self.tech))
        self.assertGreater(session.date_start, display.aftersales_install_date)
        self.assertEqual(session.activity_ids.user_id, self.tech)
        self.assertEqual(display.aftersales_training_session_ids, session)
        self.assertEqual(display.aftersales_training_count, 1)

        # more equipment on the same site joins the proposal; another site gets its own
        projector = self._install('Projector room 102', product=self.projector)
        self.assertEqual(self._proposals(), session)
        self.assertEqual(session.equipment_ids, display | projector)
        self.assertEqual(session.covered_product_ids, self.display | self.projector)
        self._install('Display B', site=self.site_b)
        self.assertEqual(len(self._proposals()), 2)

    def test_old_or_unowned_equipment_proposes_nothing(self):
        self._install('Old display', days_ago=400)
        self.env['maintenance.equipment'].create({'name': 'Workshop scope',
                                                  'aftersales_install_date': days_from_today(0)})
        self.env['maintenance.equipment'].with_context(aftersales_training_no_proposal=True).create({
            'name': 'Imported display', 'aftersales_customer_id': self.customer.id,
            'aftersales_install_date': days_from_today(-1)})
        self.assertFalse(self._proposals())

    def test_installation_recorded_later(self):
        equipment = self.env['maintenance.equipment'].create({'name': 'Display in stock',
                                                              'aftersales_product_id': self.display.id})
        self.assertFalse(self._proposals())
        equipment.write({'aftersales_customer_id': self.customer.id, 'aftersales_site_id': self.site_b.id,
                         'aftersales_install_date': days_from_today(0)})
        session = self._proposals()
        self.assertEqual(session.site_id, self.site_b)
        equipment.write({'aftersales_install_date': days_from_today(-1)})
        self.assertEqual(self._proposals(), session, 'proposed once')

    def test_a_confirmed_training_is_not_extended(self):
        self._install('Display 1')
        first = self._proposals()
        first.action_confirm()
        self._install('Display 2')
        self.assertEqual(len(self._proposals()), 2)
