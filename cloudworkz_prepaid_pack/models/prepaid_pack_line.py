# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cloudworkz_support_contract.tools import month_label


class PrepaidPackLine(models.Model):
    """One movement of a pack's minutes: purchase (+), consumption by a
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
    # precomputed: a new line is written in its INSERT, with no UPDATE after
    company_id = fields.Many2one(
        related="pack_id.company_id", store=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="pack_id.partner_id", string="Customer", store=True, precompute=True
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
    minutes = fields.Integer(required=True)
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        precompute=True,
        digits=(16, 4),
        help="The minutes, in hours.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    request_month_id = fields.Many2one(
        comodel_name="cloudworkz.support.request.month",
        index="btree_not_null",
        ondelete="restrict",
    )
    ticket_id = fields.Many2one(
        related="request_month_id.ticket_id",
        store=True,
        precompute=True,
        index="btree_not_null",
    )
    month = fields.Date(related="request_month_id.month", store=True, precompute=True)
    month_label = fields.Char(string="Month of Time", compute="_compute_month_label")
    balance_after = fields.Float(
        string="Balance",
        compute="_compute_balance_after",
        help="Hours left in the pack after this movement.",
    )
    description = fields.Char()
    user_id = fields.Many2one(
        comodel_name="res.users", string="By", default=lambda self: self.env.user
    )

    @api.depends("minutes")
    def _compute_hours(self):
        for line in self:
            line.hours = line.minutes / 60.0

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for line in self:
            line.month_label = month_label(self.env, line.month)

    @api.depends("pack_id.line_ids.minutes")
    def _compute_balance_after(self):
        for pack in self.pack_id:
            running = 0
            for line in pack.line_ids.sorted(lambda line: (line.date, line.id)):
                running += line.minutes
                if line in self:
                    line.balance_after = running / 60.0
        for line in self.filtered(lambda line: not line.pack_id):
            line.balance_after = 0.0

    @api.constrains("line_type", "minutes", "request_month_id", "description")
    def _check_line(self):
        for line in self:
            if line.line_type == "purchase" and line.minutes <= 0:
                raise ValidationError(_("A purchase adds hours."))
            if line.line_type in ("consumption", "expiry", "cancellation") and (
                line.minutes > 0
            ):
                raise ValidationError(_("Consumption and expiry remove hours."))
            if line.line_type == "consumption" and not line.request_month_id:
                raise ValidationError(_("Consumption belongs to a request and month."))
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
