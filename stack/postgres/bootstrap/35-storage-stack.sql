-- State the local Storage service keeps for itself, outside every API-exposed schema (`_stack`
-- is created by bootstrap.ts). Not part of Supabase's schema: apps never see it.

-- Signed upload URLs: who signed each one (their role and JWT claims, which the upload runs
-- with) and whether it was used. A token names its row by `jti`; the row is spent in the same
-- transaction as the upload, so a URL uploads once, and a failed upload leaves it usable.
create table if not exists _stack.storage_upload_tokens (
  id uuid primary key,
  role text not null,
  claims jsonb not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index if not exists storage_upload_tokens_expiry on _stack.storage_upload_tokens (expires_at);
alter table _stack.storage_upload_tokens owner to supabase_storage_admin;
grant usage on schema _stack to supabase_storage_admin;
