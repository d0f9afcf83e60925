# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Creating and changing a support agreement: what a salesperson may change,
the invoiced months kept, services, fee lines and the patch window
following the type, the start moved with what was sold; and the one rule
for which agreement runs for a customer on a day."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import (
    check_bookkeeping,
    month_end,
    month_start,
)
from .contract_contract import (
    BOOKKEEPING_FIELDS,
    SALESPERSON_FIELDS,
    TYPE_SERVICES,
)
from .product_template import FEE_PRODUCTS
from .support_service import BASIS_SERVICE


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Create / write: services, fee lines and patch window follow the type
    # ------------------------------------------------------------------
    def _support_check_salesperson(self, vals_list):
        """A salesperson without accounting-manager rights changes a support
        agreement only where SALESPERSON_FIELDS say (their quotation, the
        notice and the user requests go through their own actions)."""
        if self.env.su or self.env.user.has_group("account.group_account_manager"):
            return
        for vals in vals_list:
            fields_written = {
                fname
                for fname in vals
                if not fname.startswith(("message_", "activity_", "website_message"))
            }
            refused = sorted(fields_written - SALESPERSON_FIELDS)
            if refused:
                raise AccessError(
                    _(
                        "Only an account manager changes %(fields)s of a support "
                        "agreement.",
                        fields=", ".join(self._fields[f].string for f in refused),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        if any(vals.get("support_type") for vals in vals_list):
            self._support_check_salesperson(
                [vals for vals in vals_list if vals.get("support_type")]
            )
        for vals in vals_list:
            if vals.get("support_type"):
                # Calendar months, invoiced once each month is over.
                vals.setdefault("recurring_invoicing_type", "post-paid")
                vals.setdefault("recurring_rule_type", "monthlylastday")
        agreements = super().create(vals_list)
        support = agreements.filtered("support_type")
        for agreement in support:
            agreement._support_sync_services(agreement.date_start)
        support._support_refresh_ledger()
        return agreements

    def copy(self, default=None):
        agreement = super().copy(default)
        if self.support_type:
            agreement.contract_line_ids._support_copy_prices_of(self.contract_line_ids)
        return agreement

    def _support_state(self):
        """What decides an agreement's months, as stored: (type, start, end,
        active, customer, company)."""
        self.ensure_one()
        return (
            self.support_type,
            self.date_start,
            self.date_end,
            self.active,
            self.commercial_partner_id,
            self.company_id,
        )

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        if self.filtered("support_type"):
            self._support_check_salesperson([vals])
        before = {agreement: agreement._support_state() for agreement in self}
        res = super().write(vals)
        changed = self.filtered(
            lambda a: a.support_type and before[a] != a._support_state()
        )
        for agreement in changed:
            old_type, old_start, _end, _active, old_customer, _company = before[
                agreement
            ]
            agreement._support_check_invoiced_months(before[agreement])
            change_day = agreement._support_change_date()
            # Not started and never invoiced (or its start moved before
            # anything was invoiced): still being set up, its services
            # start with it. Otherwise a type change takes effect on the
            # day of the change, whether or not a month was invoiced.
            setting_up = not agreement._support_is_invoiced() and (
                old_start != agreement.date_start or agreement.date_start >= change_day
            )
            if setting_up and (
                old_type != agreement.support_type or old_start != agreement.date_start
            ):
                agreement.support_service_ids.unlink()
                if old_start != agreement.date_start:
                    agreement._support_move_start(old_start)
                agreement._support_sync_services(agreement.date_start)
            elif old_type != agreement.support_type:
                agreement._support_sync_services(change_day)
            if old_customer != agreement.commercial_partner_id:
                # its tickets look for their own customer's agreement again
                tickets = agreement.sudo().support_ticket_ids
                self.env.add_to_compute(
                    tickets._fields["support_agreement_id"], tickets
                )
        if changed:
            customers = changed.commercial_partner_id
            for agreement in changed:
                customers |= before[agreement][4]
            changed._support_refresh_ledger(customers)
        return res

    def _support_check_invoiced_months(self, before):
        """An invoiced month stays the agreement's: its customer, company,
        start, and the days before its end do not change, and a type change
        takes effect after it."""
        self.ensure_one()
        periods = self.support_period_ids
        if not periods:
            return
        _type, start, _end, _active, customer, company = before
        first = min(periods.mapped("date_start"))
        last = max(periods.mapped("date_end"))
        if customer != self.commercial_partner_id or company != self.company_id:
            raise UserError(
                _(
                    "%(agreement)s has invoiced months: it stays %(customer)s's "
                    "agreement in %(company)s. Give the other customer an "
                    "agreement of its own.",
                    agreement=self.display_name,
                    customer=customer.display_name,
                    company=company.display_name,
                )
            )
        if start != self.date_start:
            raise UserError(
                _(
                    "%(agreement)s is invoiced from %(first)s: its start can no "
                    "longer move. Credit or cancel its invoices first.",
                    agreement=self.display_name,
                    first=first,
                )
            )
        if self.date_end and self.date_end < last:
            raise UserError(
                _(
                    "%(agreement)s is invoiced up to %(last)s: it can end on that "
                    "day at the earliest. Credit or cancel the invoices of the "
                    "later months first.",
                    agreement=self.display_name,
                    last=last,
                )
            )
        if before[0] != self.support_type and self._support_change_date() <= last:
            raise UserError(
                _(
                    "%(agreement)s is invoiced up to %(last)s: a type change "
                    "takes effect on %(next)s at the earliest.",
                    agreement=self.display_name,
                    last=last,
                    next=last + relativedelta(days=1),
                )
            )

    def _support_move_start(self, old_start):
        """The agreement now starts on another day, before anything was
        invoiced: what was sold with its start (users sold, the quoted code,
        its fee lines) starts with it."""
        self.ensure_one()
        new_start = self.date_start
        if not (old_start and new_start):
            return
        # sudo: the sale's bookkeeping follows the start whoever moves it
        agreement = self.sudo()
        agreement.support_users_sold_ids.filtered(
            lambda s: s.date_start == old_start
        ).write({"date_start": new_start})
        # the modules known at the start move their code with them (see
        # their write)
        agreement.code_module_ids.filtered(
            lambda m: m.date_measured == old_start
        ).write({"date_measured": new_start})
        agreement.contract_line_ids.filtered(
            lambda line: line.date_start == old_start
        ).write({"date_start": new_start})

    def _support_change_date(self):
        """Day a type change takes effect: today, or the day given in the
        context (``support_change_date``)."""
        day = self.env.context.get("support_change_date")
        return fields.Date.to_date(day) if day else fields.Date.context_today(self)

    def _support_is_invoiced(self):
        self.ensure_one()
        return bool(self.support_period_ids)

    def _support_sync_services(self, day):
        """Services of the agreement's type run from ``day``; the others end
        the day before. Each added service starts its own commitment."""
        self.ensure_one()
        Service = self.env["cloudworkz.support.service"]
        wanted = TYPE_SERVICES.get(self.support_type, set())
        running = self.support_service_ids.filtered(
            lambda s: not s.date_end or s.date_end >= day
        )
        for service in running.filtered(lambda s: s.service not in wanted):
            service._end_before(day)
        present = set(running.filtered(lambda s: s.service in wanted).mapped("service"))
        Service.create(
            [
                dict(
                    {"agreement_id": self.id, "service": service, "date_start": day},
                    **Service._commitment_vals(self.company_id, day),
                )
                for service in sorted(wanted - present)
            ]
        )
        self._support_sync_fee_lines()
        if "maintenance" in wanted and not self.patch_window_ids:
            self.env["cloudworkz.support.patch.window"].create(
                {"agreement_id": self.id}
            )

    def _support_sync_fee_lines(self):
        """Add the fee line each service needs, once. Existing lines are
        never removed nor repriced: a line bills only the days its service
        runs."""
        line_vals = []
        for agreement in self:
            present = set(
                agreement.contract_line_ids.mapped(
                    "product_id.product_tmpl_id.support_billing_basis"
                )
            )
            services = set(agreement.support_service_ids.mapped("service"))
            for basis, service in BASIS_SERVICE.items():
                if service not in services or basis in present:
                    continue
                product = self.env.ref(FEE_PRODUCTS[basis], raise_if_not_found=False)
                if not product:
                    continue
                line_vals.append(
                    {
                        "contract_id": agreement.id,
                        "product_id": product.id,
                        "name": f"{product.display_name}: #START# - #END#",
                        "uom_id": product.uom_id.id,
                        "quantity": 1.0,
                        # the price is the customer's pricelist's (list price
                        # without one) on the month invoiced
                        "automatic_price": True,
                        # the service's days on the agreement (OCA computes
                        # them from the agreement only after the insert, and
                        # the end with its own notice rules)
                        "date_start": agreement.date_start,
                        "date_end": agreement.date_end,
                        # the rule, interval and invoicing type are the
                        # agreement's (no line recurrence), which OCA's
                        # _set_recurrence_field gives the line; the next
                        # invoice date is the agreement's even for a
                        # service added later
                        "recurring_next_date": agreement.recurring_next_date,
                    }
                )
        if line_vals:
            self.env["contract.line"].create(line_vals)

    @api.model
    def _support_create_on_demand(self, customer, company, day):
        """An On Demand agreement for ``customer`` from the month of ``day``
        (or the day after an agreement of theirs ends in it)."""
        start = month_start(day)
        earlier = self.search(
            [
                ("support_type", "!=", False),
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("date_end", ">=", start),
                ("date_end", "<=", month_end(day)),
            ]
        )
        for agreement in earlier:
            start = max(start, agreement.date_end + relativedelta(days=1))
        # sudo: the On Demand agreement comes with a sale or the account
        # manager's Bill On Demand, whoever made them
        return (
            self.with_company(company)
            .sudo()
            .create(
                {
                    "name": _(
                        "On Demand support: %(customer)s", customer=customer.name
                    ),
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "contract_type": "sale",
                    "support_type": "on_demand",
                    "date_start": start,
                    # the customer's salesperson follows it, not whoever (or
                    # whatever job) happened to create it
                    "user_id": customer.user_id.id,
                }
            )
        )

    def _support_refresh_ledger(self, partners=None):
        """The customer's agreements changed: its request-months look again
        for the agreement that bills them (``partners``: these customers'
        too, e.g. the one an agreement no longer belongs to)."""
        partners = (partners or self.env["res.partner"]) | self.commercial_partner_id
        if not partners:
            return
        RequestMonth = self.env["cloudworkz.support.request.month"].sudo()
        rms = RequestMonth.search([("partner_id", "in", partners.ids)])
        if rms:
            rms._refresh_agreement()
            RequestMonth._settle_pending()

    # ------------------------------------------------------------------
    # Which agreement runs for a customer: one rule for every caller
    # ------------------------------------------------------------------
    @api.model
    def _support_agreements_of(self, customers):
        """The support agreements (sale) of these customer companies, the
        latest started first: the candidates of ``_support_running_in``."""
        if not customers:
            return self.browse()
        return self.search(
            [
                ("support_type", "!=", False),
                ("contract_type", "=", "sale"),
                ("commercial_partner_id", "in", customers.commercial_partner_id.ids),
            ],
            order="date_start desc, id desc",
        )

    def _support_running_in(self, customer, company, first, last=None):
        """Of these agreements (``_support_agreements_of``), the one of
        ``customer`` in ``company`` that runs on some day of [first, last]
        (one day without ``last``): the latest started. Empty: none runs,
        the time is flagged."""
        last = last or first
        for agreement in self:
            if (
                agreement.commercial_partner_id == customer.commercial_partner_id
                and agreement.company_id == company
                and agreement.active
                and agreement._support_runs_between(first, last)
            ):
                return agreement
        return self.browse()

    @api.model
    def _support_running(self, customer, company, first, last=None):
        """The agreement of ``customer`` in ``company`` that runs on some
        day of [first, last] (one day without ``last``)."""
        return self._support_agreements_of(customer)._support_running_in(
            customer, company, first, last
        )

    def _support_runs_between(self, first, last):
        """Whether the agreement runs on some day of [first, last]."""
        self.ensure_one()
        return bool(
            self.date_start
            and self.date_start <= last
            and (not self.date_end or self.date_end >= first)
        )
