-- Every value index now ends in pid, so the rows for one value come out in pid order and hold the pid
-- themselves. A search page in pid order (the default keyset) then merges the criteria's index-only scans
-- and stops after _count rows, instead of collecting every match and sorting it. Each index replaces the
-- one it extends, so writes maintain no more indexes than before.
create index idx_token_value_pid_ix on idx_token (res_type, param, code, system, pid);
drop index idx_token_code_ix;
create index idx_reference_target_pid_ix on idx_reference (res_type, param, target_id, target_type, pid);
drop index idx_reference_target_ix;
create index idx_quantity_value_pid_ix on idx_quantity (res_type, param, value, pid);
drop index idx_quantity_value_ix;
create index idx_quantity_canonical_pid_ix on idx_quantity (res_type, param, canonical_code, canonical_value, pid);
drop index idx_quantity_canonical_ix;
create index idx_date_low_pid_ix on idx_date (res_type, param, low, high, pid);
drop index idx_date_low_ix;
create index idx_date_high_pid_ix on idx_date (res_type, param, high, pid);
drop index idx_date_high_ix;
create index idx_string_norm_pid_ix on idx_string (res_type, param, value_norm text_pattern_ops, pid);
drop index idx_string_norm_ix;

-- Type, parameter and value are far from independent (a LOINC code only ever appears under Observation's
-- code), so without these the planner multiplies their selectivities, expects one row for a code held by
-- thousands of resources, and picks a plan that reads all of them.
create statistics idx_token_value_stats (mcv, dependencies) on res_type, param, code, system from idx_token;
create statistics idx_reference_target_stats (mcv, dependencies) on res_type, param, target_type from idx_reference;
create statistics idx_quantity_unit_stats (mcv, dependencies) on res_type, param, canonical_code from idx_quantity;
create statistics idx_date_param_stats (mcv, dependencies) on res_type, param from idx_date;
analyze idx_token, idx_reference, idx_quantity, idx_date;
