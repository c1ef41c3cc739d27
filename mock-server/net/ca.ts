/**
 * A local certificate authority for `wecom-mock --tls` / `--proxy`: clients with WeCom's hosts hard-coded
 * (https://qyapi.weixin.qq.com …) reach the mock over real TLS once they trust this CA. Keys come from
 * node:crypto (which cannot write X.509 certificates); node-forge builds and signs the certificates.
 *
 * The CA is made once and kept in a directory (default ~/.wecom-mock/ca) so it is trusted once; the
 * server certificate is renewed when it nears its end or no longer covers the hosts.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * The hosts WeCom clients hard-code: API, OAuth in the client, web login, QR/SSO login, the JS-SDK script CDNs
 * (res.wx.qq.com, wwcdn.weixin.qq.com; doc path/94313, 98560: a page loading the real URL through the proxy gets
 * the mock's stand-in), and WeChat Pay's host of WeCom's enterprise payments (企业红包, 向员工付款; doc path/90275, 90278).
 */
export const WECOM_HOSTS = [
  'qyapi.weixin.qq.com',
  'open.weixin.qq.com',
  'open.work.weixin.qq.com',
  'login.work.weixin.qq.com',
  'res.wx.qq.com',
  'wwcdn.weixin.qq.com',
  'api.mch.weixin.qq.com',
] as const;

export interface LocalCa {
  dir: string;
  /** The CA certificate to trust (PEM file). */
  caCertPath: string;
  /** The CA certificate plus the system's roots, for SSL_CERT_FILE / REQUESTS_CA_BUNDLE. */
  bundlePath: string;
  caCertPem: string;
  /** The server certificate (PEM) and key for the hosts. */
  certPem: string;
  keyPem: string;
  hosts: string[];
}

const DAY = 24 * 3600 * 1000;
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/** Default CA directory: WECOM_MOCK_CA_DIR or ~/.wecom-mock/ca. */
export function defaultCaDir(): string {
  return process.env['WECOM_MOCK_CA_DIR'] ?? join(homedir(), '.wecom-mock', 'ca');
}

function rsaPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.PrivateKey; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey), privatePem: privateKey };
}

function serial(): string {
  // Positive, 16 bytes.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

/** A new key pair and its certificate, valid from a day ago for `days` days; subject, issuer, extensions and signature to add. */
function newCert(days: number): { keys: ReturnType<typeof rsaPair>; cert: forge.pki.Certificate } {
  const keys = rsaPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + days * DAY);
  return { keys, cert };
}

