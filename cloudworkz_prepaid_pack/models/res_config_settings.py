# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pack_creation = fields.Selection(related="company_id.pack_creation", readonly=False)
    pack_alert_type = fields.Selection(
        related="company_id.pack_alert_type", readonly=False
    )
    pack_alert_hours = fields.Float(
        related="company_id.pack_alert_hours", readonly=False
    )
    pack_alert_percent = fields.Float(
        related="company_id.pack_alert_percent", readonly=False
    )
    pack_alert_quotation_product_id = fields.Many2one(
        related="company_id.pack_alert_quotation_product_id", readonly=False
    )
