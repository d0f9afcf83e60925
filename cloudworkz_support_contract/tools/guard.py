# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bookkeeping that only the product writes.

Ledger links, billed minutes, invoiced months and the like are written by
the support agreements' own methods, with the system's rights (``sudo()``,
each with a comment saying why). Anybody else's ``create`` or ``write`` that
carries one of them is refused, whatever a form shows: over XML-RPC every
writable field is reachable, and ``readonly=`` in a view protects nothing.
"""

from odoo import _
from odoo.exceptions import AccessError


def check_bookkeeping(records, vals_list, fnames):
    """Refuse ``vals_list`` (one dict per record written or created) when
    it sets one of ``fnames`` and ``records`` are not in sudo mode. On a
    create (``records`` empty) a ``default_<field>`` in the context counts
    too: ``create`` fills it in after the caller's values."""
    if records.env.su:
        return
    touched = {fname for vals in vals_list for fname in vals if fname in fnames}
    if not records:
        touched.update(
            fname for fname in fnames if f"default_{fname}" in records.env.context
        )
    touched = sorted(touched)
    if touched:
        raise AccessError(
            _(
                "%(fields)s (%(model)s): kept by the support agreements "
                "themselves, never written by hand.",
                fields=", ".join(records._fields[fname].string for fname in touched),
                model=records._description,
            )
        )
