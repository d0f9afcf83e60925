# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Renewal of support agreements: the account manager is reminded before
the notice deadline, an agreement without notice renews by itself at the
end of its commitment (with the company's yearly price indexation), a
notice in time ends it then, a late notice is refused with the day it can
end instead."""

import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from ..tools import month_end, run_in_batches
from .contract_contract import _support_reraise_limits
from .support_service import BASIS_SERVICE

_logger = logging.getLogger(__name__)

# How long after it was received a salesperson may still register a notice
NOTICE_LATE_DAYS = 14
RENEWAL_CRON = "cloudworkz_support_contract.ir_cron_support_renewals"


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    support_notice_received_on = fields.Date(
        string="Notice Received on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer gave notice on this day; the agreement ends on "
        "its end date.",
    )
    support_renewal_reminded_for = fields.Date(
        readonly=True,
        copy=False,
        help="Notice deadline the account manager was reminded of.",
    )
    support_indexation_preview = fields.Text(
        string="Prices at Renewal",
        compute="_compute_support_indexation_preview",
        help="Fixed prices after the company's yearly indexation, applied "
        "when the agreement renews.",
    )

    @api.depends(
        "support_renewal_date",
        "date_end",
        "contract_line_ids.price_unit",
        "contract_line_ids.automatic_price",
        "company_id.support_indexation_percent",
    )
    def _compute_support_indexation_preview(self):
        for agreement in self:
            agreement.support_indexation_preview = (
                "\n".join(
                    _(
                        "%(product)s: %(old)s → %(new)s from %(date)s",
                        product=line.product_id.name,
                        old=agreement._support_format_amount(line.price_unit),
                        new=agreement._support_format_amount(
                            agreement._support_indexed_price(line.price_unit)
                        ),
                        date=agreement.support_renewal_date,
                    )
                    for line in agreement._support_indexed_lines(
                        agreement.support_renewal_date
                    )
                )
                or False
            )

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    def _support_renewed_end(self, end):
        """End of the renewal period that follows a commitment ending on
        ``end`` (None: the agreement does not renew)."""
        months = self.company_id.support_renewal_months
        if not months:
            return None
        return end + relativedelta(days=1, months=months) - relativedelta(days=1)

    def _support_earliest_end(self, received_on):
        """First day the agreement can end on a notice received on
        ``received_on``."""
        self.ensure_one()
        end = self.support_commitment_end
        if not end:
            # no commitment: at the end of the month of the notice
            return month_end(received_on)
        while received_on > self.company_id._support_notice_deadline(end):
            renewed = self._support_renewed_end(end)
            if not renewed:
                return max(end, month_end(received_on))
            end = renewed
        return end

    # ------------------------------------------------------------------
    # Notice
    # ------------------------------------------------------------------
    def _support_register_notice(self, received_on, end_on=None):
        """The customer's notice, received on ``received_on``: the agreement
        ends on ``end_on`` (default: the earliest day it can)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if received_on > today:
            raise UserError(
                _(
                    "A notice is registered when it is received: %(date)s is "
                    "still to come.",
                    date=received_on,
                )
            )
        if (today - received_on).days > NOTICE_LATE_DAYS and not (
            self.env.su or self.env.user.has_group("account.group_account_manager")
        ):
            # dated back, a late notice would read as in time: the account
            # manager registers a notice received that long ago
            raise AccessError(
                _(
                    "A notice received on %(date)s, more than %(days)s days ago, "
                    "is registered by an account manager.",
                    date=received_on,
                    days=NOTICE_LATE_DAYS,
                )
            )
        earliest = self._support_earliest_end(received_on)
        end_on = end_on or earliest
        if end_on < earliest:
            raise UserError(
                _(
                    "Notice refused: %(agreement)s could end on %(end)s only "
                    "with notice by %(deadline)s. Given on %(received)s, it "
                    "renews on %(renewal)s and can end on %(earliest)s at the "
                    "earliest.",
                    agreement=self.display_name,
                    end=self.support_commitment_end,
                    deadline=self.support_notice_date,
                    received=received_on,
                    renewal=self.support_renewal_date,
                    earliest=earliest,
                )
            )
        # sudo: the notice's rules were checked above; salespeople register
        # notices without changing an agreement's dates by hand
        self.sudo().write(
            {"date_end": end_on, "support_notice_received_on": received_on}
        )
        self.message_post(
            body=Markup("<p>%s</p>")
            % _(
                "Notice received on %(received)s: the agreement ends on %(end)s.",
                received=received_on,
                end=end_on,
            )
        )
        return end_on

    def action_support_notice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer's Notice"),
            "res_model": "cloudworkz.support.notice",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    # ------------------------------------------------------------------
    # Reminder, renewal, indexation
    # ------------------------------------------------------------------
    @api.model
    def _cron_support_renewals(self, today=None):
        """Remind account managers of coming notice deadlines, renew the
        agreements whose commitment ended without notice. Returns how many
        agreements it acted on."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        reminded = self._support_to_remind(today)
        run_in_batches(reminded, lambda batch: batch._support_remind(), RENEWAL_CRON)
        renewing = self._support_to_renew(today)
        run_in_batches(
            renewing, lambda batch: batch._support_renew(today), RENEWAL_CRON
        )
        return len(reminded) + len(renewing)

    @api.model
    def _support_to_remind(self, today):
        agreements = self.search(
            [
                ("support_type", "!=", False),
                ("support_notice_date", ">=", today),
                ("support_notice_received_on", "=", False),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", today),
            ]
        )
        return agreements.filtered(
            lambda a: a.support_renewal_reminded_for != a.support_notice_date
            and a.support_notice_date
            - relativedelta(days=a.company_id.support_renewal_reminder_days)
            <= today
        )

    def _support_remind(self):
        for agreement in self:
            note = _(
                "The notice deadline of %(agreement)s is %(deadline)s. Without "
                "notice it renews on %(renewal)s.",
                agreement=agreement.display_name,
                deadline=agreement.support_notice_date,
                renewal=agreement.support_renewal_date,
            )
            if agreement.support_indexation_preview:
                note += " " + _(
                    "Prices at renewal: %(prices)s",
                    prices=agreement.support_indexation_preview.replace("\n", "; "),
                )
            agreement.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=agreement.support_notice_date,
                summary=_(
                    "Renewal: notice deadline %(deadline)s",
                    deadline=agreement.support_notice_date,
                ),
                note=note,
                user_id=(
                    agreement.user_id
                    or agreement.partner_id.user_id
                    or agreement.create_uid
                ).id,
            )
            agreement.support_renewal_reminded_for = agreement.support_notice_date

    @api.model
    def _support_to_renew(self, today):
        services = self.env["cloudworkz.support.service"].search(
            [
                ("commitment_end", "<", today),
                ("date_end", "=", False),
                ("agreement_id.support_type", "!=", False),
                ("agreement_id.active", "=", True),
            ]
        )
        return services.agreement_id.filtered(
            lambda a: a.company_id.support_renewal_months
            and any(a._support_services_to_renew(today))
        )

    def _support_services_to_renew(self, today):
        self.ensure_one()
        return self.support_service_ids.filtered(
            lambda s: s.commitment_end
            and s.commitment_end < today
            and not s.date_end
            and (not self.date_end or self.date_end > s.commitment_end)
            and self._support_may_index(s)
        )

    def _support_may_index(self, service):
        """A renewal that indexes prices waits until the months before it
        are invoiced: the new price is a fee line of its own from the
        renewal day, which OCA contract accepts only once the agreement's
        next invoice is not before it."""
        day = service.commitment_end + relativedelta(days=1)
        next_invoice = self.support_next_invoice_date
        return not (
            next_invoice
            and next_invoice < day
            and self._support_indexed_lines(day).filtered(
                lambda line: BASIS_SERVICE[line.support_billing_basis]
                == service.service
            )
        )

    def _support_renew(self, today):
        for agreement in self:
            try:
                # one agreement that fails does not hold up the others
                with self.env.cr.savepoint():
                    services = agreement._support_services_to_renew(today)
                    while services:
                        for service in services:
                            agreement._support_renew_service(service)
                        services = agreement._support_services_to_renew(today)
            except Exception as error:  # pylint: disable=broad-except
                _support_reraise_limits(error)
                _logger.exception("Renewal of %s failed", agreement.display_name)
                agreement.message_post(
                    body=Markup("<p>%s</p>")
                    % _(
                        "The renewal failed and is tried again tomorrow: %(error)s",
                        error=str(error),
                    )
                )

    def _support_renew_service(self, service):
        """One renewal period more for ``service``; its fixed prices are
        indexed from the day it renews."""
        self.ensure_one()
        day = service.commitment_end + relativedelta(days=1)
        end = self._support_renewed_end(service.commitment_end)
        service.write(
            {
                "commitment_end": end,
                "notice_date": self.company_id._support_notice_deadline(end),
            }
        )
        indexed = self._support_index_prices(service.service, day)
        label = dict(service._fields["service"]._description_selection(self.env))[
            service.service
        ]
        body = _(
            "%(service)s renewed on %(day)s until %(end)s (no notice given).",
            service=label,
            day=day,
            end=end,
        )
        if indexed:
            body += " " + _(
                "Prices indexed by %(percent)s %%: %(prices)s.",
                percent="%g" % self.company_id.support_indexation_percent,
                prices="; ".join(indexed),
            )
        self.message_post(body=Markup("<p>%s</p>") % body)

    def _support_indexed_price(self, price):
        percent = self.company_id.support_indexation_percent
        return float_round(
            price * (1 + percent / 100.0),
            precision_digits=self.currency_id.decimal_places,
        )

    def _support_indexed_lines(self, day):
        """Fee lines with a fixed price running on ``day`` that indexation
        changes (priced by the pricelist, a fee follows the pricelist)."""
        self.ensure_one()
        if not (day and self.company_id.support_indexation_percent):
            return self.env["contract.line"]
        return self.contract_line_ids.filtered(
            lambda line: not line.display_type
            and not line.is_canceled
            and not line.automatic_price
            and line.support_billing_basis in BASIS_SERVICE
            and (not line.date_end or line.date_end >= day)
            and not line.support_new_price_ids
        )

    def _support_index_prices(self, service, day):
        """Index the fixed fees of ``service`` from ``day`` (or from the
        first day not invoiced yet): the line bills the days before, a copy
        of it at the new price the days from then on. Returns what changed, as text."""
        self.ensure_one()
        changes = []
        for line in self._support_indexed_lines(day).filtered(
            lambda line: BASIS_SERVICE[line.support_billing_basis] == service
        ):
            invoiced_to = line.last_date_invoiced
            start = (
                invoiced_to + relativedelta(days=1)
                if invoiced_to and invoiced_to >= day
                else day
            )
            price = self._support_indexed_price(line.price_unit)
            # Not OCA's successor lines: their end date follows the
            # agreement's (a notice would move it over the new line's days).
            line.copy(
                {
                    "date_start": start,
                    "price_unit": price,
                    "last_date_invoiced": False,
                    "recurring_next_date": month_end(start),
                    "support_price_of_id": line.id,
                    "sale_order_line_id": line.sale_order_line_id.id,
                }
            )
            changes.append(
                _(
                    "%(product)s %(old)s → %(new)s from %(date)s",
                    product=line.product_id.name,
                    old=self._support_format_amount(line.price_unit),
                    new=self._support_format_amount(price),
                    date=start,
                )
            )
        return changes
