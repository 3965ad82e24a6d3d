-- Uri search index (CodeSystem.url, ValueSet.reference, ConceptMap source/target...). Values as written:
-- uri matching is exact, :below is a prefix match and :above matches the stored prefixes of a value.
create table idx_uri (
    pid       bigint       not null references resource (pid),
    res_type  varchar(64)  not null,
    param     varchar(100) not null,
    value     text         not null
);
create index idx_uri_value_ix on idx_uri (res_type, param, value text_pattern_ops);
create index idx_uri_pid_ix on idx_uri (pid);
