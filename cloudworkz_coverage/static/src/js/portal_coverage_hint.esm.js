/** @odoo-module **/
/* The new ticket form shows the coverage hint of the chosen category. */

import publicWidget from "@web/legacy/js/public/public_widget";

publicWidget.registry.CloudworkzCoverageHint = publicWidget.Widget.extend({
    selector: "form[action='/submitted/ticket']",
    events: {
        "change select[name='category']": "_onChangeCategory",
    },

    start() {
        this._showHint();
        return this._super(...arguments);
    },

    _onChangeCategory() {
        this._showHint();
    },

    _showHint() {
        const select = this.el.querySelector("select[name='category']");
        const value = select ? select.value : "";
        for (const hint of this.el.querySelectorAll(".o_coverage_hint")) {
            hint.classList.toggle("d-none", hint.dataset.categoryId !== value);
        }
    },
});
