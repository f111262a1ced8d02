import { describe, expect, it } from '@jest/globals';
import { adler32, luhnValid } from '../src/checksum';
import { work } from './work';

describe('luhn', () => {
  it('accepts a valid number', async () => {
    await work(0.6);
    expect(luhnValid('79927398713')).toBe(true);
  });
  it('rejects a changed digit', async () => {
    await work(0.6);
    expect(luhnValid('79927398710')).toBe(false);
  });
  it('rejects non-digits', () => {
    expect(luhnValid('7992-7398')).toBe(false);
  });
});

it('adler32 of Wikipedia', async () => {
  await work(0.8);
  expect(adler32('Wikipedia')).toBe(0x11e60398);
});
