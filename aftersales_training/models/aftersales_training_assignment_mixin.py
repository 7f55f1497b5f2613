from odoo import _, fields, models
from odoo.exceptions import ValidationError


class AftersalesTrainingAssignmentMixin(models.AbstractModel):
    """Engineers assigned to work on a product should hold a valid training
    certificate for it: a warning on the form, or a refusal when the company
    blocks uncertified engineers.

    The inheriting model says who is assigned (``_aftersales_training_engineers``),
    on which product (``_aftersales_training_product``), and redefines
    ``_compute_aftersales_training_warning`` with its ``@api.depends``."""
    _name = 'aftersales.training.assignment.mixin'
    _description = 'Certification Check of Assigned Engineers'

    aftersales_training_warning = fields.Text(compute='_compute_aftersales_training_warning',
                                              string='Certification Warning', groups='base.group_user')

    def _compute_aftersales_training_warning(self):
        for record in self:
            record.aftersales_training_warning = '\n'.join(record._aftersales_training_problems()) or False

    def _aftersales_training_engineers(self):
        return self.env['res.users']

    def _aftersales_training_product(self):
        return self.env['product.product']

    def _aftersales_training_problems(self):
        self.ensure_one()
        return self.env['aftersales.training.attendance']._certification_problems(
            self._aftersales_training_engineers(), self._aftersales_training_product())

    def _aftersales_training_onchange_warning(self):
        """The result of an onchange: a warning when an engineer is not certified."""
        problems = self._aftersales_training_problems()
        if not problems:
            return {}
        message = '\n'.join(problems)
        if self._aftersales_training_blocking():
            message += '\n\n' + _('Only certified engineers can be assigned: the change will be refused.')
        return {'warning': {'title': _('Engineer not certified'), 'message': message}}

    def _aftersales_training_blocking(self):
        company = self.company_id or self.env.user.company_id
        return company.aftersales_training_block_uncertified

    def _aftersales_training_check(self):
        """Refuse the assignment when the company blocks uncertified engineers."""
        for record in self:
            if not record._aftersales_training_blocking():
                continue
            problems = record._aftersales_training_problems()
            if problems:
                raise ValidationError(_('%(problems)s\nOnly engineers with a valid training certificate for the '
                                        'product can be assigned (After-Sales Training settings).') % {
                                            'problems': '\n'.join(problems)})
