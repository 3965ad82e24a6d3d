-- A concept's property value can be a long text, and Postgres refuses a B-tree entry over 2,704 bytes (a
-- CodeSystem with a 3,000-character string property failed with a 500). The index holds the value's md5
-- instead; an equality filter compares both the md5 (for the index) and the value.
create index term_concept_property_value_md5_ix on term_concept_property (code, md5(value));
drop index term_concept_property_value_ix;
