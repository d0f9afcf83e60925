# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import day_count, overlap

SERVICES = [("first_line", "First Line Support"), ("maintenance", "Maintenance")]
# Which service a fee product's quantity basis belongs to
BASIS_SERVICE = {"registered_user": "first_line", "code_block": "maintenance"}


class SupportService(models.Model):
    """A committed service of an agreement (First Line or Maintenance) over
    the days it runs.

    The agreement type says which services run now; these rows keep when
    each one started and ended, so that a type change ends one fee and
    starts the other on the day it happens (both prorated), and each
    service keeps the commitment it was sold with: fixed on the day it
    starts, whatever the company's settings become.
    """

    _name = "cloudworkz.support.service"
    _description = "Support Agreement Service"
    _order = "agreement_id, date_start, id"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    service = fields.Selection(selection=SERVICES, required=True)
    date_start = fields.Date(string="Started on", required=True)
    date_end = fields.Date(string="Ended on")
    commitment_end = fields.Date(
        string="Committed until",
        help="Fixed when the service starts, from the company's commitment.",
    )
    notice_date = fields.Date(
        string="Notice Deadline",
        help="Last day to give notice so that the service ends when its "
        "commitment does.",
    )

    @api.model
    def _commitment_vals(self, company, date_start):
        months = company.support_commitment_months
        if not months:
            return {"commitment_end": False, "notice_date": False}
        end = date_start + relativedelta(months=months, days=-1)
        return {
            "commitment_end": end,
            "notice_date": company._support_notice_deadline(end),
        }

    def _days_in(self, first, last):
        """(first, last, days) of [first, last] this service runs, bounded by
        its agreement's own dates; None when it does not run then."""
        self.ensure_one()
        agreement = self.agreement_id
        span = overlap(first, last, self.date_start, self.date_end)
        if span:
            span = overlap(*span, agreement.date_start, agreement.date_end)
        if not span:
            return None
        return span[0], span[1], day_count(*span)

    def _end_before(self, day):
        """End these services the day before ``day`` (a type change). Before
        its commitment end, only an accounting manager may, and it is
        logged."""
        for service in self:
            label = dict(SERVICES)[service.service]
            early = service.commitment_end and service.commitment_end >= day
            if early:
                if not service.agreement_id._support_may_end_early():
                    raise UserError(
                        _(
                            "%(service)s is committed until %(end)s: only a "
                            "manager can end it on %(date)s.",
                            service=label,
                            end=service.commitment_end,
                            date=day,
                        )
                    )
                service.agreement_id.message_post(
                    body=Markup("<p>%s</p>")
                    % _(
                        "%(service)s ended on %(date)s, before its commitment "
                        "end %(end)s, by %(user)s.",
                        service=label,
                        date=day - relativedelta(days=1),
                        end=service.commitment_end,
                        user=self.env.user.name,
                    )
                )
            if day <= service.date_start:
                service.unlink()
            else:
                service.date_end = day - relativedelta(days=1)
