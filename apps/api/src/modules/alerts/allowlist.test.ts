import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { hostAllowed, signWebhook } from './notifications.ts';

describe('SINERGI_WEBHOOK_ALLOWLIST', () => {
  it('is parsed into hosts with optional ports, and empty when unset', () => {
    expect(loadConfig({}).webhookAllowlist).toEqual([]);
    expect(
      loadConfig({ SINERGI_WEBHOOK_ALLOWLIST: ' Hooks.JambiProv.go.id , 10.20.0.5:8443,[::1]:9000,' })
        .webhookAllowlist,
    ).toEqual([
      { host: 'hooks.jambiprov.go.id', port: null },
      { host: '10.20.0.5', port: 8443 },
      { host: '[::1]', port: 9000 },
    ]);
  });

  it.each(['https://hooks.example.go.id', 'hooks.example.go.id/path', 'host:99999', 'bad host', 'a..b'])(
    'stops the start on %j with a message naming the entry',
    (value) => {
      let error: unknown;
      try {
        loadConfig({ SINERGI_WEBHOOK_ALLOWLIST: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('SINERGI_WEBHOOK_ALLOWLIST');
      expect((error as Error).message).toContain('host:port');
    },
  );

  it('matches host and port the way the allowlist says', () => {
    const list = loadConfig({
      SINERGI_WEBHOOK_ALLOWLIST: 'hooks.example.go.id,127.0.0.1:8080,[::1]:9000',
    }).webhookAllowlist;
    expect(hostAllowed('https://hooks.example.go.id/x', list)).toBe(true);
    expect(hostAllowed('http://HOOKS.example.go.id:8443/x', list)).toBe(true);
    expect(hostAllowed('http://127.0.0.1:8080/x', list)).toBe(true);
    expect(hostAllowed('http://[::1]:9000/x', list)).toBe(true);
    expect(hostAllowed('http://127.0.0.1/x', list)).toBe(false);
    expect(hostAllowed('http://127.0.0.1:8081/x', list)).toBe(false);
    expect(hostAllowed('https://hooks.example.go.id.attacker.com/x', list)).toBe(false);
    expect(hostAllowed('https://evil.com#@hooks.example.go.id/', list)).toBe(false);
    expect(hostAllowed('ftp://hooks.example.go.id/x', list)).toBe(false);
    expect(hostAllowed('not a url', list)).toBe(false);
  });

  it('signs the timestamp and the raw body together', () => {
    const signature = signWebhook('whsec_test', '1732665600', '{"a":1}');
    // HMAC-SHA256("whsec_test", '1732665600.{"a":1}'), as a receiver in any language computes it.
    expect(signature).toBe('sha256=63c989b1b5b8f06c28c67e959d4ebfd90a1510d2ee466d5ae11b38311f9d3af8');
    expect(signWebhook('whsec_test', '1732665601', '{"a":1}')).not.toBe(signature);
    expect(signWebhook('whsec_test', '1732665600', '{"a":2}')).not.toBe(signature);
    expect(signWebhook('whsec_other', '1732665600', '{"a":1}')).not.toBe(signature);
  });
});
