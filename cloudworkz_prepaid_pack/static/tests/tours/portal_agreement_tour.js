/** @odoo-module **/
/* A customer's IT key user on the portal: their agreement, then a new
   ticket whose category tells them what it will cost before they send it. */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("cloudworkz_portal_agreement_tour", {
    test: true,
    url: "/my",
    steps: () => [
        {
            content: "The customer opens their agreements",
            trigger: "a[href='/my/contracts']",
        },
        {
            content: "and their support agreement",
            trigger: "a.tr_contract_link:contains('Kund AB')",
        },
        {
            content: "The page tells the agreement type",
            trigger: ".o_support_type:contains('First Line + Maintenance')",
            run() {},
        },
        {
            content: "its registered users",
            trigger: ".o_support_registered_users:contains('Karin Nyckel')",
            run() {},
        },
        {
            content: "and its custom code",
            trigger: ".o_support_code_total:contains('1,170')",
            run() {},
        },
        {
            content: "the next invoice as things stand",
            trigger: ".o_support_preview_total:contains('kr')",
            run() {},
        },
        {
            content: "and the prepaid hours left",
            trigger: "#support_packs .o_pack_balance:contains('25:00')",
            run() {},
        },
        {
            content: "The customer asks for support",
            trigger: "a.o_support_new_ticket",
        },
        {
            content: "and chooses a service",
            trigger: "form[action='/submitted/ticket'] select[name='category']",
            run() {
                const select = this.$anchor[0];
                const option = [...select.options].find((opt) =>
                    opt.textContent.includes("Data import")
                );
                select.value = option.value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The form tells the prepaid hours pay for it, before sending",
            trigger:
                ".o_coverage_hint:not(.d-none)[data-coverage='prepaid']:contains('Prepaid: your prepaid hours pay for it (25:00 left)')",
            run() {},
        },
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: "text Meter readings of the new plant",
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "text Please import this year's meter readings.",
        },
        {
            content: "Send the ticket",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
        },
        {
            content: "The ticket says what the form said",
            trigger:
                "[name=portal_ticket_coverage]:contains('Prepaid'):contains('25:00 left')",
            run() {},
        },
    ],
});
