-- Reconstructing a past day needs a subtree's reports whatever their status now (one rejected today
-- may have been new then). The counted ones are found by the (level, at) indexes; this finds the
-- rest by code prefix (province; province+regency; province+regency+district) and time.
CREATE INDEX risk_reports_uncounted_idx ON risk_reports (l1, l2, l3, at) WHERE NOT counted;
