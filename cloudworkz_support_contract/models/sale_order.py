# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .contract_contract import TYPE_SERVICES
from .support_service import BASIS_SERVICE

SERVICES_TYPE = {
    frozenset(services): support_type
    for support_type, services in TYPE_SERVICES.items()
}


class SaleOrder(models.Model):
    """Confirming an order with First Line and/or Maintenance fees gives the
    customer one typed support agreement (created, or extended with the
    service it lacks), through OCA ``product_contract``'s
    ``action_create_contract``."""

    _inherit = "sale.order"

    support_commitment_months = fields.Integer(
        related="company_id.support_commitment_months"
    )
    support_notice_months = fields.Integer(related="company_id.support_notice_months")
    support_renewal_months = fields.Integer(related="company_id.support_renewal_months")

    def _support_fee_lines(self):
        return self.order_line.filtered(lambda line: line._support_is_fee())

    def _support_quoted_type(self):
        """Agreement type the order's fees quote (False without fees)."""
        self.ensure_one()
        services = frozenset(
            BASIS_SERVICE[basis]
            for basis in self._support_fee_lines().mapped("support_billing_basis")
        )
        return services and SERVICES_TYPE[services]

    @api.depends("order_line.avoid_create_contract")
    def _compute_need_contract_creation(self):
        res = super()._compute_need_contract_creation()
        # the fee lines are handled by the agreement, not by contract lines
        for order in self.filtered("need_contract_creation"):
            order.need_contract_creation = bool(
                order.order_line.filtered(
                    lambda line: line.product_id.is_contract
                    and not line.avoid_create_contract
                    and (
                        not line.contract_id
                        or line
                        not in line.contract_id.contract_line_ids.sale_order_line_id
                    )
                )
            )
        return res

    def action_create_contract(self):
        agreements = self._support_create_agreements()
        return agreements | super().action_create_contract()

    def _support_create_agreements(self):
        agreements = self.env["contract.contract"]
        for order in self:
            # done once: a line handled (or one a user keeps out) is marked
            lines = order._support_fee_lines().filtered(
                lambda line: not line.contract_id and not line.avoid_create_contract
            )
            if lines:
                agreements |= order._support_agreement_from(lines)
        return agreements

    def _support_start(self, lines):
        self.ensure_one()
        starts = {line.date_start or fields.Date.context_today(self) for line in lines}
        if len(starts) > 1:
            raise UserError(
                _(
                    "%(order)s: First Line and Maintenance start on the same day "
                    "on one order (they make one agreement).",
                    order=self.name,
                )
            )
        return starts.pop()

    def _support_agreement_from(self, lines):
        """Create or extend the customer's agreement with the fees of
        ``lines``; their prices become the agreement's. The confirmed order
        is the salesperson's right: the agreement, its services, fees, users
        sold and quoted code are written with the system's rights (sudo),
        which a salesperson does not have by hand."""
        self.ensure_one()
        self, lines = self.sudo(), lines.sudo()
        start = self._support_start(lines)
        services = {
            BASIS_SERVICE[basis] for basis in lines.mapped("support_billing_basis")
        }
        agreement = self.env["contract.contract"]._support_running(
            self.partner_id, self.company_id, start
        )
        if agreement:
            self._support_check_extension(agreement, start)
            old_fees = agreement.contract_line_ids
            services |= TYPE_SERVICES[agreement.support_type]
            support_type = SERVICES_TYPE[frozenset(services)]
            if support_type != agreement.support_type:
                agreement.with_context(support_change_date=start).write(
                    {"support_type": support_type}
                )
        else:
            old_fees = self.env["contract.line"]
            agreement = self.env["contract.contract"].create(
                self._support_agreement_vals(SERVICES_TYPE[frozenset(services)], start)
            )
        new_fees = agreement.contract_line_ids - old_fees
        for line in lines:
            line._support_apply_to(agreement, new_fees, start)
        # the lines are the agreement's, not contract lines of their own
        lines.write({"avoid_create_contract": True})
        if agreement.partner_id == self.partner_id:
            # (OCA product_contract links an order only to its partner's)
            lines.write({"contract_id": agreement.id})
        agreement._support_ask_completion(self)
        return agreement

    def _support_agreement_vals(self, support_type, start):
        self.ensure_one()
        return {
            "name": _(
                "%(type)s: %(customer)s",
                type=dict(
                    self.env["contract.contract"]
                    ._fields["support_type"]
                    ._description_selection(self.env)
                )[support_type],
                customer=self.partner_id.commercial_partner_id.name,
            ),
            # the customer company, whichever of its people the order is to
            "partner_id": self.partner_id.commercial_partner_id.id,
            "invoice_partner_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "contract_type": "sale",
            "support_type": support_type,
            "date_start": start,
            "pricelist_id": self.pricelist_id.id,
            "payment_term_id": self.payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "user_id": self.user_id.id,
        }

    def _support_check_extension(self, agreement, start):
        self.ensure_one()
        if agreement.date_end and (
            agreement.is_terminated or agreement.support_notice_received_on
        ):
            raise UserError(
                _(
                    "%(agreement)s ends on %(end)s: the services of %(order)s "
                    "start on a new agreement, from %(next)s at the earliest.",
                    agreement=agreement.display_name,
                    end=agreement.date_end,
                    order=self.name,
                    next=agreement.date_end + relativedelta(days=1),
                )
            )
        if agreement.currency_id != self.currency_id:
            raise UserError(
                _(
                    "%(agreement)s invoices in %(currency)s: quote its services "
                    "in that currency.",
                    agreement=agreement.display_name,
                    currency=agreement.currency_id.name,
                )
            )
        invoiced_to = max(agreement.support_period_ids.mapped("date_end"), default=None)
        if invoiced_to and start <= invoiced_to:
            raise UserError(
                _(
                    "%(agreement)s is invoiced up to %(date)s: the services of "
                    "%(order)s can start the day after at the earliest.",
                    agreement=agreement.display_name,
                    date=invoiced_to,
                    order=self.name,
                )
            )