function makeCa(): { certPem: string; keyPem: string } {
  const { keys, cert } = newCert(3650);
  const name = [
    { name: 'commonName', value: 'wecom-mock local CA' },
    { name: 'organizationName', value: 'wecom-mock (test only)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function makeLeaf(caCertPem: string, caKeyPem: string, hosts: readonly string[]): { certPem: string; keyPem: string } {
  const ca = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  // Browsers and some TLS stacks refuse server certificates valid for more than 398 days.
  const { keys, cert } = newCert(390);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...hosts.map((h) => ({ type: 2, value: h })), { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

function leafUsable(certPem: string, caCertPem: string, hosts: readonly string[]): boolean {
  try {
    const cert = forge.pki.certificateFromPem(certPem);
    const ca = forge.pki.certificateFromPem(caCertPem);
    if (!ca.verify(cert)) return false;
    if (cert.validity.notAfter.getTime() - Date.now() < 30 * DAY) return false;
    const san = cert.getExtension('subjectAltName') as { altNames?: { value?: string }[] } | undefined;
    const names = new Set((san?.altNames ?? []).map((a) => a.value));
    return hosts.every((h) => names.has(h));
  } catch {
    return false;
  }
}

function write(path: string, text: string, secret = false): void {
  writeFileSync(path, text);
  if (secret) chmodSync(path, 0o600);
}

/** The CA of `dir` (made on first use) and a server certificate for `hosts` signed by it. */
export function ensureLocalCa(dir: string = defaultCaDir(), hosts: readonly string[] = WECOM_HOSTS): LocalCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCertPath = join(dir, 'ca.pem');
  const caKeyPath = join(dir, 'ca-key.pem');
  if (!existsSync(caCertPath) || !existsSync(caKeyPath)) {
    const ca = makeCa();
    write(caKeyPath, ca.keyPem, true);
    write(caCertPath, ca.certPem);
  }
  const caCertPem = readFileSync(caCertPath, 'utf8');
  const caKeyPem = readFileSync(caKeyPath, 'utf8');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath) || !leafUsable(readFileSync(certPath, 'utf8'), caCertPem, hosts)) {
    const leaf = makeLeaf(caCertPem, caKeyPem, hosts);
    write(keyPath, leaf.keyPem, true);
    write(certPath, leaf.certPem);
  }
  const bundlePath = join(dir, 'ca-bundle.pem');
  const system = SYSTEM_BUNDLES.find((p) => existsSync(p));
  write(bundlePath, `${system ? `${readFileSync(system, 'utf8').trimEnd()}\n` : ''}${caCertPem}`);
  return {
    dir,
    caCertPath,
    bundlePath,
    caCertPem,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
    hosts: [...hosts],
  };
}

/** The environment that makes common HTTP stacks trust the CA and use the proxy. */
export function trustEnv(ca: LocalCa, proxyUrl?: string): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: ca.caCertPath,
    SSL_CERT_FILE: ca.bundlePath,
    REQUESTS_CA_BUNDLE: ca.bundlePath,
    CURL_CA_BUNDLE: ca.bundlePath,
    WECOM_MOCK_CA: ca.caCertPath,
    ...(proxyUrl && {
      HTTPS_PROXY: proxyUrl,
      https_proxy: proxyUrl,
      // The mock's own http:// URL is reached directly.
      NO_PROXY: '127.0.0.1,localhost,::1',
      no_proxy: '127.0.0.1,localhost,::1',
    }),
  };
}

/** How to trust the CA, for the banner. */
export function trustHelp(ca: LocalCa, proxyUrl?: string): string {
  const lines = [
    `Local CA: ${ca.caCertPath} (made once, kept in ${ca.dir}; test use only)`,
    '  Node.js:          NODE_EXTRA_CA_CERTS=' + ca.caCertPath,
    '  Python requests:  REQUESTS_CA_BUNDLE=' + ca.bundlePath,
    '  OpenSSL, curl, Go, Ruby: SSL_CERT_FILE=' + ca.bundlePath + '  (curl: --cacert ' + ca.caCertPath + ')',
    '  Java:             keytool -importcert -cacerts -alias wecom-mock -file ' + ca.caCertPath,
  ];
  if (proxyUrl) lines.push(`  then HTTPS_PROXY=${proxyUrl} sends ${ca.hosts.join(', ')} to the mock`);
  return lines.join('\n');
}

/** A client certificate issued by the local CA (a WeChat Pay merchant's API certificate, apiclient_cert). */
export interface ClientCert {
  certPem: string;
  keyPem: string;
  /** PKCS#12 of both (apiclient_cert.p12), base64; its password is `password`. */
  p12Base64: string;
  caCertPem: string;
  /** SHA-256 fingerprint as node:crypto's X509Certificate prints it (`AB:CD:…`). */
  fingerprint256: string;
}

/**
 * Issues a client certificate from the CA of `dir` (made on first use) for `commonName`, with `password` on its
 * PKCS#12 (WeChat Pay hands merchants apiclient_cert.p12 protected by the mch_id).
 */
export function issueClientCert(commonName: string, password: string, dir: string = defaultCaDir()): ClientCert {
  const ca = ensureLocalCa(dir);
  const caCert = forge.pki.certificateFromPem(ca.caCertPem);
  const caKey = forge.pki.privateKeyFromPem(readFileSync(join(ca.dir, 'ca-key.pem'), 'utf8'));
  const { keys, cert } = newCert(365);
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationalUnitName', value: 'wecom-mock merchant' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey as forge.pki.rsa.PrivateKey, [cert, caCert], password, { algorithm: '3des' });
  const der = forge.asn1.toDer(p12).getBytes();
  return {
    certPem,
    keyPem: keys.privatePem,
    p12Base64: Buffer.from(der, 'binary').toString('base64'),
    caCertPem: ca.caCertPem,
    fingerprint256: new X509Certificate(certPem).fingerprint256,
  };
}
