import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables. Timestamps are read as ISO strings (see db/index.ts). */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface RegionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  path: string;
  timezone: string;
  search_name: string;
  compact_name: string;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  name: string;
  password_hash: string;
  role: string;
  scope_code: string;
  scope_path: string;
  institution: string | null;
  email: string | null;
  phone: string | null;
  active: Generated<boolean>;
  totp_secret: string | null;
  totp_enrolled_at: string | null;
  totp_last_step: number | null;
  created_by: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface SessionsTable {
  id_hash: Buffer;
  user_id: string;
  csrf_token: string;
  mfa_satisfied: boolean;
  created_at: Generated<string>;
  last_seen_at: Generated<string>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: Buffer;
  created_at: Generated<string>;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: Generated<string>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<string>;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_path: string | null;
  changes: ColumnType<unknown, string, string>;
  chain_pos: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditHeadTable {
  singleton: Generated<boolean>;
  chain_pos: number;
  hash: string;
}

export interface DB {
  regions: RegionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
