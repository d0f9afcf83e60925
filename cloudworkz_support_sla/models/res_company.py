# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    support_sla_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Support Team for New Tickets",
        domain="[('company_id', 'in', [False, id])]",
        help="A ticket that arrives without a team (from the portal or by "
        "mail) goes to this team; its service levels count in the team's "
        "working hours. Give it Use SLA.",
    )
    support_sla_risk_hours = fields.Integer(
        string="SLA at Risk (Hours Before)",
        default=1,
        help="A deadline this many hours away or closer puts the ticket at "
        "risk and gives the helpdesk manager an activity.",
    )
