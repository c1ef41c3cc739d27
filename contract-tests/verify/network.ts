/**
 * verify-client's TLS proxy: a CONNECT proxy for WeCom's hosts in front of the target, with the local CA,
 * so a client with https://qyapi.weixin.qq.com hard-coded reaches the mock. The child gets HTTPS_PROXY,
 * NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE (and NO_PROXY for the mock's own http:// URL).
 */
import { startTlsProxy, type Target } from '../harness/target.js';

export async function proxyForClient(target: Target, caDir?: string): Promise<{ env: Record<string, string>; close: () => Promise<void> }> {
  const tls = await startTlsProxy(target.baseUrl, { proxyPort: 0, ...(caDir !== undefined && { caDir }) });
  return { env: { ...tls.env, ...(tls.proxyUrl && { WECOM_PROXY_URL: tls.proxyUrl }) }, close: () => tls.close() };
}
