# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from ..tools import (
    billed_minutes,
    format_minutes,
    logged_minutes,
    month_end,
    month_label,
)

PENDING_KEY = "cloudworkz_support.request_months_changed"


class SupportRequestMonth(models.Model):
    """What one request (ticket) costs in one calendar month: the billing
    ledger that the invoice, the prepaid packs, the preview and the portal
    all read.

    Its chargeable time is rounded once (minimum per request, then started
    increments). Prepaid hours plus invoiced hours add up to that rounded
    figure once everything is invoiced; what is still missing is due on the
    next invoice.
    """

    _name = "cloudworkz.support.request.month"
    _description = "Support Request Month"
    _order = "month desc, ticket_id desc"
    _rec_names_search = ["ticket_id"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Request",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    month = fields.Date(
        required=True, readonly=True, index=True, help="First day of the month."
    )
    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Billed under",
        compute="_compute_agreement_id",
        store=True,
        index="btree_not_null",
        help="The ticket's agreement when it runs in this month, otherwise "
        "the customer's agreement running in this month. Empty: no agreement "
        "bills this time, and the account manager is told.",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    services_since = fields.Date(
        related="agreement_id.support_services_since",
        store=True,
        string="Services Unchanged since",
    )
    timesheet_ids = fields.One2many(
        comodel_name="account.analytic.line",
        inverse_name="support_request_month_id",
        string="Time",
    )
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="support_request_month_id",
        string="Invoice Lines",
    )
    logged_minutes = fields.Float(
        compute="_compute_minutes", store=True, digits=(16, 2)
    )
    chargeable_minutes = fields.Float(
        compute="_compute_minutes", store=True, digits=(16, 2)
    )
    minimum_minutes = fields.Integer(
        string="Minimum (min)", compute="_compute_rounding", store=True
    )
    increment_minutes = fields.Integer(
        string="Increment (min)", compute="_compute_rounding", store=True
    )
    billed_minutes = fields.Integer(compute="_compute_billed_minutes", store=True)
    prepaid_minutes = fields.Integer(
        compute="_compute_prepaid_minutes",
        store=True,
        help="Minutes paid from prepaid support packs.",
    )
    invoiced_minutes = fields.Integer(
        compute="_compute_invoiced_minutes",
        store=True,
        help="Minutes on invoices that are neither cancelled nor credited.",
    )
    credited_minutes = fields.Integer(
        compute="_compute_invoiced_minutes",
        store=True,
        help="Minutes invoiced, then credited in full by a credit note: "
        "billed again by a later invoice.",
    )
    due_minutes = fields.Integer(
        compute="_compute_due_minutes",
        store=True,
        index=True,
        help="Minutes the next invoice bills.",
    )
    state = fields.Selection(
        selection=[
            ("covered", "Covered"),
            ("no_agreement", "No Agreement"),
            ("due", "To Invoice"),
            ("prepaid", "Prepaid"),
            ("invoiced", "Invoiced"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
    )
    month_closed = fields.Boolean(
        compute="_compute_month_closed",
        store=True,
        help="The agreement has invoiced this month: what its time is "
        "(covered or chargeable) no longer changes; time logged late is "
        "billed as the difference.",
    )
    # The same figures in hours, as people read them (H:MM)
    chargeable_hours = fields.Float(compute="_compute_hours")
    billed_hours = fields.Float(compute="_compute_hours")
    prepaid_hours = fields.Float(compute="_compute_hours")
    invoiced_hours = fields.Float(compute="_compute_hours")
    due_hours = fields.Float(compute="_compute_hours")

    _sql_constraints = [
        (
            "ticket_month_uniq",
            "unique(ticket_id, month)",
            "A request has one ledger line per month.",
        )
    ]

    # ------------------------------------------------------------------
    # The figures
    # ------------------------------------------------------------------
    def _is_invoiced(self):
        """Whether some of this request-month is on an invoice that is
        neither cancelled nor credited: its agreement and rounding no longer
        change."""
        self.ensure_one()
        return any(line._support_counts() for line in self.invoice_line_ids)

    def _invoiced_amount(self):
        """What the invoices that count billed for this request-month, in
        the agreement's currency."""
        self.ensure_one()
        return sum(
            line.price_subtotal
            for line in self.invoice_line_ids
            if line.display_type == "product" and line._support_counts()
        )

    @api.depends(
        "ticket_id.support_agreement_id",
        "ticket_id.support_agreement_id.date_start",
        "ticket_id.support_agreement_id.date_end",
        "ticket_id.support_agreement_id.active",
        "month",
    )
    def _compute_agreement_id(self):
        fallback = self.env["contract.contract"]._support_agreements_of(
            self.ticket_id.commercial_partner_id
        )
        for rm in self:
            if rm.id and rm._is_invoiced():
                rm.agreement_id = rm.agreement_id
                continue
            agreement = rm.ticket_id.support_agreement_id
            if not (agreement.active and agreement._support_runs_in(rm.month)):
                # the customer's agreement running in this month
                agreement = fallback._support_running_in(
                    rm.ticket_id.commercial_partner_id,
                    rm.ticket_id.company_id,
                    rm.month,
                    month_end(rm.month),
                )
            rm.agreement_id = agreement or False

    @api.depends("agreement_id.support_period_ids.date_start", "month")
    def _compute_month_closed(self):
        for rm in self:
            rm.month_closed = rm.month in rm.agreement_id.support_period_ids.mapped(
                "date_start"
            )

    @api.depends("timesheet_ids.unit_amount", "timesheet_ids.support_chargeable")
    def _compute_minutes(self):
        for rm in self:
            logged = chargeable = 0.0
            for line in rm.timesheet_ids:
                logged += line.unit_amount
                if line.support_chargeable:
                    chargeable += line.unit_amount
            rm.logged_minutes = logged_minutes(logged)
            rm.chargeable_minutes = logged_minutes(chargeable)

    @api.depends(
        "agreement_id.support_minimum_minutes",
        "agreement_id.support_increment_minutes",
        "company_id.support_minimum_minutes",
        "company_id.support_increment_minutes",
    )
    def _compute_rounding(self):
        for rm in self:
            if rm.id and rm._is_invoiced() and rm.minimum_minutes:
                # rounded once: a later change of the rule does not re-bill
                rm.minimum_minutes = rm.minimum_minutes
                rm.increment_minutes = rm.increment_minutes
                continue
            rm.minimum_minutes, rm.increment_minutes = (
                rm.agreement_id._support_rounding(rm.company_id or self.env.company)
            )

    @api.depends("chargeable_minutes", "minimum_minutes", "increment_minutes")
    def _compute_billed_minutes(self):
        changed = self.browse()
        for rm in self:
            billed = billed_minutes(
                rm.chargeable_minutes,
                rm.minimum_minutes or 1,
                rm.increment_minutes or 1,
            )
            # only a new figure moves prepaid hours (a recompute to the same
            # one, e.g. when its time is linked to an invoice, does not)
            if not isinstance(rm.id, int) or billed != rm.billed_minutes:
                changed |= rm
            rm.billed_minutes = billed
        changed._mark_changed()

    def _compute_prepaid_minutes(self):
        """Minutes paid from prepaid packs: none without the pack addon."""
        for rm in self:
            rm.prepaid_minutes = 0

    @api.depends(
        "invoice_line_ids.support_billed_minutes",
        "invoice_line_ids.parent_state",
        "invoice_line_ids.move_id.support_credited",
    )
    def _compute_invoiced_minutes(self):
        lowered = self.browse()
        for rm in self:
            invoiced = credited = 0
            for line in rm.invoice_line_ids:
                if line.parent_state == "cancel":
                    continue
                if line._support_counts():
                    invoiced += line.support_billed_minutes
                else:
                    credited += line.support_billed_minutes
            # Less invoiced (an invoice cancelled or credited): prepaid hours
            # may pay it now. More invoiced is what packs could not pay:
            # nothing moves.
            if isinstance(rm.id, int) and invoiced < (rm.invoiced_minutes or 0):
                lowered |= rm
            rm.invoiced_minutes = invoiced
            rm.credited_minutes = credited
        lowered._mark_changed()

    @api.depends("billed_minutes", "prepaid_minutes", "invoiced_minutes")
    def _compute_due_minutes(self):
        for rm in self:
            rm.due_minutes = max(
                0, rm.billed_minutes - rm.prepaid_minutes - rm.invoiced_minutes
            )

    @api.depends(
        "billed_minutes",
        "prepaid_minutes",
        "invoiced_minutes",
        "due_minutes",
        "agreement_id",
    )
    def _compute_state(self):
        for rm in self:
            if not rm.billed_minutes:
                rm.state = "covered"
            elif rm.due_minutes and not rm.agreement_id:
                rm.state = "no_agreement"
            elif rm.due_minutes:
                rm.state = "due"
            elif rm.invoiced_minutes:
                rm.state = "invoiced"
            else:
                rm.state = "prepaid"

    @api.depends(
        "chargeable_minutes",
        "billed_minutes",
        "prepaid_minutes",
        "invoiced_minutes",
        "due_minutes",
    )
    def _compute_hours(self):
        for rm in self:
            rm.chargeable_hours = rm.chargeable_minutes / 60.0
            rm.billed_hours = rm.billed_minutes / 60.0
            rm.prepaid_hours = rm.prepaid_minutes / 60.0
            rm.invoiced_hours = rm.invoiced_minutes / 60.0
            rm.due_hours = rm.due_minutes / 60.0

    def _compute_display_name(self):
        for rm in self:
            rm.display_name = f"{rm.ticket_id.display_name}, {rm._month_label()}"

    def _month_label(self):
        """The month as the reader says it, e.g. 'January 2026' or, for a
        Swedish reader, 'januari 2026'."""
        self.ensure_one()
        return month_label(self.env, self.month)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if any(rm.invoice_line_ids or rm.prepaid_minutes for rm in self):
            raise UserError(
                _(
                    "Time of this request was invoiced or paid from prepaid "
                    "hours: its ledger is kept."
                )
            )

    # ------------------------------------------------------------------
    # Where the time goes
    # ------------------------------------------------------------------
    @api.model
    def _for_timesheets(self, timesheets):
        """The request-month of each timesheet line of a ticket (created when
        missing), as {line: request-month}."""
        keys = {
            (line.ticket_id.id, line.date.replace(day=1))
            for line in timesheets
            if line.ticket_id and line.date
        }
        if not keys:
            return {}
        existing = self.search(
            [
                ("ticket_id", "in", list({ticket for ticket, _month in keys})),
                ("month", "in", list({month for _ticket, month in keys})),
            ]
        )
        by_key = {(rm.ticket_id.id, rm.month): rm for rm in existing}
        missing = sorted(keys - set(by_key))
        if missing:
            for rm in self.create(
                [{"ticket_id": ticket, "month": month} for ticket, month in missing]
            ):
                by_key[(rm.ticket_id.id, rm.month)] = rm
        return {
            line: by_key[(line.ticket_id.id, line.date.replace(day=1))]
            for line in timesheets
            if line.ticket_id and line.date
        }

    def _unsettled_timesheets(self):
        """Chargeable time of these request-months that no invoice has
        accounted for yet."""
        return self.timesheet_ids.filtered(
            lambda line: line.support_chargeable and not line.support_invoice_line_id
        )

    def _refresh_agreement(self):
        """Find the agreement again (a customer's agreements changed), and
        let what depends on it follow."""
        self.env.add_to_compute(self._fields["agreement_id"], self)
        self.flush_recordset(["agreement_id"])
        self.modified(["agreement_id"])

    # ------------------------------------------------------------------
    # One trigger: whatever changes what a request-month bills
    # ------------------------------------------------------------------
    def _mark_changed(self):
        """Remember request-months whose billed or invoiced minutes were
        (re)computed, to settle them (prepaid packs) before the transaction
        ends. Computes cannot write other records, so the settling runs
        after them: at once where time, tickets and agreements are written,
        and in any case before the commit."""
        ids = [rm_id for rm_id in self.ids if isinstance(rm_id, int)]
        if not ids:
            return
        precommit = self.env.cr.precommit
        pending = precommit.data.get(PENDING_KEY)
        if pending is None:
            pending = precommit.data[PENDING_KEY] = set()
            cr, model = self.env.cr, self._name

            @precommit.add
            def _settle_before_commit():
                # superuser: the ledger follows every change, whoever made it
                env = api.Environment(cr, SUPERUSER_ID, {})
                # asks the database which rows exist: a savepoint rolled back
                # without clearing the cache (an import's test run) may have
                # left some that are gone
                env[model]._settle_pending(verify=True)
                env.flush_all()

        pending.update(ids)

    @api.model
    def _settle_pending(self, verify=False):
        """Settle the request-months changed so far in this transaction.

        Their figures are computed first but written only after settling:
        what the packs paid goes into the same UPDATE as the billed time.
        ``verify``: ask the database which still exist, not the cache."""
        data = self.env.cr.precommit.data
        for _round in range(10):
            self._recompute_pending()
            pending = data.get(PENDING_KEY)
            if not pending:
                return
            ids = sorted(pending)
            pending.clear()
            records = self.browse(ids).exists() if verify else self._existing(ids)
            records._settle()
            self.env.flush_all()

    def _recompute_pending(self):
        """Compute what is pending in the cache, without writing it yet (a
        compute may leave others to compute)."""
        for _round in range(10):
            if not self.env.fields_to_compute():
                return
            self.env._recompute_all()

    @api.model
    def _existing(self, ids):
        """The request-months of ``ids`` that still exist. Those read in this
        transaction are in the cache (deleting records, and rolling back a
        savepoint of the ORM, clear it): only the others are asked of the
        database."""
        records = self.browse(ids)
        unknown = self.browse(
            self.env.cache.get_missing_ids(records, self._fields["month"])
        )
        return (records - unknown) | unknown.exists()

    def _settle(self):
        """Bring what depends on these request-months' figures up to date.
        Nothing in the base addon; prepaid packs hook in here."""
        return True

    # ------------------------------------------------------------------
    # What the invoice says
    # ------------------------------------------------------------------
    def _invoice_text(self):
        """Description of this request-month on an invoice line, in the
        reader's language: what was logged and billed, and what prepaid
        hours and earlier invoices already paid. The line's quantity is the
        rest."""
        self.ensure_one()
        text = _(
            "%(number)s %(title)s, %(month)s: %(logged)s logged, %(billed)s billed",
            number=self.ticket_id.number,
            title=self.ticket_id.name,
            month=self._month_label(),
            logged=format_minutes(self.chargeable_minutes),
            billed=format_minutes(self.billed_minutes),
        )
        if self.prepaid_minutes:
            text += _(
                ", %(prepaid)s paid from prepaid hours",
                prepaid=format_minutes(self.prepaid_minutes),
            )
        if self.invoiced_minutes:
            text += _(
                ", %(invoiced)s invoiced before",
                invoiced=format_minutes(self.invoiced_minutes),
            )
        return text
