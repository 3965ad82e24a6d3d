-- Re-indexing jobs. State lives here, not in a server's memory: whichever instance is running picks a job up
-- (row lock, skip locked) and continues from last_pid, so a job survives restarts and can move between
-- instances.
create table reindex_job (
    id        bigint generated always as identity primary key,
    reason    text        not null,
    status    varchar(16) not null,   -- running, done
    last_pid  bigint      not null default 0,
    max_pid   bigint      not null,
    processed bigint      not null default 0,
    created   timestamptz not null default now(),
    updated   timestamptz not null default now()
);

-- The fingerprint of the search parameters the index was last built with; a release that changes them
-- starts a reindex job at start-up.
create table index_definition (
    id          int  primary key check (id = 1),
    fingerprint text not null
);
