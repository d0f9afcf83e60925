# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    prepaid_pack_ids = fields.One2many(
        comodel_name="cloudworkz.prepaid.pack",
        inverse_name="sale_order_id",
        string="Prepaid Packs",
    )
    prepaid_pack_count = fields.Integer(compute="_compute_prepaid_pack_count")

    def _compute_prepaid_pack_count(self):
        for order in self:
            order.prepaid_pack_count = len(order.prepaid_pack_ids)

    def _action_confirm(self):
        res = super()._action_confirm()
        for order in self.filtered(lambda o: o.company_id.pack_creation == "confirm"):
            order.order_line._pack_create_missing()
        return res

    def _action_cancel(self):
        # refuses before anything is cancelled when a pack was used
        # sudo: cancelling the order cancels its unused packs (ledger lines)
        self.prepaid_pack_ids.sudo().action_cancel()
        return super()._action_cancel()

    def action_view_prepaid_packs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cloudworkz_prepaid_pack.action_prepaid_pack"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        return action
