import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken, urlOf } from '../../harness/client.js';
import { multipart, SAMPLES, slowUpload, upload } from './upload-helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const MB = 1024 * 1024;

async function appToken(corp: TestCorp): Promise<string> {
  return getToken(base, corp.corpid, corp.appSecret);
}

async function uploadOk(token: string, type: string, data: Buffer, filename: string): Promise<string> {
  const r = await upload(base, 'media_upload', { access_token: token, type }, data, filename);
  expect(r.errcode, r.text).toBe(0);
  return r.json?.['media_id'] as string;
}

/** A download as a raw Response (bytes, Range, headers). */
async function getRaw(token: string, mediaId: string, headers: Record<string, string> = {}, op: 'media_get' | 'media_get_jssdk' = 'media_get'): Promise<Response> {
  return fetch(urlOf(base, op, { access_token: token, media_id: mediaId }), { headers });
}

describe('media/upload', () => {
  it('When a JPEG is uploaded as an image, then the answer has errmsg "", the type, a media_id and created_at as a string', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const r = await upload(base, 'media_upload', { access_token: token, type: 'image' }, SAMPLES.jpeg, 'photo.jpg', 'image/jpeg');
    expect(r.status).toBe(200);
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('');
    expect(r.json?.['type']).toBe('image');
    expect(r.json?.['media_id']).toMatch(/^[0-9A-Za-z_-]{20,128}$/);
    expect(r.json?.['created_at']).toMatch(/^\d{10}$/);
  });

  it('When the file is uploaded and downloaded, then the bytes are identical, with download headers', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const data = Buffer.concat([SAMPLES.jpeg, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256))]);
    const id = await uploadOk(token, 'image', data, 'photo.jpg');
    const res = await getRaw(token, id);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="photo.jpg"');
    expect(res.headers.get('content-length')).toBe(String(data.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
  });

  it('When a byte range is asked, then 206 with Content-Range and exactly those bytes; past the end, 416', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const data = Buffer.concat([SAMPLES.png, Buffer.from('0123456789abcdef')]);
    const id = await uploadOk(token, 'file', data, 'data.bin');
    const part = await getRaw(token, id, { range: 'bytes=2-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${data.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(2, 10))).toBe(true);
    const tail = await getRaw(token, id, { range: 'bytes=-4' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).toString()).toBe('cdef');
    const past = await getRaw(token, id, { range: `bytes=${data.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${data.length}`);
  });

  it('When a PNG is named .jpg, then it is accepted (the content decides) and served as image/png', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const id = await uploadOk(token, 'image', SAMPLES.png, 'really-a-png.jpg');
    const res = await getRaw(token, id);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('When a text file is named .png and uploaded as an image, then 40004', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const r = await upload(base, 'media_upload', { access_token: token, type: 'image' }, SAMPLES.text, 'fake.png', 'image/png');
    expect(r.errcode).toBe(code('INVALID_MEDIA_TYPE'));
    expect(r.errmsg).toMatch(/^invalid media type/);
  });

  it('When voice is AMR and video is MP4, then both are accepted; swapped, then 40004', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, SAMPLES.amr, 'a.amr')).errcode).toBe(0);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'video' }, SAMPLES.mp4, 'v.mp4')).errcode).toBe(0);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, SAMPLES.mp4, 'a.amr')).errcode).toBe(
      code('INVALID_MEDIA_TYPE'),
    );
    expect((await upload(base, 'media_upload', { access_token: token, type: 'video' }, SAMPLES.jpeg, 'v.mp4')).errcode).toBe(
      code('INVALID_MEDIA_TYPE'),
    );
  });

  it('When any bytes are uploaded as a file, then they are kept with the part\'s Content-Type', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const r = await upload(base, 'media_upload', { access_token: token, type: 'file' }, 'a,b,c\n1,2,3\n', '表格.csv', 'text/csv');
    expect(r.errcode).toBe(0);
    const res = await getRaw(token, r.json?.['media_id'] as string);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('表格.csv')}`);
    expect(await res.text()).toBe('a,b,c\n1,2,3\n');
  });

  it('When type is missing or not one of image/voice/video/file, then 40005', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'pdf' }, SAMPLES.jpeg)).errcode).toBe(code('INVALID_TYPE_PARAMETER'));
    expect((await upload(base, 'media_upload', { access_token: token }, SAMPLES.jpeg)).errcode).toBe(code('INVALID_TYPE_PARAMETER'));
  });

  it('When the file has 5 bytes or fewer, then 40006; when the media part is empty, then 44001', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const five = await upload(base, 'media_upload', { access_token: token, type: 'file' }, '12345');
    expect(five.errcode).toBe(code('INVALID_FILE_SIZE'));
    expect((await upload(base, 'media_upload', { access_token: token, type: 'file' }, '123456')).errcode).toBe(0);
    const empty = await upload(base, 'media_upload', { access_token: token, type: 'file' }, '');
    expect(empty.errcode).toBe(code('EMPTY_MEDIA_DATA'));
    expect(empty.errmsg).toMatch(/^empty media data/);
  });

  it('When there is no part named media, or the body is not multipart, then 44001', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const form = multipart([{ name: 'file', filename: 'a.jpg', data: SAMPLES.jpeg }]);
    const noMedia = await call(base, 'media_upload', { token, query: { type: 'image' }, body: form.body, headers: { 'content-type': form.contentType } });
    expect(noMedia.errcode).toBe(code('EMPTY_MEDIA_DATA'));
    const json = await call(base, 'media_upload', { unchecked: true, token, query: { type: 'image' }, body: { media: 'x' } });
    expect(json.errcode).toBe(code('EMPTY_MEDIA_DATA'));
    const nothing = await call(base, 'media_upload', { token, query: { type: 'image' } });
    expect(nothing.errcode).toBe(code('EMPTY_MEDIA_DATA'));
  });

  it('When the multipart framing is broken, then 40058 and nothing is stored', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const boundary = 'brokenBoundary';
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n\r\n${SAMPLES.jpeg.toString('latin1')}`, 'latin1');
    const r = await call(base, 'media_upload', { token, query: { type: 'image' }, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect(r.errmsg).toMatch(/^multipart body malformed/);
  });

  it('When a part declares a filelength over the limit, then the size code comes back before its bytes are read', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const form = multipart([{ filename: 'a.amr', filelength: 3 * MB, data: SAMPLES.amr }]);
    const r = await call(base, 'media_upload', { token, query: { type: 'voice' }, body: form.body, headers: { 'content-type': form.contentType } });
    expect(r.errcode).toBe(code('INVALID_FILE_SIZE'));
  });

  it('When each type is one byte over its limit, then image 40009, voice 40006, video 40011, file 45001', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const over = async (type: string, limit: number, head: Buffer): Promise<number | undefined> => {
      const data = Buffer.alloc(limit + 1, 0x20);
      head.copy(data);
      return (await upload(base, 'media_upload', { access_token: token, type }, data)).errcode;
    };
    expect(await over('image', 10 * MB, SAMPLES.jpeg)).toBe(code('INVALID_IMAGE_SIZE'));
    expect(await over('voice', 2 * MB, SAMPLES.amr)).toBe(code('INVALID_FILE_SIZE'));
    expect(await over('video', 10 * MB, SAMPLES.mp4)).toBe(code('INVALID_VIDEO_SIZE'));
    expect(await over('file', 20 * MB, SAMPLES.text)).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    // Exactly at the limit is fine (a 2 MB AMR plays far longer than 60 s, so the image limit shows it).
    const atLimit = Buffer.alloc(10 * MB, 0x20);
    SAMPLES.jpeg.copy(atLimit);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'image' }, atLimit)).errcode).toBe(0);
  });

  // Voice: 2 MB, at most 60 s, AMR only (developer.work.weixin.qq.com/document/path/90253); 45007 is
  // "语音时长超60秒" in the official errcode list. AMR-NB frames are 20 ms; FT 7 (12.2 kbit/s) frames are 32 bytes.
  it('When a voice plays longer than 60 s, then 45007; exactly 60 s is taken', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const amr = (frames: number) => Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(frames * 32, 0x3c)]);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, amr(3000), 'a.amr')).errcode).toBe(0);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, amr(3001), 'a.amr')).errcode).toBe(code('VOICE_TOO_LONG'));
    // 1 s of FT 0 (4.75 kbit/s, 13-byte) frames mixed in counts by frames, not bytes.
    const mixed = Buffer.concat([amr(2950), Buffer.alloc(50 * 13, 0x04)]);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, mixed, 'a.amr')).errcode).toBe(0);
    const longer = Buffer.concat([amr(2950), Buffer.alloc(51 * 13, 0x04)]);
    expect((await upload(base, 'media_upload', { access_token: token, type: 'voice' }, longer, 'a.amr')).errcode).toBe(code('VOICE_TOO_LONG'));
  });

  it('When a 64 MB image upload with a declared Content-Length is sent slowly, then 40009 arrives before the body is sent, and the rest is read and dropped', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const total = 64 * MB;
    const r = await slowUpload(urlOf(base, 'media_upload', { access_token: token, type: 'image' }), { total, declareLength: true });
    expect(r.status).toBe(200);
    expect(r.json?.['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    expect(r.writtenAtAnswer).toBeLessThan(total);
    // A lingering close: the server kept reading, so a client that sends everything first gets the answer too.
    expect(r.closedEarly).toBe(false);
    expect(r.writtenInAll).toBe(total);
  });

  it.skipIf(!target.isMock)('When the declared Content-Length is past the discard bound, then 40009 arrives and the server reads none of the rest', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    // limits.yaml refused_body_discard_max is 256 MiB.
    const total = 300 * MB;
    const r = await slowUpload(`${base}/cgi-bin/media/upload?access_token=${token}&type=image`, { total, declareLength: true });
    expect(r.json?.['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    // Only what the TCP buffers hold got written before the server closed.
    expect(r.closedEarly).toBe(true);
    expect(r.writtenInAll).toBeLessThan(16 * MB);
  });

  it('When a 96 MB image is streamed chunked (no length), then 40009 arrives once 10 MB are counted, and the rest is read and dropped', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const total = 96 * MB;
    const r = await slowUpload(urlOf(base, 'media_upload', { access_token: token, type: 'image' }), { total, declareLength: false });
    expect(r.json?.['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    expect(r.writtenAtAnswer).toBeGreaterThan(10 * MB);
    expect(r.writtenAtAnswer).toBeLessThan(total);
    expect(r.closedEarly).toBe(false);
    expect(r.writtenInAll).toBe(total);
  });

  it('When the token is missing, then 41001 before anything is read', async () => {
    const r = await upload(base, 'media_upload', { type: 'image' }, SAMPLES.jpeg);
    expect(r.errcode).toBe(code('ACCESS_TOKEN_MISSING'));
  });
});

describe('media/get', () => {
  it('When media_id is missing, then 41006; when it is unknown, then 40007 as a JSON envelope', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const missing = await call(base, 'media_get', { token });
    expect(missing.errcode).toBe(code('MEDIA_ID_MISSING'));
    const unknown = await call(base, 'media_get', { token, query: { media_id: 'nope' } });
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(unknown.errcode).toBe(code('INVALID_MEDIA_ID'));
    expect(unknown.errmsg).toMatch(/^invalid media_id/);
  });

  it.skipIf(!target.isMock)('When another corp asks for a media_id, then 40007', async () => {
    const [a, b] = await Promise.all([target.newCorp(), target.newCorp()]);
    const id = await uploadOk(await appToken(a), 'image', SAMPLES.jpeg, 'a.jpg');
    const r = await call(base, 'media_get', { token: await appToken(b), query: { media_id: id } });
    expect(r.errcode).toBe(code('INVALID_MEDIA_ID'));
  });

  it.skipIf(!target.isMock)('When another secret of the same corp asks, then the media is shared', async () => {
    const corp = await target.newCorp();
    const id = await uploadOk(await appToken(corp), 'image', SAMPLES.jpeg, 'a.jpg');
    const other = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const res = await getRaw(other, id);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(SAMPLES.jpeg)).toBe(true);
  });

  it.skipIf(!target.isMock)('When 3 days of mock time pass, then the media_id answers 40007', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const id = await uploadOk(token, 'voice', SAMPLES.amr, 'a.amr');
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 3 * 86400 - 60 });
    const fresh = await getToken(base, corp.corpid, corp.appSecret);
    expect((await getRaw(fresh, id)).status).toBe(200);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 60 });
    const later = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'media_get', { token: later, query: { media_id: id } });
    expect(r.errcode).toBe(code('INVALID_MEDIA_ID'));
  });
});

