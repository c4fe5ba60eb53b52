import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvFromLines, csvStream } from './engine.ts';

const columns = [
  { key: 'a', header: 'A' },
  { key: 'b', header: 'B' },
];

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

describe('csvFromLines', () => {
  const lines = '1,"satu\ndua"\n2,"kata ""kutip""\r\nlagi"\n3,tiga\n';
  const expected = '\uFEFFA,B\r\n1,"satu\ndua"\r\n2,"kata ""kutip""\r\nlagi"\r\n3,tiga\r\n';

  it('turns line ends into CRLF and leaves line feeds inside quoted cells alone', async () => {
    expect(await text(csvFromLines(columns, Readable.from([Buffer.from(lines)])))).toBe(expected);
  });

  it('carries the quote state across chunks, whatever the cut', async () => {
    const bytes = Buffer.from(lines);
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect(await text(csvFromLines(columns, Readable.from(chunks)))).toBe(expected);
    }
    const oneByteEach = [...bytes].map((b) => Buffer.from([b]));
    expect(await text(csvFromLines(columns, Readable.from(oneByteEach)))).toBe(expected);
  });

  it('writes the same header as csvStream', async () => {
    const fromRows = await text(csvStream({ name: 'x', columns, rows: (async function* () {})() }));
    expect(await text(csvFromLines(columns, Readable.from([])))).toBe(fromRows);
  });
});
