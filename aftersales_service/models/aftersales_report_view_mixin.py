from collections import OrderedDict

from psycopg2 import sql

from odoo import api, models, tools


class AftersalesReportViewMixin(models.AbstractModel):
    """An analysis model read from an SQL view assembled from named column
    expressions. An addon adds a measure or a dimension with a field of the
    same name and one entry in :meth:`_view_columns`::

        parts_cost = fields.Float(readonly=True, group_operator='avg')

        def _view_columns(self):
            columns = super(AftersalesTicketKpiReport, self)._view_columns()
            columns['parts_cost'] = "(SELECT SUM(p.cost) FROM ... WHERE v.ticket_id = t.id)"
            return columns
    """
    _name = 'aftersales.report.view.mixin'
    _description = 'Service Analysis View'

    def _view_columns(self):
        """An ordered mapping: column name -> SQL expression over :meth:`_view_from`."""
        return OrderedDict()

    def _view_from(self):
        raise NotImplementedError()

    def _view_where(self):
        return ''

    def _view_query(self):
        columns = ',\n'.join('%s AS %s' % (expression, name) for name, expression in self._view_columns().items())
        query = 'SELECT %s\nFROM %s' % (columns, self._view_from())
        where = self._view_where()
        if where:
            query += '\nWHERE %s' % where
        return query

    @api.model_cr
    def init(self):
        if self._name == AftersalesReportViewMixin._name:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the query is assembled from the code's constant expressions only
        self.env.cr.execute(sql.SQL('CREATE VIEW {} AS ({})').format(
            sql.Identifier(self._table), sql.SQL(self._view_query())))
