odoo.define('aftersales_service.portal_visit_sign', function (require) {
    "use strict";

    /**
     * The customer signs a visit's work report with Odoo's portal signature
     * widget (portal.signature_form, as website_quote uses it). Only the
     * submission differs: a form POST with the CSRF token (the route is a
     * CSRF-checked HTTP route) and the signer's role, errors shown inline.
     */
    require('web_editor.ready');
    var base = require('web_editor.base');
    var core = require('web.core');
    var SignatureForm = require('portal.signature_form').SignatureForm;

    var _t = core._t;

    var VisitSignatureForm = SignatureForm.extend({
        submitSign: function (ev) {
            ev.preventDefault();
            var self = this;
            var $button = this.$('.o_portal_sign_submit');
            var name = (this.$('#o_portal_sign_name').val() || '').trim();
            var signature = this.$('#o_portal_signature').jSignature('getData', 'image');
            var isEmpty = signature ? this.empty_sign[1] === signature[1] : true;

            this.$('#o_portal_sign_name').parent().toggleClass('has-error', !name);
            this.$('#o_portal_sign_draw').toggleClass('panel-danger', isEmpty).toggleClass('panel-default', !isEmpty);
            this._showError(false);
            if (isEmpty || !name) {
                this._showError(isEmpty ? _t('Draw your signature in the box.') : _t('Enter your name.'));
                return false;
            }
            $button.prop('disabled', true);
            return $.ajax({
                url: this.options.callUrl,
                type: 'POST',
                dataType: 'json',
                data: {
                    csrf_token: this.options.csrf_token,
                    access_token: this.options.accessToken || '',
                    partner_name: name,
                    signer_role: ($('#o_aftersales_signer_role').val() || '').trim(),
                    signature: signature[1],
                },
            }).then(function (data) {
                self.$el.find('#o_portal_sign_draw').parent().replaceWith(
                    $('<div class="alert alert-success o_aftersales_signed" role="status"/>').text(data.success));
                window.location.href = data.redirect_url;
            }, function (xhr) {
                var data = xhr.responseJSON || {};
                self._showError(data.error || _t('The signature could not be saved: reload the page and try again.'));
                $button.prop('disabled', false);
            });
        },

        _showError: function (message) {
            var $error = this.$('.o_aftersales_sign_error');
            if (!$error.length) {
                $error = $('<div class="alert alert-danger mt16 o_aftersales_sign_error" role="alert"/>');
                // the widget's root element is the form #o_portal_sign_accept
                this.$el.append($error);
            }
            $error.text(message || '').toggleClass('hidden', !message);
        },
    });

    base.ready().then(function () {
        $('.o_aftersales_signature_form').each(function () {
            var $elem = $(this);
            var form = new VisitSignatureForm(null, $elem.data());
            form.appendTo($elem);
        });
    });

    return {
        VisitSignatureForm: VisitSignatureForm,
    };
});
