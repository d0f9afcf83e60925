# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Cloudworkz Support Agreements: Service Levels",
    "summary": "First-response and resolution times per agreement type and "
    "priority, in working hours, on tickets, the portal and a monthly report",
    "version": "17.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://cloudworkz.se",
    "author": "Cloudworkz",
    "license": "AGPL-3",
    "depends": ["cloudworkz_coverage", "helpdesk_mgmt_sla"],
    "data": [
        "security/ir.model.access.csv",
        "security/support_sla_security.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_sla_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/contract_contract_views.xml",
        "views/res_config_settings_views.xml",
        "report/support_sla_report_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/support_sla_demo.xml"],
}