describe('media/get/jssdk', () => {
  it('When the media is a voice, then its bytes come back as audio/speex; another type answers 40007', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const voice = await uploadOk(token, 'voice', SAMPLES.amr, 'a.amr');
    const res = await getRaw(token, voice, {}, 'media_get_jssdk');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/speex');
    expect(Buffer.from(await res.arrayBuffer()).equals(SAMPLES.amr)).toBe(true);
    const image = await uploadOk(token, 'image', SAMPLES.jpeg, 'a.jpg');
    const r = await call(base, 'media_get_jssdk', { token, query: { media_id: image } });
    expect(r.errcode).toBe(code('INVALID_MEDIA_ID'));
  });
});

describe('media/uploadimg', () => {
  it('When a PNG is uploaded, then a permanent url comes back with errmsg "" and serves the same bytes', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    const r = await upload(base, 'media_uploadimg', { access_token: token }, SAMPLES.png, 'pic.png', 'image/png');
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('');
    const url = r.json?.['url'] as string;
    expect(url).toMatch(/^https?:\/\//);
    if (target.isMock) {
      const img = await fetch(url);
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await img.arrayBuffer()).equals(SAMPLES.png)).toBe(true);
      await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 30 * 86400 });
      expect((await fetch(url)).status).toBe(200);
    }
  });

  it('When the image is not JPG/PNG, then 40004; over 2 MB, then 40009', async () => {
    const corp = await target.newCorp();
    const token = await appToken(corp);
    expect((await upload(base, 'media_uploadimg', { access_token: token }, SAMPLES.mp4, 'a.png')).errcode).toBe(code('INVALID_MEDIA_TYPE'));
    const big = Buffer.alloc(2 * MB + 1, 1);
    SAMPLES.jpeg.copy(big);
    expect((await upload(base, 'media_uploadimg', { access_token: token }, big, 'a.jpg')).errcode).toBe(code('INVALID_IMAGE_SIZE'));
  });

  it.skipIf(!target.isMock)('When an image URL names an unknown file, then HTTP 404', async () => {
    const corp = await target.newCorp();
    const res = await fetch(`${base}/__files/image?corpid=${corp.corpid}&file=nope`);
    expect(res.status).toBe(404);
  });
});
