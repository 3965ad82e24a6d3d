-- Date and quantity rows carry their resource's token keys, so a search that ANDs codes with a date or a
-- quantity ("code=http://loinc.org|2157-6&date=ge2025-01-01&date=lt2025-07-01") reads one index range and
-- checks the codes there, instead of intersecting the pids of two large index scans.

-- A token row's keys: (param, code) for "code" and (param, system, code) for "system|code" and "|code" (no
-- system). The first 64 bits of an md5; chr(1) cannot occur in a FHIR string, so different tokens give
-- different texts. The server computes the same keys (TokenKeys, whose test compares it with these
-- functions) for the rows it writes and the searches it runs; these fill the rows stored before.
create function token_code_key(param text, code text) returns bigint
    language sql immutable parallel safe
    as $$ select ('x' || left(md5(param || chr(1) || code), 16))::bit(64)::bigint $$;

create function token_system_code_key(param text, system text, code text) returns bigint
    language sql immutable parallel safe
    as $$ select ('x' || left(md5(param || chr(1) || code || chr(1) || coalesce(system, '')), 16))::bit(64)::bigint $$;

-- Every key of a resource's token rows, for filling the rows stored before; dropped afterwards.
create function resource_token_keys(resource_pid bigint) returns bigint[]
    language sql stable parallel safe
    as $$
        select coalesce(array_agg(distinct k), '{}')
        from idx_token t,
             unnest(array[token_code_key(t.param, t.code), token_system_code_key(t.param, t.system, t.code)]) k
        where t.pid = resource_pid and t.code is not null
    $$;

-- The indexes that are rebuilt with the keys are dropped first, so filling the column does not update them.
drop index idx_date_high_low_pid_ix;
drop index idx_date_low_pid_ix;
drop index idx_quantity_value_pid_ix;
drop index idx_quantity_canonical_pid_ix;

-- Null means "no keys here, look in idx_token": for a resource with more coded values than an index entry
-- can hold (the server's limit, TokenKeys.MAX_CARRIED), and for a row a writer without this column added.
alter table idx_date add column tokens bigint[];
update idx_date set tokens = k from (select pid, resource_token_keys(pid) k from idx_date group by pid) r
    where r.pid = idx_date.pid and cardinality(r.k) <= 200;

alter table idx_quantity add column tokens bigint[];
update idx_quantity set tokens = k from (select pid, resource_token_keys(pid) k from idx_quantity group by pid) r
    where r.pid = idx_quantity.pid and cardinality(r.k) <= 200;

-- Included (not key) columns: the keys are checked during an index-only scan of the date or value range.
create index idx_date_high_low_pid_ix on idx_date (res_type, param, high, low, pid) include (tokens);
create index idx_date_low_pid_ix on idx_date (res_type, param, low, high, pid) include (tokens);
create index idx_quantity_value_pid_ix on idx_quantity (res_type, param, value, pid) include (tokens);
create index idx_quantity_canonical_pid_ix on idx_quantity (res_type, param, canonical_code, canonical_value, pid)
    include (tokens);

drop function resource_token_keys(bigint);

analyze idx_date, idx_quantity;
