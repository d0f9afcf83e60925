# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools import float_compare

from odoo.addons.cloudworkz_support_contract.tools import (
    check_bookkeeping,
    format_minutes,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    prepaid_pack_ids = fields.One2many(
        comodel_name="cloudworkz.prepaid.pack",
        inverse_name="partner_id",
        string="Prepaid Packs",
    )
    pack_balance = fields.Float(
        string="Prepaid Hours Left",
        compute="_compute_pack_balance",
        digits=(16, 2),
        help="Hours left in the customer's active prepaid packs.",
    )
    pack_count = fields.Integer(
        string="Prepaid Packs Bought",
        compute="_compute_pack_balance",
        help="Packs of the customer in this company, used up or not.",
    )
    pack_alert_sent = fields.Boolean(
        string="Low Balance Alert Sent",
        readonly=True,
        copy=False,
        help="Set when the customer was told the hours run low; cleared when "
        "the balance goes back above the threshold.",
    )

    @api.depends(
        "commercial_partner_id.prepaid_pack_ids.balance_minutes",
        "commercial_partner_id.prepaid_pack_ids.state",
    )
    @api.depends_context("company")
    def _compute_pack_balance(self):
        # whoever may read packs (agents, sales, accounting, the customer's
        # own people on the portal) sees the balance; other users do not
        readers = self._pack_balance_readable()
        for partner in self:
            if partner not in readers:
                partner.pack_balance = 0.0
                partner.pack_count = 0
                continue
            partner.pack_balance = partner._pack_totals()[1]
            # sudo: as for the balance, agents count packs they may not open
            partner.pack_count = len(
                partner.commercial_partner_id.sudo().prepaid_pack_ids.filtered(
                    lambda pack: pack.company_id == self.env.company
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, ("pack_alert_sent",))
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], ("pack_alert_sent",))
        return super().write(vals)

    def _pack_balance_readable(self):
        """Those of these partners whose prepaid hours the user may know."""
        if not self.env["cloudworkz.prepaid.pack"].check_access_rights(
            "read", raise_exception=False
        ):
            return self.browse()
        if self.env.user.share:
            return self.filtered(
                lambda p: p.commercial_partner_id
                == self.env.user.partner_id.commercial_partner_id
            )
        return self

    def _pack_totals(self):
        """(hours bought, hours left) in the active packs of this customer."""
        self.ensure_one()
        # sudo: an agent or a contact reading the balance of its customer
        # may not read every pack of the company.
        packs = self.commercial_partner_id.sudo().prepaid_pack_ids.filtered(
            lambda pack: pack.company_id == self.env.company
        )
        return packs._in_use()._hours_bought_left()

    def _pack_balance_text(self):
        """Prepaid hours left, as H:MM."""
        self.ensure_one()
        return format_minutes(self._pack_totals()[1] * 60)

    def _pack_is_low(self, bought, left):
        company = self.env.company
        if company.pack_alert_type == "percent":
            if not bought:
                return False
            return (
                float_compare(left / bought * 100, company.pack_alert_percent, 4) <= 0
            )
        return float_compare(left, company.pack_alert_hours, 4) <= 0

    def _pack_check_low_balance(self, packs=None):
        """Alert once per crossing of the company's threshold: a mail to the
        customer contact and an activity for the account manager. ``packs``:
        the customer's packs in use, when the caller has them at hand."""
        for partner in self.commercial_partner_id:
            if packs is not None and len(self.commercial_partner_id) == 1:
                bought, left = packs._hours_bought_left()
            else:
                bought, left = partner._pack_totals()
            if not bought:
                continue
            low = partner._pack_is_low(bought, left)
            if low and not partner.pack_alert_sent:
                partner.pack_alert_sent = True
                partner._pack_send_low_balance_alert(left)
            elif not low and partner.pack_alert_sent:
                partner.pack_alert_sent = False

    def _pack_send_low_balance_alert(self, left):
        self.ensure_one()
        template = self.env.ref(
            "cloudworkz_prepaid_pack.mail_template_pack_low_balance",
            raise_if_not_found=False,
        )
        if template and self.email:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        manager = self._pack_account_manager()
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=_("Prepaid hours running low"),
                note=_(
                    "%(customer)s has %(hours)s prepaid hours left.",
                    customer=self.display_name,
                    hours=format_minutes(left * 60),
                ),
            )
        product = self.env.company.pack_alert_quotation_product_id
        if product:
            self.env["sale.order"].create(
                {
                    "partner_id": self.id,
                    "company_id": self.env.company.id,
                    "user_id": manager.id,
                    "order_line": [fields.Command.create({"product_id": product.id})],
                }
            )

    def _pack_account_manager(self):
        """Who follows up a low balance: the customer's salesperson, else
        whoever sold its latest pack, else the responsible of its running
        agreement. Never the agent (or the system) whose time crossed the
        threshold."""
        self.ensure_one()
        packs = self.prepaid_pack_ids.filtered(
            lambda pack: pack.company_id == self.env.company
        ).sorted("date_purchase", reverse=True)
        agreements = self.env["contract.contract"].search(
            [
                ("commercial_partner_id", "=", self.id),
                ("support_type", "!=", False),
                ("company_id", "=", self.env.company.id),
            ],
            order="date_start desc",
        )
        candidates = (
            self.user_id | packs.sale_order_id.user_id[:1] | agreements.user_id[:1]
        )
        return candidates.filtered(lambda user: not user._is_superuser())[:1]
