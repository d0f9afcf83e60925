# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class PrepaidPackLine(models.Model):
    """One movement of a pack's hours: purchase (+), consumption by a
    request in a month (-), expiry (-), cancellation (-) or a manager's
    adjustment (+/-) with its reason."""

    _name = "cloudworkz.prepaid.pack.line"
    _description = "Prepaid Pack Ledger Line"
    _order = "date, id"

    pack_id = fields.Many2one(
        comodel_name="cloudworkz.prepaid.pack",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="pack_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="pack_id.partner_id", string="Customer", store=True
    )
    line_type = fields.Selection(
        selection=[
            ("purchase", "Purchase"),
            ("consumption", "Consumption"),
            ("expiry", "Expiry"),
            ("cancellation", "Cancellation"),
            ("adjustment", "Adjustment"),
        ],
        string="Type",
        required=True,
    )
    hours = fields.Float(required=True, digits=(16, 2))
    date = fields.Date(required=True, default=fields.Date.context_today)
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", index="btree_not_null", ondelete="restrict"
    )
    period_start = fields.Date(string="Month", index=True)
    description = fields.Char()
    user_id = fields.Many2one(
        comodel_name="res.users", string="By", default=lambda self: self.env.user
    )

    @api.constrains("line_type", "hours", "ticket_id", "description")
    def _check_line(self):
        for line in self:
            if line.line_type == "purchase" and line.hours <= 0:
                raise ValidationError(_("A purchase adds hours."))
            if line.line_type in ("consumption", "expiry", "cancellation") and (
                line.hours > 0
            ):
                raise ValidationError(_("Consumption and expiry remove hours."))
            if line.line_type == "consumption" and not line.ticket_id:
                raise ValidationError(_("Consumption belongs to a ticket."))
            if line.line_type == "adjustment" and not (line.description or "").strip():
                raise ValidationError(_("An adjustment needs a reason."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_consumption(self):
        if self.filtered(lambda line: line.line_type != "consumption"):
            raise UserError(
                _(
                    "Only consumption follows the time logged; other "
                    "ledger lines are kept."
                )
            )
