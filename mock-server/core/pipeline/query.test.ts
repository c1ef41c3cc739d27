import { describe, expect, it } from 'vitest';
import { parseQuery } from './query.js';

describe('parseQuery', () => {
  it('When values are percent- or plus-encoded, then they are decoded', () => {
    const q = parseQuery('a=1&b=x%20y&c=p+q&d=%E5%BC%A0');
    expect(q.values).toEqual({ a: '1', b: 'x y', c: 'p q', d: '张' });
    expect(q.doubled).toBeUndefined();
  });

  it('When a parameter is empty or bare, then it counts as absent', () => {
    expect(parseQuery('userid=&x&&=y').values).toEqual({});
  });

  it('When a parameter appears twice, then the first value is kept and the name is reported', () => {
    const q = parseQuery('userid=a&userid=b&id=1');
    expect(q.values['userid']).toBe('a');
    expect(q.doubled).toEqual(['userid']);
  });

  it('When an escape is broken, then the raw text is kept instead of throwing', () => {
    expect(parseQuery('a=%E0%A4%A&b=%zz').values).toEqual({ a: '%E0%A4%A', b: '%zz' });
  });

  it('When a key is __proto__, then it is an ordinary key', () => {
    const q = parseQuery('__proto__=x&constructor=y');
    expect(q.values['__proto__']).toBe('x');
    expect(Object.keys(q.values)).toEqual(['__proto__', 'constructor']);
  });
});
