import hashlib
import logging
import re
from email.parser import BytesHeaderParser
from xmlrpc import client as xmlrpclib

from odoo import api, models, tools
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

# RFC 3834 and the headers the usual autoresponders add
_AUTO_REPLY_HEADERS = ('X-Autoreply', 'X-Autorespond', 'X-Autoresponse')
_AUTO_PRECEDENCE = ('auto_reply',)
_BULK_PRECEDENCE = ('bulk', 'junk', 'list')
_TEXT_KEYS = ('subject', 'body', 'from', 'to', 'cc', 'email_from', 'message_id')
_AUTO_REPLY_SUBJECT = re.compile(
    r'^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheitsnotiz|'
    r'自动回复|自動回覆|自动答复|不在办公室)\s*[:：]', re.IGNORECASE)


class MailThread(models.AbstractModel):
    """The mail gateway, hardened for the service alias: every mail is
    processed atomically (a failing mail leaves nothing behind, as fetchmail
    commits after each mail, failed or not), a mail without Message-Id gets
    a stable one (processing it twice is a no-op), and automatic mail never
    gets an acknowledgement: auto-replies only add a note to the ticket they
    answer and never open a ticket (no mail ping-pong)."""
    _inherit = 'mail.thread'

    @api.model
    def message_process(self, model, message, custom_values=None, save_original=False, strip_attachments=False,
                        thread_id=None):
        message = self._aftersales_with_message_id(message)
        try:
            with self.env.cr.savepoint():
                return super(MailThread, self).message_process(
                    model, message, custom_values=custom_values, save_original=save_original,
                    strip_attachments=strip_attachments, thread_id=thread_id)
        except Exception:
            # the savepoint is rolled back: forget what the cache knew of it
            self.env.clear()
            raise

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        routes = super(MailThread, self).message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values)
        routes = self._aftersales_alias_routes(message, message_dict, routes)
        loop = self._aftersales_from_own_alias(message)
        if not loop and self._aftersales_automatic_kind(message) != 'reply':
            return routes
        # an auto-reply may only add to the ticket it answers; our own mail coming back, nothing
        kept = [route for route in routes if route[0] != 'aftersales.ticket' or (route[1] and not loop)]
        if len(kept) != len(routes):
            _logger.info('Ignored the %s from %s with Message-Id %s',
                         'mail from our own alias' if loop else 'auto-reply answering no ticket',
                         message_dict.get('email_from'), message_dict.get('message_id'))
        return kept

    @api.model
    def _aftersales_alias_routes(self, message, message_dict, routes):
        """A mail to the service alias only opens or updates service tickets:
        when its In-Reply-To or References point at a message of another
        document (a partner's note, a channel), Odoo would post it there;
        it opens a ticket instead."""
        foreign = [route for route in routes if route[0] != 'aftersales.ticket' and not route[4]]
        if not foreign:
            return routes
        alias = self.env.ref('aftersales_service.mail_alias_aftersales_ticket', raise_if_not_found=False)
        if not alias or not alias.alias_name:
            return routes
        headers = ('Delivered-To', 'To', 'Cc', 'Resent-To', 'Resent-Cc')
        recipients = ','.join(tools.decode_message_header(message, name) for name in headers)
        if alias.alias_name.lower() not in [email.split('@')[0].lower() for email in tools.email_split(recipients)]:
            return routes
        _logger.info('Mail to the service alias with Message-Id %s answers %s: opening a ticket instead',
                     message_dict.get('message_id'), ', '.join('%s,%s' % route[:2] for route in foreign))
        message_dict.pop('parent_id', None)
        route = self.message_route_verify(
            message, message_dict, ('aftersales.ticket', False, safe_eval(alias.alias_defaults or '{}'),
                                    alias.alias_user_id.id or self._uid, alias),
            update_author=True, assert_model=True, create_fallback=True)
        return [item for item in routes if item not in foreign] + ([route] if route else [])

    @api.model
    def message_route_process(self, message, message_dict, routes):
        kind = self._aftersales_automatic_kind(message)
        if not kind or not any(route[0] == 'aftersales.ticket' for route in routes or ()):
            return super(MailThread, self).message_route_process(message, message_dict, routes)
        if kind == 'reply':
            # a note: no follower is notified, nothing goes back to the autoresponder
            message_dict['internal'] = True
        return super(MailThread, self.with_context(aftersales_no_ack=True)).message_route_process(
            message, message_dict, routes)

    @api.model
    def message_parse(self, message, save_original=False):
        msg_dict = super(MailThread, self).message_parse(message, save_original=save_original)
        # PostgreSQL refuses NUL characters in text: drop them from what is stored as text
        for key in _TEXT_KEYS:
            if isinstance(msg_dict.get(key), str):
                msg_dict[key] = msg_dict[key].replace('\x00', '')
        msg_dict['attachments'] = [
            attachment._replace(fname=attachment.fname.replace('\x00', ''))
            if isinstance(attachment.fname, str) else attachment
            for attachment in msg_dict.get('attachments') or []]
        return msg_dict

    @api.model
    def _message_extract_payload(self, message, save_original=False):
        body, attachments = super(MailThread, self)._message_extract_payload(message, save_original=save_original)
        if message.get_content_maintype() == 'multipart' and not message.is_multipart():
            # a broken container (no boundary, or not the declared one): Python keeps
            # its content as one text, that Odoo would drop
            text = tools.ustr(message.get_payload(decode=True) or b'', message.get_content_charset(),
                              errors='replace')
            body = tools.append_content_to_html(body, text, preserve=True)
        return body, attachments

    @api.model
    def _aftersales_automatic_kind(self, message):
        """'reply' for an auto-reply (out of office...), 'bulk' for other
        automatic mail (alarms, lists), False for a mail written by someone."""
        def header(name):
            return (tools.decode_message_header(message, name) or '').strip().lower()

        auto_submitted = header('Auto-Submitted') or 'no'
        precedence = header('Precedence')
        if (auto_submitted.startswith('auto-replied') or precedence in _AUTO_PRECEDENCE
                or any(header(name) for name in _AUTO_REPLY_HEADERS)
                or _AUTO_REPLY_SUBJECT.match(header('Subject'))):
            return 'reply'
        if auto_submitted != 'no' or precedence in _BULK_PRECEDENCE:
            return 'bulk'
        return False

    @api.model
    def _aftersales_from_own_alias(self, message):
        """Whether the mail comes from one of our aliases (a mail loop)."""
        domain = (self.env['ir.config_parameter'].sudo().get_param('mail.catchall.domain') or '').lower()
        if not domain:
            return False
        for address in tools.email_split(tools.decode_message_header(message, 'From')):
            local, _at, host = address.lower().rpartition('@')
            if host == domain and self.env['mail.alias'].sudo().search_count([('alias_name', '=ilike', local)]):
                return True
        return False

    @api.model
    def _aftersales_with_message_id(self, message):
        """The raw mail, with a Message-Id made from its content when it has
        none: Odoo would make a random one, and the same mail fetched twice
        would open two tickets."""
        if isinstance(message, xmlrpclib.Binary):
            message = bytes(message.data)
        if isinstance(message, str):
            message = message.encode('utf-8')
        if BytesHeaderParser().parsebytes(message).get('Message-Id'):
            return message
        eol = b'\r\n' if b'\r\n' in message[:message.find(b'\n') + 1] else b'\n'
        digest = hashlib.sha256(message).hexdigest()
        return b'Message-Id: <%s@aftersales.no-message-id>%s%s' % (digest.encode('ascii'), eol, message)
