-- Composite search index (Observation code-value-quantity, component-code-value-quantity, ...): one row
-- per element the composite's path reaches (the resource, or each component) and per pair of values found
-- in it, so both parts of a criterion must match the same element. The first part is a token (system,
-- code); the second, by its type, uses value_system/value_code (token, or a quantity's unit), value and
-- the canonical columns (quantity), low/high (date) or value_norm/value_exact (string).
create table idx_composite (
    pid             bigint       not null references resource (pid),
    res_type        varchar(64)  not null,
    param           varchar(100) not null,
    system          text,
    code            text,
    value_system    text,
    value_code      text,
    value           numeric,
    canonical_value numeric,
    canonical_code  text,
    unit            text,
    low             timestamptz,
    high            timestamptz,
    value_norm      text,
    value_exact     text
);
create index idx_composite_code_ix on idx_composite (res_type, param, code, system);
create index idx_composite_pid_ix on idx_composite (pid);
