import base64
import binascii
import json
import os
import re

from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import consteq, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal, get_records_pager
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_ID = 2 ** 31 - 1
ASCII_ID = re.compile(r'^[0-9]{1,10}$')
OPEN_STATES = ('new', 'progress', 'waiting')
PORTAL_TYPES = ('repair', 'inquiry', 'complaint', 'suggestion')
PLANNED_VISIT_STATES = ('scheduled', 'on_way', 'on_site')
PAST_VISIT_STATES = ('done', 'followup')
SIGNABLE_VISIT_STATES = ('on_site', 'done', 'followup')
# accepted attachments: extension -> how the content starts (None: plain text)
PDF, ZIP, OLE = (b'%PDF',), (b'PK\x03\x04',), (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1',)
UPLOAD_SIGNATURES = {
    'pdf': PDF,
    'png': (b'\x89PNG\r\n\x1a\n',),
    'jpg': (b'\xff\xd8\xff',),
    'jpeg': (b'\xff\xd8\xff',),
    'gif': (b'GIF87a', b'GIF89a'),
    'txt': None,
    'log': None,
    'csv': None,
    'doc': OLE,
    'xls': OLE,
    'docx': ZIP,
    'xlsx': ZIP,
    'odt': ZIP,
    'ods': ZIP,
}
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_TEXT = 10000


def _token_matches(expected, given):
    """Constant-time comparison of two tokens, whatever characters ``given`` holds."""
    if not expected or not given:
        return False
    return consteq(expected.encode('utf-8'), given.encode('utf-8'))


def _error_text(error):
    return getattr(error, 'name', None) or str(error)


class AftersalesCustomerPortal(CustomerPortal):
    """The customer's service requests, visits and installed equipment.

    Every record is looked up as the user (access rights and record rules)
    first; ``sudo()`` is used only after that check passed, or, for an
    anonymous visitor of a mail link, after a constant-time comparison with
    the record's own access token."""

    _aftersales_max_files = 5
    _aftersales_max_file_mb = 10
    _aftersales_max_total_mb = 25
    # sites and equipment offered in the request form
    _aftersales_max_choices = 500

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _prepare_portal_layout_values(self):
        values = super(AftersalesCustomerPortal, self)._prepare_portal_layout_values()
        commercial = request.env.user.partner_id.commercial_partner_id
        counts = {}
        for key, model, domain in (
                ('aftersales_ticket_count', 'aftersales.ticket', [('commercial_partner_id', '=', commercial.id)]),
                ('aftersales_equipment_count', 'maintenance.equipment',
                 [('aftersales_commercial_partner_id', '=', commercial.id)]),
                ('aftersales_visit_sign_count', 'aftersales.visit',
                 [('commercial_partner_id', '=', commercial.id)] + self._aftersales_to_sign_domain())):
            Model = request.env[model]
            counts[key] = Model.search_count(domain) if Model.check_access_rights(
                'read', raise_exception=False) else 0
        values.update(counts)
        return values

    @staticmethod
    def _aftersales_to_sign_domain():
        return [('is_signed', '=', False), ('state', 'in', SIGNABLE_VISIT_STATES),
                ('work_done', '!=', False), ('result', '!=', False)]

    @staticmethod
    def _aftersales_can_sign(visit):
        return bool(not visit.is_signed and visit.state in SIGNABLE_VISIT_STATES and visit.work_done
                    and visit.result)

    def _aftersales_record(self, model, record_id, access_token=None):
        """``(record.sudo(), token_mode)`` once the user may read the record
        (access rights and record rules), or, for an anonymous visitor, once
        the record's own access token matched; raises MissingError or
        AccessError otherwise.

        A signed-in user is never let in by a token: the record rules say
        which customer's records he sees, a link of another customer's mail
        does not widen them."""
        if not 0 < record_id <= MAX_ID:
            raise MissingError(_('This document does not exist.'))
        record = request.env[model].browse(record_id)
        record_sudo = record.sudo().exists()
        if not record_sudo:
            raise MissingError(_('This document does not exist.'))
        try:
            record.check_access_rights('read')
            record.check_access_rule('read')
        except AccessError:
            if not request.env.user._is_public() or not _token_matches(record_sudo.access_token, access_token):
                raise
            return record_sudo, True
        return record_sudo, False

    def _aftersales_access(self, model, record_id, access_token=None):
        """``(record.sudo(), token_mode, None)``, or ``(None, False, response)``:
        the login page for an anonymous visitor without a token, a 404 or 403
        page otherwise."""
        try:
            record, token_mode = self._aftersales_record(model, record_id, access_token)
        except (MissingError, AccessError) as error:
            if request.env.user._is_public() and not access_token:
                return None, False, request.redirect('/web/login?%s' % url_encode(
                    {'redirect': request.httprequest.full_path}))
            if isinstance(error, MissingError):
                return None, False, self._aftersales_error(404)
            return None, False, self._aftersales_error(403)
        return record, token_mode, None

    def _aftersales_error(self, status, message=None):
        titles = {
            400: _('This request cannot be processed'),
            403: _('Access denied'),
            404: _('Document not found'),
        }
        messages = {
            400: _('Some information is missing or wrong.'),
            403: _('You do not have access to this document. If you received a link by e-mail, '
                   'open the complete link; otherwise sign in with the account of your company.'),
            404: _('This document does not exist or was removed.'),
        }
        values = {
            'error_status': status,
            'error_title': titles.get(status, titles[400]),
            'error_message': message or messages.get(status, messages[400]),
            'no_breadcrumbs': True,
        }
        return request.render('aftersales_service.portal_aftersales_error', values, status=status)

    @staticmethod
    def _aftersales_json(data, status=200):
        response = request.make_response(json.dumps(data), headers=[('Content-Type', 'application/json')])
        response.status_code = status
        return response

    @staticmethod
    def _aftersales_signature_src(visit):
        signature = visit.signature
        if not signature:
            return False
        if isinstance(signature, bytes):
            signature = signature.decode('ascii')
        return 'data:image/png;base64,%s' % signature

    @staticmethod
    def _aftersales_commercial_partner():
        return request.env.user.partner_id.commercial_partner_id

    def _aftersales_author(self, record, token_mode):
        """Who writes: the user, or the record's contact for an anonymous token visitor."""
        user = request.env.user
        if token_mode and user._is_public():
            return record.sudo()._aftersales_portal_contact()
        return user.partner_id

    def _aftersales_sites(self, commercial, record_id=None):
        """The customer's sites (at most ``_aftersales_max_choices``), or
        the one of id ``record_id`` if it is one of them; searched as the user."""
        return self._aftersales_own('res.partner', [
            ('id', 'child_of', commercial.id), ('aftersales_is_site', '=', True)], record_id)

    def _aftersales_equipment(self, commercial, record_id=None):
        """The customer's installed equipment, like :meth:`_aftersales_sites`."""
        return self._aftersales_own('maintenance.equipment', [
            ('aftersales_commercial_partner_id', '=', commercial.id)], record_id)

    def _aftersales_own(self, model, domain, record_id=None):
        Model = request.env[model]
        if not Model.check_access_rights('read', raise_exception=False):
            return Model
        if record_id is None:
            return Model.search(domain, order='name, id', limit=self._aftersales_max_choices)
        # ASCII digits only: str.isdigit() also accepts superscripts, which int() refuses
        record_id = str(record_id)
        record_id = int(record_id) if ASCII_ID.match(record_id) and int(record_id) <= MAX_ID else 0
        return Model.search(domain + [('id', '=', record_id)]) if record_id else Model

    @staticmethod
    def _aftersales_url(record, token_mode, suffix='', **params):
        """The portal URL of ``record``: with its access token for a visitor who came with one."""
        if token_mode:
            params['access_token'] = record.sudo().access_token
        url = '%s%s' % (record.portal_url, suffix)
        return '%s?%s' % (url, url_encode(params)) if params else url

    def _aftersales_read_uploads(self, files):
        """``([(name, content)], [error messages])`` of the uploaded files."""
        files = [upload for upload in files if upload and upload.filename]
        if len(files) > self._aftersales_max_files:
            return [], [_('You can attach at most %d files to one message.') % self._aftersales_max_files]
        max_bytes = self._aftersales_max_file_mb * 1024 * 1024
        uploads, errors, total = [], [], 0
        for upload in files:
            name = os.path.basename(upload.filename.replace('\\', '/')).strip()[:200] or 'attachment'
            extension = name.rsplit('.', 1)[-1].lower() if '.' in name else ''
            if extension not in UPLOAD_SIGNATURES:
                errors.append(_('%(file)s: this type of file is not accepted. Accepted types: %(types)s.') % {
                    'file': name, 'types': ', '.join(sorted(UPLOAD_SIGNATURES))})
                continue
            content = upload.read(max_bytes + 1)
            if len(content) > max_bytes:
                errors.append(_('%(file)s is larger than %(max)d MB, the limit for one file.') % {
                    'file': name, 'max': self._aftersales_max_file_mb})
                continue
            if not content:
                errors.append(_('%s is empty.') % name)
                continue
            signatures = UPLOAD_SIGNATURES[extension]
            if (b'\x00' in content[:8192]) if signatures is None else not content.startswith(signatures):
                errors.append(_('%s: the content of the file does not match its extension.') % name)
                continue
            total += len(content)
            uploads.append((name, content))
        if total > self._aftersales_max_total_mb * 1024 * 1024:
            errors.append(_('The attached files are larger than %d MB together.') % self._aftersales_max_total_mb)
        return uploads, errors

    def _aftersales_upload_limits(self):
        return {
            'max_files': self._aftersales_max_files,
            'max_file_mb': self._aftersales_max_file_mb,
            'max_total_mb': self._aftersales_max_total_mb,
            'accept': ','.join('.%s' % ext for ext in sorted(UPLOAD_SIGNATURES)),
            'types': ', '.join(sorted(UPLOAD_SIGNATURES)),
        }

    # ------------------------------------------------------------------
    # service requests
    # ------------------------------------------------------------------

    @staticmethod
    def _aftersales_ticket_sortings():
        return {
            'date': {'label': _('Newest'), 'order': 'create_date desc, id desc'},
            'name': {'label': _('Reference'), 'order': 'name desc, id desc'},
            'stage': {'label': _('Status'), 'order': 'stage_id, id desc'},
            'priority': {'label': _('Priority'), 'order': 'priority desc, id desc'},
        }

    @staticmethod
    def _aftersales_ticket_filters():
        return {
            'all': {'label': _('All'), 'domain': []},
            'open': {'label': _('Open'), 'domain': [('stage_state', 'in', OPEN_STATES)]},
            'solved': {'label': _('Solved'), 'domain': [('stage_state', '=', 'solved')]},
            'closed': {'label': _('Closed'), 'domain': [('stage_state', '=', 'closed')]},
        }

    @http.route(['/my/tickets', '/my/tickets/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_aftersales_tickets(self, page=1, sortby=None, filterby=None, ticket_type=None, site=None, **kw):
        Ticket = request.env['aftersales.ticket']
        if not Ticket.check_access_rights('read', raise_exception=False):
            return self._aftersales_error(403)
        values = self._prepare_portal_layout_values()
        commercial = self._aftersales_commercial_partner()
        sortings = self._aftersales_ticket_sortings()
        filters = self._aftersales_ticket_filters()
        sortby = sortby if sortby in sortings else 'date'
        filterby = filterby if filterby in filters else 'all'
        domain = [('commercial_partner_id', '=', commercial.id)] + filters[filterby]['domain']

        types = request.env['aftersales.ticket.type'].search([('code', 'in', PORTAL_TYPES)])
        type_filters = {'all': _('All Types')}
        type_filters.update((ticket_type_rec.code, ticket_type_rec.name) for ticket_type_rec in types)
        if ticket_type in type_filters and ticket_type != 'all':
            domain.append(('type_code', '=', ticket_type))
        else:
            ticket_type = 'all'

        sites = self._aftersales_sites(commercial)
        chosen_site = self._aftersales_sites(commercial, site) if site and site != 'all' else sites[:0]
        site_id = chosen_site.id
        if chosen_site:
            domain.append(('site_id', '=', site_id))
            site = str(site_id)
        else:
            site = 'all'

        count = Ticket.search_count(domain)
        url_args = {'sortby': sortby, 'filterby': filterby, 'ticket_type': ticket_type, 'site': site}
        pager = portal_pager(url='/my/tickets', url_args=url_args, total=count, page=page,
                             step=self._items_per_page)
        tickets = Ticket.search(domain, order=sortings[sortby]['order'], limit=self._items_per_page,
                                offset=pager['offset'])
        request.session['my_aftersales_tickets_history'] = tickets.ids[:100]
        values.update({
            'tickets': tickets.sudo(),
            'page_name': 'aftersales_tickets',
            'pager': pager,
            'default_url': '/my/tickets',
            'searchbar_sortings': sortings,
            'sortby': sortby,
            'searchbar_filters': filters,
            'filterby': filterby,
            'type_filters': type_filters,
            'ticket_type': ticket_type,
            'sites': sites.sudo(),
            'site': site,
            'site_name': chosen_site.sudo().name,
        })
        return request.render('aftersales_service.portal_my_aftersales_tickets', values)

    def _aftersales_ticket_values(self, ticket, token_mode, **kw):
        visits = ticket.visit_ids.filtered(lambda v: v.state not in ('draft', 'cancel'))
        planned = visits.filtered(lambda v: v.state in PLANNED_VISIT_STATES).sorted('planned_start')
        past = (visits - planned).sorted('planned_start', reverse=True)
        rating = ticket.callback_ids.filtered('rated_at')[:1]
        values = {
            'page_name': 'aftersales_ticket',
            'ticket': ticket,
            'planned_visits': planned,
            'past_visits': past,
            'signed_visits': visits.filtered('is_signed'),
            'rating': rating,
            'can_rate': ticket.stage_state in ('solved', 'closed') and not rating,
            'token_mode': token_mode,
            'no_breadcrumbs': token_mode,
            'aftersales_url': lambda record, suffix='', **params: self._aftersales_url(
                record, token_mode, suffix, **params),
            'can_sign': self._aftersales_can_sign,
            'notice': kw.get('notice'),
            'composer_errors': kw.get('composer_errors', []),
            'composer_message': kw.get('composer_message', ''),
            'limits': self._aftersales_upload_limits(),
        }
        if token_mode:
            values['access_token'] = ticket.access_token
        else:
            values.update(get_records_pager(request.session.get('my_aftersales_tickets_history', []), ticket))
        return values

    @http.route(['/my/tickets/<int:ticket_id>'], type='http', auth='public', website=True)
    def portal_aftersales_ticket(self, ticket_id, access_token=None, notice=None, **kw):
        ticket, token_mode, error = self._aftersales_access('aftersales.ticket', ticket_id, access_token)
        if error:
            return error
        notices = {
            'created': _('Thank you: your request is registered. We will contact you shortly.'),
            'rated': _('Thank you for your rating.'),
            'sent': _('Your message is sent.'),
        }
        values = self._aftersales_ticket_values(ticket, token_mode, notice=notices.get(notice))
        return request.render('aftersales_service.portal_aftersales_ticket', values)

    @http.route(['/my/tickets/<int:ticket_id>/message'], type='http', auth='public', methods=['POST'],
                website=True)
    def portal_aftersales_ticket_message(self, ticket_id, access_token=None, message=None, **kw):
        ticket, token_mode, error = self._aftersales_access('aftersales.ticket', ticket_id, access_token)
        if error:
            return error
        text = (message or '').strip()
        uploads, errors = self._aftersales_read_uploads(request.httprequest.files.getlist('attachments'))
        if len(text) > MAX_TEXT:
            errors.append(_('Your message is too long (at most %d characters).') % MAX_TEXT)
        if not text and not uploads and not errors:
            errors.append(_('Write a message or attach a file.'))
        if errors:
            values = self._aftersales_ticket_values(ticket, token_mode, composer_errors=errors,
                                                    composer_message=text)
            return request.render('aftersales_service.portal_aftersales_ticket', values, status=400)
        ticket.with_context(mail_create_nosubscribe=True).message_post(
            body=plaintext2html(text) if text else '', message_type='comment', subtype='mail.mt_comment',
            author_id=self._aftersales_author(ticket, token_mode).id, attachments=uploads)
        return request.redirect(self._aftersales_url(ticket, token_mode, notice='sent') + '#discussion')

    def _aftersales_new_ticket_values(self, post, errors=None):
        commercial = self._aftersales_commercial_partner()
        values = self._prepare_portal_layout_values()
        values.update({
            'page_name': 'aftersales_ticket_new',
            'ticket_types': request.env['aftersales.ticket.type'].search([('code', 'in', PORTAL_TYPES)]),
            'sites': self._aftersales_sites(commercial).sudo(),
            'equipments': self._aftersales_equipment(commercial).sudo(),
            'errors': errors or {},
            'post': post,
            'limits': self._aftersales_upload_limits(),
        })
        return values

    @http.route(['/my/tickets/new'], type='http', auth='user', methods=['GET', 'POST'], website=True)
    def portal_aftersales_ticket_new(self, **post):
        if request.httprequest.method != 'POST':
            prefill = {'ticket_type': post.get('ticket_type') or 'repair', 'site_id': post.get('site_id') or '',
                       'equipment_id': post.get('equipment_id') or ''}
            values = self._aftersales_new_ticket_values(prefill)
            return request.render('aftersales_service.portal_aftersales_ticket_new', values)
        errors, ticket_values, status = self._aftersales_check_new_ticket(post)
        uploads, upload_errors = self._aftersales_read_uploads(request.httprequest.files.getlist('attachments'))
        if upload_errors:
            errors['attachments'] = upload_errors
        ticket = None
        if not errors:
            try:
                with request.env.cr.savepoint():
                    ticket = request.env['aftersales.ticket'].sudo().create(ticket_values)
            except (UserError, ValidationError) as error:
                errors['general'] = [_error_text(error)]
        if errors:
            values = self._aftersales_new_ticket_values(post, errors)
            return request.render('aftersales_service.portal_aftersales_ticket_new', values, status=status)
        if uploads:
            ticket.with_context(mail_create_nosubscribe=True).message_post(
                body=_('Files attached to the request'), message_type='comment', subtype='mail.mt_comment',
                author_id=request.env.user.partner_id.id, attachments=uploads)
        return request.redirect('/my/tickets/%s?notice=created' % ticket.id)

    def _aftersales_check_new_ticket(self, post):
        """``({field: [messages]}, ticket values, HTTP status)`` of the posted
        request form; site and equipment are looked up among the customer's
        own, as the user (403 for a site or equipment of someone else)."""
        errors, status = {}, 400
        user = request.env.user
        commercial = self._aftersales_commercial_partner()
        ticket_type = request.env['aftersales.ticket.type'].search(
            [('code', 'in', PORTAL_TYPES), ('code', '=', post.get('ticket_type') or '')], limit=1)
        if not ticket_type:
            errors['ticket_type'] = [_('Choose the type of your request.')]
        title = (post.get('title') or '').strip()
        if not title:
            errors['title'] = [_('Give your request a subject.')]
        elif len(title) > 200:
            errors['title'] = [_('The subject is too long (at most 200 characters).')]
        description = (post.get('description') or '').strip()
        if not description:
            errors['description'] = [_('Describe your request.')]
        elif len(description) > MAX_TEXT:
            errors['description'] = [_('The description is too long (at most %d characters).') % MAX_TEXT]

        site = equipment = None
        site_param, equipment_param = post.get('site_id') or '', post.get('equipment_id') or ''
        if site_param:
            site = self._aftersales_sites(commercial, site_param)
            if not site:
                errors['site_id'] = [_('Choose one of your sites.')]
                status = 403
        if equipment_param:
            equipment = self._aftersales_equipment(commercial, equipment_param)
            if not equipment:
                errors['equipment_id'] = [_('Choose one of your installed equipment.')]
                status = 403
        if site and equipment and equipment.aftersales_site_id and equipment.aftersales_site_id != site:
            errors['equipment_id'] = [_('%(equipment)s is installed at %(site)s, not at the site you chose.') % {
                'equipment': equipment.name, 'site': equipment.sudo().aftersales_site_id.name}]
        if errors:
            return errors, {}, status
        equipment = equipment.sudo() if equipment else request.env['maintenance.equipment']
        site = site or equipment.aftersales_site_id
        values = {
            'title': title,
            'description': plaintext2html(description),
            'type_id': ticket_type.id,
            'channel': 'portal',
            'partner_id': commercial.id,
            'contact_id': user.partner_id.id,
            'site_id': site.id if site else False,
            'equipment_id': equipment.id,
            'product_id': equipment.aftersales_product_id.id,
            'partner_email': user.partner_id.email,
            'partner_phone': user.partner_id.phone,
            'user_id': False,
            'company_id': user.company_id.id,
        }
        if equipment.aftersales_criticality == 'critical':
            values['priority'] = '1'
        return errors, values, status

    @http.route(['/my/tickets/<int:ticket_id>/rate'], type='http', auth='public', methods=['GET', 'POST'],
                website=True)
    def portal_aftersales_ticket_rate(self, ticket_id, access_token=None, satisfaction=None, comment=None,
                                      resolved=None, **kw):
        ticket, token_mode, error = self._aftersales_access('aftersales.ticket', ticket_id, access_token)
        if error:
            return error
        errors = []
        needs_resolution = not ticket.callback_ids
        if request.httprequest.method == 'POST':
            comment = (comment or '').strip()
            if satisfaction not in ('1', '2', '3', '4', '5'):
                errors.append(_('Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).'))
            if needs_resolution and resolved not in ('yes', 'no'):
                errors.append(_('Tell us whether the problem is solved.'))
            if len(comment) > MAX_TEXT:
                errors.append(_('Your comment is too long (at most %d characters).') % MAX_TEXT)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        ticket._portal_rate(satisfaction, comment, resolved=resolved,
                                            author=self._aftersales_author(ticket, token_mode))
                except (UserError, ValidationError) as rate_error:
                    errors.append(_error_text(rate_error))
                else:
                    return request.redirect(self._aftersales_url(ticket, token_mode, notice='rated'))
        rating = ticket.callback_ids.filtered('rated_at')[:1]
        values = {
            'page_name': 'aftersales_ticket_rate',
            'ticket': ticket,
            'rating': rating,
            'can_rate': ticket.stage_state in ('solved', 'closed') and not rating,
            'needs_resolution': needs_resolution,
            'errors': errors,
            'satisfaction': satisfaction,
            'comment': comment or '',
            'resolved': resolved,
            'token_mode': token_mode,
            'no_breadcrumbs': token_mode,
            'access_token': ticket.access_token if token_mode else None,
            'ticket_url': self._aftersales_url(ticket, token_mode),
            'satisfaction_labels': request.env['aftersales.callback'].fields_get(
                ['satisfaction'])['satisfaction']['selection'],
        }
        return request.render('aftersales_service.portal_aftersales_ticket_rate', values,
                              status=400 if errors else 200)

    # ------------------------------------------------------------------
    # visits
    # ------------------------------------------------------------------

    def _aftersales_visit_filters(self):
        return {
            'all': {'label': _('All'), 'domain': [('state', 'not in', ('draft', 'cancel'))]},
            'to_sign': {'label': _('Awaiting your signature'), 'domain': self._aftersales_to_sign_domain()},
            'planned': {'label': _('Planned'), 'domain': [('state', 'in', PLANNED_VISIT_STATES)]},
            'past': {'label': _('Done'), 'domain': [('state', 'in', PAST_VISIT_STATES)]},
        }

    @http.route(['/my/visits', '/my/visits/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_aftersales_visits(self, page=1, filterby=None, **kw):
        Visit = request.env['aftersales.visit']
        if not Visit.check_access_rights('read', raise_exception=False):
            return self._aftersales_error(403)
        values = self._prepare_portal_layout_values()
        filters = self._aftersales_visit_filters()
        filterby = filterby if filterby in filters else 'all'
        domain = [('commercial_partner_id', '=', self._aftersales_commercial_partner().id)]
        domain += filters[filterby]['domain']
        count = Visit.search_count(domain)
        pager = portal_pager(url='/my/visits', url_args={'filterby': filterby}, total=count, page=page,
                             step=self._items_per_page)
        visits = Visit.search(domain, order='planned_start desc, id desc', limit=self._items_per_page,
                              offset=pager['offset'])
        request.session['my_aftersales_visits_history'] = visits.ids[:100]
        values.update({
            'visits': visits.sudo(),
            'page_name': 'aftersales_visits',
            'pager': pager,
            'default_url': '/my/visits',
            'searchbar_filters': filters,
            'filterby': filterby,
            'can_sign': self._aftersales_can_sign,
            'aftersales_url': lambda record, suffix='': self._aftersales_url(record, False, suffix),
        })
        return request.render('aftersales_service.portal_my_aftersales_visits', values)

    @http.route(['/my/visits/<int:visit_id>'], type='http', auth='public', website=True)
    def portal_aftersales_visit(self, visit_id, access_token=None, **kw):
        visit, token_mode, error = self._aftersales_access('aftersales.visit', visit_id, access_token)
        if error:
            return error
        values = {
            'page_name': 'aftersales_visit',
            'visit': visit,
            'can_sign': self._aftersales_can_sign(visit),
            'token_mode': token_mode,
            'no_breadcrumbs': token_mode,
            'access_token': visit.access_token if token_mode else None,
            'pdf_url': self._aftersales_url(visit, token_mode, '/pdf'),
            'sign_url': '%s/sign' % visit.portal_url,
            'signer_name': self._aftersales_author(visit, token_mode).name,
            'signature_src': self._aftersales_signature_src(visit),
        }
        if not token_mode:
            values.update(get_records_pager(request.session.get('my_aftersales_visits_history', []), visit))
            if visit.ticket_id:
                values['ticket_url'] = visit.ticket_id.portal_url
        return request.render('aftersales_service.portal_aftersales_visit', values)

    @http.route(['/my/visits/<int:visit_id>/sign'], type='http', auth='public', methods=['POST'], website=True)
    def portal_aftersales_visit_sign(self, visit_id, access_token=None, partner_name=None, signer_role=None,
                                     signature=None, **kw):
        """The customer signs the work report (the portal signature widget posts here)."""
        try:
            visit, token_mode = self._aftersales_record('aftersales.visit', visit_id, access_token)
        except MissingError:
            return self._aftersales_json({'error': _('This visit does not exist.')}, 404)
        except AccessError:
            return self._aftersales_json({'error': _('You cannot sign this work report.')}, 403)
        name = (partner_name or '').strip()
        role = (signer_role or '').strip()
        if not name or len(name) > 100 or len(role) > 100:
            return self._aftersales_json({'error': _('Enter your name (at most 100 characters).')}, 400)
        try:
            image = base64.b64decode(signature or '', validate=True)
        except (binascii.Error, ValueError):
            image = b''
        if not image.startswith(PNG_SIGNATURE) or len(image) > MAX_SIGNATURE_BYTES:
            return self._aftersales_json({'error': _('Draw your signature in the box.')}, 400)
        if not self._aftersales_can_sign(visit):
            message = _('This work report is already signed.') if visit.is_signed else \
                _('This work report cannot be signed yet.')
            return self._aftersales_json({'error': message}, 409)
        try:
            with request.env.cr.savepoint():
                visit.action_sign(base64.b64encode(image), name, role or False)
        except (UserError, ValidationError) as sign_error:
            return self._aftersales_json({'error': _error_text(sign_error)}, 409)
        return self._aftersales_json({
            'success': _('The work report is signed. Thank you!'),
            'redirect_url': self._aftersales_url(visit, token_mode),
        })

    @http.route(['/my/visits/<int:visit_id>/pdf'], type='http', auth='public', website=True)
    def portal_aftersales_visit_pdf(self, visit_id, access_token=None, **kw):
        visit, token_mode, error = self._aftersales_access('aftersales.visit', visit_id, access_token)
        if error:
            return error
        if not visit.is_signed:
            return self._aftersales_error(404, _('The work report of %s is not signed yet.') % visit.name)
        report = request.env.ref('aftersales_service.action_report_aftersales_visit').sudo()
        content, report_format = report.render_qweb_pdf([visit.id])
        if report_format != 'pdf':
            # tests render the HTML version of the report
            return request.make_response(content, headers=[('Content-Type', 'text/html; charset=utf-8')])
        filename = '%s.pdf' % (_('Repair record - %s') % visit.name)
        return request.make_response(content, headers=[
            ('Content-Type', 'application/pdf'), ('Content-Length', len(content)),
            ('Content-Disposition', content_disposition(filename))])

    # ------------------------------------------------------------------
    # installed equipment
    # ------------------------------------------------------------------

    @http.route(['/my/equipment', '/my/equipment/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_aftersales_equipment(self, page=1, site=None, **kw):
        Equipment = request.env['maintenance.equipment']
        if not Equipment.check_access_rights('read', raise_exception=False):
            return self._aftersales_error(403)
        values = self._prepare_portal_layout_values()
        commercial = self._aftersales_commercial_partner()
        domain = [('aftersales_commercial_partner_id', '=', commercial.id)]
        sites = self._aftersales_sites(commercial)
        chosen_site = self._aftersales_sites(commercial, site) if site and site != 'all' else sites[:0]
        site_id = chosen_site.id
        if chosen_site:
            domain.append(('aftersales_site_id', '=', site_id))
            site = str(site_id)
        else:
            site = 'all'
        count = Equipment.search_count(domain)
        pager = portal_pager(url='/my/equipment', url_args={'site': site}, total=count, page=page,
                             step=self._items_per_page)
        equipments = Equipment.search(domain, order='aftersales_site_id, name, id', limit=self._items_per_page,
                                      offset=pager['offset'])
        groups = request.env['aftersales.ticket'].sudo().read_group(
            [('equipment_id', 'in', equipments.ids), ('commercial_partner_id', '=', commercial.id),
             ('stage_state', 'in', OPEN_STATES)], ['equipment_id'], ['equipment_id'])
        values.update({
            'equipments': equipments.sudo(),
            'open_tickets': {group['equipment_id'][0]: group['equipment_id_count'] for group in groups},
            'page_name': 'aftersales_equipment',
            'pager': pager,
            'default_url': '/my/equipment',
            'sites': sites.sudo(),
            'site': site,
            'site_name': chosen_site.sudo().name,
        })
        return request.render('aftersales_service.portal_my_aftersales_equipment', values)
