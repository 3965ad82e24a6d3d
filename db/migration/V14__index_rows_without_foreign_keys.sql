-- Search index rows are derived data. Only the store writes them, in the same transaction as the resource
-- row they describe, and resource rows are never removed (a delete is a new version), so their foreign keys
-- guarded nothing the store does not already guarantee. They were not free: every inserted index row ran a
-- key check that locks its resource row, about half of Postgres' CPU on an ingest (IngestBenchmark, 2,000
-- patients, about 11 index rows per Observation: 31.9 s of Postgres CPU with the keys, 15.5 s without).
-- resource_version and the terminology tables keep theirs: they hold data that cannot be rebuilt.
alter table idx_token drop constraint idx_token_pid_fkey;
alter table idx_string drop constraint idx_string_pid_fkey;
alter table idx_date drop constraint idx_date_pid_fkey;
alter table idx_reference drop constraint idx_reference_pid_fkey;
alter table idx_quantity drop constraint idx_quantity_pid_fkey;
alter table idx_uri drop constraint idx_uri_pid_fkey;
alter table idx_composite drop constraint idx_composite_pid_fkey;
alter table idx_position drop constraint idx_position_pid_fkey;
