# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Cloudworkz Prepaid Support Packs",
    "summary": "Prepaid hour packs sold from Sales, consumed live by "
    "chargeable ticket time, with an exact ledger",
    "version": "17.0.2.2.0",
    "category": "Services/Helpdesk",
    "website": "https://cloudworkz.se",
    "author": "Cloudworkz",
    "license": "AGPL-3",
    "depends": ["cloudworkz_coverage", "sale"],
    "data": [
        "security/pack_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/product_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "report/pack_statement_report.xml",
        "wizards/prepaid_pack_adjust_views.xml",
        "wizards/support_advisor_views.xml",
        "views/prepaid_pack_views.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/contract_contract_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/pack_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "cloudworkz_prepaid_pack/static/tests/tours/*.js",
        ],
    },
}
