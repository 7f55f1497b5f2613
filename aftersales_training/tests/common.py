from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.aftersales_service.tests.common import AftersalesCase


def days_from_today(days):
    return fields.Date.to_string(datetime.now().date() + timedelta(days=days))


def datetime_in(days, hour=1):
    """A UTC datetime string ``days`` from today at ``hour`` o'clock."""
    day = datetime.now().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return fields.Datetime.to_string(day)


class TrainingCase(AftersalesCase):
    """The after-sales roles of ``AftersalesCase``, two products, two more
    engineers and helpers to run training sessions."""

    @classmethod
    def setUpClass(cls):
        super(TrainingCase, cls).setUpClass()
        Product = cls.env['product.product']
        cls.categ = cls.env['product.category'].create({'name': 'Test classroom equipment'})
        cls.display = Product.create({'name': 'Test Display 75', 'default_code': 'TD-75', 'categ_id': cls.categ.id,
                                      'type': 'consu'})
        cls.projector = Product.create({'name': 'Test Projector', 'default_code': 'TP-1', 'type': 'consu'})
        cls.engineer_a = cls._create_user('t_engineer_a', 'group_aftersales_field')
        cls.engineer_b = cls._create_user('t_engineer_b', 'group_aftersales_field')
        cls.Session = cls.env['aftersales.training.session']
        cls.Attendance = cls.env['aftersales.training.attendance']

    @classmethod
    def _session(cls, **values):
        vals = {'title': 'Display service training', 'kind': 'internal', 'trainer_user_id': cls.tech.id,
                'date_start': datetime_in(3), 'duration': 4.0, 'product_ids': [(6, 0, cls.display.ids)],
                'validity_months': 24}
        vals.update(values)
        return cls.Session.create(vals)

    @classmethod
    def _attend(cls, session, attendee, state='attended', score=80.0):
        vals = {'session_id': session.id, 'state': state, 'score': score}
        if attendee._name == 'res.users':
            vals['user_id'] = attendee.id
        else:
            vals['partner_id'] = attendee.id
        return cls.Attendance.create(vals)

    @classmethod
    def _certify(cls, users, products, days_ago=1, validity_months=24):
        """A done internal session ``days_ago`` days ago that certified ``users`` on ``products``."""
        session = cls._session(title='Certification on %s' % ', '.join(products.mapped('name')),
                               product_ids=[(6, 0, products.ids)], date_start=datetime_in(-days_ago),
                               validity_months=validity_months)
        session.action_confirm()
        for user in users:
            cls._attend(session, user)
        session.action_done()
        return session
