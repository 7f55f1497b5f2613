odoo.define('aftersales_service.signature_field', function (require) {
"use strict";

/**
 * widget="aftersales_signature": the customer signs on the screen (mouse,
 * finger or pen) with jSignature, the library the portal's signature form
 * uses; the field keeps the drawing as a base64 PNG.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');
var session = require('web.session');
var utils = require('web.utils');

var _t = core._t;

var FieldSignature = AbstractField.extend({
    className: 'o_field_aftersales_signature',
    supportedFieldTypes: ['binary'],
    events: _.extend({}, AbstractField.prototype.events, {
        'click .o_aftersales_signature_clear': '_onClear',
        'change .o_aftersales_signature_pad': '_onDrawn',
    }),

    _renderReadonly: function () {
        this.$el.empty();
        if (!this.value) {
            return;
        }
        var url = 'data:image/png;base64,' + this.value;
        if (utils.is_bin_size(this.value)) {
            url = session.url('/web/image', {
                model: this.model, id: JSON.stringify(this.res_id), field: this.name,
                unique: (this.recordData.__last_update || '').replace(/[^0-9]/g, ''),
            });
        }
        $('<img>', {src: url, 'class': 'img img-responsive', alt: _t("Signature")}).appendTo(this.$el);
    },

    _renderEdit: function () {
        this.$el.empty();
        this.$pad = $('<div>', {'class': 'o_aftersales_signature_pad'}).appendTo(this.$el);
        $('<button>', {type: 'button', 'class': 'btn btn-sm btn-default o_aftersales_signature_clear',
                       text: _t("Clear")}).appendTo(this.$el);
        // jSignature sizes its canvas from the element: start it once the
        // element is shown (a dialog is attached after its fields rendered)
        this._stopWaiting();
        this.waitTimer = setInterval(this._initPad.bind(this), 100);
    },

    /**
     * Keep the pad (and the drawing) when the change comes from it.
     */
    reset: function (record, event) {
        this._reset(record, event);
        if (event && event.target === this) {
            return $.when();
        }
        return this._render() || $.when();
    },

    destroy: function () {
        this._stopWaiting();
        this._super.apply(this, arguments);
    },

    _stopWaiting: function () {
        clearInterval(this.waitTimer);
        this.waitTimer = null;
    },

    _initPad: function () {
        if (!this.$pad.is(':visible')) {
            return;
        }
        this._stopWaiting();
        this.$pad.jSignature({
            'decor-color': '#D1D0CE', 'color': '#000', 'background-color': '#fff',
            'height': '150px', 'width': '100%',
        });
    },

    _onDrawn: function () {
        // the strokes drawn so far (none after a reset)
        var strokes = this.$pad.jSignature('getData', 'native');
        var image = strokes && strokes.length && this.$pad.jSignature('getData', 'image');
        this._setValue(image ? image[1] : false);
    },

    _onClear: function () {
        this.$pad.jSignature('reset');
        this._setValue(false);
    },
});

fieldRegistry.add('aftersales_signature', FieldSignature);

return FieldSignature;

});
