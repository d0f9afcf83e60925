# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_support_pack = fields.Boolean(
        string="Prepaid Support Pack",
        help="Each unit sold creates a prepaid pack of support hours.",
    )
    pack_hours = fields.Float(string="Hours per Pack")
    pack_validity_months = fields.Integer(
        string="Validity (months)",
        help="Hours left when this many months have passed since purchase "
        "expire. 0: the pack does not expire.",
    )

    @api.constrains("is_support_pack", "pack_hours", "pack_validity_months")
    def _check_pack(self):
        for product in self.filtered("is_support_pack"):
            if product.pack_hours <= 0:
                raise ValidationError(
                    _("A prepaid pack must hold more than zero hours.")
                )
            if product.pack_validity_months < 0:
                raise ValidationError(_("A pack's validity cannot be negative."))
