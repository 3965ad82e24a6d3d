-- The versioned resource store.
-- One row per logical resource holds its current state; every version (deletes included) is kept in
-- resource_version for vread and _history. The JSON body is written once, in resource_version.

create table resource (
    pid          bigint generated always as identity primary key,
    res_type     varchar(64)  not null,
    res_id       varchar(64)  not null,
    version      bigint       not null,
    last_updated timestamptz  not null,
    deleted      boolean      not null default false,
    constraint resource_type_id_uq unique (res_type, res_id)
);

-- Serves _lastUpdated searches and the default keyset order (pid) within a type.
create index resource_type_updated_ix on resource (res_type, last_updated, pid);
create index resource_type_pid_ix on resource (res_type, pid) where not deleted;

create table resource_version (
    pid          bigint       not null references resource (pid),
    version      bigint       not null,
    res_type     varchar(64)  not null,
    last_updated timestamptz  not null,
    -- POST, PUT or DELETE: the interaction that produced this version (history entry.request.method)
    method       varchar(8)   not null,
    -- null for a delete
    body         text,
    primary key (pid, version)
);

-- Type-level and system-level _history, newest first.
create index resource_version_type_updated_ix on resource_version (res_type, last_updated desc, pid, version);
create index resource_version_updated_ix on resource_version (last_updated desc, pid, version);

-- Token search index: one row per (resource, parameter, system, code). Rows are written in the same
-- transaction as the version they describe, replaced on update and removed on delete.
create table idx_token (
    pid       bigint       not null references resource (pid),
    res_type  varchar(64)  not null,
    param     varchar(100) not null,
    system    text,
    code      text
);
create index idx_token_code_ix on idx_token (res_type, param, code, system);
create index idx_token_pid_ix on idx_token (pid);
