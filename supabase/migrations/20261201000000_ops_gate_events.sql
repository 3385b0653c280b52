-- OdooGateAction control plane, schema version 1 of the audit events (docs/control-plane.md).
-- Plain SQL for PostgreSQL >= 15: applied by the Supabase CLI (`supabase db push`) or by `OdooGateAction migrate`.
-- Re-running it on a database that has it is an error on purpose: migrations are applied once, in order, and
-- recorded (supabase_migrations.schema_migrations).

-- Roles as Supabase has them. On Supabase they exist (and service_role bypasses row-level security); on plain
-- PostgreSQL they are created here, without login: grant them to the login roles that act as them.
do $roles$
begin
  begin
    create role anon nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role authenticated nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role service_role nologin noinherit bypassrls;
  exception when duplicate_object or unique_violation then null;
  end;
  -- The action's role: it may only execute ops.ingest_gate_events. Grant it to the login role of the connection
  -- string the action uses (`grant odoo_gates_ingest to gates_ci;`).
  begin
    create role odoo_gates_ingest nologin;
  exception when duplicate_object or unique_violation then null;
  end;
end
$roles$;

create schema ops;
revoke all on schema ops from public;
grant usage on schema ops to authenticated, service_role, odoo_gates_ingest;

-- The caller's claims, as Supabase/PostgREST set them from the JWT (a missing or empty setting reads as no claims).
create function ops.jwt_claims() returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case
    when coalesce(current_setting('request.jwt.claims', true), '') = '' then '{}'::jsonb
    when jsonb_typeof(current_setting('request.jwt.claims', true)::jsonb) = 'object' then current_setting('request.jwt.claims', true)::jsonb
    else '{}'::jsonb
  end
$$;

-- The `persona` claim (release_manager, sre, developer, qa_tester, ... as named in personas.yaml), or null.
create function ops.claim_persona() returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select nullif(ops.jwt_claims() ->> 'persona', '') $$;

