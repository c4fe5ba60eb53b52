-- Each API process keeps the API tokens it read lately, with their user (modules/auth/token-cache.ts),
-- so that an integration sending many requests a second is not looked up on every request. Whatever
-- changes what a token stands for is told to every process on commit, on one channel, and each drops
-- what it kept: a token revoked, re-pointed or deleted; a user deactivated, renamed, given another role
-- or scope, or deleted. `UPDATE OF` leaves out what does not matter to a token (its last use, a user's
-- password, e-mail or second factor), so those writes do not empty the caches.
CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sinergi_auth', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER api_tokens_auth_changed
  AFTER UPDATE OF user_id, token_hash, revoked_at OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

CREATE TRIGGER users_auth_changed
  AFTER UPDATE OF id, username, name, role, scope_code, scope_path, active OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
