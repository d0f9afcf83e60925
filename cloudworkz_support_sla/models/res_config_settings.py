# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    support_sla_team_id = fields.Many2one(
        related="company_id.support_sla_team_id", readonly=False
    )
    support_sla_risk_hours = fields.Integer(
        related="company_id.support_sla_risk_hours", readonly=False
    )
