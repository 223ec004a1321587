import type { IncomingMessage } from 'node:http';
import { ProxyTrust } from '../../platform/proxyTrust';
import { readConfig } from '../../platform/config';

const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('ProxyTrust', () => {
  test('with no trusted proxy (the default) the client is the socket’s peer, whatever the headers say', () => {
    const none = new ProxyTrust();
    expect(none.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe('127.0.0.1');
    expect(none.clientAddress(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.7' }))).toBe('198.51.100.4');
    expect(none.clientAddress(request('::ffff:198.51.100.4'))).toBe('198.51.100.4');
  });

  test('from a trusted proxy the client is the rightmost forwarded address that is not a trusted proxy', () => {
    const trust = ProxyTrust.fromSetting('127.0.0.1, 10.0.0.2');
    expect(trust.clientAddress(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }))).toBe('203.0.113.7');
    expect(trust.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.2' }))).toBe('203.0.113.7');
    expect(trust.clientAddress(request('127.0.0.1'))).toBe('127.0.0.1');
    // A peer not in the list is not believed.
    expect(trust.clientAddress(request('10.0.0.3', { 'x-forwarded-for': '203.0.113.7' }))).toBe('10.0.0.3');
  });

  test('local: a loopback peer with no forwarding header; through a trusted proxy, a loopback client', () => {
    const none = new ProxyTrust();
    expect(none.isLocal(request('127.0.0.1'))).toBe(true);
    expect(none.isLocal(request('::1'))).toBe(true);
    expect(none.isLocal(request('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
    expect(none.isLocal(request('127.0.0.1', { forwarded: 'for=203.0.113.7' }))).toBe(false);
    expect(none.isLocal(request('198.51.100.4'))).toBe(false);
    const trust = new ProxyTrust(['127.0.0.1']);
    expect(trust.isLocal(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe(false);
    expect(trust.isLocal(request('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }))).toBe(true);
  });

  test('TRUST_PROXY, ALLOWED_SERVICE_URLS and ALLOW_EMULATOR are read and checked', () => {
    expect(readConfig({})).toMatchObject({ TRUST_PROXY: '', ALLOWED_SERVICE_URLS: '', ALLOW_EMULATOR: false });
    expect(readConfig({ TRUST_PROXY: '127.0.0.1,::1', ALLOWED_SERVICE_URLS: 'http://localhost:3979', ALLOW_EMULATOR: 'true' })).toMatchObject({ ALLOW_EMULATOR: true });
    expect(() => readConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
    expect(() => readConfig({ ALLOWED_SERVICE_URLS: 'ftp://x' })).toThrow(/ALLOWED_SERVICE_URLS/);
    expect(() => readConfig({ ALLOW_EMULATOR: 'yes' })).toThrow(/ALLOW_EMULATOR/);
  });
});
