# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class PrepaidPackAdjust(models.TransientModel):
    _name = "cloudworkz.prepaid.pack.adjust"
    _description = "Adjust a Prepaid Pack"

    pack_id = fields.Many2one(
        comodel_name="cloudworkz.prepaid.pack", required=True, ondelete="cascade"
    )
    hours = fields.Float(
        required=True, digits=(16, 2), help="Hours to add (or remove, negative)."
    )
    reason = fields.Char(required=True)

    def action_adjust(self):
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_manager"):
            raise UserError(_("Only a manager can adjust a prepaid pack."))
        if not self.hours:
            raise UserError(_("An adjustment moves some hours."))
        pack = self.pack_id
        pack._lock()
        if pack.balance + self.hours < 0:
            raise UserError(
                _(
                    "%(pack)s has %(left)s h left: it cannot lose %(hours)s h.",
                    pack=pack.display_name,
                    left="%.2f" % pack.balance,
                    hours="%.2f" % -self.hours,
                )
            )
        # sudo: ledger lines are written by the pack's own actions only
        self.env["cloudworkz.prepaid.pack.line"].sudo().create(
            {
                "pack_id": pack.id,
                "line_type": "adjustment",
                "hours": self.hours,
                "description": self.reason,
            }
        )
        pack.message_post(
            body=_(
                "Adjusted by %(hours)s h: %(reason)s",
                hours="%+.2f" % self.hours,
                reason=self.reason,
            )
        )
        pack.partner_id._pack_check_low_balance()
        return {"type": "ir.actions.act_window_close"}
