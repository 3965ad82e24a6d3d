-- Token :text and :of-type. text_norm: the text that goes with a token (Coding.display, CodeableConcept.text,
-- Identifier.type.text), lower case without accents; a CodeableConcept's text is a row of its own with no
-- code. type_system/type_code: an Identifier's type coding, for identifier:of-type=system|code|value.
alter table idx_token add column text_norm text;
alter table idx_token add column type_system text;
alter table idx_token add column type_code text;
create index idx_token_text_ix on idx_token (res_type, param, text_norm text_pattern_ops) where text_norm is not null;
