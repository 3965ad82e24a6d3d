-- Index tables for string, date and reference search parameters. Like idx_token, rows are written in the
-- transaction of the version they describe and replaced on update.

-- value_norm: lower-cased, accents removed (the default and :contains searches); value_exact: as written.
create table idx_string (
    pid         bigint       not null references resource (pid),
    res_type    varchar(64)  not null,
    param       varchar(100) not null,
    value_norm  text         not null,
    value_exact text         not null
);
create index idx_string_norm_ix on idx_string (res_type, param, value_norm text_pattern_ops);
create index idx_string_pid_ix on idx_string (pid);

-- Every date is the half-open range [low, high) its precision covers; an open Period end is +/- infinity.
create table idx_date (
    pid      bigint       not null references resource (pid),
    res_type varchar(64)  not null,
    param    varchar(100) not null,
    low      timestamptz  not null,
    high     timestamptz  not null
);
create index idx_date_low_ix on idx_date (res_type, param, low, high);
create index idx_date_high_ix on idx_date (res_type, param, high);
create index idx_date_pid_ix on idx_date (pid);

-- A reference to a resource here is (target_type, target_id); one elsewhere keeps its absolute url.
create table idx_reference (
    pid         bigint       not null references resource (pid),
    res_type    varchar(64)  not null,
    param       varchar(100) not null,
    target_type varchar(64),
    target_id   varchar(64),
    url         text
);
create index idx_reference_target_ix on idx_reference (res_type, param, target_id, target_type);
create index idx_reference_url_ix on idx_reference (res_type, param, url) where url is not null;
create index idx_reference_pid_ix on idx_reference (pid);
