# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cloudworkz_support_contract.tools import MAX_PACK_HOURS

PACK_ALERT_FIELDS = {"pack_alert_type", "pack_alert_hours", "pack_alert_percent"}


class ResCompany(models.Model):
    _inherit = "res.company"

    pack_creation = fields.Selection(
        selection=[
            ("confirm", "When the sale order is confirmed"),
            ("paid", "When its invoice is paid"),
        ],
        string="Create Prepaid Packs",
        default="confirm",
        required=True,
    )
    pack_alert_type = fields.Selection(
        selection=[("hours", "Hours left"), ("percent", "Percent left")],
        string="Low Balance Alert on",
        default="hours",
        required=True,
    )
    pack_alert_hours = fields.Float(string="Alert below (hours)", default=5.0)
    pack_alert_percent = fields.Float(string="Alert below (%)", default=20.0)
    pack_alert_quotation_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Quote a New Pack",
        domain=[("is_support_pack", "=", True)],
        help="When set, a low balance also drafts a quotation for this pack.",
    )

    @api.constrains("pack_alert_hours", "pack_alert_percent")
    def _check_pack_alert(self):
        for company in self:
            if not 0 <= company.pack_alert_hours <= MAX_PACK_HOURS or not (
                0 <= company.pack_alert_percent <= 100
            ):
                raise ValidationError(
                    _(
                        "The low-balance threshold must be 0 to %(max)s hours, "
                        "or 0–100 %%.",
                        max="%g" % MAX_PACK_HOURS,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if PACK_ALERT_FIELDS & set(vals):
            # Time logged only re-reads a customer's alert flag below the
            # threshold: a flag the new threshold leaves above is cleared now.
            # sudo: flags of every customer, whoever changes the setting
            Partner = self.env["res.partner"].sudo()
            for company in self:
                flagged = Partner.search(
                    [
                        ("pack_alert_sent", "=", True),
                        ("prepaid_pack_ids.company_id", "=", company.id),
                    ]
                )
                flagged.with_company(company)._pack_check_low_balance()
        return res
