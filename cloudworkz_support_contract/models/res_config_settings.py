# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    support_minimum_minutes = fields.Integer(
        related="company_id.support_minimum_minutes", readonly=False
    )
    support_increment_minutes = fields.Integer(
        related="company_id.support_increment_minutes", readonly=False
    )
    support_hour_product_id = fields.Many2one(
        related="company_id.support_hour_product_id", readonly=False
    )
    support_commitment_months = fields.Integer(
        related="company_id.support_commitment_months", readonly=False
    )
    support_renewal_months = fields.Integer(
        related="company_id.support_renewal_months", readonly=False
    )
    support_notice_months = fields.Integer(
        related="company_id.support_notice_months", readonly=False
    )
    support_renewal_reminder_days = fields.Integer(
        related="company_id.support_renewal_reminder_days", readonly=False
    )
    support_indexation_percent = fields.Float(
        related="company_id.support_indexation_percent", readonly=False
    )
    support_invoice_delivery = fields.Selection(
        related="company_id.support_invoice_delivery", readonly=False
    )
