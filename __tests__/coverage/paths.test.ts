import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathMapper } from '../../src/coverage/paths.js';

const CHECKOUT = new Set([
  'src/a.js',
  'src/lib/b.js',
  'pkg/mod.py',
  'packages/web/src/c.ts',
  'a.js',
]);
const exists = (path: string) => CHECKOUT.has(path);

describe('PathMapper', () => {
  it('makes paths under the checkout relative without looking them up', () => {
    const looked: string[] = [];
    const mapper = new PathMapper(['/work/app', '/real/app'], (p) => (looked.push(p), exists(p)));
    expect(mapper.map('/work/app/src/a.js')).toEqual({ path: 'src/a.js', inRoot: true });
    expect(mapper.map('/real/app/gone.js')).toEqual({ path: 'gone.js', inRoot: true });
    expect(looked).toEqual([]);
    expect(mapper.prefixes).toEqual([]);
  });

  it('learns the checkout prefix of another machine from the longest existing tail', () => {
    const mapper = new PathMapper(['/work/app'], exists);
    expect(mapper.map('/home/runner/work/app/app/src/lib/b.js').path).toBe('src/lib/b.js');
    expect(mapper.prefixes).toEqual(['/home/runner/work/app/app/']);
    // The longest tail wins over a shorter one that also exists (`a.js` at the top).
    expect(mapper.map('/home/runner/work/app/app/src/a.js').path).toBe('src/a.js');
  });

  it('maps Windows paths recorded with backslashes', () => {
    const mapper = new PathMapper(['/work/app'], exists);
    expect(mapper.map('D:\\a\\app\\app\\pkg\\mod.py')).toEqual({
      path: 'pkg/mod.py',
      inRoot: true,
    });
    expect(mapper.prefixes).toEqual(['D:\\a\\app\\app\\']);
  });

  it('resolves relative paths against the given bases first, then the checkout', () => {
    const mapper = new PathMapper(['/work/app'], exists);
    expect(mapper.map('src/c.ts', ['packages/web/coverage', 'packages/web']).path).toBe(
      'packages/web/src/c.ts',
    );
    expect(mapper.map('./src/a.js', ['coverage']).path).toBe('src/a.js');
    expect(mapper.map('src/deleted.js').path).toBe('src/deleted.js');
  });

  it('keeps paths it cannot place as recorded, so identical paths still merge', () => {
    const mapper = new PathMapper(['/work/app'], exists);
    expect(mapper.map('/usr/lib/node/internal.js')).toEqual({
      path: '/usr/lib/node/internal.js',
      inRoot: false,
    });
    expect(mapper.map('../outside/x.js')).toEqual({ path: '../outside/x.js', inRoot: false });
  });

  it('never looks up a path with `..`, `.` or empty segments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('..', '.', '', 'src', 'a.js', 'x', 'C:', '\\'), { maxLength: 8 }),
        fc.constantFrom('/', '\\'),
        fc.boolean(),
        (segments, separator, absolute) => {
          const looked: string[] = [];
          const mapper = new PathMapper(['/work/app'], (p) => (looked.push(p), exists(p)));
          const path = (absolute ? separator : '') + segments.join(separator);
          mapper.map(path, ['coverage']);
          for (const p of looked) {
            expect(p.split('/').every((s) => s !== '..' && s !== '.' && s !== '')).toBe(true);
          }
        },
      ),
    );
  });
});
