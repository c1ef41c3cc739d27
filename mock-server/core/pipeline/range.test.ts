import { describe, expect, it } from 'vitest';
import { downloadResponse, parseRange } from './range.js';

describe('parseRange', () => {
  it('reads first-last, open-ended and suffix ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('ignores absent, malformed and multi-range headers', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange('items=0-1', 100)).toBeUndefined();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange('bytes=9-1', 100)).toBeUndefined();
    expect(parseRange('bytes=-', 100)).toBeUndefined();
  });

  it('calls a range past the end unsatisfiable', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('downloadResponse', () => {
  const body = Buffer.from('0123456789');
  it('answers 200, 206 and 416', () => {
    const whole = downloadResponse(undefined, body, { 'Content-Type': 'text/plain' });
    expect(whole.status).toBe(200);
    expect(whole.headers['Accept-Ranges']).toBe('bytes');
    const part = downloadResponse('bytes=2-4', body, {});
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe('bytes 2-4/10');
    expect(part.body.toString()).toBe('234');
    const none = downloadResponse('bytes=10-', body, {});
    expect(none.status).toBe(416);
    expect(none.headers['Content-Range']).toBe('bytes */10');
  });
});
