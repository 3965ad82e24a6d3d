-- Quantity search index. value/system/code/unit are as written; canonical_value/canonical_code hold the
-- UCUM canonical form when the unit is a valid UCUM code, so U/L and ukat/L compare on one scale.
create table idx_quantity (
    pid             bigint       not null references resource (pid),
    res_type        varchar(64)  not null,
    param           varchar(100) not null,
    value           numeric      not null,
    system          text,
    code            text,
    unit            text,
    canonical_value numeric,
    canonical_code  text
);
create index idx_quantity_canonical_ix on idx_quantity (res_type, param, canonical_code, canonical_value);
create index idx_quantity_value_ix on idx_quantity (res_type, param, value);
create index idx_quantity_pid_ix on idx_quantity (pid);
