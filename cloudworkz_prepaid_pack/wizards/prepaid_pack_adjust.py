# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.cloudworkz_support_contract.tools import MAX_PACK_HOURS, format_minutes


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
        minutes = round(self.hours * 60)
        if not minutes:
            raise UserError(_("An adjustment moves some hours."))
        if abs(self.hours) > MAX_PACK_HOURS:
            raise UserError(
                _(
                    "An adjustment moves at most %(max)s hours.",
                    max="%g" % MAX_PACK_HOURS,
                )
            )
        pack = self.pack_id
        pack._lock()
        if pack.balance_minutes + minutes < 0:
            raise UserError(
                _(
                    "%(pack)s has %(left)s left: it cannot lose %(hours)s.",
                    pack=pack.display_name,
                    left=format_minutes(pack.balance_minutes),
                    hours=format_minutes(-minutes),
                )
            )
        # sudo: ledger lines are written by the pack's own actions only
        self.env["cloudworkz.prepaid.pack.line"].sudo().create(
            {
                "pack_id": pack.id,
                "line_type": "adjustment",
                "minutes": minutes,
                "description": self.reason,
            }
        )
        pack.message_post(
            body=_(
                "Adjusted by %(hours)s: %(reason)s",
                hours=("+" if minutes > 0 else "") + format_minutes(minutes),
                reason=self.reason,
            )
        )
        # sudo: the new hours pay what is due (ledger lines), and a low
        # balance alerts the account manager, whatever the manager's own
        # rights on sales
        if minutes > 0:
            pack.sudo()._pay_what_is_due()
        else:
            pack.sudo()._check_low_balance()
        return {"type": "ir.actions.act_window_close"}
