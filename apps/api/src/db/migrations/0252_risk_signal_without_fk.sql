-- risk_region_signal is derived data, rebuilt wholesale by a full recomputation (91,000 rows): its
-- codes come from reports, whose own foreign key already guarantees the region exists. Checking the
-- key again per row made the rebuild several times slower.
ALTER TABLE risk_region_signal DROP CONSTRAINT risk_region_signal_region_code_fkey;
