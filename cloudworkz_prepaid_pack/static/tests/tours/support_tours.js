/** @odoo-module **/
/* Tours walked in headless Chromium by the tests: a support agent on a
   ticket, and a customer on the portal. */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("cloudworkz_agent_ticket_tour", {
    test: true,
    steps: () => [
        {
            content: "The ticket tells the agent a pack pays for it",
            trigger:
                ".o_form_view .o_field_widget[name=coverage_display_state]:contains('Prepaid')",
            run() {},
        },
        {
            content: "and how many prepaid hours are left",
            trigger: ".o_form_view .o_field_widget[name=pack_balance]:contains('25:00')",
            run() {},
        },
        {
            content: "Open the Timesheets tab",
            trigger: ".o_notebook .nav-link:contains('Timesheets')",
        },
        {
            content: "Add a time line",
            trigger: ".o_field_widget[name=timesheet_ids] .o_field_x2many_list_row_add a",
        },
        {
            content: "Describe the work",
            trigger:
                ".o_field_widget[name=timesheet_ids] .o_selected_row .o_field_widget[name=name] input",
            run: "text Explained the export price list",
        },
        {
            content: "Log 1:30",
            trigger:
                ".o_field_widget[name=timesheet_ids] .o_selected_row .o_field_widget[name=unit_amount] input",
            run: "text 1:30",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
        },
        {
            content: "The pack balance follows at once",
            trigger: ".o_form_view .o_field_widget[name=pack_balance]:contains('23:30')",
            run() {},
        },
        {
            content: "The reason says what was taken and what is left",
            trigger:
                ".o_form_view .o_field_widget[name=coverage_reason]:contains('1:30 taken, 23:30 left')",
            run() {},
        },
        {
            content: "Open the customer's agreement from the ticket",
            trigger: ".o_field_widget[name=support_agreement_id] .o_external_button",
        },
        {
            content: "The agreement opens, read-only for the agent",
            extra_trigger: ".o_breadcrumb .breadcrumb-item:contains('Export price list')",
            trigger: ".o_form_view .o_field_widget[name=support_type]:contains('On Demand')",
            run() {},
        },
    ],
});

registry.category("web_tour.tours").add("cloudworkz_portal_customer_tour", {
    test: true,
    url: "/my",
    steps: () => [
        {
            content: "The customer opens their tickets",
            trigger: "a[href*='/my/tickets']",
        },
        {
            content: "and the ticket about the price list",
            trigger: "a:contains('Export price list')",
        },
        {
            content: "The ticket says the pack pays for it",
            trigger: "[name=portal_ticket_coverage]:contains('Prepaid'):contains('1:30 taken')",
            run() {},
        },
        {
            content: "Back to the account",
            trigger: "a[href='/my']:first, .breadcrumb a[href='/my/home']",
            run() {
                window.location.href = "/my";
            },
        },
        {
            content: "The customer opens their prepaid packs",
            trigger: "a[href='/my/packs']",
        },
        {
            content: "One pack, with its hours left",
            trigger: "a[href^='/my/packs/']",
        },
        {
            content: "The ledger shows the month of the time and the running balance",
            trigger: "table:contains('Month of Time') td:contains('23:30')",
            run() {},
        },
        {
            content: "A statement can be printed",
            trigger: "a:contains('Consumption statement')[href*='report_type=pdf']",
            run() {},
        },
    ],
});
