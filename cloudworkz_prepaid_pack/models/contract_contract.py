# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ContractContract(models.Model):
    _inherit = "contract.contract"

    pack_count = fields.Integer(related="commercial_partner_id.pack_count")
    pack_balance = fields.Float(
        related="commercial_partner_id.pack_balance", string="Prepaid Hours Left"
    )
