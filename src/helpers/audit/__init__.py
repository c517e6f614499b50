"""Blocking checks that the totals add up (reconciliation) and the methodology page that reports them."""
