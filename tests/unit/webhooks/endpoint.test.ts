import { describe, expect, it } from 'vitest';
import { isThisMachine, validateEndpointUrl, validateTriggerUrl } from '@/lib/webhooks/endpoint';

describe('validateEndpointUrl', () => {
  it.each([
    ['https://hooks.example.com/buildkite', 'https://hooks.example.com/*'],
    ['  https://hooks.example.com:8443/a?b=c  ', 'https://hooks.example.com/*'],
    ['https://203.0.113.9/hook', 'https://203.0.113.9/*'],
    ['http://localhost:3000/webhooks', 'http://localhost/*'],
    ['http://LOCALHOST/x', 'http://localhost/*'],
    ['http://api.localhost:8080/x', 'http://api.localhost/*'],
    ['http://127.0.0.1:4010/hook', 'http://127.0.0.1/*'],
    ['http://127.0.0.5/hook', 'http://127.0.0.5/*'],
    ['http://127.1/hook', 'http://127.0.0.1/*'],
    ['http://[::1]:8080/hook', 'http://[::1]/*'],
  ])('accepts %s (pattern %s)', (text, originPattern) => {
    const result = validateEndpointUrl(text);
    expect(result).toMatchObject({ ok: true, originPattern });
    if (result.ok) expect(result.url).toBeInstanceOf(URL);
  });

  it.each([
    ['http://example.com/hook', /only allowed to this machine.*https:\/\/example\.com\/hook/],
    ['http://10.0.0.5/hook', /only allowed to this machine/],
    ['http://128.0.0.1/hook', /only allowed to this machine/],
    ['http://localhost.example.com/hook', /only allowed to this machine/],
    ['http://[::2]/hook', /only allowed to this machine/],
    ['ftp://files.example.com/hook', /ftp:\/\/ URLs can't receive webhooks/],
    ['file:///etc/passwd', /file:\/\/ URLs can't receive webhooks/],
    ['https://user:pass@hooks.example.com/', /user name and password/],
    ['https://token@hooks.example.com/', /user name and password/],
    ['hooks.example.com/buildkite', /start it with https:\/\//],
    ['localhost:3000/hook', /start it with https:\/\//],
    ['garbage', /start it with https:\/\//],
    ['https://', /not a valid URL/],
    ['https://exa mple.com/', /spaces/],
    ['', /Enter a URL/],
    ['   ', /Enter a URL/],
  ])('refuses %s', (text, message) => {
    const result = validateEndpointUrl(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('isThisMachine', () => {
  it.each([
    ['localhost', true],
    ['a.b.localhost', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['localhostx', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
  ])('%s → %s', (host, expected) => expect(isThisMachine(host)).toBe(expected));
});

describe('validateTriggerUrl', () => {
  it('accepts a trigger URL and extracts its token', () => {
    const result = validateTriggerUrl(' https://webhook.buildkite.com/deliver/bktr_Ab12cD34ef ');
    expect(result).toMatchObject({
      ok: true,
      originPattern: 'https://webhook.buildkite.com/*',
      triggerToken: 'bktr_Ab12cD34ef',
    });
  });

  it.each([
    ['http://webhook.buildkite.com/deliver/bktr_abc', /look like https:\/\/webhook\.buildkite\.com\/deliver\/bktr_/],
    ['https://buildkite.com/deliver/bktr_abc', /look like/],
    ['https://webhook.buildkite.com:8443/deliver/bktr_abc', /look like/],
    ['https://webhook.buildkite.com/deliver/', /not a complete trigger URL/],
    ['https://webhook.buildkite.com/deliver/abc', /not a complete trigger URL/],
    ['https://webhook.buildkite.com/deliver/bktr_abc/extra', /not a complete trigger URL/],
    ['webhook.buildkite.com/deliver/bktr_abc', /start it with https:\/\//],
    ['https://u:p@webhook.buildkite.com/deliver/bktr_abc', /user name and password/],
  ])('refuses %s', (text, message) => {
    const result = validateTriggerUrl(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
