# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How prepaid packs pay the request ledger: the packs in use in the order
they pay, locked for the allocation, each request-month's consumption
brought to what it should be, hours given back paying what is still due."""

from odoo import api, models
from odoo.tools import SQL

# a pack in use pays, or has paid until used up: not expired, not cancelled
IN_USE = [("is_expired", "=", False), ("is_cancelled", "=", False)]


class _ForUpdate:
    """A search query whose rows are locked as they are read (SELECT ...
    FOR UPDATE), for the ORM's ``_fetch_query``."""

    def __init__(self, query):
        self.query = query

    def select(self, *args):
        return SQL("%s FOR UPDATE", self.query.select(*args))

    def __getattr__(self, name):
        return getattr(self.query, name)


class PrepaidPack(models.Model):
    _inherit = "cloudworkz.prepaid.pack"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Consumption: packs pay the request ledger first
    # ------------------------------------------------------------------
    @api.model
    def _in_use_domain(self, partner, company):
        """The customer's packs that may pay: not expired, not cancelled."""
        return [
            ("partner_id", "=", partner.id),
            ("company_id", "=", company.id),
        ] + IN_USE

    def _in_use(self):
        """Those of these packs that may pay (active or used up)."""
        return self.filtered_domain(IN_USE)

    @api.model
    def _has_hours_left(self, partner, company):
        """Whether the customer has prepaid hours left (one query)."""
        return bool(
            self.search_count(
                self._in_use_domain(partner, company) + [("balance_minutes", ">", 0)],
                limit=1,
            )
        )

    @api.model
    def _packs_for(self, partner, company, lock=False):
        """Packs that may pay, in the order they are used: oldest-expiring
        first (packs without expiry last), then oldest purchase. With
        ``lock``, found and locked in one query (see ``_lock``)."""
        domain = self._in_use_domain(partner, company)
        order = "date_expiry asc nulls last, date_purchase asc, id asc"
        if not lock:
            return self.search(domain, order=order)
        # the columns a read would fetch, read after the lock: what another
        # agent's transaction wrote
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and field.prefetch is True
        ]
        self.invalidate_model(columns)
        # the ORM's own query of search_fetch(), with the row lock added
        query = self._search(domain, order=order)
        return self._fetch_query(
            _ForUpdate(query), self._determine_fields_to_fetch(columns)
        )

    def _pay_what_is_due(self):
        """New hours pay the customers' chargeable time not yet invoiced."""
        RequestMonth = self.env["cloudworkz.support.request.month"]
        for pack in self:
            due = RequestMonth.search(
                [
                    ("partner_id", "=", pack.partner_id.id),
                    ("company_id", "=", pack.company_id.id),
                    ("due_minutes", ">", 0),
                ]
            )
            self._sync_request_months(due)
        self._check_low_balance()

    @api.model
    def _sync_request_months(self, rms):
        """Make the packs' consumption of each request-month what it should
        be: its billed minutes, less what invoices billed and what packs no
        longer active paid; taken from the customer's packs in order, and
        given back to the pack used last. What no pack can pay stays due on
        the next invoice. Hours given back pay other requests still due."""
        RequestMonth = self.env["cloudworkz.support.request.month"]
        by_customer = {}
        for rm in rms:
            # a request without customer (its ticket's was cleared) gives
            # back what packs paid for it
            if rm.partner_id or rm.pack_line_ids:
                by_customer.setdefault((rm.partner_id, rm.company_id), RequestMonth)
                by_customer[(rm.partner_id, rm.company_id)] |= rm
        given_back = {}
        for (customer, company), customer_rms in by_customer.items():
            packs = self._packs_for(customer, company, lock=True)
            held = customer_rms.pack_line_ids.pack_id
            if not packs and not held:
                continue
            # packs no longer in use (or another customer's) that hold some
            # of this time
            (held - packs)._lock()
            returned = False
            for rm in customer_rms.sorted(lambda r: (r.month, r.ticket_id.id)):
                returned |= packs._allocate(rm)
                # what a former customer's packs paid goes back to them
                foreign = rm.pack_line_ids.filtered(
                    lambda line, rm=rm: not rm._pack_is_own(line)
                )
                for pack in foreign.pack_id:
                    given_back.setdefault((pack.partner_id, pack.company_id), rm)
                    given_back[(pack.partner_id, pack.company_id)] |= rm
                foreign.unlink()
            if not customer:
                continue
            if returned:
                self._pay_others_due(customer, company, packs, customer_rms)
            customer = customer.with_company(company)
            # Only used hours: a customer above the threshold was above it
            # before too (its alert flag was cleared when it rose above).
            if returned or customer._pack_is_low(*packs._hours_bought_left()):
                customer._pack_check_low_balance(packs)
        for (customer, company), rms_left in given_back.items():
            packs = self._packs_for(customer, company, lock=True)
            self._pay_others_due(customer, company, packs, rms_left)
            customer.with_company(company)._pack_check_low_balance(packs)

    @api.model
    def _pay_others_due(self, customer, company, packs, done):
        """Hours given back to ``packs`` pay the customer's other requests
        still due (not ``done``), oldest first."""
        if not packs.filtered(lambda p: p.balance_minutes > 0):
            return
        others = self.env["cloudworkz.support.request.month"].search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("due_minutes", ">", 0),
                ("id", "not in", done.ids),
            ],
            order="month, ticket_id",
        )
        for rm in others:
            packs._allocate(rm)

    def _allocate(self, rm):
        """Bring the consumption of ``rm`` on the packs in ``self`` (active,
        in order) to its target. Returns whether minutes went back."""
        Line = self.env["cloudworkz.prepaid.pack.line"]
        lines = rm.pack_line_ids.filtered(
            lambda line: line.line_type == "consumption" and rm._pack_is_own(line)
        )
        # what the customer's packs no longer in use paid stays paid
        kept = -sum(
            lines.filtered(lambda line: line.pack_id not in self).mapped("minutes")
        )
        current = lines.filtered(lambda line: line.pack_id in self)
        target = 0
        if rm._pack_may_pay():
            target = max(0, rm.billed_minutes - rm.invoiced_minutes - kept)
        delta = target + sum(current.mapped("minutes"))
        if delta > 0:
            day = rm._pack_consumption_date()
            by_pack = {line.pack_id: line for line in current}
            for pack in self:
                if delta <= 0:
                    break
                take = min(delta, pack.balance_minutes)
                if take <= 0:
                    continue
                line = by_pack.get(pack)
                if line:
                    line.minutes -= take
                    # minutes and hours in one UPDATE, before the balance
                    line.flush_recordset()
                else:
                    Line.create(
                        {
                            "pack_id": pack.id,
                            "line_type": "consumption",
                            "minutes": -take,
                            "date": max(day, pack.date_purchase),
                            "request_month_id": rm.id,
                            # the month is a column of its own, in the
                            # reader's language
                            "description": rm.ticket_id.name,
                        }
                    )
                pack.flush_recordset(["balance_minutes"])
                delta -= take
            return False
        if delta < 0:
            # less to pay: give back to the pack used last
            order = {pack: index for index, pack in enumerate(self)}
            for line in current.sorted(lambda line: order[line.pack_id], reverse=True):
                if delta >= 0:
                    break
                give = min(-delta, -line.minutes)
                if give == -line.minutes:
                    line.unlink()
                else:
                    line.minutes += give
                delta += give
            self.flush_recordset(["balance_minutes"])
            return True
        return False
