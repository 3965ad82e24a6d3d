-- Terminology tables, derived from the CodeSystem, ValueSet and ConceptMap resources and written in the
-- same transaction as each version (replaced on update, removed on delete), so the operations read
-- indexed rows instead of re-parsing resources per request.

-- Canonical url/version of each current terminology resource, for resolving url and url|version.
create table term_canonical (
    pid          bigint       primary key references resource (pid),
    res_type     varchar(64)  not null,
    url          text         not null,
    version      text,
    -- CodeSystem.content (complete, fragment, ...); null for other types
    content      varchar(16),
    case_sensitive boolean,
    name         text,
    last_updated timestamptz  not null
);
create index term_canonical_url_ix on term_canonical (res_type, url, version);

create table term_concept (
    id         bigint       generated always as identity primary key,
    cs_pid     bigint       not null references resource (pid),
    -- position in the CodeSystem (depth-first), the order of an expansion
    seq        integer      not null,
    code       text         not null,
    display    text,
    definition text,
    inactive   boolean      not null default false,
    -- display and designations, lower case without accents, for $expand's text filter
    search     tsvector     not null,
    constraint term_concept_code_uq unique (cs_pid, code)
);
create index term_concept_search_ix on term_concept using gin (search);
create index term_concept_seq_ix on term_concept (cs_pid, seq);

-- is-a hierarchy (nested concepts and the parent/child properties)
create table term_concept_parent (
    child_id   bigint not null references term_concept (id) on delete cascade,
    parent_id  bigint not null references term_concept (id) on delete cascade,
    primary key (child_id, parent_id)
);
create index term_concept_parent_parent_ix on term_concept_parent (parent_id);

create table term_concept_designation (
    concept_id  bigint not null references term_concept (id) on delete cascade,
    language    text,
    use_system  text,
    use_code    text,
    use_display text,
    value       text   not null
);
create index term_concept_designation_concept_ix on term_concept_designation (concept_id);

create table term_concept_property (
    concept_id    bigint      not null references term_concept (id) on delete cascade,
    code          text        not null,
    -- code, Coding, string, integer, boolean, dateTime, decimal
    value_type    varchar(16) not null,
    -- the value as text (a Coding's code)
    value         text        not null,
    value_system  text,
    value_display text
);
create index term_concept_property_value_ix on term_concept_property (code, value);
create index term_concept_property_concept_ix on term_concept_property (concept_id);

-- ConceptMap groups flattened: one row per source -> target pair (a target-less row for unmatched)
create table term_map_element (
    map_pid        bigint      not null references resource (pid),
    source_system  text,
    source_version text,
    source_code    text        not null,
    source_display text,
    target_system  text,
    target_version text,
    target_code    text,
    target_display text,
    equivalence    varchar(16) not null,
    comment        text
);
create index term_map_element_source_ix on term_map_element (source_code, source_system);
create index term_map_element_target_ix on term_map_element (target_code, target_system);
create index term_map_element_map_ix on term_map_element (map_pid);
