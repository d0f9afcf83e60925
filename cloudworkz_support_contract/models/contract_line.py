# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ContractLine(models.Model):
    _inherit = "contract.line"

    support_billing_basis = fields.Selection(
        related="product_id.product_tmpl_id.support_billing_basis",
        string="Agreement Quantity",
    )
    # The quantity of per-user and per-100-lines fees is derived from the
    # agreement, never typed: recomputed when users or code change.
    quantity = fields.Float(
        compute="_compute_quantity",
        store=True,
        readonly=False,
        precompute=True,
        # OCA's default of 1.0 would win over the compute on create
        default=None,
    )

    @api.depends(
        "product_id",
        "contract_id.registered_user_count",
        "contract_id.code_block_count",
    )
    def _compute_quantity(self):
        for line in self:
            basis = line.product_id.product_tmpl_id.support_billing_basis
            if basis == "registered_user":
                line.quantity = line.contract_id.registered_user_count
            elif basis == "code_block":
                line.quantity = line.contract_id.code_block_count
            elif not line.quantity:
                line.quantity = 1.0
