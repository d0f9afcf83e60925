# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service levels per agreement and month: one row per target of a ticket of
an agreement, met, breached or still running."""

from odoo import fields, models


class SupportSlaReport(models.Model):
    _name = "cloudworkz.support.sla.report"
    _description = "Service Levels per Agreement"
    _auto = False
    _order = "date desc, id"

    date = fields.Datetime(string="Ticket Created", readonly=True)
    # a measure in the pivot: the tickets counted once each
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Tickets",
        readonly=True,
        group_operator="count_distinct",
    )
    sla_id = fields.Many2one("helpdesk.sla", string="Service Level", readonly=True)
    target = fields.Selection(
        [("response", "First Response"), ("resolution", "Resolution")],
        readonly=True,
    )
    agreement_id = fields.Many2one("contract.contract", readonly=True)
    support_type = fields.Selection(
        related="agreement_id.support_type", string="Agreement Type"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        [
            ("on_going", "Running"),
            ("met", "Met"),
            ("breached", "Breached"),
        ],
        readonly=True,
    )
    deadline = fields.Datetime(readonly=True)
    met_percent = fields.Float(
        string="Met (%)",
        readonly=True,
        group_operator="avg",
        help="Share of the targets decided (met or breached) that were met.",
    )
    response_hours = fields.Float(
        string="First Response (Working Hours)",
        readonly=True,
        group_operator="avg",
    )

    @property
    def _table_query(self):
        return """
            SELECT hts.id AS id,
                   ht.create_date AS date,
                   ht.id AS ticket_id,
                   hs.id AS sla_id,
                   hs.support_target AS target,
                   ht.support_agreement_id AS agreement_id,
                   ht.commercial_partner_id AS partner_id,
                   ht.team_id AS team_id,
                   ht.company_id AS company_id,
                   hts.deadline AS deadline,
                   CASE
                       WHEN hts.state = 'accomplished' THEN 'met'
                       WHEN hts.state = 'expired'
                            OR (hts.state = 'in_progress'
                                AND hts.deadline < (NOW() AT TIME ZONE 'UTC'))
                           THEN 'breached'
                       ELSE 'on_going'
                   END AS state,
                   CASE
                       WHEN hts.state = 'accomplished' THEN 100.0
                       WHEN hts.state = 'expired'
                            OR (hts.state = 'in_progress'
                                AND hts.deadline < (NOW() AT TIME ZONE 'UTC'))
                           THEN 0.0
                   END AS met_percent,
                   CASE
                       WHEN hs.support_target = 'response'
                            AND ht.support_first_response_date IS NOT NULL
                            -- once per ticket, however many response levels
                            AND row_number() OVER (
                                PARTITION BY hts.ticket_id, hs.support_target
                                ORDER BY hts.id) = 1
                           THEN ht.support_first_response_hours
                   END AS response_hours
              FROM helpdesk_ticket_sla hts
              JOIN helpdesk_ticket ht ON ht.id = hts.ticket_id
              JOIN helpdesk_sla hs ON hs.id = hts.sla_id
             WHERE ht.active
               AND (hs.support_type IS NOT NULL
                    OR hs.support_agreement_id IS NOT NULL)
        """
