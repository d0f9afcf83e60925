# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a month of a support agreement counts (services by day, users,
code measurements and the inventory's changes), and its termination."""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import (
    code_blocks,
    month_end,
    month_start,
)
from .contract_contract import (
    TYPE_SERVICES,
)


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # What a month counts
    # ------------------------------------------------------------------
    def _support_runs_in(self, month):
        """Whether the agreement runs on some day of ``month``."""
        self.ensure_one()
        return self._support_runs_between(month_start(month), month_end(month))

    def _support_service_days(self, service, month, first=None, last=None):
        """(first, last, days) of ``month`` that ``service`` runs on this
        agreement (several runs in one month add up), or None; only the
        days from ``first`` to ``last`` when given (a fee whose price
        changed within the month)."""
        self.ensure_one()
        first = max(month_start(month), first or month_start(month))
        last = min(month_end(month), last or month_end(month))
        if first > last:
            return None
        spans = [
            span
            for row in self.support_service_ids
            if row.service == service
            for span in [row._days_in(first, last)]
            if span
        ]
        if not spans:
            return None
        return (
            min(span[0] for span in spans),
            max(span[1] for span in spans),
            sum(span[2] for span in spans),
        )

    def _support_services_now(self):
        """The services the agreement's type runs (a set; none for On Demand
        or no agreement)."""
        if len(self) != 1:
            return frozenset()
        return frozenset(TYPE_SERVICES.get(self.support_type, ()))

    def _support_rounding(self, company):
        """(minimum, increment) in minutes of a request's chargeable time
        under this agreement, or under ``company``'s rule without one."""
        rule = self[:1] or company
        return rule.support_minimum_minutes, rule.support_increment_minutes

    def _support_services_on(self, day):
        """The services that ran on ``day`` (a set): a type change in a
        month splits it by day."""
        if len(self) != 1 or not day:
            return frozenset()
        return frozenset(
            row.service for row in self.support_service_ids if row._days_in(day, day)
        )

    def _support_user_count(self, first, last, role="registered_user"):
        """Contacts of ``role`` registered on some day of [first, last]."""
        self.ensure_one()
        return len(
            self.support_contact_ids.filtered(
                lambda c: c.role == role and c._overlaps(first, last)
            ).partner_id
        )

    def _support_measurement_on(self, day):
        """The latest code measurement on or before ``day`` (None: the
        latest of all)."""
        self.ensure_one()
        measurements = self.code_measurement_ids.filtered(
            lambda m: day is None or m.date <= day
        ).sorted(lambda m: (m.date, m.id))
        return measurements[-1:]

    def _support_code_blocks(self, day):
        self.ensure_one()
        lines = self._support_measurement_on(day).lines_of_code
        return code_blocks(lines)

    def _support_month_invoiced(self, day):
        self.ensure_one()
        return month_start(day) in set(self.support_period_ids.mapped("date_start"))

    def _support_code_day(self, day):
        """The day a change of the code inventory counts from: ``day``, or
        the first day of the first month after it not yet invoiced (a month
        invoiced keeps the figure it was billed with)."""
        self.ensure_one()
        while self._support_month_invoiced(day):
            day = month_start(day) + relativedelta(months=1)
        return day

    def _support_code_changed(self, day, delta, method="manual"):
        """The inventory gained ``delta`` lines of code (lost, when
        negative) from ``day`` on: the measurement of that day says so, and
        so do the later ones not yet invoiced, as if the change had been
        entered before them."""
        self.ensure_one()
        if not delta:
            return
        day = self._support_code_day(day)
        # sudo: measurements are the agreement's bookkeeping; whoever may
        # change the inventory moves them
        measurements = self.sudo().code_measurement_ids
        at_day = measurements.filtered(lambda m: m.date == day)
        if at_day:
            at_day.write(
                {
                    "lines_of_code": max(0, at_day.lines_of_code + delta),
                    "measure_method": method,
                    "module_count": len(self.code_module_ids),
                }
            )
        else:
            measurements.create(
                {
                    "agreement_id": self.id,
                    "date": day,
                    "lines_of_code": max(
                        0, self._support_measurement_on(day).lines_of_code + delta
                    ),
                    "measure_method": method,
                    "module_count": len(self.code_module_ids),
                }
            )
        for later in measurements.filtered(
            lambda m: m.date > day and not self._support_month_invoiced(m.date)
        ):
            later.lines_of_code = max(0, later.lines_of_code + delta)

    def _support_code_measured(self, method):
        """The inventory as it is now was measured today: it is the code
        from today on, in place of what was known before (estimates, and
        later measurements not yet invoiced)."""
        self.ensure_one()
        day = self._support_code_day(fields.Date.context_today(self))
        vals = {
            "lines_of_code": sum(self.code_module_ids.mapped("lines_of_code")),
            "module_count": len(self.code_module_ids),
            "measure_method": method,
        }
        # sudo: as in _support_code_changed
        measurements = self.sudo().code_measurement_ids
        at_day = measurements.filtered(lambda m: m.date == day)
        if at_day:
            at_day.write(vals)
        else:
            measurements.create(dict(vals, agreement_id=self.id, date=day))
        measurements.filtered(
            lambda m: m.date > day and not self._support_month_invoiced(m.date)
        ).unlink()

    def _support_add_code_estimate(self, order_name, lines, day):
        """The custom code quoted on ``order_name``, from ``day``: on top of
        the code measured or estimated before, until the code is measured."""
        self.ensure_one()
        # sudo: the quoted code comes with the confirmed order, whose
        # salesperson may not edit the inventory by hand
        self.env["cloudworkz.support.code.module"].sudo().create(
            {
                "agreement_id": self.id,
                "name": _("Estimate on %(order)s", order=order_name),
                "lines_of_code": lines,
                "date_measured": day,
                "measure_method": "quote",
            }
        )

    def _support_ask_completion(self, order):
        """The account manager completes what the quotation only counted."""
        self.ensure_one()
        self.message_post(
            body=Markup(
                _("Sold on %(order)s: %(users)s users, %(lines)s lines of custom code.")
            )
            % {
                "order": order._get_html_link(),
                "users": self.support_users_sold,
                "lines": self.code_line_total,
            }
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Complete the agreement sold on %(order)s", order=order.name),
            note=_(
                "Register the users by name (%(users)s sold) and measure the "
                "custom code (%(lines)s lines estimated on the quotation).",
                users=self.support_users_sold,
                lines=self.code_line_total,
            ),
            user_id=(self.user_id or order.user_id or self.env.user).id,
        )

    def _support_set_code_inventory(self, counts, method="manual", replace=False):
        """Write measured lines of code per module into the inventory.

        ``counts`` maps module names to lines of code. Modules not in
        ``counts`` are removed when ``replace`` is set, kept otherwise.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        existing = {module.name: module for module in self.code_module_ids}
        to_create = []
        for name, lines in sorted(counts.items()):
            vals = {
                "lines_of_code": lines,
                "date_measured": today,
                "measure_method": method,
            }
            if name in existing:
                existing[name].write(vals)
            else:
                to_create.append(dict(vals, name=name, agreement_id=self.id))
        self.env["cloudworkz.support.code.module"].create(to_create)
        # measured code replaces the quotations' estimates
        self.code_module_ids.filtered(lambda m: m.measure_method == "quote").unlink()
        if replace:
            self.code_module_ids.filtered(lambda m: m.name not in counts).unlink()
        self._support_code_measured(method)
        self.message_post(
            body=_(
                "Custom code measured (%(method)s): %(modules)s modules, "
                "%(lines)s lines, %(blocks)s blocks of 100 lines.",
                method=method,
                modules=len(counts),
                lines=self.code_line_total,
                blocks=self.code_block_count,
            )
        )

    # ------------------------------------------------------------------
    # Termination and commitment
    # ------------------------------------------------------------------
    def _terminate_contract(
        self,
        terminate_reason_id,
        terminate_comment,
        terminate_date,
        terminate_lines_with_last_date_invoiced=False,
    ):
        self.ensure_one()
        early = (
            self.support_commitment_end and terminate_date < self.support_commitment_end
        )
        forced = early and self.env.context.get("support_force_termination")
        if early and not forced:
            raise UserError(
                _(
                    "%(agreement)s is committed until %(end)s: it cannot be "
                    "terminated on %(date)s. A manager may force the termination "
                    "with a reason.",
                    agreement=self.display_name,
                    end=self.support_commitment_end,
                    date=terminate_date,
                )
            )
        if forced:
            if not self._support_may_end_early():
                raise UserError(
                    _(
                        "Only a manager can terminate an agreement before its "
                        "commitment end."
                    )
                )
            if not (terminate_comment or "").strip():
                raise UserError(
                    _("Say why the agreement ends before its commitment end.")
                )
        res = super()._terminate_contract(
            terminate_reason_id,
            terminate_comment,
            terminate_date,
            terminate_lines_with_last_date_invoiced=terminate_lines_with_last_date_invoiced,
        )
        if self.support_type:
            vals = {}
            if not self.date_end or self.date_end > terminate_date:
                vals["date_end"] = terminate_date
            if forced:
                vals["support_forced_termination"] = True
            if vals:
                # sudo: the end and the forced flag follow the termination,
                # whose rights were checked above and by OCA's wizard
                self.sudo().write(vals)
            if forced:
                self.message_post(
                    body=Markup("<p>%s</p><p>%s</p>")
                    % (
                        _(
                            "Terminated on %(date)s, before the commitment end "
                            "%(end)s, by %(user)s.",
                            date=terminate_date,
                            end=self.support_commitment_end,
                            user=self.env.user.name,
                        ),
                        terminate_comment,
                    )
                )
        return res

    @api.model
    def _support_may_end_early(self):
        """Whether the user may end a service, or the agreement, before its
        commitment end (with a reason, logged): an accounting manager."""
        return self.env.user.has_group("account.group_account_manager")

    def action_cancel_contract_termination(self):
        res = super().action_cancel_contract_termination()
        # sudo: the flag is the termination's bookkeeping, undone with it
        self.filtered("support_forced_termination").sudo().write(
            {"support_forced_termination": False}
        )
        return res
