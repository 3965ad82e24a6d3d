-- Date criteria bound high from below (gt, ge, sa, and ge's leading bound) and low from above (lt, le, eb).
-- With low in the high index too, a search for both ("date=ge2025-01-01&date=lt2025-07-01") reads one
-- index range and checks low there, without visiting the table. It replaces the index it extends.
create index idx_date_high_low_pid_ix on idx_date (res_type, param, high, low, pid);
drop index idx_date_high_pid_ix;
