from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal, get_records_pager
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_ID = 2 ** 31 - 1


class AftersalesTrainingPortal(CustomerPortal):
    """A customer's contacts see the training sessions of their organisation
    and download their own certificates.

    Every record is looked up as the user (access rights and record rules);
    ``sudo()`` is used only to render it once that check passed."""

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _prepare_portal_layout_values(self):
        values = super(AftersalesTrainingPortal, self)._prepare_portal_layout_values()
        Session = request.env['aftersales.training.session']
        Attendance = request.env['aftersales.training.attendance']
        values['aftersales_training_count'] = Session.search_count(self._training_session_domain()) \
            if Session.check_access_rights('read', raise_exception=False) else 0
        values['aftersales_certificate_count'] = Attendance.search_count(self._training_certificate_domain()) \
            if Attendance.check_access_rights('read', raise_exception=False) else 0
        return values

    @staticmethod
    def _training_session_domain():
        commercial = request.env.user.partner_id.commercial_partner_id
        return [('commercial_partner_id', '=', commercial.id), ('state', '!=', 'cancel')]

    @staticmethod
    def _training_certificate_domain():
        return [('partner_id', '=', request.env.user.partner_id.id), ('certificate_number', '!=', False)]

    @staticmethod
    def _training_record(model, record_id):
        """``record.sudo()`` once the user may read the record (access rights
        and record rules); raises MissingError or AccessError otherwise."""
        if not 0 < record_id <= MAX_ID:
            raise MissingError(_('This document does not exist.'))
        record = request.env[model].browse(record_id)
        if not record.sudo().exists():
            raise MissingError(_('This document does not exist.'))
        record.check_access_rights('read')
        record.check_access_rule('read')
        return record.sudo()

    def _training_access(self, model, record_id):
        """``(record.sudo(), None)``, or ``(None, a 404 or 403 page)``."""
        try:
            return self._training_record(model, record_id), None
        except MissingError:
            return None, self._training_error(404)
        except AccessError:
            return None, self._training_error(403)

    def _training_error(self, status):
        titles = {403: _('Access denied'), 404: _('Document not found')}
        messages = {
            403: _('You do not have access to this document. Sign in with the account of your organisation.'),
            404: _('This document does not exist or was removed.'),
        }
        return request.render('aftersales_training.portal_aftersales_training_error', {
            'error_status': status, 'error_title': titles[status], 'error_message': messages[status],
            'no_breadcrumbs': True}, status=status)

    @staticmethod
    def _training_download(content, filename, mimetype):
        return request.make_response(content, headers=[
            ('Content-Type', mimetype), ('Content-Length', len(content)),
            ('Content-Disposition', content_disposition(filename))])

    # ------------------------------------------------------------------
    # training sessions
    # ------------------------------------------------------------------

    @staticmethod
    def _training_filters():
        now = fields.Datetime.now()
        return {
            'all': {'label': _('All'), 'domain': []},
            'upcoming': {'label': _('Upcoming'), 'domain': [('date_start', '>=', now)]},
            'past': {'label': _('Past'), 'domain': [('date_start', '<', now)]},
        }

    @staticmethod
    def _training_sortings():
        return {
            'date': {'label': _('Newest'), 'order': 'date_start desc, id desc'},
            'name': {'label': _('Reference'), 'order': 'name desc, id desc'},
            'kind': {'label': _('Kind'), 'order': 'kind, date_start desc, id desc'},
        }

    @http.route(['/my/trainings', '/my/trainings/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_aftersales_trainings(self, page=1, sortby=None, filterby=None, **kw):
        Session = request.env['aftersales.training.session']
        if not Session.check_access_rights('read', raise_exception=False):
            return self._training_error(403)
        values = self._prepare_portal_layout_values()
        filters, sortings = self._training_filters(), self._training_sortings()
        filterby = filterby if filterby in filters else 'all'
        sortby = sortby if sortby in sortings else 'date'
        domain = self._training_session_domain() + filters[filterby]['domain']
        pager = portal_pager(url='/my/trainings', url_args={'sortby': sortby, 'filterby': filterby},
                             total=Session.search_count(domain), page=page, step=self._items_per_page)
        sessions = Session.search(domain, order=sortings[sortby]['order'], limit=self._items_per_page,
                                  offset=pager['offset'])
        request.session['my_aftersales_trainings_history'] = sessions.ids[:100]
        values.update({
            'sessions': sessions.sudo(),
            'page_name': 'aftersales_trainings',
            'pager': pager,
            'default_url': '/my/trainings',
            'searchbar_filters': filters,
            'filterby': filterby,
            'searchbar_sortings': sortings,
            'sortby': sortby,
        })
        return request.render('aftersales_training.portal_my_aftersales_trainings', values)

    @http.route(['/my/trainings/<int:session_id>'], type='http', auth='user', website=True)
    def portal_aftersales_training(self, session_id, **kw):
        session, error = self._training_access('aftersales.training.session', session_id)
        if error:
            return error
        attendances = request.env['aftersales.training.attendance'].search([
            ('session_id', '=', session.id), ('partner_id', '=', request.env.user.partner_id.id)])
        values = self._prepare_portal_layout_values()
        values.update({
            'session': session,
            'attendances': attendances.sudo(),
            'page_name': 'aftersales_training',
        })
        values.update(get_records_pager(request.session.get('my_aftersales_trainings_history', []), session))
        return request.render('aftersales_training.portal_aftersales_training', values)

    @http.route(['/my/trainings/<int:session_id>/ics'], type='http', auth='user', website=True)
    def portal_aftersales_training_ics(self, session_id, **kw):
        session, error = self._training_access('aftersales.training.session', session_id)
        if error:
            return error
        return self._training_download(session._ics_content(), '%s.ics' % session.name, 'text/calendar')

    # ------------------------------------------------------------------
    # certificates
    # ------------------------------------------------------------------

    @http.route(['/my/certificates', '/my/certificates/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_aftersales_certificates(self, page=1, **kw):
        Attendance = request.env['aftersales.training.attendance']
        if not Attendance.check_access_rights('read', raise_exception=False):
            return self._training_error(403)
        values = self._prepare_portal_layout_values()
        domain = self._training_certificate_domain()
        pager = portal_pager(url='/my/certificates', total=Attendance.search_count(domain), page=page,
                             step=self._items_per_page)
        certificates = Attendance.search(domain, order='certificate_date desc, id desc',
                                         limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'certificates': certificates.sudo(),
            'page_name': 'aftersales_certificates',
            'pager': pager,
            'default_url': '/my/certificates',
            'today': fields.Date.context_today(certificates),
        })
        return request.render('aftersales_training.portal_my_aftersales_certificates', values)

    @http.route(['/my/certificates/<int:attendance_id>/pdf'], type='http', auth='user', website=True)
    def portal_aftersales_certificate_pdf(self, attendance_id, **kw):
        attendance, error = self._training_access('aftersales.training.attendance', attendance_id)
        if error:
            return error
        if not attendance.certificate_number:
            return self._training_error(404)
        report = request.env.ref('aftersales_training.action_report_aftersales_training_certificate').sudo()
        content, report_format = report.render_qweb_pdf([attendance.id])
        if report_format != 'pdf':
            # tests render the HTML version of the report
            return request.make_response(content, headers=[('Content-Type', 'text/html; charset=utf-8')])
        filename = '%s.pdf' % (_('Training certificate - %s') % attendance.certificate_number)
        return self._training_download(content, filename, 'application/pdf')
