# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coverage_notify_chargeable = fields.Boolean(
        related="company_id.coverage_notify_chargeable", readonly=False
    )
