-- Location's near search: a position's WGS84 latitude and longitude in degrees. Searches prefilter on the
-- bounding box of the distance asked for (this index) and then compare the great-circle distance.
create table idx_position (
    pid       bigint           not null references resource (pid),
    res_type  varchar(64)      not null,
    param     varchar(100)     not null,
    latitude  double precision not null,
    longitude double precision not null
);
create index idx_position_ix on idx_position (res_type, param, latitude, longitude, pid);
create index idx_position_pid_ix on idx_position (pid);