-- The `login` claim (the person's GitHub login, lower-cased), or null.
create function ops.claim_login() returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select nullif(lower(ops.jwt_claims() ->> 'login'), '') $$;

-- The `repositories` claim (owner/name, compared without case, as GitHub does), or an empty array.
create function ops.claim_repositories() returns text[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(lower(r)), '{}')
  from jsonb_array_elements_text(
    case when jsonb_typeof(ops.jwt_claims() -> 'repositories') = 'array' then ops.jwt_claims() -> 'repositories' else '[]'::jsonb end) as r
$$;

-- Whether the caller is a person with a persona who may see this repository.
create function ops.may_read(repository text) returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select ops.claim_persona() is not null and lower(repository) = any (ops.claim_repositories()) $$;

grant execute on function ops.jwt_claims(), ops.claim_persona(), ops.claim_login(), ops.claim_repositories(), ops.may_read(text)
  to authenticated, service_role;
revoke execute on function ops.jwt_claims(), ops.claim_persona(), ops.claim_login(), ops.claim_repositories(), ops.may_read(text)
  from public;

-- One row per audit event (docs/audit-events.md); `event` keeps the whole event as received.
create table ops.gate_events (
  id bigint generated always as identity primary key,
  schema_version integer not null,
  idempotency_key text not null,
  event_type text not null check (event_type in ('gate.evaluated', 'gate.override.honoured', 'gate.override.refused')),
  occurred_at timestamptz not null,
  repository text not null,
  sha text not null,
  pull_request integer,
  target text not null,
  gate text not null,
  outcome text not null,
  decision text check (decision in ('allow', 'block')),
  actor text,
  persona text,
  reason text,
  code text,
  label_event_id bigint,
  expires_at timestamptz,
  evidence jsonb not null default '[]'::jsonb,
  run_id bigint,
  run_attempt integer,
  config_ref text,
  config_sha text,
  event jsonb not null,
  received_at timestamptz not null default now(),
  constraint gate_events_idempotency_key_key unique (idempotency_key)
);
create index gate_events_commit on ops.gate_events (lower(repository), sha, occurred_at);
create index gate_events_decision on ops.gate_events (lower(repository), sha, target, gate, occurred_at desc);
create index gate_events_overrides on ops.gate_events (occurred_at) where event_type <> 'gate.evaluated';

-- Governance review of honoured overrides (the review cadence): who reviewed which override, and their verdict.
create table ops.override_reviews (
  id bigint generated always as identity primary key,
  override_key text not null references ops.gate_events (idempotency_key),
  reviewer text not null default ops.claim_login(),
  reviewer_persona text not null default ops.claim_persona(),
  verdict text not null check (verdict in ('upheld', 'questioned')),
  note text check (note is null or char_length(note) <= 4000),
  reviewed_at timestamptz not null default now(),
  constraint override_reviews_once unique (override_key, reviewer)
);

-- Append-only, for every role, the table owner included: a trigger refuses UPDATE, DELETE and TRUNCATE.
create function ops.refuse_change() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  raise exception 'ops.% is append-only: % is not allowed', tg_table_name, lower(tg_op)
    using errcode = 'insufficient_privilege', hint = 'record a new row instead (a later event, or a new review)';
end
$$;
create trigger gate_events_append_only before update or delete on ops.gate_events
  for each row execute function ops.refuse_change();
create trigger gate_events_no_truncate before truncate on ops.gate_events
  for each statement execute function ops.refuse_change();
create trigger override_reviews_append_only before update or delete on ops.override_reviews
  for each row execute function ops.refuse_change();
create trigger override_reviews_no_truncate before truncate on ops.override_reviews
  for each statement execute function ops.refuse_change();

-- Row-level security: people read the events of their repositories; service_role bypasses it (Supabase's backend).
alter table ops.gate_events enable row level security;
alter table ops.override_reviews enable row level security;

revoke all on ops.gate_events, ops.override_reviews from public, anon, authenticated, service_role, odoo_gates_ingest;
grant select on ops.gate_events to authenticated, service_role;
grant select on ops.override_reviews to authenticated, service_role;
grant insert (override_key, verdict, note, reviewer, reviewer_persona) on ops.override_reviews to authenticated;

create policy gate_events_read on ops.gate_events for select to authenticated
  using (ops.may_read(repository));

create policy override_reviews_read on ops.override_reviews for select to authenticated
  using (exists (select 1 from ops.gate_events e where e.idempotency_key = override_key and ops.may_read(e.repository)));

-- A release_manager reviews honoured overrides of G1-G3, an sre of G4; nobody reviews an override they applied or
-- confirmed themselves (separation of duties), and a review is always in the reviewer's own name and persona.
create policy override_reviews_write on ops.override_reviews for insert to authenticated
  with check (
    reviewer = ops.claim_login()
    and reviewer_persona = ops.claim_persona()
    and exists (
      select 1 from ops.gate_events e
      where e.idempotency_key = override_key
        and e.event_type = 'gate.override.honoured'
        and ops.may_read(e.repository)
        and ((ops.claim_persona() = 'release_manager' and e.gate in ('G1', 'G2', 'G3'))
          or (ops.claim_persona() = 'sre' and e.gate = 'G4'))
        and lower(coalesce(e.actor, '')) <> ops.claim_login()
        and not exists (
          select 1 from jsonb_array_elements_text(coalesce(e.event -> 'confirmers', '[]'::jsonb)) c where lower(c) = ops.claim_login())));

-- Checks one event of a batch; every problem names the event (its index in the batch) and the field.
create function ops.check_gate_event(event jsonb, place integer) returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  here text := format('event %s', place);
  field text;
  value jsonb;
  required_text text[] := array['idempotency_key', 'event_type', 'occurred_at', 'repository', 'sha', 'target', 'gate', 'outcome'];
  optional_text text[] := array['decision', 'actor', 'persona', 'reason', 'code', 'message', 'expires_at', 'config_ref', 'config_sha'];
  optional_integer text[] := array['pull_request', 'run_id', 'run_attempt', 'label_event_id', 'pull_request_of_label'];
begin
  if jsonb_typeof(event) is distinct from 'object' then
    raise exception '%: not a JSON object (an audit event is one object)', here using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'idempotency_key' is not null and jsonb_typeof(event -> 'idempotency_key') = 'string' then
    here := format('event %s (idempotency_key %s)', place, left(event ->> 'idempotency_key', 64));
  end if;
  if octet_length(event::text) > 65536 then
    raise exception '%: % bytes; an event may hold at most 65536', here, octet_length(event::text) using errcode = 'invalid_parameter_value';
  end if;

  if jsonb_typeof(event -> 'schema_version') is distinct from 'number' then
    raise exception '%: field schema_version is missing or not a number (this control plane accepts schema_version 1)', here using errcode = 'invalid_parameter_value';
  end if;
  if (event ->> 'schema_version')::numeric <> 1 then
    raise exception '%: field schema_version is %, which this control plane does not know (it accepts 1; apply the newer migrations first)', here, event ->> 'schema_version'
      using errcode = 'invalid_parameter_value';
  end if;

  foreach field in array required_text loop
    value := event -> field;
    if value is null or jsonb_typeof(value) <> 'string' or value #>> '{}' = '' then
      raise exception '%: field % is missing or not a non-empty string', here, field using errcode = 'invalid_parameter_value';
    end if;
    if char_length(value #>> '{}') > 512 then
      raise exception '%: field % is % characters long; at most 512', here, field, char_length(value #>> '{}') using errcode = 'invalid_parameter_value';
    end if;
  end loop;
  foreach field in array optional_text loop
    value := event -> field;
    if value is not null and jsonb_typeof(value) not in ('string', 'null') then
      raise exception '%: field % must be a string or null', here, field using errcode = 'invalid_parameter_value';
    end if;
    if value is not null and jsonb_typeof(value) = 'string' and char_length(value #>> '{}') > 8000 then
      raise exception '%: field % is % characters long; at most 8000', here, field, char_length(value #>> '{}') using errcode = 'invalid_parameter_value';
    end if;
  end loop;
  foreach field in array optional_integer loop
    value := event -> field;
    if value is not null and jsonb_typeof(value) <> 'null'
       and (jsonb_typeof(value) <> 'number' or (value #>> '{}')::numeric <> trunc((value #>> '{}')::numeric)
            or (value #>> '{}')::numeric < 0 or (value #>> '{}')::numeric > 9223372036854775807) then
      raise exception '%: field % must be a whole number >= 0 or null', here, field using errcode = 'invalid_parameter_value';
    end if;
  end loop;
  if (event ->> 'pull_request')::numeric > 2147483647 or (event ->> 'run_attempt')::numeric > 2147483647 then
    raise exception '%: field pull_request or run_attempt is too large', here using errcode = 'invalid_parameter_value';
  end if;

  if event ->> 'idempotency_key' !~ '^[A-Za-z0-9._:-]{16,128}$' then
    raise exception '%: field idempotency_key must be 16 to 128 characters of A-Z a-z 0-9 . _ : -', here using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'event_type' not in ('gate.evaluated', 'gate.override.honoured', 'gate.override.refused') then
    raise exception '%: field event_type is "%"; allowed: gate.evaluated, gate.override.honoured, gate.override.refused', here, left(event ->> 'event_type', 80)
      using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'outcome' not in ('passed', 'failed', 'pending', 'missing', 'overridden', 'not-required', 'honoured', 'refused') then
    raise exception '%: field outcome is "%"; allowed: passed, failed, pending, missing, overridden, not-required, honoured, refused', here, left(event ->> 'outcome', 80)
      using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'decision' is not null and event ->> 'decision' not in ('allow', 'block') then
    raise exception '%: field decision is "%"; allowed: allow, block', here, left(event ->> 'decision', 80) using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'repository' !~ '^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$' then
    raise exception '%: field repository must be owner/name', here using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'sha' !~ '^[0-9a-f]{40}([0-9a-f]{24})?$' then
    raise exception '%: field sha must be a full commit SHA (40 lower-case hexadecimal characters)', here using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'occurred_at' !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$' then
    raise exception '%: field occurred_at must be an ISO 8601 time with a zone, like 2026-11-18T10:00:00Z', here using errcode = 'invalid_parameter_value';
  end if;
  if event ->> 'expires_at' is not null and event ->> 'expires_at' !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$' then
    raise exception '%: field expires_at must be an ISO 8601 time with a zone or null', here using errcode = 'invalid_parameter_value';
  end if;
  if event -> 'evidence' is not null and jsonb_typeof(event -> 'evidence') <> 'array' then
    raise exception '%: field evidence must be an array', here using errcode = 'invalid_parameter_value';
  end if;
  if jsonb_array_length(coalesce(event -> 'evidence', '[]'::jsonb)) > 1000 then
    raise exception '%: field evidence has % items; at most 1000', here, jsonb_array_length(event -> 'evidence') using errcode = 'invalid_parameter_value';
  end if;
  if event -> 'confirmers' is not null and jsonb_typeof(event -> 'confirmers') <> 'array' then
    raise exception '%: field confirmers must be an array', here using errcode = 'invalid_parameter_value';
  end if;
end
$$;

-- The ingest contract: a JSON array of audit events (schema version 1); all or nothing. Checks every event first (a
-- bad one rejects the batch, naming it), then inserts the new ones; an event whose idempotency_key is known is a
-- duplicate, never an error. Returns {"received": n, "inserted": n, "duplicates": n}. Callable as SQL
-- (`select ops.ingest_gate_events($1::jsonb)`) and as a Supabase REST RPC (POST /rest/v1/rpc/ingest_gate_events,
-- body {"events": [...]}, header Content-Profile: ops).
create function ops.ingest_gate_events(events jsonb) returns jsonb
language plpgsql volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  total integer;
  added integer;
begin
  if events is null or jsonb_typeof(events) <> 'array' then
    raise exception 'ingest_gate_events: events must be a JSON array of audit events, not %', coalesce(jsonb_typeof(events), 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  total := jsonb_array_length(events);
  if total > 5000 then
    raise exception 'ingest_gate_events: % events in one batch; send at most 5000 per call', total using errcode = 'invalid_parameter_value';
  end if;
  for place in 0 .. total - 1 loop
    perform ops.check_gate_event(events -> place, place);
  end loop;

  insert into ops.gate_events (
    schema_version, idempotency_key, event_type, occurred_at, repository, sha, pull_request, target, gate, outcome,
    decision, actor, persona, reason, code, label_event_id, expires_at, evidence, run_id, run_attempt, config_ref,
    config_sha, event)
  select
    (e ->> 'schema_version')::integer, e ->> 'idempotency_key', e ->> 'event_type', (e ->> 'occurred_at')::timestamptz,
    e ->> 'repository', e ->> 'sha', (e ->> 'pull_request')::integer, e ->> 'target', e ->> 'gate', e ->> 'outcome',
    e ->> 'decision', e ->> 'actor', e ->> 'persona', e ->> 'reason', e ->> 'code', (e ->> 'label_event_id')::bigint,
    (e ->> 'expires_at')::timestamptz, coalesce(e -> 'evidence', '[]'::jsonb), (e ->> 'run_id')::bigint,
    (e ->> 'run_attempt')::integer, e ->> 'config_ref', e ->> 'config_sha', e
  from jsonb_array_elements(events) with ordinality as batch (e, n)
  order by n
  on conflict (idempotency_key) do nothing;
  get diagnostics added = row_count;
  return jsonb_build_object('received', total, 'inserted', added, 'duplicates', total - added);
end
$$;
revoke execute on function ops.ingest_gate_events(jsonb) from public;
revoke execute on function ops.check_gate_event(jsonb, integer) from public;
revoke execute on function ops.refuse_change() from public;
grant execute on function ops.ingest_gate_events(jsonb) to odoo_gates_ingest, service_role;

-- Governance views. security_invoker: the caller's row-level security applies through them.

-- The latest decision per (repository, sha, target, gate).
create view ops.latest_decisions with (security_invoker = true) as
select distinct on (lower(repository), sha, target, gate)
  repository, sha, target, gate, outcome, decision, actor, persona, reason, occurred_at, run_id, run_attempt,
  config_ref, config_sha, idempotency_key
from ops.gate_events
where event_type = 'gate.evaluated'
order by lower(repository), sha, target, gate, occurred_at desc, run_id desc nulls last, run_attempt desc nulls last, id desc;

-- The override ledger: every override decision, honoured or refused, who, persona, why, for which target, until when,
-- and how many governance reviews it has.
create view ops.override_ledger with (security_invoker = true) as
select
  e.occurred_at, e.repository, e.sha, e.pull_request, e.target, e.gate, e.outcome, e.code, e.actor, e.persona,
  e.reason, e.expires_at as until, e.event -> 'confirmers' as confirmers, e.label_event_id, e.config_ref, e.config_sha,
  e.run_id, e.run_attempt, e.idempotency_key,
  (select count(*) from ops.override_reviews r where r.override_key = e.idempotency_key) as reviews
from ops.gate_events e
where e.event_type in ('gate.override.honoured', 'gate.override.refused');

-- The release timeline: one row per evaluation of a commit (repository, sha, target, run attempt), in time order,
-- with each gate's outcome and the overrides decided in it.
create view ops.release_timeline with (security_invoker = true) as
select
  repository, sha, target, run_id, run_attempt,
  occurred_at,
  min(decision) filter (where event_type = 'gate.evaluated') as decision,
  jsonb_object_agg(gate, outcome order by gate) filter (where event_type = 'gate.evaluated') as gates,
  jsonb_agg(jsonb_build_object('gate', gate, 'outcome', outcome, 'actor', actor, 'persona', persona, 'reason', reason, 'until', expires_at)
    order by gate) filter (where event_type <> 'gate.evaluated') as overrides,
  min(config_ref) as config_ref, min(config_sha) as config_sha
from ops.gate_events
group by repository, sha, target, run_id, run_attempt, occurred_at;

revoke all on ops.latest_decisions, ops.override_ledger, ops.release_timeline from public, anon;
grant select on ops.latest_decisions, ops.override_ledger, ops.release_timeline to authenticated, service_role;
