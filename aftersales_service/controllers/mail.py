import re

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.mail.controllers.main import MailController
from odoo.addons.portal.controllers.mail import PortalChatter


class AftersalesMailController(MailController):

    @http.route()
    def read_followers(self, follower_ids, res_model):
        """Odoo 11 checks the read access on ``res_model`` records of the
        followers' ids, whatever model the followers are of: with a model
        anyone reads (countries, say) the followers of any document, a
        service ticket of another customer included, were listed. Followers
        must be of ``res_model``."""
        followers = request.env['mail.followers'].sudo().browse(follower_ids).exists()
        if any(follower.res_model != res_model for follower in followers):
            raise AccessError(_('These followers are not followers of %s records.') % res_model)
        return super(AftersalesMailController, self).read_followers(follower_ids, res_model)


class AftersalesPortalChatter(PortalChatter):

    @http.route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        """Odoo 11 answers a post on a document the user may not read with
        a bare '500 Internal Server Error', and a post without Referer
        header too: a 403 or a 400 instead."""
        if res_model not in request.env or not re.match(r'^[0-9]{1,10}$', str(res_id)):
            raise BadRequest()
        if message and not request.httprequest.referrer:
            raise BadRequest()
        try:
            with request.env.cr.savepoint():
                return super(AftersalesPortalChatter, self).portal_chatter_post(res_model, res_id, message, **kw)
        except (AccessError, MissingError):
            raise Forbidden()
