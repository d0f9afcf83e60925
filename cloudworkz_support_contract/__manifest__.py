# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Cloudworkz Support Agreements",
    "summary": "On Demand, First Line and Maintenance support agreements "
    "invoiced monthly on top of OCA contracts and helpdesk timesheets",
    "version": "17.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://cloudworkz.se",
    "author": "Cloudworkz",
    "license": "AGPL-3",
    "depends": [
        "contract",
        "product_contract",
        "helpdesk_mgmt_timesheet",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/support_security.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "views/contract_contract_views.xml",
        "views/support_contact_views.xml",
        "views/support_code_module_views.xml",
        "views/support_usage_views.xml",
        "views/support_billing_period_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/account_analytic_line_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/support_code_count_wizard_views.xml",
        "wizards/support_invoice_preview_views.xml",
        "wizards/contract_contract_terminate_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/support_demo.xml"],
}
