# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Cloudworkz Support Coverage",
    "summary": "Service catalogue and computed coverage of each ticket: "
    "included, guidance only or chargeable",
    "version": "17.0.2.2.0",
    "category": "Services/Helpdesk",
    "website": "https://cloudworkz.se",
    "author": "Cloudworkz",
    "license": "AGPL-3",
    "depends": ["cloudworkz_support_contract"],
    "data": [
        "data/helpdesk_ticket_category_data.xml",
        "data/mail_template_data.xml",
        "report/sale_order_report.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/account_analytic_line_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/coverage_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "cloudworkz_coverage/static/src/js/portal_coverage_hint.esm.js",
        ],
    },
}
